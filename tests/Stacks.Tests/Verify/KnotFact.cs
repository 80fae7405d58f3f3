using Platform.Tests.Loopback;

namespace Platform.Stacks.Tests.Verify;

/// <summary>A test that needs Knot DNS: skipped, with the reason, where knotd is not installed (CI installs it from .ci/apt-packages).</summary>
public sealed class KnotFactAttribute : FactAttribute
{
    public KnotFactAttribute()
    {
        if (KnotServer.Missing is { } reason) Skip = reason;
    }
}

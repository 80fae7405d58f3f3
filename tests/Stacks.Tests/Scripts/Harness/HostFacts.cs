namespace Platform.Stacks.Tests.Scripts.Harness;

/// <summary>A test that needs a <see cref="TestHost"/>: skipped, with the reason, where namespaces cannot be made.</summary>
public sealed class HostFactAttribute : FactAttribute
{
    public HostFactAttribute()
    {
        if (TestHost.CannotIsolate is { } reason) Skip = reason;
    }
}

/// <summary>A theory that needs a <see cref="TestHost"/>: skipped, with the reason, where namespaces cannot be made.</summary>
public sealed class HostTheoryAttribute : TheoryAttribute
{
    public HostTheoryAttribute()
    {
        if (TestHost.CannotIsolate is { } reason) Skip = reason;
    }
}

namespace Platform.Stacks.Tests.Scripts.Harness;

/// <summary>The two properties every generated script must have, as one call each.</summary>
public static class HostAssert
{
    /// <summary>
    /// Runs the script twice on the host: both runs succeed and the second changes nothing (files, network,
    /// firewall). Returns both runs, for assertions on what each printed or called.
    /// </summary>
    public static (ScriptRun First, ScriptRun Second) RunsTwiceChangingNothingTheSecondTime(
        TestHost host, string script, IEnumerable<KeyValuePair<string, string>>? inputs = null)
    {
        var values = inputs?.ToList();
        var first = host.Run(script, values).Succeeded();
        var before = host.Snapshot();
        var second = host.Run(script, values).Succeeded();
        var changes = before.Diff(host.Snapshot());
        Assert.True(changes.Count == 0, "the second run changed the host:\n" + string.Join("\n", changes));
        return (first, second);
    }

    /// <summary>
    /// Makes the script fail half-way (the next matching call of <paramref name="fake"/> fails), then runs it
    /// again: the failed run exits non-zero, the next succeeds, and the host ends exactly as a host on which
    /// the script never failed (built by <paramref name="newHost"/>) — a failure leaves nothing a re-run skips.
    /// Files in <paramref name="randomContent"/> (keys, certificates) are compared by existence and mode only.
    /// </summary>
    public static void RecoversFromAFailureHalfWay(
        Func<TestHost> newHost, string script, IEnumerable<KeyValuePair<string, string>>? inputs, string fake, string argumentsPrefix = "",
        IReadOnlyCollection<string>? randomContent = null)
    {
        var values = inputs?.ToList();
        using var clean = newHost();
        clean.Run(script, values).Succeeded();

        using var failed = newHost();
        failed.FailNext(fake, argumentsPrefix);
        var broken = failed.Run(script, values);
        Assert.True(broken.ExitCode != 0, $"the injected failure of {fake} {argumentsPrefix} did not stop the script:\n{broken.Stdout}");
        failed.Run(script, values).Succeeded();

        var differences = clean.Snapshot().Diff(failed.Snapshot(), randomContent);
        Assert.True(differences.Count == 0, "after a failure and a re-run the host differs from a clean run:\n" + string.Join("\n", differences));
    }
}

using Platform.Cli.Diff;

namespace Platform.Stacks.Tests.Diff;

/// <summary>Constructed base/head pairs: the real stack files, each changed by the one edit a test names.</summary>
internal static class Pairs
{
    public static StackDiff Diff(Stack @base, Stack head,
        IReadOnlyDictionary<string, string>? baseSecure = null, IReadOnlyDictionary<string, string>? headSecure = null) =>
        PlanDiff.Compare(head.StackName,
            DiffSide.Of("base", @base.Plan(), baseSecure ?? new Dictionary<string, string>()),
            DiffSide.Of("head", head.Plan(), headSecure ?? new Dictionary<string, string>()));

    public static ResourceChange Change(this StackDiff d, string name) => d.Resources.Single(r => r.Name == name);

    /// <summary>A workload the_flourish's namespace has room for.</summary>
    public static Stack WithNewWorkload(this Stack s, int index) => s
        .Set($"platform:cluster.workloads[{index}].name", "flourish-web")
        .Set($"platform:cluster.workloads[{index}].namespace", "the-flourish")
        .Set($"platform:cluster.workloads[{index}].image", "ghcr.io/hello-world-co-op/flourish-web:1.0.0")
        .Set($"platform:cluster.workloads[{index}].port", "3000")
        .Set($"platform:cluster.workloads[{index}].resources.cpuRequest", "50m")
        .Set($"platform:cluster.workloads[{index}].resources.cpuLimit", "250m")
        .Set($"platform:cluster.workloads[{index}].resources.memoryRequest", "64Mi")
        .Set($"platform:cluster.workloads[{index}].resources.memoryLimit", "256Mi");
}

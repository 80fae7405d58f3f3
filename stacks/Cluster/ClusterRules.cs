using System.Text.RegularExpressions;
using Platform.Stacks.Config;

namespace Platform.Stacks.Cluster;

/// <summary>
/// Rule resource-stability (docs/sources/hello-world-dao-infrastructure.txt "Resource Stability Rules", learned from an
/// OOM cascade): every container has cpu and memory requests and limits with limit >= request; every namespace a
/// LimitRange and a ResourceQuota; workloads fit their quota; all quotas fit what the node can allocate.
/// </summary>
internal static partial class ClusterRules
{
    public static readonly string[] Roles = ["view", "edit", "admin"];
    public static readonly string[] SecretFormats = ["token", "hex32"];

    public static void Check(StackSettings s, Problems p)
    {
        var c = s.Cluster;
        if (!IsPinnedK3s(c.K3sVersion))
            p.Add($"{c.Key}.k3sVersion", $"'{c.K3sVersion}' is not a pinned k3s release like v1.31.4+k3s1.");
        var physical = Node.PhysicalMemory(s);
        if (physical is null && c.Host.Length > 0)
            p.Add($"{c.Key}.host", $"no host named '{c.Host}' in platform:hetzner (servers or dedicated).");

        var namespaces = c.Namespaces.ToDictionary(n => n.Name, n => n, StringComparer.Ordinal);
        Hetzner.ServerRules.Duplicates(p, c.Namespaces.Select(n => (n.Key + ".name", n.Name)), "namespace");
        Hetzner.ServerRules.Duplicates(p, c.Workloads.Select(w => (w.Key + ".name", $"{w.Namespace}/{w.Name}")), "workload");

        double quotaMemory = 0;
        foreach (var ns in c.Namespaces)
        {
            if (!DnsLabel().IsMatch(ns.Name))
                p.Add($"{ns.Key}.name", $"'{ns.Name}' is not a Kubernetes namespace name (lower-case DNS label).");
            var qCpu = Required(p, $"{ns.Key}.quota.cpu", ns.QuotaCpu, "every namespace has a ResourceQuota: set quota.cpu (e.g. \"4\")");
            var qMem = Required(p, $"{ns.Key}.quota.memory", ns.QuotaMemory, "every namespace has a ResourceQuota: set quota.memory (e.g. 8Gi)");
            var dCpu = Required(p, $"{ns.Key}.limitRange.defaultCpu", ns.DefaultCpu, "every namespace has a LimitRange: set limitRange.defaultCpu");
            var dMem = Required(p, $"{ns.Key}.limitRange.defaultMemory", ns.DefaultMemory, "every namespace has a LimitRange: set limitRange.defaultMemory");
            var mCpu = Required(p, $"{ns.Key}.limitRange.maxCpu", ns.MaxCpu, "every namespace has a LimitRange: set limitRange.maxCpu");
            var mMem = Required(p, $"{ns.Key}.limitRange.maxMemory", ns.MaxMemory, "every namespace has a LimitRange: set limitRange.maxMemory");
            if (dCpu > mCpu) p.Add($"{ns.Key}.limitRange.defaultCpu", $"default {ns.DefaultCpu} is above the maximum {ns.MaxCpu}.");
            if (dMem > mMem) p.Add($"{ns.Key}.limitRange.defaultMemory", $"default {ns.DefaultMemory} is above the maximum {ns.MaxMemory}.");
            quotaMemory += qMem ?? 0;

            var workloads = c.Workloads.Where(w => w.Namespace == ns.Name).ToList();
            QuotaFits(p, ns, workloads, "cpu", qCpu, ns.QuotaCpu, w => w.Resources.CpuLimit, Quantity.Cores);
            QuotaFits(p, ns, workloads, "memory", qMem, ns.QuotaMemory, w => w.Resources.MemoryLimit, Quantity.Bytes);
            foreach (var rb in ns.RoleBindings)
                if (!Roles.Contains(rb.Role))
                    p.Add($"{rb.Key}.role", $"'{rb.Role}' is not a role to bind here: use one of {string.Join(", ", Roles)} (never cluster-admin).");

            foreach (var w in workloads)
            {
                if (mCpu is { } mc && Quantity.Parse(w.Resources.CpuLimit) is { } wc && wc > mc)
                    p.Add($"{w.Resources.Key}.cpuLimit", $"{w.Resources.CpuLimit} is above the namespace's LimitRange max {ns.MaxCpu}: the pod would be rejected.");
                if (mMem is { } mm && Quantity.Parse(w.Resources.MemoryLimit) is { } wm && wm > mm)
                    p.Add($"{w.Resources.Key}.memoryLimit", $"{w.Resources.MemoryLimit} is above the namespace's LimitRange max {ns.MaxMemory}: the pod would be rejected.");
            }
        }
        if (physical is { } phys && quotaMemory > Node.Allocatable(phys))
            p.Add($"{c.Key}.namespaces", $"the namespaces' memory quotas add up to {Quantity.Bytes(quotaMemory)}, more than host '{c.Host}' can allocate ({Quantity.Bytes(Node.Allocatable(phys))} = {Quantity.Bytes(phys)} − {Node.SystemReserved} system-reserved − {Node.EvictionHard} eviction): lower the quotas.");

        foreach (var w in c.Workloads)
        {
            if (!namespaces.ContainsKey(w.Namespace))
                p.Add($"{w.Key}.namespace", $"no namespace '{w.Namespace}' in {c.Key}.namespaces: declare it (with its quota) first.");
            CheckResources(w.Resources, p);
            if (w.Port is < 1 or > 65535) p.Add($"{w.Key}.port", $"{w.Port} is not a TCP port.");
            if (w.Replicas < 1) p.Add($"{w.Key}.replicas", "at least 1 replica.");
            if (!WorkloadSettings.Strategies.Contains(w.Strategy))
                p.Add($"{w.Key}.strategy", $"'{w.Strategy}' is not a Deployment strategy: use {string.Join(" or ", WorkloadSettings.Strategies)}.");
            if (!w.Image.Contains(':') || w.Image.EndsWith(":latest", StringComparison.Ordinal))
                p.Add($"{w.Key}.image", $"'{w.Image}' must carry a pinned tag (not ':latest'), so that promotion copies a known version.");
            foreach (var secret in w.SecretEnv)
                if (!c.GeneratedSecrets.Any(g => g.Name == secret && g.Namespace == w.Namespace))
                    p.Add($"{w.Key}.secretEnv", $"no generated secret '{secret}' in namespace '{w.Namespace}' ({c.Key}.generatedSecrets).");
        }

        foreach (var g in c.GeneratedSecrets)
        {
            if (!namespaces.ContainsKey(g.Namespace))
                p.Add($"{g.Key}.namespace", $"no namespace '{g.Namespace}' in {c.Key}.namespaces.");
            if (!SecretFormats.Contains(g.Format))
                p.Add($"{g.Key}.format", $"'{g.Format}' is not a secret format: use token (48 characters) or hex32 (32 bytes as 64 hex).");
            if (g.Keys.Count == 0)
                p.Add($"{g.Key}.keys", "list the keys to generate.");
        }
        Hetzner.ServerRules.Duplicates(p, c.GeneratedSecrets.Select(g => (g.Key + ".name", g.Name)), "generated secret");
    }

    /// <summary>
    /// The namespace's workloads fit its quota while one of them rolls out: every replica's limit, plus the
    /// surge pods of the largest rolling update. The ResourceQuota admission refuses the surge pod otherwise,
    /// the rollout never completes and `pulumi up` times out waiting for the Deployment. Other rollouts that
    /// do not fit at the same moment only wait: their pods are admitted once the first one finishes.
    /// </summary>
    private static void QuotaFits(Problems p, NamespaceSettings ns, IReadOnlyList<WorkloadSettings> workloads, string resource,
        double? quota, string? quotaText, Func<WorkloadSettings, string?> limit, Func<double, string> show)
    {
        if (quota is not { } q)
            return;
        double Limit(WorkloadSettings w) => Quantity.Parse(limit(w)) ?? 0;
        var steady = workloads.Sum(w => w.Replicas * Limit(w));
        var surging = workloads.Where(w => w.SurgePods > 0).OrderByDescending(w => w.SurgePods * Limit(w)).FirstOrDefault();
        var surge = surging is null ? 0 : surging.SurgePods * Limit(surging);
        if (steady > q)
            p.Add($"{ns.Key}.quota.{resource}", $"the workloads of '{ns.Name}' need {show(steady)} of {resource} limits, more than its quota {quotaText}: raise the quota or lower their limits.");
        else if (steady + surge > q)
            p.Add($"{ns.Key}.quota.{resource}", $"the workloads of '{ns.Name}' need {show(steady)} of {resource} limits, and {show(steady + surge)} while '{surging!.Name}' rolls out " +
                $"(a RollingUpdate starts {surging.SurgePods} new pod(s) before stopping the old), more than its quota {quotaText}: the rollout would stall at the quota. " +
                $"Raise the quota, lower the limits, or set {surging.Key}.strategy to {WorkloadSettings.Recreate} (the old pod stops first).");
    }

    /// <summary>Every container: cpu and memory, request and limit, limit >= request.</summary>
    internal static void CheckResources(ContainerResources r, Problems p)
    {
        var cpuRequest = Required(p, $"{r.Key}.cpuRequest", r.CpuRequest, "every container needs a cpu request");
        var cpuLimit = Required(p, $"{r.Key}.cpuLimit", r.CpuLimit, "every container needs a cpu limit");
        var memRequest = Required(p, $"{r.Key}.memoryRequest", r.MemoryRequest, "every container needs a memory request");
        var memLimit = Required(p, $"{r.Key}.memoryLimit", r.MemoryLimit, "every container needs a memory limit: without one a pod can take the node down");
        if (cpuLimit < cpuRequest)
            p.Add($"{r.Key}.cpuLimit", $"limit {r.CpuLimit} is below the request {r.CpuRequest}: a limit must be >= its request.");
        if (memLimit < memRequest)
            p.Add($"{r.Key}.memoryLimit", $"limit {r.MemoryLimit} is below the request {r.MemoryRequest}: a limit must be >= its request.");
    }

    private static double? Required(Problems p, string key, string? text, string missing)
    {
        if (text is null) { p.Add(key, $"missing: {missing}."); return null; }
        var value = Quantity.Parse(text);
        if (value is null) p.Add(key, $"'{text}' is not a Kubernetes quantity (like 250m, 2, 512Mi, 8Gi).");
        return value;
    }

    internal static bool IsPinnedK3s(string version) => K3sVersion().IsMatch(version);

    [GeneratedRegex(@"^v1\.[0-9]+\.[0-9]+\+k3s[0-9]+$")]
    private static partial Regex K3sVersion();

    [GeneratedRegex("^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$")]
    internal static partial Regex DnsLabel();
}

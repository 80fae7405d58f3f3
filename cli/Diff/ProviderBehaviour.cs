using Platform.Stacks.Plan;

namespace Platform.Cli.Diff;

/// <summary>What <c>pulumi up</c> does about a changed input.</summary>
public enum Effect
{
    /// <summary>The provider changes the resource in place.</summary>
    Update,
    /// <summary>The provider needs a new resource (ForceNew, RequiresReplace, replaceOnChanges): Pulumi creates the new one, then deletes the old.</summary>
    Replace,
    /// <summary>The provider keeps the value it has: the change never reaches the resource.</summary>
    None,
    /// <summary>Not an input of the resource (what the plan shows for review only).</summary>
    NotAnInput,
}

/// <summary>One input: the provider field it is (Pulumi's name, what <c>ignoreChanges</c> names), what a change does, and where that comes from.</summary>
public sealed record FieldBehaviour(Effect Effect, string Field, string Source, string? Consequence = null);

/// <summary>
/// Which input changes make each provider replace a resource, read from the providers' sources at the versions
/// pinned in Directory.Packages.props: one row per (type, input as the plan shows it), each with its citation.
/// A TF-bridged provider replaces on ForceNew (SDKv2) or RequiresReplace (plugin framework), and only when the
/// planned value differs from the state (pulumi-terraform-bridge v3.130.0 pkg/pf/tfbridge/provider_diff.go
/// checkRequiresReplace). An input with no row is reported as "not established", never guessed; a test keeps
/// every input of both stacks' plans in this table.
/// </summary>
public static class ProviderBehaviour
{
    private const string Hcloud = "terraform-provider-hcloud v1.66.1 (pulumi-hcloud v1.39.1 provider/go.mod)";
    private const string Cloudflare = "terraform-provider-cloudflare v5.19.1 (the upstream submodule of pulumi-cloudflare v6.17.0, b2277b8)";
    private const string Command = "pulumi-command v1.2.1";
    private const string Kubernetes = "pulumi-kubernetes v4.32.0";
    private const string Random = "terraform-provider-random v3.9.0 (pulumi-random v4.21.1 provider/go.mod, f8d869d)";

    // pulumi-command v1.2.1 declares `triggers` alone replaceOnChanges (provider/pkg/provider/common/inputs.go:10); any other
    // input change is an update, and Update runs `create` again when there is no `update` (remote/commandController.go:67-90).
    private static readonly FieldBehaviour RunsAgain = new(Effect.Update, "create",
        $"{Command} provider/pkg/provider/remote/commandController.go:67 (Update runs create again)", "the command runs again");
    private static readonly FieldBehaviour ConnectionRunsAgain = RunsAgain with { Field = "connection" };
    private static readonly FieldBehaviour StdinRunsAgain = RunsAgain with { Field = "stdin" };
    private static readonly FieldBehaviour Triggers = new(Effect.Replace, "triggers", $"{Command} provider/pkg/provider/common/inputs.go:10 (replaceOnChanges)");

    // pulumi-kubernetes v4.32.0: a change of .metadata.name or .metadata.namespace replaces any object
    // (provider/pkg/provider/provider.go:1560, diff.go:207); the per-kind table is diff.go:45.
    private static readonly FieldBehaviour KubeIdentity = new(Effect.Replace, "metadata", $"{Kubernetes} provider/pkg/provider/provider.go:1560 (.metadata.name/.namespace)");
    private static FieldBehaviour KubeUpdate(string field, string kind) =>
        new(Effect.Update, field, $"{Kubernetes} provider/pkg/provider/diff.go:45 (no replacing field of {kind} but its name and namespace)");

    private static FieldBehaviour Update(string field, string source, string? consequence = null) => new(Effect.Update, field, source, consequence);
    private static FieldBehaviour Replace(string field, string source, string? consequence = null) => new(Effect.Replace, field, source, consequence);

    private static readonly Dictionary<(string Type, string Key), FieldBehaviour> Table = new()
    {
        // hcloud.
        [(Tokens.HcloudSshKey, "name")] = Update("name", $"{Hcloud} internal/sshkey/resource.go:64"),
        [(Tokens.HcloudSshKey, "publicKey")] = Replace("publicKey", $"{Hcloud} internal/sshkey/resource.go:68 (RequiresReplace)",
            "the old key is deleted before the new one is created (deleteBeforeReplace: Hetzner refuses a second key of the same name, \"SSH key name is already used (uniqueness_error)\", snowdrop/k8s-infra#214). Servers keep the keys they were created with (sshKeys is ignored after creation)"),
        [(Tokens.HcloudNetwork, "name")] = Update("name", $"{Hcloud} internal/network/resource.go:33"),
        [(Tokens.HcloudNetwork, "ipRange")] = Replace("ipRange", $"{Hcloud} internal/network/resource.go:37 (ForceNew)", "a new network: every subnet and attachment with it"),
        [(Tokens.HcloudNetwork, "exposeRoutesToVswitch")] = Update("exposeRoutesToVswitch", $"{Hcloud} internal/network/resource.go:58"),
        [(Tokens.HcloudNetwork, "deleteProtection")] = Update("deleteProtection", $"{Hcloud} internal/network/resource.go:53"),
        [(Tokens.HcloudSubnet, "type")] = Replace("type", $"{Hcloud} internal/network/resource_subnet.go:40 (ForceNew)"),
        [(Tokens.HcloudSubnet, "networkZone")] = Replace("networkZone", $"{Hcloud} internal/network/resource_subnet.go:50 (ForceNew)"),
        [(Tokens.HcloudSubnet, "ipRange")] = Replace("ipRange", $"{Hcloud} internal/network/resource_subnet.go:55 (ForceNew)"),
        [(Tokens.HcloudSubnet, "vswitchId")] = Replace("vswitchId", $"{Hcloud} internal/network/resource_subnet.go:64 (ForceNew)"),
        [(Tokens.HcloudFirewall, "name")] = Update("name", $"{Hcloud} internal/firewall/resource.go:34"),
        [(Tokens.HcloudFirewall, "rules")] = Update("rules", $"{Hcloud} internal/firewall/resource.go:74 (SetRules on update, :308)"),
        [(Tokens.HcloudPrimaryIp, "type")] = Replace("type", $"{Hcloud} internal/primaryip/resource.go:89 (RequiresReplace)", "a new address"),
        [(Tokens.HcloudPrimaryIp, "location")] = Replace("location", $"{Hcloud} internal/primaryip/resource.go:96 (RequiresReplace)", "a new address"),
        [(Tokens.HcloudPrimaryIp, "autoDelete")] = Update("autoDelete", $"{Hcloud} internal/primaryip/resource.go:125"),
        [(Tokens.HcloudPrimaryIp, "deleteProtection")] = Update("deleteProtection", $"{Hcloud} internal/primaryip/resource.go:132"),
        [(Tokens.HcloudPrimaryIp, "address")] = new(Effect.NotAnInput, "ipAddress", $"{Hcloud} internal/primaryip/resource.go:138 (computed: the address an import reads)"),
        [(Tokens.HcloudServer, "name")] = Update("name", $"{Hcloud} internal/server/resource.go:46"),
        [(Tokens.HcloudServer, "serverType")] = Update("serverType", $"{Hcloud} internal/server/resource.go:50 (not ForceNew; update :594 powers off and changes the type)",
            "the server is powered off and resized in place; keep_disk is left false, so the disk grows with the type and the server can never go back to a type with a smaller disk"),
        [(Tokens.HcloudServer, "location")] = Replace("location", $"{Hcloud} internal/server/resource.go:67 (ForceNew)"),
        [(Tokens.HcloudServer, "image")] = Replace("image", $"{Hcloud} internal/server/resource.go:54 (ForceNew)", "a rebuilt server: its disk is lost"),
        [(Tokens.HcloudServer, "userData")] = Replace("userData", $"{Hcloud} internal/server/resource.go:80 (ForceNew)", "a rebuilt server: its disk is lost"),
        // public_net is never read back (getServerAttributes; hetznercloud/terraform-provider-hcloud#944) and its update
        // powers the server off (#577): the program ignores it after creation (Policies.Server), so a change does nothing.
        [(Tokens.HcloudServer, "ipv6")] = Update("publicNets", $"{Hcloud} internal/server/resource.go:178 (public_net.ipv6_enabled; update :717 powers the server off)"),
        [(Tokens.HcloudServer, "backups")] = Update("backups", $"{Hcloud} internal/server/resource.go:123 (update :620)"),
        [(Tokens.HcloudServer, "labels")] = Update("labels", $"{Hcloud} internal/server/resource.go:152 (update :578)"),
        [(Tokens.HcloudServer, "deleteProtection")] = Update("deleteProtection", $"{Hcloud} internal/server/resource.go:257 (update :731)"),
        [(Tokens.HcloudServer, "rebuildProtection")] = Update("rebuildProtection", $"{Hcloud} internal/server/resource.go:262 (update :731)"),
        [(Tokens.HcloudServerNetwork, "ip")] = Replace("ip", $"{Hcloud} internal/server/resource_network.go:96 (RequiresReplace)", "the server leaves the network and joins again with the new address"),

        // cloudflare.
        [(Tokens.DnsRecord, "zoneId")] = Replace("zoneId", $"{Cloudflare} internal/services/dns_record/schema.go:44 (RequiresReplace)"),
        [(Tokens.DnsRecord, "type")] = Replace("type", $"{Cloudflare} internal/services/dns_record/schema.go:70 (RequiresReplace, :98)"),
        [(Tokens.DnsRecord, "name")] = Update("name", $"{Cloudflare} internal/services/dns_record/schema.go:408"),
        [(Tokens.DnsRecord, "content")] = Update("content", $"{Cloudflare} internal/services/dns_record/schema.go:53"),
        [(Tokens.DnsRecord, "proxied")] = Update("proxied", $"{Cloudflare} internal/services/dns_record/schema.go:339"),
        [(Tokens.DnsRecord, "ttl")] = Update("ttl", $"{Cloudflare} internal/services/dns_record/schema.go:345"),
        [(Tokens.DnsRecord, "priority")] = Update("priority", $"{Cloudflare} internal/services/dns_record/schema.go:63"),
        [(Tokens.DnsRecord, "comment")] = Update("comment", $"{Cloudflare} internal/services/dns_record/schema.go:49"),
        [(Tokens.R2Bucket, "accountId")] = Replace("accountId", $"{Cloudflare} internal/services/r2_bucket/schema.go:69 (RequiresReplace)"),
        [(Tokens.R2Bucket, "name")] = Replace("name", $"{Cloudflare} internal/services/r2_bucket/schema.go:64 (RequiresReplace)"),
        [(Tokens.R2Bucket, "location")] = new(Effect.None, "location",
            $"{Cloudflare} internal/services/r2_bucket/schema.go:74 and plan_modifiers.go (the plan keeps the state's location: \"Location of a bucket cannot be changed after it is already created\")",
            "the bucket stays where it was created: moving it means a new bucket and copying the objects"),
        [(Tokens.R2Bucket, "jurisdiction")] = Update("jurisdiction", $"{Cloudflare} internal/services/r2_bucket/schema.go:93 (no plan modifier)",
            "no replacement: the update edits the bucket of that name in the new jurisdiction (resource.go:134), another bucket, so expect pulumi up to fail; what the API answers is not established here"),
        [(Tokens.R2Bucket, "storageClass")] = Update("storageClass", $"{Cloudflare} internal/services/r2_bucket/schema.go:106", "applies to objects uploaded from then on"),
        [(Tokens.R2BucketCors, "accountId")] = Replace("accountId", $"{Cloudflare} internal/services/r2_bucket_cors/schema.go:42 (RequiresReplace)"),
        [(Tokens.R2BucketCors, "rule")] = Update("rules", $"{Cloudflare} internal/services/r2_bucket_cors/schema.go:47"),
        [(Tokens.R2BucketLifecycle, "accountId")] = Replace("accountId", $"{Cloudflare} internal/services/r2_bucket_lifecycle/schema.go:41 (RequiresReplace)"),
        [(Tokens.R2BucketLifecycle, "rule")] = Update("rules", $"{Cloudflare} internal/services/r2_bucket_lifecycle/schema.go:46"),
        [(Tokens.R2BucketLifecycle, "retention")] = Update("rules", $"{Cloudflare} internal/services/r2_bucket_lifecycle/schema.go:46 (the backup bucket's second rule)"),
        [(Tokens.AccountToken, "accountId")] = Replace("accountId", $"{Cloudflare} internal/services/account_token/schema.go:61 (RequiresReplace)", "a new token: consumers need the new keys"),
        [(Tokens.AccountToken, "name")] = Update("name", $"{Cloudflare} internal/services/account_token/schema.go:66"),
        [(Tokens.AccountToken, "permission")] = Update("policies", $"{Cloudflare} internal/services/account_token/schema.go:70"),
        [(Tokens.AccountToken, "resource")] = Update("policies", $"{Cloudflare} internal/services/account_token/schema.go:70"),

        // command: the plan's keys name what the script does; all of it is `create` (or stdin, connection).
        [(Tokens.RemoteCommand, "create")] = RunsAgain,
        [(Tokens.RemoteCommand, "triggers")] = Triggers,
        [(Tokens.RemoteCommand, "connection.host")] = ConnectionRunsAgain,
        [(Tokens.RemoteCommand, "connection.user")] = ConnectionRunsAgain,
        [(Tokens.RemoteCommand, RemoteCommands.PrivateKeyInput)] = ConnectionRunsAgain,
        [(Tokens.RemoteCommand, "stdin")] = StdinRunsAgain,
        [(Tokens.RemoteCommand, "stdin.names")] = StdinRunsAgain,
        [(Tokens.RemoteCommand, "version")] = RunsAgain,
        [(Tokens.RemoteCommand, "schedule")] = RunsAgain, // the backup timers, written by the create script
        [(Tokens.RemoteCommand, "nodeIp")] = RunsAgain,
        [(Tokens.RemoteCommand, "flannelIface")] = RunsAgain,
        [(Tokens.RemoteCommand, "kubelet")] = RunsAgain,
        [(Tokens.RemoteCommand, "clusterCidr")] = RunsAgain,
        [(Tokens.RemoteCommand, "serviceCidr")] = RunsAgain,
        [(Tokens.RemoteCommand, "settings")] = RunsAgain,
        [(Tokens.RemoteCommand, "interface")] = RunsAgain,
        [(Tokens.RemoteCommand, "vlan")] = RunsAgain,
        [(Tokens.RemoteCommand, "privateIp")] = RunsAgain,
        [(Tokens.LocalCommand, "create")] = RunsAgain with { Source = $"{Command} provider/pkg/provider/local/commandController.go:67 (Update runs create again)" },
        [(Tokens.LocalCommand, "stdin")] = StdinRunsAgain,
        [(Tokens.LocalCommand, "stdin.names")] = StdinRunsAgain,
        [(Tokens.LocalCommand, "bucket")] = RunsAgain,
        [(Tokens.LocalCommand, "endpoint")] = RunsAgain,
        [(Tokens.LocalCommand, "rule")] = RunsAgain,

        // kubernetes.
        [(Tokens.KubernetesProvider, "clusterIdentifier")] = Replace("clusterIdentifier", $"{Kubernetes} provider/pkg/provider/provider.go:490 (DiffConfig)",
            "a new provider: every Kubernetes resource of the stack is replaced with it"),
        [(Tokens.KubernetesProvider, "kubeconfig")] = Update("kubeconfig", $"{Kubernetes} provider/pkg/provider/provider.go:495 (same clusterIdentifier: no replacement)"),
        [(Tokens.KubernetesProvider, "enableServerSideApply")] = Update("enableServerSideApply", $"{Kubernetes} provider/pkg/provider/provider.go:454 (DiffConfig: a changed key, no replacement)"),
        [(Tokens.Namespace, "metadata.name")] = KubeIdentity,
        [(Tokens.LimitRange, "default")] = KubeUpdate("spec", "LimitRange"),
        [(Tokens.LimitRange, "defaultRequest")] = KubeUpdate("spec", "LimitRange"),
        [(Tokens.LimitRange, "max")] = KubeUpdate("spec", "LimitRange"),
        [(Tokens.ResourceQuota, "hard")] = Update("spec", $"{Kubernetes} provider/pkg/provider/diff.go:152 (only .spec.scopes replaces)"),
        [(Tokens.RoleBinding, "user")] = Update("subjects", $"{Kubernetes} provider/pkg/provider/diff.go:192 (only .roleRef replaces)"),
        [(Tokens.RoleBinding, "clusterRole")] = Replace("roleRef", $"{Kubernetes} provider/pkg/provider/diff.go:192 (.roleRef)"),
        [(Tokens.Secret, "namespace")] = KubeIdentity,
        [(Tokens.Secret, "metadata.name")] = KubeIdentity,
        [(Tokens.Secret, "keys")] = Replace("stringData", $"{Kubernetes} provider/pkg/provider/diff.go:28 (enableSecretMutable unset: .stringData replaces)"),
        [(Tokens.Secret, "stringData")] = Replace("stringData", $"{Kubernetes} provider/pkg/provider/diff.go:28 (enableSecretMutable unset: .stringData replaces)"),
        [(Tokens.Deployment, "namespace")] = KubeIdentity,
        [(Tokens.Deployment, "image")] = Update("spec", $"{Kubernetes} provider/pkg/provider/diff.go:171 (only .spec.selector replaces)", "a rollout"),
        [(Tokens.Deployment, "replicas")] = Update("spec", $"{Kubernetes} provider/pkg/provider/diff.go:171 (only .spec.selector replaces)"),
        [(Tokens.Deployment, "strategy")] = Update("spec", $"{Kubernetes} provider/pkg/provider/diff.go:171 (only .spec.selector replaces)"),
        [(Tokens.Deployment, "requests")] = Update("spec", $"{Kubernetes} provider/pkg/provider/diff.go:171 (only .spec.selector replaces)", "a rollout"),
        [(Tokens.Deployment, "limits")] = Update("spec", $"{Kubernetes} provider/pkg/provider/diff.go:171 (only .spec.selector replaces)", "a rollout"),
        [(Tokens.Deployment, "envFrom")] = Update("spec", $"{Kubernetes} provider/pkg/provider/diff.go:171 (only .spec.selector replaces)", "a rollout"),
        [(Tokens.Service, "namespace")] = KubeIdentity,
        [(Tokens.Service, "port")] = Update("spec", $"{Kubernetes} provider/pkg/provider/diff.go:158 (only .spec.clusterIP replaces)"),
        [(Tokens.Service, "type")] = Update("spec", $"{Kubernetes} provider/pkg/provider/diff.go:158 (only .spec.clusterIP replaces)"),
        [(Tokens.Service, "externalName")] = Update("spec", $"{Kubernetes} provider/pkg/provider/diff.go:158 (only .spec.clusterIP replaces)"),
        [(Tokens.Endpoints, "address")] = KubeUpdate("subsets", "Endpoints"),
        [(Tokens.Endpoints, "port")] = KubeUpdate("subsets", "Endpoints"),
        [(Tokens.Ingress, "host")] = KubeUpdate("spec", "Ingress"),
        [(Tokens.Ingress, "path")] = KubeUpdate("spec", "Ingress"),
        [(Tokens.Ingress, "backend")] = KubeUpdate("spec", "Ingress"),
        [(Tokens.Ingress, "middlewares")] = KubeUpdate("metadata.annotations", "Ingress"),
        [(Tokens.Middleware, "metadata.name")] = KubeIdentity,
        [(Tokens.Middleware, "spec")] = KubeUpdate("spec", "a custom resource"),
        [(Tokens.HelmChartConfig, "metadata")] = KubeIdentity,
        [(Tokens.HelmChartConfig, "chart")] = KubeUpdate("spec", "a custom resource"),
        [(Tokens.HelmChartConfig, "allowExternalNameServices")] = KubeUpdate("spec", "a custom resource"),
        [(Tokens.HelmChartConfig, "accessLogs")] = KubeUpdate("spec", "a custom resource"),
        [(Tokens.HelmChartConfig, "dashboard")] = KubeUpdate("spec", "a custom resource"),
        [(Tokens.HelmChartConfig, "valuesContent")] = KubeUpdate("spec", "a custom resource") with { Consequence = "k3s's helm controller upgrades Traefik with the new values" },

        // random: every input of the generators replaces (a new value).
        [(Tokens.RandomPassword, "length")] = Replace("length", $"{Random} internal/provider/resource_password.go:580 (RequiresReplace)", "a new value"),
        [(Tokens.RandomPassword, "special")] = Replace("special", $"{Random} internal/provider/resource_password.go:598 (RequiresReplace)", "a new value"),
        [(Tokens.RandomBytes, "length")] = Replace("length", $"{Random} internal/provider/resource_bytes.go:151 (RequiresReplace)", "a new value"),
    };

    /// <summary>What a change of <paramref name="key"/> does to a resource of <paramref name="type"/>, or null when not established.</summary>
    public static FieldBehaviour? Of(string type, string key) => Table.GetValueOrDefault((type, key));

    /// <summary>Every row, for the test that keeps the table complete and the README.</summary>
    public static IReadOnlyCollection<(string Type, string Key)> Known => Table.Keys;
}

using Platform.Components;
using Platform.Components.Backup;
using Platform.Components.Cluster;
using Platform.Components.Dns;
using Platform.Components.Hetzner;
using Platform.Components.Secrets;
using Platform.Components.Storage;
using Platform.Components.Vault;
using Platform.Stacks.Adoption;
using Platform.Stacks;
using Platform.Stacks.Cluster;
using Platform.Stacks.Config;
using Platform.Stacks.Hetzner;
using Platform.Stacks.Plan;
using Platform.Stacks.Vault;
using Pulumi;

namespace Platform.Infra;

/// <summary>
/// The program: config → settings → validation → plan → components. Every decision is the plan's; this
/// class only connects components (a server's address to the DNS record and the commands that reach it).
/// </summary>
public static class PlatformStack
{
    public static IDictionary<string, object?> Run() => Run(PulumiConfigSource.FromDeployment());

    public static IDictionary<string, object?> Run(IConfigSource source)
    {
        var (settings, problems) = Validation.Load(source);
        // Before any resource exists: a half-applied stack from invalid config is worse than none.
        if (problems.Count > 0)
            throw new StackConfigException(source.StackName, problems);
        // One warning per kind in every preview; the list with `pulumi preview --debug` (and `plan --verbose` offline).
        foreach (var (summary, items) in Notices.Summaries(settings.Stack, PendingAdoption.Notices(settings)))
        {
            Log.Warn($"{summary} (pulumi preview --debug lists them)");
            foreach (var notice in items)
                Log.Debug(notice.ToString());
        }
        return Deploy(PlanBuilder.Build(settings));
    }

    /// <summary>The components of a plan, wired together: the part of the program that registers resources.</summary>
    public static IDictionary<string, object?> Deploy(StackPlan plan)
    {
        var outputs = new Dictionary<string, object?>();
        var privateKey = Secret(Credentials.SshPrivateKey);

        var keys = new SshKeys(plan.SshKeys);
        var network = new HetznerNetwork(plan.Network);
        // What components take from each other, by the plan's references and names: a server's primary IP, the step
        // after which a host is ready, the steps a backup waits for.
        var registered = new PlanResources();
        foreach (var s in plan.Servers)
        {
            var server = new CloudServer(s, keys, network, privateKey);
            registered.Add(s.PublicIpv4, server.PublicIpv4);
            registered.Add(s.HostCommandName, server.Ready);
            outputs[$"server:{s.Name}:publicIpv4"] = server.PublicIpv4;
            outputs[$"server:{s.Name}:privateIp"] = server.PrivateIp;
        }
        if (plan.Dedicated is { } d)
            registered.Add(d.VlanCommandName, new DedicatedHost(d, privateKey).Vlan);

        // A cloud server is reached at its primary IP output (its address may be known only at deploy time)
        // once its host step (packages, firewall) ran; the dedicated server at its known address once its VLAN is up.
        SshAccess Access(HostAccess host) =>
            new(registered.Address(host.Address), host.SshUser, privateKey, registered.Resource(host.ReadyResource));

        foreach (var b in plan.R2Buckets)
        {
            var bucket = new R2Bucket(b);
            Storage(outputs, b.Name, bucket.Endpoint, bucket.Bucket, bucket.Region, bucket.AccessKeyId, bucket.SecretAccessKey);
        }
        if (plan.HetznerBuckets.Count > 0)
        {
            var (accessKey, secretKey) = (Secret(Credentials.HetznerS3AccessKey), Secret(Credentials.HetznerS3SecretKey));
            foreach (var b in plan.HetznerBuckets)
            {
                var bucket = new HetznerBucket(b, accessKey, secretKey);
                Storage(outputs, b.Name, bucket.Endpoint, bucket.Bucket, bucket.Region, accessKey, secretKey);
            }
        }

        _ = new ManagedZone(plan.Dns, registered.Address);

        var k3s = new K3sCluster(plan.K3s, Access(plan.K3s.Host));
        registered.Add(plan.K3s.InstallName, k3s.Install);
        outputs["kubeconfig"] = k3s.Kubeconfig;
        var namespaces = plan.Namespaces.ToDictionary(n => n.NamespaceName, n => new ClusterNamespace(n, k3s.Provider));
        var secrets = plan.GeneratedSecrets.ToDictionary(g => g.SecretName,
            g => new GeneratedSecret(g, k3s.Provider, namespaces[g.NamespaceResource].Name));
        var workloads = plan.Workloads.ToDictionary(w => w.ServiceName,
            w => new Workload(w, k3s.Provider, namespaces[w.NamespaceResource].Name, secrets));
        _ = new Gateway(plan.Gateway, k3s.Provider, namespaces[plan.Gateway.NamespaceResource].Name,
            plan.Gateway.BackendResources.Select(b => (Resource)workloads[b].Service));

        // A generated value is already in its format (RandomBytes gives hex), so Generated.Hex needs no work here.
        var generated = secrets.Values.SelectMany(s => s.Values).ToDictionary(v => v.Key, v => v.Value);
        Output<string> SecretValue(SecretSource source) => source switch
        {
            SecretSource.Config c => Secret(c.Key),
            SecretSource.Generated g => generated[g.Resource],
            _ => throw new InvalidOperationException($"no value for {source}: a planning bug."),
        };
        var vault = new VaultBootstrap(plan.Vault, Access(plan.Vault.Host), SecretValue);
        outputs["vault:address"] = vault.Address;
        outputs["vault:caCertificate"] = vault.CaCertificate;
        // The shares init returned (production: PGP-encrypted per operator), secret: README, Vault.
        outputs["vault:unsealKeys"] = vault.UnsealKeys;

        foreach (var (name, step) in vault.Steps)
            registered.Add(name, step);

        var backups = new Backups(plan.Backups, Access, registered.Resource);
        outputs["backups:bucket"] = backups.Bucket;
        outputs["backups:endpoint"] = backups.Endpoint;
        // verify's read-only key (README, Verification) and the k3s archives' passphrase (README, Restore k3s): secrets.
        outputs["backups:readCredentials"] = backups.ReadCredentials;
        outputs["backups:encryptionKey"] = backups.EncryptionKey;
        return outputs;
    }

    private static void Storage(Dictionary<string, object?> outputs, string bucket, Output<string> endpoint, Output<string> name,
        Output<string> region, Output<string> accessKey, Output<string> secretKey)
    {
        outputs[$"storage:{bucket}:{Stacks.Storage.S3Outputs.Endpoint}"] = endpoint;
        outputs[$"storage:{bucket}:{Stacks.Storage.S3Outputs.Bucket}"] = name;
        outputs[$"storage:{bucket}:{Stacks.Storage.S3Outputs.Region}"] = region;
        outputs[$"storage:{bucket}:{Stacks.Storage.S3Outputs.AccessKey}"] = Output.CreateSecret(accessKey);
        outputs[$"storage:{bucket}:{Stacks.Storage.S3Outputs.SecretKey}"] = Output.CreateSecret(secretKey);
    }

    /// <summary>An operator's credential (stacks/Credentials.cs): a Pulumi secret from config to resource (rule secrets-stay-secret).</summary>
    private static Output<string> Secret(string key)
    {
        var (ns, name) = PulumiConfigSource.Split(key);
        return new Config(ns).RequireSecret(name);
    }
}

/// <summary>The stack's config has problems: all of them, one per line, each with its key.</summary>
public sealed class StackConfigException(string stack, IReadOnlyList<Problem> problems)
    : Exception($"stack {stack}: {problems.Count} config problem(s), nothing was deployed:\n" + string.Join("\n", problems.Select(p => $"  {p}")))
{
    public IReadOnlyList<Problem> Problems { get; } = problems;
}

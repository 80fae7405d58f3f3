namespace Platform.Stacks.Plan;

/// <summary>Every Pulumi type token the stack registers, written once.</summary>
public static class Tokens
{
    // Components (platform:<module>:<Name>).
    public const string NetworkComponent = "platform:hetzner:Network";
    public const string ServerComponent = "platform:hetzner:Server";
    public const string SshKeysComponent = "platform:hetzner:SshKeys";
    public const string DedicatedHostComponent = "platform:hetzner:DedicatedHost";
    public const string R2BucketComponent = "platform:storage:R2Bucket";
    public const string HetznerBucketComponent = "platform:storage:HetznerBucket";
    public const string DnsZoneComponent = "platform:dns:Zone";
    public const string IcCustomDomainComponent = "platform:dns:IcCustomDomain";
    public const string K3sComponent = "platform:cluster:K3s";
    public const string NamespaceComponent = "platform:cluster:Namespace";
    public const string WorkloadComponent = "platform:cluster:Workload";
    public const string GatewayComponent = "platform:cluster:Gateway";
    public const string GeneratedSecretComponent = "platform:secrets:GeneratedSecret";
    public const string VaultComponent = "platform:vault:Bootstrap";
    public const string BackupComponent = "platform:backup:Backups";

    // hcloud.
    public const string HcloudNetwork = "hcloud:index/network:Network";
    public const string HcloudSubnet = "hcloud:index/networkSubnet:NetworkSubnet";
    public const string HcloudPrimaryIp = "hcloud:index/primaryIp:PrimaryIp";
    public const string HcloudServer = "hcloud:index/server:Server";
    public const string HcloudServerNetwork = "hcloud:index/serverNetwork:ServerNetwork";
    public const string HcloudSshKey = "hcloud:index/sshKey:SshKey";
    public const string HcloudFirewall = "hcloud:index/firewall:Firewall";

    // cloudflare.
    public const string DnsRecord = "cloudflare:index/dnsRecord:DnsRecord";
    public const string R2Bucket = "cloudflare:index/r2Bucket:R2Bucket";
    public const string R2BucketCors = "cloudflare:index/r2BucketCors:R2BucketCors";
    public const string R2BucketLifecycle = "cloudflare:index/r2BucketLifecycle:R2BucketLifecycle";
    public const string AccountToken = "cloudflare:index/accountToken:AccountToken";

    // command, random.
    public const string RemoteCommand = "command:remote:Command";
    public const string LocalCommand = "command:local:Command";
    public const string RandomPassword = "random:index/randomPassword:RandomPassword";
    public const string RandomBytes = "random:index/randomBytes:RandomBytes";

    // kubernetes.
    public const string KubernetesProvider = "pulumi:providers:kubernetes";
    public const string Namespace = "kubernetes:core/v1:Namespace";
    public const string LimitRange = "kubernetes:core/v1:LimitRange";
    public const string ResourceQuota = "kubernetes:core/v1:ResourceQuota";
    public const string RoleBinding = "kubernetes:rbac.authorization.k8s.io/v1:RoleBinding";
    public const string Deployment = "kubernetes:apps/v1:Deployment";
    public const string Service = "kubernetes:core/v1:Service";
    public const string Secret = "kubernetes:core/v1:Secret";
    public const string Endpoints = "kubernetes:core/v1:Endpoints";
    public const string Ingress = "kubernetes:networking.k8s.io/v1:Ingress";

    // Custom resources: the kubernetes SDK registers them as kubernetes:<apiVersion>:<kind>.
    public const string TraefikApiVersion = "traefik.io/v1alpha1";
    public const string HelmChartConfigApiVersion = "helm.cattle.io/v1";
    public const string Middleware = $"kubernetes:{TraefikApiVersion}:Middleware";
    public const string HelmChartConfig = $"kubernetes:{HelmChartConfigApiVersion}:HelmChartConfig";
}

using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Platform.Stacks.Backup;
using Platform.Stacks.Plan;
using Platform.Stacks.Storage;
using Pulumi;
using Cloudflare = Pulumi.Cloudflare;
using Random = Pulumi.Random;

namespace Platform.Components.Backup;

/// <summary>
/// The backups (stacks/Backup/BackupPlan.cs): an R2 bucket of their own whose lifecycle deletes each copy after
/// the retention, a token for the hosts (Object Read &amp; Write on this bucket alone), a read-only token for
/// verify, the k3s archives' passphrase, and on each host the step that installs the daily timers.
/// </summary>
/// <remarks>
/// | output | secret |
/// |---|---|
/// | bucket, endpoint | no |
/// | readCredentials (accessKeyId, secretAccessKey: verify's read-only key) | yes |
/// | encryptionKey (the passphrase of the k3s archives: README, Restore k3s) | yes |
/// </remarks>
public sealed class Backups : ComponentResource
{
    public const string Type = Tokens.BackupComponent;

    /// <summary>Cloudflare's lifecycle condition type for "older than maxAge seconds".</summary>
    private const string AgeCondition = "Age";

    public Output<string> Bucket { get; }
    public Output<string> Endpoint { get; }
    public Output<ImmutableDictionary<string, string>> ReadCredentials { get; }
    public Output<string> EncryptionKey { get; }

    /// <param name="step">The resource of a step the plan names (what a backup step waits for: Vault's files, k3s's install).</param>
    public Backups(BackupPlan plan, Func<Stacks.Hetzner.HostAccess, SshAccess> access, Func<string, Resource> step, ComponentResourceOptions? options = null)
        : base(Type, plan.Name, options)
    {
        var bucket = new Cloudflare.R2Bucket(plan.BucketName, new Cloudflare.R2BucketArgs
        {
            AccountId = plan.AccountId,
            Name = plan.Target.Bucket,
            Location = plan.LocationHint,
            Jurisdiction = plan.Jurisdiction,
            StorageClass = R2BucketPlan.StorageClass,
        }, PolicyOptions.For(plan.BucketPolicy, this));

        _ = new Cloudflare.R2BucketLifecycle(plan.LifecycleName, new Cloudflare.R2BucketLifecycleArgs
        {
            AccountId = plan.AccountId,
            BucketName = bucket.Name,
            Jurisdiction = plan.Jurisdiction,
            // The whole lifecycle configuration of the bucket: R2's default multipart abort kept, and the retention.
            Rules =
            {
                new Cloudflare.Inputs.R2BucketLifecycleRuleArgs
                {
                    Id = R2BucketPlan.LifecycleRuleId,
                    Enabled = true,
                    Conditions = new Cloudflare.Inputs.R2BucketLifecycleRuleConditionsArgs { Prefix = "" },
                    AbortMultipartUploadsTransition = new Cloudflare.Inputs.R2BucketLifecycleRuleAbortMultipartUploadsTransitionArgs
                    {
                        Condition = new Cloudflare.Inputs.R2BucketLifecycleRuleAbortMultipartUploadsTransitionConditionArgs
                        {
                            Type = AgeCondition,
                            MaxAge = (int)TimeSpan.FromDays(R2BucketPlan.MultipartAbortDays).TotalSeconds,
                        },
                    },
                },
                new Cloudflare.Inputs.R2BucketLifecycleRuleArgs
                {
                    Id = BackupPlan.RetentionRuleId,
                    Enabled = true,
                    Conditions = new Cloudflare.Inputs.R2BucketLifecycleRuleConditionsArgs { Prefix = "" },
                    // R2 docs, "Object lifecycles": delete objects a given age after their upload.
                    DeleteObjectsTransition = new Cloudflare.Inputs.R2BucketLifecycleRuleDeleteObjectsTransitionArgs
                    {
                        Condition = new Cloudflare.Inputs.R2BucketLifecycleRuleDeleteObjectsTransitionConditionArgs
                        {
                            Type = AgeCondition,
                            MaxAge = (int)TimeSpan.FromDays(plan.RetentionDays).TotalSeconds,
                        },
                    },
                },
            },
        }, PolicyOptions.Child(this));

        var writer = Token(plan.WriterName, $"r2-{plan.Target.Bucket}-writer", R2BucketPlan.ObjectReadWritePermissionGroup, plan, bucket);
        var reader = Token(plan.ReaderName, $"r2-{plan.Target.Bucket}-reader", R2BucketPlan.ObjectReadPermissionGroup, plan, bucket);
        // R2's S3 credentials are derived from a token (Cloudflare R2 docs, developers.cloudflare.com/r2/api/tokens/, "Get S3 API
        // credentials from an API token"): id = token id, secret = SHA-256 of its value.
        var (writerId, writerSecret) = (writer.Id, writer.Value.Apply(Sha256Hex));

        Output<string>? key = null;
        if (plan.Hosts.Any(h => h.K3s))
            key = new Random.RandomBytes(plan.KeyName, new Random.RandomBytesArgs { Length = BackupPlan.KeyBytes }, PolicyOptions.Child(this)).Hex;

        foreach (var host in plan.Hosts)
        {
            var ssh = access(host.Host);
            var values = new List<Output<string>> { writerId, writerSecret };
            if (host.K3s) values.Add(key!);
            var stdin = Output.CreateSecret(Output.All(values).Apply(v => ScriptInputs.Encode(
                host.Inputs.Zip(v, (name, value) => new KeyValuePair<string, string>(name, value)))));
            var install = RemoteCommand.Create(host.CommandName, ssh.Connection(), host.Script, stdin,
                PolicyOptions.For(ResourcePolicy.None, this, dependsOn: [ssh.Ready, writer]));
            RemoteCommand.Create(host.FirstCommandName, ssh.Connection(), host.FirstScript, null,
                PolicyOptions.For(ResourcePolicy.None, this, dependsOn: [install, .. host.WaitsFor.Select(step)]));
        }

        Bucket = bucket.Name;
        Endpoint = Output.Create(plan.Target.Endpoint);
        ReadCredentials = Output.CreateSecret(Output.Tuple(reader.Id, reader.Value.Apply(Sha256Hex)).Apply(c =>
            ImmutableDictionary<string, string>.Empty.Add("accessKeyId", c.Item1).Add("secretAccessKey", c.Item2)));
        EncryptionKey = Output.CreateSecret(key ?? Output.Create(""));
        RegisterOutputs(new Dictionary<string, object?>
        {
            ["bucket"] = Bucket, ["endpoint"] = Endpoint, ["readCredentials"] = ReadCredentials, ["encryptionKey"] = EncryptionKey,
        });
    }

    /// <summary>An account token for this bucket alone (the API takes its resources as a JSON object).</summary>
    private Cloudflare.AccountToken Token(string logicalName, string name, string permissionGroup, BackupPlan plan, Cloudflare.R2Bucket bucket) =>
        new(logicalName, new Cloudflare.AccountTokenArgs
        {
            AccountId = plan.AccountId,
            Name = name,
            Policies =
            {
                new Cloudflare.Inputs.AccountTokenPolicyArgs
                {
                    Effect = "allow",
                    PermissionGroups = { new Cloudflare.Inputs.AccountTokenPolicyPermissionGroupArgs { Id = permissionGroup } },
                    Resources = bucket.Name.Apply(_ => JsonSerializer.Serialize(new Dictionary<string, string> { [plan.TokenResource] = "*" })),
                },
            },
        }, PolicyOptions.Child(this));

    private static string Sha256Hex(string value) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)));
}

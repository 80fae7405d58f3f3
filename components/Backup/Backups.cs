using System.Collections.Immutable;
using Platform.Stacks.Backup;
using Platform.Stacks.Plan;
using Platform.Components.Storage;
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

    public Output<string> Bucket { get; }
    public Output<string> Endpoint { get; }
    public Output<ImmutableDictionary<string, string>> ReadCredentials { get; }
    public Output<string> EncryptionKey { get; }

    /// <param name="step">The resource of a step the plan names (what a backup step waits for: Vault's files, k3s's install).</param>
    public Backups(BackupPlan plan, Func<Stacks.Hetzner.HostAccess, SshAccess> access, Func<string, Resource> step, ComponentResourceOptions? options = null)
        : base(Type, plan.Name, options)
    {
        var bucket = R2Parts.Bucket(plan.BucketName, plan.AccountId, plan.Target.Bucket, plan.LocationHint, plan.Jurisdiction,
            PolicyOptions.For(plan.BucketPolicy, this));

        _ = new Cloudflare.R2BucketLifecycle(plan.LifecycleName, new Cloudflare.R2BucketLifecycleArgs
        {
            AccountId = plan.AccountId,
            BucketName = bucket.Name,
            Jurisdiction = plan.Jurisdiction,
            // The whole lifecycle configuration of the bucket: R2's default multipart abort kept, and the retention.
            Rules =
            {
                R2Parts.MultipartAbortRule(),
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
                            Type = R2Parts.AgeCondition,
                            MaxAge = (int)TimeSpan.FromDays(plan.RetentionDays).TotalSeconds,
                        },
                    },
                },
            },
        }, PolicyOptions.Child(this));

        var writer = R2Parts.Token(plan.WriterName, $"r2-{plan.Target.Bucket}-writer", R2BucketPlan.ObjectReadWritePermissionGroup,
            plan.AccountId, plan.TokenResource, bucket, PolicyOptions.Child(this));
        var reader = R2Parts.Token(plan.ReaderName, $"r2-{plan.Target.Bucket}-reader", R2BucketPlan.ObjectReadPermissionGroup,
            plan.AccountId, plan.TokenResource, bucket, PolicyOptions.Child(this));
        var (writerId, writerSecret) = (writer.Id, R2Parts.S3SecretKey(writer));

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
        ReadCredentials = Output.CreateSecret(Output.Tuple(reader.Id, R2Parts.S3SecretKey(reader)).Apply(c =>
            ImmutableDictionary<string, string>.Empty.Add("accessKeyId", c.Item1).Add("secretAccessKey", c.Item2)));
        EncryptionKey = Output.CreateSecret(key ?? Output.Create(""));
        RegisterOutputs(new Dictionary<string, object?>
        {
            ["bucket"] = Bucket, ["endpoint"] = Endpoint, ["readCredentials"] = ReadCredentials, ["encryptionKey"] = EncryptionKey,
        });
    }
}

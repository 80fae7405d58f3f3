using Platform.Stacks.Plan;
using Platform.Stacks.Storage;
using Pulumi;
using Local = Pulumi.Command.Local;

namespace Platform.Components.Storage;

/// <summary>
/// A Hetzner Object Storage bucket and its browser-upload CORS rule, through two S3 calls the deploy runner
/// makes (stacks/Storage/HetznerS3Scripts.cs: why not the AWS provider, with the evidence). The only file
/// that knows how Hetzner buckets are made.
/// </summary>
/// <remarks>Outputs: STORAGE_S3_ENDPOINT, STORAGE_S3_BUCKET, STORAGE_S3_REGION (plain; the keys are the operator's).</remarks>
public sealed class HetznerBucket : ComponentResource
{
    public const string Type = Tokens.HetznerBucketComponent;

    public Output<string> Endpoint { get; }
    public Output<string> Bucket { get; }
    public Output<string> Region { get; }

    public HetznerBucket(HetznerBucketPlan plan, Input<string> accessKey, Input<string> secretKey, ComponentResourceOptions? options = null)
        : base(Type, plan.Name, options)
    {
        // The keys go to the scripts on stdin only, as a secret.
        var stdin = Output.CreateSecret(Output.Tuple(accessKey, secretKey).Apply(k => ScriptInputs.Encode(
        [
            new(HetznerS3Scripts.AccessKeyInput, k.Item1),
            new(HetznerS3Scripts.SecretKeyInput, k.Item2),
        ])));

        var bucket = Step(plan.BucketName, plan.CreateScript, stdin, PolicyOptions.For(plan.Policy, this));
        _ = Step(plan.CorsName, plan.CorsScript, stdin, PolicyOptions.For(ResourcePolicy.None, this, dependsOn: [bucket]));

        Endpoint = Output.Create(plan.Endpoint);
        // The bucket's name once it exists, so that consumers wait for it.
        Bucket = bucket.Id.Apply(_ => plan.Name);
        Region = Output.Create(HetznerBucketPlan.S3Region);
        RegisterOutputs(new Dictionary<string, object?>
        {
            [S3Outputs.Endpoint] = Endpoint,
            [S3Outputs.Bucket] = Bucket,
            [S3Outputs.Region] = Region,
        });
    }

    /// <summary>
    /// A bash step on the deploy runner. No delete command: the bucket and its objects outlive the stack. A
    /// changed script or key (another CORS rule, rotated keys) is an update, not a replacement: with no
    /// `update` command pulumi-command v1.2.1 runs `create` again (provider/pkg/provider/local/commandController.go,
    /// Update), so protection does not block it; both calls are idempotent.
    /// </summary>
    private static Local.Command Step(string name, string script, Output<string> stdin, CustomResourceOptions options)
    {
        options.AdditionalSecretOutputs = [.. RemoteCommands.SecretOutputs];
        return new Local.Command(name, new Local.CommandArgs
        {
            Create = script,
            // The script is bash (set -o pipefail, ${var//…}), not the default /bin/sh.
            Interpreter = { "bash", "-c" },
            Stdin = stdin,
            // Nothing of the output goes to the deployment log.
            Logging = Local.Logging.None,
        }, options);
    }
}

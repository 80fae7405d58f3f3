using Platform.Stacks.Plan;
using Platform.Stacks.Storage;
using Platform.Stacks.Tests.Scripts;

namespace Platform.Stacks.Tests.Storage;

/// <summary>
/// What Ceph RGW cannot show (<see cref="HetznerBucketScriptTests"/> runs everything else against it): RGW answers
/// its owner's CreateBucket of an existing bucket with 200, as S3 does in us-east-1, never with S3's
/// <c>409 BucketAlreadyOwnedByYou</c> (tried on 16.2.15, with and without <c>rgw_bucket_eexist_override</c>). The
/// create step must adopt on that answer too, should Hetzner's gateway or a later RGW give it: the loopback S3
/// (<see cref="LoopbackS3"/>) answers it.
/// </summary>
public sealed class HetznerBucketLoopbackTests : IDisposable
{
    private const string AccessKey = "HETZNERTESTKEY0001";
    private const string SecretKey = "s3cr\"et\\with/quote+slash=";
    private const string Bucket = "hwdao-test-archive";
    private readonly LoopbackS3 _s3 = new(AccessKey, SecretKey, HetznerBucketPlan.S3Region);

    [Fact]
    public void A_409_bucket_already_owned_by_you_is_adoption()
    {
        var script = HetznerS3Scripts.CreateBucket(_s3.Endpoint, Bucket, HetznerBucketPlan.S3Region);
        var stdin = ScriptInputs.Encode([new(HetznerS3Scripts.AccessKeyInput, AccessKey), new(HetznerS3Scripts.SecretKeyInput, SecretKey)]);

        var first = LocalScript.Run(script, stdin);
        var second = LocalScript.Run(script, stdin);

        Assert.True(first.Exit == 0, first.Error);
        Assert.True(second.Exit == 0, second.Error);
        Assert.Contains("adopted", second.Output);
    }

    public void Dispose() => _s3.Dispose();
}

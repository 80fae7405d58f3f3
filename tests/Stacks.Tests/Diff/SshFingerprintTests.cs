using System.Diagnostics;
using Platform.Cli.Diff;
using Platform.Stacks.Hetzner;
using Platform.Tests.Shared;

namespace Platform.Stacks.Tests.Diff;

/// <summary>
/// An SSH key's fingerprint as `diff` prints it is exactly what the real `ssh-keygen -lf` prints for the same
/// .pub line (openssh-client, listed in .ci/apt-packages), so an operator can compare it with their own key.
/// </summary>
public class SshFingerprintTests
{
    [Theory]
    [InlineData("ed25519", null, "deploy@oracle-bridge")]
    [InlineData("rsa", "2048", "root@ax42u-hel1")]
    [InlineData("rsa", "3072", "a comment with spaces")]
    [InlineData("ecdsa", "256", "ops")]
    [InlineData("ecdsa", "384", "ops")]
    [InlineData("ecdsa", "521", "ops")]
    [InlineData("ed25519", null, "")]
    public void The_fingerprint_is_ssh_keygens(string type, string? bits, string comment)
    {
        var dir = Directory.CreateTempSubdirectory("platform-ssh-").FullName;
        var file = Path.Combine(dir, "key");
        List<string> args = ["-q", "-t", type, "-N", "", "-C", comment, "-f", file];
        if (bits is not null) args.InsertRange(0, ["-b", bits]);
        Assert.Equal(0, SshKeygen(args).ExitCode);

        var expected = SshKeygen(["-l", "-f", file + ".pub"]).Stdout.TrimEnd('\n');
        var line = File.ReadAllText(file + ".pub").Trim();

        Assert.Equal(expected, SshFingerprint.Of(line)!.ToString());
    }

    [Fact]
    public void A_key_whose_base64_does_not_decode_has_no_fingerprint() =>
        Assert.Null(SshFingerprint.Of("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOracleBridgeDeployKeyPublicHalfReplaceMe0001 x"));

    private static ChildProcess.Result SshKeygen(IEnumerable<string> args)
    {
        var info = new ProcessStartInfo("ssh-keygen");
        foreach (var a in args) info.ArgumentList.Add(a);
        return ChildProcess.Run(info);
    }
}

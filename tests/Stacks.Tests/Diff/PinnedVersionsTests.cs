using System.Text.RegularExpressions;
using Platform.Cli.Diff;

namespace Platform.Stacks.Tests.Diff;

/// <summary>
/// The replacement knowledge was read at the provider versions Directory.Packages.props pins: bumping one
/// fails this test until cli/Diff/ProviderBehaviour.cs is read again at the new version (and its citations updated).
/// </summary>
public class PinnedVersionsTests
{
    [Theory]
    [InlineData("Pulumi.HCloud", "pulumi-hcloud")]
    [InlineData("Pulumi.Cloudflare", "pulumi-cloudflare")]
    [InlineData("Pulumi.Kubernetes", "pulumi-kubernetes")]
    [InlineData("Pulumi.Command", "pulumi-command")]
    [InlineData("Pulumi.Random", "pulumi-random")]
    public void The_provider_table_cites_the_pinned_version(string package, string repository)
    {
        var props = File.ReadAllText(Path.Combine(Stack.RepoRoot, "Directory.Packages.props"));
        var version = Regex.Match(props, $"<PackageVersion Include=\"{Regex.Escape(package)}\" Version=\"([^\"]+)\"").Groups[1].Value;
        Assert.NotEqual("", version);

        var sources = ProviderBehaviour.Known.Select(k => ProviderBehaviour.Of(k.Type, k.Key)!.Source).ToList();

        Assert.Contains(sources, s => s.Contains($"{repository} v{version}", StringComparison.Ordinal));
    }
}

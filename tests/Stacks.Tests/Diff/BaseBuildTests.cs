using System.Diagnostics;
using Platform.Tests.Shared;
using static Platform.Stacks.Tests.Diff.TestGit;

namespace Platform.Stacks.Tests.Diff;

/// <summary>
/// A change that edits the program's code is diffed against the base as the base's own code plans it: the
/// base revision is built in a temporary folder (a real `dotnet build`, tens of seconds) and asked for its
/// plan, so a script line the code change removes shows in the diff. Without this, both sides would be
/// planned by the working tree's code and the diff would show nothing. The base may have either layout: the
/// model (stacks/) and the command line (cli/) as two projects, or, before them, one project stacks/Stacks.csproj
/// holding both and built as platform.dll (rebuilt here from today's sources as that project was written).
/// </summary>
public class BaseBuildTests
{
    private static readonly string[] ProjectFiles = ["Directory.Build.props", "Directory.Packages.props", "global.json", "Pulumi.yaml", "Pulumi.production.yaml"];

    [Theory]
    [InlineData("two projects")]
    [InlineData("one project")]
    public void A_script_line_changed_in_the_code_shows_against_the_base_built_from_its_own_code(string layout)
    {
        var repo = Directory.CreateTempSubdirectory("platform-diff-code-").FullName;
        foreach (var file in ProjectFiles)
            File.Copy(Path.Combine(Stack.RepoRoot, file), Path.Combine(repo, file));
        if (layout == "two projects")
        {
            CopyCode(Path.Combine(Stack.RepoRoot, "stacks"), Path.Combine(repo, "stacks"));
            CopyCode(Path.Combine(Stack.RepoRoot, "cli"), Path.Combine(repo, "cli"));
        }
        else
            OneProject(repo);
        var vlanScript = Path.Combine(repo, "stacks", "Hetzner", "Scripts", "vlan.sh");
        var original = File.ReadAllText(vlanScript);
        const string anchor = "\n# netplan refuses a VLAN whose link";
        Assert.Contains(anchor, original);
        // The base's code writes one more line into the VLAN script; the working tree (this program's code) does not.
        File.WriteAllText(vlanScript, original.Replace(anchor, "\n# A LINE ONLY THE BASE'S CODE WRITES" + anchor));
        Git(repo, "init", "-q", "-b", "main");
        Git(repo, "add", ".");
        Git(repo, "commit", "-q", "-m", "base");
        File.WriteAllText(vlanScript, original);
        // The command line as a child with a temporary folder of its own: other tests of this run (and other runs on
        // the machine) build bases in the shared one at the same time, so only a folder of its own shows what it left.
        var temporary = Directory.CreateTempSubdirectory("platform-diff-tmp-").FullName;
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "platform.dll"), "diff", "production", "--base", "main", "--dir", repo]);
        start.Environment["TMPDIR"] = temporary;

        var (exit, output, error) = ChildProcess.Run(start);

        Assert.True(exit == 1, error);
        Assert.Contains("stacks/Hetzner/Scripts/vlan.sh", output);
        Assert.Contains("the base was planned by its own code", output);
        Assert.Contains("-# A LINE ONLY THE BASE'S CODE WRITES\n", output);
        Assert.Contains("~ ax42u-hel1-vlan (command:remote:Command): update in place", output);
        Assert.Empty(Directory.GetDirectories(temporary, "platform-diff-base-*")); // the base's tree and build are gone
        Assert.Equal("", Git(repo, "status", "--porcelain", "--untracked-files=no").Replace(" M stacks/Hetzner/Scripts/vlan.sh\n", ""));
    }

    /// <summary>
    /// The layout before the model and the command line were two projects: one executable stacks/Stacks.csproj,
    /// assembly platform, the command line under stacks/Cli/. No lock file: the committed ones are the two projects'.
    /// </summary>
    private static void OneProject(string repo)
    {
        var stacks = Path.Combine(repo, "stacks");
        CopyCode(Path.Combine(Stack.RepoRoot, "stacks"), stacks, except: ["Stacks.csproj", "packages.lock.json"]);
        CopyCode(Path.Combine(Stack.RepoRoot, "cli"), Path.Combine(stacks, "Cli"), except: ["Cli.csproj", "packages.lock.json"]);
        File.WriteAllText(Path.Combine(stacks, "Stacks.csproj"), """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <AssemblyName>platform</AssemblyName>
                <RootNamespace>Platform.Stacks</RootNamespace>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="YamlDotNet" />
                <PackageReference Include="System.CommandLine" />
                <PackageReference Include="DnsClient" />
              </ItemGroup>
              <ItemGroup>
                <EmbeddedResource Include="Cli/Verify/cloudflare-ips.txt" LogicalName="cloudflare-ips.txt" />
                <EmbeddedResource Include="**/*.sh" Exclude="bin/**;obj/**" LogicalName="%(RecursiveDir)%(Filename)%(Extension)" />
              </ItemGroup>
            </Project>
            """);
    }

    private static void CopyCode(string from, string to, string[]? except = null)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from).Where(f => except?.Contains(Path.GetFileName(f)) != true))
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        foreach (var dir in Directory.GetDirectories(from).Where(d => Path.GetFileName(d) is not ("bin" or "obj")))
            CopyCode(dir, Path.Combine(to, Path.GetFileName(dir)));
    }
}

using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Platform.Stacks.Cli;
using Platform.Stacks.Plan;

namespace Platform.Stacks.Tests.Scripts;

/// <summary><c>scripts STACK DIR</c> and the scripts' hashes in the JSON plan: what a reviewer reads of the hosts.</summary>
public class ScriptsVerbTests
{
    private static (int Exit, string Out, string Err) Run(params string[] args)
    {
        var (stdout, stderr) = (new StringWriter(), new StringWriter());
        var exit = CommandLine.Run(args, stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    [Theory]
    [InlineData("staging")]
    [InlineData("production")]
    public void Every_script_of_the_stack_is_written_under_its_commands_logical_name(string stack)
    {
        var dir = Directory.CreateTempSubdirectory("platform-scripts-").FullName;
        try
        {
            var (exit, output, error) = Run("scripts", stack, dir, "--dir", Stack.RepoRoot);

            Assert.True(exit == 0, error);
            var expected = RemoteCommands.Of(Stack.Load(stack).Plan()).ToList();
            Assert.Equal(expected.Select(s => s.FileName).Order(), Directory.GetFiles(dir).Select(Path.GetFileName).Order());
            foreach (var script in expected)
            {
                var written = File.ReadAllText(Path.Combine(dir, script.FileName));
                // The header is comments after the first line: what runs is the same text.
                Assert.Equal(script.Text, string.Join("\n", written.Split('\n').Where((l, i) => i == 0 || !IsHeader(l))));
                Assert.Contains(script.Sha256, output);
            }
            Assert.Contains("k3s-install.sh", output);
            Assert.Contains(stack == "production" ? "ax42u-hel1-vlan.sh" : "staging-k3s-host.sh", output);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void The_header_names_the_inputs_and_never_their_values()
    {
        var script = RemoteCommands.Of(Stack.Production.Plan()).Single(s => s.Name == "k3s-install");

        var text = ScriptsCommand.WithHeader("production", script);

        Assert.StartsWith("#!/usr/bin/env bash\n# production: k3s-install, remote command on ax42u-hel1\n# stdin inputs: K3S_PUBLIC_IP (", text);
        Assert.DoesNotContain("157.180.13.84", text.Split('\n')[2]);
    }

    [Fact]
    public void A_cloud_config_keeps_its_first_line()
    {
        var config = RemoteCommands.Of(Stack.Staging.Plan()).First(s => s.Kind == HostScriptKind.CloudConfig);

        Assert.StartsWith("#cloud-config\n# staging: ", ScriptsCommand.WithHeader("staging", config));
        Assert.EndsWith(".cloud-config.yaml", config.FileName);
    }

    [Fact]
    public void The_json_plan_carries_each_scripts_sha256_and_a_changed_script_changes_only_its_own()
    {
        var before = Hashes(Stack.Production);
        var after = Hashes(Stack.Production.Set("platform:cluster.k3sVersion", "v1.31.5+k3s1"));

        var install = RemoteCommands.Of(Stack.Production.Plan()).Single(s => s.Name == "k3s-install");
        Assert.Equal(Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(install.Text))).ToLowerInvariant(), before["k3s-install"]);
        Assert.Equal(["k3s-install"], before.Keys.Where(k => before[k] != after[k]));
        Assert.Equal(RemoteCommands.Of(Stack.Production.Plan()).Select(s => s.Name).Order(), before.Keys.Order());
    }

    [Fact]
    public void Scripts_without_a_folder_is_a_usage_error()
    {
        var (exit, _, error) = Run("scripts", "production", "--dir", Stack.RepoRoot);

        Assert.Equal(2, exit);
        Assert.Contains("Required argument missing for command: 'scripts'", error);
        Assert.Contains("<DIR>", error); // the verb's usage follows the error
    }

    private static bool IsHeader(string line) =>
        line.StartsWith("# production: ") || line.StartsWith("# staging: ") || line.StartsWith("# stdin inputs: ") || line.StartsWith("# sha256 of the script");

    private static Dictionary<string, string> Hashes(Stack stack)
    {
        using var json = JsonDocument.Parse(JsonPlan.Write(stack.Plan()));
        return json.RootElement.GetProperty("scripts").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!);
    }
}

using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Platform.Cli;
using Platform.Stacks.Plan;
using static Platform.Stacks.Tests.Cli.CliRun;

namespace Platform.Stacks.Tests.Scripts;

/// <summary><c>scripts STACK DIR</c> and the scripts' hashes in the JSON plan: what a reviewer reads of the hosts.</summary>
public class ScriptsVerbTests
{
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
            Assert.Equal(expected.Select(s => s.FileName).Append(ScriptsCommand.Manifest).Order(), Directory.GetFiles(dir).Select(Path.GetFileName).Order());
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

    /// <summary>
    /// Review A12: a symbolic link planted in DIR under a script's name never makes `scripts` write through it (the
    /// README's recovery runs it as root). A rerun refuses the folder; and a file replaced by a link between the check
    /// and the write is replaced, not followed (each file is written under a temporary name and renamed over it).
    /// </summary>
    [Fact]
    public void A_symbolic_link_in_the_folder_is_never_written_through()
    {
        var dir = Directory.CreateTempSubdirectory("platform-scripts-").FullName;
        var victim = Path.Combine(Directory.CreateTempSubdirectory("platform-victim-").FullName, "hostname");
        File.WriteAllText(victim, "victim\n");
        try
        {
            Assert.Equal(0, Run("scripts", "staging", dir, "--dir", Stack.RepoRoot).Exit);
            File.Delete(Path.Combine(dir, "k3s-install.sh"));
            File.CreateSymbolicLink(Path.Combine(dir, "k3s-install.sh"), victim);

            var (exit, _, error) = Run("scripts", "staging", dir, "--dir", Stack.RepoRoot);

            Assert.Equal(2, exit);
            Assert.Contains("symbolic links (k3s-install.sh)", error);
            Assert.Equal("victim\n", File.ReadAllText(victim));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Each_file_is_renamed_into_place_so_a_link_there_is_replaced_not_followed()
    {
        var dir = Directory.CreateTempSubdirectory("platform-scripts-").FullName;
        var victim = Path.Combine(Directory.CreateTempSubdirectory("platform-victim-").FullName, "hostname");
        File.WriteAllText(victim, "victim\n");
        try
        {
            // The write itself, as if the link appeared after the folder was checked.
            var plan = Stack.Staging.Plan();
            Directory.CreateDirectory(dir);
            File.CreateSymbolicLink(Path.Combine(dir, "k3s-install.sh"), victim);
            var write = typeof(ScriptsCommand).GetMethod("Replace", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!;
            write.Invoke(null, [Path.Combine(dir, "k3s-install.sh"), "#!/usr/bin/env bash\n", true]);

            Assert.Equal("victim\n", File.ReadAllText(victim));
            Assert.Null(new FileInfo(Path.Combine(dir, "k3s-install.sh")).LinkTarget);
            Assert.Equal("#!/usr/bin/env bash\n", File.ReadAllText(Path.Combine(dir, "k3s-install.sh")));
            Assert.Single(Directory.GetFiles(dir)); // no temporary file left
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

    [Fact]
    public void A_folder_holding_another_stacks_scripts_is_refused_and_left_as_it_was()
    {
        var dir = Directory.CreateTempSubdirectory("platform-scripts-").FullName;
        try
        {
            Assert.Equal(0, Run("scripts", "production", dir, "--dir", Stack.RepoRoot).Exit);
            var before = Snapshot(dir);

            var (exit, output, error) = Run("scripts", "staging", dir, "--dir", Stack.RepoRoot);

            Assert.Equal(2, exit);
            Assert.Empty(output);
            Assert.Contains("holds the scripts of stack 'production', not staging's", error);
            Assert.Equal(before, Snapshot(dir));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void A_non_empty_folder_this_command_did_not_write_is_refused()
    {
        var dir = Directory.CreateTempSubdirectory("platform-scripts-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(dir, "notes.txt"), "mine");

            var (exit, _, error) = Run("scripts", "production", dir, "--dir", Stack.RepoRoot);

            Assert.Equal(2, exit);
            Assert.Contains("is not empty and holds no scripts written by this command", error);
            Assert.Equal(["notes.txt"], Directory.GetFiles(dir).Select(Path.GetFileName));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Writing_the_same_stack_again_replaces_its_own_files_and_removes_a_script_it_no_longer_runs()
    {
        var dir = Directory.CreateTempSubdirectory("platform-scripts-").FullName;
        try
        {
            Assert.Equal(0, Run("scripts", "production", dir, "--dir", Stack.RepoRoot).Exit);
            // What an older plan wrote: a script the stack has since dropped, listed in the manifest.
            File.WriteAllText(Path.Combine(dir, "retired-step.sh"), "#!/bin/sh\n");
            File.AppendAllText(Path.Combine(dir, ScriptsCommand.Manifest), "retired-step.sh\n");
            File.WriteAllText(Path.Combine(dir, "k3s-install.sh"), "edited by hand\n");

            var (exit, output, error) = Run("scripts", "production", dir, "--dir", Stack.RepoRoot);

            Assert.True(exit == 0, error);
            Assert.False(File.Exists(Path.Combine(dir, "retired-step.sh")));
            Assert.Contains("removed ", output);
            Assert.StartsWith("#!/usr/bin/env bash", File.ReadAllText(Path.Combine(dir, "k3s-install.sh")));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void A_manifest_naming_a_path_outside_the_folder_deletes_nothing_outside_it()
    {
        var dir = Directory.CreateTempSubdirectory("platform-scripts-").FullName;
        var outside = Path.Combine(Path.GetDirectoryName(dir)!, Path.GetFileName(dir) + "-victim.txt");
        try
        {
            File.WriteAllText(outside, "keep me");
            Assert.Equal(0, Run("scripts", "production", dir, "--dir", Stack.RepoRoot).Exit);
            File.AppendAllText(Path.Combine(dir, ScriptsCommand.Manifest), $"../{Path.GetFileName(outside)}\n");

            Assert.Equal(0, Run("scripts", "production", dir, "--dir", Stack.RepoRoot).Exit);

            Assert.Equal("keep me", File.ReadAllText(outside));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
            File.Delete(outside);
        }
    }

    [Fact]
    public void The_json_report_lists_each_file_with_its_hash()
    {
        var dir = Path.Combine(Directory.CreateTempSubdirectory("platform-scripts-").FullName, "new");
        try
        {
            var (exit, output, _) = Run("scripts", "staging", dir, "-o", "json", "--dir", Stack.RepoRoot);

            Assert.Equal(0, exit);
            var json = JsonDocument.Parse(output).RootElement;
            var install = json.GetProperty("scripts").EnumerateArray().Single(s => s.GetProperty("resource").GetString() == "k3s-install");
            Assert.Equal(Path.Combine(dir, "k3s-install.sh"), install.GetProperty("file").GetString());
            Assert.Equal(64, install.GetProperty("sha256").GetString()!.Length);
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(dir)!, recursive: true);
        }
    }

    private static Dictionary<string, string> Snapshot(string dir) =>
        Directory.GetFiles(dir).ToDictionary(f => Path.GetFileName(f), File.ReadAllText);

    private static bool IsHeader(string line) =>
        line.StartsWith("# production: ") || line.StartsWith("# staging: ") || line.StartsWith("# stdin inputs: ") || line.StartsWith("# sha256 of the script");

    private static Dictionary<string, string> Hashes(Stack stack)
    {
        using var json = JsonDocument.Parse(JsonPlan.Write(stack.Plan()));
        return json.RootElement.GetProperty("scripts").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!);
    }
}

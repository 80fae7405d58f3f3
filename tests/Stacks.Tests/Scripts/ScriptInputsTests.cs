using System.Diagnostics;
using Platform.Stacks.Plan;

namespace Platform.Stacks.Tests.Scripts;

/// <summary>The stdin protocol of the remote scripts, run through bash as a host would run it.</summary>
public class ScriptInputsTests
{
    [Fact]
    public void A_script_reads_its_inputs_from_stdin_multi_line_values_included()
    {
        var script = Shell.Script("test", "printf '%s|%s' \"$VAULT_INIT_JSON\" \"${OTHER:-unset}\"", ["VAULT_INIT_JSON"]);
        var json = "{\n  \"root_token\": \"s.x'y\"\n}";

        var output = Bash(script, ScriptInputs.Encode([new("VAULT_INIT_JSON", json), new("OTHER", "ignored: not a declared input")]));

        Assert.Equal(json + "|unset", output);
    }

    [Fact]
    public void A_script_without_inputs_reads_nothing() =>
        Assert.DoesNotContain("read -r", Shell.Script("test", "true"));

    private static string Bash(string script, string stdin)
    {
        var info = new ProcessStartInfo("bash", ["-c", script])
        {
            RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true,
        };
        using var p = Process.Start(info)!;
        p.StandardInput.Write(stdin);
        p.StandardInput.Close();
        var output = p.StandardOutput.ReadToEnd();
        var error = p.StandardError.ReadToEnd();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, error);
        return output;
    }
}

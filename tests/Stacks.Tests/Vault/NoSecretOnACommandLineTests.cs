using System.Text.RegularExpressions;
using Platform.Stacks.Cluster;
using Platform.Stacks.Tests.Scripts;

namespace Platform.Stacks.Tests.Vault;

/// <summary>
/// Defect 3, for every generated script of both stacks: a secret input is only ever handed to the bash
/// builtin <c>printf</c> (no process, so nothing in <c>ps</c>), piped or redirected to a file that a tool then
/// reads. Any other use (an argument of jq, curl or anything else) fails here. The Vault runs also record the
/// arguments of every program they start (VaultDayOneTests).
/// </summary>
public sealed partial class NoSecretOnACommandLineTests
{
    /// <summary>Inputs that are public by definition; every other input of every script counts as a secret.</summary>
    private static readonly string[] PublicInputs = [K3sScripts.PublicIpVariable];

    [Theory]
    [MemberData(nameof(GeneratedScripts.All), MemberType = typeof(GeneratedScripts))]
    public void Secret_inputs_reach_only_printf_into_a_pipe_or_a_file(string stack, string script)
    {
        var text = GeneratedScripts.Text(stack, script);
        var declared = Reader().Match(text);
        if (!declared.Success) return; // a script without inputs has no secret to leak
        var lines = text.Split('\n');
        foreach (var input in declared.Groups[1].Value.Split('|').Except(PublicInputs))
            foreach (var line in lines.Where(l => Regex.IsMatch(l, $@"\${{?{input}\b")))
            {
                // A shell variable escaped from the input by parameter expansion alone (no process runs) may only
                // go on, in turn, to printf piped into a tool's stdin (the Hetzner bucket steps' curl config).
                if (Regex.Match(line, $@"^\s*([a-z_]+)=\$\{{{input}//[^}}]*\}}$") is { Success: true } escaped)
                {
                    AssertReachesOnlyPrintfIntoAPipe(escaped.Groups[1].Value, lines);
                    continue;
                }
                Assert.Matches(new Regex($@"^\s*printf '%s' ""\$\{{{input}(:[?-])?\}}"" (\||>)"), line);
            }
    }

    private static void AssertReachesOnlyPrintfIntoAPipe(string variable, string[] lines)
    {
        foreach (var line in lines.Where(l => Regex.IsMatch(l, $@"\${{?{variable}\b")))
        {
            Assert.Matches(new Regex($@"^\s*({variable}=\$\{{{variable}//[^}}]*\}}|printf '[^']*'( ""\$\{{?[a-z_]+\}}?"")+ \|)"), line);
            // Nothing after the pipe: the tool it feeds takes no secret among its arguments.
            Assert.DoesNotMatch(new Regex($@"\|.*\${{?{variable}\b"), line);
        }
    }

    [GeneratedRegex(@"case ""\$input_name"" in\n\s*([A-Z0-9_|]+)\)")]
    private static partial Regex Reader();
}

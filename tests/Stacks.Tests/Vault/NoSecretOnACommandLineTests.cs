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
        // A secret may also be copied into a shell variable (an assignment runs no process); that variable is
        // then held to the same rule. The printf may combine several of them into one format.
        var tainted = new Queue<string>(declared.Groups[1].Value.Split('|').Except(PublicInputs));
        var seen = new HashSet<string>(tainted);
        while (tainted.TryDequeue(out var name))
            foreach (var line in text.Split('\n').Where(l => Regex.IsMatch(l, $@"\${{?{name}\b")))
            {
                if (Regex.Match(line, $@"^\s*([a-z_][a-z0-9_]*)=""?\$\{{{name}(//[^}}]*)?\}}""?$") is { Success: true } copy)
                {
                    if (seen.Add(copy.Groups[1].Value)) tainted.Enqueue(copy.Groups[1].Value);
                    continue;
                }
                Assert.Matches(new Regex(@"^\s*printf '[^']*'( ""\$\{?[A-Za-z_][A-Za-z0-9_]*(:[?-])?\}?"")+ (\||>)"), line);
                // Nothing after the pipe or redirection names it: the tool fed takes no secret among its arguments.
                Assert.DoesNotMatch(new Regex($@"[|>].*\${{?{name}\b"), line);
            }
    }

    [GeneratedRegex(@"case ""\$input_name"" in\n\s*([A-Z0-9_|]+)\)")]
    private static partial Regex Reader();
}

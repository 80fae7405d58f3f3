using Platform.Stacks.Plan;
using Platform.Stacks.Tests.Scripts.Harness;

namespace Platform.Stacks.Tests.Scripts;

/// <summary>The stdin protocol of the remote scripts, run through bash as a host would run it.</summary>
public class ScriptInputsTests
{
    /// <summary>
    /// Values a host really receives, and the shapes that broke the first reader: every UTF-8 length modulo
    /// 3 (so base64 ends in no, one and two '='), trailing newlines, quotes, command substitutions, unicode.
    /// </summary>
    public static TheoryData<string, string> AdversarialValues() => new()
    {
        { "empty", "" },
        { "one byte (2 '=')", "a" },
        { "two bytes (1 '=')", "ab" },
        { "three bytes (no '=')", "abc" },
        { "a public IP of length 2 mod 3", "95.217.1.12" },
        { "a 50-byte API key", new string('k', 50) },
        { "trailing newline", "line\n" },
        { "two trailing newlines", "line\n\n" },
        { "only newlines", "\n\n\n" },
        { "leading and trailing blanks", "  padded\t " },
        { "quotes and substitutions", "it's \"$(rm -rf /)\" `id` ${HOME} \\n" },
        { "equals signs", "a=b==c=" },
        { "unicode", "Grüße, 東京 🚀" },
        { "a PEM", Fixtures.Pem },
        { "a JSON document", "{\n  \"unseal_keys_b64\": [\"a+/=\"],\n  \"root_token\": \"hvs.x'y\"\n}\n" },
    };

    [Theory]
    [MemberData(nameof(AdversarialValues))]
    public void A_value_arrives_byte_for_byte(string shape, string value)
    {
        // od shows the bytes: a lost '=' or newline cannot hide in the output's own trailing newline.
        var script = Shell.Script("test", "printf '%s' \"$VALUE\" | od -An -tx1 -v", ["VALUE"]);

        var output = Bash(script, ScriptInputs.Encode([new("VALUE", value)]));

        Assert.True(Hex(value) == Hex(output, fromOd: true), $"{shape}: sent {Hex(value)}, the script saw {Hex(output, fromOd: true)}");
    }

    [Fact]
    public void Every_length_modulo_3_with_and_without_a_trailing_newline_arrives_whole()
    {
        var values = Enumerable.Range(0, 9).SelectMany(n => new[] { new string('v', n), new string('v', n) + "\n" }).ToList();
        var names = values.Select((_, i) => $"V{i}").ToList();
        var body = string.Concat(names.Select(n => $"printf '%s|' \"${{{n}}}\"\n"));

        var output = Bash(Shell.Script("test", body, names), ScriptInputs.Encode(names.Zip(values, (n, v) => new KeyValuePair<string, string>(n, v))));

        Assert.Equal(string.Concat(values.Select(v => v + "|")), output);
    }

    [Fact]
    public void A_script_reads_its_inputs_from_stdin_and_ignores_undeclared_ones()
    {
        var script = Shell.Script("test", "printf '%s|%s' \"$VAULT_INIT_JSON\" \"${OTHER:-unset}\"", ["VAULT_INIT_JSON"]);
        var json = "{\n  \"root_token\": \"s.x'y\"\n}";

        var output = Bash(script, ScriptInputs.Encode([new("VAULT_INIT_JSON", json), new("OTHER", "ignored: not a declared input")]));

        Assert.Equal(json + "|unset", output);
    }

    [Fact]
    public void The_last_line_is_read_without_its_newline()
    {
        var stdin = ScriptInputs.Encode([new("VALUE", "ab")]).TrimEnd('\n');

        Assert.Equal("ab", Bash(Shell.Script("test", "printf '%s' \"$VALUE\"", ["VALUE"]), stdin));
    }

    [Fact]
    public void A_corrupt_input_stops_the_script_naming_the_input_but_not_its_value()
    {
        var (exit, output, error) = Run(Shell.Script("test", "echo reached", ["VALUE"]), "VALUE=not*base64\n");

        Assert.NotEqual(0, exit);
        Assert.DoesNotContain("reached", output);
        Assert.Contains("input VALUE is not valid base64", error);
        Assert.DoesNotContain("not*base64", error);
    }

    [Fact]
    public void No_child_process_inherits_an_input_even_one_the_environment_exported()
    {
        // The runner's environment may export a variable of the same name (a local step): it is dropped too.
        var script = Shell.Script("test", "printf '%s|' \"$VALUE\"; env | grep -c -e '^VALUE=' -e '^SECRET=' || true", ["VALUE", "SECRET"]);

        var output = Bash($"export VALUE=from-the-environment\nbash -c {Shell.Quote(script)}", ScriptInputs.Encode([new("VALUE", "v"), new("SECRET", "s")]));

        Assert.Equal("v|0\n", output);
    }

    [Fact]
    public void A_script_without_inputs_reads_nothing() =>
        Assert.DoesNotContain("read -r", Shell.Script("test", "true"));

    private static string Hex(string text, bool fromOd = false) => fromOd
        ? string.Concat(text.Split((char[])[' ', '\n'], StringSplitOptions.RemoveEmptyEntries))
        : Convert.ToHexString(System.Text.Encoding.UTF8.GetBytes(text)).ToLowerInvariant();

    private static string Bash(string script, string stdin)
    {
        var (exit, output, error) = Run(script, stdin);
        Assert.True(exit == 0, error);
        return output;
    }

    // As sshd runs a remote command (bash -c, the inputs on stdin): the same as a local step.
    private static (int Exit, string Output, string Error) Run(string script, string stdin) => LocalScript.Run(script, stdin);
}

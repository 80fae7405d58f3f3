using System.CommandLine;
using System.Text;
using Platform.Stacks;

namespace Platform.Cli.Verbs;

/// <summary><c>secrets STACK</c>: the secure keys the stack needs and their state (never a value); exit 1 while one is not set.</summary>
public static class SecretsVerb
{
    public static Command Create()
    {
        var stack = Shared.Stack();
        var command = new Command("secrets", "the secure config keys the stack needs and whether each is set (exit 1 while one is not)") { stack };
        var output = OutputOption.For(command);
        command.SetAction(r =>
        {
            var (settings, _) = Shared.Load(r, stack);
            var keys = Credentials.Required(settings).Select(k => (k.Key, k.Purpose, State: StateOf(settings, k.Key))).ToList();
            var incomplete = keys.Any(k => k.State != "secure");
            var exit = incomplete ? CommandLine.Problems : CommandLine.Ok;
            var fix = $"set each key that is not 'secure' with: pulumi config set --secret --stack {settings.Stack} <key>";
            var stdout = Shared.Out(r);
            switch (output.Get(r))
            {
                case OutputFormat.Json:
                    stdout.Write(JsonOutput.Write("secrets", settings.Stack, exit, w =>
                    {
                        w.WriteStartArray("secrets");
                        foreach (var (key, purpose, state) in keys)
                        {
                            w.WriteStartObject();
                            w.WriteString("configKey", key);
                            w.WriteString("state", state);
                            w.WriteString("purpose", purpose);
                            w.WriteEndObject();
                        }
                        w.WriteEndArray();
                    }));
                    break;
                case OutputFormat.Markdown:
                    var md = new StringBuilder($"### secrets of {settings.Stack}\n\n| key | state | what |\n|---|---|---|\n");
                    foreach (var (key, purpose, state) in keys)
                        md.AppendLine($"| {Markdown.Code(key)} | {state} | {Markdown.Cell(purpose)} |");
                    stdout.Write(md.ToString());
                    break;
                default:
                    foreach (var (key, purpose, state) in keys)
                        stdout.WriteLine($"{key,-36} {state,-10} {purpose}");
                    break;
            }
            if (incomplete)
                Shared.Err(r).WriteLine(fix);
            return exit;
        });
        return command;
    }

    /// <summary>One word per state, the same in every format: secure, not set, missing, PLAIN TEXT.</summary>
    private static string StateOf(StackSettings settings, string key) =>
        settings.Secrets.TryGetValue(key, out var s)
            ? s switch { SecretState.Secure => "secure", SecretState.Unset => "not set", _ => "PLAIN TEXT" }
            : "missing";
}

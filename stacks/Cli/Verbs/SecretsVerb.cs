using System.CommandLine;

namespace Platform.Stacks.Cli.Verbs;

/// <summary><c>secrets STACK</c>: the secure keys the stack needs and their state (never a value); exit 1 while one is not set.</summary>
public static class SecretsVerb
{
    public static Command Create()
    {
        var stack = Shared.Stack();
        var command = new Command("secrets", "the secure config keys the stack needs and whether each is set (exit 1 while one is not)") { stack };
        command.SetAction(r =>
        {
            var (settings, _) = Shared.Load(r, stack);
            var incomplete = false;
            foreach (var (key, purpose) in Credentials.Required(settings))
            {
                var state = settings.Secrets.TryGetValue(key, out var s)
                    ? s switch { SecretState.Secure => "secure", SecretState.Unset => "not set", _ => "PLAIN TEXT" }
                    : "missing";
                incomplete |= state != "secure";
                Shared.Out(r).WriteLine($"{key,-36} {state,-10} {purpose}");
            }
            if (incomplete)
                Shared.Err(r).WriteLine($"set each key that is not 'secure' with: pulumi config set --secret --stack {settings.Stack} <key>");
            return incomplete ? CommandLine.Problems : CommandLine.Ok;
        });
        return command;
    }
}

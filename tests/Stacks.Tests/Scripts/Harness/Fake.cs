namespace Platform.Stacks.Tests.Scripts.Harness;

/// <summary>
/// A command the test machine cannot run for real (it would change the machine or needs the network),
/// replaced on PATH by a bash script that records its call and models only the documented behaviour the
/// generated scripts rely on. <paramref name="Models"/> cites that document; the script's first lines say
/// it is a fake. Effects a real run would leave (an installed binary, a restarted service) are files the
/// body writes in the host, so snapshots see them.
/// </summary>
/// <param name="Name">The command replaced.</param>
/// <param name="Models">The document the body follows, cited in the fake itself.</param>
/// <param name="Body">bash run with the call's arguments as "$@" after the call is recorded.</param>
public sealed record Fake(string Name, string Models, string Body)
{
    internal string Script(string callLog, string failDir) => $$"""
        #!/usr/bin/env bash
        # FAKE {{Name}} for the script tests: not the real command.
        # Models: {{Models}}
        set -euo pipefail
        { printf '%s' {{Name}}; printf ' %q' "$@"; printf '\n'; } >> '{{callLog}}'
        # An injected failure (TestHost.FailNext): once, for calls whose arguments start with the prefix.
        if [ -f '{{failDir}}/{{Name}}' ] && [[ "$*" == "$(cat '{{failDir}}/{{Name}}')"* ]]; then
          rm -f '{{failDir}}/{{Name}}'
          echo "{{Name}}: injected failure (test)" >&2
          exit 1
        fi
        {{Body}}
        """ + "\n";

    /// <summary>Records the call and succeeds, changing nothing (a service manager asked for a state it has).</summary>
    public static Fake Recording(string name, string models) => new(name, models, "exit 0");
}

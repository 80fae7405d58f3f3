using System.Text;

namespace Platform.Stacks.Plan;

/// <summary>
/// How values reach a remote script: on standard input, one <c>NAME=&lt;base64&gt;</c> line each. Not the
/// environment: sshd drops every variable it does not <c>AcceptEnv</c>. Not the command line: every user
/// of the host can read it in <c>ps</c>. Base64 keeps multi-line values (the Vault init JSON) on one line.
/// </summary>
public static class ScriptInputs
{
    /// <summary>The bash prologue that reads the named inputs and exports them; other names are ignored.</summary>
    public static string Reader(IReadOnlyCollection<string> names) => names.Count == 0 ? "" : $$"""
        # Inputs arrive on standard input as NAME=<base64> lines (see ScriptInputs in stacks/).
        while IFS='=' read -r input_name input_value; do
          case "$input_name" in
            {{string.Join("|", names)}})
              input_value=$(printf '%s' "$input_value" | base64 -d)
              export "$input_name=$input_value" ;;
          esac
        done
        unset input_name input_value

        """;

    /// <summary>The standard input for a script: what <see cref="Reader"/> reads.</summary>
    public static string Encode(IEnumerable<KeyValuePair<string, string>> values) =>
        string.Concat(values.Select(v => $"{v.Key}={Convert.ToBase64String(Encoding.UTF8.GetBytes(v.Value))}\n"));
}

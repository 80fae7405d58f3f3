using System.Text;

namespace Platform.Stacks.Plan;

/// <summary>
/// How values reach a remote script: on standard input, one <c>NAME=&lt;base64&gt;</c> line each. Not the
/// environment: sshd drops every variable it does not <c>AcceptEnv</c>. Not the command line: every user
/// of the host can read it in <c>ps</c>. Base64 keeps multi-line values (the Vault init JSON) on one line.
/// </summary>
/// <remarks>
/// The reader takes each line whole (<c>IFS= read -r</c>) and splits it at the first <c>=</c> by parameter
/// expansion: <c>IFS='=' read</c> would drop the trailing <c>=</c> of the base64 padding, breaking every value
/// whose length is 2 modulo 3. The decoded value ends in a guard character that is stripped afterwards,
/// because <c>$(…)</c> drops trailing newlines (a PEM would lose its last one). A value cannot hold a NUL
/// byte (bash variables cannot); every value the stacks send is text.
/// </remarks>
public static class ScriptInputs
{
    /// <summary>
    /// The bash prologue that reads the named inputs into shell variables; other names are ignored. The
    /// variables are not exported (<c>export -n</c>, also against a same-named variable the runner's own
    /// environment exported): a child process (curl, jq, openssl) sees none of them in its environment, which
    /// <c>/proc/PID/environ</c> would show to root and to the child's own user.
    /// </summary>
    public static string Reader(IReadOnlyCollection<string> names) => names.Count == 0 ? "" : $$"""
        # Inputs arrive on standard input as NAME=<base64> lines (see ScriptInputs in stacks/). They become shell
        # variables that no child process inherits: never exported, and an export from the environment is dropped.
        export -n {{string.Join(" ", names)}}
        while IFS= read -r input_line || [ -n "$input_line" ]; do
          input_name=${input_line%%=*}
          case "$input_name" in
            {{string.Join("|", names)}})
              # The trailing x keeps the value's own trailing newlines from $(...); it is removed below.
              input_value=$(printf '%s' "${input_line#*=}" | base64 -d && printf x) \
                || { echo "input $input_name is not valid base64" >&2; exit 1; }
              printf -v "$input_name" '%s' "${input_value%x}" ;;
          esac
        done
        unset input_line input_name input_value

        """;

    /// <summary>The standard input for a script: what <see cref="Reader"/> reads.</summary>
    public static string Encode(IEnumerable<KeyValuePair<string, string>> values) =>
        string.Concat(values.Select(v => $"{v.Key}={Convert.ToBase64String(Encoding.UTF8.GetBytes(v.Value))}\n"));
}

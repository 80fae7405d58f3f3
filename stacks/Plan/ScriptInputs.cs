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
    /// The part that reads the named inputs into shell variables (<c>Plan/Scripts/read-inputs.sh</c>), after the one
    /// header line naming them; other names are ignored. The variables are not exported (<c>export -n</c>, also
    /// against a same-named variable the runner's own environment exported): a child process (curl, jq, openssl)
    /// sees none of them in its environment, which <c>/proc/PID/environ</c> would show to root and to the child's
    /// own user. Followed by an empty line; nothing when there are no inputs.
    /// </summary>
    public static string Reader(IReadOnlyCollection<string> names) =>
        names.Count == 0 ? "" : Shell.Array(NamesVariable, names) + "\n" + ScriptFiles.Read("Plan/Scripts/read-inputs.sh") + "\n";

    /// <summary>The header variable that names a script's inputs, the reader's one variable from the plan.</summary>
    public const string NamesVariable = "input_names";

    /// <summary>The standard input for a script: what <see cref="Reader"/> reads.</summary>
    public static string Encode(IEnumerable<KeyValuePair<string, string>> values) =>
        string.Concat(values.Select(v => $"{v.Key}={Convert.ToBase64String(Encoding.UTF8.GetBytes(v.Value))}\n"));
}

using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Platform.Stacks.Plan;

/// <summary>
/// A generated script as the plan composes it: a header of the plan's values, each a quoted variable assignment,
/// then literal parts (<see cref="ScriptFiles"/>), verbatim and in the order added. Nothing is written into a
/// part: a part reads the header's variables, so the bash a reviewer reads in a <c>.sh</c> file is the bash that
/// runs, and a value can change what a script does only as the value of a variable.
/// </summary>
public sealed partial class ShellScript
{
    private readonly StringBuilder _header = new();
    private readonly StringBuilder _parts = new();
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);

    /// <summary><c>name='value'</c> (<see cref="Shell.Quote"/>: safe for any value).</summary>
    public ShellScript Set(string name, string value) => Line($"{Name(name)}={Shell.Quote(value)}");

    public ShellScript Set(string name, int value) => Set(name, value.ToString(CultureInfo.InvariantCulture));

    /// <summary><c>name=('a' 'b')</c>: a list, so that a loop over one item or none stays correct.</summary>
    public ShellScript Array(string name, IEnumerable<string> values) => Line(Shell.Array(Name(name), values));

    /// <summary>
    /// A text the script installs on the host (a script of its own) as <c>name=$(cat &lt;&lt;'DELIMITER' … DELIMITER)</c>:
    /// a quoted here-document, in which nothing is expanded and nothing needs escaping, so the text reads exactly as it
    /// will be installed. <c>$(…)</c> drops its trailing line ends: the part writes it with <c>printf '%s\n'</c>.
    /// </summary>
    public ShellScript Document(string name, string delimiter, string text)
    {
        if (text.Split('\n').Contains(delimiter))
            throw new ArgumentException($"the text of {name} holds a line '{delimiter}', which would end its here-document early", nameof(text));
        return Line($"{Name(name)}=$(cat <<'{delimiter}'\n{text.TrimEnd('\n')}\n{delimiter}\n)");
    }

    /// <summary>A comment line of the header: something the plan decided that a reader of the script should see.</summary>
    public ShellScript Comment(string text) => Line("# " + Shell.CommentLine(text));

    /// <summary>A literal part, after the header and the parts added before it: <c>Part("Vault/Scripts/client.sh")</c>.</summary>
    public ShellScript Part(string path)
    {
        _parts.Append(ScriptFiles.Read(path));
        return this;
    }

    /// <summary>The header, then the parts.</summary>
    public string Body => _header.ToString() + _parts;

    /// <summary>A remote or local step: <see cref="Shell.Script"/>'s prologue and input reader, then <see cref="Body"/>.</summary>
    public string Script(string purpose, IReadOnlyCollection<string>? inputs = null) => Shell.Script(purpose, Body, inputs);

    /// <summary>A script a step installs on the host (a timer's tool): the shebang, its comment lines, strict mode, then <see cref="Body"/>.</summary>
    public string Installed(params string[] comments) =>
        "#!/usr/bin/env bash\n" + string.Concat(comments.Select(c => $"# {Shell.CommentLine(c)}\n")) + "set -euo pipefail\n" + Body;

    private ShellScript Line(string line)
    {
        _header.Append(line).Append('\n');
        return this;
    }

    private string Name(string name)
    {
        if (!VariableName().IsMatch(name)) throw new ArgumentException($"'{name}' is not a header variable name (lower case, digits, '_')", nameof(name));
        if (!_names.Add(name)) throw new ArgumentException($"the header sets {name} twice", nameof(name));
        return name;
    }

    [GeneratedRegex("^[a-z_][a-z0-9_]*$")]
    private static partial Regex VariableName();
}

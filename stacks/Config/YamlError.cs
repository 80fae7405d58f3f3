using YamlDotNet.Core;

namespace Platform.Stacks.Config;

/// <summary>
/// A stack file YAML cannot read, said as <c>file:line:column</c> and what to change there. YamlDotNet's own
/// position is where its scanner gave up, which for a tab is often the end of the line before; its words
/// ("found character that cannot start any token") name no fix. The two mistakes a person makes most in a
/// stack file get their own message: a tab in the indentation, and a value starting with a character YAML
/// reserves (<c>@</c>, <c>`</c>), which must be quoted.
/// </summary>
public static class YamlError
{
    public static ConfigException Describe(string path, string text, YamlException e)
    {
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var indentation = lines[i].Length - lines[i].TrimStart(' ', '\t').Length;
            var tab = lines[i].IndexOf('\t', 0, indentation);
            if (tab >= 0)
                return new ConfigException($"{path}:{i + 1}:{tab + 1}: malformed YAML: a tab in the indentation; YAML indents with spaces only: replace it with spaces.");
        }
        var (line, column) = ((int)e.Start.Line, (int)e.Start.Column);
        var at = line >= 1 && line <= lines.Length ? lines[line - 1].TrimEnd('\r') : "";
        if (column >= 1 && column <= at.Length && at[column - 1] is '@' or '`')
        {
            var value = at[(column - 1)..].Trim();
            return new ConfigException($"{path}:{line}:{column}: malformed YAML: '{at[column - 1]}' cannot start an unquoted value: quote it, as {at[..(column - 1)].TrimStart()}'{value.Replace("'", "''")}'.");
        }
        var message = (e.InnerException?.Message ?? e.Message).Trim();
        return new ConfigException($"{path}:{line}:{column}: malformed YAML: {message}");
    }
}

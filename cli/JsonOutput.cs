using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Platform.Stacks.Config;

namespace Platform.Cli;

/// <summary>
/// The one JSON convention of every verb (README "JSON output"): one object whose first keys are
/// <c>schemaVersion</c>, <c>verb</c>, <c>stack</c> and <c>exitCode</c>, then the verb's own keys. Names are
/// camelCase and mean the same on every verb: a config key is always <c>configKey</c>, a resource's logical
/// name <c>resource</c> where it is referred to, a stack's config problems <c>problems</c> (each
/// <c>{configKey, message}</c>). A change that removes or renames a key raises <see cref="SchemaVersion"/>;
/// adding a key does not. Stable: the same input gives the same bytes (for diffs in review).
/// </summary>
public static class JsonOutput
{
    public const int SchemaVersion = 1;

    private static readonly JsonWriterOptions Options = new()
    {
        Indented = true,
        // Readable in a diff: '+', '<', non-ASCII written as they are (the output is UTF-8, never HTML).
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>The envelope with the verb's own keys written by <paramref name="body"/>.</summary>
    public static string Write(string verb, string stack, int exitCode, Action<Utf8JsonWriter> body)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, Options))
        {
            w.WriteStartObject();
            w.WriteNumber("schemaVersion", SchemaVersion);
            w.WriteString("verb", verb);
            w.WriteString("stack", stack);
            w.WriteNumber("exitCode", exitCode);
            body(w);
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    /// <summary>A stack whose config has problems: every one, under <c>problems</c> (exit 1).</summary>
    public static string Problems(string verb, string stack, IReadOnlyList<Problem> problems) =>
        Write(verb, stack, CommandLine.Problems, w => WriteProblems(w, problems));

    public static void WriteProblems(Utf8JsonWriter w, IEnumerable<Problem> problems)
    {
        w.WriteStartArray("problems");
        foreach (var p in problems)
        {
            w.WriteStartObject();
            w.WriteString("configKey", p.Key);
            w.WriteString("message", p.Message);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    public static void Strings(Utf8JsonWriter w, string name, IEnumerable<string> values)
    {
        w.WriteStartArray(name);
        foreach (var v in values) w.WriteStringValue(v);
        w.WriteEndArray();
    }

    public static void StringOrNull(Utf8JsonWriter w, string name, string? value)
    {
        if (value is null) w.WriteNull(name); else w.WriteString(name, value);
    }
}

/// <summary>Markdown as the verbs write it (a pull-request comment, a CI job summary): a table cell never breaks the table.</summary>
public static class Markdown
{
    public static string Cell(string s) => s.Replace("|", "\\|").Replace("\r", "").Replace("\n", "<br>");

    public static string Code(string s) => s.Contains('`') ? $"`` {s} ``" : $"`{s}`";

    /// <summary>A stack whose config has problems, as a list (exit 1).</summary>
    public static string Problems(string stack, IReadOnlyList<Problem> problems)
    {
        var sb = new StringBuilder($"### {stack}: {problems.Count} problem{(problems.Count == 1 ? "" : "s")}\n\n");
        foreach (var p in problems)
            sb.AppendLine($"- {Code(p.Key)}: {p.Message.Replace("\n", " ")}");
        return sb.ToString();
    }
}

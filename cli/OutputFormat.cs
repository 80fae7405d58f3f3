using System.CommandLine;

namespace Platform.Cli;

/// <summary>How a verb writes its report: the same three on every verb, and a verb's own extras (plan's mermaid).</summary>
public enum OutputFormat { Text, Json, Markdown, Mermaid }

/// <summary>
/// <c>--output text|json|markdown</c> (<c>-o</c>), the one output flag of every verb, with <c>--json</c> kept as
/// an alias of <c>-o json</c> for the scripts that already use it. A verb adds it with <see cref="For"/> and
/// reads it with <see cref="Get"/>; giving both with different formats is a usage error.
/// </summary>
public sealed class OutputOption
{
    private static readonly OutputFormat[] Common = [OutputFormat.Text, OutputFormat.Json, OutputFormat.Markdown];

    public Option<string> Format { get; }
    public Option<bool> Json { get; }
    public IReadOnlyList<OutputFormat> Formats { get; }

    private OutputOption(IReadOnlyList<OutputFormat> formats)
    {
        Formats = formats;
        var names = formats.Select(Name).ToArray();
        Format = new Option<string>("--output", "-o")
        {
            Description = "the report's format",
            HelpName = string.Join("|", names),
            DefaultValueFactory = _ => Name(OutputFormat.Text),
        };
        Format.AcceptOnlyFromAmong(names);
        Json = new Option<bool>("--json") { Description = "the same as --output json" };
    }

    /// <summary>Adds <c>--output</c> and <c>--json</c> to the verb: text, json and markdown, and the verb's extras.</summary>
    public static OutputOption For(Command command, params OutputFormat[] extras)
    {
        var option = new OutputOption([.. Common, .. extras]);
        command.Options.Add(option.Format);
        command.Options.Add(option.Json);
        command.Validators.Add(r =>
        {
            if (r.GetValue(option.Json) && r.GetResult(option.Format) is { Implicit: false } && r.GetValue(option.Format) != Name(OutputFormat.Json))
                r.AddError($"--json is --output json: it cannot be combined with --output {r.GetValue(option.Format)}.");
        });
        return option;
    }

    public OutputFormat Get(ParseResult r) =>
        r.GetValue(Json) ? OutputFormat.Json : Enum.Parse<OutputFormat>(r.GetValue(Format) ?? "text", ignoreCase: true);

    public static string Name(OutputFormat format) => format.ToString().ToLowerInvariant();
}

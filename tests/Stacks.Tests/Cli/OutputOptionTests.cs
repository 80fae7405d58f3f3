using System.CommandLine;
using Platform.Cli;

namespace Platform.Stacks.Tests.Cli;

/// <summary>The one output flag every verb shares: <c>--output</c>/<c>-o</c>, and <c>--json</c> as its alias.</summary>
public class OutputOptionTests
{
    private static (OutputFormat? Format, IReadOnlyList<string> Errors) Parse(params string[] args)
    {
        var command = new Command("verb");
        var output = OutputOption.For(command, OutputFormat.Mermaid);
        var parsed = command.Parse(args);
        return parsed.Errors.Count > 0 ? (null, parsed.Errors.Select(e => e.Message).ToList()) : (output.Get(parsed), []);
    }

    [Theory]
    [InlineData(OutputFormat.Text)]
    [InlineData(OutputFormat.Json, "--output", "json")]
    [InlineData(OutputFormat.Json, "-o", "json")]
    [InlineData(OutputFormat.Json, "--json")]
    [InlineData(OutputFormat.Json, "--json", "-o", "json")]
    [InlineData(OutputFormat.Markdown, "-o", "markdown")]
    [InlineData(OutputFormat.Mermaid, "-o", "mermaid")]
    public void Each_way_of_asking_gives_its_format(OutputFormat expected, params string[] args) =>
        Assert.Equal(expected, Parse(args).Format);

    [Fact]
    public void A_format_the_verb_does_not_write_is_refused_with_the_choices()
    {
        var (_, errors) = Parse("-o", "yaml");

        Assert.Contains(errors, e => e.Contains("yaml") && e.Contains("text") && e.Contains("mermaid"));
    }

    [Fact]
    public void Json_with_another_output_is_refused()
    {
        var (_, errors) = Parse("--json", "-o", "markdown");

        Assert.Contains(errors, e => e.Contains("--json is --output json"));
    }
}

using Platform.Stacks.Config;
using static Platform.Stacks.Tests.Cli.CliRun;

namespace Platform.Stacks.Tests.Cli;

/// <summary>A misspelled verb, option or stack gets a suggestion; an unknown option is an error, never an argument.</summary>
public class SuggestionTests
{
    [Theory]
    [InlineData("error: unknown verb 'plna'. Did you mean 'plan'?", "plna", "production")]
    [InlineData("error: unknown verb 'vrify'. Did you mean 'verify'?", "vrify", "production")]
    [InlineData("error: 'production' is a stack, not a verb: every verb comes first. Did you mean 'platform plan production'?", "production")]
    [InlineData("error: unknown option '--wirte' for adopt. Did you mean '--write'?", "adopt", "production", "--cloudflare", "x.json", "--wirte")]
    [InlineData("error: unknown option '--nameservr' for verify. Did you mean '--nameserver'?", "verify", "production", "--nameservr", "127.0.0.1")]
    [InlineData("error: unknown option '--outptu' for validate. Did you mean '--output'?", "validate", "production", "--outptu", "json")]
    [InlineData("known stacks: production, staging). Did you mean 'production'?", "plan", "prodution")]
    [InlineData("known stacks: production, staging). Did you mean 'staging'?", "validate", "stagign")]
    public void A_misspelling_gets_one_suggestion_and_exit_2(string expected, params string[] args)
    {
        var (exit, output, err) = Run([.. args, "--dir", Stack.RepoRoot]);

        Assert.Equal(2, exit);
        Assert.Empty(output);
        Assert.Contains(expected, err);
        Assert.DoesNotContain("Required command was not provided", err);
    }

    [Fact]
    public void An_unknown_option_in_the_place_of_the_stack_is_an_error_not_a_stack_name()
    {
        var (exit, output, err) = Run("plan", "--stack", "production", "--dir", Stack.RepoRoot);

        Assert.Equal(2, exit);
        Assert.Empty(output);
        Assert.Contains("error: unknown option '--stack': the stack is an argument, not an option: platform plan production", err);
        Assert.DoesNotContain("unknown stack", err);
    }

    [Theory]
    [InlineData("plan", "-x")]
    [InlineData("validate", "--force")]
    [InlineData("secrets", "--all")]
    public void Any_unknown_option_is_an_error(string verb, string option)
    {
        var (exit, _, err) = Run(verb, option, "--dir", Stack.RepoRoot);

        Assert.Equal(2, exit);
        Assert.Contains($"unknown option '{option}' for {verb}", err);
    }

    [Fact]
    public void After_a_double_dash_a_dash_is_an_argument_again()
    {
        var (exit, _, err) = Run("plan", "--dir", Stack.RepoRoot, "--", "-odd");

        Assert.Equal(2, exit);
        Assert.Contains("unknown stack '-odd'", err);
    }

    [Fact]
    public void Nothing_close_enough_gets_no_guess()
    {
        var (_, _, err) = Run("frobnicate", "--dir", Stack.RepoRoot);

        Assert.Contains("unknown verb 'frobnicate'. The verbs: plan, validate, promote, secrets, adopt, scripts, verify, diff.", err);
        Assert.DoesNotContain("Did you mean", err);
        Assert.Contains("Commands:", err); // no suggestion: the whole help instead
    }

    [Theory]
    [InlineData("plna", "plan", 1)]
    [InlineData("plan", "plan", 0)]
    [InlineData("vaildate", "validate", 1)]
    [InlineData("kitten", "sitting", 3)]
    public void Distance_counts_a_swap_as_one_edit(string a, string b, int distance) =>
        Assert.Equal(distance, Suggestions.Distance(a, b));
}

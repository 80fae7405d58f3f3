using System.Text.RegularExpressions;
using Platform.Cli.Diff;
using Platform.Stacks.Plan;

namespace Platform.Stacks.Tests.Diff;

/// <summary>
/// The providers' replacement knowledge covers every input either stack's plan shows, each with a citation
/// (file and line at a pinned version), so a new plan input cannot be reported as "not established" unnoticed.
/// </summary>
public class ProviderBehaviourTests
{
    public static TheoryData<string> Stacks => new() { "staging", "production" };

    [Theory]
    [MemberData(nameof(Stacks))]
    public void Every_input_of_the_plan_has_a_row(string stack)
    {
        var plan = Stack.Load(stack).Plan();

        var missing = plan.Resources
            .SelectMany(r => r.Inputs.Keys.Concat(r.SecretSources.Keys).Select(k => (r.Type, Key: k)))
            .Distinct()
            .Where(x => ProviderBehaviour.Of(x.Type, x.Key) is null)
            .Select(x => $"{x.Type} {x.Key}")
            .ToList();

        Assert.True(missing.Count == 0, "no provider behaviour for:\n" + string.Join("\n", missing));
    }

    [Fact]
    public void Every_row_cites_a_pinned_version_and_a_file_line()
    {
        foreach (var (type, key) in ProviderBehaviour.Known)
        {
            var source = ProviderBehaviour.Of(type, key)!.Source;
            Assert.Matches(new Regex(@"v\d+\.\d+\.\d+"), source);
            Assert.Matches(new Regex(@"[\w/.]+\.go:\d+"), source);
        }
    }

    /// <summary>Components register no provider resource: the plan shows them no inputs to classify.</summary>
    [Theory]
    [MemberData(nameof(Stacks))]
    public void Components_have_no_inputs(string stack) =>
        Assert.All(Stack.Load(stack).Plan().Resources.Where(r => r.IsComponent), r => Assert.Empty(r.Inputs));
}

using System.Text.RegularExpressions;

namespace Platform.Delivery.Tests;

/// <summary>Secrets reach the tools through the environment, never through a shell command line or a log.</summary>
public class Secrets
{
    [Theory]
    [MemberData(nameof(Workflow.All), MemberType = typeof(Workflow))]
    public void No_run_step_expands_a_secret_into_the_script(string file)
    {
        var workflow = Workflow.Load(file);

        foreach (var job in workflow.Jobs.Keys)
            foreach (var step in workflow.Steps(job))
                Assert.DoesNotContain("secrets.", step.Scalar("run") ?? "");
    }

    [Theory]
    [MemberData(nameof(Workflow.All), MemberType = typeof(Workflow))]
    public void No_run_step_traces_its_commands(string file)
    {
        var workflow = Workflow.Load(file);

        foreach (var job in workflow.Jobs.Keys)
            foreach (var step in workflow.Steps(job))
                Assert.DoesNotMatch(new Regex(@"set\s+-[a-wyz]*x|set\s+-o\s+xtrace|bash\s+-x"), step.Scalar("run") ?? "");
    }

    [Theory]
    [MemberData(nameof(Workflow.All), MemberType = typeof(Workflow))]
    public void No_secret_is_passed_to_the_whole_workflow(string file)
    {
        var env = Workflow.Load(file).Root.Get("env");

        Assert.DoesNotContain("secrets.", env is null ? "" : Jobs.Serialize(env));
    }

    [Theory]
    [MemberData(nameof(Workflow.All), MemberType = typeof(Workflow))]
    public void Checkout_leaves_no_token_behind_in_the_git_config(string file)
    {
        var workflow = Workflow.Load(file);

        foreach (var job in workflow.Jobs.Keys)
            foreach (var checkout in workflow.StepsUsing(job, "actions/checkout"))
                Assert.Equal("false", checkout.Map("with").Scalar("persist-credentials"));
    }
}

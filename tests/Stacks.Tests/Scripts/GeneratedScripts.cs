using Platform.Stacks.Plan;

namespace Platform.Stacks.Tests.Scripts;

/// <summary>Every shell script a stack's remote and local commands run, by the logical name of its command (RemoteCommands.Of).</summary>
public static class GeneratedScripts
{
    public static IEnumerable<(string Name, string Text)> Of(StackPlan plan) =>
        RemoteCommands.Of(plan).Where(s => s.Kind != HostScriptKind.CloudConfig).Select(s => (s.Name, s.Text));

    /// <summary>Every server's first-boot user data: #cloud-config, checked by <c>cloud-init schema</c>, not a script.</summary>
    public static IEnumerable<(string Server, string UserData)> CloudConfigs(StackPlan plan) => plan.Servers.Select(s => (s.Name, s.UserData));

    /// <summary>A stack with its optional scripts switched on (the IC registration), so that every script a stack can run is tested.</summary>
    public static StackPlan Plan(string stack) => Stack.Load(stack).Set("platform:dns.registerIcDomains", "true").Plan();

    public static TheoryData<string, string> All()
    {
        var data = new TheoryData<string, string>();
        foreach (var stack in new[] { "staging", "production" })
            foreach (var (name, _) in Of(Plan(stack)))
                data.Add(stack, name);
        return data;
    }

    public static string Text(string stack, string name) => Of(Plan(stack)).Single(s => s.Name == name).Text;
}

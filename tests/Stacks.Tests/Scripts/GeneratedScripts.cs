using Platform.Stacks.Plan;

namespace Platform.Stacks.Tests.Scripts;

/// <summary>Every shell script a stack's remote and local commands run, named by where it runs.</summary>
public static class GeneratedScripts
{
    public static IEnumerable<(string Name, string Text)> Of(StackPlan plan)
    {
        foreach (var s in plan.Servers) yield return ($"{s.Name}.host", s.HostScript);
        if (plan.Dedicated is { } d) yield return ($"{d.Name}.vlan", d.VlanScript);
        yield return ("k3s.install", plan.K3s.InstallScript);
        yield return ("k3s.kubeconfig", plan.K3s.KubeconfigScript);
        foreach (var step in plan.Vault.Steps) yield return (step.Name, step.Script);
        foreach (var ic in plan.Dns.IcDomains) yield return ($"{ic.Name}.register", ic.RegisterScript);
    }

    /// <summary>Every server's first-boot user data: #cloud-config, checked by <c>cloud-init schema</c>, not a script.</summary>
    public static IEnumerable<(string Server, string UserData)> CloudConfigs(StackPlan plan) => plan.Servers.Select(s => (s.Name, s.UserData));

    public static TheoryData<string, string> All()
    {
        var data = new TheoryData<string, string>();
        foreach (var stack in new[] { "staging", "production" })
            foreach (var (name, _) in Of(Stack.Load(stack).Plan()))
                data.Add(stack, name);
        return data;
    }

    public static string Text(string stack, string name) => Of(Stack.Load(stack).Plan()).Single(s => s.Name == name).Text;
}

using System.Reflection;
using System.Text.Json;
using Platform.Infra;

namespace Platform.Components.Tests.Program;

/// <summary>
/// The Pulumi program ships the model (stacks/, assembly Platform.Stacks) and the components, never the offline
/// command line (cli/, assembly platform): not its verbs, adoption's audit, verify or diff, nor the packages only
/// they use (System.CommandLine, DnsClient). Read two ways: the assemblies the program's code references, and
/// what its build output holds (infra's folder and its deps.json, which is what `dotnet infra.dll` loads), since
/// a referenced project is copied into the output even where no type of it is used.
/// </summary>
public sealed class ShippedCodeTests
{
    /// <summary>The command line's assembly and the packages only it uses.</summary>
    private static readonly string[] CommandLineOnly = ["platform", "System.CommandLine", "DnsClient"];

    /// <summary>Namespaces of the command line's code: never in the model.</summary>
    private static readonly string[] CommandLineNamespaces = ["Cli", "Verify", "Diff", "Adopt"];

    [Fact]
    public void The_programs_code_references_no_command_line_assembly()
    {
        var ours = Closure(typeof(PlatformStack).Assembly);

        var references = ours.Values.SelectMany(a => a.GetReferencedAssemblies().Select(r => $"{a.GetName().Name} → {r.Name}")).ToList();
        Assert.DoesNotContain(references, r => CommandLineOnly.Contains(r.Split(" → ")[1]));
        Assert.Contains("Platform.Stacks", ours.Keys); // the model: what the program does reference
    }

    [Fact]
    public void The_model_holds_no_command_line_code()
    {
        var model = typeof(Platform.Stacks.Plan.StackPlan).Assembly;

        Assert.Equal("Platform.Stacks", model.GetName().Name);
        var namespaces = model.GetTypes().Select(t => t.Namespace ?? "").Where(n => n.StartsWith("Platform.", StringComparison.Ordinal)).Distinct().ToList();
        Assert.Contains("Platform.Stacks.Plan", namespaces);
        Assert.DoesNotContain(namespaces, n => !n.StartsWith("Platform.Stacks", StringComparison.Ordinal)
                                               || n.Split('.').Any(segment => CommandLineNamespaces.Contains(segment)));
    }

    [Fact]
    public void The_programs_build_output_carries_no_command_line()
    {
        var output = InfraOutput();
        var files = Directory.GetFiles(output, "*.dll").Select(f => Path.GetFileNameWithoutExtension(f)!).ToList();
        using var deps = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "infra.deps.json")));
        var libraries = deps.RootElement.GetProperty("libraries").EnumerateObject().Select(l => l.Name.Split('/')[0]).ToList();

        Assert.DoesNotContain(files, f => CommandLineOnly.Contains(f));
        Assert.DoesNotContain(libraries, l => CommandLineOnly.Contains(l));
        Assert.Contains("Platform.Stacks", files);
        Assert.Contains("Platform.Stacks", libraries); // deps.json names a project reference by its assembly
    }

    /// <summary>The program's own assemblies (infra, the components, the model, and whatever of ours they reference), by name.</summary>
    private static Dictionary<string, Assembly> Closure(Assembly start)
    {
        var found = new Dictionary<string, Assembly>();
        var pending = new Stack<Assembly>([start]);
        while (pending.TryPop(out var assembly))
        {
            if (!found.TryAdd(assembly.GetName().Name!, assembly))
                continue;
            foreach (var reference in assembly.GetReferencedAssemblies().Where(r => Ours(r.Name!)))
                pending.Push(Assembly.Load(reference));
        }
        return found;
    }

    private static bool Ours(string name) =>
        name.StartsWith("Platform.", StringComparison.Ordinal) || name is "infra" or "Components" or "platform";

    /// <summary>infra's own build output, of the configuration and framework this test was built with (a project reference builds it there).</summary>
    private static string InfraOutput()
    {
        var configuration = typeof(ShippedCodeTests).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()!.Configuration;
        var framework = Path.GetFileName(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var output = Path.Combine(PulumiTest.RepoRoot, "infra", "bin", configuration, framework);
        Assert.True(File.Exists(Path.Combine(output, "infra.dll")), $"infra's build output is not at {output}: build infra first.");
        return output;
    }
}

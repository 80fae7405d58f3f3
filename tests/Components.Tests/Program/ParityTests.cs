using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Platform.Stacks.Cluster;
using Platform.Stacks.Plan;
using Platform.Stacks.Storage;
using YamlDotNet.RepresentationModel;
using Pulumi.Testing;

namespace Platform.Components.Tests.Program;

/// <summary>
/// The plan is the single source of truth (README "Layout": how data flows): the real program, run under mocks on
/// the real stack file, registers exactly the plan's resources, with the inputs the plan shows. Pulumi's mock
/// monitor sees every registration but the root stack, components included, so both sides carry components
/// and custom resources alike; the comparison is of sorted lists, so a duplicate counts too.
/// </summary>
[Collection(PulumiCollection.Name)]
public sealed class ParityTests
{
    [Theory]
    [InlineData("staging")]
    [InlineData("production")]
    public async Task The_program_registers_exactly_the_plans_resources(string stack)
    {
        var planned = PulumiTest.Plan(stack).Resources.Select(r => $"{r.Type} {r.Name}").Order().ToList();

        var test = await PulumiTest.Program(stack);

        var registered = test.Registered.Select(r => $"{r.Type} {r.Name}").Order().ToList();
        Assert.Equal(planned, registered);
    }

    /// <summary>
    /// Every input the plan shows a reviewer, for every resource of the stack, is the input the program
    /// registers: read at the same path, or through the one projection below that says how the plan
    /// summarises it. An input with neither fails, so a new plan input cannot go unchecked. An input that is
    /// another resource's output (<see cref="PlannedResource.References"/>) is that output, as the mocks gave it.
    /// </summary>
    [Theory]
    [InlineData("staging")]
    [InlineData("production")]
    public async Task Every_input_the_plan_shows_is_the_input_the_program_registers(string stack)
    {
        var plan = PulumiTest.Plan(stack);
        var test = await PulumiTest.Program(stack);
        var registered = test.Registered.ToDictionary(r => (r.Type, r.Name));

        var differences = new List<string>();
        foreach (var planned in plan.Resources)
        {
            var actual = registered[(planned.Type, planned.Name)];
            foreach (var (key, shown) in planned.Inputs)
            {
                var expected = planned.References.TryGetValue(key, out var reference) ? Resolved(reference, test) : shown;
                var value = InputParity.Read(new(actual, key, expected, plan));
                if (value != expected)
                    differences.Add($"{planned.Type} {planned.Name} {key}: plan '{expected}', program '{value ?? "(not registered)"}'");
            }
        }
        Assert.True(differences.Count == 0, $"{differences.Count} inputs differ:\n{string.Join("\n", differences)}");
    }

    /// <summary>The value the program must send for a reference: the output the mocks gave the resource it names.</summary>
    private static string Resolved(ReferenceInput input, PulumiTest test) =>
        input.Resolve(test.OutputOf(input.Reference.Resource, input.Reference.Output) as string ?? $"(no output: {input.Reference})");
}

/// <summary>A registered resource, and the plan key being checked with the value expected there.</summary>
internal sealed record Registered(MockResourceArgs R, string Key, string Expected, StackPlan Plan)
{
    public object? At(string path) => R.At(path);
    public string? Text(string path) => Format(R.At(path));
    public IEnumerable<object> Items(string path) => R.At(path) is ImmutableArray<object> a ? a : [];
    public IImmutableDictionary<string, object> Map(string path) =>
        R.At(path) as IImmutableDictionary<string, object> ?? ImmutableDictionary<string, object>.Empty;

    public static string? Format(object? value) => value switch
    {
        null => null,
        bool b => b ? "true" : "false",
        double d => d.ToString(CultureInfo.InvariantCulture),
        string s => s,
        ImmutableArray<object> a => "[" + string.Join(", ", a.Select(Format)) + "]",
        _ => null,
    };
}

/// <summary>Reads a registered resource's inputs in the form the plan writes them.</summary>
internal static class InputParity
{
    public static string? Read(Registered r)
    {
        if (Projections.TryGetValue((r.R.Type ?? "", r.Key), out var project))
            return project(r);
        return r.Text(r.Key);
    }

    private static string CpuMemory(IImmutableDictionary<string, object> m) => $"cpu {m.GetValueOrDefault("cpu")}, memory {m.GetValueOrDefault("memory")}";

    private static CorsRule CorsFromXml(string script)
    {
        List<string> All(string element) => [.. System.Text.RegularExpressions.Regex.Matches(script, $"<{element}>([^<]*)</{element}>")
            .Select(m => System.Net.WebUtility.HtmlDecode(m.Groups[1].Value))];
        return new(All("AllowedOrigin"), All("AllowedMethod"), All("AllowedHeader"), All("ExposeHeader"),
            All("MaxAgeSeconds") is [var age] ? int.Parse(age, CultureInfo.InvariantCulture) : -1);
    }

    /// <summary>A script as the plan shows it: its length and SHA-256, and the file it reads when the plan names one.</summary>
    private static string Script(Registered r)
    {
        var script = r.Text("create") ?? "";
        var shown = TextDigest.Of(script, TextDigest.Script);
        var reads = r.Expected.Split(" (reads ");
        return reads.Length == 2 && script.Contains(reads[1].TrimEnd(')')) ? $"{shown} (reads {reads[1]}" : shown;
    }

    /// <summary>A value the plan shows that the program writes into the command's script: every word of it is there.</summary>
    private static string? InScript(Registered r) =>
        r.Text("create") is { } script && r.Expected.Split(' ').All(script.Contains) ? r.Expected : "(not in the script)";

    private static string Yaml(Registered r, params string[] path)
    {
        var yaml = new YamlStream();
        yaml.Load(new StringReader(r.Text("spec.valuesContent") ?? ""));
        YamlNode? at = yaml.Documents.Single().RootNode;
        foreach (var key in path)
            at = at is YamlMappingNode m && m.Children.TryGetValue(new YamlScalarNode(key), out var child) ? child : null;
        return (at as YamlScalarNode)?.Value ?? "(absent)";
    }

    /// <summary>A CORS rule as R2 (allowed.origins) or S3 (allowedOrigins) registers it, in the plan's one form.</summary>
    private static CorsRule Cors(Registered r, string rule, Func<string, string> allowed)
    {
        List<string> List(string name) => [.. r.Items($"{rule}.{name}").Cast<string>()];
        return new(List(allowed("origins")), List(allowed("methods")), List(allowed("headers")), List("exposeHeaders"),
            (int)(double)(r.At($"{rule}.maxAgeSeconds") ?? 0d));
    }

    private static readonly Dictionary<string, string> PermissionGroups = new()
    {
        [R2BucketPlan.ObjectReadWritePermissionGroup] = "Object Read & Write",
        [R2BucketPlan.ObjectReadPermissionGroup] = "Object Read",
    };

    /// <summary>The plan's summaries of structured inputs, each said once: (type token, plan key) → how to read it from the registration.</summary>
    private static readonly Dictionary<(string Type, string Key), Func<Registered, string?>> Projections = new()
    {
        // hcloud.
        [(Tokens.HcloudFirewall, "rules")] = r => "[" + string.Join(", ", r.Items("rules").Cast<IImmutableDictionary<string, object>>().Select(rule =>
            $"{rule["protocol"]}/{rule.GetValueOrDefault("port") ?? "-"} from {string.Join(" ", ((ImmutableArray<object>)rule["sourceIps"]).Cast<string>())} ({rule.GetValueOrDefault("description")})")) + "]",
        [(Tokens.HcloudServer, "labels")] = r => "[" + string.Join(", ", r.Map("labels").Select(l => $"{l.Key}={l.Value}")) + "]",
        [(Tokens.HcloudServer, "userData")] = r => TextDigest.Of(r.Text("userData") ?? "", TextDigest.CloudConfig),
        // IPv6 is part of the public network the server is created with (ignored after: Policies.Server).
        [(Tokens.HcloudServer, "ipv6")] = r => Registered.Format(r.At("publicNets.0.ipv6Enabled")),
        // Not an input: the address of a primary IP to adopt, which the import reads (Adoption reports a missing import id).
        [(Tokens.HcloudPrimaryIp, "address")] = r => r.Expected,

        // cloudflare.
        [(Tokens.R2BucketCors, "rule")] = r => Cors(r, "rules.0", name => $"allowed.{name}").ToString(),
        [(Tokens.R2BucketLifecycle, "rule")] = r =>
            $"{r.Text("rules.0.id")}: abort incomplete multipart uploads after {(double)(r.At("rules.0.abortMultipartUploadsTransition.condition.maxAge") ?? 0d) / 86400} days",
        [(Tokens.R2BucketLifecycle, "retention")] = r =>
            $"{r.Text("rules.1.id")}: delete every object {(double)(r.At("rules.1.deleteObjectsTransition.condition.maxAge") ?? 0d) / 86400} days after its upload",
        [(Tokens.AccountToken, "permission")] = r => PermissionGroups.GetValueOrDefault(r.Text("policies.0.permissionGroups.0.id") ?? "", "(unknown permission group)"),
        [(Tokens.AccountToken, "resource")] = r => JsonDocument.Parse(r.Text("policies.0.resources") ?? "{}").RootElement.EnumerateObject().Single().Name,

        // command: what the plan shows of a script is its length and the values written into it.
        [(Tokens.RemoteCommand, "create")] = Script,
        // The kubeconfig is read again each month (K3sScripts.KubeconfigRefresh).
        [(Tokens.RemoteCommand, "triggers")] = r =>
            r.Items("triggers").SequenceEqual([K3sScripts.KubeconfigRefresh(DateTime.UtcNow)]) ? r.Expected : r.Text("triggers"),
        [(Tokens.RemoteCommand, "clusterCidr")] = InScript,
        [(Tokens.RemoteCommand, "serviceCidr")] = InScript,
        [(Tokens.RemoteCommand, "settings")] = InScript,
        [(Tokens.RemoteCommand, "stdin")] = r => string.Join("\n", ScriptInputLines(r).Select(l => $"{l.Name}={l.Value}")),
        [(Tokens.RemoteCommand, "stdin.names")] = r => "[" + string.Join(", ", ScriptInputLines(r).Select(l => l.Name)) + "]",
        [(Tokens.RemoteCommand, "version")] = InScript,
        // The backup timers' schedules, each written into the step's units.
        [(Tokens.RemoteCommand, "schedule")] = r =>
            r.Expected.Split(", ").All(kind => kind.Split(' ').All((r.Text("create") ?? "").Contains)) ? r.Expected : "(not in the script)",
        [(Tokens.RemoteCommand, "nodeIp")] = InScript,
        [(Tokens.RemoteCommand, "flannelIface")] = InScript,
        [(Tokens.RemoteCommand, "kubelet")] = InScript,
        [(Tokens.RemoteCommand, "interface")] = InScript,
        [(Tokens.RemoteCommand, "vlan")] = InScript,
        [(Tokens.RemoteCommand, "privateIp")] = InScript,
        [(Tokens.LocalCommand, "create")] = Script,
        [(Tokens.LocalCommand, "stdin.names")] = r => "[" + string.Join(", ", ScriptInputLines(r).Select(l => l.Name)) + "]",
        [(Tokens.LocalCommand, "bucket")] = InScript,
        [(Tokens.LocalCommand, "endpoint")] = InScript,
        // The CORS rule the script sends, read back from its XML.
        [(Tokens.LocalCommand, "rule")] = r => CorsFromXml(r.Text("create") ?? "").ToString(),

        // kubernetes.
        [(Tokens.LimitRange, "default")] = r => CpuMemory(r.Map("spec.limits.0.default")),
        [(Tokens.LimitRange, "defaultRequest")] = r => CpuMemory(r.Map("spec.limits.0.defaultRequest")),
        [(Tokens.LimitRange, "max")] = r => CpuMemory(r.Map("spec.limits.0.max")),
        [(Tokens.ResourceQuota, "hard")] = r => r.Map("spec.hard") is var h && Equals(h.GetValueOrDefault("requests.cpu"), h.GetValueOrDefault("limits.cpu"))
            && Equals(h.GetValueOrDefault("requests.memory"), h.GetValueOrDefault("limits.memory"))
            ? $"requests/limits cpu {h.GetValueOrDefault("limits.cpu")}, memory {h.GetValueOrDefault("limits.memory")}" : $"requests and limits differ: {string.Join(", ", h)}",
        [(Tokens.RoleBinding, "user")] = r => r.Text("subjects.0.name"),
        [(Tokens.RoleBinding, "clusterRole")] = r => r.Text("roleRef.kind") == "ClusterRole" ? r.Text("roleRef.name") : r.Text("roleRef.kind"),
        [(Tokens.Deployment, "namespace")] = r => r.Text("metadata.namespace"),
        [(Tokens.Deployment, "image")] = r => r.Text("spec.template.spec.containers.0.image"),
        [(Tokens.Deployment, "replicas")] = r => r.Text("spec.replicas"),
        [(Tokens.Deployment, "strategy")] = r => r.Text("spec.strategy.type"),
        [(Tokens.Deployment, "requests")] = r => CpuMemory(r.Map("spec.template.spec.containers.0.resources.requests")),
        [(Tokens.Deployment, "limits")] = r => CpuMemory(r.Map("spec.template.spec.containers.0.resources.limits")),
        [(Tokens.Deployment, "envFrom")] = r => "[" + string.Join(", ", r.Items("spec.template.spec.containers.0.envFrom")
            .Cast<IImmutableDictionary<string, object>>().Select(e => ((IImmutableDictionary<string, object>)e["secretRef"])["name"])) + "]",
        [(Tokens.Service, "namespace")] = r => r.Text("metadata.namespace"),
        [(Tokens.Service, "port")] = r => r.Text("spec.ports.0.port"),
        [(Tokens.Service, "type")] = r => r.Text("spec.type") is "ClusterIP" && r.At("spec.selector") is null ? "ClusterIP (no selector)" : r.Text("spec.type"),
        [(Tokens.Service, "externalName")] = r => r.Text("spec.externalName"),
        [(Tokens.Endpoints, "address")] = r => r.Text("subsets.0.addresses.0.ip"),
        [(Tokens.Endpoints, "port")] = r => r.Text("subsets.0.ports.0.port"),
        [(Tokens.Secret, "namespace")] = r => r.Text("metadata.namespace"),
        [(Tokens.Secret, "keys")] = r => "[" + string.Join(", ", r.Map("stringData").Keys.OrderBy(k => r.Expected.IndexOf(k, StringComparison.Ordinal))) + "]",
        [(Tokens.Ingress, "host")] = r => r.Text("spec.rules.0.host"),
        [(Tokens.Ingress, "path")] = r => r.Text("spec.rules.0.http.paths.0.path"),
        [(Tokens.Ingress, "backend")] = r => $"{r.Text("spec.rules.0.http.paths.0.backend.service.name")}:{r.Text("spec.rules.0.http.paths.0.backend.service.port.number")}",
        [(Tokens.Ingress, "middlewares")] = r =>
        {
            var byReference = r.Plan.Gateway.Middlewares.ToDictionary(m => m.Reference, m => m.ResourceName);
            var references = r.Map("metadata.annotations").GetValueOrDefault("traefik.ingress.kubernetes.io/router.middlewares") as string ?? "";
            return "[" + string.Join(", ", references.Split(',').Select(m => byReference.GetValueOrDefault(m, m))) + "]";
        },
        [(Tokens.Middleware, "spec")] = r => CanonicalJson.Write(r.At("spec")),
        [(Tokens.HelmChartConfig, "metadata")] = r => $"{r.Text("metadata.namespace")}/{r.Text("metadata.name")}",
        [(Tokens.HelmChartConfig, "chart")] = r => TraefikChart.Known.Where(c => (r.Text("spec.valuesContent") ?? "").Contains(c.HttpsRedirect))
            .Select(c => $"traefik {c.Major} (Traefik {c.TraefikVersion})").SingleOrDefault(),
        [(Tokens.HelmChartConfig, "allowExternalNameServices")] = r => Yaml(r, "providers", "kubernetesIngress", "allowExternalNameServices"),
        [(Tokens.HelmChartConfig, "accessLogs")] = r =>
            Yaml(r, "logs", "access", "fields", "headers", "names", "Authorization") == "drop" && Yaml(r, "logs", "access", "fields", "headers", "names", "Cookie") == "drop"
                ? $"{Yaml(r, "logs", "access", "format")}, Authorization and Cookie dropped" : "headers kept",
        [(Tokens.HelmChartConfig, "valuesContent")] = r => TextDigest.Of(r.Text("spec.valuesContent") ?? "", TextDigest.Yaml),
        [(Tokens.HelmChartConfig, "dashboard")] = r => Yaml(r, "ingressRoute", "dashboard", "enabled") == "false" ? "not exposed (port-forward only)" : "exposed",
    };

    /// <summary>A command's standard input as ScriptInputs writes it: NAME=&lt;base64&gt; lines.</summary>
    private static IEnumerable<(string Name, string Value)> ScriptInputLines(Registered r) =>
        (r.Text("stdin") ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => line.Split('=', 2)).Select(p =>
            (p[0], Encoding.UTF8.GetString(Convert.FromBase64String(p[1]))));
}

using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Text.Json;
using Moq;
using Platform.Infra;
using Platform.Stacks;
using Platform.Stacks.Config;
using Platform.Stacks.Plan;
using Pulumi;
using Pulumi.Testing;

namespace Platform.Components.Tests;

/// <summary>Pulumi's test deployment is process-wide state (Deployment.Instance, PULUMI_CONFIG): one collection, run serially.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class PulumiCollection
{
    public const string Name = "pulumi";
}

/// <summary>
/// The one test helper: runs the real program, or some components, under Moq-built mocks and records what
/// was registered (type token, logical name, inputs) and with which options.
/// </summary>
public sealed class PulumiTest
{
    private readonly ConcurrentQueue<MockResourceArgs> _registered = new();
    private readonly ConcurrentDictionary<string, ResourceOptions> _options = new();
    private int _nextId = 1000;

    public IReadOnlyList<MockResourceArgs> Registered => [.. _registered];
    public IDictionary<string, object?> Outputs { get; private set; } = new Dictionary<string, object?>();

    public static string RepoRoot { get; } = FindRoot();

    /// <summary>The plan of a real stack file, read offline the way `stacks plan` reads it.</summary>
    public static StackPlan Plan(string stack)
    {
        var (settings, problems) = Validation.Load(StackFile.Load(RepoRoot, stack));
        Assert.Empty(problems);
        return PlanBuilder.Build(settings);
    }

    /// <summary>Runs the real program with PULUMI_CONFIG made from the real stack file (secure values replaced).</summary>
    public static async Task<PulumiTest> Program(string stack, Action<Dictionary<string, string>>? editConfig = null)
    {
        var test = await Run(stack, editConfig);
        return test.Error is null ? test : throw test.Error;
    }

    /// <summary>Like <see cref="Program"/>, for a run that must fail: the error, and what was registered before it.</summary>
    public static async Task<PulumiTest> FailingProgram(string stack, Action<Dictionary<string, string>> editConfig)
    {
        var test = await Run(stack, editConfig);
        Assert.NotNull(test.Error);
        return test;
    }

    public Exception? Error { get; private set; }

    private static async Task<PulumiTest> Run(string stack, Action<Dictionary<string, string>>? editConfig)
    {
        var (config, secretKeys) = EngineConfig(stack);
        editConfig?.Invoke(config);
        var test = new PulumiTest();
        Environment.SetEnvironmentVariable("PULUMI_CONFIG", JsonSerializer.Serialize(config));
        Environment.SetEnvironmentVariable("PULUMI_CONFIG_SECRET_KEYS", JsonSerializer.Serialize(secretKeys));
        try
        {
            var (_, outputs) = await Deployment.TestAsync(test.Mocks(), Options(stack), () => PlatformStack.Run());
            test.Outputs = outputs;
        }
        catch (Exception e)
        {
            test.Error = e;
        }
        finally
        {
            Environment.SetEnvironmentVariable("PULUMI_CONFIG", null);
            Environment.SetEnvironmentVariable("PULUMI_CONFIG_SECRET_KEYS", null);
        }
        return test;
    }

    /// <summary>
    /// Runs <paramref name="body"/> (which creates components from a plan) under mocks. Components get
    /// <see cref="Recording"/> as options, so the options every child was given are recorded too: mocks never see options.
    /// </summary>
    public static async Task<PulumiTest> Components(string stack, Func<StackPlan, PulumiTest, IDictionary<string, object?>> body)
    {
        var plan = Plan(stack);
        var test = new PulumiTest();
        var (_, outputs) = await Deployment.TestAsync(test.Mocks(), Options(stack), () => body(plan, test));
        test.Outputs = outputs;
        return test;
    }

    /// <summary>Component options whose transformation records each child's options (transformations reach all descendants).</summary>
    public ComponentResourceOptions Recording => new()
    {
        ResourceTransformations =
        {
            args =>
            {
                _options[args.Resource.GetResourceName()] = args.Options;
                return null;
            },
        },
    };

    /// <summary>The value of an output (Output.GetValueAsync is internal to the SDK).</summary>
    public static Task<T> ValueOf<T>(Output<T> output)
    {
        var value = new TaskCompletionSource<T>();
        output.Apply(v => { value.TrySetResult(v); return v; });
        return value.Task;
    }

    public MockResourceArgs Named(string name) => Registered.Single(r => r.Name == name);
    public IEnumerable<MockResourceArgs> OfType(string token) => Registered.Where(r => r.Type == token);
    public CustomResourceOptions OptionsOf(string name) => (CustomResourceOptions)_options[name];

    private static TestOptions Options(string stack) => new() { IsPreview = false, ProjectName = "platform", StackName = stack };

    private IMocks Mocks()
    {
        var mocks = new Mock<IMocks>();
        mocks.Setup(m => m.NewResourceAsync(It.IsAny<MockResourceArgs>()))
            .ReturnsAsync((MockResourceArgs args) =>
            {
                _registered.Enqueue(args);
                // hcloud ids are integers: every mock id is one.
                var id = string.IsNullOrEmpty(args.Id) ? Interlocked.Increment(ref _nextId).ToString() : args.Id;
                return (id, (object)args.Inputs.AddRange(Computed(args, id)));
            });
        mocks.Setup(m => m.CallAsync(It.IsAny<MockCallArgs>()))
            .ReturnsAsync((MockCallArgs args) => args.Args);
        return mocks.Object;
    }

    /// <summary>Plausible outputs the providers compute, so that components consuming them have something to use.</summary>
    private static ImmutableDictionary<string, object> Computed(MockResourceArgs args, string id) => args.Type switch
    {
        Tokens.HcloudPrimaryIp => Computed(("ipAddress", $"198.51.100.{int.Parse(id) % 250}")),
        Tokens.RemoteCommand or Tokens.LocalCommand => Computed(("stdout", $"output of {args.Name}"), ("stderr", "")),
        Tokens.AccountToken => Computed(("value", $"token-value-{args.Name}")),
        Tokens.RandomPassword => Computed(("result", new string('x', (int)(double)args.Inputs["length"]))),
        Tokens.RandomBytes => Computed(("hex", new string('a', 2 * (int)(double)args.Inputs["length"])), ("base64", "AAAA")),
        _ => ImmutableDictionary<string, object>.Empty,
    };

    private static ImmutableDictionary<string, object> Computed(params (string Key, object Value)[] items) =>
        items.ToImmutableDictionary(i => i.Key, i => i.Value);

    /// <summary>
    /// The config the engine would hand the program: every top-level key of the stack file, objects as JSON
    /// text, and each <c>secure:</c> value replaced by a test value and listed as a secret key.
    /// </summary>
    private static (Dictionary<string, string> Config, List<string> SecretKeys) EngineConfig(string stack)
    {
        var file = StackFile.Load(RepoRoot, stack);
        var config = new Dictionary<string, string>();
        var secrets = new List<string>();
        foreach (var key in file.Keys)
        {
            var node = file.Get(key)!;
            if (node is SecretNode)
                secrets.Add(key);
            config[key] = node switch
            {
                SecretNode => $"test value of {key}",
                ScalarNode s => s.Value,
                _ => JsonSerializer.Serialize(ToJson(node)),
            };
        }
        return (config, secrets);
    }

    private static object? ToJson(ConfigNode node) => node switch
    {
        MapNode m => m.Entries.ToDictionary(e => e.Key, e => ToJson(e.Value)),
        ListNode l => l.Items.Select(ToJson).ToList(),
        ScalarNode s => s.Value,
        _ => throw new InvalidOperationException($"{node.Key}: a secure value inside a structured value"),
    };

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Pulumi.yaml")))
                return dir.FullName;
        throw new InvalidOperationException("Pulumi.yaml not found above the test binaries.");
    }
}

/// <summary>Reading mock inputs, which arrive as nested immutable dictionaries and arrays.</summary>
public static class Inputs
{
    public static object? At(this MockResourceArgs r, string path)
    {
        object? at = r.Inputs;
        foreach (var part in path.Split('.'))
            at = at switch
            {
                IImmutableDictionary<string, object> d => d.TryGetValue(part, out var v) ? v : null,
                ImmutableArray<object> a when int.TryParse(part, out var i) && i < a.Length => a[i],
                _ => null,
            };
        return at;
    }

    public static string? Text(this MockResourceArgs r, string path) => r.At(path) as string;

    public static IReadOnlyList<string> Texts(this MockResourceArgs r, string path) =>
        r.At(path) is ImmutableArray<object> a ? a.Select(o => (string)o).ToList() : [];
}

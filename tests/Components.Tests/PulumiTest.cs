using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Text.Json;
using Moq;
using Platform.Infra;
using Platform.Stacks;
using Platform.Stacks.Config;
using Platform.Stacks.Plan;
using Platform.Tests.Shared;
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
    private readonly ConcurrentDictionary<string, ImmutableDictionary<string, object>> _outputs = new();
    private int _nextId = 1000;

    public IReadOnlyList<MockResourceArgs> Registered => [.. _registered];
    public IDictionary<string, object?> Outputs { get; private set; } = new Dictionary<string, object?>();

    public static string RepoRoot { get; } = FindRoot();

    /// <summary>
    /// The key of the entry of a real stack file's config list that <paramref name="name"/> names
    /// (<c>Entry("production", "platform:dns.records", "apis")</c> is <c>platform:dns.records[1]</c> today), so a test
    /// says which entry it means and keeps meaning it when the file is reordered.
    /// </summary>
    public static string Entry(string stack, string list, string name)
    {
        var dot = list.IndexOf('.', list.IndexOf(':') + 1);
        var section = (MapNode)StackFile.Load(RepoRoot, stack).Get(list[..dot])!;
        var items = ((ListNode)section.Find(list[(dot + 1)..])!).Items;
        return Assert.Single(items, i => ((MapNode)i).Find("name") is ScalarNode s && s.Value == name).Key;
    }

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
        var (config, secretKeys) = EngineConfig.From(StackFile.Load(RepoRoot, stack));
        editConfig?.Invoke(config);
        var test = new PulumiTest();
        Environment.SetEnvironmentVariable(EngineConfig.ConfigVariable, JsonSerializer.Serialize(config));
        Environment.SetEnvironmentVariable(EngineConfig.SecretKeysVariable, JsonSerializer.Serialize(secretKeys));
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
            EngineConfig.Clear();
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

    /// <summary>An output the mocks computed for a resource (a primary IP's address), beyond its inputs.</summary>
    public object? OutputOf(string name, string output) =>
        _outputs.TryGetValue(name, out var o) && o.TryGetValue(output, out var value) ? value : null;

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
                var outputs = MockOutputs.For(args, id);
                _outputs[args.Name ?? ""] = outputs;
                return (id, (object)args.Inputs.AddRange(outputs));
            });
        mocks.Setup(m => m.CallAsync(It.IsAny<MockCallArgs>()))
            .ReturnsAsync((MockCallArgs args) => args.Args);
        return mocks.Object;
    }

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

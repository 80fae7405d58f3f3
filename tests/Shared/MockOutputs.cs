using System.Collections.Immutable;
using Platform.Stacks.Plan;
using Pulumi.Testing;

namespace Platform.Tests.Shared;

/// <summary>Plausible outputs the providers compute, so that components consuming them have something to use.</summary>
public static class MockOutputs
{
    /// <summary>The outputs of a resource the mocks register; <paramref name="id"/> is numeric (hcloud ids are integers).</summary>
    public static ImmutableDictionary<string, object> For(MockResourceArgs args, string id) => args.Type switch
    {
        Tokens.HcloudPrimaryIp => Of(("ipAddress", $"198.51.100.{int.Parse(id) % 250}")),
        Tokens.RemoteCommand or Tokens.LocalCommand => Of(("stdout", $"output of {args.Name}"), ("stderr", "")),
        Tokens.AccountToken => Of(("value", $"token-value-{args.Name}")),
        // A resource registered without inputs (the benchmark's bare-SDK baseline) has no length: no outputs.
        Tokens.RandomPassword when args.Inputs.TryGetValue("length", out var l) => Of(("result", new string('x', (int)(double)l))),
        Tokens.RandomBytes when args.Inputs.TryGetValue("length", out var l) => Of(("hex", new string('a', 2 * (int)(double)l)), ("base64", "AAAA")),
        _ => ImmutableDictionary<string, object>.Empty,
    };

    private static ImmutableDictionary<string, object> Of(params (string Key, object Value)[] items) =>
        items.ToImmutableDictionary(i => i.Key, i => i.Value);
}

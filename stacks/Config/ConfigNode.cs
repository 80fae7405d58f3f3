namespace Platform.Stacks.Config;

/// <summary>
/// A config value as a tree, independent of where it came from (a stack YAML file offline, Pulumi's
/// Config in the program). <see cref="Key"/> is the full config key of the node, the way an operator
/// would write it: <c>platform:dns.records[3].proxied</c>.
/// </summary>
public abstract record ConfigNode(string Key);

public sealed record ScalarNode(string Key, string Value) : ConfigNode(Key);

public sealed record MapNode(string Key, IReadOnlyList<KeyValuePair<string, ConfigNode>> Entries) : ConfigNode(Key)
{
    public ConfigNode? Find(string name) => Entries.FirstOrDefault(e => e.Key == name).Value;
}

public sealed record ListNode(string Key, IReadOnlyList<ConfigNode> Items) : ConfigNode(Key);

/// <summary>
/// A <c>secure:</c> value: known to be present, never readable offline. <see cref="Unset"/> marks the
/// committed placeholder <c>secure: v1:UNSET</c>, a slot the operator has not filled on this backend yet.
/// </summary>
public sealed record SecretNode(string Key, bool Unset = false) : ConfigNode(Key)
{
    public const string Placeholder = "v1:UNSET";
}

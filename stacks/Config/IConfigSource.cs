namespace Platform.Stacks.Config;

/// <summary>
/// Where stack settings come from. Two implementations: <see cref="StackFile"/> reads
/// <c>Pulumi.&lt;stack&gt;.yaml</c> offline; the program in <c>infra/</c> wraps Pulumi's Config.
/// Keys are full config keys (<c>platform:dns</c>, <c>hcloud:token</c>).
/// </summary>
public interface IConfigSource
{
    string StackName { get; }

    /// <summary>The value of a top-level key, or null when the stack does not set it.</summary>
    ConfigNode? Get(string key);

    /// <summary>Every top-level key the stack sets (to find unknown ones).</summary>
    IEnumerable<string> Keys { get; }

    /// <summary>The folder of Pulumi.yaml, whose other stack files tell what the project's other stacks manage; null when unknown.</summary>
    string? ProjectDir => null;
}

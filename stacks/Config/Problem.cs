namespace Platform.Stacks.Config;

/// <summary>One thing wrong with a stack's config: the key it is about and what to do.</summary>
public sealed record Problem(string Key, string Message)
{
    public override string ToString() => $"{Key}: {Message}";
}

/// <summary>Collects problems so that one pass reports all of them, never just the first.</summary>
public sealed class Problems
{
    private readonly List<Problem> _items = [];
    public IReadOnlyList<Problem> Items => _items;
    public bool Any => _items.Count > 0;
    public void Add(string key, string message) => _items.Add(new Problem(key, message));
}

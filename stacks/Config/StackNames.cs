using System.Text.RegularExpressions;

namespace Platform.Stacks.Config;

public static partial class StackNames
{
    public const string Staging = "staging";
    public const string Production = "production";

    public static bool IsValid(string name) => Pattern().IsMatch(name);

    [GeneratedRegex("^[A-Za-z0-9_-]{1,100}$")]
    private static partial Regex Pattern();
}

namespace Platform.Cli.Diff;

/// <summary>
/// The few read-only git commands <c>diff --base REF</c> needs, run in the project folder. None of them writes
/// the operator's working tree, index or refs (GIT_OPTIONAL_LOCKS=0 keeps even git diff from refreshing the index).
/// </summary>
public sealed class Git(string directory)
{
    private static readonly Dictionary<string, string> Environment = new()
    {
        ["GIT_OPTIONAL_LOCKS"] = "0", ["LC_ALL"] = "C", ["GIT_TERMINAL_PROMPT"] = "0",
    };

    public Tool.Result Run(params string[] args) => Run(args, output: null);

    public Tool.Result Run(string[] args, Stream? output) =>
        Tool.Run("git", directory, args, Environment, output,
            "--base REF runs git: install it, or give --base a folder holding the base's stack files.");

    public string? Line(params string[] args) => Run(args) is { ExitCode: 0 } r ? r.Stdout.TrimEnd('\n') : null;
}

using System.Formats.Tar;
using Platform.Stacks.Config;

namespace Platform.Cli.Diff;

/// <summary>
/// A git revision of the repository the project lives in, read with git's read-only plumbing (cat-file, diff,
/// archive): nothing is checked out, so the operator's working tree, index and worktree list stay as they are.
/// </summary>
public sealed class GitRevision
{
    private readonly Git _git;

    /// <summary>The full commit id the reference names.</summary>
    public string Commit { get; }

    /// <summary>The project folder's path inside the repository ("" at its root, else ending in /).</summary>
    public string Prefix { get; }

    private GitRevision(Git git, string commit, string prefix) => (_git, Commit, Prefix) = (git, commit, prefix);

    public static GitRevision Resolve(string projectDir, string reference)
    {
        var git = new Git(projectDir);
        if (git.Line("rev-parse", "--show-toplevel") is null)
            throw new ConfigException($"--base {reference}: no folder of that name, and {projectDir} is not in a git repository to read a revision from. " +
                                      "Give --base a git revision (main, origin/main, a commit) inside a repository, or a folder holding the base's stack files.");
        var commit = reference.StartsWith('-') ? null : git.Line("rev-parse", "--verify", "--quiet", "--end-of-options", reference + "^{commit}");
        if (commit is null)
            throw new ConfigException($"--base {reference}: neither a folder nor a git revision of this repository (`git rev-parse {reference}` finds no commit). " +
                                      "Fetch it first (git fetch origin main), or give a commit id or a folder.");
        return new GitRevision(git, commit, git.Line("rev-parse", "--show-prefix") ?? "");
    }

    /// <summary>A file of the project folder at this revision, or null when the revision has none.</summary>
    public string? Read(string file)
    {
        var r = _git.Run("cat-file", "blob", $"{Commit}:{Prefix}{file}");
        return r.ExitCode == 0 ? r.Stdout : null;
    }

    /// <summary>Which of <paramref name="paths"/> (relative to the project folder) differ between this revision and the working tree, untracked files included.</summary>
    public IReadOnlyList<string> ChangedSince(IReadOnlyList<string> paths)
    {
        var changed = _git.Run(["diff", "--no-ext-diff", "--no-renames", "--name-only", "--relative", Commit, "--", .. paths]);
        if (changed.ExitCode != 0)
            throw new ConfigException($"git diff against {Commit} failed: {changed.Stderr.Trim()}");
        var untracked = _git.Run(["ls-files", "--others", "--exclude-standard", "--", .. paths]);
        return [.. (changed.Stdout + untracked.Stdout).Split('\n', StringSplitOptions.RemoveEmptyEntries).Distinct().Order(StringComparer.Ordinal)];
    }

    /// <summary>
    /// The whole tree of the revision, written into <paramref name="directory"/> (git archive: nothing checked out).
    /// git archive leaves out paths marked export-ignore in .gitattributes; the repository marks none.
    /// </summary>
    public void ExtractTo(string directory)
    {
        using var archive = new MemoryStream();
        var r = _git.Run(["archive", "--format=tar", Commit], archive);
        if (r.ExitCode != 0)
            throw new ConfigException($"git archive {Commit} failed: {r.Stderr.Trim()}");
        archive.Position = 0;
        try { TarFile.ExtractToDirectory(archive, directory, overwriteFiles: true); }
        catch (InvalidDataException e) { throw new ConfigException($"git archive {Commit} gave an archive that could not be read: {e.Message}"); }
    }
}

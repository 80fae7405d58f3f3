using Platform.Stacks.Config;
using Platform.Stacks.Plan;

namespace Platform.Cli.Diff;

/// <summary>
/// Plans the base by its own code: when a change edits the program (a script template, a new resource), the
/// base's stack file planned by the working tree's code would show none of it. The revision's tree is written
/// into a temporary folder (git archive), its command line's project built there, and asked for its plan
/// (<c>diff STACK --snapshot</c>); the folder is deleted afterwards, whatever happens. Slower (a build, tens of
/// seconds) and needed only when the code differs.
/// </summary>
public static class BaseBuild
{
    /// <summary>Where a revision keeps its command line's project, newest layout first.</summary>
    public static readonly string[] CommandLineProjects = ["cli/Cli.csproj", "stacks/Stacks.csproj"];

    public static (IReadOnlyList<PlannedResource> Resources, IReadOnlyList<GeneratedText> Texts) Snapshot(GitRevision revision, string stack)
    {
        var root = Directory.CreateTempSubdirectory("platform-diff-base-").FullName;
        try
        {
            revision.ExtractTo(root);
            var project = Path.Combine(root, revision.Prefix);
            // The command line is cli/Cli.csproj since the model and the command line are two projects; before, it was
            // stacks/Stacks.csproj (the model and the command line in one). A base is planned by its own command line.
            var csproj = CommandLineProjects.Select(p => Path.Combine(project, p)).FirstOrDefault(File.Exists)
                ?? throw new ConfigException($"the base {revision.Commit} has neither {string.Join(" nor ", CommandLineProjects)} to plan it with.");
            var bin = Path.Combine(root, ".diff-bin");
            // No build servers left behind (node reuse, the shared compiler): this build is a one-off.
            var build = Dotnet(root, ["build", csproj, "-c", "Release", "-o", bin, "--nologo", "-v", "quiet", "-nodeReuse:false", "-p:UseSharedCompilation=false"]);
            if (build.ExitCode != 0)
                throw new ConfigException($"the base's code ({revision.Commit}) does not build, so its plan cannot be compared:\n{Tail(build.Stdout + build.Stderr)}");
            // The command line's assembly is platform.dll since ./platform, stacks.dll before it: the base's own name.
            var program = new[] { "platform.dll", "stacks.dll" }.Select(f => Path.Combine(bin, f)).FirstOrDefault(File.Exists)
                ?? throw new ConfigException($"the base's build ({revision.Commit}) has neither platform.dll nor stacks.dll to plan it with.");
            var snapshot = Dotnet(root, [program, "diff", stack, "--snapshot", "--dir", project]);
            if (snapshot.ExitCode != 0)
                throw new ConfigException($"the base's program ({revision.Commit}) could not print its plan of {stack} (exit {snapshot.ExitCode}):\n" +
                                          $"{Tail(snapshot.Stderr)}\nA base older than `diff` cannot plan itself: compare against a newer base, " +
                                          "or give --base a folder with the base's stack files (planned by this program's code).");
            return DiffSnapshot.Read(snapshot.Stdout, $"the plan of {revision.Commit}");
        }
        finally
        {
            try { Directory.Delete(root, recursive: true); }
            catch (IOException) { /* a file still open on some systems: the temporary folder is the system's to clean */ }
            catch (UnauthorizedAccessException) { }
        }
    }

    private static Tool.Result Dotnet(string directory, string[] args)
    {
        var host = System.Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } path && File.Exists(path) ? path : "dotnet";
        return Tool.Run(host, directory, args, new Dictionary<string, string> { ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1", ["DOTNET_NOLOGO"] = "1" });
    }

    /// <summary>The error lines of a tool's output when it has some (not a whole usage text), else its last lines.</summary>
    private static string Tail(string output)
    {
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd()).ToList();
        var errors = lines.Where(l => l.Contains("error", StringComparison.OrdinalIgnoreCase)).ToList();
        return string.Join("\n", (errors.Count > 0 ? errors : lines).TakeLast(20).Select(l => "  " + l.Trim()));
    }
}

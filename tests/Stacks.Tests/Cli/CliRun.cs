using Platform.Cli;

namespace Platform.Stacks.Tests.Cli;

/// <summary>The command line in-process, as an operator runs it: exit code, stdout, stderr.</summary>
internal static class CliRun
{
    public static (int Exit, string Out, string Err) Run(params string[] args)
    {
        var (stdout, stderr) = (new StringWriter(), new StringWriter());
        var exit = CommandLine.Run(args, stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    /// <summary>A throwaway project folder (Pulumi.yaml and the given stack files).</summary>
    public static string Project(params (string Stack, string Yaml)[] stacks)
    {
        var dir = Directory.CreateTempSubdirectory("platform-cli-").FullName;
        File.WriteAllText(Path.Combine(dir, "Pulumi.yaml"), "name: platform\nruntime: dotnet\n");
        foreach (var (stack, yaml) in stacks)
            File.WriteAllText(Path.Combine(dir, $"Pulumi.{stack}.yaml"), yaml);
        return dir;
    }

    public static string StackText(string stack) => File.ReadAllText(Path.Combine(Stack.RepoRoot, $"Pulumi.{stack}.yaml"));
}

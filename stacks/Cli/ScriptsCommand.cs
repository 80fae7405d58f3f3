using System.Text;
using Platform.Stacks.Plan;

namespace Platform.Stacks.Cli;

/// <summary>
/// <c>scripts STACK DIR</c>: writes every script the stack runs, one file per command named after its logical
/// name, so a reviewer reads exactly what will run on a server. A header names where it runs and the names
/// of its stdin inputs (their values are secrets or deployment outputs and never written).
/// </summary>
public static class ScriptsCommand
{
    public static int Write(StackPlan plan, string directory, TextWriter stdout)
    {
        Directory.CreateDirectory(directory);
        foreach (var script in RemoteCommands.Of(plan))
        {
            var path = Path.Combine(directory, script.FileName);
            File.WriteAllText(path, WithHeader(plan.Stack, script), new UTF8Encoding(false));
            if (!OperatingSystem.IsWindows() && script.Kind != HostScriptKind.CloudConfig)
                File.SetUnixFileMode(path, File.GetUnixFileMode(path) | UnixFileMode.UserExecute);
            stdout.WriteLine($"{path}  {script.Sha256}  {Describe(script)}");
        }
        return 0;
    }

    /// <summary>The text as it runs, with a comment block after the first line (a shebang or #cloud-config stays first).</summary>
    public static string WithHeader(string stack, HostScript script)
    {
        var newline = script.Text.IndexOf('\n');
        var (first, rest) = newline < 0 ? (script.Text, "") : (script.Text[..(newline + 1)], script.Text[(newline + 1)..]);
        var header = new StringBuilder()
            .Append($"# {stack}: {script.Name}, {Describe(script)}\n")
            .Append($"# stdin inputs: {(script.Inputs.Count == 0 ? "none" : string.Join(", ", script.Inputs))} (NAME=<base64> lines; values never written here)\n")
            .Append($"# sha256 of the script without this header: {script.Sha256}\n");
        return first + (first.EndsWith('\n') ? "" : "\n") + header + rest;
    }

    private static string Describe(HostScript s) => s.Kind switch
    {
        HostScriptKind.Remote => $"remote command on {s.Host}",
        HostScriptKind.Local => $"local command on {s.Host}",
        _ => $"first-boot user data of {s.Host}",
    };
}

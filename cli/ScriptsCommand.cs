using System.Text;
using Platform.Stacks.Config;
using Platform.Stacks.Plan;

namespace Platform.Cli;

/// <summary>
/// <c>scripts STACK DIR</c>: writes every script the stack runs, one file per command named after its logical
/// name, so a reviewer reads exactly what will run on a server. A header names where it runs and the names
/// of its stdin inputs (their values are secrets or deployment outputs and never written).
/// DIR holds one stack's scripts only: a manifest (<see cref="Manifest"/>) lists what the last run wrote, so a
/// second run for the same stack replaces exactly those files (a script the stack no longer runs goes), and a
/// non-empty DIR that is not this stack's previous output is refused before anything is written.
/// </summary>
public static class ScriptsCommand
{
    /// <summary>The manifest's file name: the stack on its first line, then one written file per line.</summary>
    public const string Manifest = ".platform-scripts";

    private const string ManifestHeader = "# written by the platform's `scripts` verb: the stack, then every file it wrote here (the next run replaces exactly these)";

    public sealed record Written(string Directory, IReadOnlyList<(HostScript Script, string Path)> Files, IReadOnlyList<string> Removed);

    public static Written Write(StackPlan plan, string directory)
    {
        var previous = Previous(plan.Stack, directory);
        var scripts = RemoteCommands.Of(plan).ToList();
        Directory.CreateDirectory(directory);
        var current = scripts.Select(s => s.FileName).ToHashSet(StringComparer.Ordinal);
        var removed = previous.Where(f => !current.Contains(f)).Order(StringComparer.Ordinal).ToList();
        foreach (var stale in removed)
            File.Delete(Path.Combine(directory, stale));
        var files = new List<(HostScript, string)>();
        foreach (var script in scripts)
        {
            var path = Path.Combine(directory, script.FileName);
            Replace(path, WithHeader(plan.Stack, script), executable: script.Kind != HostScriptKind.CloudConfig);
            files.Add((script, path));
        }
        Replace(Path.Combine(directory, Manifest),
            $"{ManifestHeader}\nstack: {plan.Stack}\n{string.Join("", scripts.Select(s => s.FileName + "\n"))}", executable: false);
        return new Written(directory, files, removed);
    }

    /// <summary>
    /// Writes a new file under a temporary name in the same folder (created, never opened if it exists), then renames
    /// it over <paramref name="path"/>: a rename replaces a symbolic link there instead of following it, so nothing
    /// outside DIR is ever written (an operator runs this as root on admin machines; review A12).
    /// </summary>
    private static void Replace(string path, string text, bool executable)
    {
        var temporary = Path.Combine(Path.GetDirectoryName(path)!, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write))
            using (var writer = new StreamWriter(stream, new UTF8Encoding(false)))
                writer.Write(text);
            if (!OperatingSystem.IsWindows())
                File.SetUnixFileMode(temporary, (UnixFileMode)Convert.ToInt32(executable ? "755" : "644", 8));
            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temporary)) File.Delete(temporary);
        }
    }

    /// <summary>
    /// The files this stack's previous run wrote into DIR; refuses (exit 2, nothing written) a DIR that holds
    /// anything else: another stack's scripts would mix with these, and files of unknown origin would look like them.
    /// </summary>
    private static IReadOnlyList<string> Previous(string stack, string directory)
    {
        if (File.Exists(directory))
            throw new CannotRunException($"'{directory}' is a file: give a folder for the scripts.");
        if (!Directory.Exists(directory) || !Directory.EnumerateFileSystemEntries(directory).Any())
            return [];
        var manifest = Path.Combine(directory, Manifest);
        if (!File.Exists(manifest))
            throw new CannotRunException($"'{directory}' is not empty and holds no scripts written by this command: give an empty or new folder (nothing was written).");
        var lines = File.ReadAllLines(manifest).Where(l => !l.StartsWith('#') && l.Length > 0).ToList();
        var owner = lines.FirstOrDefault(l => l.StartsWith("stack: ", StringComparison.Ordinal))?["stack: ".Length..];
        if (owner != stack)
            throw new CannotRunException($"'{directory}' holds the scripts of {(owner is null ? "an unknown stack" : $"stack '{owner}'")}, not {stack}'s: give another folder, or remove it first (nothing was written).");
        // Only plain file names: a manifest edited to name ../something never makes this command delete outside DIR.
        var files = lines.Skip(1).Where(f => f == Path.GetFileName(f) && f is not ("." or "..")).ToList();
        // A symbolic link in DIR (a script's name pointing at /etc/…) is never written through, nor deleted: refused.
        var links = Directory.EnumerateFileSystemEntries(directory).Where(e => new FileInfo(e).LinkTarget is not null).Select(Path.GetFileName).ToList();
        if (links.Count > 0)
            throw new CannotRunException($"'{directory}' holds symbolic links ({string.Join(", ", links.Order().Take(5))}): this command writes only plain files there; remove them or give another folder (nothing was written).");
        var foreign = Directory.EnumerateFileSystemEntries(directory).Select(Path.GetFileName)
            .Where(f => f != Manifest && !files.Contains(f!)).ToList();
        if (foreign.Count > 0)
            throw new CannotRunException($"'{directory}' holds files this command did not write ({string.Join(", ", foreign.Order().Take(5))}): move them away or give another folder (nothing was written).");
        return files;
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

    public static string Describe(HostScript s) => s.Kind switch
    {
        HostScriptKind.Remote => $"remote command on {s.Host}",
        HostScriptKind.Local => $"local command on {s.Host}",
        _ => $"first-boot user data of {s.Host}",
    };

    public static string Text(Written w)
    {
        var sb = new StringBuilder();
        foreach (var (script, path) in w.Files)
            sb.AppendLine($"{path}  {script.Sha256}  {Describe(script)}");
        foreach (var removed in w.Removed)
            sb.AppendLine($"removed {Path.Combine(w.Directory, removed)}: the stack no longer runs it");
        return sb.ToString();
    }

    public static string Json(string stack, Written w) => JsonOutput.Write("scripts", stack, CommandLine.Ok, j =>
    {
        j.WriteString("directory", w.Directory);
        j.WriteStartArray("scripts");
        foreach (var (script, path) in w.Files)
        {
            j.WriteStartObject();
            j.WriteString("resource", script.Name);
            j.WriteString("file", path);
            j.WriteString("host", script.Host);
            j.WriteString("kind", script.Kind.ToString().ToLowerInvariant());
            JsonOutput.Strings(j, "inputs", script.Inputs);
            j.WriteString("sha256", script.Sha256);
            j.WriteEndObject();
        }
        j.WriteEndArray();
        JsonOutput.Strings(j, "removed", w.Removed.Select(f => Path.Combine(w.Directory, f)));
    });

    public static string Markdown(string stack, Written w)
    {
        var sb = new StringBuilder($"### scripts of {stack}\n\n| file | runs | stdin inputs | sha256 |\n|---|---|---|---|\n");
        foreach (var (script, path) in w.Files)
            sb.AppendLine($"| {Cli.Markdown.Code(Path.GetFileName(path))} | {Describe(script)} | {string.Join(", ", script.Inputs)} | {Cli.Markdown.Code(script.Sha256)} |");
        return sb.ToString();
    }
}

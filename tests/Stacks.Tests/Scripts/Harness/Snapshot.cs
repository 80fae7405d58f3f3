using System.Security.Cryptography;

namespace Platform.Stacks.Tests.Scripts.Harness;

/// <summary>
/// What a host holds: every file scripts created, changed or deleted under <see cref="TestHost.Writable"/>
/// (path, kind, mode, content hash), and its network state (links, addresses, routes, firewall rules).
/// Two snapshots are compared to prove that a run changed nothing.
/// </summary>
public sealed class Snapshot
{
    private readonly SortedDictionary<string, string> _entries;

    private Snapshot(SortedDictionary<string, string> entries) => _entries = entries;

    internal static Snapshot Of(TestHost host, string upper)
    {
        var entries = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var root = host.HostPath(upper);
        foreach (var path in Directory.EnumerateFileSystemEntries(root, "*", SearchOption.AllDirectories))
        {
            var info = new FileInfo(path);
            var name = path[root.Length..];
            entries[$"file {name}"] = info switch
            {
                { LinkTarget: { } target } => $"link -> {target}",
                _ when Directory.Exists(path) => $"dir {Mode(path)}",
                // overlayfs records a deletion as a 0/0 character device ("whiteout").
                _ when (File.GetAttributes(path) & FileAttributes.Device) != 0 => "deleted",
                _ => $"{Mode(path)} {Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path)))}",
            };
        }
        // Interface MACs and the link-local addresses made from them are random, counters move with
        // traffic: none of them is state a script sets.
        var network = host.Output("""
            ip -o link | sed -E 's#link/(ether|ieee802.1q) [0-9a-f:]+ brd [0-9a-f:]+##'
            ip -o addr | grep -v ' inet6 fe80:' || true
            ip route
            ip -6 route
            for save in iptables-save ip6tables-save; do
              if command -v "$save" >/dev/null; then "$save" | grep -v '^#' | sed -E 's/\[[0-9]+:[0-9]+\]//'; fi
            done
            """);
        var n = 0;
        foreach (var line in network.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            entries[$"net {n++:D4}"] = line;
        return new Snapshot(entries);
    }

    private static string? Kind(string? entry) => entry?.Split(' ')[0];

    // Hosts exist only on Linux (TestHost.CannotIsolate); the guard is for the platform analyzer.
    private static UnixFileMode Mode(string path) => OperatingSystem.IsWindows() ? UnixFileMode.None : File.GetUnixFileMode(path);

    /// <summary>
    /// What differs, one line per file or network line, or empty when nothing does. Files listed in
    /// <paramref name="randomContent"/> (keys and certificates each host generates afresh) are compared by
    /// existence and mode only.
    /// </summary>
    public IReadOnlyList<string> Diff(Snapshot after, IReadOnlyCollection<string>? randomContent = null)
    {
        var changes = new List<string>();
        foreach (var key in _entries.Keys.Union(after._entries.Keys).Where(k => k.StartsWith("file ")))
        {
            var was = _entries.GetValueOrDefault(key);
            var now = after._entries.GetValueOrDefault(key);
            if (randomContent?.Contains(key[5..]) == true) (was, now) = (Kind(was), Kind(now));
            if (was != now) changes.Add($"{key[5..]}: {was ?? "absent"} -> {now ?? "absent"}");
        }
        var before = _entries.Where(e => e.Key.StartsWith("net ")).Select(e => e.Value).ToList();
        var later = after._entries.Where(e => e.Key.StartsWith("net ")).Select(e => e.Value).ToList();
        changes.AddRange(before.Except(later).Select(l => $"network lost: {l}"));
        changes.AddRange(later.Except(before).Select(l => $"network gained: {l}"));
        return changes;
    }
}

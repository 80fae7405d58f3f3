using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Platform.Stacks.Tests.Vault;

/// <summary>
/// The FAKE Vault's raft snapshots, modelling what the backup and restore rely on: <c>GET sys/storage/raft/snapshot</c>
/// answers the whole state as a raft snapshot archive (a gzip'd tar of meta.json, state.bin and their SHA256SUMS:
/// hashicorp/raft-snapshot archive.go; here state.bin is the fake's state as JSON, where Vault's is encrypted by its
/// barrier); <c>POST sys/storage/raft/snapshot-force</c> installs one whose sums match, and when its keys are not the
/// current ones Vault seals itself: the original shares unseal it (vault/raft.go raftSnapshotRestoreCallback, Shamir:
/// "seal all nodes"; Vault docs, "Restore a Vault snapshot": "you need the original cluster unseal keys").
/// </summary>
public sealed partial class FakeVault
{
    private byte[] _requestBytes = [];
    private byte[]? _binaryAnswer;

    private sealed record State(bool Initialized, int Threshold, List<string> Shares, bool SharesEncrypted,
        Dictionary<string, JsonObject> Mounts, Dictionary<string, JsonObject> Auths, Dictionary<string, string> Policies,
        Dictionary<string, (string RoleId, JsonObject Settings, List<string> SecretIds)> Roles,
        Dictionary<string, List<Dictionary<string, string>>> Kv, Dictionary<string, Token> Tokens);

    private (int, JsonNode?) TakeSnapshot()
    {
        var state = JsonSerializer.SerializeToUtf8Bytes(new
        {
            initialized = Initialized, threshold = Threshold, shares = PlainShares, sharesEncrypted = SharesEncrypted,
            mounts = Mounts, auths = Auths, policies = Policies,
            roles = Roles.ToDictionary(r => r.Key, r => new { roleId = r.Value.RoleId, settings = r.Value.Settings, secretIds = r.Value.SecretIds }),
            kv = Kv, tokens = _tokens.ToDictionary(t => t.Key, t => new { policies = t.Value.Policies, aliases = t.Value.Aliases }),
        });
        var meta = JsonSerializer.SerializeToUtf8Bytes(new { Version = 1, ID = Guid.NewGuid().ToString(), Size = state.Length });
        var sums = Encoding.ASCII.GetBytes($"{Convert.ToHexStringLower(SHA256.HashData(meta))}  meta.json\n{Convert.ToHexStringLower(SHA256.HashData(state))}  state.bin\n");
        using var archive = new MemoryStream();
        using (var gzip = new GZipStream(archive, CompressionLevel.Fastest, leaveOpen: true))
        using (var tar = new TarWriter(gzip))
            foreach (var (name, content) in new[] { ("meta.json", meta), ("state.bin", state), ("SHA256SUMS", sums) })
                tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(content) });
        _binaryAnswer = SnapshotTruncatedTo is { } length ? archive.ToArray()[..length] : archive.ToArray();
        return (200, null);
    }

    private (int, JsonNode?) ForceRestore(byte[] snapshot)
    {
        var files = new Dictionary<string, byte[]>();
        try
        {
            using var gzip = new GZipStream(new MemoryStream(snapshot), CompressionMode.Decompress);
            using var tar = new TarReader(gzip);
            while (tar.GetNextEntry() is { } entry)
            {
                using var content = new MemoryStream();
                entry.DataStream?.CopyTo(content);
                files[entry.Name] = content.ToArray();
            }
        }
        catch (Exception e) when (e is InvalidDataException or IOException or FormatException)
        {
            return Error(400, "failed to read snapshot file: " + e.Message);
        }
        if (!files.TryGetValue("state.bin", out var stateBytes) || !files.TryGetValue("meta.json", out var meta) || !files.TryGetValue("SHA256SUMS", out var sums)
            || Encoding.ASCII.GetString(sums) != $"{Convert.ToHexStringLower(SHA256.HashData(meta))}  meta.json\n{Convert.ToHexStringLower(SHA256.HashData(stateBytes))}  state.bin\n")
            return Error(400, "failed checking integrity of snapshot");

        var state = JsonNode.Parse(stateBytes)!.AsObject();
        var shares = state["shares"]!.AsArray().Select(x => x!.GetValue<string>()).ToList();
        var sameKeys = shares.SequenceEqual(PlainShares);
        Initialized = state["initialized"]!.GetValue<bool>();
        Threshold = state["threshold"]!.GetValue<int>();
        SharesEncrypted = state["sharesEncrypted"]!.GetValue<bool>();
        PlainShares.Clear();
        PlainShares.AddRange(shares);
        void Load<T>(Dictionary<string, T> target, string name, Func<JsonNode, T> read)
        {
            target.Clear();
            foreach (var (key, value) in state[name]!.AsObject()) target[key] = read(value!);
        }
        Load(Mounts, "mounts", n => n.AsObject().DeepClone().AsObject());
        Load(Auths, "auths", n => n.AsObject().DeepClone().AsObject());
        Load(Policies, "policies", n => n.GetValue<string>());
        Load(Roles, "roles", n => Role.Restored(n["roleId"]!.GetValue<string>(), n["settings"]!.AsObject().DeepClone().AsObject(),
            n["secretIds"]!.AsArray().Select(x => x!.GetValue<string>())));
        Load(Kv, "kv", n => n.AsArray().Select(v => v!.AsObject().ToDictionary(kv => kv.Key, kv => kv.Value!.GetValue<string>())).ToList());
        Load(_tokens, "tokens", n => new Token([.. n["policies"]!.AsArray().Select(x => x!.GetValue<string>())],
            n["aliases"]!.AsObject().ToDictionary(a => a.Key, a => a.Value!.AsObject().ToDictionary(m => m.Key, m => m.Value!.GetValue<string>()))));
        RootToken = null;
        if (!sameKeys)
        {
            Sealed = true;
            _progress.Clear();
        }
        Restores++;
        return Ok(null);
    }

    /// <summary>Snapshots end after this many bytes: a transfer cut short (a test's failure; Vault itself streams the whole archive).</summary>
    public int? SnapshotTruncatedTo { get; set; }

    /// <summary>How many snapshots were force-restored.</summary>
    public int Restores { get; private set; }
}

using Platform.Stacks.Hetzner;
using Platform.Stacks.Plan;
using Platform.Stacks.Vault;

namespace Platform.Stacks.Backup;

/// <summary>
/// What a host runs for its backups: the step that installs them (packages, the bucket's credential, the
/// backup tool, a systemd timer per kind of backup), and the tool itself, <see cref="ToolPath"/>, which the
/// timers run daily and the README's restore runbooks run by hand. Uploads are signed with SigV4 by curl
/// (&gt;= 7.75) exactly as the Hetzner bucket steps sign theirs (stacks/Storage/Scripts/s3.sh); the keys
/// live in a root-only curl config file and are never an argument of a process.
/// </summary>
public static class BackupScripts
{
    public const string AccessKeyInput = "BACKUP_S3_ACCESS_KEY";
    public const string SecretKeyInput = "BACKUP_S3_SECRET_KEY";
    public const string EncryptionKeyInput = "BACKUP_ENCRYPTION_KEY";
    public static readonly IReadOnlyList<string> S3Inputs = [AccessKeyInput, SecretKeyInput];

    public const string ToolPath = "/usr/local/sbin/platform-backup";

    /// <summary>Root-only (0700): the bucket credential as curl config, the k3s passphrase, the Vault identity's files.</summary>
    public const string ConfigDir = "/etc/platform/backup";
    public const string CurlConfig = ConfigDir + "/s3.curl";
    public const string EncryptionKeyFile = ConfigDir + "/k3s.key";

    /// <summary>k3s's server directory: its SQLite datastore <c>db/state.db</c>, token, CAs (docs.k3s.io/datastore/backup-restore).</summary>
    public const string K3sServerDir = "/var/lib/rancher/k3s/server";

    /// <summary>
    /// Daily, an hour apart, each up to 30 minutes later at random (systemd.timer RandomizedDelaySec): two runs are at
    /// most 24.5 h apart, inside verify's 26 h. Persistent: a run missed while the host was down happens at boot.
    /// </summary>
    public const string VaultSchedule = "*-*-* 02:30:00 UTC", K3sSchedule = "*-*-* 03:30:00 UTC";

    /// <summary>A kind's systemd units: <c>platform-backup-vault.service</c> and <c>.timer</c>.</summary>
    public static string Unit(string kind) => UnitPrefix + kind;

    private const string UnitPrefix = "platform-backup-";

    /// <summary>
    /// The host step: the packages the backups need (<see cref="HostScripts.PackagesPart"/>, shared with every host step),
    /// then <c>Backup/Scripts/install.sh</c>: idempotent, every file written only when it changed (a second
    /// run changes nothing), each to a temporary name and renamed (a failure half-way leaves the old file or the new
    /// one, never a partial one).
    /// </summary>
    public static string HostStep(string host, BackupTarget target, VaultTarget? vault, bool k3s)
    {
        var kinds = Kinds(vault, k3s);
        return new ShellScript()
            .Array("packages", new[] { "curl", "jq" }.Concat(k3s ? ["sqlite3", "gpg"] : Array.Empty<string>()))
            .Array("kinds", kinds)
            .Set("config_dir", ConfigDir)
            .Set("curl_config", CurlConfig)
            .Set("encryption_key_file", EncryptionKeyFile)
            .Set("tool_path", ToolPath)
            .Document("tool", "TOOL", Tool(host, target, vault, k3s))
            .Set("unit_prefix", UnitPrefix)
            .Set("bucket", target.Bucket)
            .Set("host", host)
            .Set("vault_schedule", VaultSchedule)
            .Set("k3s_schedule", K3sSchedule)
            .Part(HostScripts.PackagesPart)
            .Part("Backup/Scripts/install.sh")
            .Script($"Daily backups of {string.Join(" and ", kinds)} on {host} to {target.Bucket}: idempotent, safe to re-run.",
                k3s ? [.. S3Inputs, EncryptionKeyInput] : S3Inputs);
    }

    /// <summary>
    /// The step after Vault's credential files and k3s's install (<c>Backup/Scripts/first.sh</c>): a kind without a
    /// backup of the last 20 hours (the first deployment, a new bucket) gets one now, so that verify finds one at once
    /// and a broken backup fails <c>pulumi up</c>. A bucket that cannot be listed fails it too (a wrong permission group,
    /// jurisdiction or key is the likeliest backup failure, and verify cannot see it on a first deployment), after trying
    /// again for <see cref="ListAttempts"/> × <see cref="ListPauseSeconds"/> s: a token the same <c>up</c> just made may
    /// take a moment to reach R2. Kept apart from the installing step so that a rebuilt host gets its tool back before
    /// Vault and k3s are (README, Restore). <paramref name="install"/>: the installing step's script, whose hash makes
    /// this one run again after it.
    /// </summary>
    public static string FirstBackups(string host, IReadOnlyList<string> kinds, string install) => new ShellScript()
        .Comment($"After the backup step {Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(install)))[..16]}.")
        .Array("kinds", kinds)
        .Set("tool_path", ToolPath)
        .Set("list_attempts", ListAttempts)
        .Set("list_pause_seconds", ListPauseSeconds)
        .Part("Backup/Scripts/first.sh")
        .Script($"The first backups of {string.Join(" and ", kinds)} on {host}, when the bucket has none of the last 20 hours.");

    /// <summary>How often the first-backups step lists the bucket before it fails, and the pause between two tries.</summary>
    public const int ListAttempts = 6, ListPauseSeconds = 10;

    /// <summary>
    /// The backup tool of a host (<see cref="ToolPath"/>): <c>vault</c> and <c>k3s</c> take a backup and upload it
    /// (the timers), <c>list KIND</c> shows what the bucket holds, <c>fetch KIND [KEY] FILE</c> downloads one (the
    /// newest by default), <c>restore-vault FILE</c> and <c>restore-k3s FILE</c> put one back (README, Restore).
    /// <c>Backup/Scripts/tool.sh</c>, after the Vault client on the Vault host, then the commands of each kind the host
    /// backs up: a raft snapshot of Vault (<c>tool-vault.sh</c>), a consistent, encrypted copy of k3s's datastore
    /// (<c>tool-k3s.sh</c>), and <c>tool-commands.sh</c>.
    /// </summary>
    public static string Tool(string host, BackupTarget target, VaultTarget? vault, bool k3s)
    {
        var kinds = Kinds(vault, k3s);
        var script = new ShellScript()
            .Set("endpoint", target.Endpoint.TrimEnd('/'))
            .Set("bucket", target.Bucket)
            .Set("region", target.Region)
            .Set("host", host)
            .Set("conf", ConfigDir);
        if (vault is not null) script.Set("backup_credentials", VaultTarget.BackupCredentials).VaultClient(vault);
        script.Part("Backup/Scripts/tool.sh");
        if (vault is not null) script.Part("Backup/Scripts/tool-vault.sh");
        if (k3s) script.Set("server", K3sServerDir).Part("Backup/Scripts/tool-k3s.sh");
        return script.Part("Backup/Scripts/tool-commands.sh").Installed(
            $"Backups of {host} to {target.Bucket} (installed by the backup-{host} step; stacks/Backup/BackupScripts.cs).",
            $"Usage: {ToolPath} {string.Join("|", kinds)} | list KIND | fetch KIND [KEY] FILE{(vault is null ? "" : " | restore-vault FILE")}{(k3s ? " | restore-k3s FILE" : "")}");
    }

    private static List<string> Kinds(VaultTarget? vault, bool k3s) => new[] { vault is null ? null : "vault", k3s ? "k3s" : null }.OfType<string>().ToList();
}

using Platform.Stacks.Plan;
using Platform.Stacks.Vault;

namespace Platform.Stacks.Backup;

/// <summary>
/// What a host runs for its backups: the step that installs them (packages, the bucket's credential, the
/// backup tool, a systemd timer per kind of backup), and the tool itself, <see cref="ToolPath"/>, which the
/// timers run daily and the README's restore runbooks run by hand. Uploads are signed with SigV4 by curl
/// (&gt;= 7.75) exactly as the Hetzner bucket steps sign theirs (stacks/Storage/HetznerS3Scripts.cs); the keys
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

    public static string Unit(string kind) => $"platform-backup-{kind}";

    /// <summary>
    /// The host step: idempotent, every file written only when it changed (a second run changes nothing), each to a
    /// temporary name and renamed (a failure half-way leaves the old file or the new one, never a partial one).
    /// </summary>
    public static string HostStep(string host, BackupTarget target, VaultTarget? vault, bool k3s)
    {
        var kinds = new[] { vault is null ? null : "vault", k3s ? "k3s" : null }.OfType<string>().ToList();
        var packages = new[] { "curl", "jq" }.Concat(k3s ? ["sqlite3", "gpg"] : Array.Empty<string>()).ToList();
        var units = string.Join("\n", kinds.Select(kind => $$"""
            install_file {{Shell.Quote($"/etc/systemd/system/{Unit(kind)}.service")}} 0644 <<'UNIT'
            [Unit]
            Description=Backup of {{kind}} to the off-site bucket {{target.Bucket}}
            Wants=network-online.target
            After=network-online.target {{(kind == "vault" ? "vault.service" : "k3s.service")}}
            [Service]
            Type=oneshot
            ExecStart={{ToolPath}} {{kind}}
            Nice=10
            IOSchedulingClass=idle
            UNIT
            install_file {{Shell.Quote($"/etc/systemd/system/{Unit(kind)}.timer")}} 0644 <<'UNIT'
            [Unit]
            Description=Daily backup of {{kind}}
            [Timer]
            OnCalendar={{(kind == "vault" ? VaultSchedule : K3sSchedule)}}
            RandomizedDelaySec=30m
            Persistent=true
            [Install]
            WantedBy=timers.target
            UNIT
            """));
        return Shell.Script($"Daily backups of {string.Join(" and ", kinds)} on {host} to {target.Bucket}: idempotent, safe to re-run.", $$"""
            umask 077
            # A new cloud server may still be in its first boot (apt, cloud-config): let cloud-init finish first.
            if command -v cloud-init >/dev/null 2>&1; then cloud-init status --wait >/dev/null || true; fi
            {{Shell.Array("packages", packages)}}
            missing=()
            for package in "${packages[@]}"; do
              dpkg-query -W -f='${db:Status-Status}' "$package" 2>/dev/null | grep -qx installed || missing+=("$package")
            done
            if [ ${#missing[@]} -gt 0 ]; then
              export DEBIAN_FRONTEND=noninteractive
              apt-get -o DPkg::Lock::Timeout=300 update -q
              apt-get -o DPkg::Lock::Timeout=300 install -y -q "${missing[@]}"
            fi
            if ! curl --help all 2>/dev/null | grep -q -- '--aws-sigv4'; then
              echo "backups need curl >= 7.75 (--aws-sigv4) on this host" >&2
              exit 1
            fi
            mkdir -p {{Shell.Quote(ConfigDir)}} /usr/local/sbin /etc/systemd/system
            chmod 0700 {{Shell.Quote(ConfigDir)}}
            # install_file PATH MODE: the content on stdin; in place in one rename, and only when it changed.
            install_file() {
              local target=$1 mode=$2
              cat > "$target.new"
              chmod "$mode" "$target.new"
              if cmp -s "$target.new" "$target"; then rm -f "$target.new"; else mv -f "$target.new" "$target"; echo "wrote $target"; fi
            }
            # The bucket's credential as curl config (quoted: backslash and double quote escaped), never an argument. A line
            # break cannot be quoted there: refused (S3 keys have none), naming the inputs, not their values.
            s3_access=${{{AccessKeyInput}}//\\/\\\\}
            s3_access=${s3_access//\"/\\\"}
            s3_secret=${{{SecretKeyInput}}//\\/\\\\}
            s3_secret=${s3_secret//\"/\\\"}
            printf 'user = "%s:%s"\n' "$s3_access" "$s3_secret" > {{Shell.Quote(CurlConfig + ".draft")}}
            unset s3_access s3_secret
            if [ "$(wc -l < {{Shell.Quote(CurlConfig + ".draft")}})" != 1 ] || grep -q $'\r' {{Shell.Quote(CurlConfig + ".draft")}}; then
              rm -f {{Shell.Quote(CurlConfig + ".draft")}}
              echo "input {{AccessKeyInput}} or {{SecretKeyInput}} holds a line break: not an S3 key" >&2
              exit 1
            fi
            install_file {{Shell.Quote(CurlConfig)}} 0400 < {{Shell.Quote(CurlConfig + ".draft")}}
            rm -f {{Shell.Quote(CurlConfig + ".draft")}}
            {{(k3s ? $"printf '%s' \"${{{EncryptionKeyInput}:?}}\" | install_file {Shell.Quote(EncryptionKeyFile)} 0400" : "")}}
            install_file {{Shell.Quote(ToolPath)}} 0700 <<'TOOL'
            {{Tool(host, target, vault, k3s).TrimEnd()}}
            TOOL
            {{units}}
            systemctl daemon-reload
            {{string.Join("\n", kinds.Select(kind => $"systemctl enable --now {Unit(kind)}.timer >/dev/null"))}}
            echo "daily backups of {{string.Join(" and ", kinds)}} to {{target.Bucket}} scheduled on {{host}}"
            """, k3s ? [.. S3Inputs, EncryptionKeyInput] : S3Inputs);
    }

    /// <summary>
    /// The step after Vault's credential files and k3s's install: a kind without a backup of the last 20 hours (the
    /// first deployment, a new bucket) gets one now, so that verify finds one at once and a broken backup fails
    /// <c>pulumi up</c>. A bucket that cannot be listed fails it too (a wrong permission group, jurisdiction or key is
    /// the likeliest backup failure, and verify cannot see it on a first deployment), after trying again for
    /// <see cref="ListAttempts"/> × <see cref="ListPauseSeconds"/> s: a token the same <c>up</c> just made may take a
    /// moment to reach R2. Kept apart from the
    /// installing step so that a rebuilt host gets its tool back before Vault and k3s are (README, Restore).
    /// <paramref name="install"/>: the installing step's script, whose hash makes this one run again after it.
    /// </summary>
    public static string FirstBackups(string host, IReadOnlyList<string> kinds, string install) =>
        Shell.Script($"The first backups of {string.Join(" and ", kinds)} on {host}, when the bucket has none of the last 20 hours.", $$"""
            # After the backup step {{Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(install)))[..16]}}.
            for kind in {{string.Join(" ", kinds)}}; do
              attempt=1
              until state=$({{Shell.Quote(ToolPath)}} due "$kind"); do
                if [ "$attempt" -ge {{ListAttempts}} ]; then
                  echo "could not list the $kind backups (above) after {{ListAttempts}} tries: the backup bucket refuses this host's key or cannot be reached; check the writer token's bucket, permission group and jurisdiction (README \"Backups\")" >&2
                  exit 1
                fi
                echo "could not list the $kind backups (above): trying again in {{ListPauseSeconds}} s (a new token may not have reached R2 yet)" >&2
                sleep {{ListPauseSeconds}}
                attempt=$((attempt + 1))
              done
              if [ "$state" = due ]; then {{Shell.Quote(ToolPath)}} "$kind"; else echo "a $kind backup of the last 20 hours is in the bucket"; fi
            done
            """);

    /// <summary>How often the first-backups step lists the bucket before it fails, and the pause between two tries.</summary>
    public const int ListAttempts = 6, ListPauseSeconds = 10;

    /// <summary>
    /// The backup tool of a host (<see cref="ToolPath"/>): <c>vault</c> and <c>k3s</c> take a backup and upload it
    /// (the timers), <c>list KIND</c> shows what the bucket holds, <c>fetch KIND [KEY] FILE</c> downloads one (the
    /// newest by default), <c>restore-vault FILE</c> and <c>restore-k3s FILE</c> put one back (README, Restore).
    /// </summary>
    public static string Tool(string host, BackupTarget target, VaultTarget? vault, bool k3s) => $$"""
        #!/usr/bin/env bash
        # Backups of {{host}} to {{target.Bucket}} (installed by the backup-{{host}} step; stacks/Backup/BackupScripts.cs).
        # Usage: {{ToolPath}} {{string.Join("|", new[] { vault is null ? null : "vault", k3s ? "k3s" : null }.OfType<string>())}} | list KIND | fetch KIND [KEY] FILE{{(vault is null ? "" : " | restore-vault FILE")}}{{(k3s ? " | restore-k3s FILE" : "")}}
        set -euo pipefail
        umask 077
        endpoint={{Shell.Quote(target.Endpoint.TrimEnd('/'))}}
        bucket={{Shell.Quote(target.Bucket)}}
        region={{Shell.Quote(target.Region)}}
        host={{Shell.Quote(host)}}
        conf={{Shell.Quote(ConfigDir)}}
        {{(vault is null ? "work=$(mktemp -d)\ntrap 'rm -rf \"$work\"' EXIT" : VaultApi.Client(vault).TrimEnd() + "\nwork=$vault_tmp")}}

        fail() { echo "$*" >&2; exit 1; }

        # s3 METHOD PATH [FILE]: one path-style request to the bucket, signed with SigV4 (FILE is the body of a PUT); the
        # keys come from the root-only curl config. Prints the HTTP status (000: no answer); the answer is in $work/response.
        s3() {
          local method=$1 path=$2 file=${3:-} sha body=()
          sha=$(sha256sum < "${file:-/dev/null}")
          sha=${sha%% *}
          if [ -n "$file" ]; then body=(--upload-file "$file"); fi
          : > "$work/response"
          curl --silent --show-error --config "$conf/s3.curl" --aws-sigv4 "aws:amz:$region:s3" --request "$method" \
            --header "x-amz-content-sha256: $sha" "${body[@]}" --output "$work/response" --write-out '%{http_code}' "$endpoint/$bucket$path" || echo 000
        }

        # The <Code> of an S3 error answer (never a key: S3 does not echo them).
        s3_error() { sed -n 's:.*<Code>\([^<]*\)</Code>.*:\1:p' "$work/response" | head -1; }

        # upload KIND FILE SUFFIX: the file as KIND/<UTC time>-<host>-<pid><SUFFIX>: two runs never share a key.
        upload() {
          local key code
          key="$1/$(date -u +%Y%m%dT%H%M%SZ)-$host-$$$3"
          code=$(s3 PUT "/$key" "$2")
          [ "$code" = 200 ] || fail "uploading $key to $bucket failed: HTTP $code $(s3_error)"
          echo "backed up to $bucket/$key ($(stat -c %s "$2") bytes)"
        }

        # list KIND: "LAST-MODIFIED KEY" per backup, oldest first. One page: retention keeps far fewer than 1000.
        list() {
          local code
          code=$(s3 GET "?list-type=2&prefix=$1%2F")
          [ "$code" = 200 ] || fail "listing $bucket/$1/ failed: HTTP $code $(s3_error)"
          tr '<' '\n' < "$work/response" | sed -n 's/^Key>//p; s/^LastModified>//p' | paste - - | awk '{ print $2, $1 }' | sort
        }

        # due KIND: prints "due" when KIND has no backup younger than 20 hours, else "not due".
        due() {
          local newest
          newest=$(list "$1" | tail -n 1 | cut -d' ' -f1)
          if [ -z "$newest" ] || [ "$(date -u -d "$newest" +%s)" -lt "$(( $(date -u +%s) - 20 * 3600 ))" ]; then echo due; else echo "not due"; fi
        }

        # fetch KIND [KEY] FILE: one backup (the newest when no key is given) into FILE.
        fetch() {
          local kind=$1 key file code
          if [ $# -ge 3 ]; then key=$2; file=$3; else file=$2; key=$(list "$kind" | tail -n 1 | cut -d' ' -f2); fi
          [ -n "$key" ] || fail "no backup under $bucket/$kind/"
          code=$(s3 GET "/$key")
          [ "$code" = 200 ] || fail "fetching $key failed: HTTP $code $(s3_error)"
          mv "$work/response" "$file"
          echo "fetched $bucket/$key into $file"
        }
        {{(vault is null ? "" : VaultCommands(vault))}}
        {{(k3s ? K3sCommands : "")}}
        case "${1:-}" in
          {{(vault is null ? "" : "vault) backup_vault ;;")}}
          {{(k3s ? "k3s) backup_k3s ;;" : "")}}
          list) list "${2:?list KIND}" ;;
          due) due "${2:?due KIND}" ;;
          fetch) shift; [ $# -ge 2 ] || fail "usage: fetch KIND [KEY] FILE"; fetch "$@" ;;
          {{(vault is null ? "" : "restore-vault) restore_vault \"${2:?restore-vault FILE}\" ;;")}}
          {{(k3s ? "restore-k3s) restore_k3s \"${2:?restore-k3s FILE}\" ;;" : "")}}
          *) fail "usage: $0 $(sed -n 's/^# Usage: [^ ]* //p' "$0")" ;;
        esac
        """;

    /// <summary>
    /// A raft snapshot (<c>GET sys/storage/raft/snapshot</c>, as the snapshot-only identity), checked whole before it
    /// is uploaded: a gzip'd tar of meta.json, state.bin and their SHA256SUMS (hashicorp/raft-snapshot archive.go).
    /// It is encrypted by Vault's barrier: useless without the unseal shares. Restore: <c>POST
    /// sys/storage/raft/snapshot-force</c>, into a Vault with no data (initialised here with one temporary share, for a
    /// token) or with an operator's root token; Vault then holds the snapshot's keyring and seals: the original shares
    /// unseal it (Vault API docs, /sys/storage/raft "Force Restore"; docs, "Restore a Vault snapshot").
    /// </summary>
    private static string VaultCommands(VaultTarget vault) => $$"""

        # check_snapshot FILE: a whole raft snapshot, or a clear failure.
        check_snapshot() {
          rm -rf "$work/check" && mkdir "$work/check"
          tar -xzf "$1" -C "$work/check" meta.json state.bin SHA256SUMS 2>/dev/null || fail "$1 is not a complete Vault raft snapshot (meta.json, state.bin, SHA256SUMS)"
          (cd "$work/check" && sha256sum --check --quiet --strict SHA256SUMS >/dev/null 2>&1) || fail "$1 is damaged: its SHA256SUMS do not match"
          rm -rf "$work/check"
        }

        # Logs in as the snapshot-only identity from its role-id and secret-id files: jq reads them, no argument holds them.
        vault_login_backup() {
          jq -n --rawfile role {{Shell.Quote(VaultTarget.BackupCredentials + "-role-id")}} --rawfile secret {{Shell.Quote(VaultTarget.BackupCredentials + "-secret-id")}} \
            '{role_id: $role, secret_id: $secret}' > "$vault_tmp/login"
          vault_api POST auth/{{VaultNames.SystemMount}}/login "$vault_tmp/login"
          rm -f "$vault_tmp/login"
          jq -r '"X-Vault-Token: " + .auth.client_token' "$vault_tmp/response" > "$vault_tmp/token"
          : > "$vault_tmp/response"
          vault_logged_in=1
        }

        backup_vault() {
          vault_require_unsealed
          vault_login_backup
          vault_call GET sys/storage/raft/snapshot
          [ "$vault_status" = 200 ] || { vault_fail "GET sys/storage/raft/snapshot"; exit 1; }
          mv "$vault_tmp/response" "$work/vault.snap"
          check_snapshot "$work/vault.snap"
          upload vault "$work/vault.snap" .snap
        }

        restore_vault() {
          local file=$1
          [ -s "$file" ] || fail "no snapshot at $file"
          check_snapshot "$file"
          vault_wait
          vault_api GET sys/init
          if ! jq -e '.initialized' "$vault_tmp/response" >/dev/null; then
            # A Vault without data: one temporary share, only for a token; the snapshot replaces both.
            printf '{"secret_shares": 1, "secret_threshold": 1}' > "$work/init"
            vault_api PUT sys/init "$work/init"
            mv "$vault_tmp/response" "$work/temporary"
            jq -c '{key: .keys_base64[0]}' "$work/temporary" > "$work/unseal"
            vault_api PUT sys/unseal "$work/unseal"
            jq -r '"X-Vault-Token: " + .root_token' "$work/temporary" > "$vault_tmp/token"
            rm -f "$work/temporary" "$work/unseal"
          else
            echo "Vault at $vault_addr holds data: paste a root token (vault operator generate-root), then Enter" >&2
            IFS= read -rs token || true
            [ -n "${token:-}" ] || fail "no root token given: nothing restored"
            printf 'X-Vault-Token: %s\n' "$token" > "$vault_tmp/token"
            unset token
          fi
          vault_require_unsealed
          vault_call POST sys/storage/raft/snapshot-force "$file" application/octet-stream
          case "$vault_status" in 2??) ;; *) vault_fail "POST sys/storage/raft/snapshot-force"; exit 1 ;; esac
          rm -f "$vault_tmp/token"
          echo "restored $file: Vault holds the snapshot's data and keys; unless they were its own, it is sealed: unseal it with the original shares (README, Restore Vault)"
        }
        """;

    /// <summary>
    /// The k3s datastore, copied consistently while k3s runs: <c>VACUUM INTO</c> reads the SQLite database in one
    /// transaction and writes a compact copy (sqlite.org/lang_vacuum.html, "VACUUM INTO"), where the online backup API
    /// starts over whenever another connection writes (sqlite.org/backup.html), which k3s does all the time. With it
    /// the token, which encrypts the datastore's confidential data (docs.k3s.io/datastore/backup-restore: "you must
    /// also back up the server token"), and the cluster's CAs and credentials (tls/, cred/); the archive holds every
    /// Kubernetes Secret, so it is encrypted (gpg, AES-256, with integrity) before it leaves the host.
    /// </summary>
    private static string K3sCommands => $$"""

        server={{Shell.Quote(K3sServerDir)}}

        backup_k3s() {
          [ -s "$server/db/state.db" ] || fail "no k3s datastore at $server/db/state.db (k3s with its default SQLite datastore?)"
          mkdir "$work/k3s" "$work/gnupg"
          chmod 0700 "$work/gnupg"
          (cd "$work/k3s" && sqlite3 -bail -cmd '.timeout 60000' "$server/db/state.db" "VACUUM INTO 'state.db'") || fail "copying $server/db/state.db failed"
          check_datastore "$work/k3s/state.db"
          cp "$server/token" "$work/k3s/token"
          entries=()
          for entry in tls cred; do if [ -e "$server/$entry" ]; then entries+=("$entry"); fi; done
          [ ${#entries[@]} -gt 0 ] || fail "no certificates under $server/tls: not a k3s server"
          tar -C "$server" -cf "$work/k3s/server.tar" "${entries[@]}"
          tar -C "$work/k3s" -czf "$work/k3s.tar.gz" .
          gpg --batch --quiet --homedir "$work/gnupg" --pinentry-mode loopback --passphrase-file "$conf/k3s.key" \
            --symmetric --cipher-algo AES256 --output "$work/k3s.tar.gz.gpg" "$work/k3s.tar.gz"
          upload k3s "$work/k3s.tar.gz.gpg" .tar.gz.gpg
        }

        # check_datastore FILE: a sound SQLite database holding kine's table (k3s's datastore), or a clear failure.
        check_datastore() {
          [ "$(sqlite3 "$1" 'PRAGMA integrity_check;')" = ok ] || fail "$1 fails SQLite's integrity check"
          sqlite3 "$1" 'SELECT count(*) FROM kine;' >/dev/null 2>&1 || fail "$1 is not a k3s datastore (no kine table)"
        }

        restore_k3s() {
          local file=$1 aside
          [ -s "$file" ] || fail "no backup at $file"
          if systemctl is-active --quiet k3s; then
            fail "k3s is running: stop it first (systemctl stop k3s && /usr/local/bin/k3s-killall.sh), then restore"
          fi
          mkdir "$work/gnupg" "$work/restore"
          chmod 0700 "$work/gnupg"
          gpg --batch --quiet --homedir "$work/gnupg" --pinentry-mode loopback --passphrase-file "$conf/k3s.key" \
            --decrypt --output "$work/k3s.tar.gz" "$file" || fail "$file does not decrypt with $conf/k3s.key (another stack's backup, or damaged)"
          tar -xzf "$work/k3s.tar.gz" -C "$work/restore"
          check_datastore "$work/restore/state.db"
          [ -s "$work/restore/token" ] || fail "$file holds no server token"
          # What is there now is kept aside, not deleted; the old db's -wal and -shm go with it, so nothing is replayed.
          aside="$server.before-restore-$(date -u +%Y%m%dT%H%M%SZ)"
          mkdir -p "$server" "$aside"
          for entry in db token tls cred; do
            if [ -e "$server/$entry" ]; then mv "$server/$entry" "$aside/"; fi
          done
          mkdir -p "$server/db"
          install -m 0600 "$work/restore/state.db" "$server/db/state.db"
          install -m 0600 "$work/restore/token" "$server/token"
          tar -xf "$work/restore/server.tar" -C "$server"
          echo "restored $file into $server (what was there is in $aside): start k3s (systemctl start k3s)"
        }
        """;
}

#!/usr/bin/env bash
# The backup tool of a host, /usr/local/sbin/platform-backup, which the backup-<host> step installs and its timers run
# daily (stacks/Backup/BackupScripts.cs composes it: after the Vault client on the Vault host, then this part, then
# tool-vault.sh and tool-k3s.sh for what the host backs up, then tool-commands.sh). This part: the S3 requests, signed
# with SigV4 by curl (>= 7.75) exactly as the Hetzner bucket steps sign theirs (stacks/Storage/Scripts/s3.sh), the
# keys in a root-only curl config file, never an argument of a process. The header sets the bucket's endpoint, name
# and region, the host's name and the tool's configuration folder:
declare endpoint bucket region host conf

umask 077
# On the Vault host the Vault client before this part made a private folder: the tool works in it.
if [ -n "${vault_tmp:-}" ]; then
  work=$vault_tmp
else
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
fi

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

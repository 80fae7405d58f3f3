#!/usr/bin/env bash
# The verdict of the daily drift check (README "Verification") on what `pulumi preview --refresh --json` printed:
#
#   bash .ci/drift-verdict.sh STACK PREVIEW.json
#
# The preview refreshes first (--refresh: without it the CLI compares the program with the state only, never with
# Cloudflare or Hetzner; pkg/cmd/pulumi/operations/io.go getRefreshOption at v3.259.0), so a record edited in the
# dashboard or a firewall rule added by hand shows as a change. The JSON is the CLI's PreviewDigest
# (pkg/display/json.go at v3.259.0): `changeSummary` counts the logical operations (what --expect-no-changes
# tests: pkg/engine/update.go HasChanges, every op but same and the reads), `steps` says which resource and why.
#
# One change is expected, not drift: the k3s kubeconfig step is read again once a month (its trigger is the month,
# K3sScripts.KubeconfigRefresh), so from the 1st until the next `up` of the stack the preview replaces exactly that
# step, for its `triggers` alone, and updates the kubernetes provider, for its `kubeconfig` alone (the new copy is
# unknown until the step runs). That and nothing else passes, said as such. Anything else is drift.
#
# Writes a Markdown report to stdout; exit 0 no drift, 1 drift, 2 the preview's JSON cannot be read.
set -euo pipefail

[ $# -eq 2 ] || { echo "usage: bash .ci/drift-verdict.sh STACK PREVIEW.json" >&2; exit 2; }
stack=$1 file=$2
if ! jq -e 'type == "object"' "$file" >/dev/null 2>&1; then
  echo "drift of $stack: the preview printed no JSON report (it failed before its summary: see the log above)" >&2
  exit 2
fi

# The steps that change something: every op but same, the reads, and a refresh that found the resource as it was.
changes=$(jq -c '[.steps // [] | .[] | select(.op | IN("same", "read", "read-discard", "read-replacement", "refresh") | not)
                  | {op, urn, type: (.urn | split("::")[2] | split("$") | last),
                     diff: (.diffReasons // []), replace: (.replaceReasons // [])}]' "$file")
counted=$(jq '[.changeSummary // {} | to_entries[] | select(.key | IN("same", "read", "read-discard", "read-replacement") | not) | .value] | add // 0' "$file")

# The monthly re-read: the kubeconfig step replaced for its trigger alone, and the provider updated for its kubeconfig alone.
expected=$(jq -c '
  def kubeconfig: .type == "command:remote:Command" and (.urn | test("::[^:]+-kubeconfig$"))
                  and (.op | IN("replace", "create-replacement", "delete-replaced")) and ((.replace | length) == 0 or .replace == ["triggers"])
                  and ((.diff | length) == 0 or .diff == ["triggers"]) and (.op != "replace" or .replace == ["triggers"]);
  def provider: .type == "pulumi:providers:kubernetes" and .op == "update" and .diff == ["kubeconfig"];
  if any(.[]; kubeconfig and .op == "replace") then [.[] | select(kubeconfig or provider)] else [] end' <<< "$changes")
unexpected=$(jq -c --argjson expected "$expected" '[.[] | select(. as $c | $expected | index($c) | not)]' <<< "$changes")
# Logical operations the expected steps account for: the replacement (one) and the provider's update (one, if there).
explained=$(jq '[.[] | select(.op == "replace" or .op == "update")] | length' <<< "$expected")

echo "### drift of \`$stack\` (pulumi preview --refresh)"
echo
if [ "$(jq length <<< "$changes")" -gt 0 ]; then
  echo "| operation | resource | because of |"
  echo "|---|---|---|"
  jq -r '.[] | "| \(.op) | `\(.urn | split("::") | last)` (`\(.type)`) | \((.replace + .diff) | unique | map("`\(.)`") | join(", ")) |"' <<< "$changes"
  echo
fi
if [ "$counted" -eq 0 ] && [ "$(jq length <<< "$changes")" -eq 0 ]; then
  echo "No drift: the live resources, refreshed, match what the program declares."
  exit 0
fi
if [ "$(jq length <<< "$unexpected")" -eq 0 ] && [ "$counted" -le "$explained" ]; then
  echo "No drift. Expected this month: the k3s kubeconfig is read again (its trigger is the month), which the next \`pulumi up\` of $stack does; nothing else differs."
  exit 0
fi
echo "**Drift**: $counted change(s) between what runs and what the program declares. Someone changed a resource outside Pulumi, or the live commit's program differs from its state: read the table, then \`pulumi preview --refresh --stack $stack --diff\` from an admin machine (README \"Verification\")."
exit 1

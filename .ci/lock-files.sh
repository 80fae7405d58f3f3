#!/usr/bin/env bash
# The NuGet lock files of this machine's package sources (README "Restore and lock files").
#
#   bash .ci/lock-files.sh check   every project of Infra.sln has the lock file restore uses here; exit 1 naming
#                                  each one missing (locked mode alone would not notice: NuGet writes a
#                                  missing lock file instead of failing)
#   bash .ci/lock-files.sh write   (re)writes those lock files from what this machine's sources resolve now
#
# Which lock file a project uses is decided once, by Directory.Build.props (NuGetLockFilePath): the projects
# that use the Pulumi packages keep packages.local-feed.lock.json where a local feed exists, and
# packages.lock.json (nuget.org) elsewhere; every other project has packages.lock.json.
set -euo pipefail
cd "$(dirname "$0")/.." || exit 2

mode=${1:-}
if [ "$mode" != check ] && [ "$mode" != write ]; then
  echo "usage: bash .ci/lock-files.sh check|write" >&2
  exit 2
fi

mapfile -t projects < <(dotnet sln Infra.sln list | sed -n 's#\\#/#g; /\.csproj$/p')
if [ ${#projects[@]} -eq 0 ]; then
  echo "no project found in Infra.sln" >&2
  exit 2
fi

missing=()
for project in "${projects[@]}"; do
  lock=$(dotnet msbuild "$project" -nologo -getProperty:NuGetLockFilePath)
  path="$(dirname "$project")/$lock"
  if [ "$mode" = write ]; then
    dotnet restore "$project" --force-evaluate -p:RestoreLockedMode=false --nologo -v quiet
    echo "wrote $path"
  elif [ ! -f "$path" ]; then
    missing+=("$path")
  fi
done

if [ ${#missing[@]} -gt 0 ]; then
  echo "::error::missing NuGet lock files for this machine's package sources: ${missing[*]}"
  echo "  Write them with 'bash .ci/lock-files.sh write' on a machine with the same sources (packages.lock.json of a"
  echo "  Pulumi project: one that reaches nuget.org and has no local feed: a maintainer's machine, or GitHub's runner"
  echo "  through 'gh workflow run lock-files.yml --ref main', which writes them from main's code as the artifact"
  echo "  'nuget-lock-files'), review and commit them. Never commit lock files a pull request's job wrote."
  exit 1
fi
[ "$mode" = check ] && echo "every project of Infra.sln has its lock file (${#projects[@]} projects)"
exit 0

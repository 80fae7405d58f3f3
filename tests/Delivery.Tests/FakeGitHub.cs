using System.Text.Json;

namespace Platform.Delivery.Tests;

/// <summary>
/// A FAKE `gh` for the scripts that read GitHub Actions runs. It models only what they rely on, as documented:
/// <list type="bullet">
/// <item>`gh run list --workflow FILE [--branch B] [--event E] [--commit SHA] [--limit N] --json …`: the runs of that
/// workflow file, filtered by head branch, event and head sha (gh's documented filters, which the REST API
/// "List workflow runs for a workflow" applies: branch, event, head_sha), newest first;</item>
/// <item>`gh run view ID --json jobs`: the jobs of the run's latest attempt, each with name, status, conclusion,
/// startedAt, completedAt, url;</item>
/// <item>`gh api repos/…/environments/…` (and its deployment branch policies), `gh api repos/…/pulls/N`, and
/// `gh api repos/…/pulls/N/files`: recorded answers; `gh api --method POST|PATCH …`: the body recorded, nothing else.</item>
/// </list>
/// A run's fields are the ones `gh run list --json` names: databaseId, headSha, headBranch, event, displayTitle,
/// status, conclusion, createdAt, updatedAt, url.
/// </summary>
public sealed class FakeGitHub
{
    private readonly Dictionary<string, List<object>> _runs = new();
    private readonly Dictionary<long, object> _jobs = new();
    private readonly Dictionary<string, object> _api = new();

    public FakeGitHub Run(string workflow, long id, string sha, string branch, string @event, string createdAt,
        string? displayTitle = null, string status = "completed", string? conclusion = "success", string? updatedAt = null,
        params object[] jobs)
    {
        if (!_runs.TryGetValue(workflow, out var runs)) _runs[workflow] = runs = [];
        runs.Insert(0, new
        {
            databaseId = id, headSha = sha, headBranch = branch, @event, displayTitle = displayTitle ?? workflow, status, conclusion,
            createdAt, updatedAt = updatedAt ?? createdAt, url = $"https://github.com/o/r/actions/runs/{id}",
        });
        _jobs[id] = new { jobs };
        return this;
    }

    public static object Job(string name, string? conclusion = "success", string? startedAt = "2026-12-06T10:00:00Z",
        string? completedAt = "2026-12-06T10:05:00Z", string status = "completed") =>
        new { name, status, conclusion, startedAt, completedAt, url = $"https://github.com/o/r/actions/jobs/{Math.Abs(name.GetHashCode())}" };

    /// <summary>The answer of `gh api PATH` (GET).</summary>
    public FakeGitHub Api(string path, object answer)
    {
        _api[path] = answer;
        return this;
    }

    /// <summary>Writes the fixtures into the script's folder and puts the fake on its PATH.</summary>
    public CiScript Install(CiScript ci)
    {
        var index = 0;
        var paths = new List<string>();
        foreach (var (workflow, runs) in _runs) ci.File_($"runs/{workflow}.json", JsonSerializer.Serialize(runs));
        foreach (var (id, jobs) in _jobs) ci.File_($"jobs/{id}.json", JsonSerializer.Serialize(jobs));
        foreach (var (path, answer) in _api)
        {
            ci.File_($"api/{index}.json", JsonSerializer.Serialize(answer));
            paths.Add($"  '{path}') file=\"$fixtures/api/{index++}.json\" ;;");
        }
        ci.Fake("gh", $$"""
            fixtures='{{ci.Dir}}'
            if [ "$1 $2" = "run list" ]; then
              shift 2
              workflow="" branch="" event="" commit="" limit=20
              while [ $# -gt 0 ]; do
                case $1 in --workflow) workflow=$2 ;; --branch) branch=$2 ;; --event) event=$2 ;; --commit) commit=$2 ;; --limit) limit=$2 ;; esac
                shift
              done
              [ -f "$fixtures/runs/$workflow" ] || [ -f "$fixtures/runs/$workflow.json" ] || { echo '[]'; exit 0; }
              exec jq --arg b "$branch" --arg e "$event" --arg c "$commit" --argjson n "$limit" \
                '[.[] | select(($b == "" or .headBranch == $b) and ($e == "" or .event == $e) and ($c == "" or .headSha == $c))] | .[:$n]' "$fixtures/runs/$workflow.json"
            elif [ "$1 $2" = "run view" ]; then
              [ -f "$fixtures/jobs/$3.json" ] || { echo "gh: run $3 not found" >&2; exit 1; }
              exec cat "$fixtures/jobs/$3.json"
            elif [ "$1" = api ] && [ "$2" = --method ]; then
              jq -c . >> "$fixtures/posted.jsonl"
              exit 0
            elif [ "$1" = api ]; then
              path=$2; shift 2
              filter=.
              [ "${1:-}" = --jq ] && filter=$2
              file=""
              case $path in
            {{string.Join("\n", paths)}}
              esac
              [ -n "$file" ] || { echo 'gh: Not Found (HTTP 404)' >&2; exit 1; }
              exec jq -r "$filter" "$file"
            fi
            echo "FAKE gh: not modelled: $*" >&2
            exit 1
            """);
        return ci.Env("GH_REPO", "o/r").Env("GH_TOKEN", "test").Env("DEFAULT_BRANCH", "main").Env("GITHUB_RUN_ID", "99");
    }

    /// <summary>The JSON bodies the script posted (statuses, comments), in order.</summary>
    public static List<JsonElement> Posted(CiScript ci)
    {
        var path = Path.Combine(ci.Dir, "posted.jsonl");
        return File.Exists(path)
            ? File.ReadAllLines(path).Where(l => l.Trim().Length > 0).Select(l => JsonDocument.Parse(l).RootElement).ToList()
            : [];
    }
}

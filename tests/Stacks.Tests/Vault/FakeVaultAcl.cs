using System.Text;
using System.Text.Json.Nodes;

namespace Platform.Stacks.Tests.Vault;

/// <summary>
/// The FAKE Vault's ACL: what the platform's policies rely on, as Vault 1.18 documents and implements it, and
/// nothing more (anything else in a policy is refused as not modelled, so a policy that needs more fails loudly):
/// <list type="bullet">
/// <item>path rules: exact, a trailing <c>*</c> prefix glob, <c>+</c> segment wildcards; the one most specific
/// match decides, by Vault's priority rules (docs/concepts/policies "Priority matching"; vault/acl.go
/// CheckAllowedFromNonExactPaths); the same path in several policies of a token unites its capabilities;
/// <c>deny</c> wins; <c>sudo</c> is needed on root-protected paths (docs: "Root protected API endpoints");</item>
/// <item>templated paths: <c>{{identity.entity.aliases.&lt;mount accessor&gt;.metadata.&lt;key&gt;}}</c> only; a
/// path whose template the token cannot fill is skipped (vault/policy.go parsePaths: "continue");</item>
/// <item><c>allowed_parameters</c> and <c>denied_parameters</c> on create, update and patch with a body
/// (vault/acl.go AllowOperation; docs "Parameter constraints"): no body is allowed; <c>"*"</c> denied denies any
/// parameter; an allowed list restricts the values; a parameter not listed is denied unless <c>"*"</c> is
/// allowed; a string value matches an allowed string exactly or by a leading/trailing <c>*</c> glob; a list or
/// any other non-string value never matches a string (Vault 1.20 and earlier compare a list whole: docs
/// "List parameter evaluation").</item>
/// </list>
/// </summary>
public static class FakeVaultAcl
{
    public sealed record Rule(string Path, HashSet<string> Capabilities, Dictionary<string, List<string>>? Allowed, Dictionary<string, List<string>>? Denied);

    /// <summary>Paths that need <c>sudo</c> besides their capability, among those the fake serves (docs, "Root protected API endpoints": sys/auth/:path).</summary>
    private static bool RootProtected(string path) => path.StartsWith("sys/auth/", StringComparison.Ordinal);

    /// <summary>Parses the HCL subset the platform writes: path blocks with capabilities and parameter constraints.</summary>
    public static List<Rule> Parse(string hcl)
    {
        var tokens = new Tokens(hcl);
        var rules = new List<Rule>();
        while (!tokens.AtEnd)
        {
            tokens.Expect("path");
            var path = tokens.String();
            tokens.Expect("{");
            HashSet<string>? capabilities = null;
            Dictionary<string, List<string>>? allowed = null, denied = null;
            while (!tokens.Take("}"))
            {
                var key = tokens.Word();
                tokens.Expect("=");
                switch (key)
                {
                    case "capabilities": capabilities = [.. tokens.StringList()]; break;
                    case "allowed_parameters": allowed = tokens.Constraints(); break;
                    case "denied_parameters": denied = tokens.Constraints(); break;
                    default: throw new FormatException($"path \"{path}\": '{key}' is not modelled by the fake Vault");
                }
            }
            rules.Add(new Rule(path, capabilities ?? throw new FormatException($"path \"{path}\": no capabilities"), allowed, denied));
        }
        return rules;
    }

    /// <summary>
    /// Whether a token with these policies (their texts) and this alias metadata (mount accessor → key → value)
    /// may do <paramref name="capability"/> on <paramref name="path"/> with this request body.
    /// </summary>
    public static bool Allows(IEnumerable<string> policies, IReadOnlyDictionary<string, Dictionary<string, string>> aliases,
        string path, string capability, JsonObject? body)
    {
        var merged = new Dictionary<string, Rule>(StringComparer.Ordinal);
        foreach (var rule in policies.SelectMany(Parse))
        {
            if (Templated(rule.Path, aliases) is not { } resolved) continue;
            if (!merged.TryGetValue(resolved, out var seen))
                merged[resolved] = rule with { Path = resolved, Capabilities = [.. rule.Capabilities] };
            else if ((seen.Allowed ?? seen.Denied) is not null && (rule.Allowed ?? rule.Denied) is not null)
                throw new NotSupportedException($"parameter constraints on \"{resolved}\" in two policies of one token: merging them is not modelled by the fake Vault");
            else
                merged[resolved] = seen with
                {
                    Capabilities = [.. seen.Capabilities, .. rule.Capabilities],
                    Allowed = seen.Allowed ?? rule.Allowed,
                    Denied = seen.Denied ?? rule.Denied,
                };
        }
        var match = Match(merged.Values, path);
        if (match is null || match.Capabilities.Contains("deny") || !match.Capabilities.Contains(capability)) return false;
        if (RootProtected(path) && !match.Capabilities.Contains("sudo")) return false;
        return capability is not ("create" or "update" or "patch") || ParametersAllowed(match, body);
    }

    /// <summary>The path with its templates filled from the token's alias metadata, or null when one cannot be filled.</summary>
    private static string? Templated(string path, IReadOnlyDictionary<string, Dictionary<string, string>> aliases)
    {
        var result = new StringBuilder();
        var rest = path;
        while (rest.IndexOf("{{", StringComparison.Ordinal) is var start and >= 0)
        {
            var end = rest.IndexOf("}}", start, StringComparison.Ordinal);
            if (end < 0) return null;
            var parts = rest[(start + 2)..end].Trim().Split('.');
            if (parts is not ["identity", "entity", "aliases", var accessor, "metadata", var key]
                || !aliases.TryGetValue(accessor, out var metadata) || !metadata.TryGetValue(key, out var value))
                return null;
            result.Append(rest[..start]).Append(value);
            rest = rest[(end + 2)..];
        }
        return result.Append(rest).ToString();
    }

    /// <summary>The one rule that decides: an exact match, else the highest-priority glob or segment-wildcard match.</summary>
    private static Rule? Match(IEnumerable<Rule> rules, string path)
    {
        var all = rules.ToList();
        if (all.FirstOrDefault(r => !r.Path.Contains('*') && !r.Path.Contains('+') && r.Path == path) is { } exact) return exact;
        var parts = path.Split('/');
        var candidates = new List<(Rule Rule, int FirstWildcard, bool IsPrefix, int Wildcards, string Pattern)>();
        foreach (var rule in all)
        {
            var isPrefix = rule.Path.EndsWith('*');
            var pattern = isPrefix ? rule.Path[..^1] : rule.Path;
            if (!rule.Path.Contains('+'))
            {
                if (isPrefix && path.StartsWith(pattern, StringComparison.Ordinal))
                    candidates.Add((rule, pattern.Length, true, 0, pattern));
                continue;
            }
            var segments = pattern.Split('/');
            if (parts.Length < segments.Length || (!isPrefix && parts.Length != segments.Length)) continue;
            var matches = true;
            for (var i = 0; i < segments.Length && matches; i++)
                matches = segments[i] == "+" || segments[i] == parts[i]
                    || (isPrefix && i == segments.Length - 1 && parts[i].StartsWith(segments[i], StringComparison.Ordinal));
            if (matches)
                candidates.Add((rule, rule.Path.IndexOf('+'), isPrefix, segments.Count(s => s == "+"), pattern));
        }
        // vault/acl.go, less(): a later first wildcard, not a prefix, fewer wildcards, longer, greater: higher priority.
        return candidates
            .OrderBy(c => c.FirstWildcard).ThenBy(c => c.IsPrefix ? 0 : 1).ThenByDescending(c => c.Wildcards)
            .ThenBy(c => c.Pattern.Length).ThenBy(c => c.Pattern, StringComparer.Ordinal)
            .LastOrDefault().Rule;
    }

    private static bool ParametersAllowed(Rule rule, JsonObject? body)
    {
        if (body is null || body.Count == 0) return true;
        if (rule.Denied is { } denied)
        {
            if (denied.ContainsKey("*")) return false;
            foreach (var (name, value) in body)
                if (denied.TryGetValue(name.ToLowerInvariant(), out var values) && (values.Count == 0 || values.Any(v => ValueMatches(v, value))))
                    return false;
        }
        if (rule.Allowed is not { Count: > 0 } allowed) return true;
        var any = allowed.TryGetValue("*", out _);
        if (allowed.Count == 1 && any) return true;
        foreach (var (name, value) in body)
        {
            if (!allowed.TryGetValue(name.ToLowerInvariant(), out var values))
            {
                if (!any) return false;
                continue;
            }
            if (values.Count > 0 && !values.Any(v => ValueMatches(v, value))) return false;
        }
        return true;
    }

    /// <summary>A string equals the allowed string or matches its leading/trailing '*' (go-secure-stdlib strutil.GlobbedStringsMatch); nothing else matches.</summary>
    private static bool ValueMatches(string allowed, JsonNode? value)
    {
        if (value is not JsonValue v || !v.TryGetValue<string>(out var text)) return false;
        if (allowed.Length >= 2 && allowed.StartsWith('*') && allowed.EndsWith('*')) return text.Contains(allowed[1..^1], StringComparison.Ordinal);
        if (allowed.StartsWith('*')) return text.EndsWith(allowed[1..], StringComparison.Ordinal);
        if (allowed.EndsWith('*')) return text.StartsWith(allowed[..^1], StringComparison.Ordinal);
        return text == allowed;
    }

    /// <summary>The HCL tokens the fake reads: words, quoted strings (\\ \" \n escapes), punctuation; # and // comments.</summary>
    private sealed class Tokens
    {
        private readonly List<string> _items = [];
        private readonly HashSet<int> _strings = [];
        private int _at;

        public Tokens(string text)
        {
            for (var i = 0; i < text.Length;)
            {
                var c = text[i];
                if (char.IsWhiteSpace(c)) { i++; continue; }
                if (c == '#' || (c == '/' && i + 1 < text.Length && text[i + 1] == '/')) { while (i < text.Length && text[i] != '\n') i++; continue; }
                if ("{}[]=,".Contains(c)) { _items.Add(c.ToString()); i++; continue; }
                if (c == '"')
                {
                    var s = new StringBuilder();
                    for (i++; i < text.Length && text[i] != '"'; i++)
                    {
                        if (text[i] != '\\') { s.Append(text[i]); continue; }
                        i++;
                        s.Append(text[i] switch { 'n' => '\n', 't' => '\t', var e => e });
                    }
                    if (i >= text.Length) throw new FormatException("unterminated string");
                    i++;
                    _strings.Add(_items.Count);
                    _items.Add(s.ToString());
                    continue;
                }
                var start = i;
                while (i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] == '_')) i++;
                if (i == start) throw new FormatException($"unexpected '{c}'");
                _items.Add(text[start..i]);
            }
        }

        public bool AtEnd => _at >= _items.Count;

        public bool Take(string punctuation)
        {
            if (AtEnd || _strings.Contains(_at) || _items[_at] != punctuation) return false;
            _at++;
            return true;
        }

        public void Expect(string word)
        {
            if (!Take(word)) throw new FormatException($"expected '{word}', found '{(AtEnd ? "end" : _items[_at])}'");
        }

        public string String() => !AtEnd && _strings.Contains(_at) ? _items[_at++] : throw new FormatException("expected a string");

        public string Word() => !AtEnd ? _items[_at++] : throw new FormatException("unexpected end");

        public List<string> StringList()
        {
            Expect("[");
            var values = new List<string>();
            while (!Take("]"))
            {
                values.Add(String());
                Take(",");
            }
            return values;
        }

        public Dictionary<string, List<string>> Constraints()
        {
            Expect("{");
            var map = new Dictionary<string, List<string>>(StringComparer.Ordinal);
            while (!Take("}"))
            {
                var key = _strings.Contains(_at) ? String() : Word();
                Expect("=");
                map[key.ToLowerInvariant()] = StringList();
                Take(",");
            }
            return map;
        }
    }
}

using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Platform.Stacks.Tests.Vault;

/// <summary>
/// A FAKE of Vault's HTTP API, over HTTPS with the certificate the real TLS step made, listening on a Unix
/// socket that the test host forwards its Vault address to (<see cref="VaultLab"/>). It models
/// only the documented behaviour the scripts rely on (https://developer.hashicorp.com/vault/api-docs, the
/// page of each call cited at its handler below), in memory: init once, Shamir unseal by threshold, sealed answers 503, tokens and ACL
/// policies (path globs, capabilities), KV v2, AppRole. It is not Vault: the shares are random bytes,
/// "PGP encryption" is a marked wrapper, and policies are evaluated by <see cref="FakeVaultAcl"/>, which models
/// only what the platform's policies rely on (path globs and priority, templated alias metadata, parameter constraints).
/// It records every request (method, path, status, who asked), never a body.
/// </summary>
public sealed partial class FakeVault : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Lock _lock = new();

    private FakeVault(WebApplication app) => _app = app;

    public string Socket { get; private set; } = "";

    // --- state -------------------------------------------------------------------------------------
    public bool Initialized { get; private set; }
    public bool Sealed { get; private set; } = true;
    public int Threshold { get; private set; }
    public List<string> PlainShares { get; } = [];
    public bool SharesEncrypted { get; private set; }
    public string? RootToken { get; private set; }
    public int InitCalls { get; private set; }
    private readonly HashSet<string> _progress = [];
    private readonly Dictionary<string, Token> _tokens = [];
    public Dictionary<string, JsonObject> Mounts { get; } = [];
    public Dictionary<string, JsonObject> Auths { get; } = [];
    public Dictionary<string, string> Policies { get; } = [];
    public Dictionary<string, Role> Roles { get; } = [];
    public Dictionary<string, List<Dictionary<string, string>>> Kv { get; } = [];
    public List<Request> Log { get; } = [];
    private readonly List<(string Method, string Path, int Status, int Skip)> _failures = [];

    /// <summary>
    /// How many requests after an unseal the node stays a standby: with integrated storage (raft) it is a
    /// standby until it wins its election and takes the HA lock. A standby answers sys/health 429
    /// (api-docs/system/health) and, with no active node to forward to, everything else 500 "local node not
    /// active but active cluster node not found" (hashicorp/vault#20336, #26645).
    /// </summary>
    public int StandbyRequestsAfterUnseal { get; set; }
    private int _standbyLeft;

    public sealed record Request(string Method, string Path, int Status, string Who);

    /// <summary>A token: its policies, and its entity's alias metadata by mount accessor (what templated policies read).</summary>
    private sealed record Token(string[] Policies, Dictionary<string, Dictionary<string, string>> Aliases);

    public sealed class Role
    {
        public string RoleId { get; private init; } = Guid.NewGuid().ToString();

        /// <summary>A role as a restored snapshot holds it.</summary>
        public static Role Restored(string roleId, JsonObject settings, IEnumerable<string> secretIds)
        {
            var role = new Role { RoleId = roleId, Settings = settings };
            role.SecretIds.UnionWith(secretIds);
            return role;
        }

        public JsonObject Settings { get; set; } = [];
        public HashSet<string> SecretIds { get; } = [];
        /// <summary>token_policies: a list, or a comma-separated string (api-docs/auth/approle, "Create/Update AppRole").</summary>
        public string[] Policies => Settings["token_policies"] switch
        {
            JsonArray a => [.. a.Select(p => p!.GetValue<string>())],
            JsonValue v when v.TryGetValue<string>(out var text) => text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries),
            _ => [],
        };
    }

    public static async Task<FakeVault> Start(string socket, string certificate, string key)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        var cert = X509Certificate2.CreateFromPemFile(certificate, key);
        builder.WebHost.ConfigureKestrel(k => k.ListenUnixSocket(socket, o => o.UseHttps(cert)));
        var app = builder.Build();
        var fake = new FakeVault(app) { Socket = socket };
        app.Run(fake.Handle);
        await app.StartAsync();
        return fake;
    }

    /// <summary>A restart or reboot: Vault comes back sealed (docs, "Seal/Unseal").</summary>
    public void Restart()
    {
        lock (_lock) { Sealed = Initialized || Sealed; _progress.Clear(); }
    }

    /// <summary>The next request matching method and path prefix (after <paramref name="skip"/> of them) answers this status: a failure half-way.</summary>
    public void FailNext(string method, string pathPrefix, int status = 500, int skip = 0)
    {
        lock (_lock) _failures.Add((method, pathPrefix, status, skip));
    }

    public bool TokenValid(string token) { lock (_lock) return _tokens.ContainsKey(token); }

    /// <summary>The outcome of <c>vault operator generate-root</c> by a quorum of operators: a new root token (the quorum itself is not modelled).</summary>
    public string GenerateRoot()
    {
        lock (_lock)
        {
            var token = "hvs." + Convert.ToHexString(RandomNumberGenerator.GetBytes(12));
            _tokens[token] = new Token(["root"], []);
            return token;
        }
    }

    /// <summary>What an operator does with their PGP private key: the share inside the "encrypted" one.</summary>
    public static string Decrypt(string encrypted) =>
        System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(encrypted)).Split(':')[^1];

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    // --- dispatch ----------------------------------------------------------------------------------
    private async Task Handle(HttpContext ctx)
    {
        var method = ctx.Request.Method;
        var path = ctx.Request.Path.Value!.TrimStart('/');
        var list = ctx.Request.Query["list"] == "true" || method == "LIST";
        using var raw = new MemoryStream();
        await ctx.Request.Body.CopyToAsync(raw);
        var bytes = raw.ToArray();
        var body = System.Text.Encoding.UTF8.GetString(bytes);
        int status;
        JsonNode? answer;
        byte[]? binary;
        string who;
        lock (_lock)
        {
            _requestBytes = bytes;
            _binaryAnswer = null;
            var token = ctx.Request.Headers["X-Vault-Token"].ToString();
            who = token == RootToken && _tokens.ContainsKey(token) ? "root"
                : _tokens.TryGetValue(token, out var known) ? string.Join(",", known.Policies) : token.Length > 0 ? "invalid-token" : "anonymous";
            if (!path.StartsWith("v1/", StringComparison.Ordinal)) (status, answer) = Error(404, "not found");
            else
            {
                path = path[3..];
                var failure = _failures.FindIndex(f => f.Method == method && path.StartsWith(f.Path, StringComparison.Ordinal));
                if (failure >= 0 && _failures[failure].Skip > 0)
                {
                    _failures[failure] = _failures[failure] with { Skip = _failures[failure].Skip - 1 };
                    failure = -1;
                }
                if (failure >= 0)
                {
                    (status, answer) = Error(_failures[failure].Status, "injected failure (test)");
                    _failures.RemoveAt(failure);
                }
                else
                {
                    try
                    {
                        (status, answer) = Route(method, path, list, token, ctx.Request.ContentType, body);
                    }
                    catch (Exception e) when (e is JsonException or InvalidOperationException or KeyNotFoundException or FormatException or NullReferenceException)
                    {
                        (status, answer) = Error(400, "malformed request: " + e.GetType().Name);
                    }
                }
            }
            Log.Add(new Request(list ? "LIST" : method, path, status, who));
            binary = _binaryAnswer;
        }
        if (binary is not null && status == 200)
        {
            ctx.Response.StatusCode = 200;
            ctx.Response.ContentType = "application/octet-stream";
            await ctx.Response.Body.WriteAsync(binary);
            return;
        }
        ctx.Response.StatusCode = status;
        // 204 has no body (an injected 204 too).
        if (answer is not null && status != 204)
        {
            ctx.Response.ContentType = "application/json";
            await ctx.Response.WriteAsync(answer.ToJsonString());
        }
    }

    private static (int, JsonNode?) Error(int status, string message) => (status, new JsonObject { ["errors"] = new JsonArray(message) });
    private static (int, JsonNode?) Ok(JsonNode? body) => (body is null ? 204 : 200, body);
    private static JsonObject Data(JsonNode data) => new() { ["data"] = data };
    private static JsonObject Json(string body) => JsonNode.Parse(body.Length == 0 ? "{}" : body)!.AsObject();

    private (int, JsonNode?) Route(string method, string path, bool list, string token, string? contentType, string body)
    {
        // Answered sealed or not: /sys/health (api-docs/system/health: 200 active, 501 not initialised, 503 sealed),
        // /sys/init (api-docs/system/init), /sys/seal-status (api-docs/system/seal-status), /sys/unseal (api-docs/system/unseal).
        if (!Sealed && _standbyLeft > 0 && path != "sys/unseal")
        {
            _standbyLeft--;
            return path switch
            {
                "sys/health" => (429, new JsonObject { ["initialized"] = true, ["sealed"] = false, ["standby"] = true }),
                "sys/seal-status" => Ok(SealStatus()),
                _ => Error(500, "local node not active but active cluster node not found"),
            };
        }
        switch (path)
        {
            case "sys/health": return (!Initialized ? 501 : Sealed ? 503 : 200, new JsonObject { ["initialized"] = Initialized, ["sealed"] = Sealed });
            case "sys/init" when method == "GET": return Ok(new JsonObject { ["initialized"] = Initialized });
            case "sys/init" when method is "PUT" or "POST": return Init(Json(body));
            case "sys/seal-status": return Ok(SealStatus());
            case "sys/unseal" when method is "PUT" or "POST": return Unseal(Json(body));
        }
        if (Sealed) return Error(503, "Vault is sealed");
        // /auth/<approle mount>/login is unauthenticated (api-docs/auth/approle, "Login with AppRole").
        if (AppRoleMount(path) is { } loginMount && path == $"auth/{loginMount}/login" && method == "POST") return Login(loginMount, Json(body));
        if (!_tokens.TryGetValue(token, out var caller)) return Error(403, "permission denied");
        var policies = caller.Policies;
        // The default policy lets every token look itself up and revoke itself (api-docs/auth/token, "Lookup a
        // token (self)", "Revoke a token (self)"); an unknown or revoked token is answered 403 "permission denied".
        if (path == "auth/token/lookup-self" && method == "GET")
            return Ok(Data(new JsonObject { ["policies"] = new JsonArray([.. policies.Select(p => (JsonNode)p)]) }));
        if (path == "auth/token/revoke-self" && method is "POST" or "PUT") { _tokens.Remove(token); return Ok(null); }

        var capability = list ? "list" : method switch
        {
            "GET" => "read", "DELETE" => "delete", "PATCH" => "patch",
            _ => Exists(path) ? "update" : "create",
        };
        if (!policies.Contains("root") && !FakeVaultAcl.Allows(policies.Where(Policies.ContainsKey).Select(p => Policies[p]), caller.Aliases, path, capability,
                method is "GET" or "DELETE" || list ? null : Json(body)))
            return Error(403, "permission denied");
        return path switch
        {
            "sys/mounts" => Ok(Listing(Mounts)),
            _ when path.StartsWith("sys/mounts/", StringComparison.Ordinal) => Mount(Mounts, path["sys/mounts/".Length..], Json(body)),
            "sys/storage/raft/snapshot" when method == "GET" => TakeSnapshot(),
            "sys/storage/raft/snapshot-force" when method is "POST" or "PUT" => ForceRestore(_requestBytes),
            "sys/auth" => Ok(Listing(Auths)),
            _ when path.StartsWith("sys/auth/", StringComparison.Ordinal) => Mount(Auths, path["sys/auth/".Length..], Json(body)),
            _ when path.StartsWith("sys/policies/acl", StringComparison.Ordinal) => Policy(method, list, path, Json(body)),
            _ when AppRoleMount(path) is { } mount && path.StartsWith($"auth/{mount}/role", StringComparison.Ordinal) => AppRole(mount, method, list, path, Json(body)),
            _ when path.StartsWith("secret/data/", StringComparison.Ordinal) && Mounts.ContainsKey("secret/") => KvData(method, path["secret/data/".Length..], contentType, Json(body)),
            _ => Error(404, $"no handler for route \"{path}\""),
        };
    }

    private bool Exists(string path) => path switch
    {
        _ when path.StartsWith("sys/policies/acl/", StringComparison.Ordinal) => Policies.ContainsKey(path["sys/policies/acl/".Length..]),
        _ when AppRoleMount(path) is { } mount && path.StartsWith($"auth/{mount}/role/", StringComparison.Ordinal) && !path[$"auth/{mount}/role/".Length..].Contains('/')
            => Roles.ContainsKey($"{mount}/{path[$"auth/{mount}/role/".Length..]}"),
        _ when path.StartsWith("secret/data/", StringComparison.Ordinal) => Kv.ContainsKey(path["secret/data/".Length..]),
        _ => false,
    };

    // api-docs/system/init: "initializes a new Vault. The Vault must not have been previously initialized." pgp_keys:
    // base64 binary public keys, one per share; the answer carries keys, keys_base64 and root_token.
    private (int, JsonNode?) Init(JsonObject body)
    {
        InitCalls++;
        if (Initialized) return Error(400, "Vault is already initialized");
        var shares = body["secret_shares"]!.GetValue<int>();
        var threshold = body["secret_threshold"]!.GetValue<int>();
        var pgp = body["pgp_keys"]?.AsArray().Select(k => k!.GetValue<string>()).ToList();
        if (pgp is not null && pgp.Count != shares) return Error(400, "incorrect number of PGP keys");
        if (pgp is not null && pgp.Any(k => !IsBase64(k))) return Error(400, "error decoding given PGP key");
        Initialized = true;
        Threshold = threshold;
        SharesEncrypted = pgp is not null;
        for (var i = 0; i < shares; i++) PlainShares.Add(Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
        var given = PlainShares.Select((s, i) => pgp is null ? s
            : Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"fake-pgp-message-for-key-{i}:{s}"))).ToList();
        RootToken = "hvs." + Convert.ToHexString(RandomNumberGenerator.GetBytes(12));
        _tokens[RootToken] = new Token(["root"], []);
        return Ok(new JsonObject
        {
            ["keys"] = new JsonArray([.. given.Select(k => (JsonNode)Convert.ToHexString(Convert.FromBase64String(k)).ToLowerInvariant())]),
            ["keys_base64"] = new JsonArray([.. given.Select(k => (JsonNode)k)]),
            ["root_token"] = RootToken,
        });
    }

    private JsonObject SealStatus() => new()
    {
        ["type"] = "shamir", ["initialized"] = Initialized, ["sealed"] = Sealed,
        ["t"] = Threshold, ["n"] = PlainShares.Count, ["progress"] = _progress.Count,
    };

    // api-docs/system/unseal: {key} adds a share (hex or base64), {reset: true} discards the progress; the answer is the seal status.
    private (int, JsonNode?) Unseal(JsonObject body)
    {
        if (!Initialized) return Error(400, "Vault is not initialized");
        if (body["reset"]?.GetValue<bool>() == true) { _progress.Clear(); return Ok(SealStatus()); }
        var key = body["key"]?.GetValue<string>() ?? "";
        if (!IsBase64(key) || key.Length == 0) return Error(400, "'key' must be a valid hex or base64 string");
        if (!Sealed) return Ok(SealStatus());
        if (!PlainShares.Contains(key)) { _progress.Clear(); return Error(400, "invalid key"); }
        _progress.Add(key);
        if (_progress.Count >= Threshold) { Sealed = false; _progress.Clear(); _standbyLeft = StandbyRequestsAfterUnseal; }
        return Ok(SealStatus());
    }

    private static bool IsBase64(string s)
    {
        try { Convert.FromBase64String(s); return true; }
        catch (FormatException) { return false; }
    }

    // api-docs/system/mounts and api-docs/system/auth: GET lists (both at the top level and under data), POST enables; a used path is an error.
    private static JsonObject Listing(Dictionary<string, JsonObject> mounts)
    {
        var top = new JsonObject();
        var data = new JsonObject();
        foreach (var (k, v) in mounts) { top[k] = v.DeepClone(); data[k] = v.DeepClone(); }
        top["data"] = data;
        return top;
    }

    private (int, JsonNode?) Mount(Dictionary<string, JsonObject> mounts, string path, JsonObject body)
    {
        var key = path.TrimEnd('/') + "/";
        if (mounts.ContainsKey(key)) return Error(400, $"path is already in use at {key}");
        var type = body["type"]!.GetValue<string>();
        // Every mount has an accessor (api-docs/system/auth, "List auth methods": "accessor": "auth_approle_…").
        mounts[key] = new JsonObject
        {
            ["type"] = type, ["options"] = body["options"]?.DeepClone() ?? new JsonObject(),
            ["accessor"] = $"{(ReferenceEquals(mounts, Auths) ? "auth" : type)}_{type}_{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}",
        };
        return Ok(null);
    }

    /// <summary>The AppRole mount a path is under (<c>auth/&lt;mount&gt;/…</c>), or null.</summary>
    private string? AppRoleMount(string path) =>
        path.StartsWith("auth/", StringComparison.Ordinal) && path.Split('/') is [_, var mount, ..]
            && Auths.TryGetValue(mount + "/", out var auth) && auth["type"]!.GetValue<string>() == "approle" ? mount : null;

    /// <summary>An auth mount's accessor, which templated policies name (docs/concepts/policies, "Templated policies").</summary>
    public string Accessor(string mount) => Auths[mount + "/"]["accessor"]!.GetValue<string>();

    // api-docs/system/policies ("ACL policies"): LIST, GET, PUT {policy}, DELETE.
    private (int, JsonNode?) Policy(string method, bool list, string path, JsonObject body)
    {
        if (list) return Ok(Data(new JsonObject { ["keys"] = new JsonArray([.. Policies.Keys.Order().Select(k => (JsonNode)k)]) }));
        var name = path["sys/policies/acl/".Length..];
        switch (method)
        {
            case "GET": return Policies.TryGetValue(name, out var p) ? Ok(Data(new JsonObject { ["name"] = name, ["policy"] = p })) : Error(404, "");
            case "PUT" or "POST":
                var text = body["policy"]!.GetValue<string>();
                try { _ = FakeVaultAcl.Parse(text); }
                catch (FormatException e) { return Error(400, $"failed to parse policy: {e.Message}"); }
                Policies[name] = text;
                return Ok(null);
            case "DELETE": Policies.Remove(name); return Ok(null);
            default: return Error(405, "unsupported operation");
        }
    }

    // api-docs/auth/approle: LIST role, POST/DELETE role/:name, GET role/:name/role-id, POST role/:name/secret-id,
    // POST role/:name/secret-id/lookup (200 with data while valid; nothing for an unknown one).
    private (int, JsonNode?) AppRole(string mount, string method, bool list, string path, JsonObject body)
    {
        var prefix = $"auth/{mount}/role";
        var mine = Roles.Where(r => r.Key.StartsWith(mount + "/", StringComparison.Ordinal)).ToDictionary(r => r.Key[(mount.Length + 1)..], r => r.Value);
        if (path == prefix && list)
            return mine.Count == 0 ? Error(404, "") : Ok(Data(new JsonObject { ["keys"] = new JsonArray([.. mine.Keys.Order().Select(k => (JsonNode)k)]) }));
        var parts = path[(prefix.Length + 1)..].Split('/', 2);
        var (name, sub) = (parts[0], parts.Length > 1 ? parts[1] : "");
        var key = $"{mount}/{name}";
        if (sub == "" && method is "POST" or "PUT")
        {
            if (!Roles.TryGetValue(key, out var existing)) Roles[key] = existing = new Role();
            foreach (var (k, v) in body) existing.Settings[k] = v?.DeepClone();
            return Ok(null);
        }
        if (sub == "" && method == "DELETE") { Roles.Remove(key); return Ok(null); }
        if (!Roles.TryGetValue(key, out var role)) return Error(400, $"role \"{name}\" does not exist");
        switch (sub, method)
        {
            case ("role-id", "GET"): return Ok(Data(new JsonObject { ["role_id"] = role.RoleId }));
            case ("secret-id", "POST" or "PUT"):
                var secretId = Guid.NewGuid().ToString();
                role.SecretIds.Add(secretId);
                return Ok(Data(new JsonObject { ["secret_id"] = secretId, ["secret_id_accessor"] = Guid.NewGuid().ToString() }));
            case ("secret-id/lookup", "POST" or "PUT"):
                return role.SecretIds.Contains(body["secret_id"]!.GetValue<string>())
                    ? Ok(Data(new JsonObject { ["secret_id_accessor"] = "accessor", ["secret_id_num_uses"] = 0 }))
                    : Ok(null);
            default: return Error(405, "unsupported operation");
        }
    }

    // api-docs/auth/approle "Login with AppRole"; the token's entity alias on this mount carries metadata role_name
    // (builtin/credential/approle/path_login.go: metadata["role_name"] = role.name, after the secret-id's metadata).
    private (int, JsonNode?) Login(string mount, JsonObject body)
    {
        var roleId = body["role_id"]?.GetValue<string>();
        var secretId = body["secret_id"]?.GetValue<string>();
        var (key, role) = Roles.FirstOrDefault(r => r.Key.StartsWith(mount + "/", StringComparison.Ordinal) && r.Value.RoleId == roleId);
        if (role is null) return Error(400, "invalid role ID");
        if (secretId is null || !role.SecretIds.Contains(secretId)) return Error(400, "invalid secret id");
        var token = "hvs." + Convert.ToHexString(RandomNumberGenerator.GetBytes(12));
        _tokens[token] = new Token([.. role.Policies, "default"],
            new() { [Accessor(mount)] = new() { ["role_name"] = key[(mount.Length + 1)..] } });
        return Ok(new JsonObject { ["auth"] = new JsonObject { ["client_token"] = token, ["policies"] = new JsonArray([.. role.Policies.Select(p => (JsonNode)p)]) } });
    }

    // api-docs/secret/kv/kv-v2 ("Read secret version", "Create/Update secret", "Patch secret"): GET latest, POST {data} a new version, PATCH a JSON
    // merge patch (Content-Type application/merge-patch+json, the secret must exist).
    private (int, JsonNode?) KvData(string method, string path, string? contentType, JsonObject body)
    {
        Kv.TryGetValue(path, out var versions);
        switch (method)
        {
            case "GET":
                return versions is null ? Error(404, "") : Ok(Data(new JsonObject
                {
                    ["data"] = new JsonObject([.. versions[^1].Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)kv.Value))]),
                    ["metadata"] = new JsonObject { ["version"] = versions.Count },
                }));
            case "POST" or "PUT":
                (Kv[path] = versions ?? []).Add(Fields(body["data"]!.AsObject()));
                return Ok(Data(new JsonObject { ["version"] = Kv[path].Count }));
            case "PATCH":
                if (contentType != "application/merge-patch+json") return Error(415, "unsupported media type: PATCH needs application/merge-patch+json");
                if (versions is null) return Error(404, "");
                var merged = new Dictionary<string, string>(versions[^1]);
                foreach (var (k, v) in Fields(body["data"]!.AsObject())) merged[k] = v;
                versions.Add(merged);
                return Ok(Data(new JsonObject { ["version"] = versions.Count }));
            default: return Error(405, "unsupported operation");
        }
    }

    private static Dictionary<string, string> Fields(JsonObject data) => data.ToDictionary(kv => kv.Key, kv => kv.Value!.GetValue<string>());
}

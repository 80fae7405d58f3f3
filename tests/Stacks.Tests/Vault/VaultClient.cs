using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using Platform.Stacks.Vault;

namespace Platform.Stacks.Tests.Vault;

/// <summary>
/// The tests' own client of the <see cref="FakeVault"/>, straight to its socket: what someone holding a set of
/// credentials (the deployer's from Pulumi's state, an app's from its files) can do with the API.
/// </summary>
public sealed class VaultClient(FakeVault vault, string? token = null)
{
    public string? Token { get; } = token;

    public sealed record Answer(int Status, JsonNode? Body);

    public async Task<Answer> Send(string method, string path, object? body = null)
    {
        using var http = Http(vault);
        using var request = new HttpRequestMessage(new HttpMethod(method), $"https://vault/v1/{path}");
        if (Token is not null) request.Headers.Add("X-Vault-Token", Token);
        if (body is not null)
            request.Content = new StringContent(body as string ?? System.Text.Json.JsonSerializer.Serialize(body), Encoding.UTF8, new MediaTypeHeaderValue("application/json"));
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return new Answer((int)response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text));
    }

    /// <summary>An AppRole login on <paramref name="mount"/>: a client with the token, or the failed answer.</summary>
    public async Task<VaultClient> Login(string mount, string roleId, string secretId)
    {
        var answer = await Send("POST", $"auth/{mount}/login", new { role_id = roleId, secret_id = secretId });
        Assert.True(answer.Status == 200, $"login at auth/{mount}: HTTP {answer.Status} {answer.Body}");
        return new VaultClient(vault, answer.Body!["auth"]!["client_token"]!.GetValue<string>());
    }

    /// <summary>Logs in with the role-id and secret-id files the approle-files step wrote on the lab's host.</summary>
    public static Task<VaultClient> LoginWithFiles(VaultLab lab, string mount, string files) =>
        new VaultClient(lab.Vault).Login(mount, lab.Host.Read($"{files}-role-id")!, lab.Host.Read($"{files}-secret-id")!);

    /// <summary>Logs in as the deployer, with the credentials Pulumi's state holds.</summary>
    public static Task<VaultClient> Deployer(VaultLab lab)
    {
        var credentials = JsonNode.Parse(lab.Printed(VaultStepKind.Deployer))!;
        return new VaultClient(lab.Vault).Login(Platform.Stacks.Vault.VaultNames.SystemMount,
            credentials["role_id"]!.GetValue<string>(), credentials["secret_id"]!.GetValue<string>());
    }

    private static HttpClient Http(FakeVault vault) => new(new SocketsHttpHandler
    {
        ConnectCallback = async (_, ct) =>
        {
            var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(vault.Socket), ct);
            return new NetworkStream(socket, ownsSocket: true);
        },
        // The fake's certificate is the one the lab's TLS step made; what it proves is tested by the scripts' curl.
        SslOptions = { RemoteCertificateValidationCallback = (_, _, _, _) => true },
    });
}

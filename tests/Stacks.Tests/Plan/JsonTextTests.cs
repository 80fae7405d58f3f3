using System.Text.Json;
using Platform.Stacks.Plan;

namespace Platform.Stacks.Tests.Plan;

/// <summary>
/// The request bodies of the generated scripts: byte for byte what JsonSerializer writes for the same object (the
/// anonymous objects the Vault scripts used to serialize), so the scripts' hashes did not move.
/// </summary>
public class JsonTextTests
{
    public static TheoryData<object, object> Values() => new()
    {
        { "plain", "plain" },
        { "quotes \" and \\ and ' and <tag> & + and ünïcödé and \n newline", "quotes \" and \\ and ' and <tag> & + and ünïcödé and \n newline" },
        { 42, 42 },
        { true, true },
        { new[] { "a", "b+c" }, new[] { "a", "b+c" } },
        { JsonText.Object(("secret_shares", 5), ("secret_threshold", 3), ("pgp_keys", new[] { "mQINBF+/==" })),
          new { secret_shares = 5, secret_threshold = 3, pgp_keys = new[] { "mQINBF+/==" } } },
        { JsonText.Object(("type", "kv"), ("options", JsonText.Object(("version", "2")))), new { type = "kv", options = new { version = "2" } } },
        { JsonText.Object(("token_policies", new[] { "platform-deployer" }), ("token_ttl", "15m"), ("secret_id_num_uses", 0), ("flag", false)),
          new { token_policies = new[] { "platform-deployer" }, token_ttl = "15m", secret_id_num_uses = 0, flag = false } },
        { new List<string> { "app-one", "app-two" }.Select(x => x), new[] { "app-one", "app-two" } },
    };

    [Theory]
    [MemberData(nameof(Values))]
    public void Writes_what_the_serializer_writes(object value, object same) =>
        Assert.Equal(JsonSerializer.Serialize(same), JsonText.Of(value));

    [Fact]
    public void Refuses_what_it_does_not_know_rather_than_guess() =>
        Assert.Throws<NotSupportedException>(() => JsonText.Of(new { anonymous = "objects need reflection" }));
}

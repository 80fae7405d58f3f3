using Platform.Stacks.Config;

namespace Platform.Stacks.Cluster;

public sealed record GatewaySettings(
    string Key, string Host, IReadOnlyList<string> CorsOrigins, int RateAverage, int RateBurst,
    IReadOnlyList<RouteSettings> Routes, IReadOnlyList<ShimSettings> Shims)
{
    public const string ConfigKey = "platform:gateway";

    public static GatewaySettings Read(Section s)
    {
        var rate = s.Child("rateLimit");
        var settings = new GatewaySettings(s.Key, s.String("host"), s.Strings("corsOrigins"),
            rate.Int("average", 100), rate.Int("burst", 200),
            s.Sections("routes", r => new RouteSettings(r.Key, r.String("path"), r.String("backend"), r.Int("port"),
                r.Bool("stripPrefix", false), r.Bool("serviceTokenAuth", false))),
            s.Sections("shims", r => new ShimSettings(r.Key, r.String("name"), r.OptionalString("externalName"),
                r.OptionalString("address"), r.Int("port"))));
        rate.Done();
        s.Done();
        return settings;
    }
}

public sealed record RouteSettings(string Key, string Path, string Backend, int Port, bool StripPrefix, bool ServiceTokenAuth);

/// <summary>A Service for a backend outside the cluster: by DNS name (ExternalName) or by address (Endpoints).</summary>
public sealed record ShimSettings(string Key, string Name, string? ExternalName, string? Address, int Port);

using System.Text.RegularExpressions;

namespace Platform.Stacks.Cluster;

/// <summary>
/// The Traefik Helm chart a k3s release bundles, and the values this program writes for it. The
/// HelmChartConfig's values are merged into that chart's, so a key the chart renamed is silently ignored
/// or fails the chart's install job: values belong to a chart major, and `k3sVersion` selects it.
/// Sources (read before adding a line):
/// - k3s-io/k3s `manifests/traefik.yaml` at each tag names the bundled chart; k3s-io/k3s#10939 bumped the
///   1.31 line to chart 27.0.2 (Traefik v2.11); k3s-io/k3s#11744 moved the 1.32 line to chart 34 (Traefik
///   v3.3), validated on a build after v1.32.1, so from v1.32.2+k3s1.
/// - traefik/traefik-helm-chart v34.0.0 (PR #1301) removed `ports.web.redirectTo` ("redirectTo syntax has
///   been removed in v34 of this Chart") for `ports.web.redirections.entryPoint`; chart 27 knows only
///   `redirectTo.port`.
/// - traefik-helm-chart v33.0.0 (commit 016822d8, "use same syntax in Chart and in Traefik") replaced
///   `certResolvers.&lt;name&gt;.&lt;option&gt;` by `certificatesResolvers.&lt;name&gt;.acme.&lt;option&gt;`; charts 33 to 38
///   silently ignore the old top-level key (their values.schema.json allows unknown keys), leaving the
///   Ingresses' resolver undefined.
/// - k3s-io/k3s#13481 (Jan 2026, Traefik v3.6.7) and #13814 (traefik-39.0.501+up39.0.5) moved the 1.32 line
///   to chart 39, where `ports.&lt;name&gt;.redirections` became `ports.&lt;name&gt;.http.redirections` and the schema
///   refuses unknown keys (additionalProperties false); v1.32.13-rc1 ships Traefik v3.6.9 (k3s-io/k3s#13699).
///   Not known which of v1.32.12/13 first bundles it, so from v1.32.12 the line is refused until chart 39's
///   values are written here.
/// A k3s line not listed here is refused by validation until its chart's values are checked and added.
/// </summary>
public sealed partial record TraefikChart(int Major, string TraefikVersion, string HttpsRedirect, string CertResolverTemplate)
{
    private static readonly TraefikChart Chart27 = new(27, "v2.11", """
        ports:
          web:
            redirectTo:
              port: websecure
        """, """
        certResolvers:
          {resolver}:
            email: {email}
            tlsChallenge: true
            storage: /data/acme.json
        """);

    private static readonly TraefikChart Chart34 = new(34, "v3.3", """
        ports:
          web:
            redirections:
              entryPoint:
                to: websecure
                scheme: https
                permanent: true
        """, """
        certificatesResolvers:
          {resolver}:
            acme:
              email: {email}
              tlsChallenge: true
              storage: /data/acme.json
        """);

    /// <summary>
    /// The k3s release lines this program knows, as "1.MINOR" → (first patch of a chart, chart); a null chart
    /// marks the patches from which the bundled chart's values are not known here.
    /// </summary>
    private static readonly Dictionary<int, (int FromPatch, TraefikChart? Chart)[]> ByMinor = new()
    {
        [31] = [(0, Chart27)],
        [32] = [(0, Chart27), (2, Chart34), (12, null)],
    };

    public static IEnumerable<TraefikChart> Known => ByMinor.Values.SelectMany(c => c).Select(c => c.Chart).OfType<TraefikChart>().Distinct();

    /// <summary>The Let's Encrypt resolver <paramref name="resolver"/> (TLS-ALPN challenge, kept on the chart's volume) in this chart's syntax.</summary>
    public string CertResolvers(string resolver, string email) => CertResolverTemplate.Replace("{resolver}", resolver).Replace("{email}", email);

    public static string KnownLines => string.Join(", ", ByMinor.Keys.Select(m => $"v1.{m}"));

    /// <summary>The chart bundled by <paramref name="k3sVersion"/> (v1.31.4+k3s1), or null when this program does not know it.</summary>
    public static TraefikChart? For(string k3sVersion)
    {
        var m = Version().Match(k3sVersion);
        if (!m.Success || !ByMinor.TryGetValue(int.Parse(m.Groups["minor"].Value), out var charts))
            return null;
        var patch = int.Parse(m.Groups["patch"].Value);
        return charts.Where(c => c.FromPatch <= patch).Select(c => c.Chart).Last();
    }

    [GeneratedRegex(@"^v1\.(?<minor>[0-9]+)\.(?<patch>[0-9]+)\+k3s[0-9]+$")]
    private static partial Regex Version();
}

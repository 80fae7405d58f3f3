using Platform.Stacks.Adoption;
using Platform.Stacks.Backup;
using Platform.Stacks.Cluster;
using Platform.Stacks.Config;
using Platform.Stacks.Dns;
using Platform.Stacks.Hetzner;
using Platform.Stacks.Storage;
using Platform.Stacks.Vault;

namespace Platform.Stacks;

/// <summary>
/// Loads a stack and checks every rule of <see cref="Rules"/> (README "Rules the plan enforces"). Never stops at the first
/// problem: the offline <c>validate</c> and the program both print the whole list, each with its key.
/// </summary>
public static class Validation
{
    public static (StackSettings Settings, IReadOnlyList<Problem> Problems) Load(IConfigSource source)
    {
        var problems = new Problems();
        var settings = StackSettings.Read(source, problems);
        if (source.ProjectDir is { } dir)
            settings = settings with { OtherStacks = ProjectStacks.Read(dir, source.StackName, problems) };
        Validate(settings, problems);
        return (settings, problems.Items);
    }

    public static void Validate(StackSettings s, Problems p)
    {
        SecretRules.Check(s, p);
        NetworkRules.Check(s, p);
        ServerRules.Check(s, p);
        StorageRules.Check(s, p);
        DnsRules.Check(s, p);
        ClusterRules.Check(s, p);
        GatewayRules.Check(s, p);
        VaultRules.Check(s, p);
        BackupRules.Check(s, p);
        ImportIdRules.Check(s, p);
        Safeguards.Check(s, p);
    }
}

/// <summary>
/// Rule secrets-stay-secret: every credential is a <c>secure:</c> config value, never plain text, never missing.
/// </summary>
internal static class SecretRules
{
    public static void Check(StackSettings s, Problems p)
    {
        foreach (var (key, purpose) in Credentials.Required(s))
        {
            if (!s.Secrets.TryGetValue(key, out var state))
                p.Add(key, $"missing ({purpose}): run `pulumi config set --secret --stack {s.Stack} {key}`.");
            else if (state == SecretState.Plain)
                p.Add(key, $"is plain text in the stack file; a credential must be encrypted: remove it and run `pulumi config set --secret --stack {s.Stack} {key}`, then rotate the leaked value.");
        }
    }
}

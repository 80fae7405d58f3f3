using Platform.Cli.Diff;
using Platform.Stacks.Plan;

namespace Platform.Stacks.Tests.Diff;

/// <summary>
/// `diff` on constructed base/head pairs of the real stacks: each test makes one change a pull request would
/// make and states what a reviewer must see, and what `pulumi up` would do, as the providers' sources say.
/// </summary>
public class DiffTests
{
    [Fact]
    public void The_same_plan_is_no_change()
    {
        var d = Pairs.Diff(Stack.Production, Stack.Production);

        Assert.False(d.HasChanges);
        Assert.Contains("no change", DiffText.Write(d));
    }

    [Fact]
    public void A_records_content_is_one_update_old_to_new()
    {
        var head = Stack.Production.Set($"{Stack.Production.Record("apis")}.content", "157.180.13.85");

        var d = Pairs.Diff(Stack.Production, head);

        var change = Assert.Single(d.Resources);
        Assert.Equal(("dns-a-apis", ChangeKind.Update), (change.Name, change.Kind));
        var content = Assert.Single(change.Inputs);
        Assert.Equal(("content", "157.180.13.84", "157.180.13.85", Effect.Update), (content.Key, content.Old, content.New, content.Effect));
        Assert.Empty(d.Replacements);
        Assert.Contains("-   157.180.13.84\n+   157.180.13.85", DiffText.Write(d));
    }

    /// <summary>Renaming an IC custom domain renames its three records: Pulumi deletes them and creates the new ones.</summary>
    [Fact]
    public void An_ic_records_name_is_touched_ic_records_deleted_and_created()
    {
        var head = Stack.Production.Set($"{Stack.Production.IcDomain("portal")}.name", "portal2");

        var d = Pairs.Diff(Stack.Production, head);

        var ic = d.IcRecordsTouched.ToList();
        Assert.Equal(6, ic.Count);
        Assert.Equal(3, ic.Count(r => r.Kind == ChangeKind.Remove && r.Name.EndsWith("portal")));
        Assert.Equal(3, ic.Count(r => r.Kind == ChangeKind.Add && r.Name.EndsWith("portal2")));
        Assert.Contains(d.Resources, r => r.Kind == ChangeKind.Add && r.Name == "ic-portal2" && r.Type == Tokens.IcCustomDomainComponent);
        Assert.Contains("IC records touched", DiffText.Write(d));
    }

    /// <summary>The headline case of issue 16: the plan used to print this key as head…tail, identical before and after.</summary>
    [Fact]
    public void An_ssh_key_swapped_in_the_middle_is_a_replacement_shown_in_full_with_its_fingerprints()
    {
        var key = Stack.Production.Plan().SshKeys.Keys.Single(k => k.Name == "oracle-bridge-deploy").PublicKey;
        var swapped = key.Replace("OracleBridgeDeployKey", "AttackerKeyInTheMiddl");
        var head = Stack.Production.Set($"{Stack.Production.SshKey("oracle-bridge-deploy")}.publicKey", swapped);

        var d = Pairs.Diff(Stack.Production, head);

        var change = Assert.Single(d.Resources);
        Assert.Equal(("ssh-oracle-bridge-deploy", ChangeKind.Replace), (change.Name, change.Kind));
        Assert.Equal(["publicKey"], change.ReplacedBy);
        var text = DiffText.Write(d);
        Assert.Contains($"-   {key}\n", text);
        Assert.Contains($"+   {swapped}\n", text);
        Assert.Contains("fingerprints (ssh-keygen -lf)", text);
        Assert.Contains("deleted before the new one is created", text); // Hetzner refuses a second key of the same name
    }

    /// <summary>
    /// terraform-provider-hcloud v1.66.1 resizes a server in place (server_type is not ForceNew; update powers it
    /// off and changes the type), so a new server type is an update with downtime, not a replacement.
    /// </summary>
    [Fact]
    public void A_server_type_change_resizes_in_place_with_the_server_powered_off()
    {
        var head = Stack.Production.Set($"{Stack.Production.Server("oracle-bridge")}.serverType", "cx32");

        var d = Pairs.Diff(Stack.Production, head);

        var change = d.Change("oracle-bridge-server");
        Assert.Equal(ChangeKind.Update, change.Kind);
        Assert.True(change.Protected);
        Assert.Null(change.Refusal);
        var type = Assert.Single(change.Inputs);
        Assert.Equal(("cx22", "cx32", Effect.Update), (type.Old, type.New, type.Effect));
        Assert.Contains("powered off", type.Behaviour!.Consequence);
    }

    /// <summary>A new location is ForceNew for the server and RequiresReplace for its primary IP: both protected in production, so pulumi up refuses.</summary>
    [Fact]
    public void Replacing_a_protected_server_is_flagged_as_refused()
    {
        var head = Stack.Production.Set("platform:hetzner.location", "fsn1");

        var d = Pairs.Diff(Stack.Production, head);

        foreach (var name in new[] { "oracle-bridge-server", "oracle-bridge-ip" })
        {
            var change = d.Change(name);
            Assert.Equal(ChangeKind.Replace, change.Kind);
            Assert.Contains("location", change.ReplacedBy);
            Assert.Contains("refuse to replace", change.Refusal);
        }
        Assert.Contains(d.Refused, r => r.Name == "oracle-bridge-server");
    }

    [Fact]
    public void Staging_replaces_the_same_server_without_a_refusal()
    {
        var head = Stack.Staging.Set("platform:hetzner.location", "fsn1");

        var change = Pairs.Diff(Stack.Staging, head).Change("staging-k3s-server");

        Assert.Equal(ChangeKind.Replace, change.Kind);
        Assert.False(change.Protected);
        Assert.Null(change.Refusal);
    }

    /// <summary>A config change that changes a generated script: the command runs again, and the diff shows the script's lines.</summary>
    [Fact]
    public void A_script_change_runs_the_command_again_and_shows_its_unified_diff()
    {
        var head = Stack.Production.Set("platform:cluster.k3sVersion", "v1.31.5+k3s1");

        var d = Pairs.Diff(Stack.Production, head);

        var install = d.Change("k3s-install");
        Assert.Equal(ChangeKind.Update, install.Kind);
        Assert.Contains(install.Inputs, i => i.Key == "create" && i.Effect == Effect.Update);
        var script = Assert.Single(d.Texts, t => t.Text.Resource == "k3s-install");
        Assert.Contains("\n-", script.Diff);
        Assert.Contains(script.Diff.Split('\n'), l => l.StartsWith('+') && !l.StartsWith("+++") && l.Contains("v1.31.5+k3s1"));
        Assert.Contains(script.Diff.Split('\n'), l => l.StartsWith('-') && !l.StartsWith("---") && l.Contains("v1.31.4+k3s1"));
        Assert.Contains("@@ -", script.Diff);
    }

    /// <summary>vault-init runs once: every input is ignored after creation, so an edited script changes nothing at pulumi up.</summary>
    [Fact]
    public void A_change_to_a_run_once_step_is_shown_as_ignored()
    {
        var head = Stack.Production.Set("platform:vault.threshold", "4");

        var d = Pairs.Diff(Stack.Production, head);

        var init = d.Change("vault-init");
        Assert.Equal(ChangeKind.Settings, init.Kind);
        Assert.All(init.Inputs, i => Assert.True(i.Ignored));
        Assert.Contains(d.Texts, t => t.Text.Resource == "vault-init");
    }

    [Fact]
    public void A_new_workload_adds_its_deployment_and_service()
    {
        var head = Stack.Production.WithNewWorkload(7);

        var d = Pairs.Diff(Stack.Production, head);

        var added = d.Resources.Where(r => r.Kind == ChangeKind.Add).Select(r => r.Name).ToList();
        Assert.Equal(["the-flourish-flourish-web", "the-flourish-flourish-web-deployment", "the-flourish-flourish-web-service"], added);
        Assert.All(d.Resources, r => Assert.Equal(ChangeKind.Add, r.Kind));
        Assert.Contains("+   image = ghcr.io/hello-world-co-op/flourish-web:1.0.0", DiffText.Write(d));
    }

    /// <summary>Production's buckets are protected and retained: pulumi up refuses to delete one, and says how to do it deliberately.</summary>
    [Fact]
    public void A_bucket_removed_from_production_is_refused_because_it_is_protected()
    {
        var head = Stack.Production.Remove(Stack.Production.R2Bucket("hwdao-production-media"));

        var d = Pairs.Diff(Stack.Production, head);

        var bucket = d.Change("hwdao-production-media-bucket");
        Assert.Equal(ChangeKind.Remove, bucket.Kind);
        Assert.True(bucket.Protected);
        Assert.Contains("refuse to delete", bucket.Refusal);
        Assert.Contains(d.ProtectedTouched, r => r.Name == "hwdao-production-media-bucket");
        Assert.Contains("retained on delete", DiffText.Write(d));
        Assert.Equal(5, d.Count(ChangeKind.Remove)); // the component, bucket, CORS, lifecycle, token
    }

    /// <summary>A rotated secure value: nothing prints it, every input it reaches says [secret changed], and the commands run again.</summary>
    [Fact]
    public void A_rotated_ssh_key_reaches_every_remote_command_as_a_secret_change()
    {
        var before = new Dictionary<string, string> { [Credentials.SshPrivateKey] = "digest-1" };
        var after = new Dictionary<string, string> { [Credentials.SshPrivateKey] = "digest-2" };

        var d = Pairs.Diff(Stack.Production, Stack.Production, before, after);

        var commands = Stack.Production.Plan().Resources.Count(r => r.Type == Tokens.RemoteCommand);
        var touched = d.Resources.Where(r => r.Secrets.Any(s => s.Key == RemoteCommands.PrivateKeyInput && s.Status == SecretStatus.Changed)).ToList();
        Assert.Equal(commands, touched.Count);
        Assert.All(touched.Where(r => r.Name is not ("vault-init" or "vault-deployer")), r => Assert.Equal(ChangeKind.Update, r.Kind));
        Assert.All(touched.Where(r => r.Name is "vault-init" or "vault-deployer"), r => Assert.Equal(ChangeKind.Settings, r.Kind));
        Assert.Equal([new StackSecretChange(Credentials.SshPrivateKey, "changed")], d.StackSecrets);
        Assert.Contains("connection.privateKey: [secret changed]", DiffText.Write(d));
    }

    /// <summary>A new generated value (a longer password) replaces the Kubernetes Secret that holds it (enableSecretMutable is unset).</summary>
    [Fact]
    public void A_replaced_random_value_changes_the_secrets_it_feeds()
    {
        var head = Stack.Production.Set($"{Stack.Production.GeneratedSecret("jwt-secret")}.format", "hex32");

        var d = Pairs.Diff(Stack.Production, head);

        Assert.Contains(d.Resources, r => r.Name == "jwt-secret-jwt-secret" && r.Kind is ChangeKind.Add or ChangeKind.Remove);
        var secret = d.Change("jwt-secret-secret");
        Assert.Equal(ChangeKind.Replace, secret.Kind);
        Assert.Contains(secret.Secrets, s => s.Key == "stringData" && s.Status == SecretStatus.Changed);
        var vault = d.Change("vault-secrets-hello-world");
        Assert.Contains(vault.Secrets, s => s.Key == "stdin" && s.Status == SecretStatus.Changed);
    }

    [Fact]
    public void A_move_to_a_parent_of_another_type_is_a_new_urn()
    {
        var b = Stack.Production.Plan().Resources;
        var record = b.First(r => r.Type == Tokens.DnsRecord && r.Parent == "dns-helloworlddao-com");
        var moved = b.Select(r => r == record ? r with { Parent = "ic-www" } : r).ToList();

        var d = PlanDiff.Compare("production", new DiffSide("base", true, b, [], new Dictionary<string, string>()),
            new DiffSide("head", true, moved, [], new Dictionary<string, string>()));

        var change = Assert.Single(d.Resources);
        Assert.True(change.NewUrn);
        Assert.Equal(ChangeKind.Replace, change.Kind);
        Assert.Contains("new URN", string.Join("\n", ChangeLines.Of(change)));
    }

    [Fact]
    public void An_import_id_added_and_protection_lifted_are_shown()
    {
        var head = Stack.Production.Set("platform:hetzner.network.importId", "4711");

        var change = Pairs.Diff(Stack.Production, head).Change("hwdao-private-network");

        Assert.Equal(ChangeKind.Settings, change.Kind);
        Assert.Equal(new Changed<string?>(null, "4711"), change.Import);
        // Protection is platform:protect (never the stack's name): a staging that was protected and is no longer.
        var lifted = Pairs.Diff(Stack.Staging.Set("platform:protect", "true"), Stack.Staging);
        Assert.Contains(lifted.Resources, r => r.Protect is { Old: true, New: false });
    }
}

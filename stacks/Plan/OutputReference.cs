namespace Platform.Stacks.Plan;

/// <summary>
/// A value the plan cannot know because it is another resource's output (a cloud server's primary IP): that resource,
/// by the type token and logical name the plan registers it with, and the output, by the name its provider gives it.
/// The components resolve it to the output itself (<c>ResourceOutputs</c> in components/); review reads
/// <see cref="Description"/> in its place. Built once, by the plan of the resource it names (<see cref="Hetzner.ServerPlan.PublicIpv4"/>),
/// so a consumer never spells another component's names.
/// </summary>
public sealed record OutputReference(string Type, string Resource, string Output, string Description)
{
    public override string ToString() => $"{Resource}.{Output} ({Description})";
}

/// <summary>
/// A plan input whose value is another resource's output, written after <see cref="Prefix"/> (a stdin line
/// <c>K3S_PUBLIC_IP=&lt;address&gt;</c>). <see cref="Shown"/> is what review reads where the plan already knows the value
/// the output will have (an adopted server's address); otherwise the reference's description.
/// </summary>
public sealed record ReferenceInput(OutputReference Reference, string Prefix = "", string? Shown = null)
{
    /// <summary>The input as the plan shows it (<see cref="PlannedResource.Inputs"/>).</summary>
    public string Display => Prefix + (Shown ?? Reference.Description);

    /// <summary>The input the program sends, given the output's value.</summary>
    public string Resolve(string output) => Prefix + output;
}

/// <summary>
/// Where a host is reached from the internet: a cloud server at its primary IP's output (<see cref="Output"/>; the plan
/// knows its value already when the server is adopted with its address, <see cref="Known"/>), the dedicated server at
/// its fixed address (<see cref="Known"/> alone). What the remote commands connect to and what a DNS record with
/// <c>server:</c> holds.
/// </summary>
public sealed record PublicAddress(string Host, string? Known, OutputReference? Output)
{
    /// <summary>The address as review reads it: the known one, or the reference's description.</summary>
    public string Display => Known ?? Output?.Description ?? throw new InvalidOperationException($"host '{Host}' has neither an address nor a primary IP: a planning bug.");

    /// <summary>As a plan input: the reference where the program takes the output (shown as the known address if any), else the address.</summary>
    public object AsInput(string prefix = "") => Output is { } o ? new ReferenceInput(o, prefix, Known) : prefix + Display;
}

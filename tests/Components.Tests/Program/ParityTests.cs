namespace Platform.Components.Tests.Program;

/// <summary>
/// The plan is the single source of truth (DESIGN "How data flows"): the real program, run under mocks on
/// the real stack file, registers exactly the plan's resources. Pulumi's mock monitor sees every
/// registration but the root stack, components included, so both sides carry components and custom
/// resources alike; the comparison is of sorted lists, so a duplicate counts too.
/// </summary>
[Collection(PulumiCollection.Name)]
public sealed class ParityTests
{
    [Theory]
    [InlineData("staging")]
    [InlineData("production")]
    public async Task The_program_registers_exactly_the_plans_resources(string stack)
    {
        var planned = PulumiTest.Plan(stack).Resources.Select(r => $"{r.Type} {r.Name}").Order().ToList();

        var test = await PulumiTest.Program(stack);

        var registered = test.Registered.Select(r => $"{r.Type} {r.Name}").Order().ToList();
        Assert.Equal(planned, registered);
    }
}

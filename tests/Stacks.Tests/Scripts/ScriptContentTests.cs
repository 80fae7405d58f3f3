namespace Platform.Stacks.Tests.Scripts;

/// <summary>What the scripts must do, read from their text.</summary>
public class ScriptContentTests
{
    [Fact]
    public void Ic_registration_checks_before_it_registers() =>
        Assert.Contains("already registered", GeneratedScripts.Text("production", "ic-www-register"));
}

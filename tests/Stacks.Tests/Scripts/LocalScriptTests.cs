namespace Platform.Stacks.Tests.Scripts;

/// <summary>
/// The runner itself: a script that exits before reading its input (<c>command -v curl</c> does) is a
/// result, never an IOException of the test. A megabyte of input fills the pipe whatever the machine's
/// load, so the write is still under way when the child exits: deterministic, not a race.
/// </summary>
public class LocalScriptTests
{
    private static readonly string Megabyte = new('x', 1 << 20);

    [Fact]
    public void A_script_that_exits_without_reading_its_input_gives_its_exit_code()
    {
        var (exit, output, _) = LocalScript.Run("echo done; exit 3", Megabyte);

        Assert.Equal(3, exit);
        Assert.Equal("done\n", output);
    }

    [Fact]
    public void A_script_that_writes_more_than_a_pipe_holds_before_reading_does_not_deadlock()
    {
        var (exit, output, error) = LocalScript.Run("head -c 200000 /dev/zero | tr '\\0' o; head -c 200000 /dev/zero | tr '\\0' e >&2; wc -c", Megabyte);

        Assert.Equal(0, exit);
        Assert.Equal(200000 + 8, output.Length); // 200000 'o' then "1048576\n"
        Assert.EndsWith("1048576\n", output);
        Assert.Equal(200000, error.Length);
    }
}

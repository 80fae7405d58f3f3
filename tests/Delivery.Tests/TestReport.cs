using System.Diagnostics;
using Platform.Tests.Shared;

namespace Platform.Delivery.Tests;

/// <summary>
/// What <c>.ci/test.sh</c> reads in a suite's console log (<c>.ci/test-report.sh</c>): every failed test with its
/// whole message, the counts, the skipped tests with their reasons. The log below has the shape the console
/// logger writes at normal verbosity (copied from a real run, names shortened).
/// </summary>
public class TestReport
{
    private const string Log = """
        [xUnit.net 00:00:01.10]     Platform.Stacks.Tests.Host.Needs_root [SKIP]
        [xUnit.net 00:00:01.10]       not root: creating mount and network namespaces needs root
          Passed Platform.Stacks.Tests.A.Passes [3 ms]
          Failed Platform.Stacks.Tests.Storage.HetznerBucketScriptTests.The_keys_reach_curl [14 ms]
          Error Message:
           System.IO.IOException : Broken pipe
        the second line of the message
        Expected: "a"
        Actual:   "b"
          Stack Trace:
             at System.IO.Pipes.PipeStream.WriteCore(ReadOnlySpan`1 buffer)
           at Platform.Stacks.Tests.Scripts.LocalScript.Run(String script) in /repo/tests/Stacks.Tests/Scripts/LocalScript.cs:line 20
           at Platform.Stacks.Tests.Storage.HetznerBucketScriptTests.The_keys_reach_curl() in /repo/tests/Stacks.Tests/Storage/HetznerBucketScriptTests.cs:line 88
          Standard Output Messages:
         noise the test printed
          Failed Platform.Stacks.Tests.B.Also_fails [1 ms]
          Error Message:
           Assert.Equal() Failure: Values differ
          Stack Trace:
             at Platform.Stacks.Tests.B.Also_fails() in /repo/tests/B.cs:line 7
          Skipped Platform.Stacks.Tests.Host.Needs_root [1 ms]

        Test Run Failed.
        Total tests: 5
             Passed: 2
             Failed: 2
            Skipped: 1
         Total time: 3.1 Seconds
        """;

    private static string Report(string function, string log)
    {
        var file = Path.GetTempFileName();
        File.WriteAllText(file, log);
        try
        {
            var start = new ProcessStartInfo("bash", ["-c", $"source \"$1\"; {function} \"$2\"", "bash",
                Path.Combine(Path.GetDirectoryName(Workflow.Folder)!, "..", ".ci", "test-report.sh"), file]);
            var run = ChildProcess.Run(start);
            Assert.True(run.ExitCode == 0, run.Stderr);
            return run.Stdout;
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void Every_failed_test_is_shown_with_its_whole_message_and_where_it_failed()
    {
        var shown = Report("failures", Log);

        Assert.Equal("""
              Failed Platform.Stacks.Tests.Storage.HetznerBucketScriptTests.The_keys_reach_curl [14 ms]
              Error Message:
               System.IO.IOException : Broken pipe
            the second line of the message
            Expected: "a"
            Actual:   "b"
                at Platform.Stacks.Tests.Scripts.LocalScript.Run(String script) in /repo/tests/Stacks.Tests/Scripts/LocalScript.cs:line 20
              Failed Platform.Stacks.Tests.B.Also_fails [1 ms]
              Error Message:
               Assert.Equal() Failure: Values differ
                at Platform.Stacks.Tests.B.Also_fails() in /repo/tests/B.cs:line 7

            """, shown);
    }

    [Theory]
    [InlineData("Passed", "2")]
    [InlineData("Failed", "2")]
    [InlineData("Skipped", "1")]
    public void The_counts_are_the_loggers_summary(string what, string expected) =>
        Assert.Equal(expected + "\n", Report($"count {what}", Log));

    [Fact]
    public void Each_skipped_test_is_named_with_its_reason() =>
        Assert.Equal("Platform.Stacks.Tests.Host.Needs_root: not root: creating mount and network namespaces needs root\n", Report("skips", Log));

    [Theory]
    [InlineData(42, "42s")]
    [InlineData(65, "1m05s")]
    [InlineData(600, "10m00s")]
    public void Times_read_as_minutes_and_seconds(int seconds, string expected)
    {
        var run = ChildProcess.Run(new ProcessStartInfo("bash", ["-c", $"source \"$1\"; took {seconds}", "bash",
            Path.Combine(Path.GetDirectoryName(Workflow.Folder)!, "..", ".ci", "test-report.sh")]));
        Assert.Equal(expected + "\n", run.Stdout);
    }
}

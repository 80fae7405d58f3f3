using System.Diagnostics;
using Platform.Tests.Shared;

namespace Platform.Stacks.Tests.Cli;

/// <summary>
/// <c>./platform</c> decides when to build: once, then only when a source changes (cli/ and the library it
/// references, stacks/, but their output; Directory.*.props, global.json). Run against a copy of the script in a
/// scratch project with a labelled FAKE <c>dotnet</c> first on PATH, which counts its publishes and makes a program
/// that echoes its arguments: the decision is what is tested here; the real build is what CI and the README's
/// commands run.
/// </summary>
public sealed class PlatformScriptTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("platform-script-").FullName;

    public PlatformScriptTests()
    {
        File.Copy(Path.Combine(Stack.RepoRoot, "platform"), Path.Combine(_root, "platform"));
        Directory.CreateDirectory(Path.Combine(_root, "cli", "Verbs"));
        Directory.CreateDirectory(Path.Combine(_root, "stacks", "Plan"));
        foreach (var (path, text) in new[]
                 {
                     ("cli/Cli.csproj", "<Project />\n"), ("cli/Program.cs", "return 0;\n"), ("cli/Verbs/Verb.cs", "class Verb {}\n"),
                     ("stacks/Stacks.csproj", "<Project />\n"), ("stacks/Plan/Model.cs", "class Model {}\n"),
                     ("Directory.Build.props", "<Project />\n"), ("Directory.Packages.props", "<Project />\n"), ("global.json", "{}\n"),
                     ("README.md", "# not a source\n"),
                 })
            File.WriteAllText(Path.Combine(_root, path), text);
        var bin = Directory.CreateDirectory(Path.Combine(_root, "fake-bin")).FullName;
        // A FAKE clang too: the script compiles ahead of time where a C toolchain is (the fake dotnet never calls it).
        File.WriteAllText(Path.Combine(bin, "clang"), "#!/bin/sh\nexit 0\n");
        File.WriteAllText(Path.Combine(bin, "dotnet"), $$"""
            #!/usr/bin/env bash
            # FAKE dotnet for this test: `--info` names a RID; `publish … -o DIR` counts itself and writes DIR/platform,
            # a program that prints its arguments and exits with $PLATFORM_EXIT; FAKE_BUILD_FAILS makes the publish fail.
            if [ "$1" = --info ]; then echo " RID:         linux-x64"; exit 0; fi
            [ "$1" = publish ] || exit 9
            echo publish >> "{{_root}}/publishes"
            if [ -n "${FAKE_BUILD_FAILS:-}" ]; then echo "Program.cs(1,1): error CS1002: ; expected [x.csproj]"; exit 1; fi
            if [ -n "${FAKE_AOT_FAILS:-}" ] && [[ " $* " == *" -p:PublishAot=true "* ]]; then echo "ILC: error IL2075: trimmed [x.csproj]"; exit 1; fi
            echo "$*" >> "{{_root}}/publish-arguments"
            while [ $# -gt 0 ]; do if [ "$1" = -o ]; then out=$2; fi; shift; done
            mkdir -p "$out"
            printf '#!/usr/bin/env bash\necho "ran $*"\nexit ${PLATFORM_EXIT:-0}\n' > "$out/platform"
            chmod +x "$out/platform"
            """);
        if (!OperatingSystem.IsWindows()) // bash scripts: this test runs where bash does
            foreach (var fake in new[] { "dotnet", "clang" })
                File.SetUnixFileMode(Path.Combine(bin, fake), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        _path = $"{bin}:{Environment.GetEnvironmentVariable("PATH")}";
    }

    private readonly string _path;

    private int Publishes => File.Exists(Path.Combine(_root, "publishes")) ? File.ReadAllLines(Path.Combine(_root, "publishes")).Length : 0;

    private ChildProcess.Result Platform(params string[] args) => Platform([], args);

    private ChildProcess.Result Platform((string, string)[] environment, params string[] args)
    {
        var start = new ProcessStartInfo("bash", [Path.Combine(_root, "platform"), .. args]) { WorkingDirectory = _root };
        start.Environment["PATH"] = _path;
        foreach (var (name, value) in environment) start.Environment[name] = value;
        return ChildProcess.Run(start);
    }

    private void Edit(string path, string text) => File.WriteAllText(Path.Combine(_root, path), text);

    [Fact]
    public void Builds_once_then_runs_the_built_program_with_its_arguments_and_exit_code()
    {
        var first = Platform("plan", "production");
        var second = Platform([("PLATFORM_EXIT", "1")], "validate", "staging");

        Assert.Equal("ran plan production\n", first.Stdout);
        Assert.Contains("platform: building the command line", first.Stderr);
        Assert.Equal((1, "ran validate staging\n", ""), (second.ExitCode, second.Stdout, second.Stderr));
        Assert.Equal(1, Publishes);
    }

    [Theory]
    [InlineData("cli/Program.cs")]             // an edit
    [InlineData("cli/Verbs/New.cs")]           // a new file
    [InlineData("stacks/Plan/Model.cs")]       // the library the command line references
    [InlineData("stacks/Plan/New.cs")]
    [InlineData("Directory.Packages.props")]   // a pinned version
    [InlineData("Directory.Build.props")]
    [InlineData("global.json")]                // the SDK
    public void A_change_to_a_source_rebuilds(string path)
    {
        Platform("plan", "production");

        Edit(path, "changed\n");
        Platform("plan", "production");
        Platform("plan", "production");

        Assert.Equal(2, Publishes);
    }

    [Fact]
    public void A_deleted_or_renamed_source_rebuilds()
    {
        Platform("plan", "production");

        File.Move(Path.Combine(_root, "cli/Verbs/Verb.cs"), Path.Combine(_root, "cli/Verbs/Renamed.cs"));
        Platform("plan", "production");
        File.Delete(Path.Combine(_root, "stacks/Plan/Model.cs"));
        Platform("plan", "production");

        Assert.Equal(3, Publishes);
    }

    [Fact]
    public void No_change_to_the_sources_does_not_rebuild()
    {
        Platform("plan", "production");

        File.SetLastWriteTimeUtc(Path.Combine(_root, "cli/Program.cs"), DateTime.UtcNow.AddMinutes(1)); // touched, same bytes (a checkout)
        File.SetLastWriteTimeUtc(Path.Combine(_root, "stacks/Plan/Model.cs"), DateTime.UtcNow.AddMinutes(1));
        Edit("README.md", "# edited, not a source\n");
        foreach (var output in new[] { "cli/obj/Debug", "cli/bin/Debug", "stacks/obj/Debug", "stacks/bin/Debug" })
        {
            Directory.CreateDirectory(Path.Combine(_root, output));
            Edit($"{output}/generated.cs", "// build output\n");
        }
        Platform("plan", "production");
        Platform("plan", "production");

        Assert.Equal(1, Publishes);
    }

    [Fact]
    public void A_failed_build_exits_2_with_the_compilers_error_and_builds_again_next_time()
    {
        var failed = Platform([("FAKE_BUILD_FAILS", "1")], "plan", "production");

        Assert.Equal(2, failed.ExitCode);
        Assert.Contains("error CS1002: ; expected", failed.Stderr);
        Assert.Contains("platform: the build failed", failed.Stderr);
        Assert.Equal("ran plan production\n", Platform("plan", "production").Stdout);
    }

    [Fact]
    public void Ahead_of_time_where_it_builds_else_ReadyToRun_saying_why()
    {
        var aot = Platform("plan", "production");
        Assert.Contains("-p:PublishAot=true", File.ReadAllText(Path.Combine(_root, "publish-arguments")));
        Assert.Contains("ahead of time", aot.Stderr);

        Edit("cli/Program.cs", "changed\n");
        var fallback = Platform([("FAKE_AOT_FAILS", "1")], "plan", "production");

        Assert.Equal((0, "ran plan production\n"), (fallback.ExitCode, fallback.Stdout));
        Assert.Contains("the ahead-of-time build failed, building ReadyToRun instead", fallback.Stderr);
        Assert.Contains("error IL2075: trimmed", fallback.Stderr);
        Assert.Contains("-p:PublishReadyToRun=true", File.ReadAllLines(Path.Combine(_root, "publish-arguments")).Last());
    }

    /// <summary>
    /// The publish restores for one runtime identifier with the AOT compiler's packages, the command line and the
    /// library it references alike: had it written the committed cli/packages.lock.json or stacks/packages.lock.json,
    /// the next locked restore of CI (NU1004) would fail. A relative lock file path is each project's own (NuGet
    /// combines it with the project's folder), so each keeps its publish lock file in its bin/.
    /// </summary>
    [Fact]
    public void The_build_publishes_the_command_line_and_keeps_its_lock_files_in_bin_never_over_the_committed_ones()
    {
        Platform("plan", "production");

        var arguments = File.ReadAllText(Path.Combine(_root, "publish-arguments"));
        Assert.StartsWith($"publish {_root}/cli/Cli.csproj ", arguments);
        Assert.Contains("-p:NuGetLockFilePath=bin/platform.packages.lock.json", arguments);
        Assert.Contains("-p:RestoreLockedMode=false", arguments);
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);
}

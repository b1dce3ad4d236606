using System.Diagnostics;

namespace DriverScript.Cli.Tests;

/// <summary>
/// <c>drv</c> ships as a .NET tool (<c>PackAsTool</c>, command <c>drv</c>): packing the already-built
/// CLI and installing the package from a local folder gives a working <c>drv</c>. Offline: the
/// install reads only the folder the package was packed to (a <c>nuget.config</c> that clears every
/// other source) and a package cache of its own.
/// </summary>
public sealed class ToolPackageTests : IDisposable
{
#if DEBUG
    private const string Configuration = "Debug";
#else
    private const string Configuration = "Release";
#endif

    private readonly string _dir = Path.Combine(Path.GetTempPath(), "drv-tool-" + Guid.NewGuid().ToString("N"));

    public ToolPackageTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void The_packed_tool_installs_from_a_local_folder_and_runs_as_drv()
    {
        string feed = Path.Combine(_dir, "feed");
        string tools = Path.Combine(_dir, "tools");
        string project = Path.Combine(RepoPaths.Root, "src", "Cli", "Cli.csproj");

        // The test project references the CLI, so it is built in this configuration already.
        Run(Dotnet, "pack", project, "--no-build", "-c", Configuration, "-o", feed, "--nologo").Exit.ShouldBe(0);
        Directory.GetFiles(feed, "DriverScript.Cli.*.nupkg").ShouldHaveSingleItem();

        string config = Path.Combine(_dir, "nuget.config");
        File.WriteAllText(config, $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="local" value="{feed}" />
              </packageSources>
            </configuration>
            """);
        var install = Run(Dotnet, "tool", "install", "DriverScript.Cli", "--tool-path", tools, "--configfile", config);
        install.Exit.ShouldBe(0, install.Output);

        string drv = Path.Combine(tools, OperatingSystem.IsWindows() ? "drv.exe" : "drv");
        var version = Run(drv, "--version");
        version.Exit.ShouldBe(0);
        version.Output.ShouldMatch(@"^\d+\.\d+\.\d+");

        var check = Run(drv, "check", Path.Combine(RepoPaths.Root, "examples", "echo.drv"));
        check.Output.ShouldBe("1 file checked: 0 errors, 0 warnings\n");
        check.Exit.ShouldBe(0);
    }

    private static string Dotnet => Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";

    private (int Exit, string Output) Run(string program, params string[] args)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = _dir,
        };
        foreach (var a in args) start.ArgumentList.Add(a);
        start.Environment["NUGET_PACKAGES"] = Path.Combine(_dir, "packages");
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', args)} did not finish in 2 minutes");
        }
        return (process.ExitCode, (stdout.Result + stderr.Result).Replace("\r\n", "\n"));
    }
}

using DriverScript.Language.Parsing;

namespace DriverScript.Language.Tests;

public class SmokeTests
{
    [Theory]
    [InlineData("examples/echo.drv")]
    [InlineData("examples/hardware/edu.drv")]
    public void Spec_examples_parse_without_errors(string path)
    {
        var full = Path.Combine(RepoPaths.Root, path);
        var result = Parser.Parse(full, File.ReadAllText(full));
        result.Diagnostics.ShouldBeEmpty(string.Join("\n", result.Diagnostics));
    }
}

internal static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "DriverScript.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("cannot find the repository root");
    }
}

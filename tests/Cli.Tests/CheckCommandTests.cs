namespace DriverScript.Cli.Tests;

public class CheckCommandTests
{
    private static (int Exit, string Out, string Err) Drv(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int exit = Program.Run(args, stdout, stderr);
        return (exit, Normalize(stdout.ToString()), Normalize(stderr.ToString()));
    }

    private static string Normalize(string text) =>
        text.Replace(RepoPaths.Root + Path.DirectorySeparatorChar, "").Replace("\r\n", "\n");

    private static string Data(string name) => Path.Combine(RepoPaths.Root, "tests", "Cli.Tests", "Data", name);

    private static void ShouldMatchGolden(string actual, string goldenName)
    {
        string path = Path.Combine(RepoPaths.Root, "tests", "Cli.Tests", "Golden", goldenName);
        if (Environment.GetEnvironmentVariable("DRV_UPDATE_GOLDEN") == "1") File.WriteAllText(path, actual);
        actual.ShouldBe(File.ReadAllText(path).Replace("\r\n", "\n"), $"golden file {goldenName} (set DRV_UPDATE_GOLDEN=1 to rewrite it)");
    }

    [Fact]
    public void A_clean_example_checks_with_exit_code_0()
    {
        var (exit, stdout, stderr) = Drv("check", Path.Combine(RepoPaths.Root, "examples", "echo.drv"));
        stderr.ShouldBeEmpty();
        stdout.ShouldBe("1 file checked: 0 errors, 0 warnings\n");
        exit.ShouldBe(0);
    }

    [Fact]
    public void Errors_print_in_msbuild_form_with_the_source_line_and_a_caret_and_exit_1()
    {
        var (exit, stdout, _) = Drv("check", Data("errors.drv"));
        ShouldMatchGolden(stdout, "errors.msbuild.txt");
        exit.ShouldBe(1);
    }

    [Fact]
    public void Each_independent_syntax_error_is_reported_once()
    {
        var (exit, stdout, _) = Drv("check", Data("syntax.drv"));
        ShouldMatchGolden(stdout, "syntax.msbuild.txt");
        exit.ShouldBe(1);
    }

    [Fact]
    public void Json_format_gives_the_same_diagnostics_as_one_document()
    {
        var (exit, stdout, _) = Drv("check", "--diag-format", "json", Data("errors.drv"));
        ShouldMatchGolden(stdout, "errors.json.txt");
        exit.ShouldBe(1);
    }

    [Fact]
    public void Warnings_do_not_fail_unless_warnaserror()
    {
        Drv("check", Data("warnings.drv")).Exit.ShouldBe(0);
        var (exit, stdout, _) = Drv("check", "--warnaserror", Data("warnings.drv"));
        exit.ShouldBe(1);
        stdout.ShouldContain("warning DS1901");
    }

    [Fact]
    public void A_missing_file_is_a_usage_error()
    {
        var (exit, stdout, stderr) = Drv("check", "no/such/file.drv");
        exit.ShouldBe(2);
        stdout.ShouldBeEmpty();
        stderr.ShouldContain("cannot read 'no/such/file.drv'");
    }

    [Theory]
    [InlineData("check")]
    [InlineData("check", "--diag-format", "xml", "x.drv")]
    [InlineData("frobnicate")]
    [InlineData("check", "--no-such-option", "x.drv")]
    public void Bad_arguments_are_usage_errors_with_exit_code_2(params string[] args)
    {
        var (exit, _, stderr) = Drv(args);
        exit.ShouldBe(2);
        stderr.ShouldContain("drv --help");
    }

    [Fact]
    public void Every_example_checks_clean()
    {
        // examples/buggy too: its drivers break verifier rules at run time, but every one checks clean.
        var examples = Directory.GetFiles(Path.Combine(RepoPaths.Root, "examples"), "*.drv", SearchOption.AllDirectories)
            .OrderBy(p => p, StringComparer.Ordinal).ToArray();
        examples.ShouldNotBeEmpty();
        var (exit, stdout, _) = Drv(["check", .. examples]);
        stdout.ShouldBe($"{examples.Length} files checked: 0 errors, 0 warnings\n");
        exit.ShouldBe(0);
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

namespace DriverScript.Cli.Tests;

/// <summary><c>drv run</c> and <c>drv test</c> (LANGUAGE.md §13).</summary>
public class RunAndTestCommandTests
{
    private static (int Exit, string Out, string Err) Drv(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int exit = Program.Run(args, stdout, stderr);
        return (exit, Normalize(stdout.ToString()), Normalize(stderr.ToString()));
    }

    private static string Normalize(string text) =>
        text.Replace(RepoPaths.Root + Path.DirectorySeparatorChar, "").Replace('\\', '/').Replace("\r\n", "\n");

    private static string Data(string name) => Path.Combine(RepoPaths.Root, "tests", "Cli.Tests", "Data", name);

    private static string Example(string name) => Path.Combine(RepoPaths.Root, "examples", name);

    private static void ShouldMatchGolden(string actual, string goldenName)
    {
        string path = Path.Combine(RepoPaths.Root, "tests", "Cli.Tests", "Golden", goldenName);
        if (Environment.GetEnvironmentVariable("DRV_UPDATE_GOLDEN") == "1") File.WriteAllText(path, actual);
        actual.ShouldBe(File.ReadAllText(path).Replace("\r\n", "\n"), $"golden file {goldenName} (set DRV_UPDATE_GOLDEN=1 to rewrite it)");
    }

    [Fact]
    public void Run_executes_the_top_level_statements_of_echo()
    {
        var (exit, stdout, stderr) = Drv("run", Example("echo.drv"));
        stderr.ShouldBeEmpty();
        stdout.ShouldBe("STATUS_SUCCESS\nb\"ping\"\n");
        exit.ShouldBe(0);
    }

    [Fact]
    public void Run_accepts_a_seed_and_a_processor_count()
    {
        var (exit, stdout, _) = Drv("run", Example("echo.drv"), "--seed", "7", "--cpus", "4");
        stdout.ShouldBe("STATUS_SUCCESS\nb\"ping\"\n");
        exit.ShouldBe(0);
    }

    [Fact]
    public void Run_prints_a_bug_check_like_a_crash_screen_and_exits_1()
    {
        var (exit, stdout, _) = Drv("run", Data("crash.drv"));
        ShouldMatchGolden(stdout, "crash.run.txt");
        exit.ShouldBe(1);
    }

    [Fact]
    public void Run_with_compile_errors_prints_them_and_exits_1()
    {
        var (exit, stdout, _) = Drv("run", Data("errors.drv"));
        stdout.ShouldContain("error DS");
        stdout.ShouldEndWith("3 errors, 0 warnings\n");
        exit.ShouldBe(1);
    }

    [Fact]
    public void Run_of_a_missing_file_is_a_usage_error()
    {
        var (exit, _, stderr) = Drv("run", Data("no-such-file.drv"));
        stderr.ShouldContain("does not exist");
        exit.ShouldBe(2);
    }

    [Fact]
    public void Run_with_a_bad_option_is_a_usage_error()
    {
        Drv("run", Example("echo.drv"), "--cpus", "zero").Exit.ShouldBe(2);
        Drv("run", Example("echo.drv"), "--cpus", "0").Exit.ShouldBe(2);
        Drv("test", Example("echo.drv"), "--bogus").Exit.ShouldBe(2);
    }

    [Fact]
    public void Test_prints_one_line_per_test_then_the_counts_and_exits_1_on_a_failure()
    {
        var (exit, stdout, _) = Drv("test", Data("crash.drv"));
        ShouldMatchGolden(stdout, "crash.test.txt");
        exit.ShouldBe(1);
    }

    [Fact]
    public void Test_filter_runs_only_matching_tests()
    {
        var (exit, stdout, _) = Drv("test", Data("crash.drv"), "--filter", "refused");
        stdout.ShouldBe("passed  tests/Cli.Tests/Data/crash.drv: a write is refused\n1 passed, 0 failed\n");
        exit.ShouldBe(0);
    }

    [Fact]
    public void Test_of_a_missing_path_is_a_usage_error()
    {
        var (exit, _, stderr) = Drv("test", Data("nothing-here"));
        stderr.ShouldContain("does not exist");
        exit.ShouldBe(2);
    }

    [Fact]
    public void Test_with_compile_errors_exits_1()
    {
        var (exit, stdout, _) = Drv("test", Data("errors.drv"));
        stdout.ShouldContain("error DS");
        stdout.ShouldEndWith("0 passed, 0 failed\n");
        exit.ShouldBe(1);
    }

    /// <summary>Every example's test blocks pass.</summary>
    [Theory]
    [InlineData("edu_driver.drv", 4)]
    [InlineData("echo.drv", 7)]
    [InlineData("priority_queues.drv", 1)]
    [InlineData("power_idle.drv", 2)]
    public void Every_test_of_the_example_passes(string example, int tests)
    {
        var (exit, stdout, _) = Drv("test", Example(example));
        stdout.ShouldEndWith($"{tests} passed, 0 failed\n");
        exit.ShouldBe(0);
    }

    [Fact]
    public void Test_of_the_examples_folder_runs_every_test_block_and_all_pass()
    {
        var (exit, stdout, _) = Drv("test", Path.Combine(RepoPaths.Root, "examples"));
        stdout.Contains("FAILED", StringComparison.Ordinal).ShouldBeFalse(stdout);
        stdout.ShouldEndWith("43 passed, 0 failed\n");   // examples/*.drv, examples/hardware and examples/buggy (recursive)
        exit.ShouldBe(0);
    }

    [Theory]
    [InlineData("echo.drv", "STATUS_SUCCESS\nb\"ping\"\n")]
    [InlineData("edu_driver.drv", "3628800\n")]
    [InlineData("power_idle.drv", "D3\nSTATUS_SUCCESS\nD0\n")]
    [InlineData("priority_queues.drv", "[42, 0]\n")]
    public void Run_of_each_example_prints_its_output(string example, string output)
    {
        var (exit, stdout, _) = Drv("run", Example(example));
        stdout.ShouldBe(output);
        exit.ShouldBe(0);
    }
}

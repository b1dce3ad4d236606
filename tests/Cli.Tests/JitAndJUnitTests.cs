using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace DriverScript.Cli.Tests;

/// <summary><c>--jit off|auto|always</c> on <c>run</c> and <c>test</c>, and <c>drv test --junit F.xml</c> (LANGUAGE.md §13).</summary>
public sealed class JitAndJUnitTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "drv-junit-" + Guid.NewGuid().ToString("N"));

    public JitAndJUnitTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

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

    [Theory]
    [InlineData("off")]
    [InlineData("auto")]
    [InlineData("always")]
    public void Every_jit_mode_is_accepted_by_run_and_test_and_gives_the_same_results(string mode)
    {
        var run = Drv("run", Example("echo.drv"), "--jit", mode);
        run.Out.ShouldBe("STATUS_SUCCESS\nb\"ping\"\n");
        run.Exit.ShouldBe(0);
        var test = Drv("test", Example("echo.drv"), "--jit", mode);
        test.Out.ShouldEndWith("7 passed, 0 failed\n");
        test.Exit.ShouldBe(0);
    }

    [Theory]
    [InlineData("off", DriverScript.Interpreter.JitMode.Off)]
    [InlineData("auto", DriverScript.Interpreter.JitMode.Auto)]
    [InlineData("always", DriverScript.Interpreter.JitMode.Always)]
    public void Each_jit_mode_maps_to_its_RunOptions_value(string mode, DriverScript.Interpreter.JitMode expected) =>
        SimulationOptions.ToJitMode(mode).ShouldBe(expected);

    [Theory]
    [InlineData("run")]
    [InlineData("test")]
    public void An_unknown_jit_mode_is_a_usage_error_that_names_the_choices(string command)
    {
        var (exit, stdout, stderr) = Drv(command, Example("echo.drv"), "--jit", "fast");
        stdout.ShouldBeEmpty();
        stderr.ShouldBe("drv: --jit must be off, auto or always (got 'fast')\nRun 'drv --help' for usage.\n");
        exit.ShouldBe(2);
    }

    [Fact]
    public void Junit_has_a_testsuite_per_file_and_a_testcase_per_test_with_the_failure_and_its_location()
    {
        string report = Path.Combine(_dir, "results.xml");
        var (exit, stdout, _) = Drv("test", Data("crash.drv"), Example("echo.drv"), "--junit", report);
        exit.ShouldBe(1);
        stdout.ShouldEndWith("9 passed, 1 failed\n");

        var root = XDocument.Load(report).Root!;
        root.Name.LocalName.ShouldBe("testsuites");
        ((int)root.Attribute("tests")!).ShouldBe(10);
        ((int)root.Attribute("failures")!).ShouldBe(1);
        var suites = root.Elements("testsuite").ToArray();
        suites.Select(s => Normalize((string)s.Attribute("name")!)).ShouldBe(["tests/Cli.Tests/Data/crash.drv", "examples/echo.drv"]);
        suites.Select(s => (int)s.Attribute("tests")!).ShouldBe([3, 7]);
        suites.Select(s => (int)s.Attribute("failures")!).ShouldBe([1, 0]);

        var cases = suites[0].Elements("testcase").ToArray();
        cases.Select(c => (string)c.Attribute("name")!).ShouldBe(["a write is refused", "a read crashes", "the crash is expected"]);
        cases.ShouldAllBe(c => double.Parse((string)c.Attribute("time")!, System.Globalization.CultureInfo.InvariantCulture) >= 0);
        var failure = cases[1].Element("failure")!;
        Normalize((string)failure.Attribute("message")!).ShouldStartWith("tests/Cli.Tests/Data/crash.drv(20,12): error DS3008: ");
        ((string)failure.Attribute("message")!).ShouldContain("0x1E, 0xC0000094");
        ((string)failure.Attribute("type")!).ShouldBe("DS3008");
        failure.Value.ShouldContain("expect dev.read(4).status == STATUS_SUCCESS;\n           ^^^^^^^^^^^");
        cases[0].Element("failure").ShouldBeNull();
    }

    [Fact]
    public void Junit_output_matches_the_golden_file_apart_from_times()
    {
        string report = Path.Combine(_dir, "crash.xml");
        Drv("test", Data("crash.drv"), "--junit", report).Exit.ShouldBe(1);
        string actual = Regex.Replace(Normalize(File.ReadAllText(report)), "time=\"[0-9.]+\"", "time=\"T\"");
        string golden = Path.Combine(RepoPaths.Root, "tests", "Cli.Tests", "Golden", "crash.junit.xml");
        if (Environment.GetEnvironmentVariable("DRV_UPDATE_GOLDEN") == "1") File.WriteAllText(golden, actual);
        actual.ShouldBe(File.ReadAllText(golden).Replace("\r\n", "\n"), "golden file crash.junit.xml (set DRV_UPDATE_GOLDEN=1 to rewrite it)");
    }

    [Fact]
    public void A_file_that_does_not_compile_is_a_suite_with_one_error_case()
    {
        string report = Path.Combine(_dir, "errors.xml");
        Drv("test", Data("errors.drv"), "--junit", report).Exit.ShouldBe(1);
        var suite = XDocument.Load(report).Root!.Element("testsuite")!;
        ((int)suite.Attribute("errors")!).ShouldBe(1);
        var error = suite.Element("testcase")!.Element("error")!;
        ((string)error.Attribute("type")!).ShouldStartWith("DS");
        error.Value.ShouldContain("error DS");
    }

    [Fact]
    public void Passing_tests_give_a_report_without_failures_and_exit_0()
    {
        string report = Path.Combine(_dir, "pass.xml");
        Drv("test", Example("echo.drv"), "--junit", report).Exit.ShouldBe(0);
        var root = XDocument.Load(report).Root!;
        ((int)root.Attribute("failures")!).ShouldBe(0);
        root.Descendants("failure").ShouldBeEmpty();
        root.Descendants("testcase").Count().ShouldBe(7);
    }

    [Fact]
    public void An_unwritable_junit_path_is_a_usage_error()
    {
        var (exit, _, stderr) = Drv("test", Example("echo.drv"), "--junit", Path.Combine(_dir, "no", "such", "dir", "r.xml"));
        stderr.ShouldContain("cannot write");
        exit.ShouldBe(2);
    }
}

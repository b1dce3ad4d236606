namespace DriverScript.Cli.Tests;

/// <summary><c>--max-steps</c>, <c>--max-depth</c>, <c>--max-memory</c>, <c>--timeout</c> on <c>drv run</c> and <c>drv test</c> (LANGUAGE.md §11).</summary>
public class LimitOptionTests
{
    private static (int Exit, string Out, string Err) Drv(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int exit = Program.Run(args, stdout, stderr);
        return (exit, stdout.ToString().Replace("\r\n", "\n"), stderr.ToString().Replace("\r\n", "\n"));
    }

    private static string Data(string name) => Path.Combine(RepoPaths.Root, "tests", "Cli.Tests", "Data", name);

    [Fact]
    public void Run_max_steps_stops_an_endless_loop_with_DS4001()
    {
        var (exit, stdout, stderr) = Drv("run", Data("forever.drv"), "--max-steps", "1000");
        stderr.ShouldBeEmpty();
        stdout.ShouldContain("error DS4001");
        stdout.ShouldContain("after 1,000 steps");
        exit.ShouldBe(1);
    }

    [Fact]
    public void Run_max_depth_stops_deep_recursion_with_DS4002()
    {
        Drv("run", Data("deep.drv")).ShouldBe((0, "100\n", ""));
        var (exit, stdout, _) = Drv("run", Data("deep.drv"), "--max-depth", "50");
        stdout.ShouldContain("error DS4002");
        stdout.ShouldContain("deeper than 50");
        exit.ShouldBe(1);
    }

    [Fact]
    public void Run_max_memory_stops_a_large_allocation_with_DS4003()
    {
        Drv("run", Data("memory.drv")).ShouldBe((0, "100000\n", ""));
        var (exit, stdout, _) = Drv("run", Data("memory.drv"), "--max-memory", "1000");
        stdout.ShouldContain("error DS4003");
        exit.ShouldBe(1);
    }

    [Fact]
    public void Run_timeout_stops_an_endless_loop_with_DS4004()
    {
        var (exit, stdout, _) = Drv("run", Data("forever.drv"), "--max-steps", "0", "--timeout", "0.2");
        stdout.ShouldContain("error DS4004");
        exit.ShouldBe(1);
    }

    [Fact]
    public void Test_max_steps_fails_an_endless_test_with_DS4001()
    {
        var (exit, stdout, _) = Drv("test", Data("limits_test.drv"), "--filter", "spins", "--max-steps", "1000");
        stdout.ShouldContain("FAILED");
        stdout.ShouldContain("DS4001");
        stdout.ShouldEndWith("0 passed, 1 failed\n");
        exit.ShouldBe(1);
    }

    [Fact]
    public void Test_max_depth_fails_deep_recursion_with_DS4002()
    {
        Drv("test", Data("limits_test.drv"), "--filter", "recurses").Out.ShouldEndWith("1 passed, 0 failed\n");
        var (exit, stdout, _) = Drv("test", Data("limits_test.drv"), "--filter", "recurses", "--max-depth", "50");
        stdout.ShouldContain("DS4002");
        exit.ShouldBe(1);
    }

    [Fact]
    public void Test_max_memory_fails_a_large_allocation_with_DS4003()
    {
        var (exit, stdout, _) = Drv("test", Data("limits_test.drv"), "--filter", "allocates", "--max-memory", "1000");
        stdout.ShouldContain("DS4003");
        stdout.ShouldEndWith("0 passed, 1 failed\n");
        exit.ShouldBe(1);
    }

    [Fact]
    public void Test_timeout_limits_each_test_with_DS4004()
    {
        var (exit, stdout, _) = Drv("test", Data("limits_test.drv"), "--filter", "spins", "--max-steps", "0", "--timeout", "0.2");
        stdout.ShouldContain("DS4004");
        stdout.ShouldEndWith("0 passed, 1 failed\n");
        exit.ShouldBe(1);
    }

    [Fact]
    public void A_negative_limit_is_a_usage_error()
    {
        Drv("run", Data("deep.drv"), "--max-steps", "-1").Exit.ShouldBe(2);
        Drv("test", Data("limits_test.drv"), "--timeout", "-1").Exit.ShouldBe(2);
    }
}

/// <summary><c>drv run --trace F.json</c> and <c>--vcd F.vcd</c> (LANGUAGE.md §10, §13).</summary>
public class TraceOutputTests
{
    private static int Drv(params string[] args) => Program.Run(args, new StringWriter(), new StringWriter());

    private static string Example(string name) => Path.Combine(RepoPaths.Root, "examples", name);

    private static string TempFile(string extension) => Path.Combine(Path.GetTempPath(), $"drv-{Guid.NewGuid():N}{extension}");

    [Fact]
    public void Trace_writes_valid_Perfetto_json_identical_across_runs_with_the_same_seed()
    {
        string first = TempFile(".json"), second = TempFile(".json");
        try
        {
            Drv("run", Example("echo.drv"), "--seed", "42", "--trace", first).ShouldBe(0);
            Drv("run", Example("echo.drv"), "--seed", "42", "--trace", second).ShouldBe(0);
            byte[] bytes = File.ReadAllBytes(first);
            using (var doc = System.Text.Json.JsonDocument.Parse(bytes))
            {
                var events = doc.RootElement.ValueKind == System.Text.Json.JsonValueKind.Array
                    ? doc.RootElement
                    : doc.RootElement.GetProperty("traceEvents");
                events.GetArrayLength().ShouldBeGreaterThan(0);
            }
            File.ReadAllBytes(second).ShouldBe(bytes);
        }
        finally
        {
            File.Delete(first);
            File.Delete(second);
        }
    }

    [Fact]
    public void Vcd_writes_a_waveform_with_a_1_ns_timescale_identical_across_runs()
    {
        string first = TempFile(".vcd"), second = TempFile(".vcd");
        try
        {
            Drv("run", Example("edu_driver.drv"), "--seed", "42", "--vcd", first).ShouldBe(0);
            Drv("run", Example("edu_driver.drv"), "--seed", "42", "--vcd", second).ShouldBe(0);
            string text = File.ReadAllText(first);
            text.ShouldStartWith("$version");
            text[..text.IndexOf("$enddefinitions", StringComparison.Ordinal)].ShouldContain("$timescale 1 ns $end");
            text.ShouldContain("$scope module Edu $end");
            text.ShouldContain("$var wire 1 , irq $end");
            File.ReadAllBytes(second).ShouldBe(File.ReadAllBytes(first));
        }
        finally
        {
            File.Delete(first);
            File.Delete(second);
        }
    }
}

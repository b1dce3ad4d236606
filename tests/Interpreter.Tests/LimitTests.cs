namespace DriverScript.Interpreter.Tests;

/// <summary>Every limit of §11 stops the run with its DS4xxx diagnostic — never a hang or a crash.</summary>
public class LimitTests
{
    private static RunOptions With(ScriptLimits limits) => new() { Limits = limits };

    [Fact]
    public void An_endless_loop_is_stopped_by_the_step_limit()
    {
        var error = Drv.Error("var i: u32 = 0;\nwhile true {\n    i += 1;\n}", With(ScriptLimits.Default with { MaxSteps = 100_000 }));
        error.Kind.ShouldBe(RuntimeErrorKind.StepLimit);
        error.Diagnostic.Code.ShouldBe("DS4001");
        error.Diagnostic.Line.ShouldBeInRange(2, 3);
        error.Diagnostic.Message.ShouldStartWith("the run was stopped after 100,000 steps (the step limit): does a loop here never end?");
        error.IsLimit.ShouldBeTrue();
    }

    [Fact]
    public void An_empty_endless_loop_is_stopped_too()
    {
        var error = Drv.Error("print(1);\nwhile true { }", With(ScriptLimits.Default with { MaxSteps = 50_000 }));
        error.Diagnostic.Code.ShouldBe("DS4001");
        error.Diagnostic.Position().ShouldBe((2, 1));
    }

    [Fact]
    public void The_step_limit_counts_exactly()
    {
        var script = Drv.Compile("print(1);\nprint(2);\nprint(3);");
        script.Run(With(ScriptLimits.Default with { MaxSteps = 3 })).Succeeded.ShouldBeTrue();
        var stopped = script.Run(With(ScriptLimits.Default with { MaxSteps = 2 }));
        stopped.Error!.Diagnostic.Position().ShouldBe((3, 1));
        stopped.Output.ShouldBe("1\n2\n");
        stopped.Steps.ShouldBe(2);
    }

    [Fact]
    public void An_endless_loop_is_stopped_by_the_wall_clock_limit()
    {
        var error = Drv.Error("while true { }", With(ScriptLimits.Default with { MaxSteps = 0, Timeout = TimeSpan.FromMilliseconds(200) }));
        error.Kind.ShouldBe(RuntimeErrorKind.TimeLimit);
        error.Diagnostic.ToString().ShouldBe("t.drv(1,1): error DS4004: the run was stopped after 200 ms of wall-clock time (the time limit); raise it with --timeout or RunOptions.Limits.Timeout");
    }

    [Fact]
    public void An_endless_loop_in_a_test_is_stopped_by_the_test_time_limit()
    {
        var script = Drv.Compile("test \"forever\" {\n    var n: u64 = 0;\n    while n >= 0 { n += 1; }\n}");
        var result = script.RunTest("forever", With(ScriptLimits.Default with { MaxSteps = 0, TestTimeout = TimeSpan.FromMilliseconds(100) }));
        result.Passed.ShouldBeFalse();
        result.Failure!.Code.ShouldBe("DS4004");
    }

    [Fact]
    public void A_cancelled_run_stops()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));
        var error = Drv.Error("while true { }", new RunOptions { Limits = ScriptLimits.Default with { MaxSteps = 0 }, CancellationToken = cts.Token });
        error.Kind.ShouldBe(RuntimeErrorKind.Cancelled);
        error.Diagnostic.Code.ShouldBe("DS4005");
    }

    [Fact]
    public void Endless_recursion_is_stopped_by_the_depth_limit()
    {
        var error = Drv.Error("fn forever(n: u64) -> u64 {\n    return forever(n + 1) + 1;\n}\nprint(forever(0));");
        error.Kind.ShouldBe(RuntimeErrorKind.DepthLimit);
        error.Diagnostic.ToString().ShouldBe("t.drv(2,12): error DS4002: calls nested deeper than 1,000 (the recursion limit) when calling 'forever': does it recurse without end? Raise the limit with --max-depth or RunOptions.Limits.MaxDepth");
    }

    [Fact]
    public void A_raised_depth_limit_allows_deep_recursion_without_overflowing_the_stack()
    {
        const string source = "fn down(n: u32) -> u32 { if n == 0 { return 0; } return 1 + down(n - 1); }\nprint(down(20000));";
        Drv.Output(source, With(ScriptLimits.Default with { MaxDepth = 25_000 })).ShouldBe("20000");
    }

    [Fact]
    public void Recursion_beyond_what_the_stack_holds_is_a_depth_error_not_a_crash()
    {
        const string source = "fn down(n: u32) -> u32 { if n == 0 { return 0; } return 1 + down(n - 1); }\nprint(down(4000000));";
        var options = new RunOptions { Limits = ScriptLimits.Default with { MaxDepth = 0 }, ThreadStackSize = 1024 * 1024 };
        var error = Drv.Error(source, options);
        error.Kind.ShouldBe(RuntimeErrorKind.DepthLimit);
    }

    [Fact]
    public void A_huge_allocation_is_stopped_by_the_memory_limit_before_it_happens()
    {
        var error = Drv.Error("let n: u32 = 0xFFFF_FFFF;\nlet big = zeros(n);");
        error.Kind.ShouldBe(RuntimeErrorKind.MemoryLimit);
        error.Diagnostic.Code.ShouldBe("DS4003");
        error.Diagnostic.Position().ShouldBe((2, 11));
        error.Diagnostic.Message.ShouldStartWith("script values would take more than 1,073,741,824 bytes (the memory limit)");
    }

    [Fact]
    public void Growing_values_in_a_loop_reach_the_memory_limit()
    {
        var error = Drv.Error("var s = \"x\";\nwhile true { s = s + s; }", With(ScriptLimits.Default with { MaxMemoryBytes = 1 << 20 }));
        error.Diagnostic.Code.ShouldBe("DS4003");
        error.Diagnostic.Line.ShouldBe(2);
    }

    [Fact]
    public void Pushing_forever_reaches_the_memory_limit()
    {
        var error = Drv.Error("var l: list<u64> = [];\nwhile true { l.push(1); }", With(ScriptLimits.Default with { MaxMemoryBytes = 1 << 20 }));
        error.Kind.ShouldBe(RuntimeErrorKind.MemoryLimit);
    }

    [Fact]
    public void Allocations_are_counted()
    {
        var result = Drv.Compile("let b = zeros(1000); let l: list<u32> = [1, 2, 3];").Run();
        result.AllocatedBytes.ShouldBeGreaterThanOrEqualTo(1000 + 3 * 8);
    }
}

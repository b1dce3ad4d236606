using DriverScript.Framework.Verifier;

namespace DriverScript.Interpreter.Tests.Embedding;

/// <summary>What a run or test leaves behind for C# (its machine, trace, violations), and the framework budgets as simulation options (LANGUAGE.md §11).</summary>
public sealed class ResultsAndBudgetsTests
{
    private static RunOptions Simulated(SimulationRunOptions? simulation = null) => new() { RuntimeFactory = SimulationRuntime.Factory(simulation) };

    private static readonly Script Crash = Drv.Compile("""
        device Crash {
            state { divisor: u32 = 0; }
            queue main : default, sequential {
                on read(req) { complete(req, STATUS_SUCCESS, (req.length / self.divisor) as u64); }
            }
        }
        test "the crash is expected" {
            let dev = plug(Crash);
            expect_bugcheck(0x1E) { dev.read(4); }
        }
        let dev = plug(Crash);
        dev.read(4);
        """);

    [Fact]
    public void A_test_result_keeps_its_machines_violations_and_trace()
    {
        var result = Crash.RunTest("the crash is expected", Simulated());
        result.Passed.ShouldBeTrue();
        result.Violations.ShouldHaveSingleItem().Code.ShouldBe(BugCheckCodes.KmodeExceptionNotHandled);
        result.Simulation!.Trace.Count.ShouldBeGreaterThan(0);
        result.Simulation.Devices.ShouldHaveSingleItem().Name.ShouldBe("Crash");
    }

    [Fact]
    public void A_run_result_keeps_the_bug_check_that_stopped_it()
    {
        var result = Crash.Run(Simulated());
        result.Succeeded.ShouldBeFalse();
        result.Simulation!.StopViolation!.Code.ShouldBe(BugCheckCodes.KmodeExceptionNotHandled);
        result.Violations.ShouldContain(result.Simulation.StopViolation);
    }

    [Fact]
    public void Without_a_simulation_there_is_no_machine_and_no_violations()
    {
        var result = Drv.Compile("test \"t\" { expect 1 + 1 == 2; }").RunTest("t");
        result.Simulation.ShouldBeNull();
        result.Violations.ShouldBeEmpty();
    }

    private static readonly Script SlowTimer = Drv.Compile("""
        device Slow {
            timer tick { on expire { stall(20ms); } }
            on self_managed_io_init { tick.start(1ms); }
        }
        test "the timer runs" {
            let dev = plug(Slow);
            advance(5ms);
            expect dev.violations == 0;
        }
        """);

    [Fact]
    public void A_dpc_within_the_default_budget_is_fine_and_beyond_a_smaller_budget_is_bug_check_0x133()
    {
        SlowTimer.RunTest("the timer runs", Simulated()).Passed.ShouldBeTrue();

        var tight = SlowTimer.RunTest("the timer runs", Simulated(new SimulationRunOptions { IsrDpcBudget = TimeSpan.FromMilliseconds(10) }));
        tight.Passed.ShouldBeFalse();
        tight.Simulation!.StopViolation!.Code.ShouldBe(BugCheckCodes.DpcWatchdogViolation);
    }

    [Fact]
    public void The_framework_budgets_reach_the_machine()
    {
        using var sim = ScriptSimulation.Start(SlowTimer, simulation: new SimulationRunOptions
        {
            PowerTransitionBudget = TimeSpan.FromMilliseconds(250),
            IsrDpcBudget = TimeSpan.FromMilliseconds(5),
            InterruptStormThreshold = 10,
        });
        sim.Simulation.Options.PowerBudget.ShouldBe(250_000_000L);
        sim.Simulation.Options.IsrDpcBudget.ShouldBe(5_000_000L);
        sim.Simulation.Options.InterruptStormThreshold.ShouldBe(10);
    }
}

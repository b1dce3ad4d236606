using DriverScript.Framework;
using DriverScript.Framework.Drivers;
using DriverScript.Framework.Tracing;
using DriverScript.Framework.Verifier;
using DriverScript.Interpreter.Tests.Simulation;

namespace DriverScript.Interpreter.Tests.Embedding;

/// <summary>
/// LANGUAGE.md §15 from C#: simulation options; plugging devices, sending requests, advancing time,
/// PnP and power events; results, callbacks, traces and violations as .NET objects.
/// </summary>
public sealed class ScriptSimulationTests
{
    private static Script Echo => ScriptTestCases.Load(Path.Combine(ExampleTests.ExamplesDirectory, "echo.drv"));

    private static Script Crash => Drv.Compile("""
        device Crash {
            state { divisor: u32 = 0; reads: u32 = 0; }
            queue main : default, sequential {
                on read(req) {
                    self.reads += 1;
                    let n = req.length / self.divisor;
                    complete(req, STATUS_SUCCESS, n as u64);
                }
                on write(req) { while true { } }
            }
        }
        """);

    [Fact]
    public void Requests_sent_from_csharp_come_back_as_request_results()
    {
        using var sim = ScriptSimulation.Start(Echo);
        var echo = sim.Plug("Echo");
        echo.Started.ShouldBeTrue();
        echo.PowerState.ShouldBe(WdfPowerDeviceState.D0);

        var write = echo.Write("hello"u8.ToArray());
        write.Status.ShouldBe(NtStatus.Success);
        write.Information.ShouldBe(5UL);
        echo.Read(3).Data.ToArray().ShouldBe("hel"u8.ToArray());
        echo.State("buffer").ToString().ShouldBe("b\"hello\"");
        sim.Violations.ShouldBeEmpty();
    }

    [Fact]
    public void A_submitted_request_completes_when_virtual_time_reaches_the_timer_tick()
    {
        using var sim = ScriptSimulation.Start(Echo);
        var echo = sim.Plug("Echo");
        var start = sim.NowNanoseconds;
        var pending = echo.SubmitWrite("x"u8.ToArray());
        sim.Advance(TimeSpan.FromMilliseconds(99));
        pending.IsCompleted.ShouldBeFalse();
        sim.Advance(TimeSpan.FromMilliseconds(1));
        pending.IsCompleted.ShouldBeTrue();
        pending.Result.Status.ShouldBe(NtStatus.Success);
        (sim.NowNanoseconds - start).ShouldBe(100_000_000L);
        sim.Now.ShouldBe(TimeSpan.FromTicks(sim.NowNanoseconds / 100));
    }

    [Fact]
    public void A_cancelled_request_is_completed_by_the_scripts_cancel_routine()
    {
        using var sim = ScriptSimulation.Start(Echo);
        var echo = sim.Plug("Echo");
        echo.Write("data"u8.ToArray());
        var pending = echo.SubmitRead(4);
        echo.Cancel(pending);
        sim.Settle();
        pending.Result.Status.ShouldBe(NtStatus.Cancelled);
        echo.CallbackNames.ShouldContain("cancel");
    }

    [Fact]
    public void Callbacks_are_records_and_script_names_in_order_and_can_be_cleared()
    {
        using var sim = ScriptSimulation.Start(Echo);
        var echo = sim.Plug("Echo");
        echo.CallbackNames.ShouldContain("self_managed_io_init");
        echo.Callbacks.Count.ShouldBe(echo.CallbackNames.Count);
        echo.Callbacks.ShouldContain(c => c.Kind == CallbackKind.EvtDeviceSelfManagedIoInit);
        echo.ClearCallbacks();
        echo.Sleep();
        echo.PowerState.ShouldNotBe(WdfPowerDeviceState.D0);
        echo.CallbackNames.ShouldContain("self_managed_io_suspend");
        echo.Wake();
        echo.PowerState.ShouldBe(WdfPowerDeviceState.D0);
        echo.CallbackNames.Last().ShouldBe("self_managed_io_restart");
    }

    [Fact]
    public void Pnp_events_stop_restart_and_remove_the_device()
    {
        using var sim = ScriptSimulation.Start(Echo);
        var echo = sim.Plug("Echo");
        echo.Stop().ShouldBeTrue();
        echo.Started.ShouldBeFalse();
        echo.Restart();
        echo.Started.ShouldBeTrue();
        echo.Remove().ShouldBeTrue();
        echo.Started.ShouldBeFalse();
        echo.PowerState.ShouldBe(WdfPowerDeviceState.D3Final);
        sim.Violations.ShouldBeEmpty();
    }

    [Fact]
    public void A_driver_that_vetoes_query_remove_stays_started_and_a_cancelled_query_stop_returns_to_started()
    {
        var script = Drv.Compile("""
            device Stubborn {
                state { asked: u32 = 0; }
                on query_remove { self.asked += 1; return STATUS_DEVICE_BUSY; }
            }
            """);
        using var sim = ScriptSimulation.Start(script);
        var dev = sim.Plug("Stubborn");
        dev.QueryRemove().ShouldBeFalse();
        dev.Remove().ShouldBeFalse();
        dev.Started.ShouldBeTrue();
        dev.State("asked").Value.Bits.ShouldBe(2UL);

        dev.QueryStop().ShouldBeTrue();
        dev.CancelStop();
        dev.Started.ShouldBeTrue();
        dev.CallbackNames.Count(c => c == "query_remove").ShouldBe(2);
    }

    [Fact]
    public void The_trace_holds_the_callbacks_and_framework_calls_as_events()
    {
        using var sim = ScriptSimulation.Start(Echo);
        var echo = sim.Plug("Echo");
        echo.Write("x"u8.ToArray());
        var kinds = sim.Trace.Events.Select(e => e.Kind).ToHashSet();
        kinds.ShouldContain(TraceEventKind.CallbackBegin);
        kinds.ShouldContain(TraceEventKind.FrameworkCall);
        sim.Trace.Events.Select(e => sim.Trace.Describe(e)).ShouldContain(text => text.Contains("EvtIoWrite"));
    }

    [Fact]
    public void A_bug_check_in_driver_code_is_a_SimulationStoppedException_with_the_violation_at_the_script_line()
    {
        using var sim = ScriptSimulation.Start(Crash);
        var dev = sim.Plug("Crash");
        var e = Should.Throw<SimulationStoppedException>(() => dev.Read(4));
        e.Violation.Code.ShouldBe(BugCheckCodes.KmodeExceptionNotHandled);
        e.Violation.Parameter1.ShouldBe(0xC0000094UL);                      // STATUS_INTEGER_DIVIDE_BY_ZERO
        e.Violation.Location.ShouldBeOfType<DriverScript.Language.Text.SourceSpan>().Line.ShouldBe(6);
        sim.BugCheck.ShouldBeSameAs(e.Violation);
        sim.Violations.ShouldContain(e.Violation);
        dev.State("reads").Value.Bits.ShouldBe(1UL);
    }

    [Fact]
    public void Limits_apply_to_callbacks_run_from_csharp()
    {
        using var sim = ScriptSimulation.Start(Crash, new RunOptions { Limits = ScriptLimits.Default with { MaxSteps = 10_000 } });
        var dev = sim.Plug("Crash");
        Should.Throw<ScriptRuntimeException>(() => dev.Write("x"u8.ToArray())).Diagnostic.Code.ShouldBe("DS4001");
    }

    [Fact]
    public void A_cancellation_token_stops_a_callback_that_never_returns()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        using var sim = ScriptSimulation.Start(Crash, new RunOptions { CancellationToken = cts.Token, Limits = ScriptLimits.Default with { MaxSteps = 0 } });
        var dev = sim.Plug("Crash");
        Should.Throw<ScriptRuntimeException>(() => dev.Write("x"u8.ToArray())).Diagnostic.Code.ShouldBe("DS4005");
    }

    [Fact]
    public void Seed_processors_and_jit_mode_reach_the_machine()
    {
        using var sim = ScriptSimulation.Start(Echo, new RunOptions { Jit = JitMode.Off }, new SimulationRunOptions { Seed = 42, Processors = 4 });
        sim.Simulation.Processors.Count.ShouldBe(4);
        sim.Simulation.Options.Seed.ShouldBe(42UL);
        sim.Execution.Options.Jit.ShouldBe(JitMode.Off);
        sim.Plug("Echo").Write("x"u8.ToArray()).Status.ShouldBe(NtStatus.Success);
    }

    [Fact]
    public void The_top_level_runs_on_the_same_machine_and_its_globals_and_functions_are_reachable()
    {
        var script = Drv.Compile("""
            fn twice(x: u32) -> u32 { return 2 * x; }
            device Nop { }
            var count: u32 = 1;
            count = twice(count + 2);
            let dev = plug(Nop);
            print(dev.started);
            """);
        using var sim = ScriptSimulation.Start(script);
        sim.RunTopLevel();
        sim.Output!.ShouldBe("true\n");
        sim.Global("count").Value.Bits.ShouldBe(6UL);
        sim.Call("twice", ScriptValue.FromScalar(21)).Bits.ShouldBe(42UL);
        sim.Simulation.Devices.Count.ShouldBe(1);
    }

    [Fact]
    public void Unknown_names_are_argument_errors_that_list_what_exists()
    {
        using var sim = ScriptSimulation.Start(Echo);
        Should.Throw<ArgumentException>(() => sim.Plug("Ekko")).Message.ShouldContain("it has: Echo");
        Should.Throw<ArgumentException>(() => sim.Plug("Echo").State("nope")).Message.ShouldContain("current_status");
    }
}

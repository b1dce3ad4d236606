namespace DriverScript.Interpreter.Tests.Simulation;

/// <summary>The simulation-backed runtime on small scripts: devices, host operations, bug checks, hardware.</summary>
public sealed class SimulationRuntimeTests
{
    private static TestResult RunTest(string source)
    {
        var script = Drv.Compile(source);
        return script.RunTest(script.Tests[0], ExampleTests.Options);
    }

    private static void Passes(string source)
    {
        var result = RunTest(source);
        result.Passed.ShouldBeTrue(result.Failure?.ToString());
    }

    [Fact]
    public void A_run_time_error_in_a_callback_is_bug_check_0x1E_with_the_nt_code_at_the_script_location()
    {
        var script = Drv.Compile("""
            device D {
                state { zero: u32 = 0; }
                queue q : default, sequential {
                    on read(req) { complete(req, STATUS_SUCCESS, (req.length / self.zero) as u64); }
                }
            }
            test "t" {
                let dev = plug(D);
                expect_bugcheck(0x1E) { dev.read(4); }
                expect dev.bugcheck!.code == 0x1E;
            }
            let dev = plug(D);
            dev.read(4);
            """);
        var test = script.RunTest(script.Tests[0], ExampleTests.Options);
        test.Passed.ShouldBeTrue(test.Failure?.ToString());

        var run = script.Run(ExampleTests.Options);
        run.Error.ShouldNotBeNull();
        var violation = ((SimulationRuntime)run.Execution.Runtime).Simulation.StopViolation!;
        violation.Code.ShouldBe(0x1Eu);
        violation.Parameter1.ShouldBe(0xC0000094UL);
        violation.Location.ShouldBeOfType<DriverScript.Language.Text.SourceSpan>().Line.ShouldBe(4);
    }

    [Fact]
    public void Expect_bugcheck_fails_when_nothing_bug_checks()
    {
        var result = RunTest("""
            device D { queue q : default, sequential { on read(req) { complete(req, STATUS_SUCCESS); } } }
            test "t" { let dev = plug(D); expect_bugcheck(0x1E) { dev.read(4); } }
            """);
        result.Passed.ShouldBeFalse();
        result.Failure!.Code.ShouldBe("DS3009");
        result.Failure.Message.ShouldBe("expected bug check 0x1E, but the block ran to its end without one");
    }

    [Fact]
    public void Device_state_callbacks_and_power_events_are_visible_to_the_host()
    {
        Passes("""
            device D {
                state { entries: u32 = 0; }
                queue q : default, sequential { on read(req) { complete(req, STATUS_SUCCESS); } }
                on d0_entry(from) { self.entries += 1; }
            }
            test "t" {
                let dev = plug(D);
                expect dev.started;
                expect dev.state.entries == 1;
                expect dev.callbacks == ["add", "d0_entry(D3Final)"];
                dev.clear_callbacks();
                dev.sleep(S3);
                expect dev.power_state == D3;
                dev.wake();
                expect dev.state.entries == 2;
                dev.remove();
                expect dev.violations == 0;
            }
            """);
    }

    [Fact]
    public void A_device_bound_to_the_built_in_QemuEdu_model_reaches_its_registers()
    {
        Passes("""
            device E {
                uses QemuEdu;
                state { id: u32 = 0; live: u32 = 0; }
                queue q : default, sequential {
                    on read(req) { hw.LIVENESS = 7; self.live = hw.LIVENESS; complete(req, STATUS_SUCCESS); }
                }
                on d0_entry(from) { self.id = hw.ID; }
            }
            test "t" {
                let dev = plug(E);
                expect dev.state.id == 0x010000ed;
                expect dev.read(4).status == STATUS_SUCCESS;
                expect dev.state.live == ~7 as u32;
                dev.hw.LIVENESS = 5;
                expect dev.hw.LIVENESS == ~5 as u32;
                expect peek(dev.hw.ID) == 0x010000ed;
            }
            """);
    }

    [Fact]
    public void Locks_work_items_timers_and_register_offsets_work_in_driver_code()
    {
        Passes("""
            hardware Box {
                registers(size = 0x100) {
                    reg DATA @ 0x00 : u32;
                    reg KICK @ 0x04 : u32 wo { on write(v) { after 1ms { DATA = v + 1; pulse done; } } }
                }
                interrupt done;
            }
            device D {
                uses Box;
                state { lock: spinlock; wl: waitlock; hits: u32 = 0; ran: bool = false; ticks: u32 = 0; isrs: u32 = 0; }
                queue q : default, sequential {
                    on read(req) {
                        with self.lock { self.hits += 1; }
                        write32(0x00, 41);
                        let v = read32(0x00);
                        w.enqueue();
                        complete(req, STATUS_SUCCESS, v as u64);
                    }
                    on write(req) { hw.KICK = 9; complete(req, STATUS_SUCCESS); }
                }
                work_item w { on run { with self.wl { self.ran = true; } } }
                timer t(period = 10ms) { on expire { self.ticks += 1; } }
                interrupt done { on isr(message) -> bool { self.isrs += 1; return true; } }
                on self_managed_io_init { t.start(10ms); }
            }
            test "t" {
                let dev = plug(D);
                expect dev.read(64).information == 41;
                settle();
                expect dev.state.hits == 1;
                expect dev.state.ran;
                advance(25ms);
                expect dev.state.ticks == 2;
                expect dev.hw.read32(0) == 41;
                dev.hw.write32(0, 5);
                expect peek(dev.hw.DATA) == 5;
                dev.write(b"x");
                advance(1ms);
                expect dev.hw.DATA == 10;
                expect dev.state.isrs == 1;
                expect dev.violations == 0;
            }
            """);
    }

    [Fact]
    public void A_request_nothing_completes_while_time_moves_is_the_virtual_time_limit()
    {
        var result = RunTest("""
            device D {
                queue q : default, sequential {
                    on read(req) { }
                    timer t(period = 1s) { on expire { } }
                }
                on self_managed_io_init { t.start(1s); }
            }
            test "t" { let dev = plug(D); dev.read(4); }
            """);
        result.Passed.ShouldBeFalse();
        result.Failure!.Code.ShouldBe("DS4006");
        result.Failure.Message.ShouldBe("'dev.read(4)' did not complete within 10s of virtual time (the host-operation limit)");
    }

    [Fact]
    public void A_limit_reached_in_a_callback_ends_the_test_with_the_limit_not_a_bug_check()
    {
        var script = Drv.Compile("""
            device D {
                queue q : default, sequential { on read(req) { while true { } } }
            }
            test "t" { let dev = plug(D); dev.read(4); }
            """);
        var options = ExampleTests.Options with { Limits = ScriptLimits.Default with { MaxSteps = 10_000 } };
        var result = script.RunTest(script.Tests[0], options);
        result.Passed.ShouldBeFalse();
        result.Failure!.Code.ShouldBe("DS4001");
    }

    [Fact]
    public void Forwarded_requests_wait_in_a_manual_queue_until_retrieved()
    {
        Passes("""
            device D {
                state { held: u32 = 0; }
                queue main : default, sequential {
                    on read(req) { forward(req, pend); self.held = len(pend); }
                    on write(req) {
                        let r = pend.retrieve();
                        if r != none { complete(r!, STATUS_SUCCESS); }
                        complete(req, STATUS_SUCCESS);
                    }
                }
                queue pend : manual;
            }
            test "t" {
                let dev = plug(D);
                let p = dev.submit_read(0x10);
                settle();
                expect !p.done;
                expect dev.state.held == 1;
                dev.write(b"go");
                expect p.done;
                expect p.result.status == STATUS_SUCCESS;
                dev.sleep(S4);
                expect dev.power_state == D3;
                dev.wake();
                expect dev.power_state == D0;
            }
            """);
    }
}

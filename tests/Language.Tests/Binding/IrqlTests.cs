namespace DriverScript.Language.Tests.Binding;

/// <summary>Static IRQL analysis (LANGUAGE.md §6.7) and the framework rules found statically (DS2xxx).</summary>
public class IrqlTests : BinderTestBase
{
    [Fact]
    public void Sleep_reached_from_a_dpc_through_a_function_is_DS2001_at_the_call_in_the_dpc_with_the_chain()
    {
        var d = ShouldReportOnly("""
            fn slow() { sleep(1ms); }
            device D {
                uses QemuEdu;
                interrupt irq {
                    on dpc { slow(); }
                }
            }
            """, "DS2001", 5, 18);
        d.Message.ShouldBe("'irq.on dpc' runs at DISPATCH_LEVEL, but 'sleep' may only be called at PASSIVE_LEVEL or below (call chain: dpc → slow() → sleep())");
    }

    [Fact]
    public void A_direct_call_above_its_limit_is_DS2001_once_per_callback()
    {
        var d = ShouldReportOnly("""
            device D {
                queue q : default, sequential {
                    on read(req) { sleep(1ms); sleep(2ms); complete(req, STATUS_SUCCESS); }
                }
            }
            """, "DS2001", 3, 24);
        d.Message.ShouldContain("(call chain: read → sleep())");
    }

    [Fact]
    public void The_same_function_is_fine_at_passive_level()
    {
        ShouldBeClean("""
            fn slow() { sleep(1ms); }
            device D {
                execution = passive;
                queue q : default, sequential { on read(req) { slow(); complete(req, STATUS_SUCCESS); } }
                work_item w { on run { slow(); } }
                timer t(execution = passive) { on expire { slow(); } }
                on d0_entry { slow(); }
            }
            """);
    }

    [Fact]
    public void A_spin_lock_raises_to_dispatch_inside_its_with_block()
    {
        var d = ShouldReportOnly(InDriver("        with self.lock {\n            sleep(1ms);\n        }", "lock: spinlock;"), "DS2001", 5, 13);
        d.Message.ShouldBe("'on d0_entry' runs at DISPATCH_LEVEL, but 'sleep' may only be called at PASSIVE_LEVEL or below (call chain: d0_entry → with self.lock → sleep())");
        ShouldBeClean(InDriver("        with self.lock { stall(1us); }\n        sleep(1ms);", "lock: spinlock;"));
    }

    [Fact]
    public void An_isr_runs_at_DIRQL_where_framework_calls_are_too_high()
    {
        var d = ShouldReportOnly("""
            device D {
                uses QemuEdu;
                state { pending: request? = none; }
                interrupt irq {
                    on isr(m) -> bool { complete(self.pending!, STATUS_SUCCESS); return true; }
                }
            }
            """, "DS2001", 5, 29);
        d.Message.ShouldContain("runs at DIRQL, but 'complete' may only be called at DISPATCH_LEVEL or below");
        ShouldBeClean("device D {\n    uses QemuEdu;\n    interrupt irq {\n        on isr(m) -> bool { let s = hw.INT_STATUS; stall(1us); if s != 0 { queue_dpc(); } return s != 0; }\n        on dpc { }\n    }\n}");
    }

    [Fact]
    public void Taking_the_interrupt_lock_raises_to_DIRQL()
    {
        ShouldReportOnly("""
            device D {
                uses QemuEdu;
                state { pending: request? = none; }
                interrupt irq { on dpc { with irq { complete(self.pending!, STATUS_SUCCESS); } } }
            }
            """, "DS2001", 4, 41).Message.ShouldContain("dpc → with irq → complete()");
    }

    [Fact]
    public void Timer_stop_with_wait_true_needs_passive_but_false_does_not()
    {
        ShouldBeClean("device D {\n    timer t { on expire { t.stop(false); } }\n    on d0_exit(to) { t.stop(true); }\n}");
        ShouldReportOnly("device D {\n    timer t { on expire { t.stop(true); } }\n}", "DS2001", 2, 27)
            .Message.ShouldContain("'stop' may only be called at PASSIVE_LEVEL");
        ShouldReportOnly("device D {\n    timer t { on expire { let w = true; t.stop(w); } }\n}", "DS2001", 2, 41);
    }

    [Fact]
    public void Stop_idle_with_wait_and_dma_buffer_allocation_need_passive()
    {
        ShouldReportOnly("device D {\n    timer t { on expire { stop_idle(true); } }\n}", "DS2001", 2, 27);
        ShouldBeClean("device D {\n    timer t { on expire { stop_idle(false); resume_idle(); } }\n}");
        ShouldReportOnly("device D {\n    timer t { on expire { let b = dma_buffer(64); log(b.address); } }\n}", "DS2001", 2, 35);
    }

    [Fact]
    public void A_wait_lock_at_dispatch_is_DS2002_directly_or_through_a_function()
    {
        ShouldReportOnly("""
            device D {
                state { wl: waitlock; }
                timer t { on expire { with self.wl { } } }
            }
            """, "DS2002", 3, 27).Message.ShouldBe("'t.on expire' runs at DISPATCH_LEVEL, but the wait lock 'self.wl' can only be acquired at PASSIVE_LEVEL (call chain: expire → with self.wl)");
        ShouldReportOnly("""
            fn guarded(l: waitlock) { with l { log(1); } }
            device D {
                state { wl: waitlock; }
                timer t { on expire { guarded(self.wl); } }
            }
            """, "DS2002", 4, 27).Message.ShouldContain("(call chain: expire → guarded() → with l)");
        ShouldBeClean("device D {\n    state { wl: waitlock; }\n    on d0_entry { with self.wl { sleep(1ms); } }\n}");
    }

    [Fact]
    public void Stop_acknowledge_outside_on_stop_is_DS2003()
    {
        ShouldReportOnly("device D {\n    queue q : default, sequential { on read(req) { stop_acknowledge(req, true); } }\n}", "DS2003", 2, 52)
            .Message.ShouldBe("'stop_acknowledge' may only be called inside 'on stop' (EvtIoStop), not in 'q.on read'");
        ShouldReportOnly("fn ack(r: request) { stop_acknowledge(r, false); }\ndevice D {\n    queue q : default, sequential { on read(req) { ack(req); } }\n}", "DS2003", 3, 52);
        ShouldBeClean("fn ack(r: request) { stop_acknowledge(r, false); }\ndevice D {\n    queue q : default, sequential {\n        on read(req) { complete(req, STATUS_SUCCESS); }\n        on stop(req, action) { ack(req); }\n        on resume(req) { complete(req, STATUS_SUCCESS); }\n    }\n}");
    }

    [Fact]
    public void Queue_dpc_outside_on_isr_is_DS2004()
    {
        ShouldReportOnly("device D {\n    uses QemuEdu;\n    interrupt irq { on dpc { queue_dpc(); } }\n}", "DS2004", 3, 30)
            .Message.ShouldBe("'queue_dpc' may only be called inside 'on isr' (WdfInterruptQueueDpcForIsr), not in 'irq.on dpc'");
    }

    [Fact]
    public void Completing_or_stopping_queues_directly_in_surprise_removal_is_DS2005()
    {
        ShouldReportOnly("device D {\n    queue q : default, manual;\n    on surprise_removal { q.purge(); }\n}", "DS2005", 3, 27)
            .Message.ShouldStartWith("'purge' must not be called from 'on surprise_removal' (EvtSurpriseRemoveNoSuspendQueue");
        ShouldReportOnly("device D {\n    state { held: request? = none; }\n    on surprise_removal { if self.held != none { complete(self.held!, STATUS_CANCELLED); } }\n}", "DS2005", 3, 50);
        ShouldBeClean("device D {\n    state { gone: bool = false; }\n    on surprise_removal { self.gone = true; }\n}");
    }

    [Fact]
    public void Recursion_is_analyzed_once_per_function_and_irql()
    {
        var d = ShouldReportOnly("""
            fn ping(n: u32) { if n > 0 { pong(n - 1); } }
            fn pong(n: u32) { ping(n); sleep(1us); }
            device D { timer t { on expire { ping(3); } } }
            """, "DS2001", 3, 34);
        d.Message.ShouldContain("expire → ping() → pong() → sleep()");
    }

    [Fact]
    public void Functions_are_checked_for_every_irql_they_are_called_at()
    {
        var diagnostics = Diagnostics("""
            fn slow() { sleep(1ms); }
            device D {
                uses QemuEdu;
                on d0_entry { slow(); }
                interrupt irq { on dpc { slow(); } }
                timer t { on expire { slow(); } }
            }
            """);
        diagnostics.Select(x => (x.Code, x.Line)).ShouldBe(new[] { ("DS2001", 5), ("DS2001", 6) });
    }
}

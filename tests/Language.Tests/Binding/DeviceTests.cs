using DriverScript.Language.Binding;
using DriverScript.Language.Symbols;

namespace DriverScript.Language.Tests.Binding;

public class DeviceTests : BinderTestBase
{
    private const string ReadHandler = "on read(req) { complete(req, STATUS_SUCCESS); }";

    [Fact]
    public void Queue_attributes_are_bound()
    {
        var c = ShouldBeClean($$"""
            device D {
                queue a : default, parallel(4), not_power_managed, allow_zero_length { {{ReadHandler}} }
                queue b : manual;
                queue c : parallel { {{ReadHandler}} }
            }
            """);
        var d = c.Program!.FindDevice("D")!;
        var a = d.Queues[0];
        (a.IsDefault, a.Dispatch, a.ParallelLimit, a.PowerManaged, a.AllowZeroLength).ShouldBe((true, QueueDispatch.Parallel, (int?)4, false, true));
        d.Queues[1].Dispatch.ShouldBe(QueueDispatch.Manual);
        d.Queues[2].ParallelLimit.ShouldBeNull();
        d.DefaultQueue.ShouldBe(a);
    }

    [Theory]
    [InlineData("queue q : sequential, manual;", 27, "two dispatch types")]
    [InlineData("queue q : default;", 11, "needs a dispatch type")]
    [InlineData("queue q : parallel(0);", 24, "positive")]
    [InlineData("queue q : sequential, power_managed, not_power_managed;", 42, "both")]
    [InlineData("queue q : sequential, sequential;", 27, "twice")]
    [InlineData("queue q : sequential(2);", 26, "takes no argument")]
    [InlineData("queue q : fifo;", 15, "unknown queue attribute 'fifo'")]
    public void Invalid_queue_attributes_are_DS1024(string queue, int column, string message)
    {
        ShouldReportOnly($"device D {{\n    {queue}\n}}", "DS1024", 2, column).Message.ShouldContain(message);
    }

    [Fact]
    public void A_second_default_queue_is_DS1025_at_its_name()
    {
        ShouldReportOnly("device D {\n    queue a : default, manual;\n    queue b : default, manual;\n}", "DS1025", 3, 11)
            .Message.ShouldBe("queue 'b' is a second default queue; 'a' already is");
    }

    [Fact]
    public void A_route_goes_to_a_non_default_queue_with_a_callback_for_the_type()
    {
        var c = ShouldBeClean($$"""
            device D {
                queue main : default, sequential { {{ReadHandler}} }
                queue control : sequential { on ioctl(req) { complete(req, STATUS_SUCCESS); } }
                queue any : sequential { on default(req) { complete(req, STATUS_SUCCESS); } }
                queue held : manual;
                route ioctl -> control;
                route write -> any;
                route read -> held;
            }
            """);
        var d = c.Program!.FindDevice("D")!;
        d.QueueFor(RequestType.Ioctl)!.Name.ShouldBe("control");
        d.QueueFor(RequestType.Write)!.Name.ShouldBe("any");
        d.QueueFor(RequestType.Read)!.Name.ShouldBe("held");
    }

    [Theory]
    [InlineData("route ioctl -> main;", 20, "default queue")]
    [InlineData("route ioctl -> nowhere;", 20, "no queue named 'nowhere'")]
    [InlineData("route write -> reads;", 20, "no 'on write' or 'on default'")]
    [InlineData("route create -> reads;", 11, "read, write or ioctl")]
    [InlineData("route read -> reads;\n    route read -> reads;", 11, "already routed to 'reads'")]
    public void Invalid_routes_are_DS1026(string route, int column, string message)
    {
        var source = $"device D {{\n    queue main : default, manual;\n    queue reads : sequential {{ {ReadHandler} }}\n    {route}\n}}";
        var d = ShouldReportOnly(source, "DS1026");
        d.Message.ShouldContain(message);
        d.Column.ShouldBe(column);
    }

    [Fact]
    public void An_unknown_callback_name_is_DS1027_listing_the_expected_ones()
    {
        var d = ShouldReportOnly("device D {\n    queue q : default, sequential {\n        on reed(req) { }\n    }\n}", "DS1027", 3, 12);
        d.Message.ShouldStartWith("'on reed' is not a callback of a queue; expected one of: read, write, ioctl, default, stop");
        ShouldReportOnly("device D {\n    on start { }\n}", "DS1027", 2, 8);
    }

    [Fact]
    public void A_duplicate_callback_is_DS1035()
    {
        ShouldReportOnly("device D {\n    on d0_entry(from) { }\n    on d0_entry { }\n}", "DS1035", 3, 8);
    }

    [Fact]
    public void Callback_parameters_have_implied_types_and_may_be_left_out()
    {
        var c = ShouldBeClean("""
            device D {
                queue q : default, sequential {
                    on stop(req, action) { if action.purge { complete(req, STATUS_CANCELLED); } else { stop_acknowledge(req, true); } }
                    on read(r: request) { complete(r, STATUS_SUCCESS); }
                }
                on d0_entry { }
                on d0_exit(to) { log(to); }
            }
            """);
        var d = c.Program!.FindDevice("D")!;
        var stop = d.Queues[0].FindCallback(CallbackKind.IoStop)!;
        stop.Parameters.Select(p => p.Type).ShouldBe(new[] { TypeSymbol.Request, TypeSymbol.StopAction });
        d.FindCallback(CallbackKind.D0Entry)!.Parameters.ShouldBeEmpty();
        d.FindCallback(CallbackKind.D0Exit)!.Parameters.Single().Type.ShouldBe(TypeSymbol.PowerState);
    }

    [Fact]
    public void Wrong_callback_signatures_are_DS1028()
    {
        ShouldReportOnly("device D {\n    on d0_entry(from: u32) { }\n}", "DS1028", 2, 23);
        ShouldReportOnly("device D {\n    on d0_entry(from, extra) { }\n}", "DS1028", 2, 23);
        ShouldReportOnly("device D {\n    queue q : default, sequential { on stop(req) { complete(req, STATUS_SUCCESS); } }\n}", "DS1028", 2, 40);
        ShouldReportOnly("device D {\n    uses QemuEdu;\n    interrupt irq { on isr(m) -> u32 { return 1; } }\n}", "DS1028", 3, 34);
    }

    [Fact]
    public void Only_fallible_callbacks_may_return_a_status()
    {
        ShouldBeClean("device D {\n    on prepare_hardware { return STATUS_DEVICE_CONFIGURATION_ERROR; }\n    on d0_entry(from) -> status { if from == D3Final { return STATUS_SUCCESS; } }\n}");
        ShouldReportOnly("device D {\n    on surprise_removal { return STATUS_SUCCESS; }\n}", "DS1029", 2, 34);
        ShouldReportOnly("device D {\n    on cleanup -> status { }\n}", "DS1029", 2, 19);
    }

    [Fact]
    public void An_isr_must_return_a_bool_on_every_path()
    {
        ShouldReportOnly("device D {\n    uses QemuEdu;\n    interrupt irq { on isr(m) { if m == 0 { return true; } } }\n}", "DS1012", 3, 24)
            .Message.ShouldBe("'on isr' must return a 'bool' on every path");
    }

    [Fact]
    public void Device_settings_are_checked()
    {
        var c = ShouldBeClean("device D {\n    sync = device;\n    execution = passive;\n    power_policy { idle_timeout = 200ms; idle_state = D2; wake_from_idle = true; }\n    timer t(period = 10ms, execution = passive) { on expire { } }\n}");
        var d = c.Program!.FindDevice("D")!;
        (d.Sync, d.Execution).ShouldBe((SyncScope.Device, ExecutionLevel.Passive));
        d.PowerPolicy.ShouldBe(new PowerPolicy(200_000_000, 3, true));
        d.Timers.Single().Execution.ShouldBe(ExecutionLevel.Passive);
        ShouldReportOnly("device D {\n    sync = everything;\n}", "DS1030", 2, 12);
        ShouldReportOnly("device D {\n    speed = 3;\n}", "DS1030", 2, 5);
        ShouldReportOnly("device D {\n    power_policy { idle_timeout = 200; }\n}", "DS1003", 2, 35);
        ShouldReportOnly("device D {\n    power_policy { idle_state = S3; }\n}", "DS1003", 2, 33);
        ShouldReportOnly("device D {\n    timer t(period = 1ms, jitter = 1) { on expire { } }\n}", "DS1030", 2, 27);
    }

    [Fact]
    public void Uses_names_a_declared_or_built_in_model()
    {
        var d = ShouldReportOnly("device D {\n    uses Nothing;\n}", "DS1034", 2, 10);
        d.Message.ShouldContain("QemuEdu");
        var c = ShouldBeClean("device D {\n    uses QemuEdu;\n    on d0_entry { let id = hw.ID; log(id); hw.STATUS.irq_on_done = 1; }\n}");
        c.Program!.FindDevice("D")!.Hardware!.IsExternal.ShouldBeTrue();
    }

    [Fact]
    public void Hw_needs_a_device_that_uses_hardware()
    {
        ShouldReportOnly("device D {\n    on d0_entry { log(hw.ID); }\n}", "DS1039", 2, 23);
        ShouldReportOnly("fn f() { log(hw.ID); }", "DS1039", 1, 14);
    }

    [Fact]
    public void A_device_interrupt_binds_to_the_line_of_its_name_or_the_only_line()
    {
        var c = ShouldBeClean("""
            hardware Two { interrupt a; interrupt b; }
            device D { uses QemuEdu; interrupt whatever { on dpc { } } }
            device E { uses Two; interrupt b { on dpc { } } }
            """);
        c.Program!.FindDevice("D")!.Interrupts.Single().Line!.Name.ShouldBe("irq");
        c.Program.FindDevice("E")!.Interrupts.Single().Line!.Name.ShouldBe("b");
        ShouldReportOnly("hardware Two { interrupt a; interrupt b; }\ndevice E {\n    uses Two;\n    interrupt c { }\n}", "DS1041", 4, 15);
        ShouldReportOnly("device E {\n    interrupt c { }\n}", "DS1041", 2, 15);
    }

    [Fact]
    public void Device_member_names_share_one_scope()
    {
        ShouldReportOnly("device D {\n    queue q : manual;\n    timer q { on expire { } }\n}", "DS1002", 3, 11);
    }

    [Fact]
    public void State_fields_are_indexed_and_reached_through_self()
    {
        var c = ShouldBeClean("""
            device D {
                state { count: u32 = 0; lock: spinlock; pending: request? = none; }
                on d0_entry { with self.lock { self.count += 1; } if self.pending != none { log(self.count); } }
            }
            """);
        var d = c.Program!.FindDevice("D")!;
        d.StateFields.Select(f => (f.Name, f.Index)).ShouldBe(new[] { ("count", 0), ("lock", 1), ("pending", 2) });
        d.StateFields[1].Initializer.ShouldBeNull();
        d.StateFields[2].Initializer!.ConstantValue.ShouldBe(ConstantValue.None);
        ShouldReportOnly(InDriver("        self.missing = 1;"), "DS1006", 4, 14);
        ShouldReportOnly(InDriver("        self.lock = self.lock;", "lock: spinlock;"), "DS1008", 4, 9);
    }

    [Fact]
    public void Callback_irqls_follow_the_KMDF_tables()
    {
        var source = """
            device D {
                uses QemuEdu;
                queue q : default, sequential { on read(req) { complete(req, STATUS_SUCCESS); } }
                interrupt irq { on isr(m) -> bool { return true; } on dpc { } on enable { } }
                timer t { on expire { } }
                work_item w { on run { } }
                on d0_entry { }
            }
            """;
        var d = ShouldBeClean(source).Program!.FindDevice("D")!;
        var irqls = d.AllCallbacks().ToDictionary(c => c.Descriptor.Kmdf(), c => c.Irql);
        irqls.ShouldBe(new Dictionary<string, Irql>
        {
            ["EvtIoRead"] = Irql.Dispatch,
            ["EvtInterruptIsr"] = Irql.Dirql,
            ["EvtInterruptDpc"] = Irql.Dispatch,
            ["EvtInterruptEnable"] = Irql.Dirql,
            ["EvtTimerFunc"] = Irql.Dispatch,
            ["EvtWorkItem"] = Irql.Passive,
            ["EvtDeviceD0Entry"] = Irql.Passive,
        }, ignoreOrder: true);
        var passive = ShouldBeClean(source.Replace("uses QemuEdu;", "uses QemuEdu; execution = passive;")).Program!.FindDevice("D")!;
        passive.Queues[0].Callbacks[0].Irql.ShouldBe(Irql.Passive);
    }

    [Fact]
    public void The_callback_table_says_which_callbacks_may_fail()
    {
        var fallible = CallbackCatalog.All.Where(c => c.CanFail).Select(c => c.Name).ToArray();
        fallible.ShouldBe(new[]
        {
            "add", "prepare_hardware", "release_hardware", "d0_entry", "d0_entry_post_interrupts_enabled",
            "d0_exit_pre_interrupts_disabled", "d0_exit", "self_managed_io_init", "self_managed_io_suspend",
            "self_managed_io_restart", "query_stop", "query_remove", "arm_wake",
        });
        CallbackCatalog.Find(CallbackContext.Queue, "stop")!.KmdfName.ShouldBe("EvtIoStop");
        CallbackCatalog.Find(CallbackContext.Queue, "canceled")!.KmdfName.ShouldBe("EvtIoCanceledOnQueue");
        CallbackCatalog.Get(CallbackKind.RequestCancel).KmdfName.ShouldBe("EvtRequestCancel");
    }
}

internal static class CallbackDescriptorTestExtensions
{
    public static string Kmdf(this CallbackDescriptor d) => d.KmdfName!;
}

using DriverScript.Language.Binding;
using DriverScript.Language.Symbols;

namespace DriverScript.Language.Tests.Binding;

/// <summary>Host operations in tests and top level, driver operations in devices, hardware operations in hardware blocks.</summary>
public class DomainTests : BinderTestBase
{
    [Theory]
    [InlineData("let d = plug(D); log(d.started);", "plug", 17)]
    [InlineData("print(1);", "print", 9)]
    [InlineData("advance(1ms);", "advance", 9)]
    [InlineData("expect true;", "expect", 9)]
    public void Host_operations_in_device_code_are_DS1021(string statement, string op, int column)
    {
        var d = ShouldReportOnly(InDriver("        " + statement), "DS1021", 4, column);
        d.Message.ShouldBe($"'{op}' is a host operation: it is allowed only in tests and top-level code");
    }

    [Theory]
    [InlineData("sleep(1ms);", "sleep")]
    [InlineData("stall(1us);", "stall")]
    [InlineData("let b = dma_buffer(16); print(b.address);", "dma_buffer")]
    [InlineData("let v = read32(0); print(v);", "read32")]
    [InlineData("bugcheck(1);", "bugcheck")]
    public void Driver_operations_in_tests_are_DS1023(string statement, string op)
    {
        ShouldReportOnly($"test \"t\" {{ {statement} }}", "DS1023", 1, 12 + statement.IndexOf(op, StringComparison.Ordinal))
            .Message.ShouldBe($"'{op}' is allowed only in the code of a 'device'");
    }

    [Fact]
    public void Self_outside_a_device_is_DS1038()
    {
        ShouldReportOnly("test \"t\" { print(self.x); }", "DS1038", 1, 18);
        ShouldReportOnly("fn f() -> u32 { return self.count; }", "DS1038", 1, 24);
    }

    [Fact]
    public void Anywhere_built_ins_work_everywhere()
    {
        ShouldBeClean("""
            fn helper(b: bytes) -> u32 { log("n", len(b)); return max(len(b), 2); }
            device D { on d0_entry { let t = now(); log(t, helper(zeros(4)), nt_success(status(0xC0000001))); } }
            test "t" { expect helper(fill(1, 3)) == 3; }
            """);
    }

    [Fact]
    public void A_function_using_a_host_operation_may_be_called_from_tests()
    {
        ShouldBeClean("""
            device D { }
            fn started() -> bool { let d = plug(D); return d.started; }
            test "t" { expect started(); }
            """);
    }

    [Fact]
    public void A_function_using_a_host_operation_called_from_device_code_is_DS1021_at_the_call()
    {
        var d = ShouldReportOnly("""
            device D {
                on d0_entry { report(); }
            }
            fn report() { helper(); }
            fn helper() { print("hi"); }
            """, "DS1021", 2, 19);
        d.Message.ShouldStartWith("'print' is a host operation");
    }

    [Fact]
    public void A_function_using_a_driver_operation_called_from_a_test_is_DS1023_at_the_call()
    {
        ShouldReportOnly("fn nap() { sleep(1ms); }\ntest \"t\" {\n    nap();\n}", "DS1023", 3, 5);
    }

    [Fact]
    public void Recursive_functions_converge_in_the_domain_analysis()
    {
        ShouldReportOnly("fn a(n: u32) { if n > 0 { b(n - 1); } }\nfn b(n: u32) { a(n); print(n); }\ndevice D { on d0_entry { a(3); } }", "DS1021", 3, 26);
    }

    [Fact]
    public void Host_types_have_members_for_tests()
    {
        var c = ShouldBeClean("""
            device D { state { n: u32 = 7; } queue q : default, sequential { on read(req) { complete(req, STATUS_SUCCESS); } } }
            test "t" {
                let dev = plug(D);
                let r = dev.read(4);
                let p = dev.submit_ioctl(0x222000, b"", 4);
                advance(1ms);
                settle();
                expect r.status == STATUS_SUCCESS && r.information == 0 && r.data == b"";
                expect p.done && p.result.status == STATUS_SUCCESS;
                p.cancel();
                expect dev.state.n == 7;
                expect dev.violations == 0 && dev.bugcheck == none && dev.started;
                expect dev.power_state == D0;
                expect len(dev.callbacks) > 0;
                dev.clear_callbacks();
                dev.sleep(S3);
                dev.wake();
                dev.stop();
                dev.restart();
                dev.surprise_remove();
            }
            """);
        var body = c.Program!.Tests.Single().Body.Statements;
        body[1].ShouldBeOfType<BoundLocalDeclaration>().Initializer.ShouldBeOfType<BoundIntrinsicCall>().Intrinsic.ShouldBe(Intrinsic.DeviceRead);
        body[8].ShouldBeOfType<BoundExpect>().Condition.ShouldBeOfType<BoundBinary>().Left.ShouldBeOfType<BoundHostStateField>().Field.Name.ShouldBe("n");
        ShouldReportOnly("device D { state { n: u32 = 7; } }\ntest \"t\" { let dev = plug(D); dev.state.n = 1; }", "DS1008", 2, 31);
    }

    [Fact]
    public void Plug_takes_a_device_name()
    {
        ShouldReportOnly("test \"t\" { let d = plug(5); }", "DS1042", 1, 25);
        ShouldReportOnly("test \"t\" { let d = plug(Nope); }", "DS1001", 1, 25);
        ShouldReportOnly("device D { }\ntest \"t\" { let d = plug(D, Nope); }", "DS1001", 2, 28);
    }

    [Fact]
    public void Request_members_and_operations_resolve_to_intrinsics()
    {
        var c = ShouldBeClean("""
            device D {
                queue q : default, sequential {
                    on ioctl(req) {
                        match req.code {
                            0x1 => { complete(req, STATUS_SUCCESS); }
                            0x2 => { complete(req, STATUS_SUCCESS, 4); }
                            _ => { complete(req, STATUS_SUCCESS, req.input); }
                        }
                    }
                }
            }
            """);
        var match = c.Program!.FindDevice("D")!.Queues[0].Callbacks[0].Body.Statements[0].ShouldBeOfType<BoundMatch>();
        match.Subject.ShouldBeOfType<BoundIntrinsicCall>().Intrinsic.ShouldBe(Intrinsic.RequestCode);
        Intrinsic Called(int arm) => match.Arms[arm].Body.Statements[0].ShouldBeOfType<BoundExpressionStatement>().Expression.ShouldBeOfType<BoundIntrinsicCall>().Intrinsic;
        Called(0).ShouldBe(Intrinsic.Complete);
        Called(1).ShouldBe(Intrinsic.CompleteWithInformation);
        Called(2).ShouldBe(Intrinsic.CompleteWithData);
    }

    [Fact]
    public void Queue_timer_and_work_item_names_are_handles_with_methods()
    {
        var c = ShouldBeClean("""
            device D {
                queue held : manual;
                timer t { on expire { } }
                work_item w { on run { } }
                on self_managed_io_init {
                    held.start();
                    let r = held.retrieve();
                    if r != none { complete(r!, STATUS_SUCCESS); }
                    let started = t.start(10ms);
                    w.enqueue();
                    log(started, len(held));
                }
            }
            """);
        var first = c.Program!.FindDevice("D")!.Callbacks[0].Body.Statements[0].ShouldBeOfType<BoundExpressionStatement>();
        var start = first.Expression.ShouldBeOfType<BoundIntrinsicCall>();
        start.Intrinsic.ShouldBe(Intrinsic.QueueStart);
        start.Receiver.ShouldBeOfType<BoundDeviceObject>().Symbol.ShouldBeOfType<QueueSymbol>().Name.ShouldBe("held");
        ShouldReportOnly("device D {\n    queue held : manual;\n    on d0_entry { held.begin(); }\n}", "DS1006", 3, 24);
        ShouldReportOnly("device D {\n    queue held : manual;\n    on d0_entry { let f = held.start; }\n}", "DS1042", 3, 32);
    }

    [Fact]
    public void With_needs_a_lock()
    {
        ShouldReportOnly(InDriver("        with self.n { }", "n: u32 = 0;"), "DS1044", 4, 14);
        ShouldReportOnly("test \"t\" { with 1 { } }", "DS1023", 1, 12);
    }
}

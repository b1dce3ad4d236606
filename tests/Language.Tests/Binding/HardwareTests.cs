using DriverScript.Language.Binding;
using DriverScript.Language.Symbols;

namespace DriverScript.Language.Tests.Binding;

public class HardwareTests : BinderTestBase
{
    private static string Hw(string registers, string rest = "") =>
        $"hardware H {{\n    registers(size = 0x100) {{\n{registers}\n    }}\n{rest}\n}}";

    [Fact]
    public void A_register_outside_the_size_is_DS1031()
    {
        ShouldReportOnly(Hw("        reg A @ 0xFE : u32;"), "DS1031", 3, 13)
            .Message.ShouldBe("register 'A' at 0xFE (4 bytes) lies outside the register space of size 0x100");
        ShouldBeClean(Hw("        reg A @ 0xFC : u32;"));
    }

    [Fact]
    public void Overlapping_registers_are_DS1032_at_the_later_one()
    {
        ShouldReportOnly(Hw("        reg A @ 0x10 : u64;\n        reg B @ 0x14 : u32;"), "DS1032", 4, 13)
            .Message.ShouldBe("'B' at 0x14 overlaps 'A' at 0x10");
        ShouldReportOnly(Hw("        reg A @ 0x10 : u32;\n        memory M @ 0x00 : 0x20;"), "DS1032", 4, 16);
    }

    [Fact]
    public void Fields_must_lie_inside_their_register_and_not_overlap()
    {
        ShouldReportOnly(Hw("        reg A @ 0 : u8 { field f [8] : rw; }"), "DS1033", 3, 32);
        ShouldReportOnly(Hw("        reg A @ 0 : u16 { field f [3:5] : rw; }"), "DS1033", 3, 33);
        ShouldReportOnly(Hw("        reg A @ 0 : u32 { field f [3:0] : rw; field g [4:3] : rw; }"), "DS1033", 3, 53);
        ShouldReportOnly(Hw("        reg A @ 0 : u32 { field f [1:0] : rw = 4; }"), "DS1033", 3, 48);
    }

    [Fact]
    public void A_register_is_an_unsigned_integer_type()
    {
        ShouldReportOnly(Hw("        reg A @ 0 : i32;"), "DS1045", 3, 21);
        ShouldReportOnly(Hw("        reg A @ 0 : bool;"), "DS1045", 3, 21);
    }

    [Fact]
    public void Register_shape_is_bound_with_fields_masks_and_access_modes()
    {
        var c = ShouldBeClean(Hw("        reg CTRL @ 0x08 : u16 w1c = 0x8001 { field mode [3:1] : rw = 2; field done [15] : ro; }"));
        var ctrl = c.Program!.FindHardware("H")!.FindRegister("CTRL")!;
        (ctrl.Offset, ctrl.Type, ctrl.Access, ctrl.ResetValue).ShouldBe((8UL, TypeSymbol.U16, Syntax.AccessMode.WriteOneToClear, 0x8001UL));
        ctrl.FindField("mode")!.Mask.ShouldBe(0b1110UL);
        ctrl.FindField("mode")!.ResetValue.ShouldBe(2UL);
        ctrl.FindField("done")!.Access.ShouldBe(Syntax.AccessMode.ReadOnly);
    }

    [Fact]
    public void Locked_when_and_line_levels_are_bool_conditions()
    {
        ShouldReportOnly(Hw("        reg A @ 0 : u32 { locked when A; }"), "DS1011", 3, 39);
        ShouldReportOnly(Hw("        reg A @ 0 : u32;", "    interrupt irq = A;"), "DS1011", 5, 21);
    }

    [Fact]
    public void Hardware_code_assigns_registers_and_fields_directly()
    {
        var c = ShouldBeClean(Hw(
            "        reg A @ 0 : u32 { field busy [0] : ro; on write(v) { A = v + 1; A.busy = 1; after 10us { A.busy = 0; pulse done; } } }\n" +
            "        reg B @ 4 : u32 { on read -> u32 { return A + 1; } }",
            "    interrupt done;\n    state { hits: u32 = 0; }\n    on reset { hits = 0; }\n    fn bump() { hits += 1; }"));
        var h = c.Program!.FindHardware("H")!;
        var write = h.FindRegister("A")!.WriteHandler!;
        write.Parameters.Single().Type.ShouldBe(TypeSymbol.U32);
        var assign = write.Body.Statements[0].ShouldBeOfType<BoundAssignment>();
        assign.Target.ShouldBeOfType<BoundRegisterAccess>().Path.ShouldBe(RegisterPath.Model);
        h.FindRegister("B")!.ReadHandler!.ReturnType.ShouldBe(TypeSymbol.U32);
        h.Reset.ShouldNotBeNull();
        h.StateFields.Single().Name.ShouldBe("hits");
    }

    [Fact]
    public void A_register_read_handler_must_return_on_every_path()
    {
        ShouldReportOnly(Hw("        reg B @ 4 : u32 { on read { } }"), "DS1012", 3, 30);
    }

    [Fact]
    public void Only_a_pulsed_line_can_be_pulsed()
    {
        ShouldReportOnly(Hw("        reg A @ 0 : u32 { on write(v) { pulse irq; } }", "    interrupt irq = A != 0;"), "DS1041", 3, 47);
    }

    [Fact]
    public void Hardware_operations_outside_a_hardware_block_are_DS1022()
    {
        ShouldReportOnly(InDriver("        after 1us { }"), "DS1022", 4, 9);
        ShouldReportOnly(InDriver("        let b = dma_read(0, 4); log(b);"), "DS1022", 4, 17);
        ShouldReportOnly("test \"t\" { dma_write(0, b\"\"); }", "DS1022", 1, 12);
    }

    [Fact]
    public void Hardware_blocks_cannot_use_driver_or_host_operations()
    {
        ShouldReportOnly(Hw("        reg A @ 0 : u32 { on write(v) { sleep(1us); } }"), "DS1023", 3, 41);
        ShouldReportOnly(Hw("        reg A @ 0 : u32 { on write(v) { print(v); } }"), "DS1021", 3, 41);
    }

    [Fact]
    public void Unknown_handlers_in_hardware_are_DS1027()
    {
        ShouldReportOnly(Hw("        reg A @ 0 : u32 { on poke { } }"), "DS1027", 3, 30);
        ShouldReportOnly(Hw("", "    on power { }"), "DS1027", 5, 8);
    }

    [Fact]
    public void Registers_settings_are_checked()
    {
        ShouldReportOnly("hardware H {\n    registers(size = 16, unmapped = maybe) { }\n}", "DS1030", 2, 37);
        ShouldReportOnly("hardware H {\n    registers(width = 16) { }\n}", "DS1030", 2, 15);
    }

    [Fact]
    public void The_width_policy_binds_to_rules_in_checking_order()
    {
        var c = ShouldBeClean("""
            hardware H {
                registers(size = 0x100, widths = 4 | 8, rejected = zeros, narrow = zero_extend) {
                    access @ 0x00..0x80 : widths = 4, rejected = unmapped;
                    access @ 0x80..0x100 : widths = (1 | 2), aligned = false, rejected = ones;
                    memory BUF @ 0xC0 : 0x10 hidden;
                    memory WIN @ 0xD0 : 0x10;
                }
            }
            """);
        var h = c.Program!.FindHardware("H")!;
        h.NarrowZeroExtends.ShouldBeTrue();
        h.WidthRules.ShouldBe([
            new WidthRule(0, 0x100, 4 | 8, true, RejectedReadValue.Zeros),
            new WidthRule(0, 0x80, 4, true, RejectedReadValue.Unmapped),
            new WidthRule(0x80, 0x100, 1 | 2, false, RejectedReadValue.Ones),
        ]);
        h.Memories.Select(m => m.Hidden).ShouldBe([true, false]);
    }

    [Fact]
    public void Without_a_width_policy_there_are_no_rules_and_narrow_accesses_are_unmapped()
    {
        var h = ShouldBeClean(Hw("        reg A @ 0 : u64;")).Program!.FindHardware("H")!;
        h.WidthRules.ShouldBeEmpty();
        h.NarrowZeroExtends.ShouldBeFalse();
        // `aligned` alone makes a rule over the whole space that takes every width.
        ShouldBeClean("hardware H {\n    registers(size = 0x10, aligned = true) { }\n}").Program!.FindHardware("H")!
            .WidthRules.ShouldBe([new WidthRule(0, 0x10, 1 | 2 | 4 | 8, true, RejectedReadValue.Unmapped)]);
    }

    [Fact]
    public void Width_policy_errors_are_DS1046_or_DS1030()
    {
        ShouldReportOnly(Hw("        access @ 0 .. 0x10 : widths = 3;"), "DS1046", 3, 39)
            .Message.ShouldBe("an access width is 1, 2, 4 or 8 bytes, not 3; several are joined with '|' (widths = 4 | 8)");
        ShouldReportOnly(Hw("        access @ 0x20..0x10 : widths = 4;"), "DS1046", 3, 18)
            .Message.ShouldBe("the access range 0x20..0x10 is empty; the end is exclusive and comes after the start");
        ShouldReportOnly(Hw("        access @ 0x80..0x101 : widths = 4;"), "DS1046", 3, 18)
            .Message.ShouldBe("the access range 0x80..0x101 ends past the register space of size 0x100");
        ShouldReportOnly(Hw("        access @ 0..0x10 : widths = 4, size = 2;"), "DS1030", 3, 40);
        ShouldReportOnly(Hw("        access @ 0..0x10 : widths = 4, widths = 8;"), "DS1030", 3, 40);
        ShouldReportOnly("hardware H {\n    registers(rejected = maybe) { }\n}", "DS1030", 2, 26);
        ShouldReportOnly("hardware H {\n    registers(narrow = truncate) { }\n}", "DS1030", 2, 24);
        ShouldReportOnly("hardware H {\n    registers(widths = 4 + 1) { }\n}", "DS1046", 2, 24);
    }

    [Fact]
    public void Tests_reach_registers_by_name_and_peek()
    {
        var c = ShouldBeClean("""
            device D { uses QemuEdu; }
            test "bus" {
                let dev = plug(D);
                dev.hw.STATUS = 0x80;
                dev.hw.STATUS.irq_on_done = 0;
                expect peek(dev.hw.INT_STATUS) == 0;
                dev.hw.write32(0x04, 5);
                expect dev.hw.read32(0x04) == 5;
            }
            """);
        var body = c.Program!.Tests.Single().Body.Statements;
        body[1].ShouldBeOfType<BoundAssignment>().Target.ShouldBeOfType<BoundRegisterAccess>().Path.ShouldBe(RegisterPath.HostBus);
        var peek = body[3].ShouldBeOfType<BoundExpect>().Condition.ShouldBeOfType<BoundBinary>().Left.ShouldBeOfType<BoundRegisterAccess>();
        peek.Path.ShouldBe(RegisterPath.HostPeek);
        ShouldReportOnly("device D { uses QemuEdu; }\ntest \"t\" { let dev = plug(D); expect dev.hw.NOPE == 0; }", "DS1006", 2, 45);
    }

    [Fact]
    public void Plug_with_an_explicit_model_uses_that_models_registers()
    {
        var c = ShouldBeClean("hardware Fake { registers(size = 0x10) { reg X @ 0 : u8; } }\ndevice D { }\nlet dev = plug(D, Fake);\nprint(dev.hw.X);");
        GlobalType(c, "dev").ShouldBeOfType<DeviceHandleTypeSymbol>().Hardware!.Name.ShouldBe("Fake");
        ShouldReportOnly("device D { }\nlet dev = plug(D);\nprint(dev.hw.X);", "DS1039", 3, 7);
    }
}

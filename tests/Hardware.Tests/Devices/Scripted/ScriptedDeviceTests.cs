using DriverScript.Hardware.Bus;
using DriverScript.Hardware.Devices.Edu;
using DriverScript.Hardware.Devices.Scripted;
using DriverScript.Hardware.Interrupts;
using DriverScript.Hardware.Registers;
using DriverScript.Hardware.Time;

namespace DriverScript.Hardware.Tests.Devices.Scripted;

/// <summary>
/// The interpreter hook, exercised from C# the way the interpreter will drive it: LANGUAGE.md §7's
/// <c>hardware Edu</c> example, built at run time from names, keywords and closures.
/// </summary>
public class ScriptedDeviceTests
{
    /// <summary>
    /// What the interpreter would build for LANGUAGE.md §7's example (plus the DMA part of edu), by
    /// name and keyword only: no compile-time knowledge of the device.
    /// </summary>
    private static ScriptedDevice BuildEduFromScript(HardwareContext context)
    {
        var device = new ScriptedDevice("Edu", context, size: 0x100000, UnmappedValue.Ones);
        var map = device.Registers;
        map.NarrowAccess = NarrowAccess.ZeroExtend;
        map.RestrictWidths(0, 0x100000, AccessWidths.DWord | AccessWidths.QWord, rejected: RejectedRead.Zeros);
        map.RestrictWidths(0, 0x80, AccessWidths.DWord);

        Register Reg(string name) => map.GetRegister(name);
        ulong Field(string register, string field) => Reg(register).GetField(field).RawValue;
        void SetField(string register, string field, ulong value) => Reg(register).GetField(field).RawValue = value;

        // fn raise(bits: u32) { INT_STATUS = INT_STATUS | bits; }   fn lower(bits) { ... & ~bits; }
        void Raise(ulong bits) => Reg("INT_STATUS").Value |= bits;
        void Lower(ulong bits) => Reg("INT_STATUS").Value &= ~bits & 0xFFFF_FFFF;

        // reg ID @ 0x00 : u32 ro = 0x010000ed;
        map.Define(0x00, 4, "ID", 0x010000ED, FieldModes.Parse("ro"));

        // reg LIVENESS @ 0x04 : u32 { on write(v) { LIVENESS = ~v; } }
        map.Define(0x04, 4, "LIVENESS").WithWriteCallback((_, v) => Reg("LIVENESS").Value = ~v & 0xFFFF_FFFF);

        // reg FACTORIAL @ 0x08 : u32 { locked when STATUS.computing == 1; on write(v) { ... after 10us { ... } } }
        map.Define(0x08, 4, "FACTORIAL")
            .LockedWhen(() => Field("STATUS", "computing") == 1)
            .WithWriteCallback((_, v) =>
            {
                SetField("STATUS", "computing", 1);
                device.After(VirtualTime.Microseconds(10), () =>
                {
                    Reg("FACTORIAL").Value = QemuEdu.Factorial((uint)v);
                    SetField("STATUS", "computing", 0);
                    if (Field("STATUS", "irq_on_done") == 1)
                    {
                        Raise(0x01);
                    }
                });
            });

        // reg STATUS @ 0x20 : u32 { field computing [0] : ro; field irq_on_done [7] : rw; }
        var status = map.Define(0x20, 4, "STATUS");
        status.DefineValueField(0, 1, FieldModes.Parse("ro"), name: "computing");
        status.DefineValueField(7, 1, FieldModes.Parse("rw"), name: "irq_on_done");
        status.WithIgnoredBits(1, 6).WithIgnoredBits(8, 24);

        // reg INT_STATUS @ 0x24 : u32 ro;  reg INT_RAISE @ 0x60 : u32 wo { on write(v) { raise(v); } } ...
        map.Define(0x24, 4, "INT_STATUS", mode: FieldModes.Parse("ro"));
        map.Define(0x60, 4, "INT_RAISE", mode: FieldModes.Parse("wo")).WithWriteCallback((_, v) => Raise(v));
        map.Define(0x64, 4, "INT_ACK", mode: FieldModes.Parse("wo")).WithWriteCallback((_, v) => Lower(v));

        // DMA: reg DMACMD @0x98 u64 { field RUN[0]; field DIR[1]; field IRQ[2]; locked when RUN; on write(v) if v.RUN after 100ms dma(); }
        bool Running() => (Reg("DMA_CMD").Value & 1) != 0;
        map.Define(0x80, 8, "DMA_SRC").LockedWhen(Running);
        map.Define(0x88, 8, "DMA_DST").LockedWhen(Running);
        map.Define(0x90, 8, "DMA_CNT").LockedWhen(Running);
        var buffer = device.DefineMemory("DMA_BUF", 0x40000, 4096, mmioVisible: false);
        map.Define(0x98, 8, "DMA_CMD")
            .LockedWhen(Running)
            .IgnoreWritesWhen(v => (v & 1) == 0)
            .WithWriteCallback((_, _) => device.After(VirtualTime.Milliseconds(100), () =>
            {
                var count = (int)Reg("DMA_CNT").Value;
                var command = Reg("DMA_CMD").Value;
                if ((command & 2) == 0)
                {
                    var data = device.DmaRead(Reg("DMA_SRC").Value & ((1UL << 28) - 1), count);
                    data.CopyTo(buffer.Span[(int)(Reg("DMA_DST").Value - 0x40000)..]);
                }
                else
                {
                    var offset = (int)(Reg("DMA_SRC").Value - 0x40000);
                    device.DmaWrite(Reg("DMA_DST").Value & ((1UL << 28) - 1), buffer.Span.Slice(offset, count));
                }

                Reg("DMA_CMD").Value = command & ~1UL;
                if ((command & 4) != 0)
                {
                    Raise(0x100);
                }
            }));

        // interrupt irq = INT_STATUS != 0;
        device.DeclareInterrupt("irq", () => Reg("INT_STATUS").Value != 0);
        device.PowerOn();
        return device;
    }

    [Fact]
    public void A_device_built_through_the_hook_behaves_like_the_csharp_edu_on_the_same_accesses()
    {
        var scriptedContext = new HardwareContext();
        var scripted = BuildEduFromScript(scriptedContext);
        var nativeContext = new HardwareContext();
        var native = new QemuEdu(nativeContext);
        native.Config.EnableMemoryAndBusMaster();
        scriptedContext.Memory.Write(0x1000, Enumerable.Range(0, 64).Select(i => (byte)i).ToArray());
        nativeContext.Memory.Write(0x1000, Enumerable.Range(0, 64).Select(i => (byte)i).ToArray());

        var scriptedTrace = Exercise(scripted.Bus, scriptedContext, scripted.FindInterruptLine("irq")!);
        var nativeTrace = Exercise(native.Bus, nativeContext, native.Intx);

        scriptedTrace.ShouldBe(nativeTrace);
        scriptedContext.Memory.Read(0x8000, 64).ShouldBe(nativeContext.Memory.Read(0x8000, 64));
    }

    private static List<string> Exercise(IRegisterBus bus, HardwareContext context, InterruptLine irq)
    {
        var trace = new List<string>();
        irq.LevelChanged += (_, level) => trace.Add($"{context.Clock.Now}: irq={level}");
        void Read(long offset, int width) => trace.Add($"{context.Clock.Now}: R{width * 8}[0x{offset:X}] = 0x{bus.Read(offset, width):X}");

        Read(0x00, 4);
        Read(0x00, 8);
        Read(0x00, 1);
        Read(0x0C, 4);
        bus.Write32(0x04, 0x1234_5678);
        Read(0x04, 4);
        bus.Write32(0x20, 0x81);
        Read(0x20, 4);
        bus.Write32(0x08, 10);
        Read(0x20, 4);
        bus.Write32(0x08, 3);
        Read(0x08, 4);
        context.Clock.RunFor(VirtualTime.Microseconds(10));
        Read(0x08, 4);
        Read(0x24, 4);
        bus.Write32(0x64, 1);
        Read(0x60, 4);
        bus.Write32(0x60, 0x30);
        bus.Write32(0x64, 0x10);
        bus.Write32(0x64, 0x20);
        bus.Write64(0x80, 0x1000);
        bus.Write64(0x88, 0x40000);
        bus.Write32(0x90, 64);
        bus.Write64(0x98, 0x4);
        Read(0x98, 8);
        bus.Write64(0x98, 0x5);
        bus.Write64(0x80, 0xBAD);
        Read(0x98, 4);
        context.Clock.RunFor(VirtualTime.Milliseconds(100));
        Read(0x98, 8);
        Read(0x80, 8);
        Read(0x84, 4);
        bus.Write64(0x80, 0x40000);
        bus.Write64(0x88, 0x8000);
        bus.Write64(0x98, 0x3);
        context.Clock.RunFor(VirtualTime.Milliseconds(100));
        Read(0x98, 8);
        Read(0x24, 4);
        return trace;
    }

    [Fact]
    public void Registers_and_fields_can_be_declared_by_name_at_run_time_and_found_again()
    {
        var device = new ScriptedDevice("dev", new HardwareContext(), 0x100);
        var control = device.Registers.Define(0x10, 2, "CTRL");
        control.DefineValueField(0, 4, FieldModes.Parse("w1s"), name: "start");
        control.DefineValueField(8, 8, FieldModes.Parse("rw"), name: "mode", resetValue: 3);

        device.PowerOn();
        device.Bus.Write16(0x10, 0x0505);

        device.Registers.GetRegister("CTRL").GetField("mode").RawValue.ShouldBe(5UL);
        device.Registers.GetRegister("CTRL").GetField("start").RawValue.ShouldBe(5UL);
    }

    [Fact]
    public void After_actions_run_on_the_shared_clock_and_interrupts_are_re_evaluated_after_them()
    {
        var context = new HardwareContext();
        var device = new ScriptedDevice("dev", context, 0x100);
        var done = device.Registers.Define32(0x00, "DONE", mode: FieldModes.WriteOneToClear);
        device.Registers.Define32(0x04, "GO", mode: FieldModes.WriteOnly)
            .WithWriteCallback((_, v) => device.After((long)v, () => done.Value = 1));
        var irq = device.DeclareInterrupt("irq", () => done.Value != 0);
        var changes = new List<(long, bool)>();
        irq.LevelChanged += (_, level) => changes.Add((context.Clock.Now, level));

        device.Bus.Write32(0x04, 250);
        context.Clock.RunFor(1000);
        device.Bus.Write32(0x00, 1);

        changes.ShouldBe([(250L, true), (1000L, false)]);
    }

    [Fact]
    public void A_pulse_declared_at_run_time_signals_each_time()
    {
        var device = new ScriptedDevice("dev", new HardwareContext(), 0x100);
        var pulse = device.DeclarePulse("done");
        device.Registers.Define32(0x00, "KICK", mode: FieldModes.WriteOnly).WithWriteCallback((_, _) => pulse.Pulse());
        var heard = 0;
        pulse.Signaled += (_, _) => heard++;

        device.Bus.Write32(0, 1);
        device.Bus.Write32(0, 1);

        heard.ShouldBe(2);
        device.MessageInterrupts.ShouldBe([pulse]);
    }

    [Fact]
    public void On_read_supplies_the_value_read()
    {
        var context = new HardwareContext();
        var device = new ScriptedDevice("dev", context, 0x100);
        device.Registers.Define64(0x00, "NOW", mode: FieldModes.ReadOnly).WithValueProvider(_ => (ulong)context.Clock.Now);
        context.Clock.RunFor(12345);

        device.Bus.Read64(0).ShouldBe(12345UL);
    }

    [Fact]
    public void Power_on_applies_reset_values_then_reset_handlers_then_evaluates_lines_once()
    {
        var device = new ScriptedDevice("dev", new HardwareContext(), 0x100);
        var status = device.Registers.Define32(0x00, "STATUS", resetValue: 0);
        var irq = device.DeclareInterrupt("irq", () => status.Value != 0);
        device.OnReset(() => status.Value = 1);
        var heard = new List<bool>();
        irq.LevelChanged += (_, level) => heard.Add(level);
        status.Value = 0;

        device.PowerOn();

        heard.ShouldBe([true]);
    }

    [Fact]
    public void Batch_groups_model_changes_into_one_evaluation()
    {
        var device = new ScriptedDevice("dev", new HardwareContext(), 0x100);
        var a = device.Registers.Define32(0x00, "A");
        var evaluations = 0;
        device.DeclareInterrupt("irq", () => { evaluations++; return a.Value > 2; });
        evaluations = 0;

        device.Batch(() =>
        {
            a.Value = 1;
            a.Value = 2;
            a.Value = 3;
        });

        evaluations.ShouldBe(1);
    }

    [Fact]
    public void A_level_expression_that_keeps_changing_registers_is_reported_not_looped_forever()
    {
        var device = new ScriptedDevice("dev", new HardwareContext(), 0x100);
        var a = device.Registers.Define32(0x00, "A");
        var armed = false;
        device.DeclareInterrupt("irq", () =>
        {
            if (armed)
            {
                a.Value = (a.Value + 1) & 0xFF;
            }

            return false;
        });
        armed = true;

        Should.Throw<InvalidOperationException>(() => device.Bus.Write32(0, 7)).Message.ShouldContain("keep changing");
    }
}

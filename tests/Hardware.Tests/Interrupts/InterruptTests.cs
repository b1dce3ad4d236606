using DriverScript.Hardware.Devices.Scripted;
using DriverScript.Hardware.Interrupts;
using DriverScript.Hardware.Registers;

namespace DriverScript.Hardware.Tests.Interrupts;

public class InterruptTests
{
    [Fact]
    public void A_level_line_tells_listeners_only_when_its_level_changes()
    {
        var line = new InterruptLine("irq");
        var heard = new List<bool>();
        line.LevelChanged += (_, level) => heard.Add(level);

        line.Set(false);
        line.Assert();
        line.Assert();
        line.Set(true);
        line.Deassert();
        line.Deassert();
        line.Assert();

        heard.ShouldBe([true, false, true]);
        line.AssertionCount.ShouldBe(2);
        line.Level.ShouldBeTrue();
    }

    [Fact]
    public void A_message_signaled_source_tells_listeners_about_every_pulse()
    {
        var msi = new MessageSignaledInterrupt("msi", vectors: 2);
        var heard = new List<int>();
        msi.Signaled += (_, vector) => heard.Add(vector);

        msi.Pulse();
        msi.Pulse();
        msi.Pulse(1);

        heard.ShouldBe([0, 0, 1]);
        msi.PulseCount.ShouldBe(3);
        Should.Throw<ArgumentOutOfRangeException>(() => msi.Pulse(2));
    }

    [Fact]
    public void A_level_expression_is_re_evaluated_after_each_bus_access_that_changes_a_register()
    {
        var device = new ScriptedDevice("dev", new HardwareContext(), 0x100);
        var pending = device.Registers.Define32(0x00, "PENDING", mode: FieldModes.WriteOneToClear);
        var enable = device.Registers.Define32(0x04, "ENABLE");
        device.Registers.Define32(0x08, "SET", mode: FieldModes.WriteOnly).WithWriteCallback((_, v) => pending.Value |= v);
        var irq = device.DeclareInterrupt("irq", () => (pending.Value & enable.Value) != 0);
        var heard = new List<bool>();
        irq.LevelChanged += (_, level) => heard.Add(level);

        device.Bus.Write32(0x08, 0b01);   // pending, not enabled
        device.Bus.Write32(0x04, 0b11);   // enabled: asserted
        device.Bus.Write32(0x08, 0b10);   // still asserted
        device.Bus.Write32(0x00, 0b01);   // one left
        device.Bus.Write32(0x00, 0b10);   // none left: deasserted

        heard.ShouldBe([true, false]);
    }

    [Fact]
    public void A_level_is_evaluated_once_after_the_whole_access_not_in_the_middle_of_a_handler()
    {
        var device = new ScriptedDevice("dev", new HardwareContext(), 0x100);
        var status = device.Registers.Define32(0x24, "STATUS", mode: FieldModes.ReadOnly);
        device.Registers.Define32(0x60, "PULSE", mode: FieldModes.WriteOnly).WithWriteCallback((_, _) =>
        {
            status.Value = 1;   // a glitch a handler makes and undoes
            status.Value = 0;
        });
        var evaluations = 0;
        var irq = device.DeclareInterrupt("irq", () =>
        {
            evaluations++;
            return status.Value != 0;
        });
        var heard = new List<bool>();
        irq.LevelChanged += (_, level) => heard.Add(level);
        evaluations = 0;

        device.Bus.Write32(0x60, 1);

        heard.ShouldBeEmpty();
        evaluations.ShouldBe(1);
    }

    [Fact]
    public void A_model_change_outside_any_access_re_evaluates_at_once_and_a_batch_defers_to_its_end()
    {
        var device = new ScriptedDevice("dev", new HardwareContext(), 0x100);
        var status = device.Registers.Define32(0x24, "STATUS");
        var irq = device.DeclareInterrupt("irq", () => status.Value != 0);

        status.Value = 1;
        irq.Level.ShouldBeTrue();

        using (device.Registers.BeginBatch())
        {
            status.Value = 0;
            irq.Level.ShouldBeTrue();
        }

        irq.Level.ShouldBeFalse();
    }

    [Fact]
    public void Interrupt_names_are_unique_per_device()
    {
        var device = new ScriptedDevice("dev", new HardwareContext(), 0x100);
        device.DeclareInterrupt("irq", () => false);

        Should.Throw<ArgumentException>(() => device.DeclarePulse("irq"));
        device.FindInterruptLine("irq").ShouldNotBeNull();
        device.FindMessageInterrupt("irq").ShouldBeNull();
    }
}

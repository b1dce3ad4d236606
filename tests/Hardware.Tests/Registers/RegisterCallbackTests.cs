using DriverScript.Hardware.Diagnostics;
using DriverScript.Hardware.Registers;

namespace DriverScript.Hardware.Tests.Registers;

/// <summary>Callbacks, value providers, locks and declarations (Renode's order, HARDWARE.md §1).</summary>
public class RegisterCallbackTests
{
    private readonly List<string> calls = [];

    private enum TwoBit
    {
        A = 0,
        B = 1,
        D = 3,
    }

    [Fact]
    public void A_write_runs_field_write_callbacks_then_field_change_callbacks_then_register_write_then_register_change()
    {
        var register = new Register("R", 4)
            .WithValueField(0, 4, writeCallback: (o, n) => calls.Add($"f0.write {o}->{n}"),
                changeCallback: (o, n) => calls.Add($"f0.change {o}->{n}"), name: "f0")
            .WithValueField(4, 4, writeCallback: (o, n) => calls.Add($"f1.write {o}->{n}"),
                changeCallback: (o, n) => calls.Add($"f1.change {o}->{n}"), name: "f1")
            .WithWriteCallback((o, n) => calls.Add($"reg.write {o:X}->{n:X}"))
            .WithChangeCallback((o, n) => calls.Add($"reg.change {o:X}->{n:X}"));

        register.Write(0x05);

        calls.ShouldBe([
            "f0.write 0->5",
            "f1.write 0->0",
            "f0.change 0->5",
            "reg.write 0->5",
            "reg.change 0->5",
        ]);
    }

    [Fact]
    public void Write_callbacks_run_even_when_nothing_changes_but_change_callbacks_do_not()
    {
        var register = new Register("R", 4)
            .WithValueField(0, 8, writeCallback: (_, _) => calls.Add("write"), changeCallback: (_, _) => calls.Add("change"))
            .WithValueField(8, 24)
            .WithChangeCallback((_, _) => calls.Add("reg.change"));
        register.Write(7);
        calls.Clear();

        register.Write(7);

        calls.ShouldBe(["write"]);
    }

    [Fact]
    public void Write_callbacks_run_for_read_only_fields_with_the_value_written()
    {
        ulong written = 0;
        var register = new Register("R", 4)
            .WithValueField(0, 32, FieldModes.ReadOnly, writeCallback: (_, n) => written = n);

        register.Write(0xDEADBEEF);

        written.ShouldBe(0xDEADBEEFUL);
        register.Value.ShouldBe(0UL);
    }

    [Fact]
    public void A_read_runs_before_read_then_providers_then_read_callbacks_then_change_callbacks_then_register_callbacks()
    {
        var register = new Register("R", 4);
        register.WithBeforeReadCallback(() => calls.Add("before"))
            .WithFlag(0, FieldModes.ReadToClear, readCallback: (o, n) => calls.Add($"rc.read {o}->{n}"),
                changeCallback: (o, n) => calls.Add($"rc.change {o}->{n}"), resetValue: true)
            .WithValueField(1, 4, valueProviderCallback: v => { calls.Add("provide"); return 9; },
                readCallback: (o, n) => calls.Add($"v.read {o}->{n}"))
            .WithValueField(5, 27)
            .WithReadCallback((o, n) => calls.Add($"reg.read {o:X}->{n:X}"))
            .WithChangeCallback((o, n) => calls.Add($"reg.change {o:X}->{n:X}"));

        register.Read().ShouldBe(0x13UL);

        calls.ShouldBe([
            "before",
            "provide",
            "rc.read True->False",
            "v.read 9->9",
            "rc.change True->False",
            "reg.read 13->12",
            "reg.change 13->12",
        ]);
    }

    [Fact]
    public void A_value_provider_result_is_read_and_stored()
    {
        var counter = 0UL;
        var register = new Register("R", 4);
        var field = register.DefineValueField(0, 32, valueProviderCallback: _ => ++counter);

        register.Read().ShouldBe(1UL);
        register.Read().ShouldBe(2UL);

        field.Value.ShouldBe(2UL);
    }

    [Fact]
    public void A_register_value_provider_supplies_the_whole_read()
    {
        var register = new Register("R", 4, defaultMode: FieldModes.WriteOnly).WithValueProvider(v => v + 0x100);

        register.Write(5);

        register.Read().ShouldBe(0x105UL);
    }

    [Fact]
    public void Providers_and_read_callbacks_of_flag_and_enum_fields_see_typed_values()
    {
        var register = new Register("R", 4);
        TwoBit? seen = null;
        register.WithFlag(0, out var flag, valueProviderCallback: v => !v)
            .WithEnumField<TwoBit>(1, 2, out var kind, valueProviderCallback: v => v + 1, readCallback: (_, n) => seen = n)
            .WithReservedBits(3, 29);

        register.Read().ShouldBe(0b011UL);

        flag.Value.ShouldBeTrue();
        kind.Value.ShouldBe(TwoBit.B);
        seen.ShouldBe(TwoBit.B);
    }

    [Fact]
    public void An_enum_field_keeps_undefined_encodings()
    {
        var register = new Register("R", 1);
        var kind = register.DefineEnumField<TwoBit>(0, 2);
        register.WithReservedBits(2, 6);

        register.Write(2);

        kind.Value.ShouldBe((TwoBit)2);
    }

    [Fact]
    public void Model_assignments_store_without_running_callbacks()
    {
        var register = new Register("R", 4)
            .WithValueField(0, 8, out var low, writeCallback: (_, _) => calls.Add("write"), changeCallback: (_, _) => calls.Add("change"))
            .WithFlag(8, out var flag)
            .WithValueField(9, 23)
            .WithChangeCallback((_, _) => calls.Add("reg.change"));

        low.Value = 0x42;
        flag.Value = true;
        register.Value |= 0x200;

        register.Value.ShouldBe(0x342UL);
        calls.ShouldBeEmpty();
    }

    [Fact]
    public void Assigning_a_value_that_does_not_fit_a_field_or_register_is_refused()
    {
        var register = new Register("R", 2);
        var field = register.DefineValueField(0, 4);

        Should.Throw<ArgumentOutOfRangeException>(() => field.Value = 16);
        Should.Throw<ArgumentOutOfRangeException>(() => register.Value = 0x1_0000);
    }

    [Fact]
    public void A_write_callback_may_override_what_the_write_stored()
    {
        var register = new Register("LIVENESS", 4);
        register.WithWriteCallback((_, v) => register.Value = ~v & 0xFFFF_FFFF);

        register.Write(0x0F0F0F0F);

        register.Read().ShouldBe(0xF0F0F0F0UL);
    }

    [Fact]
    public void Locked_when_drops_the_write_entirely_while_the_condition_holds()
    {
        var locked = true;
        var register = new Register("R", 4)
            .LockedWhen(() => locked)
            .WithWriteCallback((_, _) => calls.Add("write"));

        register.Write(1);
        register.Value.ShouldBe(0UL);
        calls.ShouldBeEmpty();

        locked = false;
        register.Write(1);
        register.Value.ShouldBe(1UL);
        calls.ShouldBe(["write"]);
    }

    [Fact]
    public void Ignore_writes_when_drops_writes_by_the_value_written()
    {
        var register = new Register("CMD", 8).IgnoreWritesWhen(v => (v & 1) == 0);

        register.Write(0x6);
        register.Value.ShouldBe(0UL);
        register.Write(0x7);
        register.Value.ShouldBe(0x7UL);
    }

    [Fact]
    public void Reset_restores_register_and_field_reset_values_without_callbacks()
    {
        var register = new Register("R", 4, resetValue: 0x3700)
            .WithValueField(0, 8, resetValue: 0x80, changeCallback: (_, _) => calls.Add("change"))
            .WithValueField(8, 24);
        register.ResetValue.ShouldBe(0x3780UL);
        register.Write(0xFFFF_FFFF);
        calls.Clear();

        register.Reset();

        register.Value.ShouldBe(0x3780UL);
        calls.ShouldBeEmpty();
    }

    [Fact]
    public void Fields_may_not_overlap_or_leave_the_register()
    {
        var register = new Register("R", 2);
        register.DefineValueField(1, 5);

        Should.Throw<ArgumentException>(() => register.DefineValueField(0, 2)).Message.ShouldContain("overlaps");
        Should.Throw<ArgumentException>(() => register.DefineValueField(15, 2)).Message.ShouldContain("does not fit");
        Should.Throw<ArgumentException>(() => register.DefineValueField(8, 0));
        Should.Throw<ArgumentException>(() => register.WithReservedBits(5, 1));
    }

    [Fact]
    public void Reserved_bits_read_zero_and_swallow_writes_silently()
    {
        var map = new RegisterMap("dev", 0x10);
        map.Define32(0, "R").WithValueField(0, 8).WithReservedBits(8, 24);

        map.Write32(0, 0xFFFF_FFFF);

        map.Read32(0).ShouldBe(0xFFu);
        map.Log.Entries.ShouldBeEmpty();
    }

    [Fact]
    public void Writes_changing_undefined_bits_are_logged_and_not_stored()
    {
        var map = new RegisterMap("dev", 0x10);
        map.Define32(4, "R").WithValueField(0, 8);

        map.Write32(4, 0x1_00FF);

        map.Read32(4).ShouldBe(0xFFu);
        map.Log.Entries.ShouldHaveSingleItem().Kind.ShouldBe(HardwareLogKind.UndefinedBitsWrite);
    }

    [Fact]
    public void Writing_nonzero_bits_to_a_tag_is_logged_with_its_name()
    {
        var map = new RegisterMap("dev", 0x10);
        map.Define32(0, "CTRL").WithValueField(0, 8).WithTag("TURBO", 8, 4).WithReservedBits(12, 20);

        map.Write32(0, 0x300);

        var entry = map.Log.Entries.ShouldHaveSingleItem();
        entry.Kind.ShouldBe(HardwareLogKind.UnimplementedFieldWrite);
        entry.Message.ShouldContain("CTRL.TURBO");
        map.Read32(0).ShouldBe(0u);
    }

    [Fact]
    public void A_write_to_a_read_only_register_is_ignored_and_logged()
    {
        var map = new RegisterMap("dev", 0x10);
        map.Define32(0, "ID", resetValue: 0x1234, mode: FieldModes.ReadOnly);

        map.Write32(0, 0);

        map.Read32(0).ShouldBe(0x1234u);
        map.Log.Entries.ShouldHaveSingleItem().Kind.ShouldBe(HardwareLogKind.ReadOnlyWrite);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(4)]
    [InlineData(8)]
    public void Registers_of_each_width_keep_callbacks_at_their_width(int width)
    {
        ulong seen = 0;
        var register = new Register("R", width).WithWriteCallback((_, v) => seen = v);

        register.Write(ulong.MaxValue);

        seen.ShouldBe(width == 8 ? ulong.MaxValue : (1UL << (width * 8)) - 1);
        register.BitWidth.ShouldBe(width * 8);
    }

    [Fact]
    public void Fields_are_found_by_name()
    {
        var register = new Register("STATUS", 4).WithFlag(0, name: "computing").WithFlag(7, name: "irq");

        register.GetField("irq").Position.ShouldBe(7);
        register.FindField("missing").ShouldBeNull();
        Should.Throw<KeyNotFoundException>(() => register.GetField("missing"));
    }
}

using DriverScript.Hardware.Diagnostics;
using DriverScript.Hardware.Registers;

namespace DriverScript.Hardware.Tests.Registers;

public class RegisterMapTests
{
    [Fact]
    public void Registers_are_reached_by_offset_at_their_own_width()
    {
        var map = new RegisterMap("dev", 0x100);
        map.Define8(0x00, "B");
        map.Define16(0x02, "W");
        map.Define32(0x04, "D");
        map.Define64(0x08, "Q");

        map.Write8(0x00, 0xAB);
        map.Write16(0x02, 0xABCD);
        map.Write32(0x04, 0xDEADBEEF);
        map.Write64(0x08, 0x0123_4567_89AB_CDEF);

        map.Read8(0x00).ShouldBe((byte)0xAB);
        map.Read16(0x02).ShouldBe((ushort)0xABCD);
        map.Read32(0x04).ShouldBe(0xDEADBEEFu);
        map.Read64(0x08).ShouldBe(0x0123_4567_89AB_CDEFUL);
    }

    [Fact]
    public void Unmapped_reads_return_zeros_by_default_and_are_logged()
    {
        var map = new RegisterMap("dev", 0x100);

        map.Read32(0x10).ShouldBe(0u);
        map.Read64(0x10).ShouldBe(0UL);

        map.Log.OfKind(HardwareLogKind.UnmappedRead).Count.ShouldBe(2);
    }

    [Fact]
    public void Unmapped_reads_return_all_ones_when_the_device_says_so()
    {
        var map = new RegisterMap("dev", 0x100, unmapped: UnmappedValue.Ones);

        map.Read8(0x10).ShouldBe((byte)0xFF);
        map.Read16(0x10).ShouldBe((ushort)0xFFFF);
        map.Read32(0x10).ShouldBe(0xFFFF_FFFFu);
        map.Read64(0x10).ShouldBe(ulong.MaxValue);
    }

    [Fact]
    public void Unmapped_writes_are_dropped_and_logged()
    {
        var map = new RegisterMap("dev", 0x100);
        map.Define32(0, "R");

        map.Write32(0x40, 1);

        map.Read32(0).ShouldBe(0u);
        map.Log.Entries.ShouldHaveSingleItem().Kind.ShouldBe(HardwareLogKind.UnmappedWrite);
    }

    [Fact]
    public void A_write_only_register_reads_the_unmapped_value()
    {
        var map = new RegisterMap("dev", 0x100, unmapped: UnmappedValue.Ones);
        var register = map.Define32(0x60, "RAISE", mode: FieldModes.WriteOnly);

        map.Write32(0x60, 5);

        register.Value.ShouldBe(5UL);
        map.Read32(0x60).ShouldBe(0xFFFF_FFFFu);
    }

    [Fact]
    public void An_access_of_another_width_than_the_register_is_unmapped_by_default()
    {
        var map = new RegisterMap("dev", 0x100);
        map.Define32(0, "R", resetValue: 0x1234_5678);

        map.Read16(0).ShouldBe((ushort)0);
        map.Read64(0).ShouldBe(0UL);
        map.Write16(0, 0xFFFF);

        map.Read32(0).ShouldBe(0x1234_5678u);
    }

    [Fact]
    public void With_zero_extend_a_narrow_read_returns_the_low_bytes_and_a_narrow_write_clears_the_rest()
    {
        var map = new RegisterMap("dev", 0x100) { NarrowAccess = NarrowAccess.ZeroExtend };
        map.Define64(0x80, "SRC", resetValue: 0xFFFF_FFFF_0000_0000);

        map.Read32(0x80).ShouldBe(0u);
        map.Write32(0x80, 0x1234);

        map.Read64(0x80).ShouldBe(0x1234UL);
        map.Read32(0x84).ShouldBe(0u);   // inside the register but not its offset: unmapped
    }

    [Fact]
    public void Width_rules_reject_accesses_with_their_own_read_value_and_drop_the_write()
    {
        var map = new RegisterMap("dev", 0x1000, unmapped: UnmappedValue.Ones);
        map.RestrictWidths(0, 0x1000, AccessWidths.DWord | AccessWidths.QWord, rejected: RejectedRead.Zeros);
        map.RestrictWidths(0, 0x80, AccessWidths.DWord);
        var register = map.Define32(0x10, "R", resetValue: 7);

        map.Read8(0x10).ShouldBe((byte)0);          // first rule: zeros
        map.Read64(0x10).ShouldBe(ulong.MaxValue);  // second rule: the unmapped value
        map.Read32(0x12).ShouldBe(0u);              // misaligned: first rule
        map.Write16(0x10, 9);
        map.Write64(0x10, 9);

        register.Value.ShouldBe(7UL);
        map.Log.OfKind(HardwareLogKind.RejectedAccessWidth).Count.ShouldBe(5);
    }

    [Fact]
    public void A_width_rule_without_alignment_accepts_misaligned_accesses()
    {
        var map = new RegisterMap("dev", 0x100);
        map.RestrictWidths(0, 0x100, AccessWidths.All, requireAlignment: false);
        var memory = map.DefineMemory(0x10, 16, "fifo");

        map.Write32(0x11, 0xAABBCCDD);

        memory.Span[1].ShouldBe((byte)0xDD);
        map.Read16(0x13).ShouldBe((ushort)0xAABB);
    }

    [Fact]
    public void A_visible_memory_answers_little_endian_accesses_in_its_range()
    {
        var map = new RegisterMap("dev", 0x1000);
        var memory = map.DefineMemory(0x100, 8, "window");

        map.Write64(0x100, 0x0807_0605_0403_0201);

        memory.Span.ToArray().ShouldBe(new byte[] { 1, 2, 3, 4, 5, 6, 7, 8 });
        map.Read16(0x106).ShouldBe((ushort)0x0807);
        map.Read32(0x106).ShouldBe(0u);   // runs past the end: unmapped
    }

    [Fact]
    public void A_memory_that_is_not_mmio_visible_stays_unmapped_for_the_bus()
    {
        var map = new RegisterMap("dev", 0x100000, unmapped: UnmappedValue.Ones);
        var memory = map.DefineMemory(0x40000, 4096, "dma_buf", mmioVisible: false);
        memory.Span[0] = 0x12;

        map.Read32(0x40000).ShouldBe(0xFFFF_FFFFu);
        map.Write32(0x40000, 0);

        memory.Span[0].ShouldBe((byte)0x12);
    }

    [Fact]
    public void Registers_and_memories_may_not_overlap_leave_the_map_or_share_a_name()
    {
        var map = new RegisterMap("dev", 0x100);
        map.Define64(0x80, "SRC");
        map.DefineMemory(0x10, 0x10, "mem");

        Should.Throw<ArgumentException>(() => map.Define32(0x84, "HIGH")).Message.ShouldContain("overlaps register SRC");
        Should.Throw<ArgumentException>(() => map.Define32(0x1C, "X")).Message.ShouldContain("overlaps memory mem");
        Should.Throw<ArgumentException>(() => map.Define32(0xFE, "END")).Message.ShouldContain("outside");
        Should.Throw<ArgumentException>(() => map.Define32(0x00, "SRC")).Message.ShouldContain("already exists");
    }

    [Fact]
    public void DefineMany_declares_a_register_array_with_a_stride()
    {
        var map = new RegisterMap("dev", 0x2000);

        var channels = map.DefineMany(0x1000, 4, 0x10, 4, "CH", (register, i) => register.WithValueField(0, 8, name: "count"));

        channels.Select(r => r.Offset).ShouldBe([0x1000L, 0x1010, 0x1020, 0x1030]);
        map.GetRegister("CH3").GetField("count").Width.ShouldBe(8);
    }

    [Fact]
    public void A_map_with_registers_at_high_offsets_still_finds_them()
    {
        var map = new RegisterMap("dev", 1L << 32);
        map.Define32(0x8000_0000, "FAR");
        map.Define32(0x10, "NEAR");

        map.Write32(0x8000_0000, 42);

        map.Read32(0x8000_0000).ShouldBe(42u);
        map.FindRegister(0x10).ShouldNotBeNull();
        map.Registers.Select(r => r.Name).ShouldBe(["NEAR", "FAR"]);
    }

    [Fact]
    public void Negative_offsets_are_unmapped()
    {
        var map = new RegisterMap("dev", 0x100, unmapped: UnmappedValue.Ones);
        map.Define32(0, "R");

        map.Read32(-4).ShouldBe(0xFFFF_FFFFu);
    }

    [Fact]
    public void Value_changes_are_reported_with_old_and_new_values_by_bus_and_by_model()
    {
        var map = new RegisterMap("dev", 0x100);
        var register = map.Define32(0, "R");
        var seen = new List<string>();
        map.ValueChanged += (r, o, n) => seen.Add($"{r.Name} {o}->{n}");

        map.Write32(0, 3);
        map.Write32(0, 3);
        register.Value = 4;

        seen.ShouldBe(["R 0->3", "R 3->4"]);
    }

    [Fact]
    public void Reset_restores_every_register()
    {
        var map = new RegisterMap("dev", 0x100);
        map.Define32(0, "A", resetValue: 1);
        map.Define32(4, "B", resetValue: 2);
        map.Write32(0, 10);
        map.Write32(4, 20);

        map.Reset();

        map.Read32(0).ShouldBe(1u);
        map.Read32(4).ShouldBe(2u);
    }
}

using DriverScript.Hardware.Devices.Pci;

namespace DriverScript.Hardware.Tests.Devices.Pci;

public class PciConfigSpaceTests
{
    private static PciConfigSpace Create() =>
        new(new PciIdentity(0x8086, 0x100E, 0x02, 0x020000, 0x8086, 0x001E, InterruptPin: 1));

    [Fact]
    public void The_header_carries_the_identity_little_endian()
    {
        var config = Create();

        config.Read32(0x00).ShouldBe(0x100E_8086u);
        config.Read32(0x08).ShouldBe(0x0200_0002u);
        config.Read16(0x2C).ShouldBe((ushort)0x8086);
        config.Read8(0x3D).ShouldBe((byte)1);
        config.Read8(0x0E).ShouldBe((byte)0);
    }

    [Fact]
    public void Identity_fields_are_read_only()
    {
        var config = Create();

        config.Write32(0x00, 0);
        config.Write8(0x3D, 4);

        config.Read16(0x00).ShouldBe((ushort)0x8086);
        config.Read8(0x3D).ShouldBe((byte)1);
    }

    [Fact]
    public void Command_bits_are_writable_and_decoded()
    {
        var config = Create();
        var changes = 0;
        config.Changed += _ => changes++;

        config.Write16(0x04, 0xFFFF);

        config.Command.ShouldBe((ushort)0x0547);
        config.MemorySpaceEnabled.ShouldBeTrue();
        config.BusMasterEnabled.ShouldBeTrue();
        config.InterruptDisable.ShouldBeTrue();
        changes.ShouldBe(1);
    }

    [Theory]
    [InlineData(PciBarKind.Memory32, false, 0x1000, 0xFFFF_F000u)]
    [InlineData(PciBarKind.Memory32, true, 0x100000, 0xFFF0_0008u)]
    [InlineData(PciBarKind.Io, false, 0x20, 0xFFFF_FFE1u)]
    public void A_bar_sizes_like_hardware(PciBarKind kind, bool prefetchable, long size, uint sized)
    {
        var config = Create();
        config.AddBar(new PciBar(1, size, kind, prefetchable));

        config.Write32(0x14, 0xFFFF_FFFF);

        config.Read32(0x14).ShouldBe(sized);
    }

    [Fact]
    public void A_64_bit_bar_sizes_across_two_slots()
    {
        var config = Create();
        config.AddBar(new PciBar(0, 1L << 33, PciBarKind.Memory64));

        config.Write32(0x10, 0xFFFF_FFFF);
        config.Write32(0x14, 0xFFFF_FFFF);

        config.Read32(0x10).ShouldBe(0x0000_0004u);
        config.Read32(0x14).ShouldBe(0xFFFF_FFFEu);
    }

    [Fact]
    public void Status_error_bits_are_write_one_to_clear_and_the_capability_bit_is_read_only()
    {
        var config = Create();
        config.AddMsiCapability(1, is64Bit: false);

        config.Write16(0x06, 0xFFFF);

        (config.Status & PciConfigSpace.StatusCapabilityList).ShouldNotBe((ushort)0);
    }

    [Fact]
    public void An_msi_capability_is_linked_and_its_enable_and_message_are_programmable()
    {
        var config = Create();
        var offset = config.AddMsiCapability(4, is64Bit: true);

        config.Read8(0x34).ShouldBe((byte)offset);
        config.Read8(offset).ShouldBe((byte)0x05);
        config.Read8(offset + 1).ShouldBe((byte)0);
        (config.Read16(offset + 2) & 0x0E).ShouldBe(2 << 1);
        config.MsiEnabled.ShouldBeFalse();

        config.Write32(offset + 4, 0xFEE0_0003);
        config.Write32(offset + 8, 0x1);
        config.Write16(offset + 12, 0x4041);
        config.Write16(offset + 2, 0x0001);

        config.MsiEnabled.ShouldBeTrue();
        config.MsiAddress.ShouldBe(0x1_FEE0_0000UL);
        config.MsiData.ShouldBe((ushort)0x4041);
    }

    [Fact]
    public void Accesses_beyond_the_256_byte_space_read_all_ones()
    {
        var config = Create();

        config.Read32(0x100).ShouldBe(0xFFFF_FFFFu);
        config.Read16(0xFF).ShouldBe((ushort)0xFFFF);
    }

    [Fact]
    public void Reset_restores_the_power_on_contents()
    {
        var config = Create();
        config.AddBar(new PciBar(0, 0x1000, PciBarKind.Memory32));
        config.EnableMemoryAndBusMaster();
        config.Write32(0x10, 0xFEBF_0000);

        config.Reset();

        config.Command.ShouldBe((ushort)0);
        config.Read32(0x10).ShouldBe(0u);
    }
}

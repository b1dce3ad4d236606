using DriverScript.Hardware.Diagnostics;
using DriverScript.Hardware.Dma;
using DriverScript.Hardware.Memory;

namespace DriverScript.Hardware.Tests.Dma;

public class DmaEngineTests
{
    private readonly HardwareContext context = new();
    private readonly DeviceMemory buffer = new("buf", 0x40000, 256, mmioVisible: false);
    private readonly DmaEngine dma;

    public DmaEngineTests() => dma = new DmaEngine("dev", context);

    private static byte[] Pattern(int count, int seed = 1) => Enumerable.Range(0, count).Select(i => (byte)(i * 7 + seed)).ToArray();

    [Fact]
    public void Copies_system_memory_into_a_device_buffer()
    {
        context.Memory.Write(0x5000, Pattern(100));

        dma.Copy(DmaPlace.System(0x5000), DmaPlace.Device(buffer, 10), 100).ShouldBeTrue();

        buffer.ToArray(10, 100).ShouldBe(Pattern(100));
        buffer.Span[9].ShouldBe((byte)0);
    }

    [Fact]
    public void Copies_a_device_buffer_into_system_memory()
    {
        buffer.Write(0, Pattern(64, 3));

        dma.Copy(DmaPlace.Device(buffer, 0), DmaPlace.System(0x9000), 64).ShouldBeTrue();

        context.Memory.Read(0x9000, 64).ShouldBe(Pattern(64, 3));
    }

    [Fact]
    public void Copies_within_system_memory_and_within_a_device_buffer()
    {
        context.Memory.Write(0x1000, Pattern(32));

        dma.Copy(DmaPlace.System(0x1000), DmaPlace.System(0x2FF0), 32);
        buffer.Write(0, Pattern(8, 5));
        dma.Copy(DmaPlace.Device(buffer, 0), DmaPlace.Device(buffer, 4), 8);

        context.Memory.Read(0x2FF0, 32).ShouldBe(Pattern(32));
        buffer.ToArray(4, 8).ShouldBe(Pattern(8, 5));
    }

    [Fact]
    public void System_addresses_are_masked_and_the_clamping_is_logged()
    {
        dma.AddressMask = (1UL << 28) - 1;
        context.Memory.Write(0x1000, Pattern(4));

        dma.Copy(DmaPlace.System(0x1_0000_1000), DmaPlace.Device(buffer, 0), 4).ShouldBeTrue();

        buffer.ToArray(0, 4).ShouldBe(Pattern(4));
        var entry = context.Log.Entries.ShouldHaveSingleItem();
        entry.Kind.ShouldBe(HardwareLogKind.DmaAddressClamped);
        entry.Message.ShouldContain("0x0000000100001000 to 0x0000000000001000");
    }

    [Fact]
    public void Addresses_within_the_mask_are_not_logged()
    {
        dma.AddressMask = (1UL << 28) - 1;

        dma.Copy(DmaPlace.System(0xFFF_FFF0), DmaPlace.Device(buffer, 0), 16);

        context.Log.Entries.ShouldBeEmpty();
    }

    [Fact]
    public void Nothing_moves_while_bus_mastering_is_disabled()
    {
        var enabled = false;
        dma.BusMasterEnabled = () => enabled;
        context.Memory.Write(0x1000, Pattern(4));

        dma.Copy(DmaPlace.System(0x1000), DmaPlace.Device(buffer, 0), 4).ShouldBeFalse();
        dma.Write(0x2000, Pattern(4)).ShouldBeFalse();

        buffer.ToArray(0, 4).ShouldAllBe(b => b == 0);
        context.Memory.AllocatedPageCount.ShouldBe(1);
        context.Log.OfKind(HardwareLogKind.DmaRejected).Count.ShouldBe(2);
        enabled = true;
        dma.Copy(DmaPlace.System(0x1000), DmaPlace.Device(buffer, 0), 4).ShouldBeTrue();
    }

    [Fact]
    public void A_range_outside_the_device_buffer_is_refused_and_logged()
    {
        dma.Copy(DmaPlace.System(0x1000), DmaPlace.Device(buffer, 200), 100).ShouldBeFalse();

        context.Log.Entries.ShouldHaveSingleItem().Kind.ShouldBe(HardwareLogKind.DmaRejected);
        dma.TransferCount.ShouldBe(0);
    }

    [Fact]
    public void A_zero_length_copy_succeeds_and_changes_nothing()
    {
        dma.Copy(DmaPlace.System(0x1000), DmaPlace.Device(buffer, 256), 0).ShouldBeTrue();

        dma.TransferCount.ShouldBe(1);
    }

    [Fact]
    public void Each_transfer_is_reported_with_its_time_and_masked_places()
    {
        dma.AddressMask = 0xFFFF;
        var transfers = new List<DmaTransfer>();
        dma.Transferred += transfers.Add;
        context.Clock.RunFor(500);

        dma.Copy(DmaPlace.System(0x1_2345), DmaPlace.Device(buffer, 1), 2);

        var transfer = transfers.ShouldHaveSingleItem();
        transfer.Time.ShouldBe(500);
        transfer.Source.ShouldBe(DmaPlace.System(0x2345));
        transfer.Destination.Offset.ShouldBe(1);
        transfer.Count.ShouldBe(2);
    }

    [Fact]
    public void Dma_read_and_write_reach_system_memory_for_model_code()
    {
        dma.Write(0x7000, "hello"u8).ShouldBeTrue();

        dma.Read(0x7000, 5).ShouldBe("hello"u8.ToArray());
    }
}

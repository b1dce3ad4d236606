using DriverScript.Hardware.Memory;

namespace DriverScript.Hardware.Tests.Memory;

public class SystemMemoryTests
{
    private readonly SystemMemory memory = new();

    [Fact]
    public void Unwritten_memory_reads_zero_without_allocating_pages()
    {
        memory.Read(0xFFFF_0000_1234, 64).ShouldAllBe(b => b == 0);
        memory.ReadUInt64(0x8000_0000_0000_0000).ShouldBe(0UL);

        memory.AllocatedPageCount.ShouldBe(0);
    }

    [Fact]
    public void A_write_allocates_only_the_pages_it_touches_anywhere_in_64_bits()
    {
        memory.WriteUInt32(0x10, 1);
        memory.WriteUInt32(0xFFFF_FFFF_0000_0000, 2);

        memory.AllocatedPageCount.ShouldBe(2);
        memory.ReadUInt32(0x10).ShouldBe(1u);
        memory.ReadUInt32(0xFFFF_FFFF_0000_0000).ShouldBe(2u);
    }

    [Fact]
    public void Accesses_cross_page_boundaries()
    {
        var data = Enumerable.Range(0, 10_000).Select(i => (byte)i).ToArray();

        memory.Write(0x1FF0, data);

        memory.Read(0x1FF0, data.Length).ShouldBe(data);
        memory.AllocatedPageCount.ShouldBe(4);
        memory.ReadUInt64(0x1FFC).ShouldBe(BitConverter.ToUInt64(data, 0xC));
    }

    [Fact]
    public void Accesses_wrap_around_the_top_of_the_address_space()
    {
        memory.WriteUInt32(ulong.MaxValue - 1, 0xAABBCCDD);

        memory.ReadByte(ulong.MaxValue - 1).ShouldBe((byte)0xDD);
        memory.ReadByte(ulong.MaxValue).ShouldBe((byte)0xCC);
        memory.ReadByte(0).ShouldBe((byte)0xBB);
        memory.ReadByte(1).ShouldBe((byte)0xAA);
    }

    [Fact]
    public void Common_buffers_are_allocated_first_fit_from_one_megabyte_at_the_asked_alignment()
    {
        var first = memory.AllocateCommonBuffer(100);
        var second = memory.AllocateCommonBuffer(5000);
        var third = memory.AllocateCommonBuffer(16, alignment: 16);

        first.Address.ShouldBe(0x10_0000UL);
        second.Address.ShouldBe(0x10_1000UL);
        third.Address.ShouldBe(0x10_0070UL);   // first fit: just after the 100-byte buffer, 16-aligned
        memory.CommonBuffers.ShouldBe([first, third, second]);
    }

    [Fact]
    public void A_freed_range_is_reused_and_neighbouring_free_ranges_merge()
    {
        var a = memory.AllocateCommonBuffer(4096);
        var b = memory.AllocateCommonBuffer(4096);
        memory.AllocateCommonBuffer(4096);

        memory.FreeCommonBuffer(a);
        memory.FreeCommonBuffer(b);
        var big = memory.AllocateCommonBuffer(8192);

        big.Address.ShouldBe(a.Address);
        a.IsFreed.ShouldBeTrue();
        Should.Throw<InvalidOperationException>(() => memory.FreeCommonBuffer(a));
    }

    [Fact]
    public void A_common_buffer_respects_the_devices_highest_address()
    {
        var buffer = memory.AllocateCommonBuffer(4096, maximumAddress: (1UL << 28) - 1);

        (buffer.Address + 4095).ShouldBeLessThanOrEqualTo((1UL << 28) - 1);
        Should.Throw<InsufficientMemoryException>(() => memory.AllocateCommonBuffer(4096, maximumAddress: 0xFFFFF));
    }

    [Fact]
    public void A_new_common_buffer_is_zeroed_even_over_old_data()
    {
        var old = memory.AllocateCommonBuffer(64);
        old.Write(0, Enumerable.Repeat((byte)0xEE, 64).ToArray());
        memory.FreeCommonBuffer(old);

        var fresh = memory.AllocateCommonBuffer(64);

        fresh.Address.ShouldBe(old.Address);
        fresh.Read(0, 64).ShouldAllBe(b => b == 0);
    }

    [Fact]
    public void A_common_buffer_reads_and_writes_system_memory_by_offset_within_its_bounds()
    {
        var buffer = memory.AllocateCommonBuffer(16);

        buffer.Write(4, "abc"u8);

        memory.Read(buffer.Address + 4, 3).ShouldBe("abc"u8.ToArray());
        Should.Throw<ArgumentOutOfRangeException>(() => buffer.Write(14, "abc"u8));
        Should.Throw<ArgumentOutOfRangeException>(() => buffer.Read(-1, 1));
    }
}

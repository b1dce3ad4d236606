using System.Buffers.Binary;

namespace DriverScript.Hardware.Memory;

/// <summary>
/// Simulated system RAM: a sparse 64-bit physical address space stored in 4 KiB pages allocated on
/// first write (unwritten memory reads as zero). Accesses may cross pages and wrap at 2^64. It also
/// hands out the common buffers the framework gives drivers (<see cref="AllocateCommonBuffer"/>),
/// deterministically: first fit, lowest address first.
/// </summary>
/// <example>
/// <code>
/// var ram = new SystemMemory();
/// var buffer = ram.AllocateCommonBuffer(4096, maximumAddress: (1UL &lt;&lt; 28) - 1);
/// buffer.Write(0, "hello"u8);
/// ram.Read(buffer.Address, 5);   // "hello"
/// </code>
/// </example>
public sealed class SystemMemory
{
    /// <summary>The page size in bytes.</summary>
    public const int PageSize = 4096;

    /// <summary>The lowest address common buffers are allocated at (the first megabyte stays free, as on a PC).</summary>
    public const ulong AllocationBase = 0x10_0000;

    /// <summary>The end of the range common buffers are allocated from (a 48-bit physical address space).</summary>
    public const ulong AllocationLimit = 1UL << 48;

    private const int PageShift = 12;
    private const ulong PageOffsetMask = PageSize - 1;

    private readonly Dictionary<ulong, byte[]> pages = [];
    private readonly List<(ulong Start, ulong End)> free = [(AllocationBase, AllocationLimit)];
    private readonly List<CommonBuffer> buffers = [];

    /// <summary>The number of pages holding data.</summary>
    public int AllocatedPageCount => pages.Count;

    /// <summary>The live common buffers, by increasing address.</summary>
    public IReadOnlyList<CommonBuffer> CommonBuffers => buffers;

    /// <summary>Copies <paramref name="destination"/>.Length bytes from <paramref name="address"/>.</summary>
    public void Read(ulong address, Span<byte> destination)
    {
        while (!destination.IsEmpty)
        {
            var inPage = (int)(address & PageOffsetMask);
            var chunk = Math.Min(destination.Length, PageSize - inPage);
            if (pages.TryGetValue(address >> PageShift, out var page))
            {
                page.AsSpan(inPage, chunk).CopyTo(destination);
            }
            else
            {
                destination[..chunk].Clear();
            }

            destination = destination[chunk..];
            address = unchecked(address + (ulong)chunk);
        }
    }

    /// <summary>Returns a copy of <paramref name="count"/> bytes at <paramref name="address"/>.</summary>
    public byte[] Read(ulong address, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var result = new byte[count];
        Read(address, result);
        return result;
    }

    /// <summary>Copies <paramref name="source"/> to <paramref name="address"/>.</summary>
    public void Write(ulong address, ReadOnlySpan<byte> source)
    {
        while (!source.IsEmpty)
        {
            var inPage = (int)(address & PageOffsetMask);
            var chunk = Math.Min(source.Length, PageSize - inPage);
            source[..chunk].CopyTo(PageFor(address).AsSpan(inPage, chunk));
            source = source[chunk..];
            address = unchecked(address + (ulong)chunk);
        }
    }

    /// <summary>Sets <paramref name="count"/> bytes at <paramref name="address"/> to zero (without allocating pages).</summary>
    public void Clear(ulong address, ulong count)
    {
        while (count != 0)
        {
            var inPage = (int)(address & PageOffsetMask);
            var chunk = (int)Math.Min(count, (ulong)(PageSize - inPage));
            if (pages.TryGetValue(address >> PageShift, out var page))
            {
                page.AsSpan(inPage, chunk).Clear();
            }

            count -= (ulong)chunk;
            address = unchecked(address + (ulong)chunk);
        }
    }

    /// <summary>Reads one byte.</summary>
    public byte ReadByte(ulong address) =>
        pages.TryGetValue(address >> PageShift, out var page) ? page[address & PageOffsetMask] : (byte)0;

    /// <summary>Writes one byte.</summary>
    public void WriteByte(ulong address, byte value) => PageFor(address)[address & PageOffsetMask] = value;

    /// <summary>Reads a little-endian 32-bit value.</summary>
    public uint ReadUInt32(ulong address)
    {
        Span<byte> bytes = stackalloc byte[4];
        Read(address, bytes);
        return BinaryPrimitives.ReadUInt32LittleEndian(bytes);
    }

    /// <summary>Writes a little-endian 32-bit value.</summary>
    public void WriteUInt32(ulong address, uint value)
    {
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, value);
        Write(address, bytes);
    }

    /// <summary>Reads a little-endian 64-bit value.</summary>
    public ulong ReadUInt64(ulong address)
    {
        Span<byte> bytes = stackalloc byte[8];
        Read(address, bytes);
        return BinaryPrimitives.ReadUInt64LittleEndian(bytes);
    }

    /// <summary>Writes a little-endian 64-bit value.</summary>
    public void WriteUInt64(ulong address, ulong value)
    {
        Span<byte> bytes = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, value);
        Write(address, bytes);
    }

    /// <summary>
    /// Allocates a zeroed common buffer of <paramref name="length"/> bytes aligned to
    /// <paramref name="alignment"/> (a power of two) and ending at or below
    /// <paramref name="maximumAddress"/> (a device's DMA reach: edu's mask is <c>2^28 - 1</c>).
    /// </summary>
    /// <exception cref="InsufficientMemoryException">No free range satisfies the constraints.</exception>
    public CommonBuffer AllocateCommonBuffer(int length, ulong maximumAddress = ulong.MaxValue, ulong alignment = PageSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(length);
        if (alignment == 0 || (alignment & (alignment - 1)) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(alignment), alignment, "the alignment must be a power of two");
        }

        for (var i = 0; i < free.Count; i++)
        {
            var (start, end) = free[i];
            var aligned = (start + alignment - 1) & ~(alignment - 1);
            var last = aligned + (ulong)length - 1;
            if (aligned < start || last >= end || last > maximumAddress)
            {
                continue;
            }

            free.RemoveAt(i);
            if (last + 1 < end)
            {
                free.Insert(i, (last + 1, end));
            }

            if (start < aligned)
            {
                free.Insert(i, (start, aligned));
            }

            Clear(aligned, (ulong)length);
            var buffer = new CommonBuffer(this, aligned, length);
            var index = 0;
            while (index < buffers.Count && buffers[index].Address < aligned)
            {
                index++;
            }

            buffers.Insert(index, buffer);
            return buffer;
        }

        throw new InsufficientMemoryException(
            $"no free range of {length} bytes aligned to {alignment} below 0x{maximumAddress:X}");
    }

    /// <summary>Returns a common buffer's range to the allocator. Its contents stay readable at their addresses.</summary>
    /// <exception cref="InvalidOperationException">The buffer was already freed or belongs to another memory.</exception>
    public void FreeCommonBuffer(CommonBuffer buffer)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        if (!ReferenceEquals(buffer.Memory, this) || !buffers.Remove(buffer))
        {
            throw new InvalidOperationException($"common buffer at 0x{buffer.Address:X} is not live in this memory");
        }

        buffer.MarkFreed();
        var start = buffer.Address;
        var end = start + (ulong)buffer.Length;
        var index = 0;
        while (index < free.Count && free[index].Start < start)
        {
            index++;
        }

        free.Insert(index, (start, end));
        if (index + 1 < free.Count && free[index].End == free[index + 1].Start)
        {
            free[index] = (free[index].Start, free[index + 1].End);
            free.RemoveAt(index + 1);
        }

        if (index > 0 && free[index - 1].End == free[index].Start)
        {
            free[index - 1] = (free[index - 1].Start, free[index].End);
            free.RemoveAt(index);
        }
    }

    private byte[] PageFor(ulong address)
    {
        var number = address >> PageShift;
        if (!pages.TryGetValue(number, out var page))
        {
            page = new byte[PageSize];
            pages.Add(number, page);
        }

        return page;
    }
}

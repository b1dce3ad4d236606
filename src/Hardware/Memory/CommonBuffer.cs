namespace DriverScript.Hardware.Memory;

/// <summary>
/// A range of <see cref="SystemMemory"/> allocated for DMA (KMDF's common buffer; the language's
/// <c>dma_buffer</c>): the driver reads and writes it by offset, the device reaches it by
/// <see cref="Address"/>.
/// </summary>
/// <example>
/// <code>
/// var buffer = ram.AllocateCommonBuffer(100);
/// buffer.Write(0, data);
/// bus.Write64(0x80, buffer.Address);   // edu DMA source
/// </code>
/// </example>
public sealed class CommonBuffer
{
    internal CommonBuffer(SystemMemory memory, ulong address, int length)
    {
        Memory = memory;
        Address = address;
        Length = length;
    }

    /// <summary>The memory the buffer lives in.</summary>
    public SystemMemory Memory { get; }

    /// <summary>The physical (bus) address of the first byte.</summary>
    public ulong Address { get; }

    /// <summary>The length in bytes.</summary>
    public int Length { get; }

    /// <summary>True once the buffer was returned with <see cref="SystemMemory.FreeCommonBuffer"/>.</summary>
    public bool IsFreed { get; private set; }

    /// <summary>Copies <paramref name="destination"/>.Length bytes from <paramref name="offset"/> in the buffer.</summary>
    public void Read(int offset, Span<byte> destination)
    {
        CheckRange(offset, destination.Length);
        Memory.Read(Address + (ulong)offset, destination);
    }

    /// <summary>Returns a copy of <paramref name="count"/> bytes from <paramref name="offset"/> in the buffer.</summary>
    public byte[] Read(int offset, int count)
    {
        CheckRange(offset, count);
        return Memory.Read(Address + (ulong)offset, count);
    }

    /// <summary>Copies <paramref name="source"/> to <paramref name="offset"/> in the buffer.</summary>
    public void Write(int offset, ReadOnlySpan<byte> source)
    {
        CheckRange(offset, source.Length);
        Memory.Write(Address + (ulong)offset, source);
    }

    internal void MarkFreed() => IsFreed = true;

    private void CheckRange(int offset, int count)
    {
        if (IsFreed)
        {
            throw new ObjectDisposedException(nameof(CommonBuffer), $"common buffer at 0x{Address:X} was freed");
        }

        if (offset < 0 || count < 0 || offset > Length - count)
        {
            throw new ArgumentOutOfRangeException(nameof(offset),
                $"[{offset}, +{count}) is outside the {Length}-byte common buffer");
        }
    }

    /// <inheritdoc />
    public override string ToString() => $"common buffer 0x{Address:X} ({Length} bytes)";
}

using System.Buffers.Binary;

namespace DriverScript.Hardware.Memory;

/// <summary>
/// A device-local buffer (edu's 4 KiB DMA buffer, a FIFO's storage), placed at an offset of the
/// device's address space. When <see cref="MmioVisible"/> it also answers bus accesses in its range
/// (little-endian); otherwise only the device and its DMA engine reach it.
/// </summary>
/// <example>
/// <code>
/// var buffer = map.DefineMemory(0x40000, 4096, "dma_buf", mmioVisible: false);
/// dma.Copy(DmaPlace.System(src), DmaPlace.Device(buffer, 0), 100);
/// byte first = buffer.Span[0];
/// </code>
/// </example>
public sealed class DeviceMemory
{
    private readonly byte[] data;

    /// <summary>Creates a zero-filled buffer.</summary>
    public DeviceMemory(string name, long offset, int size, bool mmioVisible)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(size);
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        Name = name;
        Offset = offset;
        data = new byte[size];
        MmioVisible = mmioVisible;
    }

    /// <summary>The buffer's name.</summary>
    public string Name { get; }

    /// <summary>Where the buffer sits in the device's address space.</summary>
    public long Offset { get; }

    /// <summary>The size in bytes.</summary>
    public int Size => data.Length;

    /// <summary>Whether bus accesses in [<see cref="Offset"/>, <see cref="Offset"/>+<see cref="Size"/>) reach it.</summary>
    public bool MmioVisible { get; }

    /// <summary>The contents, for the device's own use.</summary>
    public Span<byte> Span => data;

    /// <summary>True if the device address range [<paramref name="address"/>, +<paramref name="count"/>) lies inside the buffer (overflow-checked).</summary>
    public bool Contains(ulong address, ulong count)
    {
        var start = (ulong)Offset;
        var end = start + (ulong)Size;
        var last = address + count;
        return last >= address && address >= start && last <= end;
    }

    /// <summary>Copies <paramref name="destination"/>.Length bytes from <paramref name="index"/>.</summary>
    public void Read(int index, Span<byte> destination) => data.AsSpan(index, destination.Length).CopyTo(destination);

    /// <summary>Copies <paramref name="source"/> to <paramref name="index"/>.</summary>
    public void Write(int index, ReadOnlySpan<byte> source) => source.CopyTo(data.AsSpan(index, source.Length));

    /// <summary>Returns a copy of <paramref name="count"/> bytes from <paramref name="index"/>.</summary>
    public byte[] ToArray(int index, int count) => data.AsSpan(index, count).ToArray();

    /// <summary>Fills the buffer with zeros.</summary>
    public void Clear() => Array.Clear(data);

    internal ulong ReadLittleEndian(int index, int width) => width switch
    {
        1 => data[index],
        2 => BinaryPrimitives.ReadUInt16LittleEndian(data.AsSpan(index)),
        4 => BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan(index)),
        _ => BinaryPrimitives.ReadUInt64LittleEndian(data.AsSpan(index)),
    };

    internal void WriteLittleEndian(int index, int width, ulong value)
    {
        switch (width)
        {
            case 1: data[index] = (byte)value; break;
            case 2: BinaryPrimitives.WriteUInt16LittleEndian(data.AsSpan(index), (ushort)value); break;
            case 4: BinaryPrimitives.WriteUInt32LittleEndian(data.AsSpan(index), (uint)value); break;
            default: BinaryPrimitives.WriteUInt64LittleEndian(data.AsSpan(index), value); break;
        }
    }

    /// <inheritdoc />
    public override string ToString() => $"{Name} @ 0x{Offset:X} : {Size} bytes{(MmioVisible ? "" : " (not MMIO-visible)")}";
}

using DriverScript.Hardware.Memory;

namespace DriverScript.Hardware.Dma;

/// <summary>
/// One end of a DMA copy: an address in system memory, or an offset in a device-local
/// <see cref="DeviceMemory"/> (Renode's <c>Place</c>).
/// </summary>
public readonly record struct DmaPlace
{
    private DmaPlace(ulong address, DeviceMemory? memory, int offset)
    {
        Address = address;
        Memory = memory;
        Offset = offset;
    }

    /// <summary>The system-memory address (when <see cref="IsSystem"/>).</summary>
    public ulong Address { get; }

    /// <summary>The device memory (when not <see cref="IsSystem"/>).</summary>
    public DeviceMemory? Memory { get; }

    /// <summary>The offset in <see cref="Memory"/>.</summary>
    public int Offset { get; }

    /// <summary>True for a system-memory address.</summary>
    public bool IsSystem => Memory is null;

    /// <summary>A place in system memory.</summary>
    public static DmaPlace System(ulong address) => new(address, null, 0);

    /// <summary>A place in a device memory.</summary>
    public static DmaPlace Device(DeviceMemory memory, int offset)
    {
        ArgumentNullException.ThrowIfNull(memory);
        return new DmaPlace(0, memory, offset);
    }

    /// <inheritdoc />
    public override string ToString() => IsSystem ? $"ram:0x{Address:X}" : $"{Memory!.Name}+0x{Offset:X}";
}

/// <summary>A completed DMA copy, as reported to <see cref="DmaEngine.Transferred"/>.</summary>
/// <param name="Time">Virtual time in nanoseconds.</param>
/// <param name="Device">The device that made it.</param>
/// <param name="Source">Where the bytes came from (after address masking).</param>
/// <param name="Destination">Where they went (after address masking).</param>
/// <param name="Count">The number of bytes.</param>
public sealed record DmaTransfer(long Time, string Device, DmaPlace Source, DmaPlace Destination, int Count);

using System.Buffers;
using DriverScript.Hardware.Diagnostics;
using DriverScript.Hardware.Memory;

namespace DriverScript.Hardware.Dma;

/// <summary>
/// A device's bus-master engine: copies between system memory and device memories as the device's
/// DMA would. System addresses pass through <see cref="AddressMask"/> first (bits beyond the device's
/// reach are dropped and the clamping is logged, as QEMU's edu does); nothing moves while
/// <see cref="BusMasterEnabled"/> says bus mastering is off (PCI Command.BME).
/// </summary>
/// <example>
/// <code>
/// var dma = new DmaEngine("edu", context) { AddressMask = (1UL &lt;&lt; 28) - 1 };
/// dma.Copy(DmaPlace.System(0x1000), DmaPlace.Device(buffer, 0), 100);   // RAM → device
/// byte[] data = dma.Read(0x2000, 16);                                       // the language's dma_read
/// </code>
/// </example>
public sealed class DmaEngine
{
    private readonly HardwareContext context;

    /// <summary>Creates an engine for device <paramref name="owner"/> over the context's system memory.</summary>
    public DmaEngine(string owner, HardwareContext context)
    {
        Owner = owner ?? throw new ArgumentNullException(nameof(owner));
        this.context = context ?? throw new ArgumentNullException(nameof(context));
    }

    /// <summary>The device the engine belongs to (for logs and traces).</summary>
    public string Owner { get; }

    /// <summary>The system memory reached.</summary>
    public SystemMemory Memory => context.Memory;

    /// <summary>The address bits the device drives (default: all 64). Addresses are ANDed with it.</summary>
    public ulong AddressMask { get; set; } = ulong.MaxValue;

    /// <summary>Whether bus mastering is enabled; null means always (a device with no PCI command register).</summary>
    public Func<bool>? BusMasterEnabled { get; set; }

    /// <summary>The number of copies made.</summary>
    public long TransferCount { get; private set; }

    /// <summary>Raised after each copy.</summary>
    public event Action<DmaTransfer>? Transferred;

    /// <summary>
    /// Copies <paramref name="count"/> bytes from <paramref name="source"/> to
    /// <paramref name="destination"/>. Returns false, logs, and copies nothing when bus mastering is off
    /// (and a system address is involved) or a device-memory range is out of bounds.
    /// </summary>
    public bool Copy(DmaPlace source, DmaPlace destination, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (!CheckDevicePlace(source, count) || !CheckDevicePlace(destination, count))
        {
            return false;
        }

        if ((source.IsSystem || destination.IsSystem) && !CheckBusMaster())
        {
            return false;
        }

        source = Clamp(source);
        destination = Clamp(destination);
        if (source.IsSystem && destination.IsSystem)
        {
            var temporary = ArrayPool<byte>.Shared.Rent(Math.Max(count, 1));
            try
            {
                var span = temporary.AsSpan(0, count);
                Memory.Read(source.Address, span);
                Memory.Write(destination.Address, span);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(temporary);
            }
        }
        else if (source.IsSystem)
        {
            Memory.Read(source.Address, destination.Memory!.Span.Slice(destination.Offset, count));
        }
        else if (destination.IsSystem)
        {
            Memory.Write(destination.Address, source.Memory!.Span.Slice(source.Offset, count));
        }
        else
        {
            source.Memory!.Span.Slice(source.Offset, count).CopyTo(destination.Memory!.Span.Slice(destination.Offset, count));
        }

        TransferCount++;
        Transferred?.Invoke(new DmaTransfer(context.Clock.Now, Owner, source, destination, count));
        return true;
    }

    /// <summary>Reads <paramref name="length"/> bytes of system memory at <paramref name="address"/> (the language's <c>dma_read</c>); empty when refused.</summary>
    public byte[] Read(ulong address, int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        if (!CheckBusMaster())
        {
            return [];
        }

        var masked = ClampAddress(address);
        var data = Memory.Read(masked, length);
        TransferCount++;
        Transferred?.Invoke(new DmaTransfer(context.Clock.Now, Owner, DmaPlace.System(masked), default, length));
        return data;
    }

    /// <summary>Writes <paramref name="data"/> to system memory at <paramref name="address"/> (the language's <c>dma_write</c>). Returns false when refused.</summary>
    public bool Write(ulong address, ReadOnlySpan<byte> data)
    {
        if (!CheckBusMaster())
        {
            return false;
        }

        var masked = ClampAddress(address);
        Memory.Write(masked, data);
        TransferCount++;
        Transferred?.Invoke(new DmaTransfer(context.Clock.Now, Owner, default, DmaPlace.System(masked), data.Length));
        return true;
    }

    private DmaPlace Clamp(DmaPlace place) => place.IsSystem ? DmaPlace.System(ClampAddress(place.Address)) : place;

    private ulong ClampAddress(ulong address)
    {
        var masked = address & AddressMask;
        if (masked != address)
        {
            context.Log.Add(Owner, HardwareLogKind.DmaAddressClamped,
                $"clamping DMA 0x{address:X16} to 0x{masked:X16}");
        }

        return masked;
    }

    private bool CheckBusMaster()
    {
        if (BusMasterEnabled is { } enabled && !enabled())
        {
            context.Log.Add(Owner, HardwareLogKind.DmaRejected, "DMA refused: bus mastering is disabled");
            return false;
        }

        return true;
    }

    private bool CheckDevicePlace(DmaPlace place, int count)
    {
        if (place.IsSystem)
        {
            return true;
        }

        var memory = place.Memory!;
        if (place.Offset < 0 || place.Offset > memory.Size - count)
        {
            context.Log.Add(Owner, HardwareLogKind.DmaRejected,
                $"DMA of {count} bytes at {memory.Name}+0x{place.Offset:X} is outside the {memory.Size}-byte buffer; skipped");
            return false;
        }

        return true;
    }
}

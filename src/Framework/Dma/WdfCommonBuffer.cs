using DriverScript.Framework.Drivers;
using DriverScript.Framework.Objects;
using DriverScript.Hardware.Memory;

namespace DriverScript.Framework.Dma;

/// <summary>
/// A common buffer (WDFCOMMONBUFFER; the language's <c>dma_buffer</c>): system memory the driver reads
/// and writes by offset and the device reaches by <see cref="LogicalAddress"/> through its DMA engine.
/// Deleting it (or its device) frees the memory.
/// </summary>
/// <example>
/// <code>
/// var buffer = device.CreateCommonBuffer(4096)!;
/// buffer.Write(0, data);
/// device.Registers.Write64(0x80, buffer.LogicalAddress);   // edu's DMA source
/// </code>
/// </example>
public sealed class WdfCommonBuffer : WdfObject
{
    internal WdfCommonBuffer(Simulation simulation, WdfDevice device, CommonBuffer buffer)
        : base(simulation, device, device, "common buffer")
    {
        Buffer = buffer;
        TraceName = simulation.Trace.Intern(Name);
    }

    /// <inheritdoc />
    public override string KmdfType => "WDFCOMMONBUFFER";

    /// <summary>The hardware layer's buffer.</summary>
    public CommonBuffer Buffer { get; }

    /// <summary>The device-visible (bus) address: WdfCommonBufferGetAlignedLogicalAddress.</summary>
    public ulong LogicalAddress => Buffer.Address;

    /// <summary>The length in bytes.</summary>
    public int Length => Buffer.Length;

    /// <summary>Reads <paramref name="count"/> bytes at <paramref name="offset"/>.</summary>
    public byte[] Read(int offset, int count) => Buffer.Read(offset, count);

    /// <summary>Writes <paramref name="data"/> at <paramref name="offset"/>.</summary>
    public void Write(int offset, ReadOnlySpan<byte> data) => Buffer.Write(offset, data);

    private protected override void OnDeleting()
    {
        if (!Buffer.IsFreed)
        {
            Simulation.Hardware.Memory.FreeCommonBuffer(Buffer);
        }
    }
}

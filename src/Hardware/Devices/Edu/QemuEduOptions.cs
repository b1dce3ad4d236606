using DriverScript.Hardware.Time;

namespace DriverScript.Hardware.Devices.Edu;

/// <summary>Parameters of the <see cref="QemuEdu"/> model.</summary>
public sealed record QemuEduOptions
{
    /// <summary>
    /// Virtual time from a factorial write to its result (default 10 µs). QEMU computes in a thread, so
    /// the real latency is nondeterministic; a test can lengthen it to hold the busy window open.
    /// </summary>
    public long FactorialLatency { get; init; } = VirtualTime.Microseconds(10);

    /// <summary>Virtual time from a DMA start to its completion: QEMU's timer fires at +100 ms.</summary>
    public long DmaLatency { get; init; } = VirtualTime.Milliseconds(100);

    /// <summary>The DMA address mask (QEMU's <c>dma_mask</c> property, default <c>(1 &lt;&lt; 28) - 1</c>).</summary>
    public ulong DmaMask { get; init; } = (1UL << 28) - 1;
}

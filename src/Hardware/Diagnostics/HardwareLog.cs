using DriverScript.Hardware.Time;

namespace DriverScript.Hardware.Diagnostics;

/// <summary>What a <see cref="HardwareLogEntry"/> reports.</summary>
public enum HardwareLogKind
{
    /// <summary>A read of an offset where no register or visible memory is mapped.</summary>
    UnmappedRead,

    /// <summary>A write to an offset where no register or visible memory is mapped; it was dropped.</summary>
    UnmappedWrite,

    /// <summary>An access of a width (or alignment) the device's width policy rejects.</summary>
    RejectedAccessWidth,

    /// <summary>A write to a register with no writable bits and no write handler; it was ignored.</summary>
    ReadOnlyWrite,

    /// <summary>A write that changed bits no field defines (Renode logs these too).</summary>
    UndefinedBitsWrite,

    /// <summary>A write of nonzero bits to a field tagged as not implemented.</summary>
    UnimplementedFieldWrite,

    /// <summary>A DMA address was clamped by the device's DMA address mask.</summary>
    DmaAddressClamped,

    /// <summary>A DMA transfer was refused (out of range, or bus mastering disabled) and skipped.</summary>
    DmaRejected,

    /// <summary>A device-specific note (a guest error the model tolerates).</summary>
    DeviceWarning,
}

/// <summary>One hardware warning: when, which device, what kind, and a readable message.</summary>
/// <param name="Time">Virtual time in nanoseconds.</param>
/// <param name="Source">The device (or component) that logged it.</param>
/// <param name="Kind">The category.</param>
/// <param name="Message">A human-readable description, offsets in hex.</param>
public sealed record HardwareLogEntry(long Time, string Source, HardwareLogKind Kind, string Message)
{
    /// <inheritdoc />
    public override string ToString() => $"[{VirtualTime.Format(Time)}] {Source}: {Message}";
}

/// <summary>
/// Hardware warnings (unmapped accesses, rejected widths, DMA range errors…), stamped with virtual
/// time. Keeps the most recent <see cref="Capacity"/> entries and tells <see cref="Logged"/>
/// listeners (the framework's trace) about each one as it happens.
/// </summary>
/// <example>
/// <code>
/// var log = new HardwareLog(clock);
/// log.Logged += e => trace.Add(e);
/// edu.Bus.Read32(0x0C);   // unmapped: logs UnmappedRead, returns 0xFFFFFFFF
/// </code>
/// </example>
public sealed class HardwareLog
{
    private readonly VirtualClock? clock;
    private readonly Queue<HardwareLogEntry> entries = new();

    /// <summary>Creates a log; without a clock, entries are stamped at time 0.</summary>
    public HardwareLog(VirtualClock? clock = null, int capacity = 10_000)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        this.clock = clock;
        Capacity = capacity;
    }

    /// <summary>How many entries are kept; older ones are dropped (and counted in <see cref="DroppedCount"/>).</summary>
    public int Capacity { get; }

    /// <summary>The number of entries dropped because the log was full.</summary>
    public long DroppedCount { get; private set; }

    /// <summary>The kept entries, oldest first.</summary>
    public IReadOnlyCollection<HardwareLogEntry> Entries => entries;

    /// <summary>Raised for every entry, kept or not, in the order they are logged.</summary>
    public event Action<HardwareLogEntry>? Logged;

    /// <summary>Appends an entry stamped with the clock's current time.</summary>
    public void Add(string source, HardwareLogKind kind, string message)
    {
        var entry = new HardwareLogEntry(clock?.Now ?? 0, source, kind, message);
        if (entries.Count == Capacity)
        {
            entries.Dequeue();
            DroppedCount++;
        }

        entries.Enqueue(entry);
        Logged?.Invoke(entry);
    }

    /// <summary>The kept entries of one kind, oldest first.</summary>
    public IReadOnlyList<HardwareLogEntry> OfKind(HardwareLogKind kind)
    {
        var result = new List<HardwareLogEntry>();
        foreach (var entry in entries)
        {
            if (entry.Kind == kind)
            {
                result.Add(entry);
            }
        }

        return result;
    }

    /// <summary>Forgets the kept entries.</summary>
    public void Clear() => entries.Clear();
}

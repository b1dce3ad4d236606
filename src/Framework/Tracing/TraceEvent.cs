namespace DriverScript.Framework.Tracing;

/// <summary>What a <see cref="TraceEvent"/> records.</summary>
public enum TraceEventKind : byte
{
    /// <summary>A callback started. Name: KMDF callback name; Detail: object; Object: invocation id; A: <see cref="Drivers.CallbackKind"/>; B: IRQL.</summary>
    CallbackBegin,

    /// <summary>A callback returned. Object: invocation id; A: returned NTSTATUS, or -1.</summary>
    CallbackEnd,

    /// <summary>A framework call (DDI). Name: DDI; Detail: object; Object: handle; A: resulting NTSTATUS, or -1.</summary>
    FrameworkCall,

    /// <summary>A register read. Name: device; Detail: who (driver or host); Object: offset; A: value; B: width.</summary>
    RegisterRead,

    /// <summary>A register write (recorded before the device handles it). Fields as <see cref="RegisterRead"/>.</summary>
    RegisterWrite,

    /// <summary>An interrupt line changed level. Name: interrupt; Detail: device; A: level (1 asserted).</summary>
    InterruptLine,

    /// <summary>A message-signaled interrupt arrived. Name: interrupt; Detail: device; A: vector.</summary>
    InterruptMessage,

    /// <summary>A DPC was queued from an ISR (a flow's start). Name: DPC; Object: flow id.</summary>
    DpcQueued,

    /// <summary>The DPC of a flow started (the flow's end). Object: flow id.</summary>
    DpcStarted,

    /// <summary>A state machine moved. Name: new state; Detail: device; A: machine (0 PnP, 1 power, 2 power policy); B: previous state (string id); Object: event (string id, or -1 for an automatic move).</summary>
    StateTransition,

    /// <summary>A device's power state changed. Detail: device; A: <see cref="Drivers.WdfPowerDeviceState"/>.</summary>
    DevicePowerState,

    /// <summary>A processor's IRQL changed. A: new IRQL.</summary>
    Irql,

    /// <summary>A violation was reported. Name: rule; Object: index in <see cref="Simulation.Violations"/>; A: code; B: parameter 1.</summary>
    Violation,

    /// <summary>The host sent a request. Detail: device; Object: request id; A: request kind; B: length.</summary>
    RequestSubmitted,

    /// <summary>A request was completed. Detail: device; Object: request id; A: status; B: information.</summary>
    RequestCompleted,

    /// <summary>A host operation (plug, sleep, remove...). Name: operation; Detail: device.</summary>
    HostOperation,

    /// <summary>Free text. Name: the text.</summary>
    Note,
}

/// <summary>
/// One trace record: a fixed-size value (no allocation per event). Names are ids into the
/// trace's string table (<see cref="Trace.GetString"/>); <see cref="Trace.Describe"/> renders one.
/// </summary>
public readonly struct TraceEvent
{
    internal TraceEvent(long time, int processor, TraceEventKind kind, int name, int detail, long obj, long a, long b)
    {
        Time = time;
        Processor = (short)processor;
        Kind = kind;
        Name = name;
        Detail = detail;
        Object = obj;
        A = a;
        B = b;
    }

    /// <summary>Virtual time in nanoseconds.</summary>
    public long Time { get; }

    /// <summary>The processor, or -1 for the host and the hardware.</summary>
    public short Processor { get; }

    /// <summary>What happened.</summary>
    public TraceEventKind Kind { get; }

    /// <summary>String id of the event's name (see <see cref="TraceEventKind"/>).</summary>
    public int Name { get; }

    /// <summary>String id of a detail (an object or device name), or 0 for none.</summary>
    public int Detail { get; }

    /// <summary>A handle, id or offset (see <see cref="TraceEventKind"/>).</summary>
    public long Object { get; }

    /// <summary>First argument (see <see cref="TraceEventKind"/>).</summary>
    public long A { get; }

    /// <summary>Second argument (see <see cref="TraceEventKind"/>).</summary>
    public long B { get; }
}

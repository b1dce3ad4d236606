namespace DriverScript.Framework.Drivers;

/// <summary>WDF_SYNCHRONIZATION_SCOPE: which lock the framework holds around queue (and auto-serialized) callbacks.</summary>
public enum SynchronizationScope : byte
{
    /// <summary>No serialization (the default).</summary>
    None,

    /// <summary>One lock per device serializes all its queues' callbacks.</summary>
    Device,

    /// <summary>One lock per queue.</summary>
    Queue,
}

/// <summary>WDF_EXECUTION_LEVEL: the IRQL queue callbacks run at.</summary>
public enum ExecutionLevel : byte
{
    /// <summary>At most DISPATCH_LEVEL (exactly DISPATCH_LEVEL under a synchronization scope, whose lock is a spin lock).</summary>
    Dispatch,

    /// <summary>PASSIVE_LEVEL (the synchronization lock is a wait lock; requests arriving at DISPATCH_LEVEL go through a work item).</summary>
    Passive,
}

/// <summary>WDF_POWER_DEVICE_STATE: what EvtDeviceD0Entry/D0Exit are told, and a device's power state.</summary>
public enum WdfPowerDeviceState : byte
{
    Invalid = 0,
    D0 = 1,
    D1 = 2,
    D2 = 3,
    D3 = 4,

    /// <summary>Off for good: before the first start, after stop and removal.</summary>
    D3Final = 5,
    PrepareForHibernation = 6,
}

/// <summary>System power states the host can put the machine in.</summary>
public enum SystemPowerState : byte
{
    S0 = 0,
    S1 = 1,
    S2 = 2,
    S3 = 3,
    S4 = 4,
    S5 = 5,
}

/// <summary>
/// WDF_DEVICE_POWER_POLICY_IDLE_SETTINGS (WdfDeviceAssignS0IdleSettings): the device powers down to
/// <see cref="DxState"/> after <see cref="IdleTimeout"/> without I/O and, with <see cref="WakeFromS0"/>,
/// arms itself to wake (EvtDeviceArmWakeFromS0).
/// </summary>
/// <param name="IdleTimeout">Nanoseconds without power references before powering down (KMDF's default: 5 s).</param>
/// <param name="DxState">The low-power state (D1–D3).</param>
/// <param name="WakeFromS0">Arm for wake while idle (IdleCanWakeFromS0).</param>
public sealed record S0IdleSettings(long IdleTimeout = 5_000_000_000, WdfPowerDeviceState DxState = WdfPowerDeviceState.D3, bool WakeFromS0 = false);

/// <summary>One callback the framework ran for a device: the host's <c>dev.callbacks</c>.</summary>
/// <param name="Kind">Which callback.</param>
/// <param name="Argument">Its interesting argument as text (<c>D3Final</c> for EvtDeviceD0Entry, <c>suspend</c> for EvtIoStop), or null.</param>
/// <param name="Object">The object it ran for (a queue, a timer), or null for device callbacks.</param>
/// <param name="Time">Virtual time.</param>
/// <param name="Processor">The processor.</param>
public readonly record struct CallbackRecord(CallbackKind Kind, string? Argument, string? Object, long Time, int Processor)
{
    /// <summary>The KMDF name with the argument: <c>EvtDeviceD0Entry(D3Final)</c>.</summary>
    public string KmdfText => Argument == null ? Kind.ToString() : $"{Kind}({Argument})";

    /// <summary>The language's name with the argument: <c>d0_entry(D3Final)</c>.</summary>
    public string ScriptText => Argument == null ? Kind.Info().ScriptName : $"{Kind.Info().ScriptName}({Argument})";

    /// <inheritdoc />
    public override string ToString() => KmdfText;
}

namespace DriverScript.Framework;

/// <summary>
/// Interrupt request levels as a processor runs at them (x64 values). Every task runs at one; a higher
/// level preempts a lower one on the same processor (KMDF.md B4, B7).
/// </summary>
public enum Irql : byte
{
    /// <summary>Threads: PnP and power callbacks, work items, passive-level queues.</summary>
    Passive = 0,

    /// <summary>Asynchronous procedure calls (not used by the framework's callbacks).</summary>
    Apc = 1,

    /// <summary>DPCs, timers, spin-lock holders, dispatch-level queue callbacks.</summary>
    Dispatch = 2,

    /// <summary>Device IRQL: ISRs, interrupt enable/disable, interrupt-lock holders.</summary>
    Dirql = 5,

    /// <summary>As a DDI's limit: callable at any level.</summary>
    High = 15,
}

/// <summary>Display helpers for <see cref="Irql"/>.</summary>
public static class IrqlNames
{
    /// <summary><c>PASSIVE_LEVEL</c>, <c>DISPATCH_LEVEL</c>, <c>DIRQL</c>...</summary>
    public static string Display(this Irql irql) => irql switch
    {
        Irql.Passive => "PASSIVE_LEVEL",
        Irql.Apc => "APC_LEVEL",
        Irql.Dispatch => "DISPATCH_LEVEL",
        Irql.Dirql => "DIRQL",
        _ => "HIGH_LEVEL",
    };
}

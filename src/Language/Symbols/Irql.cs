namespace DriverScript.Language.Symbols;

/// <summary>Interrupt request levels the static analysis reasons about (KMDF.md B1, B4, B7).</summary>
public enum Irql : byte
{
    Passive = 0,
    Apc = 1,
    Dispatch = 2,
    /// <summary>Device IRQL: ISRs, interrupt enable/disable, code holding an interrupt lock.</summary>
    Dirql = 3,
    /// <summary>As a limit: callable at any IRQL.</summary>
    High = 4,
}

public static class IrqlFacts
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

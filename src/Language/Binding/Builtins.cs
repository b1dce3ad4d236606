using DriverScript.Language.Symbols;

namespace DriverScript.Language.Binding;

/// <summary>Built-in free functions, resolved by name; each call is then bound to an <see cref="Intrinsic"/> overload.</summary>
internal enum BuiltinFunction : byte
{
    Complete, Forward, Requeue, MarkCancelable, UnmarkCancelable, StopAcknowledge, QueueDpc,
    Stall, Sleep, Now, Log, StopIdle, ResumeIdle, Bugcheck, Min, Max, Len, Zeros, Fill, NtSuccess, Status,
    Read8, Read16, Read32, Read64, Write8, Write16, Write32, Write64, DmaBuffer, DmaRead, DmaWrite,
    Plug, Advance, Settle, Print, Peek,
}

/// <summary>The names every script sees without declaring them: named values (§3) and built-in functions (§6–§8).</summary>
internal static class Builtins
{
    private static readonly Dictionary<string, object> s_names = Build();

    public static bool TryGet(string name, out object value) => s_names.TryGetValue(name, out value!);

    /// <summary>Every built-in name (for completion).</summary>
    public static IEnumerable<string> Names => s_names.Keys;

    private static Dictionary<string, object> Build()
    {
        var d = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (var (name, value) in BuiltinNames.Statuses) d[name] = new ConstantSymbol(name, TypeSymbol.Status, ConstantValue.Scalar(value), null);
        foreach (var (name, value) in BuiltinNames.PowerStates) d[name] = new ConstantSymbol(name, TypeSymbol.PowerState, ConstantValue.Scalar(value), null);
        foreach (var (name, value) in BuiltinNames.SystemStates) d[name] = new ConstantSymbol(name, TypeSymbol.SystemState, ConstantValue.Scalar(value), null);
        foreach (var (name, value) in BuiltinNames.RequestKinds) d[name] = new ConstantSymbol(name, TypeSymbol.RequestKind, ConstantValue.Scalar(value), null);
        void F(string name, BuiltinFunction f) => d[name] = f;
        F("complete", BuiltinFunction.Complete);
        F("forward", BuiltinFunction.Forward);
        F("requeue", BuiltinFunction.Requeue);
        F("mark_cancelable", BuiltinFunction.MarkCancelable);
        F("unmark_cancelable", BuiltinFunction.UnmarkCancelable);
        F("stop_acknowledge", BuiltinFunction.StopAcknowledge);
        F("queue_dpc", BuiltinFunction.QueueDpc);
        F("stall", BuiltinFunction.Stall);
        F("sleep", BuiltinFunction.Sleep);
        F("now", BuiltinFunction.Now);
        F("log", BuiltinFunction.Log);
        F("stop_idle", BuiltinFunction.StopIdle);
        F("resume_idle", BuiltinFunction.ResumeIdle);
        F("bugcheck", BuiltinFunction.Bugcheck);
        F("min", BuiltinFunction.Min);
        F("max", BuiltinFunction.Max);
        F("len", BuiltinFunction.Len);
        F("zeros", BuiltinFunction.Zeros);
        F("fill", BuiltinFunction.Fill);
        F("nt_success", BuiltinFunction.NtSuccess);
        F("status", BuiltinFunction.Status);
        F("read8", BuiltinFunction.Read8);
        F("read16", BuiltinFunction.Read16);
        F("read32", BuiltinFunction.Read32);
        F("read64", BuiltinFunction.Read64);
        F("write8", BuiltinFunction.Write8);
        F("write16", BuiltinFunction.Write16);
        F("write32", BuiltinFunction.Write32);
        F("write64", BuiltinFunction.Write64);
        F("dma_buffer", BuiltinFunction.DmaBuffer);
        F("dma_read", BuiltinFunction.DmaRead);
        F("dma_write", BuiltinFunction.DmaWrite);
        F("plug", BuiltinFunction.Plug);
        F("advance", BuiltinFunction.Advance);
        F("settle", BuiltinFunction.Settle);
        F("print", BuiltinFunction.Print);
        F("peek", BuiltinFunction.Peek);
        return d;
    }
}

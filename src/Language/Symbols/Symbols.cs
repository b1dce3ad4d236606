using System.Collections.Immutable;
using DriverScript.Language.Binding;
using DriverScript.Language.Syntax;
using DriverScript.Language.Text;

namespace DriverScript.Language.Symbols;

public enum SymbolKind : byte
{
    Local, Parameter, Global, Constant, Enum, Function, Device, Hardware, StateField, Queue, Timer, WorkItem,
    Interrupt, Register, RegisterField, Memory, InterruptLine, Callback, Test,
}

/// <summary>A named thing a script declares (or the language provides). Symbols are complete once binding is done.</summary>
public abstract class Symbol
{
    protected Symbol(string name, SourceSpan? span)
    {
        Name = name;
        DeclarationSpan = span;
    }

    public string Name { get; }

    public abstract SymbolKind Kind { get; }

    /// <summary>The declaring name's span; null for built-ins.</summary>
    public SourceSpan? DeclarationSpan { get; }

    public override string ToString() => Name;
}

/// <summary>A <c>let</c>/<c>var</c> local, a parameter or a loop variable: a slot in its frame.</summary>
public sealed class LocalSymbol : Symbol
{
    internal LocalSymbol(string name, TypeSymbol type, int slot, bool isMutable, bool isParameter, SourceSpan span)
        : base(name, span)
    {
        Type = type;
        Slot = slot;
        IsMutable = isMutable;
        IsParameter = isParameter;
    }

    public override SymbolKind Kind => IsParameter ? SymbolKind.Parameter : SymbolKind.Local;

    public TypeSymbol Type { get; internal set; }

    /// <summary>Index in the frame of the function, callback, test or top level that declares it.</summary>
    public int Slot { get; }

    public bool IsMutable { get; }

    public bool IsParameter { get; }

    internal bool IsRead { get; set; }

    internal bool IsLoopVariable { get; set; }
}

/// <summary>A top-level <c>let</c>/<c>var</c> of the root file: a global slot that lives as long as the program (and the REPL session).</summary>
public sealed class GlobalSymbol : Symbol
{
    internal GlobalSymbol(string name, TypeSymbol type, int slot, bool isMutable, SourceSpan span) : base(name, span)
    {
        Type = type;
        Slot = slot;
        IsMutable = isMutable;
    }

    public override SymbolKind Kind => SymbolKind.Global;

    public TypeSymbol Type { get; internal set; }

    public int Slot { get; }

    public bool IsMutable { get; }
}

/// <summary>A <c>const</c> (or a built-in named value such as <c>STATUS_SUCCESS</c>), folded to its value.</summary>
public sealed class ConstantSymbol : Symbol
{
    internal ConstantSymbol(string name, TypeSymbol type, ConstantValue value, SourceSpan? span) : base(name, span)
    {
        Type = type;
        Value = value;
    }

    public override SymbolKind Kind => SymbolKind.Constant;

    public TypeSymbol Type { get; internal set; }

    public ConstantValue Value { get; internal set; }

    public bool IsBuiltin => DeclarationSpan is null;

    internal ConstDeclarationSyntax? Syntax { get; init; }

    /// <summary>0 unbound, 1 binding (cycle detection), 2 done.</summary>
    internal int BindState { get; set; }
}

/// <summary>A user function (top level, or inside a <c>hardware</c> block when <see cref="Hardware"/> is set).</summary>
public sealed class FunctionSymbol : Symbol
{
    internal FunctionSymbol(string name, FunctionDeclarationSyntax syntax, HardwareModelSymbol? hardware) : base(name, syntax.Name.Span)
    {
        Syntax = syntax;
        Hardware = hardware;
    }

    public override SymbolKind Kind => SymbolKind.Function;

    public FunctionDeclarationSyntax Syntax { get; }

    /// <summary>The hardware block the function belongs to, or null for a top-level function.</summary>
    public HardwareModelSymbol? Hardware { get; }

    public ImmutableArray<LocalSymbol> Parameters { get; internal set; } = ImmutableArray<LocalSymbol>.Empty;

    /// <summary><see cref="TypeSymbol.Void"/> when the function returns nothing.</summary>
    public TypeSymbol ReturnType { get; internal set; } = TypeSymbol.Void;

    public BoundBlock Body { get; internal set; } = BoundBlock.Empty;

    /// <summary>Slots the function's frame needs (parameters first, then locals).</summary>
    public int FrameSize { get; internal set; }

    /// <summary>Index in <see cref="BoundProgram.Functions"/>.</summary>
    public int Index { get; internal set; }

    internal FunctionEffects Effects { get; } = new();
}

/// <summary>What a function (transitively) does that is restricted to one kind of code.</summary>
internal sealed class FunctionEffects
{
    public (string Op, SourceSpan Span)? Host;
    public (string Op, SourceSpan Span)? Driver;
    public (string Op, SourceSpan Span)? Hardware;
    public readonly List<FunctionSymbol> Callees = new();
    public readonly List<FunctionSymbol> Callers = new();
}

/// <summary>A field of a device context (<c>state { }</c>) or of a hardware model's state.</summary>
public sealed class StateFieldSymbol : Symbol
{
    internal StateFieldSymbol(string name, TypeSymbol type, int index, SourceSpan span) : base(name, span)
    {
        Type = type;
        Index = index;
    }

    public override SymbolKind Kind => SymbolKind.StateField;

    public TypeSymbol Type { get; internal set; }

    /// <summary>Index in the device's (or model's) state array.</summary>
    public int Index { get; }

    /// <summary>The initial value; null means the type's default (0, false, "", b"", none, an empty list, a new lock).</summary>
    public BoundExpression? Initializer { get; internal set; }
}

/// <summary>Synchronization scope of a device (§6.6).</summary>
public enum SyncScope : byte { None, Device, Queue }

/// <summary>Execution level of a device or timer (§6, §6.4).</summary>
public enum ExecutionLevel : byte { Dispatch, Passive }

public enum QueueDispatch : byte { Sequential, Parallel, Manual }

/// <summary>The request types <c>route</c> can send to a queue.</summary>
public enum RequestType : byte { Read, Write, Ioctl }

/// <summary>A <c>device</c>: one KMDF driver for one device.</summary>
public sealed class DeviceSymbol : Symbol
{
    internal DeviceSymbol(string name, DeviceDeclarationSyntax syntax, int index) : base(name, syntax.Name.Span)
    {
        Syntax = syntax;
        Index = index;
        HandleType = new DeviceHandleTypeSymbol(this, null);
    }

    public override SymbolKind Kind => SymbolKind.Device;

    public DeviceDeclarationSyntax Syntax { get; }

    public int Index { get; }

    /// <summary>The model named by <c>uses</c>, or null.</summary>
    public HardwareModelSymbol? Hardware { get; internal set; }

    public SyncScope Sync { get; internal set; } = SyncScope.None;

    public ExecutionLevel Execution { get; internal set; } = ExecutionLevel.Dispatch;

    public PowerPolicy PowerPolicy { get; internal set; } = PowerPolicy.Default;

    public ImmutableArray<StateFieldSymbol> StateFields { get; internal set; } = ImmutableArray<StateFieldSymbol>.Empty;

    /// <summary>All queues, in declaration order (<see cref="QueueSymbol.Index"/>).</summary>
    public ImmutableArray<QueueSymbol> Queues { get; internal set; } = ImmutableArray<QueueSymbol>.Empty;

    /// <summary>All timers, the device's and its queues', in declaration order.</summary>
    public ImmutableArray<TimerSymbol> Timers { get; internal set; } = ImmutableArray<TimerSymbol>.Empty;

    public ImmutableArray<WorkItemSymbol> WorkItems { get; internal set; } = ImmutableArray<WorkItemSymbol>.Empty;

    public ImmutableArray<InterruptSymbol> Interrupts { get; internal set; } = ImmutableArray<InterruptSymbol>.Empty;

    /// <summary>The device-level PnP and power callbacks (§6.3).</summary>
    public ImmutableArray<CallbackSymbol> Callbacks { get; internal set; } = ImmutableArray<CallbackSymbol>.Empty;

    /// <summary><c>route read|write|ioctl -&gt; queue</c>, at most one per request type.</summary>
    public ImmutableArray<RouteSymbol> Routes { get; internal set; } = ImmutableArray<RouteSymbol>.Empty;

    public QueueSymbol? DefaultQueue { get; internal set; }

    /// <summary>The type of <c>plug(ThisDevice)</c>.</summary>
    public DeviceHandleTypeSymbol HandleType { get; }

    public CallbackSymbol? FindCallback(CallbackKind kind)
    {
        foreach (var c in Callbacks) if (c.Descriptor.Kind == kind) return c;
        return null;
    }

    /// <summary>The queue that receives requests of a type: the routed one, else the default one.</summary>
    public QueueSymbol? QueueFor(RequestType type)
    {
        foreach (var r in Routes) if (r.RequestType == type) return r.Queue;
        return DefaultQueue;
    }

    /// <summary>Every callback of the device, its queues, interrupts, timers and work items.</summary>
    public IEnumerable<CallbackSymbol> AllCallbacks()
    {
        foreach (var c in Callbacks) yield return c;
        foreach (var q in Queues) foreach (var c in q.Callbacks) yield return c;
        foreach (var i in Interrupts) foreach (var c in i.Callbacks) yield return c;
        foreach (var t in Timers) if (t.Expire is not null) yield return t.Expire;
        foreach (var w in WorkItems) if (w.Run is not null) yield return w.Run;
    }

    internal Dictionary<string, Symbol> MemberScope { get; } = new(StringComparer.Ordinal);

    internal Dictionary<string, StateFieldSymbol> StateScope { get; } = new(StringComparer.Ordinal);

    internal Dictionary<HardwareModelSymbol, DeviceHandleTypeSymbol> HandleTypes { get; } = new();
}

/// <summary>S0-idle settings of a device's <c>power_policy { }</c>.</summary>
public sealed record PowerPolicy(ulong? IdleTimeoutNanoseconds, uint IdleState, bool WakeFromIdle)
{
    /// <summary>No idle timeout (the device never idles out), idle state D3, no wake.</summary>
    public static PowerPolicy Default { get; } = new(null, 4, false);
}

public sealed record RouteSymbol(RequestType RequestType, QueueSymbol Queue, SourceSpan Span);

public sealed class QueueSymbol : Symbol
{
    internal QueueSymbol(string name, DeviceSymbol device, int index, QueueDeclarationSyntax syntax) : base(name, syntax.Name.Span)
    {
        Device = device;
        Index = index;
        Syntax = syntax;
    }

    public override SymbolKind Kind => SymbolKind.Queue;

    public DeviceSymbol Device { get; }

    public int Index { get; }

    public QueueDeclarationSyntax Syntax { get; }

    public QueueDispatch Dispatch { get; internal set; } = QueueDispatch.Sequential;

    /// <summary>For <c>parallel(N)</c>, N; null for plain <c>parallel</c> (no limit).</summary>
    public int? ParallelLimit { get; internal set; }

    public bool IsDefault { get; internal set; }

    public bool PowerManaged { get; internal set; } = true;

    public bool AllowZeroLength { get; internal set; }

    public ImmutableArray<CallbackSymbol> Callbacks { get; internal set; } = ImmutableArray<CallbackSymbol>.Empty;

    /// <summary>Timers declared inside the queue block (children of the queue).</summary>
    public ImmutableArray<TimerSymbol> Timers { get; internal set; } = ImmutableArray<TimerSymbol>.Empty;

    public ImmutableArray<WorkItemSymbol> WorkItems { get; internal set; } = ImmutableArray<WorkItemSymbol>.Empty;

    public CallbackSymbol? FindCallback(CallbackKind kind)
    {
        foreach (var c in Callbacks) if (c.Descriptor.Kind == kind) return c;
        return null;
    }
}

public sealed class TimerSymbol : Symbol
{
    internal TimerSymbol(string name, DeviceSymbol device, int index, QueueSymbol? parent, SourceSpan span) : base(name, span)
    {
        Device = device;
        Index = index;
        ParentQueue = parent;
    }

    public override SymbolKind Kind => SymbolKind.Timer;

    public DeviceSymbol Device { get; }

    public int Index { get; }

    /// <summary>The queue the timer is declared in (KMDF's ParentObject), or null for the device.</summary>
    public QueueSymbol? ParentQueue { get; }

    /// <summary>The period in nanoseconds; null for a one-shot timer.</summary>
    public ulong? PeriodNanoseconds { get; internal set; }

    public ExecutionLevel Execution { get; internal set; } = ExecutionLevel.Dispatch;

    public CallbackSymbol? Expire { get; internal set; }
}

public sealed class WorkItemSymbol : Symbol
{
    internal WorkItemSymbol(string name, DeviceSymbol device, int index, QueueSymbol? parent, SourceSpan span) : base(name, span)
    {
        Device = device;
        Index = index;
        ParentQueue = parent;
    }

    public override SymbolKind Kind => SymbolKind.WorkItem;

    public DeviceSymbol Device { get; }

    public int Index { get; }

    public QueueSymbol? ParentQueue { get; }

    public CallbackSymbol? Run { get; internal set; }
}

public sealed class InterruptSymbol : Symbol
{
    internal InterruptSymbol(string name, DeviceSymbol device, int index, SourceSpan span) : base(name, span)
    {
        Device = device;
        Index = index;
    }

    public override SymbolKind Kind => SymbolKind.Interrupt;

    public DeviceSymbol Device { get; }

    public int Index { get; }

    /// <summary>The hardware line it is connected to (same name, or the model's only line); null when unbound (an error was reported).</summary>
    public InterruptLineSymbol? Line { get; internal set; }

    public ImmutableArray<CallbackSymbol> Callbacks { get; internal set; } = ImmutableArray<CallbackSymbol>.Empty;

    public CallbackSymbol? FindCallback(CallbackKind kind)
    {
        foreach (var c in Callbacks) if (c.Descriptor.Kind == kind) return c;
        return null;
    }
}

/// <summary>
/// One <c>on NAME</c> with its body: a device, queue, interrupt, timer or work-item callback, or a
/// register or hardware-model handler.
/// </summary>
public sealed class CallbackSymbol : Symbol
{
    internal CallbackSymbol(CallbackDescriptor descriptor, Symbol owner, HandlerDeclarationSyntax syntax) : base(descriptor.Name, syntax.Name.Span)
    {
        Descriptor = descriptor;
        Owner = owner;
        Syntax = syntax;
    }

    public override SymbolKind Kind => SymbolKind.Callback;

    public CallbackDescriptor Descriptor { get; }

    /// <summary>The device, queue, interrupt, timer, work item, register or hardware model it belongs to.</summary>
    public Symbol Owner { get; }

    public HandlerDeclarationSyntax Syntax { get; }

    /// <summary>The parameters as declared (fewer than the descriptor's when the list was left out), with their implied types.</summary>
    public ImmutableArray<LocalSymbol> Parameters { get; internal set; } = ImmutableArray<LocalSymbol>.Empty;

    /// <summary>Void, <c>status</c> (fallible PnP/power callbacks), <c>bool</c> (isr) or the register's type (register read).</summary>
    public TypeSymbol ReturnType { get; internal set; } = TypeSymbol.Void;

    public BoundBlock Body { get; internal set; } = BoundBlock.Empty;

    public int FrameSize { get; internal set; }

    /// <summary>The IRQL the callback runs at (KMDF.md B1, B4); PASSIVE for hardware handlers.</summary>
    public Irql Irql { get; internal set; }

    /// <summary>For diagnostics and traces: <c>on d0_entry</c>, <c>main.on read</c>.</summary>
    public string DisplayName => Owner is DeviceSymbol or HardwareModelSymbol ? $"on {Name}" : $"{Owner.Name}.on {Name}";
}

/// <summary>A hardware model: declared with <c>hardware NAME { }</c> or a C# model described by an <see cref="ExternalHardwareModel"/>.</summary>
public sealed class HardwareModelSymbol : Symbol
{
    internal HardwareModelSymbol(string name, HardwareDeclarationSyntax? syntax, ExternalHardwareModel? external, int index)
        : base(name, syntax?.Name.Span)
    {
        Syntax = syntax;
        External = external;
        Index = index;
    }

    public override SymbolKind Kind => SymbolKind.Hardware;

    public HardwareDeclarationSyntax? Syntax { get; }

    /// <summary>Set for a C# model; its behaviour lives in the model, not in bound code.</summary>
    public ExternalHardwareModel? External { get; }

    public bool IsExternal => External is not null;

    public int Index { get; }

    /// <summary>The size of the register space (<c>registers(size = ...)</c>); 0 when not given.</summary>
    public ulong Size { get; internal set; }

    /// <summary>What an access to no register reads: all ones (<c>unmapped = ones</c>) or zeros.</summary>
    public bool UnmappedReadsOnes { get; internal set; }

    /// <summary>
    /// The width policy, in the order it is checked: the rule of <c>registers(widths = ..., aligned = ...,
    /// rejected = ...)</c> (over the whole space) first, then each <c>access @ a..b : ...</c> in source
    /// order. The first rule that rejects an access decides what it reads; its write is dropped.
    /// </summary>
    public ImmutableArray<WidthRule> WidthRules { get; internal set; } = ImmutableArray<WidthRule>.Empty;

    /// <summary><c>narrow = zero_extend</c>: an access narrower than its register reads the low bytes and writes the value zero-extended (otherwise it is treated as unmapped).</summary>
    public bool NarrowZeroExtends { get; internal set; }

    public ImmutableArray<RegisterSymbol> Registers { get; internal set; } = ImmutableArray<RegisterSymbol>.Empty;

    public ImmutableArray<MemorySymbol> Memories { get; internal set; } = ImmutableArray<MemorySymbol>.Empty;

    public ImmutableArray<InterruptLineSymbol> Lines { get; internal set; } = ImmutableArray<InterruptLineSymbol>.Empty;

    public ImmutableArray<FunctionSymbol> Functions { get; internal set; } = ImmutableArray<FunctionSymbol>.Empty;

    public ImmutableArray<StateFieldSymbol> StateFields { get; internal set; } = ImmutableArray<StateFieldSymbol>.Empty;

    /// <summary><c>on reset { }</c>: runs when the model is created.</summary>
    public CallbackSymbol? Reset { get; internal set; }

    public RegisterSymbol? FindRegister(string name)
    {
        foreach (var r in Registers) if (r.Name == name) return r;
        return null;
    }

    internal Dictionary<string, Symbol> MemberScope { get; } = new(StringComparer.Ordinal);
}

public sealed class RegisterSymbol : Symbol
{
    internal RegisterSymbol(string name, HardwareModelSymbol hardware, int index, SourceSpan? span) : base(name, span)
    {
        Hardware = hardware;
        Index = index;
    }

    public override SymbolKind Kind => SymbolKind.Register;

    public HardwareModelSymbol Hardware { get; }

    public int Index { get; }

    public ulong Offset { get; internal set; }

    /// <summary>u8, u16, u32 or u64.</summary>
    public TypeSymbol Type { get; internal set; } = TypeSymbol.U32;

    public int WidthBytes => Type.BitWidth / 8;

    public AccessMode Access { get; internal set; } = AccessMode.ReadWrite;

    public ulong ResetValue { get; internal set; }

    public ImmutableArray<RegisterFieldSymbol> Fields { get; internal set; } = ImmutableArray<RegisterFieldSymbol>.Empty;

    /// <summary><c>locked when expr;</c>: writes are dropped while it holds. Evaluated in the model's context (frame size 0).</summary>
    public BoundExpression? LockedWhen { get; internal set; }

    /// <summary><c>on read -&gt; T { }</c>: supplies the value read.</summary>
    public CallbackSymbol? ReadHandler { get; internal set; }

    /// <summary><c>on write(v) { }</c>: runs after the access semantics applied.</summary>
    public CallbackSymbol? WriteHandler { get; internal set; }

    public RegisterFieldSymbol? FindField(string name)
    {
        foreach (var f in Fields) if (f.Name == name) return f;
        return null;
    }
}

public sealed class RegisterFieldSymbol : Symbol
{
    internal RegisterFieldSymbol(string name, RegisterSymbol register, int index, SourceSpan? span) : base(name, span)
    {
        Register = register;
        Index = index;
    }

    public override SymbolKind Kind => SymbolKind.RegisterField;

    public RegisterSymbol Register { get; }

    public int Index { get; }

    public int High { get; internal set; }

    public int Low { get; internal set; }

    public int Width => High - Low + 1;

    /// <summary>The field's bits in place: <c>((1 &lt;&lt; Width) - 1) &lt;&lt; Low</c>.</summary>
    public ulong Mask => (Width >= 64 ? ulong.MaxValue : ((1UL << Width) - 1)) << Low;

    public AccessMode Access { get; internal set; }

    public ulong? ResetValue { get; internal set; }
}

public sealed class MemorySymbol : Symbol
{
    internal MemorySymbol(string name, HardwareModelSymbol hardware, int index, SourceSpan? span) : base(name, span)
    {
        Hardware = hardware;
        Index = index;
    }

    public override SymbolKind Kind => SymbolKind.Memory;

    public HardwareModelSymbol Hardware { get; }

    public int Index { get; }

    public ulong Offset { get; internal set; }

    public ulong Size { get; internal set; }

    /// <summary><c>memory M @ o : n hidden;</c>: only the model's code and DMA reach it; bus accesses see unmapped space.</summary>
    public bool Hidden { get; internal set; }
}

/// <summary>What a read rejected by a <see cref="WidthRule"/> returns (<c>rejected = unmapped | zeros | ones</c>).</summary>
public enum RejectedReadValue { Unmapped, Zeros, Ones }

/// <summary>
/// One rule of a hardware model's width policy: bus accesses starting in [<see cref="Start"/>,
/// <see cref="End"/>) must be <see cref="Widths"/> bytes wide (a set of 1, 2, 4, 8 as bit flags with
/// those values) and, when <see cref="Aligned"/>, naturally aligned; others read <see cref="Rejected"/>
/// and their writes are dropped.
/// </summary>
public sealed record WidthRule(ulong Start, ulong End, int Widths, bool Aligned, RejectedReadValue Rejected);

/// <summary><c>interrupt NAME = expr;</c> (level-triggered) or <c>interrupt NAME;</c> (pulsed) in a hardware model.</summary>
public sealed class InterruptLineSymbol : Symbol
{
    internal InterruptLineSymbol(string name, HardwareModelSymbol hardware, int index, SourceSpan? span) : base(name, span)
    {
        Hardware = hardware;
        Index = index;
    }

    public override SymbolKind Kind => SymbolKind.InterruptLine;

    public HardwareModelSymbol Hardware { get; }

    public int Index { get; }

    /// <summary>When the level-triggered line is asserted (model context, frame size 0); null for a pulsed line.</summary>
    public BoundExpression? Level { get; internal set; }

    public bool IsLevelTriggered => Level is not null;
}

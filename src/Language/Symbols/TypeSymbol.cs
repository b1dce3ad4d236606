using System.Threading;

namespace DriverScript.Language.Symbols;

/// <summary>What kind of type a <see cref="TypeSymbol"/> is. The interpreter switches on this.</summary>
public enum TypeKind : byte
{
    /// <summary>Stands for a type that could not be determined; absorbs follow-on errors.</summary>
    Error,
    /// <summary>The "type" of a call that returns nothing.</summary>
    Void,
    /// <summary>Binder-internal: an integer constant whose type the context has not decided yet.</summary>
    UntypedInteger,
    /// <summary>Binder-internal: the type of <c>none</c> before the context gives it an optional type.</summary>
    None,
    Bool,
    U8, U16, U32, U64, I32, I64,
    Duration,
    String,
    Bytes,
    Status,
    PowerState,
    SystemState,
    /// <summary><c>req.kind</c>: <c>READ</c>, <c>WRITE</c>, <c>IOCTL</c>.</summary>
    RequestKind,
    /// <summary>The <c>action</c> of <c>on stop(req, action)</c>: <c>action.suspend</c>, <c>action.purge</c>.</summary>
    StopAction,
    List,
    Optional,
    Enum,
    // framework handles (§6)
    Request, Queue, Timer, WorkItem, SpinLock, WaitLock, Interrupt, DmaBuffer,
    // host types (§8)
    DeviceHandle, Result, Pending, Violation,
}

/// <summary>
/// A DriverScript type. Primitive types are singletons (<see cref="Bool"/>, <see cref="U32"/>...);
/// <c>list&lt;T&gt;</c> and <c>T?</c> are interned per element type, so reference equality is type
/// equality except for <c>device_handle</c>, whose static device is extra information
/// (use <see cref="AreEquivalent"/>).
/// </summary>
public class TypeSymbol
{
    private ListTypeSymbol? _list;
    private OptionalTypeSymbol? _optional;

    protected TypeSymbol(TypeKind kind, string name)
    {
        Kind = kind;
        Name = name;
    }

    public TypeKind Kind { get; }

    public string Name { get; }

    public static TypeSymbol Error { get; } = new(TypeKind.Error, "?");
    public static TypeSymbol Void { get; } = new(TypeKind.Void, "void");
    internal static TypeSymbol UntypedInteger { get; } = new(TypeKind.UntypedInteger, "integer");
    internal static TypeSymbol NoneType { get; } = new(TypeKind.None, "none");
    public static TypeSymbol Bool { get; } = new(TypeKind.Bool, "bool");
    public static TypeSymbol U8 { get; } = new(TypeKind.U8, "u8");
    public static TypeSymbol U16 { get; } = new(TypeKind.U16, "u16");
    public static TypeSymbol U32 { get; } = new(TypeKind.U32, "u32");
    public static TypeSymbol U64 { get; } = new(TypeKind.U64, "u64");
    public static TypeSymbol I32 { get; } = new(TypeKind.I32, "i32");
    public static TypeSymbol I64 { get; } = new(TypeKind.I64, "i64");
    public static TypeSymbol Duration { get; } = new(TypeKind.Duration, "duration");
    public static TypeSymbol String { get; } = new(TypeKind.String, "string");
    public static TypeSymbol Bytes { get; } = new(TypeKind.Bytes, "bytes");
    public static TypeSymbol Status { get; } = new(TypeKind.Status, "status");
    public static TypeSymbol PowerState { get; } = new(TypeKind.PowerState, "power_state");
    public static TypeSymbol SystemState { get; } = new(TypeKind.SystemState, "system_state");
    public static TypeSymbol RequestKind { get; } = new(TypeKind.RequestKind, "request_kind");
    public static TypeSymbol StopAction { get; } = new(TypeKind.StopAction, "stop_action");
    public static TypeSymbol Request { get; } = new(TypeKind.Request, "request");
    public static TypeSymbol Queue { get; } = new(TypeKind.Queue, "queue");
    public static TypeSymbol Timer { get; } = new(TypeKind.Timer, "timer");
    public static TypeSymbol WorkItem { get; } = new(TypeKind.WorkItem, "work_item");
    public static TypeSymbol SpinLock { get; } = new(TypeKind.SpinLock, "spinlock");
    public static TypeSymbol WaitLock { get; } = new(TypeKind.WaitLock, "waitlock");
    public static TypeSymbol Interrupt { get; } = new(TypeKind.Interrupt, "interrupt");
    public static TypeSymbol DmaBuffer { get; } = new(TypeKind.DmaBuffer, "dma_buffer");
    /// <summary><c>device_handle</c> whose device is not known statically.</summary>
    public static DeviceHandleTypeSymbol DeviceHandle { get; } = new(null, null);
    public static TypeSymbol Result { get; } = new(TypeKind.Result, "result");
    public static TypeSymbol Pending { get; } = new(TypeKind.Pending, "pending");
    public static TypeSymbol Violation { get; } = new(TypeKind.Violation, "violation");

    /// <summary><c>list&lt;this&gt;</c>, interned.</summary>
    public ListTypeSymbol ListOf()
    {
        var list = _list;
        if (list is not null) return list;
        Interlocked.CompareExchange(ref _list, new ListTypeSymbol(this), null);
        return _list!;
    }

    /// <summary><c>this?</c>, interned. An optional of an optional is the optional itself.</summary>
    public TypeSymbol OptionalOf()
    {
        if (this is OptionalTypeSymbol || Kind == TypeKind.Error) return this;
        var optional = _optional;
        if (optional is not null) return optional;
        Interlocked.CompareExchange(ref _optional, new OptionalTypeSymbol(this), null);
        return _optional!;
    }

    public bool IsError => Kind == TypeKind.Error;

    public bool IsVoid => Kind == TypeKind.Void;

    /// <summary>u8, u16, u32, u64, i32 or i64.</summary>
    public bool IsInteger => Kind is >= TypeKind.U8 and <= TypeKind.I64;

    public bool IsUnsignedInteger => Kind is >= TypeKind.U8 and <= TypeKind.U64;

    public bool IsSignedInteger => Kind is TypeKind.I32 or TypeKind.I64;

    /// <summary>Scalars held in 64 bits at run time: integers, durations, statuses, enums, power states, bools.</summary>
    public bool IsScalar => Kind is >= TypeKind.Bool and <= TypeKind.Duration or TypeKind.Status or TypeKind.PowerState
        or TypeKind.SystemState or TypeKind.RequestKind or TypeKind.Enum;

    /// <summary>Types with named values matched by name: enums, power states, request kinds.</summary>
    public bool IsEnumLike => Kind is TypeKind.Enum or TypeKind.PowerState or TypeKind.SystemState or TypeKind.RequestKind;

    public bool IsHandle => Kind is >= TypeKind.Request and <= TypeKind.DmaBuffer;

    /// <summary>device_handle, result, pending, violation: only in tests and top-level code (§8).</summary>
    public bool IsHostType => Kind is >= TypeKind.DeviceHandle and <= TypeKind.Violation;

    /// <summary>The width in bits of an integer type (64 for other scalars); 0 for the rest.</summary>
    public int BitWidth => Kind switch
    {
        TypeKind.Bool => 1,
        TypeKind.U8 => 8,
        TypeKind.U16 => 16,
        TypeKind.U32 or TypeKind.I32 or TypeKind.Status or TypeKind.Enum or TypeKind.PowerState or TypeKind.SystemState or TypeKind.RequestKind => 32,
        TypeKind.U64 or TypeKind.I64 or TypeKind.Duration => 64,
        _ => 0,
    };

    /// <summary>True when the two types are the same type (device handles are one type whatever their device).</summary>
    public static bool AreEquivalent(TypeSymbol a, TypeSymbol b)
    {
        if (ReferenceEquals(a, b)) return true;
        if (a.Kind != b.Kind) return false;
        return a switch
        {
            DeviceHandleTypeSymbol => true,
            ListTypeSymbol la => AreEquivalent(la.Element, ((ListTypeSymbol)b).Element),
            OptionalTypeSymbol oa => AreEquivalent(oa.Underlying, ((OptionalTypeSymbol)b).Underlying),
            _ => false,
        };
    }

    public override string ToString() => Name;
}

public sealed class ListTypeSymbol : TypeSymbol
{
    internal ListTypeSymbol(TypeSymbol element) : base(TypeKind.List, $"list<{element.Name}>") => Element = element;

    public TypeSymbol Element { get; }
}

public sealed class OptionalTypeSymbol : TypeSymbol
{
    internal OptionalTypeSymbol(TypeSymbol underlying) : base(TypeKind.Optional, underlying.Name + "?") => Underlying = underlying;

    public TypeSymbol Underlying { get; }
}

/// <summary>
/// <c>device_handle</c>. When the device is statically known (the result of <c>plug(Echo)</c>),
/// <see cref="Device"/> and the <see cref="Hardware"/> it was plugged with are set, so
/// <c>dev.state.FIELD</c> and <c>dev.hw.REG</c> resolve at compile time.
/// </summary>
public sealed class DeviceHandleTypeSymbol : TypeSymbol
{
    internal DeviceHandleTypeSymbol(DeviceSymbol? device, HardwareModelSymbol? hardware)
        : base(TypeKind.DeviceHandle, "device_handle")
    {
        Device = device;
        Hardware = hardware;
    }

    public DeviceSymbol? Device { get; }

    public HardwareModelSymbol? Hardware { get; }
}

/// <summary>A user-declared <c>enum</c> (underlying <c>u32</c>).</summary>
public sealed class EnumTypeSymbol : TypeSymbol
{
    private readonly Dictionary<string, EnumMemberSymbol> _byName = new(StringComparer.Ordinal);
    private readonly List<EnumMemberSymbol> _members = new();

    internal EnumTypeSymbol(string name, Text.SourceSpan? span) : base(TypeKind.Enum, name) => DeclarationSpan = span;

    public Text.SourceSpan? DeclarationSpan { get; }

    public IReadOnlyList<EnumMemberSymbol> Members => _members;

    public EnumMemberSymbol? Find(string name) => _byName.TryGetValue(name, out var m) ? m : null;

    internal bool TryAdd(EnumMemberSymbol member)
    {
        if (!_byName.TryAdd(member.Name, member)) return false;
        _members.Add(member);
        return true;
    }

    /// <summary>The name of the member with this value, or null.</summary>
    public string? NameOf(ulong value)
    {
        foreach (var m in _members) if (m.Value == value) return m.Name;
        return null;
    }
}

public sealed class EnumMemberSymbol
{
    internal EnumMemberSymbol(EnumTypeSymbol type, string name, ulong value, int ordinal, Text.SourceSpan span)
    {
        Type = type;
        Name = name;
        Value = value;
        Ordinal = ordinal;
        DeclarationSpan = span;
    }

    public EnumTypeSymbol Type { get; }

    public string Name { get; }

    public ulong Value { get; }

    public int Ordinal { get; }

    public Text.SourceSpan DeclarationSpan { get; }

    public override string ToString() => $"{Type.Name}.{Name}";
}

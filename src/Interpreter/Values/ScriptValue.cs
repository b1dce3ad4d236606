using System.Runtime.CompilerServices;

namespace DriverScript.Interpreter;

/// <summary>
/// One DriverScript value as it crosses an API boundary (the runtime seam, the embedding API).
/// Scalars (bool, integers, durations, statuses, power states, enums) live in <see cref="Bits"/>
/// with the front end's convention: unsigned types zero-extended, <c>i32</c>/<c>i64</c>
/// sign-extended, bools 0/1. Everything else (strings, <see cref="ScriptBytes"/>, <see cref="ScriptList"/>,
/// optionals, handles) lives in <see cref="Ref"/>. Inside the interpreter values are never wrapped
/// in this struct on the hot path: frames keep scalars in a <c>ulong[]</c> and references in an <c>object?[]</c>.
/// </summary>
/// <example>
/// <code>
/// var n = ScriptValue.FromScalar(42);            // a u32, u64, status... (the type gives the meaning)
/// var s = ScriptValue.FromRef("hello");           // a string
/// var none = ScriptValue.None;                    // an empty optional
/// </code>
/// </example>
public readonly struct ScriptValue : IEquatable<ScriptValue>
{
    private ScriptValue(ulong bits, object? reference)
    {
        Bits = bits;
        Ref = reference;
    }

    /// <summary>The 64 raw bits of a scalar (0 for reference values).</summary>
    public ulong Bits { get; }

    /// <summary>The object of a reference value: <see cref="string"/>, <see cref="ScriptBytes"/>, <see cref="ScriptList"/>, <see cref="ScalarBox"/> (a present optional scalar), a runtime handle, or null for <c>none</c>.</summary>
    public object? Ref { get; }

    /// <summary>The empty optional (and the value of a call that returns nothing).</summary>
    public static ScriptValue None => default;

    public static ScriptValue FromScalar(ulong bits) => new(bits, null);

    public static ScriptValue FromBool(bool value) => new(value ? 1UL : 0UL, null);

    public static ScriptValue FromSigned(long value) => new(unchecked((ulong)value), null);

    public static ScriptValue FromRef(object? value) => new(0, value);

    public bool AsBool => Bits != 0;

    public long AsSigned => unchecked((long)Bits);

    public string? AsString => Ref as string;

    public ScriptBytes? AsBytes => Ref as ScriptBytes;

    public ScriptList? AsList => Ref as ScriptList;

    public bool Equals(ScriptValue other) => Bits == other.Bits && ValueEquality.AreEqual(Ref, other.Ref);

    public override bool Equals(object? obj) => obj is ScriptValue v && Equals(v);

    public override int GetHashCode() => HashCode.Combine(Bits, Ref is null ? 0 : ValueEquality.GetHashCode(Ref));

    public static bool operator ==(ScriptValue left, ScriptValue right) => left.Equals(right);

    public static bool operator !=(ScriptValue left, ScriptValue right) => !left.Equals(right);

    public override string ToString() => Ref is null ? Bits.ToString(System.Globalization.CultureInfo.InvariantCulture) : ValueFormatter.FormatObject(Ref);
}

/// <summary>
/// A present optional scalar (<c>u32?</c> holding 5). Immutable, so boxes are shared; <c>none</c> is null.
/// Optionals of scalars are rare on hot paths (optional handles need no box: the handle or null).
/// </summary>
public sealed class ScalarBox : IEquatable<ScalarBox>
{
    private static readonly ScalarBox[] s_small = CreateSmall();

    private ScalarBox(ulong bits) => Bits = bits;

    public ulong Bits { get; }

    /// <summary>A box for the value; values 0..255 come from a cache and allocate nothing.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ScalarBox Of(ulong bits) => bits < (ulong)s_small.Length ? s_small[bits] : new ScalarBox(bits);

    internal static bool IsCached(ulong bits) => bits < (ulong)s_small.Length;

    private static ScalarBox[] CreateSmall()
    {
        var boxes = new ScalarBox[256];
        for (int i = 0; i < boxes.Length; i++) boxes[i] = new ScalarBox((ulong)i);
        return boxes;
    }

    public bool Equals(ScalarBox? other) => other is not null && other.Bits == Bits;

    public override bool Equals(object? obj) => Equals(obj as ScalarBox);

    public override int GetHashCode() => Bits.GetHashCode();

    public override string ToString() => Bits.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

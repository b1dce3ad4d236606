using System.Collections.Immutable;
using System.Globalization;

namespace DriverScript.Language.Symbols;

public enum ConstantKind : byte { Scalar, String, Bytes, None }

/// <summary>
/// A value known at compile time. Scalars (integers, bools, durations in nanoseconds, statuses,
/// enum members, power states) are held as 64 raw bits in <see cref="Bits"/>: unsigned types
/// zero-extended, <c>i32</c>/<c>i64</c> sign-extended (two's complement), bools as 0/1. The type
/// that gives the bits their meaning is the bound node's type.
/// </summary>
public sealed class ConstantValue
{
    private ConstantValue(ConstantKind kind, ulong bits, string? text, ImmutableArray<byte> bytes)
    {
        Kind = kind;
        Bits = bits;
        String = text;
        Bytes = bytes;
    }

    public ConstantKind Kind { get; }

    public ulong Bits { get; }

    public string? String { get; }

    public ImmutableArray<byte> Bytes { get; }

    public bool Bool => Bits != 0;

    public long Signed => unchecked((long)Bits);

    public static ConstantValue None { get; } = new(ConstantKind.None, 0, null, default);

    public static ConstantValue True { get; } = new(ConstantKind.Scalar, 1, null, default);

    public static ConstantValue False { get; } = new(ConstantKind.Scalar, 0, null, default);

    public static ConstantValue Scalar(ulong bits) => bits switch
    {
        0 => False,
        1 => True,
        _ => new(ConstantKind.Scalar, bits, null, default),
    };

    public static ConstantValue FromBool(bool value) => value ? True : False;

    public static ConstantValue FromString(string value) => new(ConstantKind.String, 0, value, default);

    public static ConstantValue FromBytes(ImmutableArray<byte> value) => new(ConstantKind.Bytes, 0, null, value);

    /// <summary>Keeps the bits a value of <paramref name="type"/> can hold: masks to the width, sign-extends signed types.</summary>
    public static ulong Normalize(ulong bits, TypeSymbol type) => type.Kind switch
    {
        TypeKind.Bool => bits != 0 ? 1UL : 0UL,
        TypeKind.U8 => bits & 0xFF,
        TypeKind.U16 => bits & 0xFFFF,
        TypeKind.U32 or TypeKind.Status or TypeKind.Enum or TypeKind.PowerState or TypeKind.SystemState or TypeKind.RequestKind => bits & 0xFFFF_FFFF,
        TypeKind.I32 => unchecked((ulong)(long)(int)(uint)bits),
        _ => bits,
    };

    public bool ValueEquals(ConstantValue other) => Kind == other.Kind && Kind switch
    {
        ConstantKind.Scalar => Bits == other.Bits,
        ConstantKind.String => string.Equals(String, other.String, StringComparison.Ordinal),
        ConstantKind.Bytes => Bytes.AsSpan().SequenceEqual(other.Bytes.AsSpan()),
        _ => true,
    };

    /// <summary>How the value reads when printed with its type (integers in decimal, statuses and states by name).</summary>
    public string Format(TypeSymbol type)
    {
        switch (Kind)
        {
            case ConstantKind.None: return "none";
            case ConstantKind.String: return String!;
            case ConstantKind.Bytes: return "b\"" + BuiltinNames.EscapeBytes(Bytes.AsSpan()) + "\"";
        }
        return type.Kind switch
        {
            TypeKind.Bool => Bits != 0 ? "true" : "false",
            TypeKind.I32 or TypeKind.I64 => Signed.ToString(CultureInfo.InvariantCulture),
            TypeKind.Duration => BuiltinNames.FormatDuration(Bits),
            TypeKind.Status => BuiltinNames.StatusName(Bits) ?? $"status(0x{Bits:X8})",
            TypeKind.PowerState => BuiltinNames.PowerStateName(Bits) ?? Bits.ToString(CultureInfo.InvariantCulture),
            TypeKind.SystemState => BuiltinNames.SystemStateName(Bits) ?? Bits.ToString(CultureInfo.InvariantCulture),
            TypeKind.RequestKind => BuiltinNames.RequestKindName(Bits) ?? Bits.ToString(CultureInfo.InvariantCulture),
            TypeKind.Enum => ((EnumTypeSymbol)type).NameOf(Bits) is { } n ? $"{type.Name}.{n}" : Bits.ToString(CultureInfo.InvariantCulture),
            _ => Bits.ToString(CultureInfo.InvariantCulture),
        };
    }

    public override string ToString() => Kind switch
    {
        ConstantKind.Scalar => Bits.ToString(CultureInfo.InvariantCulture),
        _ => Format(TypeSymbol.Error),
    };
}

using DriverScript.Language.Symbols;

namespace DriverScript.Interpreter;

/// <summary>Where a value of a type lives at run time: in a frame's <c>ulong</c> bank (scalars) or its <c>object?</c> bank.</summary>
public static class ValueLayout
{
    /// <summary>Bools, integers, durations, statuses, power and system states, request kinds and enums: 64 raw bits.</summary>
    public static bool IsScalar(TypeSymbol type) => type.IsScalar;

    /// <summary>Keeps the bits a value of <paramref name="type"/> can hold (see <see cref="ConstantValue.Normalize"/>).</summary>
    public static ulong Normalize(ulong bits, TypeSymbol type) => ConstantValue.Normalize(bits, type);

    /// <summary>A new list for elements of <paramref name="element"/>.</summary>
    internal static ScriptList NewList(TypeSymbol element, int capacity) =>
        IsScalar(element) ? new ScalarList(element, capacity) : new RefList(element, capacity);

    /// <summary>The run-time value of a compile-time constant of <paramref name="type"/>.</summary>
    internal static ScriptValue FromConstant(ConstantValue value, TypeSymbol type) => value.Kind switch
    {
        ConstantKind.String => ScriptValue.FromRef(value.String),
        ConstantKind.Bytes => ScriptValue.FromRef(ScriptBytes.From(value.Bytes)),
        ConstantKind.None => ScriptValue.None,
        _ when type is OptionalTypeSymbol => ScriptValue.FromRef(ScalarBox.Of(value.Bits)),
        _ => ScriptValue.FromScalar(value.Bits),
    };
}

using DriverScript.Language.Symbols;

namespace DriverScript.Language.Binding;

/// <summary>
/// Folds operators on constants with the run-time semantics the interpreter and the IL tier must
/// share: integer arithmetic wraps modulo 2^width; division truncates toward zero; a shift by a
/// count ≥ the width gives 0 (or -1 for <c>&gt;&gt;</c> of a negative signed value); division by zero
/// is not folded (it is a run-time error).
/// </summary>
public static class ConstantFolder
{
    public static ConstantValue? FoldBinary(BoundBinaryOperatorKind op, ConstantValue left, ConstantValue right, TypeSymbol operandType, TypeSymbol resultType)
    {
        switch (op)
        {
            case BoundBinaryOperatorKind.Equal: return ConstantValue.FromBool(left.ValueEquals(right));
            case BoundBinaryOperatorKind.NotEqual: return ConstantValue.FromBool(!left.ValueEquals(right));
            case BoundBinaryOperatorKind.LogicalAnd: return ConstantValue.FromBool(left.Bool && right.Bool);
            case BoundBinaryOperatorKind.LogicalOr: return ConstantValue.FromBool(left.Bool || right.Bool);
            case BoundBinaryOperatorKind.StringConcat: return ConstantValue.FromString(left.String + right.String);
            case BoundBinaryOperatorKind.BytesConcat: return ConstantValue.FromBytes(left.Bytes.AddRange(right.Bytes));
        }
        if (left.Kind != ConstantKind.Scalar || right.Kind != ConstantKind.Scalar) return null;
        ulong a = left.Bits, b = right.Bits;
        bool signed = operandType.IsSignedInteger;
        switch (op)
        {
            case BoundBinaryOperatorKind.Less: return ConstantValue.FromBool(signed ? (long)a < (long)b : a < b);
            case BoundBinaryOperatorKind.LessEqual: return ConstantValue.FromBool(signed ? (long)a <= (long)b : a <= b);
            case BoundBinaryOperatorKind.Greater: return ConstantValue.FromBool(signed ? (long)a > (long)b : a > b);
            case BoundBinaryOperatorKind.GreaterEqual: return ConstantValue.FromBool(signed ? (long)a >= (long)b : a >= b);
        }
        ulong? r = EvaluateInteger(op, a, b, operandType);
        return r is { } v ? ConstantValue.Scalar(ConstantValue.Normalize(v, resultType)) : null;
    }

    /// <summary>
    /// The integer (and duration) operators on 64-bit representations (see <see cref="ConstantValue.Bits"/>);
    /// null for a division by zero. The result is not yet normalized to the result type.
    /// </summary>
    public static ulong? EvaluateInteger(BoundBinaryOperatorKind op, ulong a, ulong b, TypeSymbol operandType)
    {
        bool signed = operandType.IsSignedInteger;
        unchecked
        {
            switch (op)
            {
                case BoundBinaryOperatorKind.Add:
                case BoundBinaryOperatorKind.DurationAdd:
                    return a + b;
                case BoundBinaryOperatorKind.Subtract:
                case BoundBinaryOperatorKind.DurationSubtract:
                    return a - b;
                case BoundBinaryOperatorKind.Multiply:
                case BoundBinaryOperatorKind.DurationTimesInteger:
                case BoundBinaryOperatorKind.IntegerTimesDuration:
                    return a * b;
                case BoundBinaryOperatorKind.Divide:
                case BoundBinaryOperatorKind.DurationDivideInteger:
                case BoundBinaryOperatorKind.DurationDivideDuration:
                    if (b == 0) return null;
                    if (signed) return (long)b == -1 ? 0UL - a : (ulong)((long)a / (long)b);
                    return a / b;
                case BoundBinaryOperatorKind.Remainder:
                    if (b == 0) return null;
                    if (signed) return (long)b == -1 ? 0UL : (ulong)((long)a % (long)b);
                    return a % b;
                case BoundBinaryOperatorKind.BitwiseAnd: return a & b;
                case BoundBinaryOperatorKind.BitwiseOr: return a | b;
                case BoundBinaryOperatorKind.BitwiseXor: return a ^ b;
                case BoundBinaryOperatorKind.ShiftLeft:
                    return b >= (ulong)operandType.BitWidth ? 0UL : a << (int)b;
                case BoundBinaryOperatorKind.ShiftRight:
                    if (signed) return b >= (ulong)operandType.BitWidth ? ((long)a < 0 ? ulong.MaxValue : 0UL) : (ulong)((long)a >> (int)b);
                    return b >= (ulong)operandType.BitWidth ? 0UL : a >> (int)b;
                default:
                    return null;
            }
        }
    }
}

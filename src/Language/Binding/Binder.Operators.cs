using DriverScript.Language.Diagnostics;
using DriverScript.Language.Symbols;
using DriverScript.Language.Syntax;

namespace DriverScript.Language.Binding;

public sealed partial class Binder
{
    internal static string OperatorText(BinaryOperator op) => op switch
    {
        BinaryOperator.LogicalOr => "||",
        BinaryOperator.LogicalAnd => "&&",
        BinaryOperator.Equal => "==",
        BinaryOperator.NotEqual => "!=",
        BinaryOperator.Less => "<",
        BinaryOperator.LessEqual => "<=",
        BinaryOperator.Greater => ">",
        BinaryOperator.GreaterEqual => ">=",
        BinaryOperator.BitwiseOr => "|",
        BinaryOperator.BitwiseXor => "^",
        BinaryOperator.BitwiseAnd => "&",
        BinaryOperator.ShiftLeft => "<<",
        BinaryOperator.ShiftRight => ">>",
        BinaryOperator.Add => "+",
        BinaryOperator.Subtract => "-",
        BinaryOperator.Multiply => "*",
        BinaryOperator.Divide => "/",
        _ => "%",
    };

    private static string UnaryText(UnaryOperator op) => op switch
    {
        UnaryOperator.Not => "!",
        UnaryOperator.BitwiseNot => "~",
        _ => "-",
    };

    // ------------------------------------------------------------------ unary

    private BoundExpression BindUnary(UnaryExpressionSyntax syntax, TypeSymbol? expected)
    {
        switch (syntax.Operator)
        {
            case UnaryOperator.Not:
            {
                var operand = BindValue(syntax.Operand, TypeSymbol.Bool);
                operand = Materialize(operand, TypeSymbol.Bool);
                if (operand.Type.IsError) return Error(syntax);
                if (operand.Type.Kind != TypeKind.Bool) return UnaryError(syntax, operand.Type);
                if (operand.ConstantValue is { } c) return new BoundLiteral(syntax, TypeSymbol.Bool, ConstantValue.FromBool(!c.Bool));
                return new BoundUnary(syntax, BoundUnaryOperatorKind.LogicalNot, operand);
            }
            case UnaryOperator.Negate:
            {
                var operand = BindValue(syntax.Operand, expected);
                if (operand is BoundUntypedInteger u) return new BoundUntypedInteger(syntax, -u.Value);
                operand = Materialize(operand, expected);
                if (operand.Type.IsError) return Error(syntax);
                if (!operand.Type.IsSignedInteger) return UnaryError(syntax, operand.Type);
                if (operand.ConstantValue is { } c)
                    return new BoundLiteral(syntax, operand.Type, ConstantValue.Scalar(ConstantValue.Normalize(unchecked(0UL - c.Bits), operand.Type)));
                return new BoundUnary(syntax, BoundUnaryOperatorKind.Negate, operand);
            }
            default:
            {
                var operand = Materialize(BindValue(syntax.Operand, expected), expected);
                if (operand.Type.IsError) return Error(syntax);
                if (!operand.Type.IsInteger) return UnaryError(syntax, operand.Type);
                if (operand.ConstantValue is { } c)
                    return new BoundLiteral(syntax, operand.Type, ConstantValue.Scalar(ConstantValue.Normalize(~c.Bits, operand.Type)));
                return new BoundUnary(syntax, BoundUnaryOperatorKind.BitwiseNot, operand);
            }
        }
    }

    private BoundExpression UnaryError(UnaryExpressionSyntax syntax, TypeSymbol type)
    {
        _diagnostics.Add(DiagnosticCodes.OperatorTypes, syntax.OperatorSpan, UnaryText(syntax.Operator), $"'{type.Name}'");
        return Error(syntax);
    }

    private BoundExpression BinaryError(BinaryExpressionSyntax syntax, TypeSymbol left, TypeSymbol right)
    {
        _diagnostics.Add(DiagnosticCodes.OperatorTypes, syntax.OperatorSpan, OperatorText(syntax.Operator), $"'{left.Name}' and '{right.Name}'");
        return Error(syntax);
    }

    // ------------------------------------------------------------------ binary

    private BoundExpression BindBinary(BinaryExpressionSyntax syntax, TypeSymbol? expected)
    {
        switch (syntax.Operator)
        {
            case BinaryOperator.LogicalAnd:
            case BinaryOperator.LogicalOr:
            {
                var left = BindConverted(syntax.Left, TypeSymbol.Bool);
                var right = BindConverted(syntax.Right, TypeSymbol.Bool);
                if (left.Type.IsError || right.Type.IsError) return Error(syntax);
                bool and = syntax.Operator == BinaryOperator.LogicalAnd;
                if (left.ConstantValue is { } l && right.ConstantValue is { } r)
                    return new BoundLiteral(syntax, TypeSymbol.Bool, ConstantValue.FromBool(and ? l.Bool && r.Bool : l.Bool || r.Bool));
                return new BoundBinary(syntax, and ? BoundBinaryOperatorKind.LogicalAnd : BoundBinaryOperatorKind.LogicalOr, left, right, TypeSymbol.Bool, TypeSymbol.Bool);
            }
            case BinaryOperator.Equal:
            case BinaryOperator.NotEqual:
                return BindEquality(syntax);
            case BinaryOperator.Less:
            case BinaryOperator.LessEqual:
            case BinaryOperator.Greater:
            case BinaryOperator.GreaterEqual:
                return BindComparison(syntax);
            default:
                return BindArithmetic(syntax, expected);
        }
    }

    private static BoundBinaryOperatorKind Kind(BinaryOperator op) => op switch
    {
        BinaryOperator.Add => BoundBinaryOperatorKind.Add,
        BinaryOperator.Subtract => BoundBinaryOperatorKind.Subtract,
        BinaryOperator.Multiply => BoundBinaryOperatorKind.Multiply,
        BinaryOperator.Divide => BoundBinaryOperatorKind.Divide,
        BinaryOperator.Remainder => BoundBinaryOperatorKind.Remainder,
        BinaryOperator.BitwiseAnd => BoundBinaryOperatorKind.BitwiseAnd,
        BinaryOperator.BitwiseOr => BoundBinaryOperatorKind.BitwiseOr,
        BinaryOperator.BitwiseXor => BoundBinaryOperatorKind.BitwiseXor,
        BinaryOperator.ShiftLeft => BoundBinaryOperatorKind.ShiftLeft,
        BinaryOperator.ShiftRight => BoundBinaryOperatorKind.ShiftRight,
        BinaryOperator.Equal => BoundBinaryOperatorKind.Equal,
        BinaryOperator.NotEqual => BoundBinaryOperatorKind.NotEqual,
        BinaryOperator.Less => BoundBinaryOperatorKind.Less,
        BinaryOperator.LessEqual => BoundBinaryOperatorKind.LessEqual,
        BinaryOperator.Greater => BoundBinaryOperatorKind.Greater,
        BinaryOperator.GreaterEqual => BoundBinaryOperatorKind.GreaterEqual,
        BinaryOperator.LogicalAnd => BoundBinaryOperatorKind.LogicalAnd,
        _ => BoundBinaryOperatorKind.LogicalOr,
    };

    /// <summary>The integer type two integer operands meet at: the same type, or the one the other widens to.</summary>
    private static TypeSymbol? CommonIntegerType(TypeSymbol a, TypeSymbol b)
    {
        if (ReferenceEquals(a, b)) return a;
        if (CanWiden(a, b)) return b;
        if (CanWiden(b, a)) return a;
        return null;
    }

    /// <summary>Gives untyped operands a type from the other side (or the expectation, or the default).</summary>
    private (BoundExpression Left, BoundExpression Right) MaterializePair(BoundExpression left, BoundExpression right, TypeSymbol? expected, bool scalesDuration = false)
    {
        if (left is BoundUntypedInteger && right is not BoundUntypedInteger)
            left = Materialize(left, IntegerHint(right.Type, scalesDuration) ?? expected);
        else if (right is BoundUntypedInteger && left is not BoundUntypedInteger)
            right = Materialize(right, IntegerHint(left.Type, scalesDuration) ?? expected);
        else if (left is BoundUntypedInteger)
        {
            left = Materialize(left, expected);
            right = Materialize(right, left.Type.IsInteger ? left.Type : expected);
        }
        return (left, right);
    }

    /// <summary>The integer type an untyped operand next to <paramref name="t"/> takes (u64 beside a duration it scales).</summary>
    private static TypeSymbol? IntegerHint(TypeSymbol t, bool scalesDuration) => t switch
    {
        { IsInteger: true } => t,
        { Kind: TypeKind.Duration } when scalesDuration => TypeSymbol.U64,
        OptionalTypeSymbol { Underlying.IsInteger: true } o => o.Underlying,
        _ => null,
    };

    private BoundExpression BindArithmetic(BinaryExpressionSyntax syntax, TypeSymbol? expected)
    {
        var integerExpected = expected is { IsInteger: true } ? expected : null;
        var left = BindValue(syntax.Left, integerExpected);
        bool isShift = syntax.Operator is BinaryOperator.ShiftLeft or BinaryOperator.ShiftRight;
        var right = BindValue(syntax.Right, isShift ? null : integerExpected);
        if (left.Type.IsError || right.Type.IsError) return Error(syntax);

        if (left is BoundUntypedInteger lu && right is BoundUntypedInteger ru)
        {
            var folded = FoldUntyped(syntax, lu.Value, ru.Value);
            if (folded is not null) return folded;
        }
        var op = Kind(syntax.Operator);
        if (isShift)
        {
            left = Materialize(left, integerExpected);
            right = Materialize(right, null);
            if (left.Type.IsError || right.Type.IsError) return Error(syntax);
            if (!left.Type.IsInteger || !right.Type.IsInteger) return BinaryError(syntax, left.Type, right.Type);
            return MakeBinary(syntax, op, left, right, left.Type, left.Type);
        }
        (left, right) = MaterializePair(left, right, integerExpected,
            scalesDuration: syntax.Operator is BinaryOperator.Multiply or BinaryOperator.Divide);
        if (left.Type.IsError || right.Type.IsError) return Error(syntax);
        var lt = left.Type;
        var rt = right.Type;
        if (lt.IsInteger && rt.IsInteger)
        {
            var common = CommonIntegerType(lt, rt);
            if (common is null) return BinaryError(syntax, lt, rt);
            return MakeBinary(syntax, op, Convert(left, common), Convert(right, common), common, common);
        }
        switch (syntax.Operator)
        {
            case BinaryOperator.Add when lt.Kind == TypeKind.String && rt.Kind == TypeKind.String:
                return MakeBinary(syntax, BoundBinaryOperatorKind.StringConcat, left, right, lt, lt);
            case BinaryOperator.Add when lt.Kind == TypeKind.Bytes && rt.Kind == TypeKind.Bytes:
                return MakeBinary(syntax, BoundBinaryOperatorKind.BytesConcat, left, right, lt, lt);
            case BinaryOperator.Add when lt.Kind == TypeKind.Duration && rt.Kind == TypeKind.Duration:
                return MakeBinary(syntax, BoundBinaryOperatorKind.DurationAdd, left, right, lt, lt);
            case BinaryOperator.Subtract when lt.Kind == TypeKind.Duration && rt.Kind == TypeKind.Duration:
                return MakeBinary(syntax, BoundBinaryOperatorKind.DurationSubtract, left, right, lt, lt);
            case BinaryOperator.Multiply when lt.Kind == TypeKind.Duration && rt.IsUnsignedInteger:
                return MakeBinary(syntax, BoundBinaryOperatorKind.DurationTimesInteger, left, Convert(right, TypeSymbol.U64), lt, lt);
            case BinaryOperator.Multiply when lt.IsUnsignedInteger && rt.Kind == TypeKind.Duration:
                return MakeBinary(syntax, BoundBinaryOperatorKind.IntegerTimesDuration, Convert(left, TypeSymbol.U64), right, rt, rt);
            case BinaryOperator.Divide when lt.Kind == TypeKind.Duration && rt.IsUnsignedInteger:
                return MakeBinary(syntax, BoundBinaryOperatorKind.DurationDivideInteger, left, Convert(right, TypeSymbol.U64), lt, lt);
            case BinaryOperator.Divide when lt.Kind == TypeKind.Duration && rt.Kind == TypeKind.Duration:
                return MakeBinary(syntax, BoundBinaryOperatorKind.DurationDivideDuration, left, right, lt, TypeSymbol.U64);
        }
        return BinaryError(syntax, lt, rt);
    }

    private BoundExpression BindComparison(BinaryExpressionSyntax syntax)
    {
        var left = BindValue(syntax.Left, null);
        var right = BindValue(syntax.Right, null);
        if (left.Type.IsError || right.Type.IsError) return Error(syntax);
        var op = Kind(syntax.Operator);
        if (left is BoundUntypedInteger lu && right is BoundUntypedInteger ru)
            return new BoundLiteral(syntax, TypeSymbol.Bool, ConstantValue.FromBool(CompareUntyped(op, lu.Value, ru.Value)));
        (left, right) = MaterializePair(left, right, null);
        if (left.Type.IsError || right.Type.IsError) return Error(syntax);
        var lt = left.Type;
        var rt = right.Type;
        if (lt.IsInteger && rt.IsInteger)
        {
            var common = CommonIntegerType(lt, rt);
            if (common is null) return BinaryError(syntax, lt, rt);
            return MakeBinary(syntax, op, Convert(left, common), Convert(right, common), common, TypeSymbol.Bool);
        }
        if (lt.Kind == TypeKind.Duration && rt.Kind == TypeKind.Duration)
            return MakeBinary(syntax, op, left, right, lt, TypeSymbol.Bool);
        return BinaryError(syntax, lt, rt);
    }

    private static bool IsNone(ExpressionSyntax syntax)
    {
        while (syntax is ParenthesizedExpressionSyntax p) syntax = p.Inner;
        return syntax is NoneLiteralSyntax;
    }

    private BoundExpression BindEquality(BinaryExpressionSyntax syntax)
    {
        bool equal = syntax.Operator == BinaryOperator.Equal;
        bool leftNone = IsNone(syntax.Left), rightNone = IsNone(syntax.Right);
        if (leftNone || rightNone)
        {
            if (leftNone && rightNone) return BinaryError(syntax, TypeSymbol.NoneType, TypeSymbol.NoneType);
            var other = BindExpression(leftNone ? syntax.Right : syntax.Left);
            if (other.Type.IsError) return Error(syntax);
            if (other.Type is not OptionalTypeSymbol)
                return leftNone ? BinaryError(syntax, TypeSymbol.NoneType, other.Type) : BinaryError(syntax, other.Type, TypeSymbol.NoneType);
            return new BoundOptionalTest(syntax, other, isNoneTest: equal);
        }
        var (left, right) = BindOperandsInContext(syntax.Left, syntax.Right);
        if (left.Type.IsError || right.Type.IsError) return Error(syntax);
        var op = equal ? BoundBinaryOperatorKind.Equal : BoundBinaryOperatorKind.NotEqual;
        if (left is BoundUntypedInteger lu && right is BoundUntypedInteger ru)
            return new BoundLiteral(syntax, TypeSymbol.Bool, ConstantValue.FromBool(equal == (lu.Value == ru.Value)));
        (left, right) = MaterializePair(left, right, null);
        if (left.Type.IsError || right.Type.IsError) return Error(syntax);
        var lt = left.Type;
        var rt = right.Type;
        TypeSymbol? operandType = null;
        if (TypeSymbol.AreEquivalent(lt, rt)) operandType = lt;
        else if (lt.IsInteger && rt.IsInteger) operandType = CommonIntegerType(lt, rt);
        else if (lt is OptionalTypeSymbol && IsImplicitlyConvertible(rt, lt)) operandType = lt;
        else if (rt is OptionalTypeSymbol && IsImplicitlyConvertible(lt, rt)) operandType = rt;
        if (operandType is null || operandType.IsVoid) return BinaryError(syntax, lt, rt);
        return MakeBinary(syntax, op, Convert(left, operandType), Convert(right, operandType), operandType, TypeSymbol.Bool);
    }

    /// <summary>
    /// Binds two operands so that one whose type comes from its context (a list literal) takes the
    /// other's type: <c>seen == [0x10, 0x20]</c> compares two <c>list&lt;u8&gt;</c>.
    /// </summary>
    private (BoundExpression Left, BoundExpression Right) BindOperandsInContext(ExpressionSyntax leftSyntax, ExpressionSyntax rightSyntax)
    {
        static bool NeedsContext(ExpressionSyntax e)
        {
            while (e is ParenthesizedExpressionSyntax p) e = p.Inner;
            return e is ListLiteralSyntax;
        }
        static TypeSymbol? Hint(BoundExpression e) => e.Type.Kind is TypeKind.UntypedInteger or TypeKind.Error ? null : e.Type;
        if (NeedsContext(leftSyntax) && !NeedsContext(rightSyntax))
        {
            var r = BindValue(rightSyntax, null);
            var l = BindValue(leftSyntax, Hint(r));
            return (l, r);
        }
        var left = BindValue(leftSyntax, null);
        var right = BindValue(rightSyntax, NeedsContext(rightSyntax) ? Hint(left) : null);
        return (left, right);
    }

    /// <summary>Builds a binary node, folding it when both operands are constants.</summary>
    private static BoundExpression MakeBinary(SyntaxNode syntax, BoundBinaryOperatorKind op, BoundExpression left, BoundExpression right, TypeSymbol operandType, TypeSymbol type)
    {
        if (left.Type.IsError || right.Type.IsError) return new BoundErrorExpression(syntax);
        if (left.ConstantValue is { } l && right.ConstantValue is { } r)
        {
            var folded = ConstantFolder.FoldBinary(op, l, r, operandType, type);
            if (folded is not null) return new BoundLiteral(syntax, type, folded);
        }
        return new BoundBinary(syntax, op, left, right, operandType, type);
    }

    // ------------------------------------------------------------------ untyped constants

    private BoundExpression? FoldUntyped(BinaryExpressionSyntax syntax, Int128 a, Int128 b)
    {
        const int maxBits = 100;
        var limit = Int128.One << maxBits;
        Int128 result;
        try
        {
            checked
            {
                switch (syntax.Operator)
                {
                    case BinaryOperator.Add: result = a + b; break;
                    case BinaryOperator.Subtract: result = a - b; break;
                    case BinaryOperator.Multiply:
                        if (Int128.Abs(a) >= limit || Int128.Abs(b) >= limit) throw new OverflowException();
                        result = a * b;
                        break;
                    case BinaryOperator.Divide:
                        if (b == 0) return null; // left to run time, which reports it like any division by zero
                        result = a / b;
                        break;
                    case BinaryOperator.Remainder:
                        if (b == 0) return null;
                        result = a % b;
                        break;
                    case BinaryOperator.BitwiseAnd: result = a & b; break;
                    case BinaryOperator.BitwiseOr: result = a | b; break;
                    case BinaryOperator.BitwiseXor: result = a ^ b; break;
                    case BinaryOperator.ShiftLeft:
                        if (b < 0 || b > 64) throw new OverflowException();
                        result = a << (int)b;
                        break;
                    case BinaryOperator.ShiftRight:
                        if (b < 0) throw new OverflowException();
                        result = b >= 127 ? (a < 0 ? -1 : 0) : a >> (int)b;
                        break;
                    default: return null;
                }
            }
            if (Int128.Abs(result) >= limit) throw new OverflowException();
        }
        catch (OverflowException)
        {
            _diagnostics.Add(DiagnosticCodes.LiteralOutOfRange, syntax.Span, Describe(syntax), "u64");
            return Error(syntax);
        }
        return new BoundUntypedInteger(syntax, result);
    }

    private static bool CompareUntyped(BoundBinaryOperatorKind op, Int128 a, Int128 b) => op switch
    {
        BoundBinaryOperatorKind.Less => a < b,
        BoundBinaryOperatorKind.LessEqual => a <= b,
        BoundBinaryOperatorKind.Greater => a > b,
        _ => a >= b,
    };
}

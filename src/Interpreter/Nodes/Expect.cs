using DriverScript.Language.Binding;
using DriverScript.Language.Symbols;
using DriverScript.Language.Text;

namespace DriverScript.Interpreter.Nodes;

/// <summary><c>expect cond[, message];</c> on a condition that is not a comparison.</summary>
internal sealed class Expect(SourceSpan span, Expr condition, Expr? message, string text) : Stmt(span)
{
    private readonly Expr _condition = condition;
    private readonly Expr? _message = message;
    private readonly string _text = text;

    public override Completion Execute(ScriptFrame f)
    {
        if (!_condition.EvalBool(f)) throw ExpectFailure.Create(Span, f, _text, null, _message);
        return Completion.Normal;
    }
}

/// <summary>
/// <c>expect a OP b;</c>: both sides are evaluated once, compared, and reported with their values
/// when the comparison fails (§8).
/// </summary>
internal sealed class ExpectComparison(SourceSpan span, Expr left, Expr right, BoundBinaryOperatorKind op, TypeSymbol operandType, Expr? message, string text)
    : Stmt(span)
{
    private readonly Expr _left = left;
    private readonly Expr _right = right;
    private readonly BoundBinaryOperatorKind _op = op;
    private readonly TypeSymbol _operandType = operandType;
    private readonly bool _scalar = ValueLayout.IsScalar(operandType);
    private readonly Expr? _message = message;
    private readonly string _text = text;

    public override Completion Execute(ScriptFrame f)
    {
        var a = _left.EvalValue(f);
        var b = _right.EvalValue(f);
        if (!Holds(a, b))
        {
            string sides = $"left {ValueFormatter.Format(a, _operandType)}, right {ValueFormatter.Format(b, _operandType)}";
            throw ExpectFailure.Create(Span, f, _text, sides, _message);
        }
        return Completion.Normal;
    }

    private bool Holds(ScriptValue a, ScriptValue b)
    {
        bool signed = _operandType.IsSignedInteger;
        long sa = a.AsSigned, sb = b.AsSigned;
        return _op switch
        {
            BoundBinaryOperatorKind.Equal => _scalar ? a.Bits == b.Bits : ValueEquality.AreEqual(a.Ref, b.Ref),
            BoundBinaryOperatorKind.NotEqual => _scalar ? a.Bits != b.Bits : !ValueEquality.AreEqual(a.Ref, b.Ref),
            BoundBinaryOperatorKind.Less => signed ? sa < sb : a.Bits < b.Bits,
            BoundBinaryOperatorKind.LessEqual => signed ? sa <= sb : a.Bits <= b.Bits,
            BoundBinaryOperatorKind.Greater => signed ? sa > sb : a.Bits > b.Bits,
            _ => signed ? sa >= sb : a.Bits >= b.Bits,
        };
    }
}

/// <summary><c>expect x == none;</c> / <c>expect x != none;</c>: reports the value of <c>x</c>.</summary>
internal sealed class ExpectNone(SourceSpan span, Expr operand, bool isNoneTest, Expr? message, string text) : Stmt(span)
{
    private readonly Expr _operand = operand;
    private readonly bool _isNoneTest = isNoneTest;
    private readonly Expr? _message = message;
    private readonly string _text = text;

    public override Completion Execute(ScriptFrame f)
    {
        var value = _operand.EvalValue(f);
        if ((value.Ref is null) != _isNoneTest)
            throw ExpectFailure.Create(Span, f, _text, $"left {ValueFormatter.Format(value, _operand.Type)}, right none", _message);
        return Completion.Normal;
    }
}

internal static class ExpectFailure
{
    /// <summary><c>'expect a == b' failed: left 3, right 4</c>, then the script's own message if it gave one.</summary>
    public static ScriptRuntimeException Create(SourceSpan span, ScriptFrame f, string text, string? sides, Expr? message)
    {
        string description = $"'expect {text}' failed";
        if (sides is not null) description += ": " + sides;
        if (message is not null) description += " — " + (string)message.EvalRef(f)!;
        return new ScriptRuntimeException(RuntimeErrorKind.ExpectFailed, RuntimeDiagnostics.ExpectFailed, span, description);
    }
}

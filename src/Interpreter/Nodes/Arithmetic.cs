using System.Runtime.CompilerServices;
using DriverScript.Language.Symbols;
using DriverScript.Language.Text;

namespace DriverScript.Interpreter.Nodes;

// Integer semantics (LANGUAGE.md §3, the same as ConstantFolder): values are 64 raw bits,
// unsigned zero-extended and signed sign-extended; every result is normalised to its width, so
// arithmetic wraps modulo 2^width. Division truncates toward zero; MIN / -1 wraps to MIN and
// MIN % -1 is 0; a shift by a count >= the width gives 0 (-1 for >> of a negative signed value).

/// <summary>An integer width: how a 64-bit result is brought back into the type's range.</summary>
internal interface IWidth
{
    static abstract ulong Norm(ulong value);

    static abstract int Bits { get; }
}

/// <summary>u64, i64 and durations: nothing to do.</summary>
internal struct W64 : IWidth
{
    public static ulong Norm(ulong value) => value;
    public static int Bits => 64;
}

/// <summary>u32 (and statuses, enums, power states).</summary>
internal struct W32 : IWidth
{
    public static ulong Norm(ulong value) => value & 0xFFFF_FFFFUL;
    public static int Bits => 32;
}

internal struct W16 : IWidth
{
    public static ulong Norm(ulong value) => value & 0xFFFFUL;
    public static int Bits => 16;
}

internal struct W8 : IWidth
{
    public static ulong Norm(ulong value) => value & 0xFFUL;
    public static int Bits => 8;
}

/// <summary>i32: sign-extend bit 31.</summary>
internal struct WI32 : IWidth
{
    public static ulong Norm(ulong value) => unchecked((ulong)(long)(int)(uint)value);
    public static int Bits => 32;
}

/// <summary>A binary integer operator at a width. The node gives the location of a division by zero.</summary>
internal interface IScalarOp
{
    static abstract ulong Apply<TW>(ulong a, ulong b, Expr node) where TW : struct, IWidth;
}

internal struct AddOp : IScalarOp
{
    public static ulong Apply<TW>(ulong a, ulong b, Expr node) where TW : struct, IWidth => TW.Norm(unchecked(a + b));
}

internal struct SubOp : IScalarOp
{
    public static ulong Apply<TW>(ulong a, ulong b, Expr node) where TW : struct, IWidth => TW.Norm(unchecked(a - b));
}

internal struct MulOp : IScalarOp
{
    public static ulong Apply<TW>(ulong a, ulong b, Expr node) where TW : struct, IWidth => TW.Norm(unchecked(a * b));
}

internal struct DivUOp : IScalarOp
{
    public static ulong Apply<TW>(ulong a, ulong b, Expr node) where TW : struct, IWidth =>
        b == 0 ? throw Errors.DivideByZero(node.Span, remainder: false) : a / b;
}

internal struct RemUOp : IScalarOp
{
    public static ulong Apply<TW>(ulong a, ulong b, Expr node) where TW : struct, IWidth =>
        b == 0 ? throw Errors.DivideByZero(node.Span, remainder: true) : a % b;
}

internal struct DivSOp : IScalarOp
{
    public static ulong Apply<TW>(ulong a, ulong b, Expr node) where TW : struct, IWidth
    {
        if (b == 0) throw Errors.DivideByZero(node.Span, remainder: false);
        return unchecked((long)b == -1 ? TW.Norm(0UL - a) : TW.Norm((ulong)((long)a / (long)b)));
    }
}

internal struct RemSOp : IScalarOp
{
    public static ulong Apply<TW>(ulong a, ulong b, Expr node) where TW : struct, IWidth
    {
        if (b == 0) throw Errors.DivideByZero(node.Span, remainder: true);
        return unchecked((long)b == -1 ? 0UL : (ulong)((long)a % (long)b));
    }
}

internal struct AndOp : IScalarOp
{
    public static ulong Apply<TW>(ulong a, ulong b, Expr node) where TW : struct, IWidth => a & b;
}

internal struct OrOp : IScalarOp
{
    public static ulong Apply<TW>(ulong a, ulong b, Expr node) where TW : struct, IWidth => a | b;
}

internal struct XorOp : IScalarOp
{
    public static ulong Apply<TW>(ulong a, ulong b, Expr node) where TW : struct, IWidth => a ^ b;
}

internal struct ShlOp : IScalarOp
{
    public static ulong Apply<TW>(ulong a, ulong b, Expr node) where TW : struct, IWidth =>
        b >= (ulong)TW.Bits ? 0UL : TW.Norm(a << (int)b);
}

internal struct ShrUOp : IScalarOp
{
    public static ulong Apply<TW>(ulong a, ulong b, Expr node) where TW : struct, IWidth =>
        b >= (ulong)TW.Bits ? 0UL : a >> (int)b;
}

internal struct ShrSOp : IScalarOp
{
    public static ulong Apply<TW>(ulong a, ulong b, Expr node) where TW : struct, IWidth => unchecked(
        b >= (ulong)TW.Bits ? ((long)a < 0 ? ulong.MaxValue : 0UL) : (ulong)((long)a >> (int)b));
}

/// <summary><c>l op r</c> on two scalar operands.</summary>
internal sealed class Binary<TOp, TW>(SourceSpan span, TypeSymbol type, Expr left, Expr right) : ScalarExpr(span, type)
    where TOp : struct, IScalarOp where TW : struct, IWidth
{
    private readonly Expr _left = left;
    private readonly Expr _right = right;

    public override ulong Eval(ScriptFrame f) => TOp.Apply<TW>(_left.Eval(f), _right.Eval(f), this);
}

/// <summary><c>local op constant</c> (<c>i + 1</c>, <c>x &amp; 0xFF</c>): one node, no virtual calls for the operands.</summary>
internal sealed class BinaryLocalConst<TOp, TW>(SourceSpan span, TypeSymbol type, int slot, ulong constant) : ScalarExpr(span, type)
    where TOp : struct, IScalarOp where TW : struct, IWidth
{
    private readonly int _slot = slot;
    private readonly ulong _constant = constant;

    public override ulong Eval(ScriptFrame f) => TOp.Apply<TW>(Slots.Scalar(f, _slot), _constant, this);
}

/// <summary><c>local op local</c>.</summary>
internal sealed class BinaryLocalLocal<TOp, TW>(SourceSpan span, TypeSymbol type, int left, int right) : ScalarExpr(span, type)
    where TOp : struct, IScalarOp where TW : struct, IWidth
{
    private readonly int _left = left;
    private readonly int _right = right;

    public override ulong Eval(ScriptFrame f) => TOp.Apply<TW>(Slots.Scalar(f, _left), Slots.Scalar(f, _right), this);
}

/// <summary><c>expr op constant</c>.</summary>
internal sealed class BinaryExprConst<TOp, TW>(SourceSpan span, TypeSymbol type, Expr left, ulong constant) : ScalarExpr(span, type)
    where TOp : struct, IScalarOp where TW : struct, IWidth
{
    private readonly Expr _left = left;
    private readonly ulong _constant = constant;

    public override ulong Eval(ScriptFrame f) => TOp.Apply<TW>(_left.Eval(f), _constant, this);
}

// ------------------------------------------------------------------ comparisons

internal interface ICompare
{
    static abstract bool Test(ulong a, ulong b);
}

internal struct EqCmp : ICompare { public static bool Test(ulong a, ulong b) => a == b; }
internal struct NeCmp : ICompare { public static bool Test(ulong a, ulong b) => a != b; }
internal struct LtU : ICompare { public static bool Test(ulong a, ulong b) => a < b; }
internal struct LeU : ICompare { public static bool Test(ulong a, ulong b) => a <= b; }
internal struct GtU : ICompare { public static bool Test(ulong a, ulong b) => a > b; }
internal struct GeU : ICompare { public static bool Test(ulong a, ulong b) => a >= b; }
internal struct LtS : ICompare { public static bool Test(ulong a, ulong b) => unchecked((long)a < (long)b); }
internal struct LeS : ICompare { public static bool Test(ulong a, ulong b) => unchecked((long)a <= (long)b); }
internal struct GtS : ICompare { public static bool Test(ulong a, ulong b) => unchecked((long)a > (long)b); }
internal struct GeS : ICompare { public static bool Test(ulong a, ulong b) => unchecked((long)a >= (long)b); }

internal sealed class Compare<TC>(SourceSpan span, Expr left, Expr right) : BoolExpr(span) where TC : struct, ICompare
{
    private readonly Expr _left = left;
    private readonly Expr _right = right;

    public override bool EvalBool(ScriptFrame f) => TC.Test(_left.Eval(f), _right.Eval(f));
}

internal sealed class CompareLocalConst<TC>(SourceSpan span, int slot, ulong constant) : BoolExpr(span) where TC : struct, ICompare
{
    private readonly int _slot = slot;
    private readonly ulong _constant = constant;

    public override bool EvalBool(ScriptFrame f) => TC.Test(Slots.Scalar(f, _slot), _constant);
}

internal sealed class CompareLocalLocal<TC>(SourceSpan span, int left, int right) : BoolExpr(span) where TC : struct, ICompare
{
    private readonly int _left = left;
    private readonly int _right = right;

    public override bool EvalBool(ScriptFrame f) => TC.Test(Slots.Scalar(f, _left), Slots.Scalar(f, _right));
}

internal sealed class CompareExprConst<TC>(SourceSpan span, Expr left, ulong constant) : BoolExpr(span) where TC : struct, ICompare
{
    private readonly Expr _left = left;
    private readonly ulong _constant = constant;

    public override bool EvalBool(ScriptFrame f) => TC.Test(_left.Eval(f), _constant);
}

/// <summary><c>==</c>/<c>!=</c> on reference values: by content (§3).</summary>
internal sealed class RefEquals(SourceSpan span, Expr left, Expr right, bool negate) : BoolExpr(span)
{
    private readonly Expr _left = left;
    private readonly Expr _right = right;
    private readonly bool _negate = negate;

    public override bool EvalBool(ScriptFrame f) => ValueEquality.AreEqual(_left.EvalRef(f), _right.EvalRef(f)) != _negate;
}

// ------------------------------------------------------------------ logical and unary

internal sealed class AndAlso(SourceSpan span, Expr left, Expr right) : BoolExpr(span)
{
    private readonly Expr _left = left;
    private readonly Expr _right = right;

    public override bool EvalBool(ScriptFrame f) => _left.EvalBool(f) && _right.EvalBool(f);
}

internal sealed class OrElse(SourceSpan span, Expr left, Expr right) : BoolExpr(span)
{
    private readonly Expr _left = left;
    private readonly Expr _right = right;

    public override bool EvalBool(ScriptFrame f) => _left.EvalBool(f) || _right.EvalBool(f);
}

internal sealed class Not(SourceSpan span, Expr operand) : BoolExpr(span)
{
    private readonly Expr _operand = operand;

    public override bool EvalBool(ScriptFrame f) => !_operand.EvalBool(f);
}

internal sealed class BitwiseNot<TW>(SourceSpan span, TypeSymbol type, Expr operand) : ScalarExpr(span, type) where TW : struct, IWidth
{
    private readonly Expr _operand = operand;

    public override ulong Eval(ScriptFrame f) => TW.Norm(~_operand.Eval(f));
}

internal sealed class Negate<TW>(SourceSpan span, TypeSymbol type, Expr operand) : ScalarExpr(span, type) where TW : struct, IWidth
{
    private readonly Expr _operand = operand;

    public override ulong Eval(ScriptFrame f) => TW.Norm(unchecked(0UL - _operand.Eval(f)));
}

// ------------------------------------------------------------------ strings and bytes

internal sealed class StringConcat(SourceSpan span, Expr left, Expr right) : RefExpr(span, TypeSymbol.String)
{
    private readonly Expr _left = left;
    private readonly Expr _right = right;

    public override object? EvalRef(ScriptFrame f)
    {
        var a = (string)_left.EvalRef(f)!;
        var b = (string)_right.EvalRef(f)!;
        f.Execution.Allocate(StringSize(a.Length + b.Length), Span);
        return string.Concat(a, b);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long StringSize(long chars) => 24 + 2 * chars;
}

internal sealed class BytesConcat(SourceSpan span, Expr left, Expr right) : RefExpr(span, TypeSymbol.Bytes)
{
    private readonly Expr _left = left;
    private readonly Expr _right = right;

    public override object? EvalRef(ScriptFrame f)
    {
        var a = (ScriptBytes)_left.EvalRef(f)!;
        var b = (ScriptBytes)_right.EvalRef(f)!;
        if (b.Length == 0) return a;
        if (a.Length == 0) return b;
        long length = (long)a.Length + b.Length;
        f.Execution.AllocateBytes(length, Span);
        var array = new byte[length];
        a.Span.CopyTo(array);
        b.Span.CopyTo(array.AsSpan(a.Length));
        return ScriptBytes.Wrap(array);
    }
}

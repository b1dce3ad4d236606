using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using DriverScript.Language.Symbols;
using DriverScript.Language.Text;

namespace DriverScript.Interpreter.Nodes;

// Prepared expression nodes (STYLE.md, after Jint): built once from the bound tree by NodeBuilder,
// one small class per operation and operand shape, specialised per operator and integer width
// through struct type parameters the JIT compiles separately. A scalar node answers Eval (64 raw
// bits, already normalised to its type) and EvalBool; a reference node answers EvalRef; a void
// node only runs (Exec). Nothing here boxes a scalar or looks up a name.

internal abstract class Expr
{
    protected Expr(SourceSpan span, TypeSymbol type)
    {
        Span = span;
        Type = type;
    }

    public SourceSpan Span { get; }

    public TypeSymbol Type { get; }

    public virtual ulong Eval(ScriptFrame f) => throw new InvalidOperationException($"{GetType().Name} is not a scalar expression");

    public virtual bool EvalBool(ScriptFrame f) => Eval(f) != 0;

    public virtual object? EvalRef(ScriptFrame f) => throw new InvalidOperationException($"{GetType().Name} is not a reference expression");

    /// <summary>Evaluates for the side effects only (an expression statement).</summary>
    public abstract void Exec(ScriptFrame f);

    /// <summary>The value as a <see cref="ScriptValue"/> (for the runtime seam, print and expect; not the hot path).</summary>
    public abstract ScriptValue EvalValue(ScriptFrame f);
}

internal abstract class ScalarExpr(SourceSpan span, TypeSymbol type) : Expr(span, type)
{
    public abstract override ulong Eval(ScriptFrame f);

    public sealed override void Exec(ScriptFrame f) => Eval(f);

    public sealed override ScriptValue EvalValue(ScriptFrame f) => ScriptValue.FromScalar(Eval(f));
}

/// <summary>A scalar node whose value is a comparison: <see cref="EvalBool"/> is the primary entry.</summary>
internal abstract class BoolExpr(SourceSpan span) : ScalarExpr(span, TypeSymbol.Bool)
{
    public abstract override bool EvalBool(ScriptFrame f);

    public sealed override ulong Eval(ScriptFrame f) => EvalBool(f) ? 1UL : 0UL;
}

internal abstract class RefExpr(SourceSpan span, TypeSymbol type) : Expr(span, type)
{
    public abstract override object? EvalRef(ScriptFrame f);

    public sealed override void Exec(ScriptFrame f) => EvalRef(f);

    public sealed override ScriptValue EvalValue(ScriptFrame f) => ScriptValue.FromRef(EvalRef(f));
}

/// <summary>A call that returns nothing.</summary>
internal abstract class VoidExpr(SourceSpan span) : Expr(span, TypeSymbol.Void)
{
    public sealed override ScriptValue EvalValue(ScriptFrame f)
    {
        Exec(f);
        return default;
    }
}

/// <summary>Unchecked slot access: slot numbers are validated against the frame size when the code is prepared.</summary>
internal static class Slots
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ref ulong Scalar(ScriptFrame f, int slot) => ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(f.S), slot);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ref object? Ref(ScriptFrame f, int slot) => ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(f.R), slot);
}

// ------------------------------------------------------------------ constants

internal sealed class ConstScalar(SourceSpan span, TypeSymbol type, ulong value) : ScalarExpr(span, type)
{
    public readonly ulong Value = value;

    public override ulong Eval(ScriptFrame f) => Value;

    public override bool EvalBool(ScriptFrame f) => Value != 0;
}

internal sealed class ConstRef(SourceSpan span, TypeSymbol type, object? value) : RefExpr(span, type)
{
    public readonly object? Value = value;

    public override object? EvalRef(ScriptFrame f) => Value;
}

// ------------------------------------------------------------------ variables

internal sealed class LocalScalar(SourceSpan span, TypeSymbol type, int slot) : ScalarExpr(span, type)
{
    public readonly int Slot = slot;

    public override ulong Eval(ScriptFrame f) => Slots.Scalar(f, Slot);

    public override bool EvalBool(ScriptFrame f) => Slots.Scalar(f, Slot) != 0;
}

internal sealed class LocalRef(SourceSpan span, TypeSymbol type, int slot) : RefExpr(span, type)
{
    public readonly int Slot = slot;

    public override object? EvalRef(ScriptFrame f) => Slots.Ref(f, Slot);
}

internal sealed class GlobalScalar(SourceSpan span, TypeSymbol type, int slot) : ScalarExpr(span, type)
{
    private readonly int _slot = slot;

    public override ulong Eval(ScriptFrame f) => f.Execution.Globals.Scalars[_slot];
}

internal sealed class GlobalRef(SourceSpan span, TypeSymbol type, int slot) : RefExpr(span, type)
{
    private readonly int _slot = slot;

    public override object? EvalRef(ScriptFrame f) => f.Execution.Globals.Refs[_slot];
}

/// <summary><c>self.FIELD</c> in device code, or a hardware model's own state field: field of <see cref="ScriptFrame.State"/>.</summary>
internal sealed class StateScalar(SourceSpan span, TypeSymbol type, int index) : ScalarExpr(span, type)
{
    private readonly int _index = index;

    public override ulong Eval(ScriptFrame f) => f.StateOrThrow(Span).Scalars[_index];
}

internal sealed class StateRef(SourceSpan span, TypeSymbol type, int index) : RefExpr(span, type)
{
    private readonly int _index = index;

    public override object? EvalRef(ScriptFrame f) => f.StateOrThrow(Span).Refs[_index];
}

// ------------------------------------------------------------------ conversions and optionals

/// <summary><c>e as T</c> to a type narrower than 64 bits: truncate (and sign-extend for <c>i32</c>).</summary>
internal sealed class Narrow<TW>(SourceSpan span, TypeSymbol type, Expr operand) : ScalarExpr(span, type) where TW : struct, IWidth
{
    private readonly Expr _operand = operand;

    public override ulong Eval(ScriptFrame f) => TW.Norm(_operand.Eval(f));
}

/// <summary>A scalar wrapped into an optional: a shared <see cref="ScalarBox"/>.</summary>
internal sealed class WrapScalar(SourceSpan span, TypeSymbol type, Expr operand) : RefExpr(span, type)
{
    private readonly Expr _operand = operand;

    public override object? EvalRef(ScriptFrame f)
    {
        ulong bits = _operand.Eval(f);
        if (!ScalarBox.IsCached(bits)) f.Execution.Allocate(24, Span);
        return ScalarBox.Of(bits);
    }
}

/// <summary><c>x == none</c> / <c>x != none</c>.</summary>
internal sealed class NoneTest(SourceSpan span, Expr operand, bool isNoneTest) : BoolExpr(span)
{
    private readonly Expr _operand = operand;
    private readonly bool _isNoneTest = isNoneTest;

    public Expr Operand => _operand;

    public override bool EvalBool(ScriptFrame f) => (_operand.EvalRef(f) is null) == _isNoneTest;
}

internal sealed class UnwrapScalar(SourceSpan span, TypeSymbol type, Expr operand, string text) : ScalarExpr(span, type)
{
    private readonly Expr _operand = operand;
    private readonly string _text = text;

    public override ulong Eval(ScriptFrame f) =>
        _operand.EvalRef(f) is ScalarBox box ? box.Bits : throw Errors.UnwrapNone(Span, _text);
}

internal sealed class UnwrapRef(SourceSpan span, TypeSymbol type, Expr operand, string text) : RefExpr(span, type)
{
    private readonly Expr _operand = operand;
    private readonly string _text = text;

    public override object? EvalRef(ScriptFrame f) => _operand.EvalRef(f) ?? throw Errors.UnwrapNone(Span, _text);
}

/// <summary>The exceptions nodes throw, made in one place (not inlined into the hot paths).</summary>
internal static class Errors
{
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static ScriptRuntimeException DivideByZero(SourceSpan span, bool remainder) =>
        new(RuntimeErrorKind.DivideByZero, RuntimeDiagnostics.DivideByZero, span, remainder ? "remainder of a division" : "division");

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static ScriptRuntimeException UnwrapNone(SourceSpan span, string text) =>
        new(RuntimeErrorKind.UnwrapNone, RuntimeDiagnostics.UnwrapNone, span, text);

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static ScriptRuntimeException IndexOutOfRange(SourceSpan span, ulong index, string what, int length) =>
        new(RuntimeErrorKind.IndexOutOfRange, RuntimeDiagnostics.IndexOutOfRange, span, index, what, length);

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static ScriptRuntimeException SliceOutOfRange(SourceSpan span, ulong start, ulong end, string what, int length) =>
        new(RuntimeErrorKind.IndexOutOfRange, RuntimeDiagnostics.SliceOutOfRange, span, start, end, what, length);

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static ScriptRuntimeException PopEmpty(SourceSpan span) =>
        new(RuntimeErrorKind.PopEmpty, RuntimeDiagnostics.PopEmpty, span);

    /// <summary>The source text of a span, shortened for messages.</summary>
    public static string TextOf(SourceSpan span)
    {
        string text = span.Source.Text.Substring(span.Start, span.Length);
        return text.Length <= 60 ? text : text[..57] + "...";
    }
}

using DriverScript.Language.Symbols;
using DriverScript.Language.Text;

namespace DriverScript.Interpreter.Nodes;

internal sealed class ListLiteral(SourceSpan span, ListTypeSymbol type, Expr[] elements) : RefExpr(span, type)
{
    private readonly Expr[] _elements = elements;
    private readonly TypeSymbol _element = type.Element;
    private readonly bool _scalar = ValueLayout.IsScalar(type.Element);

    public override object? EvalRef(ScriptFrame f)
    {
        f.Execution.Allocate(ScriptList.SizeOf(_elements.Length), Span);
        if (_scalar)
        {
            var list = new ScalarList(_element, _elements.Length);
            for (int i = 0; i < _elements.Length; i++) list.Items[i] = _elements[i].Eval(f);
            list.Length = _elements.Length;
            return list;
        }
        var refs = new RefList(_element, _elements.Length);
        for (int i = 0; i < _elements.Length; i++) refs.Items[i] = _elements[i].EvalRef(f);
        refs.Length = _elements.Length;
        return refs;
    }
}

/// <summary><c>[a, b]</c> where bytes are expected and some element is not constant.</summary>
internal sealed class BytesFromList(SourceSpan span, Expr[] elements) : RefExpr(span, TypeSymbol.Bytes)
{
    private readonly Expr[] _elements = elements;

    public override object? EvalRef(ScriptFrame f)
    {
        f.Execution.AllocateBytes(_elements.Length, Span);
        var array = new byte[_elements.Length];
        for (int i = 0; i < array.Length; i++) array[i] = (byte)_elements[i].Eval(f);
        return ScriptBytes.Wrap(array);
    }
}

internal sealed class BytesIndex(SourceSpan span, Expr target, Expr index) : ScalarExpr(span, TypeSymbol.U8)
{
    private readonly Expr _target = target;
    private readonly Expr _index = index;

    public override ulong Eval(ScriptFrame f)
    {
        var bytes = _target.EvalRef(f);
        return CollectionOps.ByteAt(bytes, _index.Eval(f), Span);
    }
}

internal sealed class ScalarListIndex(SourceSpan span, TypeSymbol type, Expr target, Expr index) : ScalarExpr(span, type)
{
    private readonly Expr _target = target;
    private readonly Expr _index = index;

    public override ulong Eval(ScriptFrame f)
    {
        var list = _target.EvalRef(f);
        return CollectionOps.ScalarAt(list, _index.Eval(f), Span);
    }
}

internal sealed class RefListIndex(SourceSpan span, TypeSymbol type, Expr target, Expr index) : RefExpr(span, type)
{
    private readonly Expr _target = target;
    private readonly Expr _index = index;

    public override object? EvalRef(ScriptFrame f)
    {
        var list = (RefList)_target.EvalRef(f)!;
        ulong i = _index.Eval(f);
        if (i >= (ulong)list.Length) throw Errors.IndexOutOfRange(Span, i, "a list", list.Length);
        return list.Items[i];
    }
}

/// <summary><c>b[a..c]</c> on bytes: shares the storage (bytes are immutable).</summary>
internal sealed class BytesSlice(SourceSpan span, Expr target, Expr start, Expr end) : RefExpr(span, TypeSymbol.Bytes)
{
    private readonly Expr _target = target;
    private readonly Expr _start = start;
    private readonly Expr _end = end;

    public override object? EvalRef(ScriptFrame f)
    {
        var bytes = (ScriptBytes)_target.EvalRef(f)!;
        ulong a = _start.Eval(f), b = _end.Eval(f);
        if (a > b || b > (ulong)bytes.Length) throw Errors.SliceOutOfRange(Span, a, b, "bytes", bytes.Length);
        f.Execution.Allocate(32, Span);
        return bytes.Slice((int)a, (int)(b - a));
    }
}

/// <summary><c>l[a..c]</c> on a list: a new list.</summary>
internal sealed class ListSlice(SourceSpan span, TypeSymbol type, Expr target, Expr start, Expr end) : RefExpr(span, type)
{
    private readonly Expr _target = target;
    private readonly Expr _start = start;
    private readonly Expr _end = end;

    public override object? EvalRef(ScriptFrame f)
    {
        var list = (ScriptList)_target.EvalRef(f)!;
        ulong a = _start.Eval(f), b = _end.Eval(f);
        if (a > b || b > (ulong)list.Count) throw Errors.SliceOutOfRange(Span, a, b, "a list", list.Count);
        f.Execution.Allocate(ScriptList.SizeOf((int)(b - a)), Span);
        return list.CloneRange((int)a, (int)(b - a));
    }
}

// ------------------------------------------------------------------ pure built-ins on values

internal sealed class LenString(SourceSpan span, Expr operand) : ScalarExpr(span, TypeSymbol.U32)
{
    private readonly Expr _operand = operand;

    /// <summary>The length in UTF-8 bytes, as the front end folds constant strings.</summary>
    public override ulong Eval(ScriptFrame f) => CollectionOps.LenString(_operand.EvalRef(f));
}

internal sealed class LenBytes(SourceSpan span, Expr operand) : ScalarExpr(span, TypeSymbol.U32)
{
    private readonly Expr _operand = operand;

    public override ulong Eval(ScriptFrame f) => CollectionOps.LenBytes(_operand.EvalRef(f));
}

internal sealed class LenList(SourceSpan span, Expr operand) : ScalarExpr(span, TypeSymbol.U32)
{
    private readonly Expr _operand = operand;

    public override ulong Eval(ScriptFrame f) => CollectionOps.LenList(_operand.EvalRef(f));
}

internal sealed class Zeros(SourceSpan span, Expr count) : RefExpr(span, TypeSymbol.Bytes)
{
    private readonly Expr _count = count;

    public override object? EvalRef(ScriptFrame f)
    {
        ulong n = _count.Eval(f);
        f.Execution.AllocateBytes((long)n, Span);
        return ScriptBytes.Wrap(new byte[n]);
    }
}

internal sealed class Fill(SourceSpan span, Expr value, Expr count) : RefExpr(span, TypeSymbol.Bytes)
{
    private readonly Expr _value = value;
    private readonly Expr _count = count;

    public override object? EvalRef(ScriptFrame f)
    {
        byte v = (byte)_value.Eval(f);
        ulong n = _count.Eval(f);
        f.Execution.AllocateBytes((long)n, Span);
        var array = new byte[n];
        array.AsSpan().Fill(v);
        return ScriptBytes.Wrap(array);
    }
}

internal sealed class ListPush(SourceSpan span, Expr list, Expr value) : VoidExpr(span)
{
    private readonly Expr _list = list;
    private readonly Expr _value = value;

    public override void Exec(ScriptFrame f)
    {
        // The memory limit is charged before the storage grows (doubling), never after.
        var target = _list.EvalRef(f);
        if (target is ScalarList s)
        {
            ulong v = _value.Eval(f);
            if (s.Length == s.Items.Length) f.Execution.Allocate(8L * Math.Max(4, s.Items.Length * 2), Span);
            s.Push(v);
        }
        else
        {
            var r = (RefList)target!;
            object? v = _value.EvalRef(f);
            if (r.Length == r.Items.Length) f.Execution.Allocate(8L * Math.Max(4, r.Items.Length * 2), Span);
            r.Push(v);
        }
    }
}

internal sealed class ScalarListPop(SourceSpan span, TypeSymbol type, Expr list) : ScalarExpr(span, type)
{
    private readonly Expr _list = list;

    public override ulong Eval(ScriptFrame f)
    {
        var list = (ScalarList)_list.EvalRef(f)!;
        if (list.Length == 0) throw Errors.PopEmpty(Span);
        return list.Pop();
    }
}

internal sealed class RefListPop(SourceSpan span, TypeSymbol type, Expr list) : RefExpr(span, type)
{
    private readonly Expr _list = list;

    public override object? EvalRef(ScriptFrame f)
    {
        var list = (RefList)_list.EvalRef(f)!;
        if (list.Length == 0) throw Errors.PopEmpty(Span);
        return list.Pop();
    }
}

/// <summary><c>min(a, b)</c> / <c>max(a, b)</c>: both operands already widened to the result type.</summary>
internal sealed class MinMax<TC>(SourceSpan span, TypeSymbol type, Expr left, Expr right) : ScalarExpr(span, type) where TC : struct, ICompare
{
    private readonly Expr _left = left;
    private readonly Expr _right = right;

    /// <summary>TC is "less than" for min and "greater than" for max: keep the left operand when it wins or ties.</summary>
    public override ulong Eval(ScriptFrame f)
    {
        ulong a = _left.Eval(f), b = _right.Eval(f);
        return TC.Test(b, a) ? b : a;
    }
}

internal sealed class NtSuccess(SourceSpan span, Expr status) : BoolExpr(span)
{
    private readonly Expr _status = status;

    public override bool EvalBool(ScriptFrame f) => unchecked((int)(uint)_status.Eval(f)) >= 0;
}

internal sealed class Print(SourceSpan span, Expr[] arguments) : VoidExpr(span)
{
    private readonly Expr[] _arguments = arguments;

    public override void Exec(ScriptFrame f)
    {
        var sb = new System.Text.StringBuilder();
        for (int i = 0; i < _arguments.Length; i++)
        {
            if (i > 0) sb.Append(' ');
            ValueFormatter.Append(sb, _arguments[i].EvalValue(f), _arguments[i].Type);
        }
        f.Execution.Output.WriteLine(sb.ToString());
    }
}

/// <summary>Element reads and lengths, shared by the prepared nodes and the IL tier (one implementation, one set of errors).</summary>
internal static class CollectionOps
{
    public static ulong ByteAt(object? bytes, ulong i, SourceSpan span)
    {
        var b = (ScriptBytes)bytes!;
        if (i >= (ulong)b.Length) throw Errors.IndexOutOfRange(span, i, "bytes", b.Length);
        return b[(int)i];
    }

    public static ulong ScalarAt(object? list, ulong i, SourceSpan span)
    {
        var l = (ScalarList)list!;
        if (i >= (ulong)l.Length) throw Errors.IndexOutOfRange(span, i, "a list", l.Length);
        return l.Items[i];
    }

    public static ulong LenBytes(object? bytes) => (ulong)((ScriptBytes)bytes!).Length;

    public static ulong LenList(object? list) => (ulong)((ScriptList)list!).Count;

    /// <summary>The length in UTF-8 bytes, as the front end folds constant strings.</summary>
    public static ulong LenString(object? text) => (ulong)System.Text.Encoding.UTF8.GetByteCount((string)text!);

    // for x in ...: the walk reads the live collection each iteration (Nodes.ForEachByte, ForEachElement).

    public static int ByteCount(object? bytes) => ((ScriptBytes)bytes!).Length;

    public static ulong ByteAtUnchecked(object? bytes, int i) => ((ScriptBytes)bytes!)[i];

    public static int ElementCount(object? list) => ((ScriptList)list!).Count;

    public static ulong ScalarElement(object? list, int i) => ((ScalarList)list!).Items[i];

    public static object? RefElement(object? list, int i) => ((RefList)list!).Items[i];
}

using DriverScript.Language.Binding;
using DriverScript.Language.Text;

namespace DriverScript.Interpreter.Nodes;

// Assignments, one node per target kind. `let`/`var` declarations are assignments to their slot.
// A compound assignment whose target has no sub-expressions (a local, a global, a field) is
// prepared as `target = target op value`; one whose target has them (an element, a register of
// a device handle) evaluates them once into temporary frame slots first (§4: "the target is
// evaluated once").

internal sealed class AssignLocalScalar(SourceSpan span, int slot, Expr value) : Stmt(span)
{
    private readonly int _slot = slot;
    private readonly Expr _value = value;

    public override Completion Execute(ScriptFrame f)
    {
        Slots.Scalar(f, _slot) = _value.Eval(f);
        return Completion.Normal;
    }
}

internal sealed class AssignLocalRef(SourceSpan span, int slot, Expr value) : Stmt(span)
{
    private readonly int _slot = slot;
    private readonly Expr _value = value;

    public override Completion Execute(ScriptFrame f)
    {
        Slots.Ref(f, _slot) = _value.EvalRef(f);
        return Completion.Normal;
    }
}

internal sealed class AssignGlobalScalar(SourceSpan span, int slot, Expr value) : Stmt(span)
{
    private readonly int _slot = slot;
    private readonly Expr _value = value;

    public override Completion Execute(ScriptFrame f)
    {
        f.Execution.Globals.Scalars[_slot] = _value.Eval(f);
        return Completion.Normal;
    }
}

internal sealed class AssignGlobalRef(SourceSpan span, int slot, Expr value) : Stmt(span)
{
    private readonly int _slot = slot;
    private readonly Expr _value = value;

    public override Completion Execute(ScriptFrame f)
    {
        f.Execution.Globals.Refs[_slot] = _value.EvalRef(f);
        return Completion.Normal;
    }
}

internal sealed class AssignStateScalar(SourceSpan span, int index, Expr value) : Stmt(span)
{
    private readonly int _index = index;
    private readonly Expr _value = value;

    public override Completion Execute(ScriptFrame f)
    {
        ulong v = _value.Eval(f);
        f.StateOrThrow(Span).Scalars[_index] = v;
        return Completion.Normal;
    }
}

internal sealed class AssignStateRef(SourceSpan span, int index, Expr value) : Stmt(span)
{
    private readonly int _index = index;
    private readonly Expr _value = value;

    public override Completion Execute(ScriptFrame f)
    {
        object? v = _value.EvalRef(f);
        f.StateOrThrow(Span).Refs[_index] = v;
        return Completion.Normal;
    }
}

/// <summary><c>l[i] = v</c>. The list and index are evaluated before the value, as written.</summary>
internal sealed class AssignListElement(SourceSpan span, Expr list, Expr index, Expr value, bool scalar) : Stmt(span)
{
    private readonly Expr _list = list;
    private readonly Expr _index = index;
    private readonly Expr _value = value;
    private readonly bool _scalar = scalar;

    public override Completion Execute(ScriptFrame f)
    {
        var list = (ScriptList)_list.EvalRef(f)!;
        ulong i = _index.Eval(f);
        if (_scalar)
        {
            ulong v = _value.Eval(f);
            var s = (ScalarList)list;
            if (i >= (ulong)s.Length) throw Errors.IndexOutOfRange(Span, i, "a list", s.Length);
            s.Items[i] = v;
        }
        else
        {
            object? v = _value.EvalRef(f);
            var r = (RefList)list;
            if (i >= (ulong)r.Length) throw Errors.IndexOutOfRange(Span, i, "a list", r.Length);
            r.Items[i] = v;
        }
        return Completion.Normal;
    }
}

/// <summary><c>l[i] op= v</c>: list and index once; the old element goes to a temporary slot the operator node reads.</summary>
internal sealed class CompoundListElement(SourceSpan span, Expr list, Expr index, int temp, Expr operation, bool scalar) : Stmt(span)
{
    private readonly Expr _list = list;
    private readonly Expr _index = index;
    private readonly int _temp = temp;
    private readonly Expr _operation = operation;
    private readonly bool _scalar = scalar;

    public override Completion Execute(ScriptFrame f)
    {
        var list = (ScriptList)_list.EvalRef(f)!;
        ulong i = _index.Eval(f);
        if (i >= (ulong)list.Count) throw Errors.IndexOutOfRange(Span, i, "a list", list.Count);
        if (_scalar)
        {
            var s = (ScalarList)list;
            Slots.Scalar(f, _temp) = s.Items[i];
            ulong v = _operation.Eval(f);
            if (i >= (ulong)s.Length) throw Errors.IndexOutOfRange(Span, i, "a list", s.Length);
            s.Items[i] = v;
        }
        else
        {
            var r = (RefList)list;
            Slots.Ref(f, _temp) = r.Items[i];
            object? v = _operation.EvalRef(f);
            Slots.Ref(f, _temp) = null;
            if (i >= (ulong)r.Length) throw Errors.IndexOutOfRange(Span, i, "a list", r.Length);
            r.Items[i] = v;
        }
        return Completion.Normal;
    }
}

internal sealed class AssignRegister(RuntimeSite<BoundRegisterAccess> site, SourceSpan span, Expr? device, Expr value) : Stmt(span)
{
    private readonly RuntimeSite<BoundRegisterAccess> _site = site;
    private readonly Expr? _device = device;
    private readonly Expr _value = value;

    public override Completion Execute(ScriptFrame f)
    {
        var device = _device is null ? default : _device.EvalValue(f);
        ulong v = _value.Eval(f);
        f.Execution.Runtime.WriteRegister(_site, f, device, v);
        return Completion.Normal;
    }
}

/// <summary><c>hw.REG op= v</c>: one read and one write through the runtime.</summary>
internal sealed class CompoundRegister(RuntimeSite<BoundRegisterAccess> site, SourceSpan span, Expr? device, int temp, Expr operation) : Stmt(span)
{
    private readonly RuntimeSite<BoundRegisterAccess> _site = site;
    private readonly Expr? _device = device;
    private readonly int _temp = temp;
    private readonly Expr _operation = operation;

    public override Completion Execute(ScriptFrame f)
    {
        var runtime = f.Execution.Runtime;
        var device = _device is null ? default : _device.EvalValue(f);
        Slots.Scalar(f, _temp) = runtime.ReadRegister(_site, f, device);
        ulong v = _operation.Eval(f);
        runtime.WriteRegister(_site, f, device, v);
        return Completion.Normal;
    }
}

/// <summary><c>hw.MEM = data</c> (at offset 0), <c>hw.MEM[i] = v</c> (one byte) or <c>hw.MEM[a..b] = data</c>.</summary>
internal sealed class AssignMemory(RuntimeSite<BoundMemoryAccess> site, SourceSpan span, Expr? device, Expr? start, Expr? end, Expr value, bool singleByte) : Stmt(span)
{
    private readonly RuntimeSite<BoundMemoryAccess> _site = site;
    private readonly Expr? _device = device;
    private readonly Expr? _start = start;
    private readonly Expr? _end = end;
    private readonly Expr _value = value;
    private readonly bool _singleByte = singleByte;

    public override Completion Execute(ScriptFrame f)
    {
        var device = _device is null ? default : _device.EvalValue(f);
        ulong offset = _start is null ? 0 : _start.Eval(f);
        ulong end = _end is null ? 0 : _end.Eval(f);
        ScriptBytes data;
        if (_singleByte) data = ScriptBytes.Wrap(new[] { (byte)_value.Eval(f) });
        else data = (ScriptBytes)_value.EvalRef(f)!;
        if (_end is not null && (end < offset || end - offset != (ulong)data.Length))
            throw new ScriptRuntimeException(RuntimeErrorKind.IndexOutOfRange, RuntimeDiagnostics.SliceOutOfRange, Span, offset, end, $"{data.Length} bytes assigned to a memory window slice", end < offset ? 0 : (int)Math.Min(end - offset, int.MaxValue));
        f.Execution.Runtime.WriteMemory(_site, f, device, offset, data);
        return Completion.Normal;
    }
}

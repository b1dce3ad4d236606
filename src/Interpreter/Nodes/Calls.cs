using System.Runtime.CompilerServices;
using DriverScript.Language.Binding;
using DriverScript.Language.Symbols;
using DriverScript.Language.Text;

namespace DriverScript.Interpreter.Nodes;

/// <summary>
/// A call of a user function. The callee's frame comes from a per-execution pool (one frame per
/// recursion level, reused), arguments are evaluated straight into its slots, and the recursion
/// limit is checked before the body runs.
/// </summary>
internal sealed class Call : Expr
{
    private readonly PreparedFunction _function;
    private readonly Expr[] _arguments;
    private readonly int[] _slots;
    private readonly bool[] _scalar;

    public Call(SourceSpan span, TypeSymbol type, PreparedFunction function, Expr[] arguments) : base(span, type)
    {
        _function = function;
        _arguments = arguments;
        var parameters = function.Symbol.Parameters;
        _slots = new int[parameters.Length];
        _scalar = new bool[parameters.Length];
        for (int i = 0; i < parameters.Length; i++)
        {
            _slots[i] = parameters[i].Slot;
            _scalar[i] = ValueLayout.IsScalar(parameters[i].Type);
        }
    }

    private ScriptFrame Run(ScriptFrame f, FramePool pool)
    {
        var ctx = f.Execution;
        var code = _function.Code ?? _function.Prepare();
        var callee = pool.Rent(ctx, code.FrameSize);
        callee.State = f.State;
        callee.Device = f.Device;
        for (int i = 0; i < _arguments.Length; i++)
        {
            if (_scalar[i]) Slots.Scalar(callee, _slots[i]) = _arguments[i].Eval(f);
            else Slots.Ref(callee, _slots[i]) = _arguments[i].EvalRef(f);
        }
        ctx.EnterCall(Span, _function.Symbol.Name);
        try
        {
            code.Body.Execute(callee);
        }
        finally
        {
            ctx.Depth--;
        }
        return callee;
    }

    public override ulong Eval(ScriptFrame f)
    {
        var pool = f.Execution.Pool(_function.Index);
        try
        {
            return Run(f, pool).ReturnScalar;
        }
        finally
        {
            pool.Release();
        }
    }

    public override object? EvalRef(ScriptFrame f)
    {
        var pool = f.Execution.Pool(_function.Index);
        try
        {
            var callee = Run(f, pool);
            var result = callee.ReturnRef;
            callee.ReturnRef = null;
            return result;
        }
        finally
        {
            pool.Release();
        }
    }

    public override void Exec(ScriptFrame f)
    {
        var pool = f.Execution.Pool(_function.Index);
        try
        {
            Run(f, pool).ReturnRef = null;
        }
        finally
        {
            pool.Release();
        }
    }

    public override ScriptValue EvalValue(ScriptFrame f) =>
        Type.IsVoid ? VoidValue(f) : ValueLayout.IsScalar(Type) ? ScriptValue.FromScalar(Eval(f)) : ScriptValue.FromRef(EvalRef(f));

    private ScriptValue VoidValue(ScriptFrame f)
    {
        Exec(f);
        return default;
    }
}

[InlineArray(4)]
internal struct ArgumentBuffer
{
    private ScriptValue _element;
}

/// <summary>A built-in handed to the <see cref="IDriverRuntime"/> (everything that is not pure).</summary>
internal sealed class RuntimeIntrinsic(RuntimeSite<BoundIntrinsicCall> site, Expr? receiver, Expr[] arguments)
    : Expr(site.Span, site.Node.Type)
{
    private readonly RuntimeSite<BoundIntrinsicCall> _site = site;
    private readonly Expr? _receiver = receiver;
    private readonly Expr[] _arguments = arguments;

    public override ScriptValue EvalValue(ScriptFrame f)
    {
        var receiver = _receiver is null ? default : _receiver.EvalValue(f);
        if (_arguments.Length <= 4)
        {
            var buffer = new ArgumentBuffer();
            Span<ScriptValue> span = buffer;
            for (int i = 0; i < _arguments.Length; i++) span[i] = _arguments[i].EvalValue(f);
            return f.Execution.Runtime.Invoke(_site, f, receiver, span[.._arguments.Length]);
        }
        var values = new ScriptValue[_arguments.Length];
        for (int i = 0; i < values.Length; i++) values[i] = _arguments[i].EvalValue(f);
        return f.Execution.Runtime.Invoke(_site, f, receiver, values);
    }

    public override ulong Eval(ScriptFrame f) => EvalValue(f).Bits;

    public override object? EvalRef(ScriptFrame f) => EvalValue(f).Ref;

    public override void Exec(ScriptFrame f) => EvalValue(f);
}

internal sealed class PlugDevice(RuntimeSite<BoundPlug> site) : RefExpr(site.Span, site.Node.Type)
{
    private readonly RuntimeSite<BoundPlug> _site = site;

    public override object? EvalRef(ScriptFrame f) => f.Execution.Runtime.Plug(_site, f).Ref;
}

internal sealed class DeviceObject(RuntimeSite<BoundDeviceObject> site) : RefExpr(site.Span, site.Node.Type)
{
    private readonly RuntimeSite<BoundDeviceObject> _site = site;

    public override object? EvalRef(ScriptFrame f) => f.Execution.Runtime.GetDeviceObject(_site, f).Ref;
}

/// <summary><c>dev.state.FIELD</c>: the runtime finds the device's context, the interpreter reads the field.</summary>
internal sealed class HostStateField(RuntimeSite<BoundHostStateField> site, Expr device) : Expr(site.Span, site.Node.Type)
{
    private readonly RuntimeSite<BoundHostStateField> _site = site;
    private readonly Expr _device = device;
    private readonly int _index = site.Node.Field.Index;

    private StateStorage State(ScriptFrame f) => f.Execution.Runtime.GetDeviceState(_site, f, _device.EvalValue(f));

    public override ulong Eval(ScriptFrame f) => State(f).Scalars[_index];

    public override object? EvalRef(ScriptFrame f) => State(f).Refs[_index];

    public override void Exec(ScriptFrame f) => State(f);

    public override ScriptValue EvalValue(ScriptFrame f) =>
        ValueLayout.IsScalar(Type) ? ScriptValue.FromScalar(Eval(f)) : ScriptValue.FromRef(EvalRef(f));
}

internal sealed class RegisterRead(RuntimeSite<BoundRegisterAccess> site, Expr? device) : ScalarExpr(site.Span, site.Node.Type)
{
    private readonly RuntimeSite<BoundRegisterAccess> _site = site;
    private readonly Expr? _device = device;

    public override ulong Eval(ScriptFrame f) =>
        f.Execution.Runtime.ReadRegister(_site, f, _device is null ? default : _device.EvalValue(f));
}

internal sealed class MemoryRead(RuntimeSite<BoundMemoryAccess> site, Expr? device) : RefExpr(site.Span, TypeSymbol.Bytes)
{
    private readonly RuntimeSite<BoundMemoryAccess> _site = site;
    private readonly Expr? _device = device;

    public override object? EvalRef(ScriptFrame f) =>
        f.Execution.Runtime.ReadMemory(_site, f, _device is null ? default : _device.EvalValue(f));
}

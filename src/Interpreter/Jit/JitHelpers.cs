using System.Runtime.CompilerServices;
using DriverScript.Interpreter.Nodes;
using DriverScript.Language.Binding;
using DriverScript.Language.Text;

namespace DriverScript.Interpreter.Jit;

/// <summary>
/// The runtime's own helpers compiled code calls, for what takes more than a few IL instructions:
/// user-function calls (frame pool, recursion limit), host operations with their arguments as
/// <see cref="ScriptValue"/>s, and the values the seam works with. Each does exactly what the
/// matching prepared node does, so the tiers cannot drift apart.
/// </summary>
internal static class JitHelpers
{
    // ------------------------------------------------------------------ user functions (Nodes.Call)

    /// <summary>
    /// The callee's frame, rented from the execution's pool, with the caller's device context. Compiled
    /// code evaluates the arguments first and rents afterwards (the node rents first); frames keep no
    /// value a callee can read before writing it, so only the pool level a nested call gets differs.
    /// </summary>
    public static ScriptFrame RentFrame(ScriptFrame caller, PreparedFunction function)
    {
        var ctx = caller.Execution;
        var code = function.Code ?? function.Prepare();
        var callee = ctx.Pool(function.Index).Rent(ctx, code.FrameSize);
        callee.State = caller.State;
        callee.Device = caller.Device;
        return callee;
    }

    /// <summary>Runs the callee (its arguments are in its slots) under the recursion limit and gives its frame back to the pool.</summary>
    private static void Run(ScriptFrame callee, PreparedFunction function, SourceSpan span)
    {
        var ctx = callee.Execution;
        var pool = ctx.Pool(function.Index);
        try
        {
            ctx.EnterCall(span, function.Symbol.Name);
            try
            {
                function.Code!.Body.Execute(callee);
            }
            finally
            {
                ctx.Depth--;
            }
        }
        finally
        {
            pool.Release();
        }
    }

    public static ulong CallScalar(ScriptFrame callee, PreparedFunction function, SourceSpan span)
    {
        Run(callee, function, span);
        return callee.ReturnScalar;
    }

    public static object? CallRef(ScriptFrame callee, PreparedFunction function, SourceSpan span)
    {
        Run(callee, function, span);
        var result = callee.ReturnRef;
        callee.ReturnRef = null;
        return result;
    }

    public static void CallVoid(ScriptFrame callee, PreparedFunction function, SourceSpan span)
    {
        Run(callee, function, span);
        callee.ReturnRef = null;
    }

    // ------------------------------------------------------------------ host operations (Nodes.RuntimeIntrinsic)

    public static ScriptValue Invoke0(IDriverRuntime runtime, RuntimeSite<BoundIntrinsicCall> site, ScriptFrame f, ScriptValue receiver) =>
        runtime.Invoke(site, f, receiver, ReadOnlySpan<ScriptValue>.Empty);

    public static ScriptValue Invoke1(IDriverRuntime runtime, RuntimeSite<BoundIntrinsicCall> site, ScriptFrame f, ScriptValue receiver, ScriptValue a0)
    {
        var buffer = new ArgumentBuffer();
        Span<ScriptValue> span = buffer;
        span[0] = a0;
        return runtime.Invoke(site, f, receiver, span[..1]);
    }

    public static ScriptValue Invoke2(IDriverRuntime runtime, RuntimeSite<BoundIntrinsicCall> site, ScriptFrame f, ScriptValue receiver, ScriptValue a0, ScriptValue a1)
    {
        var buffer = new ArgumentBuffer();
        Span<ScriptValue> span = buffer;
        span[0] = a0;
        span[1] = a1;
        return runtime.Invoke(site, f, receiver, span[..2]);
    }

    public static ScriptValue Invoke3(IDriverRuntime runtime, RuntimeSite<BoundIntrinsicCall> site, ScriptFrame f, ScriptValue receiver, ScriptValue a0, ScriptValue a1, ScriptValue a2)
    {
        var buffer = new ArgumentBuffer();
        Span<ScriptValue> span = buffer;
        span[0] = a0;
        span[1] = a1;
        span[2] = a2;
        return runtime.Invoke(site, f, receiver, span[..3]);
    }

    public static ScriptValue Invoke4(IDriverRuntime runtime, RuntimeSite<BoundIntrinsicCall> site, ScriptFrame f, ScriptValue receiver, ScriptValue a0, ScriptValue a1, ScriptValue a2, ScriptValue a3)
    {
        var buffer = new ArgumentBuffer();
        Span<ScriptValue> span = buffer;
        span[0] = a0;
        span[1] = a1;
        span[2] = a2;
        span[3] = a3;
        return runtime.Invoke(site, f, receiver, span[..4]);
    }

    // ------------------------------------------------------------------ values

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ScriptValue NoValue() => default;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ScriptValue Scalar(ulong bits) => ScriptValue.FromScalar(bits);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ScriptValue Reference(object? value) => ScriptValue.FromRef(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong BitsOf(ScriptValue value) => value.Bits;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static object? RefOf(ScriptValue value) => value.Ref;

    /// <summary><c>nt_success(s)</c> (Nodes.NtSuccess).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool NtSuccess(ulong status) => unchecked((int)(uint)status) >= 0;

    /// <summary>Reference equality by content (Nodes.RefEquals).</summary>
    public static bool RefEquals(object? left, object? right) => ValueEquality.AreEqual(left, right);

    /// <summary>The device context of code that reads <c>self</c>: the same error as the interpreter's when there is none.</summary>
    public static StateStorage State(ScriptFrame f, SourceSpan span) => f.StateOrThrow(span);
}

using DriverScript.Language.Binding;
using DriverScript.Language.Symbols;

namespace DriverScript.Interpreter;

/// <summary>
/// The seam between the interpreter and the simulated machine (framework, hardware, host). The
/// interpreter evaluates everything a script computes by itself (arithmetic, strings, bytes,
/// lists, optionals, user functions, <c>print</c>...) and hands every operation that needs a
/// device, request, queue, timer, lock, register, DMA buffer, virtual time or the host simulation
/// to this interface, with the bound node (as a <see cref="RuntimeSite{TNode}"/>) and the evaluated
/// operands. <see cref="NoSimulationRuntime"/> is the implementation for runs without a simulation.
/// </summary>
/// <remarks>
/// Run-time errors an implementation detects are reported by throwing <see cref="ScriptRuntimeException"/>
/// with a DS3xxx/DS4xxx diagnostic at <c>site.Span</c>. Callbacks are run by the implementation
/// through <see cref="ScriptExecution.InvokeCallback"/>, hardware-model functions through
/// <see cref="ScriptExecution.InvokeFunction(FunctionSymbol, StateStorage?, object?, ReadOnlySpan{ScriptValue})"/>,
/// <c>locked when</c> and interrupt levels through <see cref="ScriptExecution.Evaluate"/>.
/// </remarks>
/// <example>
/// <code>
/// sealed class Recorder : NoSimulationRuntime
/// {
///     public override ScriptValue Invoke(RuntimeSite&lt;BoundIntrinsicCall&gt; site, ScriptFrame frame,
///         ScriptValue receiver, ReadOnlySpan&lt;ScriptValue&gt; arguments) =>
///         site.Node.Intrinsic == Intrinsic.Now ? ScriptValue.FromScalar(1_000) : base.Invoke(site, frame, receiver, arguments);
/// }
/// </code>
/// </example>
public interface IDriverRuntime
{
    /// <summary>
    /// A built-in that is not pure: <c>complete</c>, <c>forward</c>, <c>req.length</c>, <c>q.start()</c>,
    /// <c>stall</c>, <c>read32</c>, <c>dma_buffer</c>, <c>now</c>, <c>log</c>, <c>dev.read</c>, <c>advance</c>,
    /// <c>r.status</c>... <paramref name="receiver"/> is the evaluated <see cref="BoundIntrinsicCall.Receiver"/>
    /// (default when there is none); <paramref name="arguments"/> are the evaluated arguments, already
    /// converted to the parameter types. Returns the result (default for void).
    /// </summary>
    ScriptValue Invoke(RuntimeSite<BoundIntrinsicCall> site, ScriptFrame frame, ScriptValue receiver, ReadOnlySpan<ScriptValue> arguments);

    /// <summary><c>plug(Device[, Hardware])</c>: a <c>device_handle</c>.</summary>
    ScriptValue Plug(RuntimeSite<BoundPlug> site, ScriptFrame frame);

    /// <summary>A queue, timer, work item or interrupt of the running device (<see cref="ScriptFrame.Device"/>), by its symbol.</summary>
    ScriptValue GetDeviceObject(RuntimeSite<BoundDeviceObject> site, ScriptFrame frame);

    /// <summary>The context of a plugged device, for <c>dev.state.FIELD</c> (the interpreter reads the field).</summary>
    StateStorage GetDeviceState(RuntimeSite<BoundHostStateField> site, ScriptFrame frame, ScriptValue device);

    /// <summary>Reads a register or one field of it (shifted down) along <see cref="BoundRegisterAccess.Path"/>; <paramref name="device"/> is the handle for host paths.</summary>
    ulong ReadRegister(RuntimeSite<BoundRegisterAccess> site, ScriptFrame frame, ScriptValue device);

    /// <summary>Writes a register, or one field of it read-modify-write.</summary>
    void WriteRegister(RuntimeSite<BoundRegisterAccess> site, ScriptFrame frame, ScriptValue device, ulong value);

    /// <summary>Reads a device memory window.</summary>
    ScriptBytes ReadMemory(RuntimeSite<BoundMemoryAccess> site, ScriptFrame frame, ScriptValue device);

    /// <summary>Writes <paramref name="data"/> into a device memory window at <paramref name="offset"/> (bounds are the runtime's to check).</summary>
    void WriteMemory(RuntimeSite<BoundMemoryAccess> site, ScriptFrame frame, ScriptValue device, ulong offset, ScriptBytes data);

    /// <summary>Acquires the lock of <c>with lock { }</c> (<see cref="BoundWith.LockKind"/>); the token is passed back to <see cref="ExitLock"/>.</summary>
    object? EnterLock(RuntimeSite<BoundWith> site, ScriptFrame frame, ScriptValue lockHandle);

    /// <summary>Releases the lock at the end of the <c>with</c> block, also when the block ends by <c>return</c>, <c>break</c> or an error.</summary>
    void ExitLock(RuntimeSite<BoundWith> site, ScriptFrame frame, object? token);

    /// <summary><c>after d { }</c> in hardware code: run <paramref name="body"/> when the virtual clock reaches now + d.</summary>
    void ScheduleAfter(RuntimeSite<BoundAfter> site, ScriptFrame frame, ulong delayNanoseconds, ScriptContinuation body);

    /// <summary><c>pulse LINE;</c> in hardware code: an edge on a message-signaled line.</summary>
    void Pulse(RuntimeSite<BoundPulse> site, ScriptFrame frame);

    /// <summary><c>expect_bugcheck(code) { }</c>: run <paramref name="body"/> and demand that it bug-checks with <paramref name="code"/>.</summary>
    void ExpectBugcheck(RuntimeSite<BoundExpectBugcheck> site, ScriptFrame frame, uint code, ScriptContinuation body);

    /// <summary>A new spin lock or wait lock for a <c>state</c> field of that type.</summary>
    object CreateLock(StateFieldSymbol field);
}

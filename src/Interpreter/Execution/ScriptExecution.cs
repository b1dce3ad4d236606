using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using DriverScript.Language.Binding;
using DriverScript.Language.Symbols;
using DriverScript.Language.Text;

namespace DriverScript.Interpreter;

/// <summary>
/// One run of a script: its globals, limits and counters (§11), output, and the
/// <see cref="IDriverRuntime"/> behind the seam. Made by <see cref="Script.CreateExecution"/> (and by
/// <see cref="Script.Run"/> and <see cref="Script.RunTest(string, RunOptions?)"/> for each run or test). Not thread-safe:
/// one execution runs on one thread at a time, as the simulated machine is deterministic.
/// </summary>
/// <example>
/// <code>
/// var script = Script.Compile("fn fact(n: u32) -> u32 { if n &lt;= 1 { return 1; } return n * fact(n - 1); }");
/// var execution = script.CreateExecution();
/// execution.CallFunction("fact", ScriptValue.FromScalar(5)).Bits;   // 120
/// </code>
/// </example>
public sealed class ScriptExecution
{
    /// <summary>Steps between two checks of the wall clock and the cancellation token.</summary>
    private const long CheckInterval = 16_384;

    private PreparedProgram _program;
    private FramePool?[] _pools;
    private readonly long _maxSteps;
    private readonly long _maxMemory;
    private long _deadline;
    private readonly TimeSpan? _timeout;
    private CancellationToken _cancellation;
    private long _granted;
    private long _charged;

    /// <summary>Steps left before the next slow check (the hot path only decrements it).</summary>
    internal long Budget;

    /// <summary>Nesting of user function calls and callbacks.</summary>
    internal int Depth;

    /// <summary>The tier policy of this run (<see cref="RunOptions.Jit"/>, <see cref="RunOptions.JitThreshold"/>).</summary>
    internal readonly JitMode JitMode;
    internal readonly int JitThreshold;

    internal ScriptExecution(PreparedProgram program, RunOptions options, TimeSpan? timeout)
    {
        _program = program;
        Options = options;
        var limits = options.Limits;
        _maxSteps = limits.MaxSteps <= 0 ? long.MaxValue : limits.MaxSteps;
        _maxMemory = limits.MaxMemoryBytes <= 0 ? long.MaxValue : limits.MaxMemoryBytes;
        MaxDepth = limits.MaxDepth <= 0 ? int.MaxValue : limits.MaxDepth;
        _timeout = timeout;
        _deadline = timeout is { } t ? Stopwatch.GetTimestamp() + (long)(t.TotalSeconds * Stopwatch.Frequency) : long.MaxValue;
        _cancellation = options.CancellationToken;
        JitMode = options.Jit;
        JitThreshold = Math.Max(1, options.JitThreshold);
        _granted = Math.Min(CheckInterval, _maxSteps);
        Budget = _granted;
        _pools = new FramePool?[program.Functions.Length];
        Globals = new StateStorage(program.Program.Globals.Length);
        Output = options.Output ?? new StringWriter(CultureInfo.InvariantCulture);
        Log = options.Log;
        Runtime = options.RuntimeFactory?.Invoke(this) ?? new NoSimulationRuntime();
    }

    public BoundProgram Program => _program.Program;

    public RunOptions Options { get; }

    /// <summary>The seam to the simulated machine (a <see cref="NoSimulationRuntime"/> unless <see cref="RunOptions.RuntimeFactory"/> made another).</summary>
    public IDriverRuntime Runtime { get; }

    /// <summary>Where <c>print</c> writes: <see cref="RunOptions.Output"/>, or a buffer the result reports.</summary>
    public TextWriter Output { get; }

    /// <summary>Where <c>log</c> writes when there is no simulation trace; null discards it.</summary>
    public TextWriter? Log { get; }

    public int MaxDepth { get; }

    /// <summary>Statements and loop iterations executed so far.</summary>
    public long Steps => _charged + (_granted - Budget);

    /// <summary>Bytes of script values (strings, bytes, lists, boxes) allocated so far.</summary>
    public long AllocatedBytes { get; private set; }

    public int CallDepth => Depth;

    internal StateStorage Globals { get; private set; }

    internal FramePool Pool(int function) => _pools[function] ??= new FramePool();

    // ------------------------------------------------------------------ limits

    /// <summary>Called when <see cref="Budget"/> runs out: charges the steps, checks the limits, grants the next chunk.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    internal void OnBudgetExhausted(SourceSpan span)
    {
        _charged += _granted;
        if (_charged >= _maxSteps)
        {
            Budget = 0;
            _granted = 0;
            throw new ScriptRuntimeException(RuntimeErrorKind.StepLimit, RuntimeDiagnostics.StepLimit, span, _maxSteps.ToString("N0", CultureInfo.InvariantCulture));
        }
        ThrowIfStopped(span);
        _granted = Math.Min(CheckInterval, _maxSteps - _charged);
        Budget = _granted - 1;
    }

    /// <summary>Stops the run (DS4004, DS4005) when the wall-clock limit passed or the token was cancelled. The runtime calls this while it simulates.</summary>
    public void ThrowIfStopped(SourceSpan span)
    {
        if (_cancellation.IsCancellationRequested)
            throw new ScriptRuntimeException(RuntimeErrorKind.Cancelled, RuntimeDiagnostics.Cancelled, span);
        if (Stopwatch.GetTimestamp() > _deadline)
            throw new ScriptRuntimeException(RuntimeErrorKind.TimeLimit, RuntimeDiagnostics.TimeLimit, span, FormatTime(_timeout!.Value));
    }

    private static string FormatTime(TimeSpan t) =>
        t.TotalSeconds >= 1 ? t.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + " s" : t.TotalMilliseconds.ToString("0.###", CultureInfo.InvariantCulture) + " ms";

    /// <summary>Charges <paramref name="bytes"/> of script values against the memory limit (DS4003), before they are allocated.</summary>
    public void Allocate(long bytes, SourceSpan span)
    {
        long total = AllocatedBytes + bytes;
        if (total > _maxMemory || total < 0)
            throw new ScriptRuntimeException(RuntimeErrorKind.MemoryLimit, RuntimeDiagnostics.MemoryLimit, span,
                _maxMemory.ToString("N0", CultureInfo.InvariantCulture), bytes.ToString("N0", CultureInfo.InvariantCulture));
        AllocatedBytes = total;
    }

    /// <summary>Charges a new <c>bytes</c> value of <paramref name="length"/> bytes (which must also fit a .NET array).</summary>
    internal void AllocateBytes(long length, SourceSpan span)
    {
        long size = 32 + length;
        if (length > Array.MaxLength) size = long.MaxValue / 2; // more than any limit can allow
        Allocate(size, span);
    }

    /// <summary>Enters a call; DS4002 beyond the recursion limit or when the thread's stack is nearly exhausted.</summary>
    internal void EnterCall(SourceSpan span, string name)
    {
        if (Depth >= MaxDepth || !RuntimeHelpers.TryEnsureSufficientExecutionStack())
            throw new ScriptRuntimeException(RuntimeErrorKind.DepthLimit, RuntimeDiagnostics.DepthLimit, span,
                Math.Min(Depth, MaxDepth).ToString("N0", CultureInfo.InvariantCulture), name);
        Depth++;
    }

    /// <summary>
    /// Moves a REPL session (<see cref="ScriptSession"/>) on to the program of its next submission:
    /// the program (which extends the current one), more global slots (values kept), a fresh step
    /// budget, wall-clock deadline and the submission's cancellation token.
    /// </summary>
    internal void BeginSubmission(PreparedProgram program, CancellationToken cancellation)
    {
        if (_pools.Length < program.Functions.Length) Array.Resize(ref _pools, program.Functions.Length);
        // A submission that failed is forgotten, so a new function may take the index of one of its
        // functions: frames pooled for another function (of another size) must not be lent to it.
        for (int i = 0; i < program.Functions.Length; i++)
            if (i >= _program.Functions.Length || _program.Functions[i] != program.Functions[i]) _pools[i] = null;
        _program = program;
        if (Globals.Size < program.Program.Globals.Length) Globals = Globals.CopyResized(Math.Max(program.Program.Globals.Length, Globals.Size * 2));
        _cancellation = cancellation;
        _deadline = _timeout is { } t ? Stopwatch.GetTimestamp() + (long)(t.TotalSeconds * Stopwatch.Frequency) : long.MaxValue;
        _charged = 0;
        _granted = Math.Min(CheckInterval, _maxSteps);
        Budget = _granted;
    }

    // ------------------------------------------------------------------ running code

    internal void RunTopLevel()
    {
        var code = _program.TopLevel;
        code.Body.Execute(new ScriptFrame(this, code.FrameSize));
    }

    internal void RunTest(BoundTest test)
    {
        var code = _program.Test(test);
        code.Body.Execute(new ScriptFrame(this, code.FrameSize));
    }

    /// <summary>The value of a top-level <c>let</c>/<c>var</c> after (part of) the top level ran.</summary>
    public ScriptValue GetGlobal(GlobalSymbol global) =>
        ValueLayout.IsScalar(global.Type) ? ScriptValue.FromScalar(Globals.Scalars[global.Slot]) : ScriptValue.FromRef(Globals.Refs[global.Slot]);

    /// <summary>Calls a top-level function by name (not a hardware model's).</summary>
    public ScriptValue CallFunction(string name, params ScriptValue[] arguments)
    {
        var function = Program.FindFunction(name) ?? throw new ArgumentException($"the script has no function '{name}'", nameof(name));
        return InvokeFunction(function, null, null, arguments);
    }

    /// <summary>Calls a user function (a hardware model's with the model's <paramref name="state"/>).</summary>
    public ScriptValue InvokeFunction(FunctionSymbol function, StateStorage? state, object? device, ReadOnlySpan<ScriptValue> arguments)
    {
        if (arguments.Length != function.Parameters.Length)
            throw new ArgumentException($"'{function.Name}' takes {function.Parameters.Length} arguments, {arguments.Length} given", nameof(arguments));
        var code = _program.Functions[function.Index].Prepare();
        return Invoke(code, function.Parameters, function.ReturnType, function.Syntax.Name.Span, function.Name, state, device, arguments);
    }

    /// <summary>
    /// Runs a device, queue, interrupt, timer, work-item or hardware handler. <paramref name="arguments"/>
    /// follow the callback descriptor's parameters (the declared ones receive them in order). Returns
    /// the returned value: for a callback that may fail, <c>STATUS_SUCCESS</c> (0) when it falls off the end.
    /// </summary>
    public ScriptValue InvokeCallback(CallbackSymbol callback, StateStorage? state, object? device, ReadOnlySpan<ScriptValue> arguments)
    {
        var code = _program.Callback(callback);
        return Invoke(code, callback.Parameters, callback.ReturnType, callback.Syntax.Name.Span, callback.DisplayName, state, device, arguments);
    }

    private ScriptValue Invoke(PreparedCode code, ImmutableArray<LocalSymbol> parameters, TypeSymbol returnType, SourceSpan span, string name,
        StateStorage? state, object? device, ReadOnlySpan<ScriptValue> arguments)
    {
        var frame = new ScriptFrame(this, code.FrameSize) { State = state, Device = device };
        for (int i = 0; i < parameters.Length && i < arguments.Length; i++)
        {
            var p = parameters[i];
            if (ValueLayout.IsScalar(p.Type)) frame.S[p.Slot] = arguments[i].Bits;
            else frame.R[p.Slot] = arguments[i].Ref;
        }
        EnterCall(span, name);
        try
        {
            code.Body.Execute(frame);
        }
        finally
        {
            Depth--;
        }
        if (returnType.IsVoid) return default;
        return ValueLayout.IsScalar(returnType) ? ScriptValue.FromScalar(frame.ReturnScalar) : ScriptValue.FromRef(frame.ReturnRef);
    }

    /// <summary>Evaluates an expression of the bound tree on its own: a register's <c>locked when</c>, an interrupt line's level, a state initializer.</summary>
    public ScriptValue Evaluate(BoundExpression expression, StateStorage? state = null, object? device = null)
    {
        var code = _program.Expression(expression);
        var frame = new ScriptFrame(this, code.FrameSize) { State = state, Device = device };
        return code.Expression!.EvalValue(frame);
    }

    /// <summary>
    /// A new device context or hardware-model state: each field its initializer's value, or its
    /// type's default (0, false, "", b"", none, an empty list, a new lock from <see cref="IDriverRuntime.CreateLock"/>).
    /// </summary>
    public StateStorage CreateState(ImmutableArray<StateFieldSymbol> fields, object? device = null)
    {
        int size = 0;
        foreach (var f in fields) size = Math.Max(size, f.Index + 1);
        var state = new StateStorage(size);
        foreach (var field in fields)
        {
            if (field.Initializer is { } init)
            {
                state.Set(field, Evaluate(init, null, device));
                continue;
            }
            var type = field.Type;
            object? value = type switch
            {
                { Kind: TypeKind.String } => string.Empty,
                { Kind: TypeKind.Bytes } => ScriptBytes.Empty,
                ListTypeSymbol list => ValueLayout.NewList(list.Element, 0),
                { Kind: TypeKind.SpinLock or TypeKind.WaitLock } => Runtime.CreateLock(field),
                _ => null,
            };
            if (!ValueLayout.IsScalar(type)) state.Refs[field.Index] = value;
        }
        return state;
    }
}

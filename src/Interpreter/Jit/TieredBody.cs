using DriverScript.Interpreter.Nodes;
using DriverScript.Language.Binding;

namespace DriverScript.Interpreter.Jit;

/// <summary>
/// The root of a function, callback, test or top-level body (LANGUAGE.md §12). It runs the
/// prepared nodes and counts what it runs; once the body is hot it compiles the same bound tree to
/// IL (<see cref="IlCompiler"/>) and swaps the compiled method in, so every later invocation runs
/// compiled. Under <see cref="JitMode.Off"/> it always interprets, under <see cref="JitMode.Always"/>
/// it compiles before the first run. The compiled method is shared by every run of the script,
/// like the prepared nodes.
/// </summary>
internal sealed class TieredBody : Stmt
{
    /// <summary>
    /// Steps (statements and loop back-edges, §11) run in a body after which <see cref="JitMode.Auto"/>
    /// compiles it even if it has been called fewer than <see cref="RunOptions.JitThreshold"/> times:
    /// a body that loops is hot after a few calls. Compiling a callback costs about as much as
    /// interpreting this many steps (docs/performance.md, "Tier-up").
    /// </summary>
    public const long LoopThreshold = 10_000;

    private readonly Lock _gate = new();
    private readonly Stmt _interpreted;
    private Func<ScriptFrame, Completion>? _compiled;
    private int _calls;
    private long _work;
    private bool _failed;

    public TieredBody(PreparedProgram program, BoundBlock source, Stmt interpreted, IReadOnlyDictionary<BoundNode, object> nodes, int frameSize, string name)
        : base(interpreted.Span)
    {
        Program = program;
        Source = source;
        _interpreted = interpreted;
        Nodes = nodes;
        FrameSize = frameSize;
        Name = name;
    }

    public PreparedProgram Program { get; }

    /// <summary>The bound body the compiler reads.</summary>
    public BoundBlock Source { get; }

    /// <summary>The prepared node of each bound node, for what the compiled code leaves to the interpreter.</summary>
    public IReadOnlyDictionary<BoundNode, object> Nodes { get; }

    public int FrameSize { get; }

    /// <summary>What the body is (<c>fn fact</c>, <c>on read</c>, <c>test echo</c>): names the dynamic method.</summary>
    public string Name { get; }

    /// <summary>The compiled method, once there is one.</summary>
    public CompiledBody? Compiled { get; private set; }

    /// <summary>Why compiling failed (the body then stays interpreted); null if it did not.</summary>
    public Exception? Failure { get; private set; }

    public bool IsCompiled => _compiled is not null;

    public override Completion Execute(ScriptFrame f)
    {
        var ctx = f.Execution;
        var compiled = _compiled;
        if (compiled is not null && ctx.JitMode != JitMode.Off) return compiled(f);
        switch (ctx.JitMode)
        {
            case JitMode.Off:
                return _interpreted.Execute(f);
            case JitMode.Always:
                compiled = Compile();
                return compiled is null ? _interpreted.Execute(f) : compiled(f);
            default:
            {
                long before = ctx.Steps;
                var completion = _interpreted.Execute(f);
                _work += ctx.Steps - before;
                if (++_calls >= ctx.JitThreshold || _work >= LoopThreshold) Compile();
                return completion;
            }
        }
    }

    /// <summary>Compiles the body once (later callers get the same method); null if it cannot be compiled.</summary>
    public Func<ScriptFrame, Completion>? Compile()
    {
        if (_compiled is not null || _failed) return _compiled;
        lock (_gate)
        {
            if (_compiled is not null || _failed) return _compiled;
            try
            {
                var body = IlCompiler.Compile(this);
                Compiled = body;
                Volatile.Write(ref _compiled, body.Run);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // A compiler defect must not change what the script does: the body stays interpreted,
                // and the failure is kept for tests (which demand there is none) and for diagnostics.
                Failure = e;
                _failed = true;
                JitStatistics.RecordFailure(Name, e);
            }
            return _compiled;
        }
    }
}

/// <summary>Process-wide counts of the IL tier, for tests and the benchmark report.</summary>
internal static class JitStatistics
{
    private static int s_compiled;
    private static int s_failed;
    private static string? s_lastFailure;

    public static int Compiled => Volatile.Read(ref s_compiled);

    public static int Failed => Volatile.Read(ref s_failed);

    public static string? LastFailure => Volatile.Read(ref s_lastFailure);

    public static void RecordCompiled() => Interlocked.Increment(ref s_compiled);

    public static void RecordFailure(string name, Exception e)
    {
        Interlocked.Increment(ref s_failed);
        Volatile.Write(ref s_lastFailure, $"{name}: {e.GetType().Name}: {e.Message}");
    }
}

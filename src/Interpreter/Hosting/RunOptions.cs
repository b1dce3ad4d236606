namespace DriverScript.Interpreter;

/// <summary>
/// Limits of one run (LANGUAGE.md §11). Exceeding one stops the run with a DS4xxx diagnostic naming
/// it. A value of 0 (or null for times) means "no limit".
/// </summary>
/// <example>
/// <code>
/// var options = new RunOptions { Limits = ScriptLimits.Default with { MaxSteps = 10_000, MaxDepth = 50 } };
/// </code>
/// </example>
public sealed record ScriptLimits
{
    /// <summary>Statements and loop iterations executed (default a billion; DS4001).</summary>
    public long MaxSteps { get; init; } = 1_000_000_000;

    /// <summary>Nested user-function calls and callbacks (default 1,000; DS4002).</summary>
    public int MaxDepth { get; init; } = 1_000;

    /// <summary>Bytes of strings, bytes, lists and optional boxes the script allocates in total (default 1 GiB; DS4003).</summary>
    public long MaxMemoryBytes { get; init; } = 1L << 30;

    /// <summary>Wall-clock time of <see cref="Script.Run"/> (default none, as for <c>drv run</c>; DS4004).</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>Wall-clock time of each test (default 60 s; DS4004).</summary>
    public TimeSpan? TestTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Virtual time one synchronous host operation may take (default 10 s; DS4006). Enforced by the runtime.</summary>
    public TimeSpan VirtualTimePerHostOperation { get; init; } = TimeSpan.FromSeconds(10);

    public static ScriptLimits Default { get; } = new();
}

/// <summary>How a script runs: limits, cancellation, where output goes, and the runtime behind the seam.</summary>
/// <example>
/// <code>
/// using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
/// var result = script.Run(new RunOptions { Output = Console.Out, CancellationToken = cts.Token });
/// if (!result.Succeeded) Console.Error.WriteLine(result.Error!.Diagnostic);
/// </code>
/// </example>
public sealed record RunOptions
{
    public ScriptLimits Limits { get; init; } = ScriptLimits.Default;

    /// <summary>Stops the run with DS4005 when cancelled (checked with the step limit, so a busy loop stops too).</summary>
    public CancellationToken CancellationToken { get; init; }

    /// <summary>Where <c>print</c> writes; null captures it in <see cref="RunResult.Output"/> / <see cref="TestResult.Output"/>.</summary>
    public TextWriter? Output { get; init; }

    /// <summary>Where <c>log</c> writes when no simulation records it; null discards it.</summary>
    public TextWriter? Log { get; init; }

    /// <summary>
    /// Makes the runtime behind the seam for each run and each test; null means <see cref="NoSimulationRuntime"/>.
    /// It is called while the execution is being built: keep the execution and create device state later (on <c>plug</c>).
    /// </summary>
    public Func<ScriptExecution, IDriverRuntime>? RuntimeFactory { get; init; }

    /// <summary>
    /// Runs each run and test on a thread of its own with a <see cref="ThreadStackSize"/> stack
    /// (default true), so deep recursion reaches the recursion limit, not the end of the caller's stack.
    /// </summary>
    public bool UseDedicatedThread { get; init; } = true;

    /// <summary>Stack of the dedicated thread (default 64 MiB, enough for the default recursion limit many times over).</summary>
    public int ThreadStackSize { get; init; } = 64 * 1024 * 1024;

    /// <summary>
    /// Which tier runs callbacks and functions (LANGUAGE.md §12): <see cref="JitMode.Auto"/> (default)
    /// interprets a body until it is hot, then compiles it to IL; <see cref="JitMode.Off"/> only
    /// interprets; <see cref="JitMode.Always"/> compiles every body before its first run.
    /// </summary>
    public JitMode Jit { get; init; } = JitMode.Auto;

    /// <summary>Invocations (or loop back-edges) after which <see cref="JitMode.Auto"/> compiles a body (default 16).</summary>
    public int JitThreshold { get; init; } = 16;

    public static RunOptions Default { get; } = new();
}

/// <summary>The execution tier (<c>--jit off|auto|always</c>, LANGUAGE.md §12).</summary>
public enum JitMode
{
    /// <summary>Interpret until a body is hot (<see cref="RunOptions.JitThreshold"/>), then compile it to IL.</summary>
    Auto,

    /// <summary>Interpret only.</summary>
    Off,

    /// <summary>Compile every body to IL before it first runs.</summary>
    Always,
}

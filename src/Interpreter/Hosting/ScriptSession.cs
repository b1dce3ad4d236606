using System.Runtime.ExceptionServices;
using DriverScript.Language;
using DriverScript.Language.Binding;
using DriverScript.Language.Diagnostics;
using DriverScript.Language.Symbols;

namespace DriverScript.Interpreter;

/// <summary>Settings of a <see cref="ScriptSession"/>.</summary>
public sealed record ScriptSessionOptions
{
    /// <summary>
    /// Limits (<see cref="ScriptLimits.Timeout"/> and <see cref="ScriptLimits.MaxSteps"/> apply to each
    /// submission), output and the rest of a run. <see cref="RunOptions.CancellationToken"/> is ignored (each
    /// submission takes its own token); <see cref="RunOptions.RuntimeFactory"/> null means a
    /// <see cref="SimulationRuntime"/> with <see cref="Simulation"/>.
    /// </summary>
    public RunOptions Run { get; init; } = RunOptions.Default;

    /// <summary>The simulation every submission runs on, when <see cref="RunOptions.RuntimeFactory"/> is null.</summary>
    public SimulationRunOptions Simulation { get; init; } = SimulationRunOptions.Default;

    /// <summary>How submissions are compiled (C# hardware models by name, file access for imports).</summary>
    public CompilationOptions Compilation { get; init; } = ScriptHost.DefaultCompilationOptions;

    public static ScriptSessionOptions Default { get; } = new();
}

/// <summary>The outcome of one <see cref="ScriptSession.Submit"/>.</summary>
public sealed class SubmissionResult
{
    internal SubmissionResult(Submission submission, ScriptRuntimeException? error, ScriptValue? value, string? output)
    {
        Submission = submission;
        Error = error;
        Value = value;
        Output = output;
    }

    /// <summary>What <c>print</c> wrote during this submission, when <see cref="RunOptions.Output"/> was null; otherwise null.</summary>
    public string? Output { get; }

    /// <summary>The compiled submission (its <see cref="Language.Submission.Diagnostics"/> hold compile errors and warnings).</summary>
    public Submission Submission { get; }

    /// <summary>True when the submission compiled and ran to its end; it is then part of the session.</summary>
    public bool Succeeded => !Submission.HasErrors && Error is null;

    /// <summary>The run-time error or limit that stopped the submission (DS3xxx, DS4xxx; DS4005 when cancelled), or null.</summary>
    public ScriptRuntimeException? Error { get; }

    /// <summary>Compile errors and warnings, then the run-time error, if any.</summary>
    public IReadOnlyList<Diagnostic> Diagnostics =>
        Error is null ? Submission.Diagnostics : Submission.Diagnostics.Append(Error.Diagnostic).ToArray();

    /// <summary>The value of the trailing expression, when the submission ended in one and ran.</summary>
    public ScriptValue? Value { get; }

    /// <summary>The type of the trailing expression, or null.</summary>
    public TypeSymbol? Type => Value is null ? null : Submission.Result?.Type;

    /// <summary>The value as the REPL shows it (<c>120 : u32</c> without the arrow), or null.</summary>
    public string? FormattedValue => Value is { } v && Type is { } t ? ValueFormatter.Format(v, t) : null;
}

/// <summary>
/// An interactive session (LANGUAGE.md §14, <c>drv repl</c>): submissions of declarations and
/// statements compiled one after another against everything declared before, run on one execution
/// whose globals, limits' counters and simulation live as long as the session. A submission that
/// fails to compile or stops with a run-time error is not kept: its declarations are forgotten,
/// while what it did before stopping (prints, assignments to earlier variables, plugged devices,
/// virtual time) stays. Not thread-safe: submit from one thread at a time (each submission itself
/// runs on a thread with a large stack when <see cref="RunOptions.UseDedicatedThread"/> is set).
/// </summary>
/// <example>
/// <code>
/// using var session = new ScriptSession(new ScriptSessionOptions { Run = new RunOptions { Output = Console.Out } });
/// session.Submit("fn fact(n: u32) -> u32 { if n &lt;= 1 { return 1; } return n * fact(n - 1); }");
/// var r = session.Submit("fact(5)");
/// Console.WriteLine($"=> {r.FormattedValue} : {r.Type}");   // => 120 : u32
/// session.Submit("let x = fact(3);");
/// session.Submit("x + 1").FormattedValue;                  // "7"
/// </code>
/// </example>
public sealed class ScriptSession : IDisposable
{
    private readonly ScriptSessionOptions _options;
    private readonly RunOptions _run;
    private ScriptExecution? _execution;
    private PreparedProgram? _prepared;

    public ScriptSession(ScriptSessionOptions? options = null)
    {
        _options = options ?? ScriptSessionOptions.Default;
        _run = _options.Run with
        {
            CancellationToken = default,
            RuntimeFactory = _options.Run.RuntimeFactory ?? SimulationRuntime.Factory(_options.Simulation),
        };
    }

    /// <summary>What the next submission is bound against: every declaration and variable kept so far.</summary>
    public SubmissionScope Scope { get; private set; } = SubmissionScope.Empty;

    /// <summary>The execution behind the session (null until the first submission compiles).</summary>
    public ScriptExecution? Execution => _execution;

    /// <summary>The simulation behind the session (null until the first submission compiles, or when another runtime was chosen).</summary>
    public SimulationRuntime? Simulation => _execution?.Runtime as SimulationRuntime;

    /// <summary>The top-level variables kept so far (the latest of each name) with their current values, in declaration order.</summary>
    public IReadOnlyList<ScriptVariable> Variables
    {
        get
        {
            if (_execution is null) return Array.Empty<ScriptVariable>();
            return Scope.Names.Values.OfType<GlobalSymbol>().OrderBy(g => g.Slot)
                .Select(g => new ScriptVariable(g.Name, g.Type, _execution.GetGlobal(g))).ToArray();
        }
    }

    /// <summary>Compiles <paramref name="text"/> against the session without running it or keeping it (the REPL's <c>:type</c>).</summary>
    public Submission Compile(string text) =>
        Submission.Compile(Submission.Terminate(text), Scope, Submission.InteractivePath, _options.Compilation);

    /// <summary>
    /// Compiles and runs text typed at the prompt (a missing final <c>;</c> is added). When it ends in
    /// an expression with a value, <see cref="SubmissionResult.Value"/> holds it.
    /// </summary>
    public SubmissionResult Submit(string text, CancellationToken cancellation = default) =>
        Run(Submission.Compile(Submission.Terminate(text), Scope, Submission.InteractivePath, _options.Compilation), cancellation);

    /// <summary>Compiles and runs a file as one submission (the REPL's <c>:load</c>); its top-level statements run, its tests are not.</summary>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public SubmissionResult SubmitFile(string path, CancellationToken cancellation = default) =>
        Run(Submission.CompileFile(path, Scope, _options.Compilation), cancellation);

    /// <summary>Forgets every declaration and variable and ends the simulation; the next submission starts a new one.</summary>
    public void Reset()
    {
        (_execution?.Runtime as IDisposable)?.Dispose();
        _execution = null;
        _prepared = null;
        Scope = SubmissionScope.Empty;
    }

    public void Dispose() => Reset();

    private SubmissionResult Run(Submission submission, CancellationToken cancellation)
    {
        if (submission.HasErrors || submission.Program is not { } program) return new SubmissionResult(submission, null, null, _run.Output is null ? string.Empty : null);
        var prepared = new PreparedProgram(program, _prepared);
        if (_execution is null) _execution = new ScriptExecution(prepared, _run with { CancellationToken = cancellation }, _run.Limits.Timeout);
        _execution.BeginSubmission(prepared, cancellation);
        var execution = _execution;
        int outputStart = (execution.Output as StringWriter)?.GetStringBuilder().Length ?? 0;
        ScriptRuntimeException? error = OnScriptThread(() =>
        {
            try
            {
                execution.RunTopLevel();
                return null;
            }
            catch (ScriptRuntimeException e)
            {
                return e;
            }
        });
        execution.Output.Flush();
        string? output = _run.Output is null && execution.Output is StringWriter captured ? TakeOutput(captured, outputStart) : null;
        if (error is not null) return new SubmissionResult(submission, error, null, output);

        _prepared = prepared;
        Scope = submission.Scope;
        ScriptValue? value = null;
        if (submission.Result is { } result)
        {
            value = execution.GetGlobal(result);
            execution.Globals.Refs[result.Slot] = null; // the session keeps the value only as long as the caller does
        }
        return new SubmissionResult(submission, null, value, output);
    }

    private static string TakeOutput(StringWriter writer, int start)
    {
        var sb = writer.GetStringBuilder();
        string text = sb.ToString(start, sb.Length - start);
        sb.Clear(); // a long session does not keep everything it printed
        return text;
    }

    private T OnScriptThread<T>(Func<T> work) => Script.OnScriptThread(_run, work, "DriverScript session");
}

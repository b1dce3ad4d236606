using DriverScript.Language.Binding;
using DriverScript.Language.Diagnostics;
using DriverScript.Language.Symbols;
using DriverScript.Language.Text;

namespace DriverScript.Interpreter;

/// <summary>A top-level <c>let</c>/<c>var</c> and its value after a run.</summary>
public sealed record ScriptVariable(string Name, TypeSymbol Type, ScriptValue Value)
{
    /// <summary>The value as <c>print</c> shows it.</summary>
    public override string ToString() => ValueFormatter.Format(Value, Type);
}

/// <summary>The outcome of <see cref="Script.Run"/>: the top-level statements ran to the end, or stopped at <see cref="Error"/>.</summary>
/// <example>
/// <code>
/// var result = Script.Compile("let x: u8 = 250; let y = x + 10 as u8; print(y);").Run();
/// result.Succeeded;            // true
/// result.Output;               // "4\n"
/// result.Globals["y"].ToString(); // "4"
/// </code>
/// </example>
public sealed class RunResult
{
    internal RunResult(ScriptExecution execution, ScriptRuntimeException? error, string? output, TimeSpan elapsed)
    {
        Execution = execution;
        Error = error;
        Output = output;
        Elapsed = elapsed;
        var globals = new Dictionary<string, ScriptVariable>(StringComparer.Ordinal);
        foreach (var g in execution.Program.Globals)
            globals[g.Name] = new ScriptVariable(g.Name, g.Type, execution.GetGlobal(g));
        Globals = globals;
    }

    public bool Succeeded => Error is null;

    /// <summary>The run-time error or limit that stopped the run (DS3xxx, DS4xxx), or null.</summary>
    public ScriptRuntimeException? Error { get; }

    /// <summary>The diagnostics of the run: the error's, if any.</summary>
    public IReadOnlyList<Diagnostic> Diagnostics => Error is null ? Array.Empty<Diagnostic>() : new[] { Error.Diagnostic };

    /// <summary>What <c>print</c> wrote, when <see cref="RunOptions.Output"/> was null; otherwise null.</summary>
    public string? Output { get; }

    /// <summary>Top-level variables by name, with their values when the run ended.</summary>
    public IReadOnlyDictionary<string, ScriptVariable> Globals { get; }

    public long Steps => Execution.Steps;

    public long AllocatedBytes => Execution.AllocatedBytes;

    public TimeSpan Elapsed { get; }

    public ScriptExecution Execution { get; }

    /// <summary>The machine the run used (its trace, violations, devices), or null when it ran without a simulation. Stopped and disposed: read it, do not run it.</summary>
    public DriverScript.Framework.Simulation? Simulation => (Execution.Runtime as SimulationRuntime)?.Simulation;

    /// <summary>Every violation the run's machine recorded (verifier findings and the bug check), in order.</summary>
    public IReadOnlyList<DriverScript.Framework.Verifier.Violation> Violations => Simulation?.Violations ?? [];
}

/// <summary>A <c>test "name" { }</c> block of a script.</summary>
public sealed record ScriptTest(string Name, SourceSpan Span, BoundTest Bound)
{
    /// <summary><c>file(line,col)</c> of the test's declaration.</summary>
    public string Location => Span.ToString();

    public override string ToString() => Name;
}

/// <summary>
/// The outcome of one test: it passes unless an <c>expect</c> failed, a run-time error happened or a
/// limit was exceeded (later also: an unexpected violation or bug check).
/// </summary>
/// <example>
/// <code>
/// foreach (var r in script.RunTests())
///     Console.WriteLine(r.Passed ? $"PASS {r.Name}" : $"FAIL {r.Name}: {r.Failure}");
/// // FAIL adds: t.drv(4,5): error DS3006: 'expect a == b' failed: left 3, right 4
/// </code>
/// </example>
public sealed class TestResult
{
    internal TestResult(ScriptTest test, ScriptExecution execution, ScriptRuntimeException? error, string? output, long steps, TimeSpan elapsed)
    {
        Test = test;
        Execution = execution;
        Error = error;
        Output = output;
        Steps = steps;
        Elapsed = elapsed;
    }

    public ScriptTest Test { get; }

    public string Name => Test.Name;

    public bool Passed => Error is null;

    /// <summary>Why the test failed (with its location), or null.</summary>
    public Diagnostic? Failure => Error?.Diagnostic;

    /// <summary>The failure's message without its location, or null.</summary>
    public string? Message => Error?.Diagnostic.Message;

    public ScriptRuntimeException? Error { get; }

    public string? Output { get; }

    public long Steps { get; }

    public TimeSpan Elapsed { get; }

    /// <summary>The execution the test ran in (globals, limits, the runtime).</summary>
    public ScriptExecution Execution { get; }

    /// <summary>The machine the test used (its trace, violations, devices), or null when it ran without a simulation. Stopped and disposed: read it, do not run it.</summary>
    public DriverScript.Framework.Simulation? Simulation => (Execution.Runtime as SimulationRuntime)?.Simulation;

    /// <summary>Every violation the test's machine recorded (verifier findings and the bug check), in order.</summary>
    public IReadOnlyList<DriverScript.Framework.Verifier.Violation> Violations => Simulation?.Violations ?? [];

    public override string ToString() => Passed ? $"passed: {Name}" : $"failed: {Name}: {Failure}";
}

using System.Diagnostics;
using System.Runtime.ExceptionServices;
using DriverScript.Language;
using DriverScript.Language.Binding;
using DriverScript.Language.Diagnostics;

namespace DriverScript.Interpreter;

/// <summary>
/// A compiled DriverScript program, ready to run (LANGUAGE.md §15). Compiling never throws for
/// script mistakes: they are <see cref="Diagnostics"/>. Running executes the top-level statements
/// (<see cref="Run"/>) or a <c>test</c> block (<see cref="RunTest(string, RunOptions?)"/>); each run gets fresh globals,
/// fresh limits and a fresh runtime. A script may be run many times, also from several threads.
/// </summary>
/// <example>
/// <code>
/// var script = Script.Compile("""
///     fn square(x: u32) -> u32 { return x * x; }
///     print(square(12));
///     test "squares" { expect square(3) == 9; }
///     """);
/// if (script.HasErrors) { foreach (var d in script.Diagnostics) Console.WriteLine(d); return; }
/// var run = script.Run(new RunOptions { Output = Console.Out });   // prints 144
/// foreach (var test in script.RunTests()) Console.WriteLine(test);  // passed: squares
/// </code>
/// </example>
public sealed class Script
{
    private readonly PreparedProgram? _prepared;

    private Script(Compilation compilation)
    {
        Compilation = compilation;
        if (!compilation.HasErrors && compilation.Program is { } program)
        {
            _prepared = new PreparedProgram(program);
            Tests = program.Tests.Select(t => new ScriptTest(t.Name, t.Syntax.DescriptionSpan, t)).ToArray();
        }
        else Tests = Array.Empty<ScriptTest>();
    }

    /// <summary>Compiles source text (imports are read relative to <paramref name="path"/>).</summary>
    public static Script Compile(string text, string path = "script.drv", CompilationOptions? options = null) =>
        new(Compilation.FromText(path, text, options ?? ScriptHost.DefaultCompilationOptions));

    /// <summary>Compiles a file and the files it imports.</summary>
    public static Script CompileFile(string path, CompilationOptions? options = null) =>
        new(Compilation.FromFile(path, options ?? ScriptHost.DefaultCompilationOptions));

    public Compilation Compilation { get; }

    /// <summary>Errors and warnings of the front end, in source order.</summary>
    public IReadOnlyList<Diagnostic> Diagnostics => Compilation.Diagnostics;

    public bool HasErrors => Compilation.HasErrors;

    public BoundProgram Program => Prepared.Program;

    /// <summary>The root file's tests, in order (empty when the script has errors).</summary>
    public IReadOnlyList<ScriptTest> Tests { get; }

    internal PreparedProgram Prepared => _prepared ?? throw new InvalidOperationException(
        "the script has errors and cannot run: " + string.Join("; ", Diagnostics.Where(d => d.IsError).Take(3)));

    /// <summary>A fresh execution (globals, limits, runtime) to call functions in, on the calling thread.</summary>
    public ScriptExecution CreateExecution(RunOptions? options = null)
    {
        options ??= RunOptions.Default;
        return new ScriptExecution(Prepared, options, options.Limits.Timeout);
    }

    /// <summary>Runs the top-level statements in order (what <c>drv run</c> does).</summary>
    public RunResult Run(RunOptions? options = null)
    {
        options ??= RunOptions.Default;
        var prepared = Prepared;
        return OnScriptThread(options, () =>
        {
            var started = Stopwatch.GetTimestamp();
            var execution = new ScriptExecution(prepared, options, options.Limits.Timeout);
            ScriptRuntimeException? error = null;
            try
            {
                execution.RunTopLevel();
            }
            catch (ScriptRuntimeException e)
            {
                error = e;
            }
            finally
            {
                (execution.Runtime as IDisposable)?.Dispose();
            }
            return new RunResult(execution, error, Captured(options, execution), Stopwatch.GetElapsedTime(started));
        });
    }

    /// <summary>Runs one test by name.</summary>
    public TestResult RunTest(string name, RunOptions? options = null)
    {
        var test = Tests.FirstOrDefault(t => t.Name == name) ?? throw new ArgumentException($"the script has no test \"{name}\"", nameof(name));
        return RunTest(test, options);
    }

    public TestResult RunTest(ScriptTest test, RunOptions? options = null)
    {
        options ??= RunOptions.Default;
        var prepared = Prepared;
        return OnScriptThread(options, () =>
        {
            var started = Stopwatch.GetTimestamp();
            var execution = new ScriptExecution(prepared, options, options.Limits.TestTimeout);
            ScriptRuntimeException? error = null;
            try
            {
                execution.RunTest(test.Bound);
            }
            catch (ScriptRuntimeException e)
            {
                error = e;
            }
            finally
            {
                (execution.Runtime as IDisposable)?.Dispose();
            }
            return new TestResult(test, execution, error, Captured(options, execution), execution.Steps, Stopwatch.GetElapsedTime(started));
        });
    }

    /// <summary>Runs every test (whose name contains <paramref name="filter"/>, when given), in order, each from a clean state.</summary>
    public IReadOnlyList<TestResult> RunTests(RunOptions? options = null, string? filter = null) =>
        Tests.Where(t => filter is null || t.Name.Contains(filter, StringComparison.Ordinal)).Select(t => RunTest(t, options)).ToArray();

    private static string? Captured(RunOptions options, ScriptExecution execution) =>
        options.Output is null ? execution.Output.ToString() : null;

    /// <summary>Runs <paramref name="work"/> on a thread with a large stack (or inline), passing its exceptions through unchanged.</summary>
    internal static T OnScriptThread<T>(RunOptions options, Func<T> work, string threadName = "DriverScript")
    {
        if (!options.UseDedicatedThread) return work();
        T result = default!;
        ExceptionDispatchInfo? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                result = work();
            }
            catch (Exception e)
            {
                // Not swallowed: rethrown on the caller's thread below, with its original stack.
                failure = ExceptionDispatchInfo.Capture(e);
            }
        }, options.ThreadStackSize)
        {
            Name = threadName,
            IsBackground = true,
        };
        thread.Start();
        thread.Join();
        failure?.Throw();
        return result;
    }
}

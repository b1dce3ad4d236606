using System.Collections.Concurrent;
using System.Text;
using DriverScript.Language.Diagnostics;

namespace DriverScript.Interpreter;

/// <summary>
/// The <c>test</c> blocks of <c>.drv</c> files as test cases of any .NET test framework
/// (LANGUAGE.md §15): <see cref="From(string[])"/> lists one row per block — <c>{ file, test }</c>,
/// two strings, so xUnit's <c>[MemberData]</c> can serialize them and show each block as its own case
/// — and <see cref="Run"/> runs one row, throwing <see cref="ScriptTestFailedException"/> with the
/// formatted failure when it fails. The interpreter does not depend on xUnit; this is plain data.
/// </summary>
/// <example>
/// <code>
/// public class DriverTests
/// {
///     public static IEnumerable&lt;object[]&gt; Cases =&gt; ScriptTestCases.From("drivers/echo.drv");
///
///     [Theory, MemberData(nameof(Cases))]
///     public void Drv(string file, string test) =&gt; ScriptTestCases.Run(file, test);
/// }
/// </code>
/// </example>
public static class ScriptTestCases
{
    /// <summary>
    /// The test name of the row a file with compile errors gets, so the errors show up as a failing
    /// case (<see cref="Run"/> throws with the diagnostics) instead of silently yielding no cases.
    /// </summary>
    public const string CompileErrorsCase = "(compile errors)";

    private static readonly ConcurrentDictionary<string, Lazy<Script>> s_scripts = new(StringComparer.Ordinal);

    /// <summary>
    /// One <c>{ file, test }</c> row per <c>test</c> block of each file, in file and source order.
    /// A folder stands for its <c>*.drv</c> files, searched recursively in ordinal order. Paths stay as
    /// given (relative ones are resolved against the current directory when read).
    /// </summary>
    /// <exception cref="FileNotFoundException">A path is neither a file nor a folder.</exception>
    public static IEnumerable<object[]> From(params string[] paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var rows = new List<object[]>();
        foreach (var file in Files(paths))
        {
            var script = Load(file);
            if (script.HasErrors)
            {
                rows.Add([file, CompileErrorsCase]);
                continue;
            }
            foreach (var test in script.Tests) rows.Add([file, test.Name]);
        }
        return rows;
    }

    /// <summary>The rows of <see cref="From(string[])"/> whose test name contains <paramref name="filter"/> (ordinal, as <c>drv test --filter</c>).</summary>
    public static IEnumerable<object[]> Matching(string filter, params string[] paths)
    {
        ArgumentNullException.ThrowIfNull(filter);
        return From(paths).Where(row => ((string)row[1]).Contains(filter, StringComparison.Ordinal)).ToArray();
    }

    /// <summary>
    /// Runs the test <paramref name="test"/> of <paramref name="file"/> and returns its result when it
    /// passed; throws <see cref="ScriptTestFailedException"/> when it failed. Without
    /// <paramref name="options"/>, or when they name no <see cref="RunOptions.RuntimeFactory"/>, the test
    /// runs on a fresh simulation (<see cref="SimulationRuntime.Factory"/>). A file is compiled once
    /// per process, however many of its cases run.
    /// </summary>
    /// <exception cref="ScriptTestFailedException">The test failed, or the file has compile errors.</exception>
    /// <exception cref="ArgumentException">The file has no test of that name.</exception>
    public static TestResult Run(string file, string test, RunOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(test);
        var script = Load(file);
        if (script.HasErrors) throw ScriptTestFailedException.ForCompileErrors(file, script.Diagnostics);
        options ??= RunOptions.Default;
        if (options.RuntimeFactory is null) options = options with { RuntimeFactory = SimulationRuntime.Factory() };
        var result = script.RunTest(test, options);
        return result.Passed ? result : throw new ScriptTestFailedException(file, result);
    }

    /// <summary>The compiled file (cached by full path for the life of the process).</summary>
    public static Script Load(string file)
    {
        string full = Path.GetFullPath(file);
        return s_scripts.GetOrAdd(full, path => new Lazy<Script>(() => Script.CompileFile(path))).Value;
    }

    private static IEnumerable<string> Files(string[] paths)
    {
        foreach (var path in paths)
        {
            if (Directory.Exists(path))
            {
                foreach (var f in Directory.GetFiles(path, "*.drv", SearchOption.AllDirectories).Order(StringComparer.Ordinal)) yield return f;
            }
            else if (File.Exists(path))
            {
                yield return path;
            }
            else
            {
                throw new FileNotFoundException($"no .drv file or folder '{path}' (relative to {Directory.GetCurrentDirectory()})", path);
            }
        }
    }
}

/// <summary>
/// A <c>.drv</c> test failed (or its file did not compile). <see cref="Exception.Message"/> is what
/// <c>drv test</c> prints: the test, then the failure in MSBuild form with the source line and caret,
/// then what the test printed.
/// </summary>
public sealed class ScriptTestFailedException : Exception
{
    internal ScriptTestFailedException(string file, TestResult result)
        : base(Describe(result))
    {
        File = file;
        Result = result;
        Diagnostics = [result.Failure!];
    }

    private ScriptTestFailedException(string file, string message, IReadOnlyList<Diagnostic> diagnostics)
        : base(message)
    {
        File = file;
        Diagnostics = diagnostics;
    }

    /// <summary>The file the test is in.</summary>
    public string File { get; }

    /// <summary>The failed test's result; null when the file did not compile.</summary>
    public TestResult? Result { get; }

    /// <summary>The diagnostics: the failure's, or the compile errors.</summary>
    public IReadOnlyList<Diagnostic> Diagnostics { get; } = [];

    /// <summary>The failure (an <c>expect</c>, a run-time error, a limit, an unexpected bug check), or null.</summary>
    public Diagnostic? Failure => Result?.Failure;

    internal static ScriptTestFailedException ForCompileErrors(string file, IReadOnlyList<Diagnostic> diagnostics)
    {
        var errors = diagnostics.Where(d => d.IsError).ToArray();
        var sb = new StringBuilder();
        sb.Append(file).Append(" has ").Append(errors.Length == 1 ? "1 error" : $"{errors.Length} errors").Append(":\n");
        foreach (var d in errors) sb.Append(DiagnosticFormatter.Format(d));
        return new ScriptTestFailedException(file, sb.ToString().TrimEnd('\n'), errors);
    }

    private static string Describe(TestResult result)
    {
        var sb = new StringBuilder();
        sb.Append("test \"").Append(result.Name).Append("\" (").Append(result.Test.Location).Append(") failed:\n");
        sb.Append(DiagnosticFormatter.Format(result.Failure!).TrimEnd('\n'));
        if (!string.IsNullOrEmpty(result.Output))
        {
            sb.Append("\noutput:\n").Append(result.Output.TrimEnd('\n', '\r'));
        }
        return sb.ToString();
    }
}

using System.Text;
using DriverScript.Interpreter.Jit;
using DriverScript.Language.Diagnostics;

namespace DriverScript.Interpreter.Tests.Tiering;

/// <summary>
/// Issue 6, item 4: every example and every correct conformance program runs in the interpreter
/// (<see cref="JitMode.Off"/>), compiled from the start (<see cref="JitMode.Always"/>) and tiered
/// up after one call (<see cref="JitMode.Auto"/>, threshold 1), on the simulation with one seed, and
/// the three must agree on everything observable: output, errors with their locations, steps,
/// each test's outcome, and the simulation's trace byte for byte.
/// </summary>
public class TierEquivalenceTests
{
    private static string Root()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "DriverScript.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new DirectoryNotFoundException("the repository root (DriverScript.sln) is not above the test binaries");
    }

    public static TheoryData<string> Files()
    {
        var root = Root();
        var data = new TheoryData<string>();
        var files = Directory.GetFiles(Path.Combine(root, "examples"), "*.drv", SearchOption.AllDirectories)
            .Concat(Directory.GetFiles(Path.Combine(root, "tests", "Conformance", "Correct"), "*.drv"));
        foreach (var f in files.Order(StringComparer.Ordinal)) data.Add(Path.GetRelativePath(root, f).Replace('\\', '/'));
        return data;
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Every_tier_gives_the_same_outputs_errors_steps_and_traces(string file)
    {
        var script = Script.CompileFile(Path.Combine(Root(), file), ScriptHost.DefaultCompilationOptions);
        script.HasErrors.ShouldBeFalse(string.Join("; ", script.Diagnostics));
        int failuresBefore = JitStatistics.Failed;

        string off = Observe(script, new RunOptions { Jit = JitMode.Off });
        string always = Observe(script, new RunOptions { Jit = JitMode.Always });
        string auto = Observe(script, new RunOptions { Jit = JitMode.Auto, JitThreshold = 1 });

        (JitStatistics.Failed - failuresBefore).ShouldBe(0, JitStatistics.LastFailure);
        Compare(file, off, always, "always");
        Compare(file, off, auto, "auto");
    }

    private static void Compare(string file, string expected, string actual, string tier)
    {
        if (expected == actual) return;
        int i = 0;
        while (i < expected.Length && i < actual.Length && expected[i] == actual[i]) i++;
        int from = Math.Max(0, i - 200);
        Assert.Fail($"{file}: the {tier} tier differs from the interpreter at character {i}:\n--- interpreter\n{Cut(expected, from)}\n--- {tier}\n{Cut(actual, from)}");
    }

    private static string Cut(string s, int from) => s.Substring(from, Math.Min(600, s.Length - from));

    /// <summary>Everything a run and its tests show, as text: top level, then each test, each with its trace.</summary>
    internal static string Observe(Script script, RunOptions options)
    {
        var sb = new StringBuilder();
        var runtimes = new List<SimulationRuntime>();
        var factory = SimulationRuntime.Factory(new SimulationRunOptions { Seed = 7, FullTrace = true });
        options = options with
        {
            Limits = ScriptLimits.Default with { MaxSteps = 20_000_000, TestTimeout = TimeSpan.FromSeconds(30) },
            RuntimeFactory = execution =>
            {
                var runtime = (SimulationRuntime)factory(execution);
                runtimes.Add(runtime);
                return runtime;
            },
        };

        var run = script.Run(options);
        sb.Append("run: ").Append(run.Succeeded ? "ok" : Describe(run.Error!.Diagnostic)).Append('\n');
        sb.Append("steps: ").Append(run.Steps).Append('\n');
        sb.Append("output:\n").Append(run.Output).Append('\n');
        foreach (var g in run.Globals.OrderBy(g => g.Key, StringComparer.Ordinal)) sb.Append("global ").Append(g.Key).Append(" = ").Append(g.Value).Append('\n');
        AppendTraces(sb, runtimes);

        foreach (var test in script.RunTests(options))
        {
            sb.Append("test ").Append(test.Name).Append(": ").Append(test.Passed ? "passed" : Describe(test.Failure!)).Append('\n');
            sb.Append("steps: ").Append(test.Steps).Append('\n');
            sb.Append("output:\n").Append(test.Output).Append('\n');
            AppendTraces(sb, runtimes);
        }
        return sb.ToString();
    }

    private static void AppendTraces(StringBuilder sb, List<SimulationRuntime> runtimes)
    {
        foreach (var runtime in runtimes)
        {
            var simulation = (DriverScript.Framework.Simulation?)runtime.Simulation;
            sb.Append("trace:\n").Append(simulation is null ? "(none)" : simulation.Trace.ToPerfettoJson()).Append('\n');
            sb.Append("violations: ").Append(simulation is null ? "" : string.Join("; ", simulation.Violations)).Append('\n');
        }
        runtimes.Clear();
    }

    private static string Describe(Diagnostic d) => DiagnosticFormatter.Format(d);
}

using System.Text;
using DriverScript.Interpreter.Tests.Simulation;

namespace DriverScript.Interpreter.Tests.Jit;

/// <summary>
/// Every conformance program (<c>tests/Conformance/Correct</c>) and example (<c>examples/</c>) runs
/// on the simulation in each tier — its top level and each of its tests — with identical outcomes,
/// output, step counts and byte-identical simulation traces (issue 6, item 4; LANGUAGE.md §12).
/// </summary>
public class CorpusTierTests
{
    private static string RepositoryFile(params string[] parts)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !Directory.Exists(Path.Combine(dir.FullName, "tests", "Conformance", "Correct"))) dir = dir.Parent;
        return Path.Combine(new[] { dir?.FullName ?? "." }.Concat(parts).ToArray());
    }

    public static TheoryData<string> Files()
    {
        var data = new TheoryData<string>();
        foreach (var f in Directory.GetFiles(RepositoryFile("tests", "Conformance", "Correct"), "*.drv").OrderBy(f => f, StringComparer.Ordinal))
            data.Add("tests/Conformance/Correct/" + Path.GetFileName(f));
        foreach (var f in Directory.GetFiles(ExampleTests.ExamplesDirectory, "*.drv").OrderBy(f => f, StringComparer.Ordinal))
            data.Add("examples/" + Path.GetFileName(f));
        return data;
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Runs_identically_in_every_tier(string file)
    {
        var script = Script.CompileFile(RepositoryFile(file.Split('/')));
        script.Diagnostics.Where(d => d.IsError).Select(d => d.ToString()).ShouldBeEmpty();
        string expected = Transcript(script, Tier.Interpreter);
        foreach (var tier in Tier.Compiled)
        {
            string actual = Transcript(script, tier);
            if (actual != expected)
                Assert.Fail($"{file}: tier '{tier}' differs from the interpreter at {TierTranscript.FirstDifference(expected, actual)}");
        }
    }

    [Fact]
    public void The_compared_transcript_holds_output_steps_and_the_simulation_trace()
    {
        var script = Script.CompileFile(RepositoryFile("examples", "echo.drv"));
        string transcript = Transcript(script, Tier.Interpreter);
        transcript.ShouldContain("top level: ok, steps ");
        transcript.ShouldContain("STATUS_SUCCESS\nb\"ping\"\n");
        transcript.ShouldContain("trace:\n");
        transcript.Split("trace:\n")[1].Length.ShouldBeGreaterThan(100, "the first trace should have events");
        transcript.ShouldContain("\": passed, steps ");
    }

    /// <summary>The top level's and each test's outcome, output, steps and full simulation trace.</summary>
    private static string Transcript(Script script, Tier tier)
    {
        var text = new StringBuilder();
        SimulationRuntime? runtime = null;
        var options = tier.Options(ScriptLimits.Default with { MaxSteps = 10_000_000, TestTimeout = TimeSpan.FromSeconds(30) }) with
        {
            RuntimeFactory = execution => runtime = new SimulationRuntime(execution, new SimulationRunOptions { Seed = 1, FullTrace = true }),
            UseDedicatedThread = true,
        };
        var run = script.Run(options);
        text.Append("top level: ").Append(run.Error?.Diagnostic.ToString() ?? "ok").Append(", steps ").Append(run.Steps).Append('\n');
        text.Append(run.Output).Append(TraceOf(runtime));
        foreach (var test in script.Tests)
        {
            runtime = null;
            var result = script.RunTest(test, options);
            text.Append("test \"").Append(test.Name).Append("\": ").Append(result.Failure?.ToString() ?? "passed").Append(", steps ").Append(result.Steps).Append('\n');
            text.Append(result.Output).Append(TraceOf(runtime));
        }
        return text.ToString();
    }

    private static string TraceOf(SimulationRuntime? runtime) =>
        runtime is null ? "" : "trace:\n" + runtime.Simulation.Trace.ToText();
}

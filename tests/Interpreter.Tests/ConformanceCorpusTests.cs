namespace DriverScript.Interpreter.Tests;

/// <summary>
/// The conformance corpus's correct programs, run now: every test that uses only the language
/// (no device, hardware or host operation) must pass, and every other one must stop at the
/// runtime seam (DS3007), never with another error. As the framework binding lands, the second
/// group shrinks.
/// </summary>
public class ConformanceCorpusTests
{
    private static string CorpusDirectory()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !Directory.Exists(Path.Combine(dir.FullName, "tests", "Conformance", "Correct"))) dir = dir.Parent;
        return Path.Combine(dir?.FullName ?? ".", "tests", "Conformance", "Correct");
    }

    public static TheoryData<string> Files()
    {
        var data = new TheoryData<string>();
        foreach (var f in Directory.GetFiles(CorpusDirectory(), "*.drv").OrderBy(f => f, StringComparer.Ordinal)) data.Add(Path.GetFileName(f));
        return data;
    }

    /// <summary>Each file compiled and its tests run once, shared by the tests below.</summary>
    private static readonly Lazy<Dictionary<string, IReadOnlyList<TestResult>>> s_results = new(() =>
    {
        var options = new RunOptions { Limits = ScriptLimits.Default with { MaxSteps = 10_000_000, TestTimeout = TimeSpan.FromSeconds(20) } };
        var results = new Dictionary<string, IReadOnlyList<TestResult>>(StringComparer.Ordinal);
        foreach (var path in Directory.GetFiles(CorpusDirectory(), "*.drv"))
        {
            var script = Script.CompileFile(path);
            script.HasErrors.ShouldBeFalse(string.Join("; ", script.Diagnostics));
            results[Path.GetFileName(path)] = script.RunTests(options);
        }
        return results;
    });

    [Theory]
    [MemberData(nameof(Files))]
    public void Runs_each_test_up_to_the_seam(string file)
    {
        foreach (var result in s_results.Value[file])
        {
            if (result.Passed) continue;
            result.Error!.Kind.ShouldBe(RuntimeErrorKind.NeedsSimulation, $"{file}: test \"{result.Name}\": {result.Failure}");
        }
    }

    [Fact]
    public void Pure_tests_of_the_corpus_pass() =>
        s_results.Value.Values.Sum(r => r.Count(t => t.Passed)).ShouldBeGreaterThanOrEqualTo(38); // of 90 (the rest need the simulation)
}

using BenchmarkDotNet.Attributes;
using DriverScript.Language;
using DriverScript.Language.Parsing;

namespace DriverScript.Benchmarks.Language;

/// <summary>
/// Parse and parse + check of a generated 10,000-line script (issue 2's goal: ≥ 200,000 lines/s).
/// Lines per second = 10,000 / mean time.
/// </summary>
[MemoryDiagnoser]
public class FrontEndBenchmarks
{
    public const int Lines = 10_000;
    private string _script = "";

    [GlobalSetup]
    public void Setup()
    {
        _script = ScriptGenerator.Generate(Lines);
        var check = Compilation.FromText("generated.drv", _script);
        if (check.HasErrors)
            throw new InvalidOperationException("the generated script does not check clean:\n" + string.Join("\n", check.Diagnostics.Take(10)));
    }

    [Benchmark(Description = "parse 10k lines")]
    public int Parse() => Parser.Parse("generated.drv", _script).Root.Items.Length;

    [Benchmark(Description = "parse + check 10k lines")]
    public int ParseAndCheck() => Compilation.FromText("generated.drv", _script).Diagnostics.Count;
}

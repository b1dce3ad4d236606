using BenchmarkDotNet.Attributes;
using DriverScript.Language;
using DriverScript.Language.Lexing;
using DriverScript.Language.Parsing;
using DriverScript.Language.Text;

namespace DriverScript.Benchmarks.Language;

/// <summary>
/// Lex, parse (lex + parse) and parse + check of a generated 10,000-line script (issue 2's goal:
/// parse + check ≥ 200,000 lines/s). Lines per second = 10,000 / mean time. Results and how they
/// were reached: docs/performance.md (front end).
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

    [Benchmark(Description = "lex 10k lines")]
    public int Lex() => Lexer.Lex(new SourceText("generated.drv", _script)).Tokens.Length;

    [Benchmark(Description = "parse 10k lines")]
    public int Parse() => Parser.Parse("generated.drv", _script).Root.Items.Length;

    [Benchmark(Description = "parse + check 10k lines")]
    public int ParseAndCheck() => Compilation.FromText("generated.drv", _script).Diagnostics.Count;
}

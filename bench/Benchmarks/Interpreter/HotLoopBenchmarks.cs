using BenchmarkDotNet.Attributes;
using DriverScript.Interpreter;

namespace DriverScript.Benchmarks.Interpreter;

/// <summary>
/// The pure arithmetic hot loop (no register access; the hot I/O loop with registers is in
/// Drivers/HotIoLoopBenchmarks): each iteration reads locals, does arithmetic, branches and writes
/// locals — five statements and one back-edge, all step-counted — in the interpreter
/// (<see cref="JitMode.Off"/>) and the IL tier (<see cref="JitMode.Always"/>). Reported per iteration
/// (OperationsPerInvoke), next to the same loop in C#. Run: <c>dotnet run -c Release --project bench/Benchmarks -- --filter '*Interpreter*'</c>.
/// </summary>
[MemoryDiagnoser]
public class InterpreterHotLoopBenchmarks
{
    private const int Iterations = 10_000;

    private const string Source = """
        fn hot(n: u32) -> u32 {
            var acc: u32 = 0;
            var i: u32 = 0;
            while i < n {
                let v = acc ^ i;
                if v & 1 == 0 { acc = acc + v * 3; } else { acc = acc - 1; }
                i += 1;
            }
            return acc;
        }

        fn hot_for(n: u32) -> u32 {
            var acc: u32 = 0;
            for i in 0..n {
                let v = acc ^ i;
                if v & 1 == 0 { acc = acc + v * 3; } else { acc = acc - 1; }
            }
            return acc;
        }
        """;

    [Params(JitMode.Off, JitMode.Always)]
    public JitMode Tier { get; set; }

    private ScriptExecution _execution = null!;
    private ScriptValue[] _arguments = null!;

    [GlobalSetup]
    public void Setup()
    {
        var script = Script.Compile(Source, "bench.drv");
        if (script.HasErrors) throw new InvalidOperationException(string.Join("\n", script.Diagnostics));
        _execution = script.CreateExecution(new RunOptions { Jit = Tier, Limits = ScriptLimits.Default with { MaxSteps = 0 } });
        _arguments = new[] { ScriptValue.FromScalar(Iterations) };
        if (_execution.CallFunction("hot", _arguments).Bits != CSharpLoop()) throw new InvalidOperationException("the interpreter and C# disagree");
        if (_execution.CallFunction("hot_for", _arguments).Bits != CSharpLoop()) throw new InvalidOperationException("the interpreter and C# disagree (for)");
    }

    [Benchmark(Description = "script: while loop", OperationsPerInvoke = Iterations)]
    public ulong InterpreterWhile() => _execution.CallFunction("hot", _arguments).Bits;

    [Benchmark(Description = "script: for over a range", OperationsPerInvoke = Iterations)]
    public ulong InterpreterFor() => _execution.CallFunction("hot_for", _arguments).Bits;

    [Benchmark(Baseline = true, Description = "hand-written C#", OperationsPerInvoke = Iterations)]
    public ulong CSharp() => CSharpLoop();

    private static uint CSharpLoop()
    {
        uint acc = 0;
        for (uint i = 0; i < Iterations; i++)
        {
            uint v = acc ^ i;
            if ((v & 1) == 0) acc = unchecked(acc + v * 3);
            else acc = unchecked(acc - 1);
        }
        return acc;
    }
}

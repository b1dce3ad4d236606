using System.Reflection;
using BenchmarkDotNet.Attributes;
using DriverScript.Interpreter;
using DriverScript.Interpreter.Jit;

namespace DriverScript.Benchmarks.Interpreter;

/// <summary>
/// Tier-up latency (issue 6): what it costs to move one body to the IL tier. <c>Compile</c> is the
/// compiler alone (bound tree → IL → a delegate over a new <c>DynamicMethod</c>) for each callback
/// of <c>examples/echo.drv</c>, reported per callback; <c>CompileAndFirstCall</c> adds the .NET
/// JIT's compilation of the new method, which happens on its first call, for a function with loops,
/// a match and calls (a fresh dynamic method each time, so every call pays the JIT).
/// Run: <c>dotnet run -c Release --project bench/Benchmarks -- --filter '*TierUp*'</c>.
/// </summary>
[MemoryDiagnoser]
public class TierUpBenchmarks
{
    private const string Function = """
        fn checksum(n: u32, seed: u32) -> u32 {
            var acc: u32 = seed;
            var i: u32 = 0;
            while i < n {
                let v = acc ^ (i * 2654435761);
                match v & 3 {
                    0 => { acc = acc + v; }
                    1 | 2 => { acc = (acc << 3) | (acc >> 29); }
                    _ => { acc = acc - mix(v, i); }
                }
                i += 1;
            }
            return acc;
        }

        fn mix(a: u32, b: u32) -> u32 { return min(a, b) * 31 + max(a, b); }
        """;

    private TieredBody[] _callbacks = null!;
    private TieredBody _function = null!;
    private ScriptExecution _execution = null!;
    private int _frameSize;

    [GlobalSetup]
    public void Setup()
    {
        var echo = Script.Compile(ReadResource("echo.drv"), "echo.drv", ScriptHost.DefaultCompilationOptions);
        if (echo.HasErrors) throw new InvalidOperationException(string.Join("\n", echo.Diagnostics));
        // Prepare every callback of every device (the runtime does this on first use).
        var bodies = new List<TieredBody>();
        foreach (var device in echo.Program.Devices)
            foreach (var callback in device.AllCallbacks())
                bodies.Add((TieredBody)echo.Prepared.Callback(callback).Body);
        _callbacks = bodies.ToArray();
        if (_callbacks.Length == 0) throw new InvalidOperationException("echo.drv has no callbacks");

        var script = Script.Compile(Function, "tierup.drv");
        if (script.HasErrors) throw new InvalidOperationException(string.Join("\n", script.Diagnostics));
        var symbol = script.Program.FindFunction("checksum")!;
        var code = script.Prepared.Functions[symbol.Index].Prepare();
        _function = (TieredBody)code.Body;
        _frameSize = code.FrameSize;
        _execution = script.CreateExecution(new RunOptions { Jit = JitMode.Off });
    }

    /// <summary>Bodies compiled per invocation of <see cref="Compile"/> (divide its time by this).</summary>
    public int Callbacks => _callbacks.Length;

    [Benchmark(Description = "compile every echo.drv callback (IL only)")]
    public int Compile()
    {
        int size = 0;
        foreach (var body in _callbacks) size += IlCompiler.Compile(body).IlSize;
        return size;
    }

    [Benchmark(Description = "compile a function + its first call (IL and .NET JIT)")]
    public ulong CompileAndFirstCall()
    {
        var compiled = IlCompiler.Compile(_function);
        var frame = new ScriptFrame(_execution, _frameSize);
        frame.S[0] = 4;
        frame.S[1] = 7;
        compiled.Run(frame);
        return frame.ReturnScalar;
    }

    private static string ReadResource(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(name) ?? throw new InvalidOperationException($"no resource {name}");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}

using BenchmarkDotNet.Attributes;
using DriverScript.Framework;
using DriverScript.Framework.Drivers;
using DriverScript.Framework.Tests.Echo;
using DriverScript.Interpreter;

namespace DriverScript.Benchmarks.Drivers;

/// <summary>Who drives the echo device.</summary>
public enum EchoDriverKind
{
    /// <summary>The hand-written C# port of the KMDF echo sample (tests/Framework.Tests/Echo/EchoDriver.cs).</summary>
    CSharp,

    /// <summary>examples/echo.drv, interpreted (<see cref="JitMode.Off"/>).</summary>
    Interpreter,

    /// <summary>examples/echo.drv with <see cref="JitMode.Always"/>; until the IL tier exists this runs the interpreter too.</summary>
    IlTier,
}

/// <summary>
/// Echo requests per second through the whole stack: C# sends a 5-byte write and then a 5-byte read
/// to a plugged echo device and waits for each (<see cref="PluggedDevice.Write"/>,
/// <see cref="PluggedDevice.Read"/>: the host operations behind the language's <c>dev.write</c> and
/// <c>dev.read</c>). Both drivers keep the request and complete it from the queue's periodic timer,
/// so each wait runs the simulation (virtual time) to the next tick: one invocation is two
/// requests, two timer ticks, the cancel-routine bookkeeping, with the full trace on (cleared at the
/// start of each invocation). Requests/s = 2 / mean.
/// Run: <c>dotnet run -c Release --project bench/Benchmarks -- --filter '*Echo*' --launchCount 1 --warmupCount 10 --iterationCount 15</c>.
/// </summary>
[MemoryDiagnoser]
[MinColumn, MedianColumn]
public class EchoBenchmarks
{
    private static readonly ReadOnlyMemory<byte> Hello = "hello"u8.ToArray();

    /// <summary>A host function appended to examples/echo.drv so that C# can plug its device.</summary>
    private const string PlugFunction = "\nfn bench_plug() -> device_handle { return plug(Echo); }\n";

    [Params(EchoDriverKind.CSharp, EchoDriverKind.Interpreter, EchoDriverKind.IlTier)]
    public EchoDriverKind Driver { get; set; }

    private Simulation _sim = null!;
    private PluggedDevice _device = null!;
    private ScriptedDriver? _scripted;

    [GlobalSetup]
    public void Setup()
    {
        if (Driver == EchoDriverKind.CSharp)
        {
            _sim = new Simulation(new SimulationOptions { Processors = 2 });
            _device = _sim.CreateDriver("Echo", EchoDriver.DeviceAdd).Plug();
        }
        else
        {
            _scripted = ScriptedDriver.Plug(ScriptedDriver.Resource("echo.drv") + PlugFunction, "echo.drv", "bench_plug",
                Driver == EchoDriverKind.IlTier ? JitMode.Always : JitMode.Off);
            _sim = _scripted.Simulation;
            _device = _scripted.Device;
        }

        var (write, read) = (_device.Write(Hello), _device.Read(5));
        if (!write.Status.IsSuccess || write.Information != 5 || !read.Status.IsSuccess || !read.Data.Span.SequenceEqual(Hello.Span))
            throw new InvalidOperationException($"{Driver}: the echo did not echo ({write.Status}, {read.Status}, {read.Data.Length} bytes)");
        if (_sim.Violations.Count != 0) throw new InvalidOperationException($"{Driver}: {_sim.Violations[0]}");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        if (_scripted is not null) _scripted.Dispose();
        else _sim.Dispose();
    }

    [Benchmark(Description = "write 5 bytes + read 5 bytes")]
    public long WriteThenRead()
    {
        _sim.Trace.Clear();
        _device.ClearCallbacks();
        var write = _device.Write(Hello);
        var read = _device.Read(5);
        return (long)write.Information + read.Data.Length;
    }
}

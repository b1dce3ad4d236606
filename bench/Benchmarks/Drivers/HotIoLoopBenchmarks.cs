using BenchmarkDotNet.Attributes;
using DriverScript.Framework;
using DriverScript.Framework.Drivers;
using DriverScript.Framework.Queues;
using DriverScript.Hardware;
using DriverScript.Hardware.Devices;
using DriverScript.Hardware.Devices.Scripted;
using DriverScript.Hardware.Registers;
using DriverScript.Interpreter;
using Jint;
using Jint.Native;
using Jint.Runtime.Interop;

namespace DriverScript.Benchmarks.Drivers;

/// <summary>Who runs the ioctl callback's loop.</summary>
public enum LoopDriver
{
    /// <summary>A hand-written C# EvtIoDeviceControl: the limit.</summary>
    CSharp,

    /// <summary><c>hot_io_loop.drv</c> with <see cref="JitMode.Off"/>: the interpreter.</summary>
    Interpreter,

    /// <summary><c>hot_io_loop.drv</c> with <see cref="JitMode.Always"/>. Until the IL tier exists this runs the interpreter too.</summary>
    IlTier,

    /// <summary>
    /// A C# EvtIoDeviceControl that calls the same loop written in JavaScript, run by Jint; <c>hw</c>
    /// is a CLR object (Jint's usual interop: it finds and calls the methods by reflection).
    /// </summary>
    Jint,

    /// <summary>As <see cref="Jint"/>, but <c>hw.read32</c>/<c>hw.write32</c> are Jint <c>ClrFunction</c>s (no reflection, no boxing): Jint's fastest host calls.</summary>
    JintClrFunction,
}

/// <summary>
/// The hot I/O loop (issues 5 and 6): one ioctl request sent from C# to a plugged device; its
/// EvtIoDeviceControl runs <see cref="Iterations"/> iterations of "read a register, arithmetic, a
/// branch, write the register" and completes the request with STATUS_SUCCESS. Every
/// variant runs against the same framework (a <see cref="Simulation"/> with the runtime's options,
/// full trace) and the same hardware (a <see cref="ScriptedDevice"/> with two plain <c>rw</c> u32
/// registers, as the runtime builds for <c>hardware Scratch</c>), and every register access goes
/// through <see cref="DeviceRegisters"/> (scheduling point, power-state check, traced bus access).
/// <para>
/// One invocation is one request. The cost per loop iteration is the difference between the
/// <see cref="Iterations"/> = 2,000 and 1,000 rows divided by 1,000, which removes the per-request
/// cost (submit, dispatch, callback entry, completion); the same for allocated bytes. The trace and
/// the callback log are cleared at the start of each invocation (their storage is kept).
/// </para>
/// Run: <c>dotnet run -c Release --project bench/Benchmarks -- --filter '*HotIoLoop*' --launchCount 1 --warmupCount 10 --iterationCount 15</c>.
/// </summary>
[MemoryDiagnoser]
[MinColumn, MedianColumn]
public class HotIoLoopBenchmarks
{
    private const uint IoctlCode = 0x222000;

    /// <summary>Where the C# and JavaScript drivers say their register accesses come from (the script passes its source span).</summary>
    private static readonly object Location = "hot_io_loop";

    /// <summary>The same loop in JavaScript: numbers are doubles, so <c>&gt;&gt;&gt; 0</c> wraps to u32 as the script's u32 arithmetic does.</summary>
    private const string JavaScript = """
        function hot(n) {
            let i = 0;
            while (i < n) {
                const v = hw.read32(0);
                const x = (v * 3 + i) >>> 0;
                if ((x & 1) === 0) {
                    hw.write32(0, x >>> 1);
                } else {
                    hw.write32(0, x);
                }
                i++;
            }
        }
        """;

    [Params(LoopDriver.CSharp, LoopDriver.Interpreter, LoopDriver.IlTier, LoopDriver.Jint, LoopDriver.JintClrFunction)]
    public LoopDriver Driver { get; set; }

    [Params(1_000, 2_000)]
    public int Iterations { get; set; }

    private Simulation _sim = null!;
    private PluggedDevice _device = null!;
    private ScriptedDriver? _scripted;
    private Engine? _engine;

    [GlobalSetup]
    public void Setup()
    {
        switch (Driver)
        {
            case LoopDriver.Interpreter:
            case LoopDriver.IlTier:
                _scripted = ScriptedDriver.Plug(ScriptedDriver.Resource("hot_io_loop.drv"), "hot_io_loop.drv", "bench_plug",
                    Driver == LoopDriver.IlTier ? JitMode.Always : JitMode.Off);
                _sim = _scripted.Simulation;
                _device = _scripted.Device;
                break;
            case LoopDriver.CSharp:
                _sim = new Simulation(new SimulationOptions { Processors = 2 });
                _device = _sim.CreateDriver("HotLoop", (_, init) => AddDevice(init, CSharpLoop)).Plug(BuildScratch);
                break;
            case LoopDriver.Jint:
            case LoopDriver.JintClrFunction:
            {
                _sim = new Simulation(new SimulationOptions { Processors = 2 });
                var engine = new Engine();
                _engine = engine;
                engine.Execute(JavaScript);
                var hot = engine.GetValue("hot");
                var registers = new JsRegisters();
                if (Driver == LoopDriver.Jint)
                {
                    engine.SetValue("hw", registers);
                }
                else
                {
                    var hw = new JsObject(engine);
                    hw.Set("read32", new ClrFunction(engine, "read32", (_, a) => JsNumber.Create(registers.read32((int)a[0].AsNumber()))));
                    hw.Set("write32", new ClrFunction(engine, "write32", (_, a) =>
                    {
                        registers.write32((int)a[0].AsNumber(), (uint)a[1].AsNumber());
                        return JsValue.Undefined;
                    }));
                    engine.SetValue("hw", hw);
                }
                _device = _sim.CreateDriver("HotLoop", (_, init) => AddDevice(init, (device, request, n) =>
                {
                    registers.Registers = device.Registers;
                    engine.Call(hot, n);
                    request.Complete(NtStatus.Success);
                })).Plug(BuildScratch);
                break;
            }
        }

        // Every variant must compute the same thing: from the reset value 0, the register ends at Reference(n).
        var first = _device.Ioctl(IoctlCode, ReadOnlyMemory<byte>.Empty, Iterations);
        var data = _device.Bus.Read32(0);
        if (!first.Status.IsSuccess || data != Reference((uint)Iterations))
            throw new InvalidOperationException($"{Driver}: the loop ended at {data} ({first.Status}), expected {Reference((uint)Iterations)}");
        if (_sim.Violations.Count != 0) throw new InvalidOperationException($"{Driver}: {_sim.Violations[0]}");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        if (_scripted is not null) _scripted.Dispose();
        else _sim.Dispose();
        _engine?.Dispose();
    }

    [Benchmark(Description = "one ioctl running the loop")]
    public bool Request()
    {
        _sim.Trace.Clear();
        _device.ClearCallbacks();
        var request = _device.SubmitIoctl(IoctlCode, ReadOnlyMemory<byte>.Empty, Iterations);
        if (!request.IsCompleted) throw new InvalidOperationException("the request did not complete");
        return request.Result.Status.IsSuccess;
    }

    /// <summary>The loop with no framework and no hardware: what every variant must return from reset.</summary>
    private static uint Reference(uint n)
    {
        uint data = 0;
        for (uint i = 0; i < n; i++)
        {
            uint x = unchecked(data * 3 + i);
            data = (x & 1) == 0 ? x >> 1 : x;
        }
        return data;
    }

    /// <summary>The hand-written C# callback body.</summary>
    private static void CSharpLoop(WdfDevice device, DriverScript.Framework.Requests.WdfRequest request, int n)
    {
        var registers = device.Registers;
        for (uint i = 0; i < (uint)n; i++)
        {
            uint v = registers.Read32(0, Location);
            uint x = unchecked(v * 3 + i);
            if ((x & 1) == 0) registers.Write32(0, x >> 1, Location);
            else registers.Write32(0, x, Location);
        }
        request.Complete(NtStatus.Success);
    }

    /// <summary>EvtDriverDeviceAdd of the C# and Jint drivers: a default sequential queue configured as the runtime configures the script's.</summary>
    private static NtStatus AddDevice(WdfDeviceInit init, Action<WdfDevice, DriverScript.Framework.Requests.WdfRequest, int> loop)
    {
        var device = init.Create();
        device.CreateQueue(new WdfIoQueueConfig(WdfIoQueueDispatchType.Sequential)
        {
            Name = "main",
            DefaultQueue = true,
            NumberOfPresentedRequests = int.MaxValue,
            ExecutionLevel = DriverScript.Framework.Drivers.ExecutionLevel.Dispatch,
            EvtIoDeviceControl = (_, request, outputLength, _, _) => loop(device, request, outputLength),
        });
        return NtStatus.Success;
    }

    /// <summary>What the runtime builds for <c>hardware Scratch</c> in hot_io_loop.drv (SimulationRuntime.BuildModel).</summary>
    private static DeviceModel BuildScratch(HardwareContext context)
    {
        var device = new ScriptedDevice("Scratch", context, 0x100, UnmappedValue.Zeros);
        device.Registers.Define(0x00, 4, "DATA", 0, FieldModes.Parse("rw"));
        device.Registers.Define(0x04, 4, "OTHER", 0, FieldModes.Parse("rw"));
        device.PowerOn();
        return device;
    }

    /// <summary>
    /// The host object the JavaScript sees as <c>hw</c>: the device's <see cref="DeviceRegisters"/>
    /// behind two methods (Jint calls public CLR methods of an object given to <see cref="Engine.SetValue(string, object)"/>).
    /// </summary>
    public sealed class JsRegisters
    {
        internal DeviceRegisters Registers { get; set; } = null!;

        public uint read32(int offset) => Registers.Read32(offset, Location);

        public void write32(int offset, uint value) => Registers.Write32(offset, value, Location);
    }
}

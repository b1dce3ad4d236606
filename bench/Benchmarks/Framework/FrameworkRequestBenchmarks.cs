using BenchmarkDotNet.Attributes;
using DriverScript.Framework;
using DriverScript.Framework.Drivers;
using DriverScript.Framework.Queues;
using DriverScript.Framework.Tracing;

namespace DriverScript.Benchmarks.Framework;

/// <summary>
/// Simulated requests per second through the framework: the host submits a read, the default
/// sequential queue presents it, the C# EvtIoRead completes it, the host sees it completed — with the
/// full in-memory trace on (cleared between invocations, so its chunks are reused). Three batch sizes
/// (1, 1,000, 1,000,000 requests per invocation) show the cost per request is flat; MemoryDiagnoser
/// gives the bytes allocated per request (one WdfRequest object).
/// </summary>
[MemoryDiagnoser]
public class FrameworkRequestBenchmarks
{
    private Simulation sim = null!;
    private PluggedDevice dev = null!;

    /// <summary>The queue's synchronization scope: none (the default), or Queue (a spin lock around EvtIoRead, as the echo sample).</summary>
    [Params(SynchronizationScope.None, SynchronizationScope.Queue)]
    public SynchronizationScope Scope { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        sim = new Simulation(new SimulationOptions { Trace = TraceOptions.Full });
        var scope = Scope;
        dev = sim.CreateDriver("bench", (driver, init) =>
        {
            var device = init.Create();
            device.CreateQueue(new WdfIoQueueConfig(WdfIoQueueDispatchType.Sequential)
            {
                DefaultQueue = true,
                SynchronizationScope = scope,
                EvtIoRead = static (queue, request, length) => request.CompleteWithInformation(NtStatus.Success, (ulong)length),
            });
            return NtStatus.Success;
        }).Plug();
    }

    [GlobalCleanup]
    public void Cleanup() => sim.Dispose();

    private void Run(int count)
    {
        sim.Trace.Clear();
        dev.ClearCallbacks();
        for (var i = 0; i < count; i++)
        {
            if (!dev.SubmitRead(64).IsCompleted)
            {
                throw new InvalidOperationException("the request did not complete");
            }
        }
    }

    [Benchmark(OperationsPerInvoke = 1)]
    public void Requests_1() => Run(1);

    [Benchmark(OperationsPerInvoke = 1_000)]
    public void Requests_1_000() => Run(1_000);

    [Benchmark(OperationsPerInvoke = 1_000_000)]
    public void Requests_1_000_000() => Run(1_000_000);
}

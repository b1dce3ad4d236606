using BenchmarkDotNet.Attributes;
using DriverScript.Hardware.Time;

namespace DriverScript.Benchmarks.Hardware;

/// <summary>The clock's cost per scheduled action: schedule then run, and schedule then cancel.</summary>
[MemoryDiagnoser]
public class HardwareVirtualClockBenchmarks
{
    private readonly VirtualClock clock = new();
    private readonly Action nothing = () => { };

    [Benchmark(Description = "Schedule + run one action")]
    public void ScheduleAndRun()
    {
        clock.ScheduleAfter(10, nothing);
        clock.Step();
    }

    [Benchmark(Description = "Schedule + cancel one action")]
    public void ScheduleAndCancel() => clock.ScheduleAfter(10, nothing).Cancel();

    [Benchmark(Description = "Run 1000 actions at 100 distinct times", OperationsPerInvoke = 1000)]
    public void RunThousand()
    {
        for (var i = 0; i < 1000; i++)
        {
            clock.ScheduleAfter(i % 100, nothing);
        }

        clock.RunUntilIdle();
    }
}

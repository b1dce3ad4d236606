using System.Diagnostics;
using System.Diagnostics.Tracing;

namespace DriverScript.Benchmarks.Drivers;

/// <summary>
/// Not a benchmark: runs one <see cref="HotIoLoopBenchmarks"/> case in a loop for a while so that a
/// profiler (<c>dotnet-trace collect</c>) can attach, and tallies the runtime's allocation-tick
/// events (one per ~100 KB allocated, with the type) to show what a loop iteration allocates.
/// Usage: <c>dotnet run -c Release --project bench/Benchmarks -- --profile-hot-loop Interpreter 10</c>
/// (driver, seconds).
/// </summary>
internal static class HotLoopProfile
{
    public static void Run(string driver, double seconds)
    {
        var bench = new HotIoLoopBenchmarks { Driver = Enum.Parse<LoopDriver>(driver, ignoreCase: true), Iterations = 1_000 };
        bench.Setup();
        for (int i = 0; i < 2_000; i++) bench.Request();     // past tiering

        using var listener = new AllocationListener();
        long before = GC.GetAllocatedBytesForCurrentThread();
        long requests = 0;
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed.TotalSeconds < seconds)
        {
            bench.Request();
            requests++;
        }
        watch.Stop();
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        bench.Cleanup();

        Console.WriteLine($"{driver}: {requests:N0} requests of {bench.Iterations:N0} iterations in {watch.Elapsed.TotalSeconds:F1} s: "
            + $"{watch.Elapsed.TotalNanoseconds / requests / bench.Iterations:F1} ns and {(double)allocated / requests / bench.Iterations:F1} B per iteration (request cost included)");
        Console.WriteLine("allocation ticks by type (each ~100 KB):");
        foreach (var (type, count) in listener.Ticks.OrderByDescending(p => p.Value).Take(15))
            Console.WriteLine($"  {count,8}  {type}");
    }

    private sealed class AllocationListener : EventListener
    {
        public Dictionary<string, int> Ticks { get; } = new();

        protected override void OnEventSourceCreated(EventSource source)
        {
            if (source.Name == "Microsoft-Windows-DotNETRuntime")
                EnableEvents(source, EventLevel.Verbose, (EventKeywords)0x1);   // GC keyword: GCAllocationTick
        }

        protected override void OnEventWritten(EventWrittenEventArgs e)
        {
            if (e.EventName is null || !e.EventName.StartsWith("GCAllocationTick", StringComparison.Ordinal) || e.Payload is null) return;
            int index = e.PayloadNames!.IndexOf("TypeName");
            if (index < 0) return;
            var type = e.Payload[index] as string ?? "?";
            lock (Ticks) Ticks[type] = Ticks.GetValueOrDefault(type) + 1;
        }
    }
}

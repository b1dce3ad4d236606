using System.Text.Json;
using DriverScript.Framework;
using DriverScript.Framework.Drivers;
using DriverScript.Framework.Interrupts;
using DriverScript.Framework.Queues;
using DriverScript.Framework.Tests.Echo;
using DriverScript.Framework.Tests.Support;
using DriverScript.Framework.Tracing;
using DriverScript.Hardware.Devices.Edu;
using DriverScript.Hardware.Time;

namespace DriverScript.Framework.Tests.Tracing;

public sealed class TraceTests
{
    /// <summary>A run touching every kind of trace event: requests, timers, an interrupt with its DPC, register accesses, power changes, a violation.</summary>
    private static string RunScenario(ulong seed, out Simulation simulation)
    {
        var sim = new Simulation(new SimulationOptions { Seed = seed, ContinueOnBreak = true });
        var echo = sim.CreateDriver("Echo", EchoDriver.DeviceAdd).Plug();
        var edu = sim.CreateDriver("Edu", (driver, init) =>
        {
            var d = init.Create();
            d.CreateInterrupt(new WdfInterruptConfig((i, m) =>
            {
                var status = d.Registers.Read32((long)EduRegister.InterruptStatus);
                d.Registers.Write32((long)EduRegister.InterruptAcknowledge, status);
                i.QueueDpcForIsr();
                return status != 0;
            }) { EvtInterruptDpc = (i, o) => { } });
            d.CreateQueue(new WdfIoQueueConfig(WdfIoQueueDispatchType.Parallel)
            {
                DefaultQueue = true,
                EvtIoRead = (q, r, l) =>
                {
                    d.Registers.Write32((long)EduRegister.Status, 0x80);
                    d.Registers.Write32((long)EduRegister.Factorial, 4);
                    r.Complete(NtStatus.Success);
                    if (l == 3)
                    {
                        r.Complete(NtStatus.Success);   // a violation, recorded and continued
                    }
                },
            });
            return NtStatus.Success;
        }).Plug(new QemuEdu(sim.Hardware), "edu");
        echo.Write("hello"u8.ToArray());
        edu.Read(1);
        edu.Bus.Read32(0);
        sim.Advance(VirtualTime.Microseconds(20));
        try
        {
            edu.Read(3);
        }
        catch (DriverScript.Framework.Verifier.SimulationStoppedException)
        {
        }

        simulation = sim;
        return sim.Trace.ToPerfettoJson();
    }

    [Fact]
    public void The_same_seed_gives_byte_identical_perfetto_json_twice()
    {
        var first = RunScenario(7, out var a);
        var second = RunScenario(7, out var b);
        a.Dispose();
        b.Dispose();
        second.ShouldBe(first);
        first.Length.ShouldBeGreaterThan(1000);
    }

    [Fact]
    public void The_perfetto_json_has_complete_events_counters_flows_and_instants()
    {
        var json = RunScenario(1, out var sim);
        using var _ = sim;
        using var doc = JsonDocument.Parse(json);
        doc.RootElement.GetProperty("displayTimeUnit").GetString().ShouldBe("ns");
        var events = doc.RootElement.GetProperty("traceEvents").EnumerateArray().ToList();
        static string Ph(JsonElement e) => e.GetProperty("ph").GetString()!;
        events.Any(e => Ph(e) == "M" && e.GetProperty("name").GetString() == "thread_name" && e.GetProperty("args").GetProperty("name").GetString() == "CPU0").ShouldBeTrue();
        var complete = events.Where(e => Ph(e) == "X").ToList();
        complete.Any(e => e.GetProperty("name").GetString() == "EvtIoWrite" && e.GetProperty("args").GetProperty("script").GetString() == "write").ShouldBeTrue();
        complete.Any(e => e.GetProperty("name").GetString() == "EvtInterruptIsr" && e.GetProperty("args").GetProperty("irql").GetInt32() == (int)Irql.Dirql).ShouldBeTrue();
        complete.All(e => e.GetProperty("dur").GetDouble() >= 0 && e.GetProperty("tid").GetInt32() >= 1).ShouldBeTrue();
        events.Any(e => Ph(e) == "C" && e.GetProperty("name").GetString() == "IRQL CPU0").ShouldBeTrue();
        events.Any(e => Ph(e) == "C" && e.GetProperty("name").GetString()!.StartsWith("Dstate ")).ShouldBeTrue();
        var starts = events.Where(e => Ph(e) == "s").Select(e => e.GetProperty("id").GetInt64()).ToList();
        var ends = events.Where(e => Ph(e) == "f").Select(e => e.GetProperty("id").GetInt64()).ToList();
        starts.ShouldNotBeEmpty();
        ends.ShouldBe(starts);
        events.Any(e => Ph(e) == "i" && e.GetProperty("name").GetString() == "mmio.w").ShouldBeTrue();
        events.Any(e => Ph(e) == "i" && e.GetProperty("cat").GetString() == "pnp" && e.GetProperty("name").GetString() == "WdfDevStatePnpStarted").ShouldBeTrue();
        events.Any(e => Ph(e) == "i" && e.GetProperty("cat").GetString() == "verifier" && e.GetProperty("s").GetString() == "g").ShouldBeTrue();
    }

    [Fact]
    public void Timestamps_are_exact_microseconds_with_three_decimals()
    {
        using var sim = new Simulation();
        sim.Trace.Add(TraceEventKind.Note, -1, sim.Trace.Intern("x"), 0, 0, 0, 0);
        sim.Clock.RunFor(1234567);
        sim.Trace.Add(TraceEventKind.Note, -1, sim.Trace.Intern("y"), 0, 0, 0, 0);
        var json = sim.Trace.ToPerfettoJson();
        json.ShouldContain("\"ts\":0.000");
        json.ShouldContain("\"ts\":1234.567");
    }

    [Fact]
    public void Register_accesses_by_the_driver_and_the_host_are_traced_without_the_model_knowing()
    {
        using var h = Harness.Plug(d => d.CreateQueue(new WdfIoQueueConfig(WdfIoQueueDispatchType.Parallel)
        {
            DefaultQueue = true,
            EvtIoRead = (q, r, l) => { d.Registers.Write32((long)EduRegister.Liveness, 5); r.Complete(NtStatus.Success); },
        }));
        h.Dev.Read(1);
        h.Dev.Bus.Read32((long)EduRegister.Liveness).ShouldBe(~5u);
        var lines = h.Sim.Trace.Events.Select(e => h.Sim.Trace.Describe(e)).ToList();
        lines.ShouldContain(l => l.EndsWith("write32 edu+0x4 <- 0x5 by driver") && l.Contains("CPU"));
        lines.ShouldContain(l => l.EndsWith("read32 edu+0x4 -> 0xFFFFFFFA by host") && l.Contains("[0ns host]"));
    }

    [Fact]
    public void A_ring_keeps_the_last_events_only()
    {
        using var sim = new Simulation(new SimulationOptions { Trace = new TraceOptions(true, 8) });
        for (var i = 0; i < 20; i++)
        {
            sim.Trace.Add(TraceEventKind.Note, -1, sim.Trace.Intern("n" + i), 0, 0, 0, 0);
        }

        sim.Trace.Count.ShouldBe(8);
        sim.Trace.TotalCount.ShouldBe(20);
        sim.Trace.GetString(sim.Trace.Events.First().Name).ShouldBe("n12");
    }

    [Fact]
    public void Clearing_reuses_the_storage()
    {
        using var sim = new Simulation();
        for (var i = 0; i < 40_000; i++)
        {
            sim.Trace.Add(TraceEventKind.Note, -1, 0, 0, i, 0, 0);
        }

        sim.Trace.Clear();
        sim.Trace.Count.ShouldBe(0);
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 40_000; i++)
        {
            sim.Trace.Add(TraceEventKind.Note, -1, 0, 0, i, 0, 0);
        }

        (GC.GetAllocatedBytesForCurrentThread() - before).ShouldBeLessThan(1000);
    }

    [Fact]
    public void Violations_carry_time_processor_location_and_stack_and_are_traced()
    {
        using var h = Harness.Plug(d => d.CreateQueue(new WdfIoQueueConfig(WdfIoQueueDispatchType.Sequential)
        {
            DefaultQueue = true,
            EvtIoRead = (q, r, l) => r.CompleteWithInformation(NtStatus.Success, 99, location: "drv.drv:4:7"),
        }));
        h.Sim.Advance(VirtualTime.Microseconds(3));
        var v = Should.Throw<DriverScript.Framework.Verifier.SimulationStoppedException>(() => h.Dev.Read(2)).Violation;
        v.Time.ShouldBe(VirtualTime.Microseconds(3));
        v.Processor.ShouldBe(0);
        v.Location.ShouldBe("drv.drv:4:7");
        v.ToString().ShouldContain("InformationExceedsBuffer");
        h.Sim.Trace.Events.ShouldContain(e => e.Kind == TraceEventKind.Violation);
        h.Dev.BugCheck.ShouldBe(v);
    }
}

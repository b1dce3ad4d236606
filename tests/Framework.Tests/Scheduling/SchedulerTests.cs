using DriverScript.Framework;
using DriverScript.Framework.Drivers;
using DriverScript.Framework.Interrupts;
using DriverScript.Framework.Locks;
using DriverScript.Framework.Queues;
using DriverScript.Framework.Requests;
using DriverScript.Framework.Scheduling;
using DriverScript.Framework.Tests.Support;
using DriverScript.Framework.Timers;
using DriverScript.Framework.Tracing;
using DriverScript.Framework.WorkItems;
using DriverScript.Hardware.Devices.Edu;
using DriverScript.Hardware.Time;

namespace DriverScript.Framework.Tests.Scheduling;

/// <summary>Processors, IRQL, preemption, interrupts, DPCs, timers, work items, locks and the strategies (KMDF.md B4).</summary>
public sealed class SchedulerTests
{
    /// <summary>Switches to another task at every scheduling point that offers one (an adversarial interleaving).</summary>
    private sealed class AlwaysSwitch : ISchedulingStrategy
    {
        public int Switches { get; private set; }

        public int Choose(DecisionKind kind, ReadOnlySpan<SchedulingOption> options)
        {
            if (kind == DecisionKind.SchedulingPoint)
            {
                Switches++;
                return options.Length - 1;
            }

            return 0;
        }
    }

    private static IEnumerable<(CallbackKind Kind, Irql Irql, int Processor)> Callbacks(Simulation sim) =>
        sim.Trace.Events.Where(e => e.Kind == TraceEventKind.CallbackBegin).Select(e => ((CallbackKind)e.A, (Irql)e.B, (int)e.Processor));

    [Fact]
    public void Factorial_interrupt_runs_the_isr_at_dirql_and_its_dpc_at_dispatch_which_completes_the_request()
    {
        WdfRequest? pending = null;
        WdfInterrupt irq = null!;
        using var h = Harness.Plug(d =>
        {
            irq = d.CreateInterrupt(new WdfInterruptConfig((i, m) =>
            {
                var status = d.Registers.Read32((long)EduRegister.InterruptStatus);
                if (status == 0)
                {
                    return false;
                }

                d.Registers.Write32((long)EduRegister.InterruptAcknowledge, status);
                i.QueueDpcForIsr();
                return true;
            })
            {
                EvtInterruptDpc = (i, o) => pending!.Complete(NtStatus.Success, BitConverter.GetBytes(d.Registers.Read32((long)EduRegister.Factorial))),
            });
            d.CreateQueue(new WdfIoQueueConfig(WdfIoQueueDispatchType.Sequential)
            {
                DefaultQueue = true,
                EvtIoRead = (q, r, l) =>
                {
                    pending = r;
                    d.Registers.Write32((long)EduRegister.Status, 0x80);
                    d.Registers.Write32((long)EduRegister.Factorial, 5);
                },
            });
        });
        var result = h.Dev.Read(4);
        BitConverter.ToUInt32(result.Data.Span).ShouldBe(120u);
        h.Sim.Now.ShouldBe(VirtualTime.Microseconds(10));
        Callbacks(h.Sim).Select(c => (c.Kind, c.Irql)).ShouldBe([
            (CallbackKind.EvtDriverDeviceAdd, Irql.Passive), (CallbackKind.EvtIoRead, Irql.Passive),
            (CallbackKind.EvtInterruptIsr, Irql.Dirql), (CallbackKind.EvtInterruptDpc, Irql.Dispatch)]);
        var queued = h.Sim.Trace.Events.Single(e => e.Kind == TraceEventKind.DpcQueued);
        var started = h.Sim.Trace.Events.Single(e => e.Kind == TraceEventKind.DpcStarted);
        started.Object.ShouldBe(queued.Object);
        irq.IsrCount.ShouldBe(1);
    }

    [Fact]
    public void An_interrupt_raised_by_a_register_write_preempts_the_writer_on_its_processor()
    {
        string[]? stackInIsr = null;
        using var h = Harness.Plug(d =>
        {
            d.CreateInterrupt(new WdfInterruptConfig((i, m) =>
            {
                stackInIsr = [.. i.Simulation.Current.CallbackStack];
                d.Registers.Write32((long)EduRegister.InterruptAcknowledge, 0xFFFFFFFF);
                return true;
            }));
            d.CreateTimer(new WdfTimerConfig(t => d.Registers.Write32((long)EduRegister.InterruptRaise, 2)) { AutomaticSerialization = false }).Start(100);
        });
        h.Sim.Advance(1000);
        stackInIsr.ShouldBe(["EvtTimerFunc", "EvtInterruptIsr"]);
    }

    [Fact]
    public void A_pending_interrupt_waits_while_its_lock_is_held_and_runs_at_release()
    {
        var order = new List<string>();
        WdfInterrupt irq = null!;
        using var h = Harness.Plug(d =>
        {
            irq = d.CreateInterrupt(new WdfInterruptConfig((i, m) =>
            {
                order.Add("isr");
                d.Registers.Write32((long)EduRegister.InterruptAcknowledge, 0xFFFFFFFF);
                return true;
            }));
        });
        h.Sim.RunAsDriver(() =>
        {
            irq.AcquireLock();
            h.Sim.Current.Irql.ShouldBe(Irql.Dirql);
            h.Device.Registers.Write32((long)EduRegister.InterruptRaise, 1);
            order.Add("still holding");
            irq.ReleaseLock();
            order.Add("released");
        });
        order.ShouldBe(["still holding", "isr", "released"]);
    }

    [Fact]
    public void A_dpc_queued_at_passive_level_runs_at_once_on_the_same_processor()
    {
        var order = new List<string>();
        WdfDpc dpc = null!;
        using var h = Harness.Plug(d => dpc = d.CreateDpc(new WdfDpcConfig(x => order.Add("dpc at " + x.Simulation.Current.Irql)) { AutomaticSerialization = false }));
        h.Sim.RunAsDriver(() =>
        {
            dpc.Enqueue().ShouldBeTrue();
            order.Add("after enqueue");
        });
        order.ShouldBe(["dpc at Dispatch", "after enqueue"]);
    }

    [Fact]
    public void A_dpc_queued_at_dispatch_level_runs_when_the_irql_drops()
    {
        var order = new List<string>();
        WdfDpc dpc = null!;
        WdfSpinLock spin = null!;
        using var h = Harness.Plug(d =>
        {
            spin = d.CreateSpinLock();
            dpc = d.CreateDpc(new WdfDpcConfig(_ => order.Add("dpc")) { AutomaticSerialization = false });
        });
        h.Sim.RunAsDriver(() =>
        {
            spin.Acquire();
            dpc.Enqueue();
            dpc.Enqueue().ShouldBeFalse();      // already queued
            order.Add("holding");
            spin.Release();
            order.Add("released");
        });
        order.ShouldBe(["holding", "dpc", "released"]);
    }

    [Fact]
    public void One_shot_and_periodic_timers()
    {
        var ticks = new List<long>();
        var once = new List<long>();
        WdfTimer periodic = null!, oneShot = null!;
        using var h = Harness.Plug(d =>
        {
            periodic = d.CreateTimer(new WdfTimerConfig(t => ticks.Add(t.Simulation.Now)) { Period = VirtualTime.Milliseconds(10) });
            oneShot = d.CreateTimer(new WdfTimerConfig(t => once.Add(t.Simulation.Now)));
        });
        periodic.Start(VirtualTime.Milliseconds(5)).ShouldBeFalse();
        oneShot.Start(VirtualTime.Milliseconds(7));
        h.Sim.Advance(VirtualTime.Milliseconds(40));
        ticks.ShouldBe([VirtualTime.Milliseconds(5), VirtualTime.Milliseconds(15), VirtualTime.Milliseconds(25), VirtualTime.Milliseconds(35)]);
        once.ShouldBe([VirtualTime.Milliseconds(7)]);
        periodic.Stop(wait: false).ShouldBeTrue();
        oneShot.Stop(wait: false).ShouldBeFalse();
        h.Sim.Advance(VirtualTime.Milliseconds(40));
        ticks.Count.ShouldBe(4);
        periodic.Start(100).ShouldBeFalse();
        periodic.Start(200).ShouldBeTrue();
    }

    [Fact]
    public void A_passive_timer_runs_at_passive_level()
    {
        Irql seen = Irql.High;
        WdfTimer timer = null!;
        using var h = Harness.Plug(d => timer = d.CreateTimer(new WdfTimerConfig(t => seen = t.Simulation.Current.Irql) { ExecutionLevel = ExecutionLevel.Passive }));
        timer.Start(10);
        h.Sim.Advance(100);
        seen.ShouldBe(Irql.Passive);
    }

    [Fact]
    public void Automatic_serialization_with_an_incompatible_lock_is_rejected()
    {
        var status = NtStatus.Success;
        using var h = Harness.Plug(d =>
        {
            try
            {
                d.CreateWorkItem(new WdfWorkItemConfig(_ => { }) { AutomaticSerialization = true });
            }
            catch (WdfCallFailedException ex)
            {
                status = ex.Status;
            }
        }, init: i => i.SynchronizationScope = SynchronizationScope.Device);
        status.ShouldBe(NtStatus.WdfIncompatibleExecutionLevel);
    }

    [Fact]
    public void Work_items_run_at_passive_level_once_per_enqueue_and_flush_waits()
    {
        var runs = new List<Irql>();
        WdfWorkItem item = null!;
        WdfWorkItem flusher = null!;
        long flushedAt = -1;
        using var h = Harness.Plug(d =>
        {
            item = d.CreateWorkItem(new WdfWorkItemConfig(w => { runs.Add(w.Simulation.Current.Irql); w.Simulation.Sleep(VirtualTime.Milliseconds(2)); }) { AutomaticSerialization = false });
            flusher = d.CreateWorkItem(new WdfWorkItemConfig(w => { item.Flush(); flushedAt = w.Simulation.Now; }) { AutomaticSerialization = false });
        });
        item.Enqueue();
        item.Enqueue();
        item.IsQueued.ShouldBeTrue();
        flusher.Enqueue();
        h.Sim.Advance(VirtualTime.Milliseconds(10));
        runs.ShouldBe([Irql.Passive]);
        flushedAt.ShouldBe(VirtualTime.Milliseconds(2));
    }

    [Fact]
    public void Wait_lock_contention_blocks_the_second_thread_until_release()
    {
        var order = new List<string>();
        WdfWaitLock wl = null!;
        WdfWorkItem a = null!, b = null!;
        using var h = Harness.Plug(d =>
        {
            wl = d.CreateWaitLock();
            a = d.CreateWorkItem(new WdfWorkItemConfig(w => { wl.Acquire(); order.Add("a in"); w.Simulation.Sleep(VirtualTime.Milliseconds(5)); order.Add("a out"); wl.Release(); }) { AutomaticSerialization = false, Name = "a" });
            b = d.CreateWorkItem(new WdfWorkItemConfig(w => { w.Simulation.Sleep(VirtualTime.Milliseconds(1)); wl.Acquire(); order.Add("b in at " + VirtualTime.Format(w.Simulation.Now)); wl.Release(); }) { AutomaticSerialization = false, Name = "b" });
        });
        a.Enqueue();
        b.Enqueue();
        h.Sim.Advance(VirtualTime.Milliseconds(20));
        order.ShouldBe(["a in", "a out", "b in at 5ms"]);
        h.Sim.Violations.ShouldBeEmpty();
    }

    [Fact]
    public void Wait_lock_with_zero_timeout_does_not_wait()
    {
        WdfWaitLock wl = null!;
        WdfWorkItem holder = null!;
        var status = NtStatus.Success;
        WdfDpc tryer = null!;
        using var h = Harness.Plug(d =>
        {
            wl = d.CreateWaitLock();
            holder = d.CreateWorkItem(new WdfWorkItemConfig(w => { wl.Acquire(); w.Simulation.Sleep(VirtualTime.Milliseconds(5)); wl.Release(); }) { AutomaticSerialization = false });
            tryer = d.CreateDpc(new WdfDpcConfig(_ => status = wl.Acquire(timeout: 0)) { AutomaticSerialization = false });
        });
        holder.Enqueue();
        h.Sim.Advance(VirtualTime.Milliseconds(1));
        h.Sim.RunAsDriver(() => tryer.Enqueue());
        status.ShouldBe(NtStatus.Timeout);
    }

    [Fact]
    public void Spin_lock_contention_across_processors_under_an_adversarial_schedule_loses_no_update()
    {
        var strategy = new AlwaysSwitch();
        var counter = 0;
        WdfSpinLock spin = null!;
        var timers = new List<WdfTimer>();
        using var h = Harness.Plug(d =>
        {
            spin = d.CreateSpinLock();
            for (var i = 0; i < 2; i++)
            {
                timers.Add(d.CreateTimer(new WdfTimerConfig(t =>
                {
                    for (var n = 0; n < 5; n++)
                    {
                        spin.Acquire();
                        var seen = counter;
                        d.Registers.Read32(0);             // a scheduling point inside the critical section
                        counter = seen + 1;
                        spin.Release();
                    }
                }) { AutomaticSerialization = false, Name = "t" + i }));
            }
        }, new SimulationOptions { Strategy = strategy, Processors = 2 });
        timers[0].Start(100);
        timers[1].Start(100);
        h.Sim.Advance(1000);
        counter.ShouldBe(10);
        strategy.Switches.ShouldBeGreaterThan(0);
        h.Sim.Violations.ShouldBeEmpty();
        Callbacks(h.Sim).Where(c => c.Kind == CallbackKind.EvtTimerFunc).Select(c => c.Processor).Distinct().Count().ShouldBe(2);
    }

    [Fact]
    public void Without_the_lock_the_same_schedule_loses_an_update()
    {
        var counter = 0;
        var timers = new List<WdfTimer>();
        using var h = Harness.Plug(d =>
        {
            for (var i = 0; i < 2; i++)
            {
                timers.Add(d.CreateTimer(new WdfTimerConfig(t =>
                {
                    var seen = counter;
                    d.Registers.Read32(0);
                    counter = seen + 1;
                }) { AutomaticSerialization = false }));
            }
        }, new SimulationOptions { Strategy = new AlwaysSwitch() });
        timers[0].Start(100);
        timers[1].Start(100);
        h.Sim.Advance(1000);
        counter.ShouldBe(1);
    }

    [Fact]
    public void Device_scope_serializes_callbacks_of_two_queues()
    {
        var inside = 0;
        var maxInside = 0;
        using var h = Harness.Plug(d =>
        {
            void Body(WdfRequest r)
            {
                inside++;
                maxInside = Math.Max(maxInside, inside);
                d.Registers.Read32(0);
                inside--;
                r.Complete(NtStatus.Success);
            }

            d.CreateQueue(new WdfIoQueueConfig(WdfIoQueueDispatchType.Parallel) { DefaultQueue = true, EvtIoRead = (q, r, l) => Body(r) });
            var writes = d.CreateQueue(new WdfIoQueueConfig(WdfIoQueueDispatchType.Parallel) { EvtIoWrite = (q, r, l) => Body(r) });
            d.ConfigureRequestDispatching(writes, RequestKind.Write);
        }, new SimulationOptions { Strategy = new AlwaysSwitch() }, init: i => i.SynchronizationScope = SynchronizationScope.Device);
        var requests = new List<WdfRequest>();
        for (var i = 0; i < 4; i++)
        {
            requests.Add(h.Dev.SubmitRead(1));
            requests.Add(h.Dev.SubmitWrite(new byte[] { 1 }));
        }

        h.Sim.Settle();
        requests.ShouldAllBe(r => r.IsCompleted);
        maxInside.ShouldBe(1);
    }

    [Fact]
    public void Stall_advances_time_and_other_processors_run_meanwhile()
    {
        var order = new List<string>();
        WdfTimer slow = null!, fast = null!;
        using var h = Harness.Plug(d =>
        {
            slow = d.CreateTimer(new WdfTimerConfig(t => { order.Add("slow in"); t.Simulation.Stall(VirtualTime.Microseconds(50)); order.Add("slow out at " + VirtualTime.Format(t.Simulation.Now)); }) { AutomaticSerialization = false });
            fast = d.CreateTimer(new WdfTimerConfig(t => order.Add("fast at " + VirtualTime.Format(t.Simulation.Now))) { AutomaticSerialization = false });
        });
        slow.Start(VirtualTime.Microseconds(10));
        fast.Start(VirtualTime.Microseconds(20));
        h.Sim.Advance(VirtualTime.Microseconds(100));
        order.ShouldBe(["slow in", "fast at 20us", "slow out at 60us"]);
    }

    [Fact]
    public void The_same_seed_gives_the_same_run_and_the_schedule_replays()
    {
        string Run(ISchedulingStrategy strategy)
        {
            var counter = 0;
            var timers = new List<WdfTimer>();
            using var h = Harness.Plug(d =>
            {
                var spin = d.CreateSpinLock();
                for (var i = 0; i < 3; i++)
                {
                    timers.Add(d.CreateTimer(new WdfTimerConfig(t =>
                    {
                        spin.Acquire();
                        d.Registers.Read32(4);
                        counter++;
                        spin.Release();
                        d.Registers.Write32(4, (uint)counter);
                    }) { AutomaticSerialization = false, Period = 1000 }));
                }
            }, new SimulationOptions { Strategy = strategy, Processors = 3 });
            foreach (var t in timers)
            {
                t.Start(500);
            }

            h.Sim.Advance(10_000);
            return h.Sim.Trace.ToText();
        }

        var recorder = new RecordingStrategy(new RandomStrategy(42));
        var first = Run(recorder);
        Run(new RandomStrategy(42)).ShouldBe(first);
        recorder.Schedule.Entries.Count.ShouldBeGreaterThan(0);
        var text = recorder.Schedule.ToString();
        Run(new ReplayStrategy(Schedule.Parse(text))).ShouldBe(first);
        Run(new RandomStrategy(43)).ShouldNotBe(first);
    }

    [Fact]
    public void A_replay_that_no_longer_matches_the_run_is_reported()
    {
        var schedule = new Schedule([new ScheduleEntry(DecisionKind.SchedulingPoint, 7, 3)]);
        Should.Throw<ScheduleDivergedException>(() => Harness.Plug(d => { }, new SimulationOptions { Strategy = new ReplayStrategy(schedule) }))
            .Message.ShouldContain("recorded SchedulingPoint with 7 options");
    }

    [Fact]
    public void More_processors_run_more_work_in_parallel()
    {
        using var h = Harness.Plug(d =>
        {
            for (var i = 0; i < 4; i++)
            {
                d.CreateWorkItem(new WdfWorkItemConfig(w => w.Simulation.Stall(VirtualTime.Milliseconds(1))) { AutomaticSerialization = false }).Enqueue();
            }
        }, new SimulationOptions { Processors = 4 });
        h.Sim.Advance(VirtualTime.Milliseconds(5));
        h.Sim.Processors.Count.ShouldBe(4);
        h.Sim.Trace.Events.Where(e => e.Kind == TraceEventKind.CallbackBegin && (CallbackKind)e.A == CallbackKind.EvtWorkItem).Select(e => e.Processor).Distinct().Count().ShouldBe(4);
        // four busy-waits side by side: all end at 1 ms
        h.Sim.Trace.Events.Where(e => e.Kind == TraceEventKind.CallbackEnd && e.Name == h.Sim.Trace.Intern("EvtWorkItem")).ShouldAllBe(e => e.Time == VirtualTime.Milliseconds(1));
    }

    [Fact]
    public void An_abba_deadlock_between_wait_locks_is_detected_when_the_host_waits_on_it()
    {
        WdfWaitLock a = null!, b = null!;
        using var h = Harness.Plug(d =>
        {
            a = d.CreateWaitLock(name: "A");
            b = d.CreateWaitLock(name: "B");
            d.CreateWorkItem(new WdfWorkItemConfig(w => { a.Acquire(); w.Simulation.Sleep(1000); b.Acquire(); }) { AutomaticSerialization = false }).Enqueue();
            d.CreateWorkItem(new WdfWorkItemConfig(w => { b.Acquire(); w.Simulation.Sleep(1000); a.Acquire(); }) { AutomaticSerialization = false }).Enqueue();
        });
        h.Sim.Advance(VirtualTime.Milliseconds(1));
        Should.Throw<SimulationDeadlockException>(() => h.Sim.RunAsDriver(() => a.Acquire()));
    }

    [Fact]
    public void The_host_cannot_drive_the_simulation_from_driver_code()
    {
        using var h = Harness.Plug(d => d.CreateQueue(new WdfIoQueueConfig(WdfIoQueueDispatchType.Parallel) { DefaultQueue = true, EvtIoRead = (q, r, l) => q.Simulation.Settle() }));
        var v = Should.Throw<DriverScript.Framework.Verifier.SimulationStoppedException>(() => h.Dev.Read(1)).Violation;
        v.Rule.ShouldBe("DriverException");
    }
}

public sealed class HostControlExceptionTests
{
    private sealed class StepLimitExceeded() : Exception("step limit"), IHostControlException;

    [Fact]
    public void An_interpreter_limit_passes_through_callbacks_and_stops_the_machine()
    {
        using var h = Harness.Plug(d => d.CreateQueue(new WdfIoQueueConfig(WdfIoQueueDispatchType.Parallel)
        {
            DefaultQueue = true,
            EvtIoRead = (q, r, l) => throw new StepLimitExceeded(),
        }));
        Should.Throw<StepLimitExceeded>(() => h.Dev.Read(1));
        h.Sim.Violations.ShouldBeEmpty();
        h.Sim.IsStopped.ShouldBeTrue();
    }
}

public sealed class HostThreadWaitTests
{
    [Fact]
    public void A_callback_sleeping_on_the_host_thread_lets_timers_run_meanwhile()
    {
        var order = new List<string>();
        WdfTimer timer = null!;
        using var h = Harness.Plug(d =>
        {
            timer = d.CreateTimer(new WdfTimerConfig(t => order.Add("tick at " + VirtualTime.Format(t.Simulation.Now))) { AutomaticSerialization = false });
            d.CreateQueue(new WdfIoQueueConfig(WdfIoQueueDispatchType.Parallel)
            {
                DefaultQueue = true,
                ExecutionLevel = ExecutionLevel.Passive,
                EvtIoRead = (q, r, l) =>
                {
                    timer.Start(VirtualTime.Milliseconds(2));
                    q.Simulation.Sleep(VirtualTime.Milliseconds(5));
                    order.Add("read done at " + VirtualTime.Format(q.Simulation.Now));
                    r.Complete(NtStatus.Success);
                },
            });
        });
        var request = h.Dev.SubmitRead(1);           // the host's thread is the caller: the submit itself takes 5 ms
        request.IsCompleted.ShouldBeTrue();
        order.ShouldBe(["tick at 2ms", "read done at 5ms"]);
    }
}

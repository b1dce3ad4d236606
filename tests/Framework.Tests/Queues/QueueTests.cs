using DriverScript.Framework;
using DriverScript.Framework.Drivers;
using DriverScript.Framework.Queues;
using DriverScript.Framework.Requests;
using DriverScript.Framework.Tests.Support;
using DriverScript.Hardware.Time;

namespace DriverScript.Framework.Tests.Queues;

/// <summary>KMDF.md B3: dispatch types, presentation, routing, queue state DDIs, power management.</summary>
public sealed class QueueTests
{
    private static WdfIoQueueConfig Config(WdfIoQueueDispatchType type, bool isDefault = true) => new(type) { DefaultQueue = isDefault, Name = "q" };

    // ---------------------------------------------------------------- dispatch types

    [Fact]
    public void Sequential_presents_one_request_at_a_time()
    {
        var held = new List<WdfRequest>();
        using var h = Harness.Plug(d => d.CreateQueue(new WdfIoQueueConfig(WdfIoQueueDispatchType.Sequential) { DefaultQueue = true, EvtIoRead = (q, r, l) => held.Add(r) }));
        var a = h.Dev.SubmitRead(1);
        var b = h.Dev.SubmitRead(2);
        held.ShouldBe([a]);
        a.CompleteWithInformation(NtStatus.Success, 1);   // completing from the host is allowed (no current task)
        held.ShouldBe([a, b]);
    }

    [Fact]
    public void Parallel_presents_up_to_its_limit()
    {
        var held = new List<WdfRequest>();
        using var h = Harness.Plug(d => d.CreateQueue(new WdfIoQueueConfig(WdfIoQueueDispatchType.Parallel)
        {
            DefaultQueue = true,
            NumberOfPresentedRequests = 2,
            EvtIoRead = (q, r, l) => held.Add(r),
        }));
        var requests = Enumerable.Range(1, 3).Select(i => h.Dev.SubmitRead(i)).ToList();
        held.Count.ShouldBe(2);
        h.Device.DefaultQueue!.QueuedCount.ShouldBe(1);
        held[0].Complete(NtStatus.Success);
        held.Count.ShouldBe(3);
    }

    [Fact]
    public void Parallel_without_a_limit_presents_everything()
    {
        var held = new List<WdfRequest>();
        using var h = Harness.Plug(d => d.CreateQueue(new WdfIoQueueConfig(WdfIoQueueDispatchType.Parallel) { DefaultQueue = true, EvtIoRead = (q, r, l) => held.Add(r) }));
        for (var i = 1; i <= 10; i++)
        {
            h.Dev.SubmitRead(i);
        }

        held.Count.ShouldBe(10);
    }

    [Fact]
    public void Manual_queues_hold_requests_until_retrieved_and_notify_when_non_empty()
    {
        var notified = 0;
        WdfIoQueue manual = null!;
        using var h = Harness.Plug(d => manual = d.CreateQueue(new WdfIoQueueConfig(WdfIoQueueDispatchType.Manual)
        {
            DefaultQueue = true,
            EvtIoQueueState = q => notified++,
        }));
        manual.RetrieveNextRequest(out var none).ShouldBe(NtStatus.NoMoreEntries);
        none.ShouldBeNull();
        var a = h.Dev.SubmitRead(1);
        var b = h.Dev.SubmitRead(2);
        notified.ShouldBe(1);
        manual.RetrieveNextRequest(out var first).ShouldBe(NtStatus.Success);
        first.ShouldBe(a);
        first!.State.ShouldBe(RequestState.DriverOwned);
        manual.QueuedCount.ShouldBe(1);
        manual.Stop();
        manual.RetrieveNextRequest(out _).ShouldBe(NtStatus.WdfPaused);
    }

    [Fact]
    public void Retrieve_on_a_presenting_queue_is_an_invalid_device_state()
    {
        WdfIoQueue q = null!;
        using var h = Harness.Plug(d => q = d.CreateQueue(new WdfIoQueueConfig(WdfIoQueueDispatchType.Parallel) { DefaultQueue = true, EvtIoRead = (_, r, _) => { } }));
        q.RetrieveNextRequest(out _).ShouldBe(NtStatus.InvalidDeviceState);
    }

    [Fact]
    public void Retrieve_on_a_powered_off_manual_queue_is_paused()
    {
        WdfIoQueue q = null!;
        using var h = Harness.Plug(d => q = d.CreateQueue(new WdfIoQueueConfig(WdfIoQueueDispatchType.Manual) { DefaultQueue = true }));
        h.Dev.Sleep();
        q.RetrieveNextRequest(out _).ShouldBe(NtStatus.WdfPaused);
    }

    // ---------------------------------------------------------------- presentation

    [Fact]
    public void Each_type_goes_to_its_callback_otherwise_to_EvtIoDefault()
    {
        var seen = new List<string>();
        using var h = Harness.Plug(d => d.CreateQueue(new WdfIoQueueConfig(WdfIoQueueDispatchType.Parallel)
        {
            DefaultQueue = true,
            EvtIoRead = (q, r, l) => { seen.Add("read"); r.Complete(NtStatus.Success); },
            EvtIoDefault = (q, r) => { seen.Add("default " + r.Kind); r.Complete(NtStatus.Success); },
        }));
        h.Dev.Read(1);
        h.Dev.Write(new byte[] { 1 });
        h.Dev.Ioctl(7, ReadOnlyMemory<byte>.Empty, 0);
        seen.ShouldBe(["read", "default Write", "default DeviceControl"]);
    }

    [Fact]
    public void A_type_without_callback_or_default_is_an_invalid_device_request()
    {
        using var h = Harness.Plug(d => d.CreateQueue(new WdfIoQueueConfig(WdfIoQueueDispatchType.Sequential)
        {
            DefaultQueue = true,
            EvtIoRead = (q, r, l) => r.Complete(NtStatus.Success),
        }));
        h.Dev.Write(new byte[] { 1 }).Status.ShouldBe(NtStatus.InvalidDeviceRequest);
        h.Dev.Read(1).Status.ShouldBe(NtStatus.Success);
    }

    [Fact]
    public void Zero_length_requests_are_completed_by_the_framework_unless_allowed()
    {
        var presented = 0;
        WdfIoQueue allowing = null!;
        using var h = Harness.Plug(d =>
        {
            d.CreateQueue(new WdfIoQueueConfig(WdfIoQueueDispatchType.Parallel) { DefaultQueue = true, EvtIoRead = (q, r, l) => { presented++; r.Complete(NtStatus.Success); } });
            allowing = d.CreateQueue(new WdfIoQueueConfig(WdfIoQueueDispatchType.Parallel)
            {
                AllowZeroLengthRequests = true,
                EvtIoWrite = (q, r, l) => { presented++; r.Complete(NtStatus.Unsuccessful); },
            });
            d.ConfigureRequestDispatching(allowing, RequestKind.Write).ShouldBe(NtStatus.Success);
        });
        h.Dev.Read(0).ShouldBe(new RequestResult(NtStatus.Success, 0, ReadOnlyMemory<byte>.Empty));
        presented.ShouldBe(0);
        h.Dev.Write(Array.Empty<byte>()).Status.ShouldBe(NtStatus.Unsuccessful);
        presented.ShouldBe(1);
    }

    [Fact]
    public void A_request_reaching_a_queue_that_does_not_accept_is_an_invalid_device_state()
    {
        WdfIoQueue q = null!;
        using var h = Harness.Plug(d => q = d.CreateQueue(new WdfIoQueueConfig(WdfIoQueueDispatchType.Parallel) { DefaultQueue = true, EvtIoRead = (_, r, _) => r.Complete(NtStatus.Success) }));
        q.Drain();
        h.Dev.Read(1).Status.ShouldBe(NtStatus.InvalidDeviceState);
    }

    // ---------------------------------------------------------------- routing

    [Fact]
    public void Configured_dispatching_routes_a_type_and_the_default_queue_takes_the_rest()
    {
        var seen = new List<string>();
        using var h = Harness.Plug(d =>
        {
            d.CreateQueue(new WdfIoQueueConfig(WdfIoQueueDispatchType.Sequential) { DefaultQueue = true, Name = "default", EvtIoDefault = (q, r) => { seen.Add("default"); r.Complete(NtStatus.Success); } });
            var ioctl = d.CreateQueue(new WdfIoQueueConfig(WdfIoQueueDispatchType.Parallel) { Name = "ioctl", EvtIoDeviceControl = (q, r, o, i, c) => { seen.Add("ioctl"); r.Complete(NtStatus.Success); } });
            d.ConfigureRequestDispatching(ioctl, RequestKind.DeviceControl).ShouldBe(NtStatus.Success);
        });
        h.Dev.Ioctl(1, ReadOnlyMemory<byte>.Empty, 0);
        h.Dev.Read(1);
        seen.ShouldBe(["ioctl", "default"]);
    }

    [Fact]
    public void Configure_request_dispatching_fails_on_the_default_queue_a_missing_handler_or_a_taken_type()
    {
        using var h = Harness.Plug(d =>
        {
            var def = d.CreateQueue(new WdfIoQueueConfig(WdfIoQueueDispatchType.Sequential) { DefaultQueue = true, EvtIoRead = (q, r, l) => { } });
            var reads = d.CreateQueue(new WdfIoQueueConfig(WdfIoQueueDispatchType.Sequential) { EvtIoRead = (q, r, l) => { } });
            var more = d.CreateQueue(new WdfIoQueueConfig(WdfIoQueueDispatchType.Sequential) { EvtIoRead = (q, r, l) => { } });
            d.ConfigureRequestDispatching(def, RequestKind.Read).ShouldBe(NtStatus.InvalidParameter);
            d.ConfigureRequestDispatching(reads, RequestKind.Write).ShouldBe(NtStatus.InvalidParameter);
            d.ConfigureRequestDispatching(reads, RequestKind.Read).ShouldBe(NtStatus.Success);
            d.ConfigureRequestDispatching(more, RequestKind.Read).ShouldBe(NtStatus.WdfBusy);
        });
    }

    [Fact]
    public void Without_a_queue_for_the_type_the_request_is_invalid()
    {
        using var h = Harness.Plug(d =>
        {
            var reads = d.CreateQueue(new WdfIoQueueConfig(WdfIoQueueDispatchType.Sequential) { EvtIoRead = (q, r, l) => r.Complete(NtStatus.Success) });
            d.ConfigureRequestDispatching(reads, RequestKind.Read);
        });
        h.Dev.Write(new byte[] { 1 }).Status.ShouldBe(NtStatus.InvalidDeviceRequest);
        h.Dev.Read(1).Status.ShouldBe(NtStatus.Success);
    }

    // ---------------------------------------------------------------- queue state DDIs

    [Fact]
    public void Stop_keeps_accepting_and_calls_back_when_the_driver_owns_nothing()
    {
        var held = new List<WdfRequest>();
        WdfIoQueue q = null!;
        var stopped = 0;
        using var h = Harness.Plug(d => q = d.CreateQueue(new WdfIoQueueConfig(WdfIoQueueDispatchType.Sequential) { DefaultQueue = true, EvtIoRead = (_, r, _) => held.Add(r) }));
        var first = h.Dev.SubmitRead(1);
        q.Stop(_ => stopped++);
        q.IsAccepting.ShouldBeTrue();
        q.IsDispatching.ShouldBeFalse();
        var second = h.Dev.SubmitRead(2);
        second.State.ShouldBe(RequestState.Queued);
        stopped.ShouldBe(0);
        first.Complete(NtStatus.Success);
        stopped.ShouldBe(1);
        held.ShouldBe([first]);
        q.Start();
        held.ShouldBe([first, second]);
    }

    [Fact]
    public void Drain_rejects_new_requests_presents_the_queued_and_calls_back_when_empty()
    {
        var held = new List<WdfRequest>();
        WdfIoQueue q = null!;
        var drained = 0;
        using var h = Harness.Plug(d => q = d.CreateQueue(new WdfIoQueueConfig(WdfIoQueueDispatchType.Sequential) { DefaultQueue = true, EvtIoRead = (_, r, _) => held.Add(r) }));
        var first = h.Dev.SubmitRead(1);
        var second = h.Dev.SubmitRead(2);
        q.Drain(_ => drained++);
        h.Dev.SubmitRead(3).Result.Status.ShouldBe(NtStatus.InvalidDeviceState);
        first.Complete(NtStatus.Success);
        held.ShouldBe([first, second]);
        drained.ShouldBe(0);
        second.Complete(NtStatus.Success);
        drained.ShouldBe(1);
    }

    [Fact]
    public void Purge_cancels_queued_requests_and_owned_cancelable_ones()
    {
        var held = new List<WdfRequest>();
        WdfIoQueue q = null!;
        var purged = 0;
        using var h = Harness.Plug(d => q = d.CreateQueue(new WdfIoQueueConfig(WdfIoQueueDispatchType.Sequential)
        {
            DefaultQueue = true,
            EvtIoRead = (_, r, _) => { held.Add(r); r.MarkCancelable(); },
            EvtRequestCancel = r => r.CompleteWithInformation(NtStatus.Cancelled, 0),
        }));
        var owned = h.Dev.SubmitRead(1);
        var queued = h.Dev.SubmitRead(2);
        q.Purge(_ => purged++);
        queued.Result.Status.ShouldBe(NtStatus.Cancelled);
        owned.Result.Status.ShouldBe(NtStatus.Cancelled);
        purged.ShouldBe(1);
        q.IsAccepting.ShouldBeFalse();
        h.Sim.Violations.ShouldBeEmpty();
    }

    [Fact]
    public void Purge_calls_EvtIoCanceledOnQueue_for_requests_the_driver_had_received()
    {
        var canceledOnQueue = new List<WdfRequest>();
        WdfIoQueue manual = null!;
        using var h = Harness.Plug(d =>
        {
            manual = d.CreateQueue(new WdfIoQueueConfig(WdfIoQueueDispatchType.Manual)
            {
                Name = "parked",
                EvtIoCanceledOnQueue = (q, r) => { canceledOnQueue.Add(r); r.Complete(NtStatus.Cancelled); },
            });
            d.CreateQueue(new WdfIoQueueConfig(WdfIoQueueDispatchType.Parallel) { DefaultQueue = true, EvtIoRead = (q, r, l) => r.ForwardToIoQueue(manual).ShouldBe(NtStatus.Success) });
        });
        var forwarded = h.Dev.SubmitRead(1);
        manual.QueuedCount.ShouldBe(1);
        manual.Purge();
        canceledOnQueue.ShouldBe([forwarded]);
        forwarded.Result.Status.ShouldBe(NtStatus.Cancelled);
    }

    [Fact]
    public void Stop_and_purge_keeps_accepting()
    {
        WdfIoQueue q = null!;
        using var h = Harness.Plug(d => q = d.CreateQueue(new WdfIoQueueConfig(WdfIoQueueDispatchType.Manual) { DefaultQueue = true }));
        var queued = h.Dev.SubmitRead(1);
        q.StopAndPurge();
        queued.Result.Status.ShouldBe(NtStatus.Cancelled);
        q.IsAccepting.ShouldBeTrue();
        q.IsDispatching.ShouldBeFalse();
        h.Dev.SubmitRead(2).State.ShouldBe(RequestState.Queued);
    }

    [Fact]
    public void Start_resumes_presentation()
    {
        var presented = 0;
        WdfIoQueue q = null!;
        using var h = Harness.Plug(d => q = d.CreateQueue(new WdfIoQueueConfig(WdfIoQueueDispatchType.Parallel) { DefaultQueue = true, EvtIoRead = (_, r, _) => { presented++; r.Complete(NtStatus.Success); } }));
        q.Stop();
        var r = h.Dev.SubmitRead(1);
        presented.ShouldBe(0);
        q.Start();
        presented.ShouldBe(1);
        r.IsCompleted.ShouldBeTrue();
    }

    [Fact]
    public void Stop_synchronously_waits_for_owned_requests_from_a_work_item()
    {
        var held = new List<WdfRequest>();
        WdfIoQueue q = null!;
        WorkItems.WdfWorkItem work = null!;
        long stoppedAt = -1;
        using var h = Harness.Plug(d =>
        {
            q = d.CreateQueue(new WdfIoQueueConfig(WdfIoQueueDispatchType.Sequential) { DefaultQueue = true, EvtIoRead = (_, r, _) => held.Add(r) });
            work = d.CreateWorkItem(new WorkItems.WdfWorkItemConfig(w => { q.StopSynchronously(); stoppedAt = w.Simulation.Now; }) { AutomaticSerialization = false });
            var timer = d.CreateTimer(new Timers.WdfTimerConfig(t => held[0].Complete(NtStatus.Success)) { AutomaticSerialization = false });
            d.Context = timer;
        });
        h.Dev.SubmitRead(1);
        work.Enqueue();
        ((Timers.WdfTimer)h.Device.Context!).Start(VirtualTime.Milliseconds(5));
        h.Sim.Settle();
        stoppedAt.ShouldBe(-1);
        h.Sim.Advance(VirtualTime.Milliseconds(10));
        stoppedAt.ShouldBe(VirtualTime.Milliseconds(5));
    }

    // ---------------------------------------------------------------- power management

    [Fact]
    public void A_power_managed_queue_holds_requests_while_the_device_sleeps_and_presents_them_at_d0()
    {
        var presented = 0;
        using var h = Harness.Plug(d => d.CreateQueue(new WdfIoQueueConfig(WdfIoQueueDispatchType.Parallel) { DefaultQueue = true, EvtIoRead = (_, r, _) => { presented++; r.Complete(NtStatus.Success); } }));
        h.Dev.Sleep();
        var r = h.Dev.SubmitRead(1);
        h.Sim.Settle();
        presented.ShouldBe(0);
        r.State.ShouldBe(RequestState.Queued);
        h.Dev.Wake();
        presented.ShouldBe(1);
    }

    [Fact]
    public void A_non_power_managed_queue_keeps_presenting_in_dx()
    {
        var presented = 0;
        using var h = Harness.Plug(d => d.CreateQueue(new WdfIoQueueConfig(WdfIoQueueDispatchType.Parallel)
        {
            DefaultQueue = true,
            PowerManaged = false,
            EvtIoRead = (_, r, _) => { presented++; r.Complete(NtStatus.Success); },
        }));
        h.Dev.Sleep();
        h.Dev.Read(1).Status.ShouldBe(NtStatus.Success);
        presented.ShouldBe(1);
        h.Dev.PowerState.ShouldBe(WdfPowerDeviceState.D3);
    }

    [Fact]
    public void Io_on_a_power_managed_queue_wakes_an_idle_device_but_not_on_a_non_power_managed_one()
    {
        using var h = Harness.Plug(d =>
        {
            d.AssignS0IdleSettings(new S0IdleSettings(VirtualTime.Milliseconds(10)));
            d.CreateQueue(new WdfIoQueueConfig(WdfIoQueueDispatchType.Parallel) { DefaultQueue = true, EvtIoRead = (_, r, _) => r.Complete(NtStatus.Success) });
            var unmanaged = d.CreateQueue(new WdfIoQueueConfig(WdfIoQueueDispatchType.Parallel) { PowerManaged = false, EvtIoWrite = (_, r, _) => r.Complete(NtStatus.Success) });
            d.ConfigureRequestDispatching(unmanaged, RequestKind.Write);
        });
        h.Sim.Advance(VirtualTime.Milliseconds(10));
        h.Dev.PowerState.ShouldBe(WdfPowerDeviceState.D3);
        h.Dev.Write(new byte[] { 1 }).Status.ShouldBe(NtStatus.Success);
        h.Dev.PowerState.ShouldBe(WdfPowerDeviceState.D3);
        h.Dev.Read(1).Status.ShouldBe(NtStatus.Success);
        h.Dev.PowerState.ShouldBe(WdfPowerDeviceState.D0);
    }

    [Fact]
    public void A_pending_request_on_a_power_managed_queue_keeps_the_device_from_idling()
    {
        using var h = Harness.Plug(d =>
        {
            d.AssignS0IdleSettings(new S0IdleSettings(VirtualTime.Milliseconds(10)));
            d.CreateQueue(new WdfIoQueueConfig(WdfIoQueueDispatchType.Parallel) { DefaultQueue = true, EvtIoRead = (_, r, _) => { } });
        });
        var r = h.Dev.SubmitRead(1);
        h.Sim.Advance(VirtualTime.Milliseconds(50));
        h.Dev.PowerState.ShouldBe(WdfPowerDeviceState.D0);
        r.Complete(NtStatus.Success);
        h.Sim.Advance(VirtualTime.Milliseconds(10));
        h.Dev.PowerState.ShouldBe(WdfPowerDeviceState.D3);
    }

    [Fact]
    public void Completion_statuses_of_the_framework_family_are_mapped()
    {
        using var h = Harness.Plug(d => d.CreateQueue(new WdfIoQueueConfig(WdfIoQueueDispatchType.Parallel)
        {
            DefaultQueue = true,
            EvtIoRead = (_, r, l) => r.Complete(l == 1 ? NtStatus.WdfPaused : l == 2 ? NtStatus.WdfBusy : NtStatus.WdfIncompatibleExecutionLevel),
        }));
        h.Dev.Read(1).Status.ShouldBe(NtStatus.DeviceBusy);
        h.Dev.Read(2).Status.ShouldBe(NtStatus.DeviceBusy);
        h.Dev.Read(3).Status.ShouldBe(NtStatus.InvalidDeviceRequest);
    }

    [Fact]
    public void Queue_scope_serializes_callbacks_at_dispatch_level_under_the_queue_lock()
    {
        Irql seen = Irql.High;
        var held = false;
        using var h = Harness.Plug(d => d.CreateQueue(new WdfIoQueueConfig(WdfIoQueueDispatchType.Parallel)
        {
            DefaultQueue = true,
            SynchronizationScope = SynchronizationScope.Queue,
            EvtIoRead = (q, r, _) => { seen = q.Simulation.Current.Irql; held = q.SyncLock!.IsHeld; r.Complete(NtStatus.Success); },
        }));
        h.Dev.Read(1);
        seen.ShouldBe(Irql.Dispatch);
        held.ShouldBeTrue();
    }

    [Fact]
    public void Passive_execution_level_runs_callbacks_at_passive_level_under_a_wait_lock()
    {
        Irql seen = Irql.High;
        WdfIoQueue q = null!;
        using var h = Harness.Plug(d => q = d.CreateQueue(new WdfIoQueueConfig(WdfIoQueueDispatchType.Parallel)
        {
            DefaultQueue = true,
            SynchronizationScope = SynchronizationScope.Queue,
            ExecutionLevel = ExecutionLevel.Passive,
            EvtIoRead = (q, r, _) => { seen = q.Simulation.Current.Irql; r.Complete(NtStatus.Success); },
        }));
        h.Dev.Read(1);
        seen.ShouldBe(Irql.Passive);
        q.SyncLock!.LockKind.ShouldBe(Locks.LockKind.Wait);
    }

    [Fact]
    public void Forward_to_a_queue_that_does_not_accept_is_busy_and_the_driver_keeps_the_request()
    {
        var status = NtStatus.Success;
        WdfIoQueue target = null!;
        using var h = Harness.Plug(d =>
        {
            target = d.CreateQueue(new WdfIoQueueConfig(WdfIoQueueDispatchType.Manual) { Name = "target" });
            d.CreateQueue(new WdfIoQueueConfig(WdfIoQueueDispatchType.Sequential)
            {
                DefaultQueue = true,
                EvtIoRead = (q, r, _) =>
                {
                    status = r.ForwardToIoQueue(target);
                    r.State.ShouldBe(RequestState.DriverOwned);
                    r.Complete(NtStatus.Success);
                },
            });
        });
        target.Purge();
        h.Dev.Read(1).Status.ShouldBe(NtStatus.Success);
        status.ShouldBe(NtStatus.WdfBusy);
    }
}

using DriverScript.Framework;
using DriverScript.Framework.Drivers;
using DriverScript.Framework.Queues;
using DriverScript.Framework.Requests;
using DriverScript.Framework.Tests.Support;
using DriverScript.Hardware.Time;

namespace DriverScript.Framework.Tests.Requests;

/// <summary>KMDF.md B3's request life cycle: each state's exits, and the cancel and forwarding rules.</summary>
public sealed class RequestLifecycleTests
{
    [Fact]
    public void Queued_request_canceled_by_the_host_is_completed_cancelled()
    {
        WdfIoQueue q = null!;
        using var h = Harness.Plug(d => q = d.CreateQueue(new WdfIoQueueConfig(WdfIoQueueDispatchType.Manual) { DefaultQueue = true }));
        var r = h.Dev.SubmitRead(1);
        r.State.ShouldBe(RequestState.Queued);
        r.Cancel();
        r.Result.Status.ShouldBe(NtStatus.Cancelled);
        q.QueuedCount.ShouldBe(0);
    }

    [Fact]
    public void Owned_request_completed_with_data_returns_the_data_and_its_length()
    {
        using var h = Harness.Plug(d => d.CreateQueue(new WdfIoQueueConfig(WdfIoQueueDispatchType.Sequential)
        {
            DefaultQueue = true,
            EvtIoRead = (q, r, l) => r.Complete(NtStatus.Success, "abc"u8),
        }));
        var result = h.Dev.Read(8);
        result.Information.ShouldBe(3UL);
        result.Data.ToArray().ShouldBe("abc"u8.ToArray());
    }

    [Fact]
    public void Forwarded_request_is_presented_by_the_destination_queue()
    {
        var seen = new List<string>();
        using var h = Harness.Plug(d =>
        {
            var second = d.CreateQueue(new WdfIoQueueConfig(WdfIoQueueDispatchType.Parallel) { Name = "second", EvtIoRead = (q, r, l) => { seen.Add("second"); r.Complete(NtStatus.Success); } });
            d.CreateQueue(new WdfIoQueueConfig(WdfIoQueueDispatchType.Sequential)
            {
                DefaultQueue = true,
                EvtIoRead = (q, r, l) => { seen.Add("first"); r.ForwardToIoQueue(second).ShouldBe(NtStatus.Success); },
            });
        });
        h.Dev.Read(1).Status.ShouldBe(NtStatus.Success);
        seen.ShouldBe(["first", "second"]);
        h.Device.DefaultQueue!.DriverOwnedCount.ShouldBe(0);
    }

    [Fact]
    public void Requeue_returns_the_request_to_the_head_of_its_manual_queue()
    {
        WdfIoQueue q = null!;
        using var h = Harness.Plug(d => q = d.CreateQueue(new WdfIoQueueConfig(WdfIoQueueDispatchType.Manual) { DefaultQueue = true }));
        var a = h.Dev.SubmitRead(1);
        var b = h.Dev.SubmitRead(2);
        h.Sim.RunAsDriver(() =>
        {
            q.RetrieveNextRequest(out var first);
            first!.Requeue().ShouldBe(NtStatus.Success);
        });
        q.QueuedRequests.ShouldBe([a, b]);
        a.State.ShouldBe(RequestState.Queued);
    }

    [Fact]
    public void Unmark_returns_success_while_the_request_was_not_canceled()
    {
        var status = NtStatus.Unsuccessful;
        using var h = Harness.Plug(d => d.CreateQueue(new WdfIoQueueConfig(WdfIoQueueDispatchType.Sequential)
        {
            DefaultQueue = true,
            EvtIoRead = (q, r, l) =>
            {
                r.MarkCancelableEx(_ => { }).ShouldBe(NtStatus.Success);
                status = r.UnmarkCancelable();
                r.Complete(NtStatus.Success);
            },
        }));
        h.Dev.Read(1);
        status.ShouldBe(NtStatus.Success);
        h.Sim.Violations.ShouldBeEmpty();
    }

    [Fact]
    public void A_canceled_cancelable_request_runs_the_cancel_routine_and_unmark_then_returns_cancelled()
    {
        WdfRequest? held = null;
        var cancelRan = 0;
        using var h = Harness.Plug(d => d.CreateQueue(new WdfIoQueueConfig(WdfIoQueueDispatchType.Sequential)
        {
            DefaultQueue = true,
            EvtIoRead = (q, r, l) => { held = r; r.MarkCancelableEx(_ => cancelRan++); },
        }));
        var request = h.Dev.SubmitRead(1);
        request.Cancel();
        cancelRan.ShouldBe(1);
        request.IsCompleted.ShouldBeFalse();   // the routine did not complete it (yet)
        h.Sim.RunAsDriver(() =>
        {
            held!.UnmarkCancelable().ShouldBe(NtStatus.Cancelled);
        });
    }

    [Fact]
    public void Mark_cancelable_ex_on_an_already_canceled_request_returns_cancelled_without_the_routine()
    {
        var routine = 0;
        WdfRequest? held = null;
        using var h = Harness.Plug(d => d.CreateQueue(new WdfIoQueueConfig(WdfIoQueueDispatchType.Sequential) { DefaultQueue = true, EvtIoRead = (q, r, l) => held = r }));
        var request = h.Dev.SubmitRead(1);
        request.Cancel();                                  // not cancelable: only the IRP's flag is set
        request.IsCompleted.ShouldBeFalse();
        h.Sim.RunAsDriver(() =>
        {
            held!.IsCanceled().ShouldBeTrue();
            held.MarkCancelableEx(_ => routine++).ShouldBe(NtStatus.Cancelled);
            held.Complete(NtStatus.Cancelled);
        });
        routine.ShouldBe(0);
        request.Result.Status.ShouldBe(NtStatus.Cancelled);
    }

    [Fact]
    public void Mark_cancelable_on_an_already_canceled_request_calls_the_routine()
    {
        WdfRequest? held = null;
        using var h = Harness.Plug(d => d.CreateQueue(new WdfIoQueueConfig(WdfIoQueueDispatchType.Sequential) { DefaultQueue = true, EvtIoRead = (q, r, l) => held = r }));
        var request = h.Dev.SubmitRead(1);
        request.Cancel();
        h.Sim.RunAsDriver(() => held!.MarkCancelable(r => r.Complete(NtStatus.Cancelled)));
        request.Result.Status.ShouldBe(NtStatus.Cancelled);
        h.Sim.Violations.ShouldBeEmpty();
    }

    [Fact]
    public void The_queue_cancel_routine_is_the_default_for_mark_cancelable()
    {
        using var h = Harness.Plug(d => d.CreateQueue(new WdfIoQueueConfig(WdfIoQueueDispatchType.Sequential)
        {
            DefaultQueue = true,
            EvtIoRead = (q, r, l) => r.MarkCancelable(),
            EvtRequestCancel = r => r.CompleteWithInformation(NtStatus.Cancelled, 0),
        }));
        var request = h.Dev.SubmitRead(1);
        request.Cancel();
        request.Result.Status.ShouldBe(NtStatus.Cancelled);
        h.Dev.KmdfCallbacks.ShouldContain("EvtRequestCancel");
    }

    [Fact]
    public void A_completed_request_is_terminal_and_its_host_result_stays_readable()
    {
        WdfRequest? done = null;
        using var h = Harness.Plug(d => d.CreateQueue(new WdfIoQueueConfig(WdfIoQueueDispatchType.Sequential)
        {
            DefaultQueue = true,
            EvtIoRead = (q, r, l) => { r.CompleteWithInformation(NtStatus.Success, 1); done = r; },
        }), new SimulationOptions { ContinueOnBreak = true });
        h.Dev.Read(1);
        done!.State.ShouldBe(RequestState.Completed);
        done.Result.Information.ShouldBe(1UL);
        h.Sim.RunAsDriver(() => done.Length.ShouldBe(0));
        h.Sim.Violations.Single().Rule.ShouldBe("InvalidReqAccess");
    }

    [Fact]
    public void Canceling_a_completed_request_does_nothing()
    {
        using var h = Harness.Plug(d => d.CreateQueue(new WdfIoQueueConfig(WdfIoQueueDispatchType.Sequential) { DefaultQueue = true, EvtIoRead = (q, r, l) => r.Complete(NtStatus.Success) }));
        var r = h.Dev.SubmitRead(1);
        r.Cancel();
        r.Result.Status.ShouldBe(NtStatus.Success);
    }

    [Fact]
    public void Requests_to_a_removed_device_fail()
    {
        using var h = Harness.Plug(d => d.CreateQueue(new WdfIoQueueConfig(WdfIoQueueDispatchType.Sequential) { DefaultQueue = true, EvtIoRead = (q, r, l) => r.Complete(NtStatus.Success) }));
        h.Dev.Remove();
        h.Dev.Read(1).Status.ShouldBe(NtStatus.DeviceRemoved);
    }

    [Fact]
    public void A_deferred_request_is_completed_later_from_a_timer()
    {
        WdfRequest? held = null;
        Timers.WdfTimer timer = null!;
        using var h = Harness.Plug(d =>
        {
            timer = d.CreateTimer(new Timers.WdfTimerConfig(t => held!.Complete(NtStatus.Success)));
            d.CreateQueue(new WdfIoQueueConfig(WdfIoQueueDispatchType.Sequential) { DefaultQueue = true, EvtIoRead = (q, r, l) => { held = r; timer.Start(VirtualTime.Milliseconds(3)); } });
        });
        h.Dev.Read(1).Status.ShouldBe(NtStatus.Success);
        h.Sim.Now.ShouldBe(VirtualTime.Milliseconds(3));
    }
}

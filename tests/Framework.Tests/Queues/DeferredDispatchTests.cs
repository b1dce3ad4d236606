using DriverScript.Framework;
using DriverScript.Framework.Drivers;
using DriverScript.Framework.Interrupts;
using DriverScript.Framework.Queues;
using DriverScript.Framework.Requests;
using DriverScript.Framework.Tests.Support;

namespace DriverScript.Framework.Tests.Queues;

/// <summary>KMDF.md B3 synchronization: presentation that cannot happen in the caller's context is deferred.</summary>
public sealed class DeferredDispatchTests
{
    [Fact]
    public void A_request_forwarded_at_dispatch_level_to_a_passive_queue_is_presented_from_a_work_item()
    {
        var seen = new List<(Irql Irql, string[] Stack)>();
        WdfIoQueue passive = null!;
        using var h = Harness.Plug(d =>
        {
            passive = d.CreateQueue(new WdfIoQueueConfig(WdfIoQueueDispatchType.Sequential)
            {
                Name = "passive",
                ExecutionLevel = ExecutionLevel.Passive,
                SynchronizationScope = SynchronizationScope.Queue,
                EvtIoRead = (q, r, l) => { seen.Add((q.Simulation.Current.Irql, [.. q.Simulation.Current.CallbackStack])); r.Complete(NtStatus.Success); },
            });
            d.CreateQueue(new WdfIoQueueConfig(WdfIoQueueDispatchType.Sequential)
            {
                DefaultQueue = true,
                SynchronizationScope = SynchronizationScope.Queue,   // EvtIoRead at DISPATCH_LEVEL under a spin lock
                EvtIoRead = (q, r, l) => r.ForwardToIoQueue(passive).ShouldBe(NtStatus.Success),
            });
        });
        h.Dev.Read(1).Status.ShouldBe(NtStatus.Success);
        seen.ShouldHaveSingleItem();
        seen[0].Irql.ShouldBe(Irql.Passive);
        seen[0].Stack.ShouldBe(["EvtIoRead"]);   // on its own (worker) thread, not nested in the first callback
    }

    [Fact]
    public void Presentation_under_a_lock_the_caller_holds_is_deferred_to_a_dpc()
    {
        var order = new List<string>();
        WdfIoQueue second = null!;
        using var h = Harness.Plug(d =>
        {
            second = d.CreateQueue(new WdfIoQueueConfig(WdfIoQueueDispatchType.Parallel)
            {
                Name = "second",
                EvtIoRead = (q, r, l) => { order.Add("second " + string.Join(">", q.Simulation.Current.CallbackStack)); r.Complete(NtStatus.Success); },
            });
            d.CreateQueue(new WdfIoQueueConfig(WdfIoQueueDispatchType.Sequential)
            {
                DefaultQueue = true,
                EvtIoRead = (q, r, l) => { r.ForwardToIoQueue(second); order.Add("first returns"); },
            });
        }, init: i => i.SynchronizationScope = SynchronizationScope.Device);
        h.Dev.Read(1).Status.ShouldBe(NtStatus.Success);
        order.ShouldBe(["first returns", "second EvtIoRead"]);
    }
}

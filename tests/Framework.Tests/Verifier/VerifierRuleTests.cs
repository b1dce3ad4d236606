using DriverScript.Framework;
using DriverScript.Framework.Drivers;
using DriverScript.Framework.Interrupts;
using DriverScript.Framework.Queues;
using DriverScript.Framework.Requests;
using DriverScript.Framework.Tests.Support;
using DriverScript.Framework.Timers;
using DriverScript.Framework.Verifier;
using DriverScript.Framework.WorkItems;
using DriverScript.Hardware.Devices.Edu;
using DriverScript.Hardware.Time;

namespace DriverScript.Framework.Tests.Verifier;

/// <summary>One test per finding of <see cref="VerifierRules"/> (KMDF.md A2, A3): it breaks the rule on purpose and checks rule, kind and code.</summary>
public sealed class VerifierRuleTests
{
    private const uint Wdf = 0x10D;
    private static readonly SimulationOptions Continue = new() { ContinueOnBreak = true };

    private static Violation Stops(Action run, string rule, ViolationKind kind, uint code, ulong? p1 = null)
    {
        var ex = Should.Throw<SimulationStoppedException>(run);
        var v = ex.Violation;
        v.Rule.ShouldBe(rule);
        v.Kind.ShouldBe(kind);
        v.Code.ShouldBe(code);
        if (p1 is { } p)
        {
            v.Parameter1.ShouldBe(p);
        }

        return v;
    }

    private static Harness ReadQueue(EvtIoReadWrite read, SimulationOptions? options = null, SynchronizationScope scope = SynchronizationScope.None, ExecutionLevel level = ExecutionLevel.Dispatch) =>
        Harness.Plug(d => d.CreateQueue(new WdfIoQueueConfig(WdfIoQueueDispatchType.Sequential)
        {
            DefaultQueue = true,
            Name = "main",
            EvtIoRead = read,
            SynchronizationScope = scope,
            ExecutionLevel = level,
        }), options);

    [Fact]
    public void Every_finding_has_one_test_here()
    {
        var tests = typeof(VerifierRuleTests).Assembly.GetTypes().SelectMany(t => t.GetMethods())
            .Where(m => m.GetCustomAttributes(typeof(FactAttribute), false).Length > 0).Select(m => m.Name).ToHashSet();
        foreach (var rule in VerifierRules.All)
        {
            tests.ShouldContain(rule.Finding.ToString(), $"no test for {rule.Finding}");
        }
    }

    [Fact]
    public void DoubleCompletion()
    {
        using var h = ReadQueue((q, r, l) => { r.Complete(NtStatus.Success); r.Complete(NtStatus.Success, location: "echo.drv:12:5"); });
        var v = Stops(() => h.Dev.Read(1), "DoubleCompletion", ViolationKind.VerifierBreak, Wdf);
        v.Location.ShouldBe("echo.drv:12:5");
        v.CallbackStack.ShouldBe(["EvtIoRead"]);
        v.Processor.ShouldBe(0);
        h.Sim.IsStopped.ShouldBeTrue();
    }

    [Fact]
    public void MultipleIrpComplete()
    {
        using var h = ReadQueue((q, r, l) => { r.Complete(NtStatus.Success); r.Complete(NtStatus.Success); }, Continue);
        Stops(() => h.Dev.Read(1), "DoubleCompletion", ViolationKind.BugCheck, 0x44);
        h.Sim.Violations.Select(v => (v.Kind, v.Code)).ShouldBe([(ViolationKind.VerifierBreak, Wdf), (ViolationKind.BugCheck, 0x44u)]);
    }

    [Fact]
    public void RequestCompleted()
    {
        using var h = Harness.Plug(d => d.CreateQueue(new WdfIoQueueConfig(WdfIoQueueDispatchType.Sequential)
        {
            DefaultQueue = true,
            PowerManaged = false,
            EvtIoRead = (q, r, l) => { },
        }));
        h.Dev.SubmitRead(1);
        Stops(() => h.Dev.Remove(), "RequestCompleted", ViolationKind.VerifierBreak, Wdf);
    }

    [Fact]
    public void DeferredRequestCompleted()
    {
        using var h = ReadQueue((q, r, l) => { });
        Stops(() => h.Dev.Read(1), "DeferredRequestCompleted", ViolationKind.VerifierBreak, Wdf);
    }

    [Fact]
    public void CompleteCanceledReq()
    {
        WdfRequest? held = null;
        using var h = ReadQueue((q, r, l) => { held = r; r.MarkCancelableEx(_ => { }); });
        var request = h.Dev.SubmitRead(1);
        request.Cancel();
        Stops(() => h.Sim.RunAsDriver(() =>
        {
            held!.UnmarkCancelable();
            held.Complete(NtStatus.Success);
        }), "CompleteCanceledReq", ViolationKind.VerifierBreak, Wdf);
    }

    [Fact]
    public void ReqNotCanceledLocal()
    {
        using var h = ReadQueue((q, r, l) => { r.MarkCancelableEx(_ => { }); r.Complete(NtStatus.Success); });
        Stops(() => h.Dev.Read(1), "ReqNotCanceledLocal", ViolationKind.VerifierBreak, Wdf);
    }

    [Fact]
    public void MarkCancOnCancReqLocal()
    {
        using var h = ReadQueue((q, r, l) => { r.MarkCancelableEx(_ => { }); r.MarkCancelableEx(_ => { }); });
        Stops(() => h.Dev.Read(1), "MarkCancOnCancReqLocal", ViolationKind.VerifierBreak, Wdf);
    }

    [Fact]
    public void InvalidReqAccess()
    {
        using var h = ReadQueue((q, r, l) => { r.Complete(NtStatus.Success); _ = r.Length; });
        Stops(() => h.Dev.Read(1), "InvalidReqAccess", ViolationKind.VerifierBreak, Wdf);
    }

    [Fact]
    public void RequestNotOwned()
    {
        WdfIoQueue manual = null!;
        using var h = Harness.Plug(d => manual = d.CreateQueue(new WdfIoQueueConfig(WdfIoQueueDispatchType.Manual) { DefaultQueue = true }));
        var queued = h.Dev.SubmitRead(1);
        Stops(() => h.Sim.RunAsDriver(() => queued.Complete(NtStatus.Success)), "InvalidReqAccess", ViolationKind.VerifierBreak, Wdf);
    }

    [Fact]
    public void ForwardToSameQueue()
    {
        using var h = ReadQueue((q, r, l) => r.ForwardToIoQueue(q));
        Stops(() => h.Dev.Read(1), "InvalidReqAccess", ViolationKind.VerifierBreak, Wdf);
    }

    [Fact]
    public void RequeueNotManual()
    {
        using var h = ReadQueue((q, r, l) => r.Requeue());
        Stops(() => h.Dev.Read(1), "InvalidReqAccess", ViolationKind.VerifierBreak, Wdf);
    }

    [Fact]
    public void EvtIoStopCompleteOrStopAck()
    {
        var (sim, dev, _) = TestDriver.Plug(new TestDriverOptions { HoldReads = true, Stop = StopBehavior.Ignore });
        using var _s = sim;
        dev.SubmitRead(1);
        var v = Stops(() => dev.Sleep(), "EvtIoStopCompleteOrStopAck", ViolationKind.BugCheck, 0x9F, 0x3);
        v.Time.ShouldBe(VirtualTime.Seconds(1));
    }

    [Fact]
    public void StopAckWithinEvtIoStop()
    {
        using var h = ReadQueue((q, r, l) => r.StopAcknowledge(requeue: true));
        Stops(() => h.Dev.Read(1), "StopAckWithinEvtIoStop", ViolationKind.VerifierBreak, Wdf);
    }

    [Fact]
    public void EvtIoStopResume()
    {
        var (sim, dev, _) = TestDriver.Plug(new TestDriverOptions { HoldReads = true, Stop = StopBehavior.AcknowledgeNoRequeue, Resume = false });
        using var _s = sim;
        dev.SubmitRead(1);
        Stops(() => dev.Sleep(), "EvtIoStopResume", ViolationKind.VerifierBreak, Wdf);
    }

    [Fact]
    public void DrvAckIoStop()
    {
        var (sim, dev, _) = TestDriver.Plug(new TestDriverOptions { HoldReads = true });
        using var _s = sim;
        dev.SubmitRead(1);
        Stops(() => dev.Sleep(), "DrvAckIoStop", ViolationKind.BugCheck, 0x9F, 0x3);
    }

    [Fact]
    public void KmdfIrql()
    {
        using var h = ReadQueue((q, r, l) => q.StopSynchronously(), scope: SynchronizationScope.Queue);
        var v = Stops(() => h.Dev.Read(1), "KmdfIrql", ViolationKind.VerifierBreak, Wdf);
        v.Message.ShouldContain("WdfIoQueueStopSynchronously");
    }

    [Fact]
    public void KmdfIrql_fails_the_ddi_when_breaks_continue()
    {
        Timers.WdfTimer timer = null!;
        var stopped = true;
        using var h = Harness.Plug(d => timer = d.CreateTimer(new WdfTimerConfig(t => stopped = t.Stop(wait: true))), Continue);
        timer.Start(10);
        h.Sim.Advance(100);
        stopped.ShouldBeFalse();
        h.Sim.Violations.Single().Rule.ShouldBe("KmdfIrql");
    }

    [Fact]
    public void WdfSpinlockRecursive()
    {
        Locks.WdfSpinLock? spin = null;
        using var h = Harness.Plug(d => spin = d.CreateSpinLock());
        Stops(() => h.Sim.RunAsDriver(() => { spin!.Acquire(); spin.Acquire(); }), "WdfSpinlock", ViolationKind.BugCheck, Wdf, 0x2);
    }

    [Fact]
    public void WdfSpinlockNotHeld()
    {
        Locks.WdfSpinLock? spin = null;
        using var h = Harness.Plug(d => spin = d.CreateSpinLock());
        var v = Stops(() => h.Sim.RunAsDriver(() => spin!.Release()), "WdfSpinlock", ViolationKind.BugCheck, Wdf, 0xB);
        v.Parameter3.ShouldBe(0UL);
    }

    [Fact]
    public void WdfSpinlockNotOwner()
    {
        Locks.WdfSpinLock? spin = null;
        WdfTimer timer = null!;
        using var h = Harness.Plug(d =>
        {
            spin = d.CreateSpinLock();
            timer = d.CreateTimer(new WdfTimerConfig(t => spin.Release()) { AutomaticSerialization = false });
            d.CreateQueue(new WdfIoQueueConfig(WdfIoQueueDispatchType.Parallel)
            {
                DefaultQueue = true,
                SynchronizationScope = SynchronizationScope.Queue,
                EvtIoRead = (q, r, l) => { spin.Acquire(); r.Complete(NtStatus.Success); },
            });
        }, Continue);
        h.Dev.Read(1);
        h.Sim.Violations.Single().Rule.ShouldBe("WdfSpinlockRelease");
        timer.Start(10);
        var v = Stops(() => h.Sim.Advance(100), "WdfSpinlock", ViolationKind.BugCheck, Wdf, 0xB);
        v.Parameter3.ShouldBe(1UL);
    }

    [Fact]
    public void WdfSpinlockRelease()
    {
        Locks.WdfSpinLock? spin = null;
        using var h = Harness.Plug(d =>
        {
            spin = d.CreateSpinLock();
            d.CreateQueue(new WdfIoQueueConfig(WdfIoQueueDispatchType.Parallel) { DefaultQueue = true, SynchronizationScope = SynchronizationScope.Queue, EvtIoRead = (q, r, l) => { spin.Acquire(); r.Complete(NtStatus.Success); } });
        });
        Stops(() => h.Dev.Read(1), "WdfSpinlockRelease", ViolationKind.VerifierBreak, Wdf);
    }

    [Fact]
    public void WdfWaitlockRecursive()
    {
        Locks.WdfWaitLock? wait = null;
        using var h = Harness.Plug(d => wait = d.CreateWaitLock());
        Stops(() => h.Sim.RunAsDriver(() => { wait!.Acquire(); wait.Acquire(); }), "WdfWaitlock", ViolationKind.BugCheck, Wdf, 0x2);
    }

    [Fact]
    public void WdfWaitlockNotHeld()
    {
        Locks.WdfWaitLock? wait = null;
        using var h = Harness.Plug(d => wait = d.CreateWaitLock());
        Stops(() => h.Sim.RunAsDriver(() => wait!.Release()), "WdfWaitlock", ViolationKind.BugCheck, Wdf, 0xB);
    }

    [Fact]
    public void WdfWaitlockRelease()
    {
        Locks.WdfWaitLock? wait = null;
        WdfWorkItem item = null!;
        using var h = Harness.Plug(d =>
        {
            wait = d.CreateWaitLock();
            item = d.CreateWorkItem(new WdfWorkItemConfig(w => wait.Acquire()) { AutomaticSerialization = false });
        });
        item.Enqueue();
        Stops(() => h.Sim.Settle(), "WdfWaitlockRelease", ViolationKind.VerifierBreak, Wdf);
    }

    [Fact]
    public void WdfInterruptLockRecursive()
    {
        var (sim, dev, driver) = TestDriver.Plug(new TestDriverOptions
        {
            Configure = (d, t) => { },
        });
        using var _s = sim;
        Stops(() => sim.RunAsDriver(() => { driver.Interrupt!.AcquireLock(); driver.Interrupt.AcquireLock(); }), "WdfInterruptLock", ViolationKind.BugCheck, Wdf, 0x2);
    }

    [Fact]
    public void WdfInterruptLockNotHeld()
    {
        var (sim, dev, driver) = TestDriver.Plug();
        using var _s = sim;
        Stops(() => sim.RunAsDriver(() => driver.Interrupt!.ReleaseLock()), "WdfInterruptLock", ViolationKind.BugCheck, Wdf, 0xB);
    }

    [Fact]
    public void WdfInterruptLockNotConnected()
    {
        var (sim, dev, driver) = TestDriver.Plug();
        using var _s = sim;
        dev.Sleep();
        Stops(() => sim.RunAsDriver(() => driver.Interrupt!.AcquireLock()), "WdfInterruptLock", ViolationKind.VerifierBreak, Wdf);
    }

    [Fact]
    public void WdfInterruptLockRelease()
    {
        var (sim, dev, driver) = TestDriver.Plug();
        using var _s = sim;
        var dpc = dev.Device!.CreateDpc(new WdfDpcConfig(_ => driver.Interrupt!.AcquireLock()) { AutomaticSerialization = false });
        Stops(() => sim.RunAsDriver(() => dpc.Enqueue()), "WdfInterruptLockRelease", ViolationKind.VerifierBreak, Wdf);
    }

    [Fact]
    public void NoCancelFromEvtSurpriseRemove()
    {
        WdfRequest? held = null;
        using var h = Harness.Plug(
            d => d.CreateQueue(new WdfIoQueueConfig(WdfIoQueueDispatchType.Sequential) { DefaultQueue = true, PowerManaged = false, EvtIoRead = (q, r, l) => held = r }),
            init: i => i.PnpPower.EvtDeviceSurpriseRemoval = d => held!.Complete(NtStatus.Cancelled));
        h.Dev.SubmitRead(1);
        Stops(() => h.Dev.SurpriseRemove(), "NoCancelFromEvtSurpriseRemove", ViolationKind.VerifierBreak, Wdf);
    }

    [Fact]
    public void EvtSurpriseRemoveNoRequestComplete()
    {
        WdfRequest? held = null;
        using var h = Harness.Plug(
            d => d.CreateQueue(new WdfIoQueueConfig(WdfIoQueueDispatchType.Sequential) { DefaultQueue = true, PowerManaged = false, EvtIoRead = (q, r, l) => held = r }),
            init: i => i.PnpPower.EvtDeviceSurpriseRemoval = d => held!.Complete(NtStatus.Success));
        h.Dev.SubmitRead(1);
        Stops(() => h.Dev.SurpriseRemove(), "EvtSurpriseRemoveNoRequestComplete", ViolationKind.VerifierBreak, Wdf);
    }

    [Fact]
    public void EvtSurpriseRemoveNoSuspendQueue()
    {
        using var h = Harness.Plug(
            d => d.CreateQueue(new WdfIoQueueConfig(WdfIoQueueDispatchType.Sequential) { DefaultQueue = true, EvtIoRead = (q, r, l) => { } }),
            init: i => i.PnpPower.EvtDeviceSurpriseRemoval = d => d.DefaultQueue!.Stop());
        Stops(() => h.Dev.SurpriseRemove(), "EvtSurpriseRemoveNoSuspendQueue", ViolationKind.VerifierBreak, Wdf);
    }

    [Fact]
    public void ChangeQueueState()
    {
        WdfIoQueue q = null!;
        using var h = Harness.Plug(d => q = d.CreateQueue(new WdfIoQueueConfig(WdfIoQueueDispatchType.Sequential) { DefaultQueue = true, EvtIoRead = (_, r, _) => { } }));
        h.Dev.SubmitRead(1);
        Stops(() => h.Sim.RunAsDriver(() => { q.Stop(_ => { }); q.Purge(_ => { }); }), "ChangeQueueState", ViolationKind.BugCheck, Wdf, 0xA);
    }

    [Fact]
    public void NoIoQueuePurgeSynchronously()
    {
        using var h = ReadQueue((q, r, l) => q.PurgeSynchronously(), level: ExecutionLevel.Passive);
        Stops(() => h.Dev.Read(1), "NoIoQueuePurgeSynchronously", ViolationKind.VerifierBreak, Wdf);
    }

    [Fact]
    public void CallbackIrqlChanged()
    {
        Locks.WdfSpinLock? spin = null;
        using var h = Harness.Plug(d =>
        {
            spin = d.CreateSpinLock();
            d.CreateQueue(new WdfIoQueueConfig(WdfIoQueueDispatchType.Parallel) { DefaultQueue = true, EvtIoRead = (q, r, l) => { r.Complete(NtStatus.Success); spin.Acquire(); } });
        }, Continue);
        var v = Stops(() => h.Dev.Read(1), "CallbackIrqlChanged", ViolationKind.BugCheck, Wdf, 0xE);
        v.Parameter2.ShouldBe((ulong)Irql.Passive);
        v.Parameter3.ShouldBe((ulong)Irql.Dispatch);
    }

    [Fact]
    public void InformationExceedsBuffer()
    {
        using var h = ReadQueue((q, r, l) => r.CompleteWithInformation(NtStatus.Success, 8));
        var v = Stops(() => h.Dev.Read(4), "InformationExceedsBuffer", ViolationKind.BugCheck, Wdf, 0x6);
        v.Parameter2.ShouldBe(4UL);
        v.Parameter4.ShouldBe(8UL);
    }

    [Fact]
    public void DeleteNoDeleteObject()
    {
        using var h = ReadQueue((q, r, l) => { });
        Stops(() => h.Sim.RunAsDriver(() => h.Device.DefaultQueue!.Delete()), "WdfObjectDelete", ViolationKind.VerifierBreak, Wdf);
    }

    [Fact]
    public void DereferencedToZero()
    {
        WdfTimer timer = null!;
        using var h = Harness.Plug(d => timer = d.CreateTimer(new WdfTimerConfig(_ => { })));
        Stops(() => h.Sim.RunAsDriver(() => timer.Dereference()), "WdfObjectReference", ViolationKind.BugCheck, Wdf, 0x7);
    }

    [Fact]
    public void PowerCallbackTimeout()
    {
        using var h = Harness.Plug(_ => { }, init: i => i.PnpPower.EvtDeviceSelfManagedIoSuspend = d => { d.Simulation.Sleep(VirtualTime.Seconds(2)); return NtStatus.Success; });
        var v = Stops(() => h.Dev.Sleep(), "PowerTransitionTimeout", ViolationKind.BugCheck, 0x9F);
        v.Time.ShouldBe(VirtualTime.Seconds(1));
    }

    [Fact]
    public void DpcWatchdog()
    {
        using var h = Harness.Plug(d => d.CreateTimer(new WdfTimerConfig(t => t.Simulation.Stall(VirtualTime.Milliseconds(150))) { AutomaticSerialization = false }).Start(10));
        var v = Stops(() => h.Sim.Advance(VirtualTime.Seconds(1)), "DpcWatchdog", ViolationKind.BugCheck, 0x133);
        v.CallbackStack.ShouldBe(["EvtTimerFunc"]);
        v.Time.ShouldBe(10 + VirtualTime.Milliseconds(100));
    }

    [Fact]
    public void DpcWatchdog_on_a_spin_that_never_ends()
    {
        Locks.WdfSpinLock spin = null!;
        using var h = Harness.Plug(d =>
        {
            spin = d.CreateSpinLock();
            d.CreateTimer(new WdfTimerConfig(t => spin.Acquire()) { AutomaticSerialization = false, Period = VirtualTime.Milliseconds(1) }).Start(10);
        }, Continue);
        var v = Stops(() => h.Sim.Advance(VirtualTime.Milliseconds(200)), "DpcWatchdog", ViolationKind.BugCheck, 0x133);
        v.Message.ShouldContain("spinning");
        v.Time.ShouldBe(10 + VirtualTime.Milliseconds(1) + VirtualTime.Milliseconds(100));
    }

    [Fact]
    public void WaitAtRaisedIrql()
    {
        using var h = ReadQueue((q, r, l) => q.Simulation.Sleep(VirtualTime.Milliseconds(1)), scope: SynchronizationScope.Queue);
        Stops(() => h.Dev.Read(1), "WaitAtRaisedIrql", ViolationKind.BugCheck, 0xC4, 0x3B);
    }

    [Fact]
    public void DriverException()
    {
        var zero = 0;
        using var h = ReadQueue((q, r, l) => r.CompleteWithInformation(NtStatus.Success, (ulong)(1 / zero)));
        Stops(() => h.Dev.Read(1), "DriverException", ViolationKind.BugCheck, 0x1E, 0xC0000094);
    }

    [Fact]
    public void DriverException_raised_by_the_interpreter()
    {
        using var h = ReadQueue((q, r, l) => q.Simulation.RaiseDriverException(0xC0000005, "unwrapped none", "x.drv:3:9"));
        Stops(() => h.Dev.Read(1), "DriverException", ViolationKind.BugCheck, 0x1E, 0xC0000005).Location.ShouldBe("x.drv:3:9");
    }

    [Fact]
    public void ExplicitBugCheck()
    {
        using var h = ReadQueue((q, r, l) => q.Simulation.BugCheck(0xE2));
        Stops(() => h.Dev.Read(1), "KeBugCheckEx", ViolationKind.BugCheck, 0xE2);
    }

    [Fact]
    public void RegisterAccessNotInD0()
    {
        WdfWorkItem item = null!;
        using var h = Harness.Plug(d => item = d.CreateWorkItem(new WdfWorkItemConfig(w => w.Device!.Registers.Read32(0)) { AutomaticSerialization = false }));
        h.Dev.Sleep();
        item.Enqueue();
        var v = Stops(() => h.Sim.Settle(), "RegisterAccessNotInD0", ViolationKind.VerifierBreak, Wdf, 0x1001);
        v.CallbackStack.ShouldBe(["EvtWorkItem"]);
    }

    [Fact]
    public void InterruptStorm()
    {
        using var h = Harness.Plug(d => d.CreateInterrupt(new WdfInterruptConfig((i, m) => true)));   // claims but never acknowledges the device
        h.Dev.Bus.Write32((long)EduRegister.InterruptRaise, 1);
        var v = Stops(() => h.Sim.Settle(), "InterruptStorm", ViolationKind.BugCheck, 0xF2);
        v.Parameter3.ShouldBe(1000UL);
    }

    [Fact]
    public void IsrClaimedUnassertedInterrupt()
    {
        WdfInterrupt irq = null!;
        using var h = Harness.Plug(d => irq = d.CreateInterrupt(new WdfInterruptConfig((i, m) => true)));
        irq.TriggerSpurious();
        Stops(() => h.Sim.Settle(), "IsrClaimedUnassertedInterrupt", ViolationKind.VerifierBreak, Wdf, 0x1002);
    }
}

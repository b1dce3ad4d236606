namespace DriverScript.Framework.Verifier;

/// <summary>
/// Every distinct finding the framework can report. Several may share an SDV rule name
/// (<c>WdfSpinlock</c> covers a recursive acquire and a release of a lock not held), each with its
/// own kind and code; <see cref="VerifierRules"/> describes them and docs/verifier.md lists them.
/// </summary>
public enum Finding
{
    DoubleCompletion,
    MultipleIrpComplete,
    RequestCompleted,
    DeferredRequestCompleted,
    CompleteCanceledReq,
    ReqNotCanceledLocal,
    MarkCancOnCancReqLocal,
    InvalidReqAccess,
    RequestNotOwned,
    ForwardToSameQueue,
    RequeueNotManual,
    EvtIoStopCompleteOrStopAck,
    StopAckWithinEvtIoStop,
    EvtIoStopResume,
    DrvAckIoStop,
    KmdfIrql,
    WdfSpinlockRecursive,
    WdfSpinlockNotHeld,
    WdfSpinlockNotOwner,
    WdfSpinlockRelease,
    WdfWaitlockRecursive,
    WdfWaitlockNotHeld,
    WdfWaitlockRelease,
    WdfInterruptLockRecursive,
    WdfInterruptLockNotHeld,
    WdfInterruptLockNotConnected,
    WdfInterruptLockRelease,
    NoCancelFromEvtSurpriseRemove,
    EvtSurpriseRemoveNoRequestComplete,
    EvtSurpriseRemoveNoSuspendQueue,
    ChangeQueueState,
    NoIoQueuePurgeSynchronously,
    CallbackIrqlChanged,
    InformationExceedsBuffer,
    DeleteNoDeleteObject,
    DereferencedToZero,
    PowerCallbackTimeout,
    DpcWatchdog,
    WaitAtRaisedIrql,
    DriverException,
    ExplicitBugCheck,
    RegisterAccessNotInD0,
    InterruptStorm,
    IsrClaimedUnassertedInterrupt,
    DmaTransactionState,
}

/// <summary>One finding's fixed facts.</summary>
/// <param name="Finding">The finding.</param>
/// <param name="Rule">The rule name reported (<see cref="Violation.Rule"/>).</param>
/// <param name="Kind">How it is reported.</param>
/// <param name="Code">The bug-check code (verifier breaks: 0x10D).</param>
/// <param name="Parameter1">Parameter 1 (0x10D's subcode; 0 for KMDF verifier breaks, which have none).</param>
/// <param name="Parameter2">Parameter 2 when it is fixed (0x10D/0x6's request-error code), else 0.</param>
/// <param name="Source">Where the rule comes from.</param>
/// <param name="Description">What breaks it.</param>
public sealed record VerifierRule(
    Finding Finding,
    string Rule,
    ViolationKind Kind,
    uint Code,
    ulong Parameter1,
    ulong Parameter2,
    string Source,
    string Description);

/// <summary>The catalogue of findings (KMDF.md A2, A3, B7, B8): the source docs/verifier.md is written from.</summary>
public static class VerifierRules
{
    private const ViolationKind Bug = ViolationKind.BugCheck;
    private const ViolationKind Break = ViolationKind.VerifierBreak;
    private const uint Wdf = BugCheckCodes.WdfViolation;

    private static readonly VerifierRule[] Rules =
    [
        new(Finding.DoubleCompletion, "DoubleCompletion", Break, Wdf, 0, 0,
            "SDV DoubleCompletion; KMDF verifier (fxrequest.cpp): a DDI on a completed request",
            "A request is completed a second time. The DDI fails with STATUS_INTERNAL_ERROR and does nothing."),
        new(Finding.MultipleIrpComplete, "DoubleCompletion", Bug, BugCheckCodes.MultipleIrpCompleteRequests, 0, 0,
            "KMDF.md A2: with breaks continuing, the second completion reaches the IRP",
            "After a DoubleCompletion break with ContinueOnBreak, the I/O manager sees the IRP completed twice. P1 = request handle."),
        new(Finding.RequestCompleted, "RequestCompleted", Break, Wdf, 0, 0,
            "SDV RequestCompleted; KMDF.md B1d (purge at remove), B7 (queue waits break)",
            "A request the driver owns is still not completed when a queue is purged for removal and the power budget runs out."),
        new(Finding.DeferredRequestCompleted, "DeferredRequestCompleted", Break, Wdf, 0, 0,
            "SDV DeferredRequestCompleted (warning set), checked at run time",
            "A request the driver kept (returned from its callback without completing) can never be completed: the simulation is quiescent — no DPC, timer, work item, interrupt or device activity pending — while the host waits for it."),
        new(Finding.CompleteCanceledReq, "CompleteCanceledReq", Break, Wdf, 0, 0,
            "SDV CompleteCanceledReq; KMDF.md B3 cancel rules",
            "The driver completes a request whose cancel routine owns it (UnmarkCancelable returned STATUS_CANCELLED, or it was canceled while cancelable)."),
        new(Finding.ReqNotCanceledLocal, "ReqNotCanceledLocal", Break, Wdf, 0, 0,
            "SDV ReqNotCanceledLocal; KMDF verifier: completing a request that is still cancelable",
            "A request marked cancelable is completed without UnmarkCancelable first."),
        new(Finding.MarkCancOnCancReqLocal, "MarkCancOnCancReqLocal", Break, Wdf, 0, 0,
            "SDV MarkCancOnCancReqLocal; KMDF verifier: a double Mark",
            "MarkCancelable is called on a request that is already cancelable."),
        new(Finding.InvalidReqAccess, "InvalidReqAccess", Break, Wdf, 0, 0,
            "SDV InvalidReqAccess; KMDF verifier: a DDI on a completed request",
            "A request (its parameters, buffers or any DDI) is used after it was completed."),
        new(Finding.RequestNotOwned, "InvalidReqAccess", Break, Wdf, 0, 0,
            "KMDF verifier (fxrequest.cpp): a request the driver does not own",
            "A driver-only DDI (complete, forward, requeue, mark cancelable) on a request still in a queue."),
        new(Finding.ForwardToSameQueue, "InvalidReqAccess", Break, Wdf, 0, 0,
            "KMDF.md B3 forwarding; KMDF verifier: forwarding violations",
            "A request is forwarded to the queue it came from, to another device's queue, or while cancelable. The DDI fails with STATUS_INVALID_DEVICE_REQUEST."),
        new(Finding.RequeueNotManual, "InvalidReqAccess", Break, Wdf, 0, 0,
            "KMDF.md B3 request lifecycle (requeue on manual queues only); KMDF verifier: requeuing a cancelable request",
            "WdfRequestRequeue on a request of a non-manual queue, or while it is cancelable. The DDI fails with STATUS_INVALID_DEVICE_REQUEST."),
        new(Finding.EvtIoStopCompleteOrStopAck, "EvtIoStopCompleteOrStopAck", Bug, BugCheckCodes.DriverPowerStateFailure, 0x3, 0,
            "SDV EvtIoStopCompleteOrStopAck; KMDF.md B1b step 2, B7 (0x9F: EvtIoStop never acknowledged)",
            "A request given to EvtIoStop at power-down is neither completed nor acknowledged within the power budget (1 s virtual)."),
        new(Finding.StopAckWithinEvtIoStop, "StopAckWithinEvtIoStop", Break, Wdf, 0, 0,
            "SDV StopAckWithinEvtIoStop; KMDF verifier: StopAck outside EvtIoStop",
            "WdfRequestStopAcknowledge on a request that was not given to EvtIoStop."),
        new(Finding.EvtIoStopResume, "EvtIoStopResume", Break, Wdf, 0, 0,
            "SDV EvtIoStopResume (warning set)",
            "WdfRequestStopAcknowledge(Requeue = FALSE) on a queue without EvtIoResume."),
        new(Finding.DrvAckIoStop, "DrvAckIoStop", Bug, BugCheckCodes.DriverPowerStateFailure, 0x3, 0,
            "SDV DrvAckIoStop (warning set); KMDF.md B3 (no EvtIoStop: the framework waits; too long gives 0x9F)",
            "At power-down a power-managed queue without EvtIoStop still has driver-owned requests when the power budget runs out."),
        new(Finding.KmdfIrql, "KmdfIrql", Break, Wdf, 0, 0,
            "SDV KmdfIrql; KMDF FxVerifierCheckIrqlLevel (fxverifier.h); limits from KMDF.md B7",
            "A DDI is called above its maximum IRQL. The DDI fails with STATUS_INVALID_DEVICE_REQUEST and does nothing."),
        new(Finding.WdfSpinlockRecursive, "WdfSpinlock", Bug, Wdf, 0x2, 0,
            "SDV WdfSpinlock; KMDF.md B3 (an explicit recursive lock gives 0x10D/0x2)",
            "WdfSpinLockAcquire on a spin lock the same processor already holds."),
        new(Finding.WdfSpinlockNotHeld, "WdfSpinlock", Bug, Wdf, 0xB, 0,
            "SDV WdfSpinlock; KMDF.md B4 (shared/support/fxspinlock.cpp: 0x10D/0xB, P3 = 0 no lock)",
            "WdfSpinLockRelease on a spin lock nobody holds. P3 = 0."),
        new(Finding.WdfSpinlockNotOwner, "WdfSpinlock", Bug, Wdf, 0xB, 0,
            "KMDF.md B4 (fxspinlock.cpp: release by a non-owner gives 0x10D/0xB, P3 = 1)",
            "WdfSpinLockRelease by a processor that does not hold the lock. P3 = 1."),
        new(Finding.WdfSpinlockRelease, "WdfSpinlockRelease", Break, Wdf, 0, 0,
            "SDV WdfSpinlockRelease",
            "A callback returns while still holding a spin lock it acquired."),
        new(Finding.WdfWaitlockRecursive, "WdfWaitlock", Bug, Wdf, 0x2, 0,
            "SDV WdfWaitlock; KMDF.md B3 (recursive lock 0x10D/0x2)",
            "WdfWaitLockAcquire on a wait lock the same thread already holds."),
        new(Finding.WdfWaitlockNotHeld, "WdfWaitlock", Bug, Wdf, 0xB, 0,
            "SDV WdfWaitlock; KMDF.md B7 (0x10D/0xB lock operation invalid)",
            "WdfWaitLockRelease on a wait lock the caller does not hold."),
        new(Finding.WdfWaitlockRelease, "WdfWaitlockRelease", Break, Wdf, 0, 0,
            "SDV WdfWaitlockRelease",
            "A callback returns while still holding a wait lock it acquired."),
        new(Finding.WdfInterruptLockRecursive, "WdfInterruptLock", Bug, Wdf, 0x2, 0,
            "SDV WdfInterruptLock; KMDF.md B3 (recursive lock 0x10D/0x2)",
            "WdfInterruptAcquireLock on an interrupt lock the same processor already holds (including from the ISR)."),
        new(Finding.WdfInterruptLockNotHeld, "WdfInterruptLock", Bug, Wdf, 0xB, 0,
            "SDV WdfInterruptLock; KMDF.md B7 (0x10D/0xB)",
            "WdfInterruptReleaseLock on an interrupt lock the caller does not hold."),
        new(Finding.WdfInterruptLockNotConnected, "WdfInterruptLock", Break, Wdf, 0, 0,
            "KMDF.md B4 (acquiring while not connected is a verifier break)",
            "WdfInterruptAcquireLock while the interrupt is not connected (the device is not in D0)."),
        new(Finding.WdfInterruptLockRelease, "WdfInterruptLockRelease", Break, Wdf, 0, 0,
            "SDV WdfInterruptLockRelease",
            "A callback returns while still holding an interrupt lock it acquired."),
        new(Finding.NoCancelFromEvtSurpriseRemove, "NoCancelFromEvtSurpriseRemove", Break, Wdf, 0, 0,
            "SDV NoCancelFromEvtSurpriseRemove (warning set)",
            "EvtDeviceSurpriseRemoval cancels a request (completes it with STATUS_CANCELLED). The completion proceeds."),
        new(Finding.EvtSurpriseRemoveNoRequestComplete, "EvtSurpriseRemoveNoRequestComplete", Break, Wdf, 0, 0,
            "SDV EvtSurpriseRemoveNoRequestComplete (warning set)",
            "EvtDeviceSurpriseRemoval completes a request. The completion proceeds."),
        new(Finding.EvtSurpriseRemoveNoSuspendQueue, "EvtSurpriseRemoveNoSuspendQueue", Break, Wdf, 0, 0,
            "SDV EvtSurpriseRemoveNoSuspendQueue",
            "EvtDeviceSurpriseRemoval stops, drains or purges a queue. The DDI proceeds."),
        new(Finding.ChangeQueueState, "ChangeQueueState", Bug, Wdf, 0xA, 0,
            "SDV ChangeQueueState; KMDF.md B3 (only one completion callback can be pending; a failed Stop/Drain/Purge gives 0x10D/0xA)",
            "A queue Stop, Drain or Purge is requested while the previous one's completion is still pending."),
        new(Finding.NoIoQueuePurgeSynchronously, "NoIoQueuePurgeSynchronously", Break, Wdf, 0, 0,
            "SDV NoIoQueuePurgeSynchronously",
            "A *Synchronously queue DDI is called from a queue's own I/O callback (it would wait for itself)."),
        new(Finding.CallbackIrqlChanged, "CallbackIrqlChanged", Bug, Wdf, 0xE, 0,
            "KMDF.md B4, B7 (0x10D/0xE: IRQL changed across a callback; vfprivkm.hpp)",
            "A callback returns at an IRQL different from the one it was called at. P2 = entry IRQL, P3 = exit IRQL."),
        new(Finding.InformationExceedsBuffer, "InformationExceedsBuffer", Bug, Wdf, 0x6, 0x4,
            "KMDF.md B7 (0x10D/0x6, P2 = 4: VerifyCompleteInternal)",
            "A read, write or IOCTL completes successfully with Information larger than its buffer. P3 = request handle, P4 = Information."),
        new(Finding.DeleteNoDeleteObject, "WdfObjectDelete", Break, Wdf, 0, 0,
            "KMDF.md B5 (MarkNoDeleteDDI objects; shared/object/fxobjectapi.cpp)",
            "WdfObjectDelete on an object the driver may not delete (a PnP device, the default or a dispatching queue, an interrupt, a framework request). Nothing is deleted."),
        new(Finding.DereferencedToZero, "WdfObjectReference", Bug, Wdf, 0x7, 0,
            "KMDF.md B5 (0x10D/0x7, fxobject.cpp)",
            "An object's reference count reaches zero without WdfObjectDelete."),
        new(Finding.PowerCallbackTimeout, "PowerTransitionTimeout", Bug, BugCheckCodes.DriverPowerStateFailure, 0x3, 0,
            "KMDF.md A2, LANGUAGE.md §11 (a power transition waiting on the driver beyond its budget)",
            "A PnP or power callback keeps the transition waiting (a wait inside it) beyond the power budget."),
        new(Finding.DpcWatchdog, "DpcWatchdog", Bug, BugCheckCodes.DpcWatchdogViolation, 0x0, 0,
            "KMDF.md A2, B7 (0x133), LANGUAGE.md §11 (100 ms budget)",
            "An ISR or DPC runs (stalls, or spins on a lock) beyond the ISR/DPC budget."),
        new(Finding.WaitAtRaisedIrql, "WaitAtRaisedIrql", Bug, BugCheckCodes.DriverVerifierDetectedViolation, 0x3B, 0,
            "KMDF.md A2, B7 (0xC4: wait at DISPATCH_LEVEL or above)",
            "The driver waits (sleep, a blocking wait) at DISPATCH_LEVEL or above."),
        new(Finding.DriverException, "DriverException", Bug, BugCheckCodes.KmodeExceptionNotHandled, 0, 0,
            "KMDF.md A2 (0x1E, P1 = NT exception code)",
            "Driver code fails at run time (divide by zero 0xC0000094, bad index or unwrapped none 0xC0000005, an unhandled .NET exception in a C# callback)."),
        new(Finding.ExplicitBugCheck, "KeBugCheckEx", Bug, 0, 0, 0,
            "The language's bugcheck(code) (KeBugCheckEx)",
            "The driver calls bugcheck(code); the code is the driver's."),
        new(Finding.RegisterAccessNotInD0, "RegisterAccessNotInD0", Break, Wdf, 0x1001, 0,
            "DriverScript (KMDF.md A3)",
            "The driver reads or writes a device register while the device is not in D0. P2 = offset."),
        new(Finding.InterruptStorm, "InterruptStorm", Bug, BugCheckCodes.HardwareInterruptStorm, 0, 0,
            "DriverScript (KMDF.md A3, LANGUAGE.md §11); Windows' HARDWARE_INTERRUPT_STORM (0xF2)",
            "A level-triggered line is still asserted after its ISR ran N times in a row (default 1000) with no virtual time passing."),
        new(Finding.IsrClaimedUnassertedInterrupt, "IsrClaimedUnassertedInterrupt", Break, Wdf, 0x1002, 0,
            "DriverScript (KMDF.md A3)",
            "An ISR returns TRUE although its device was not interrupting (the line was not asserted and no message was pending)."),
        new(Finding.DmaTransactionState, "DmaTransactionState", Bug, Wdf, 0x8, 0,
            "KMDF.md B6 (fxdmatransactionbase.cpp: an operation in the wrong transaction state gives 0x10D/0x8)",
            "A DMA transaction operation in the wrong state: Initialize when not Created/Released, Execute when not Initialized, DmaCompleted when not in Transfer, Release or delete while in Transfer. P2 = transaction handle, P3 = its state."),
    ];

    /// <summary>Every finding, in <see cref="Finding"/> order.</summary>
    public static IReadOnlyList<VerifierRule> All => Rules;

    /// <summary>The facts about <paramref name="finding"/>.</summary>
    public static VerifierRule Get(Finding finding) => Rules[(int)finding];

    internal static void Validate()
    {
        for (var i = 0; i < Rules.Length; i++)
        {
            if ((int)Rules[i].Finding != i)
            {
                throw new InvalidOperationException($"verifier rule table out of order at {Rules[i].Finding}");
            }
        }
    }
}

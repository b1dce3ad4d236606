namespace DriverScript.Framework;

/// <summary>
/// The framework operations (KMDF DDIs and the kernel routines the language exposes) a driver calls.
/// Each has a name for the trace and the highest IRQL it may be called at (KMDF.md B7, from the
/// <c>_IRQL_requires_max_</c> annotations of the KMDF headers); <see cref="DdiCatalog"/> holds them.
/// </summary>
public enum Ddi : byte
{
    WdfRequestComplete,
    WdfRequestCompleteWithInformation,
    WdfRequestSetInformation,
    WdfRequestForwardToIoQueue,
    WdfRequestRequeue,
    WdfRequestMarkCancelable,
    WdfRequestMarkCancelableEx,
    WdfRequestUnmarkCancelable,
    WdfRequestStopAcknowledge,
    WdfRequestIsCanceled,
    WdfRequestRetrieveInputBuffer,
    WdfRequestRetrieveOutputBuffer,
    WdfRequestGetParameters,
    WdfIoQueueCreate,
    WdfIoQueueStart,
    WdfIoQueueStop,
    WdfIoQueueStopSynchronously,
    WdfIoQueueDrain,
    WdfIoQueueDrainSynchronously,
    WdfIoQueuePurge,
    WdfIoQueuePurgeSynchronously,
    WdfIoQueueStopAndPurge,
    WdfIoQueueStopAndPurgeSynchronously,
    WdfIoQueueRetrieveNextRequest,
    WdfIoQueueGetState,
    WdfDeviceCreate,
    WdfDeviceConfigureRequestDispatching,
    WdfDeviceAssignS0IdleSettings,
    WdfDeviceStopIdle,
    WdfDeviceResumeIdle,
    WdfTimerCreate,
    WdfTimerStart,
    WdfTimerStop,
    WdfWorkItemCreate,
    WdfWorkItemEnqueue,
    WdfWorkItemFlush,
    WdfDpcCreate,
    WdfDpcEnqueue,
    WdfInterruptCreate,
    WdfInterruptQueueDpcForIsr,
    WdfInterruptAcquireLock,
    WdfInterruptReleaseLock,
    WdfInterruptSynchronize,
    WdfSpinLockCreate,
    WdfSpinLockAcquire,
    WdfSpinLockRelease,
    WdfWaitLockCreate,
    WdfWaitLockAcquire,
    WdfWaitLockRelease,
    WdfCommonBufferCreate,
    WdfDmaEnablerCreate,
    WdfDmaTransactionCreate,
    WdfDmaTransactionInitializeUsingRequest,
    WdfDmaTransactionExecute,
    WdfDmaTransactionDmaCompleted,
    WdfDmaTransactionDmaCompletedWithLength,
    WdfDmaTransactionDmaCompletedFinal,
    WdfDmaTransactionRelease,
    WdfObjectDelete,
    WdfObjectReference,
    WdfObjectDereference,
    KeStallExecutionProcessor,
    KeDelayExecutionThread,
    KeBugCheckEx,
    RegisterRead,
    RegisterWrite,
}

/// <summary>A DDI's name and the highest IRQL KMDF accepts it at (its limit when a wait is asked for, where that matters).</summary>
public readonly record struct DdiInfo(string Name, Irql MaxIrql);

/// <summary>The facts about every <see cref="Ddi"/>.</summary>
public static class DdiCatalog
{
    private static readonly DdiInfo[] Infos = Build();

    /// <summary>The facts about <paramref name="ddi"/>.</summary>
    public static DdiInfo Info(this Ddi ddi) => Infos[(int)ddi];

    /// <summary>Every DDI, in enum order.</summary>
    public static IReadOnlyList<DdiInfo> All => Infos;

    private static DdiInfo[] Build()
    {
        var infos = new DdiInfo[Enum.GetValues<Ddi>().Length];
        void Set(Ddi d, Irql max, string? name = null) => infos[(int)d] = new DdiInfo(name ?? d.ToString(), max);
        foreach (var d in Enum.GetValues<Ddi>())
        {
            Set(d, Irql.Dispatch);
        }

        Set(Ddi.WdfIoQueueStopSynchronously, Irql.Passive);
        Set(Ddi.WdfIoQueueDrainSynchronously, Irql.Passive);
        Set(Ddi.WdfIoQueuePurgeSynchronously, Irql.Passive);
        Set(Ddi.WdfIoQueueStopAndPurgeSynchronously, Irql.Passive);
        Set(Ddi.WdfDeviceCreate, Irql.Passive);
        Set(Ddi.WdfDeviceAssignS0IdleSettings, Irql.Passive);
        Set(Ddi.WdfWorkItemFlush, Irql.Passive);
        Set(Ddi.WdfInterruptCreate, Irql.Passive);
        Set(Ddi.WdfCommonBufferCreate, Irql.Passive);
        Set(Ddi.WdfDmaEnablerCreate, Irql.Passive);
        // Conditionally PASSIVE (the wait forms): WdfTimerStop(TRUE), WdfDeviceStopIdle(TRUE), WdfWaitLockAcquire(timeout != 0).
        Set(Ddi.WdfInterruptReleaseLock, Irql.Dirql);
        Set(Ddi.WdfInterruptQueueDpcForIsr, Irql.High);
        Set(Ddi.WdfDpcEnqueue, Irql.High);
        Set(Ddi.KeStallExecutionProcessor, Irql.High);
        Set(Ddi.KeBugCheckEx, Irql.High);
        // KeDelayExecutionThread is the OS's: a wait at DISPATCH_LEVEL bug-checks (WaitAtRaisedIrql), it is no KMDF DDI.
        Set(Ddi.KeDelayExecutionThread, Irql.High);
        Set(Ddi.RegisterRead, Irql.High, "READ_REGISTER");
        Set(Ddi.RegisterWrite, Irql.High, "WRITE_REGISTER");
        return infos;
    }
}

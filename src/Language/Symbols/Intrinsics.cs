namespace DriverScript.Language.Symbols;

/// <summary>Where an operation may be used (LANGUAGE.md §6–§8).</summary>
public enum OperationDomain : byte
{
    /// <summary>Anywhere: <c>len</c>, <c>min</c>, <c>now</c>, <c>log</c>...</summary>
    Any,
    /// <summary>Driver code (device callbacks and the functions they call): <c>complete</c>, <c>sleep</c>...</summary>
    Driver,
    /// <summary>Tests and top-level code (and functions called only from there): <c>plug</c>, <c>print</c>...</summary>
    Host,
    /// <summary>The code of a <c>hardware</c> block: <c>after</c>, <c>pulse</c>, <c>dma_read</c>...</summary>
    Hardware,
}

/// <summary>
/// Every built-in function, method and member, resolved at bind time (no string lookups at run
/// time). Overloads are separate values (<see cref="CompleteWithData"/>, <see cref="LenBytes"/>).
/// A <see cref="Binding.BoundIntrinsicCall"/> carries one, with its receiver and arguments.
/// </summary>
public enum Intrinsic : byte
{
    // ---- requests (§6.2)
    Complete, CompleteWithInformation, CompleteWithData, Forward, Requeue, MarkCancelable, UnmarkCancelable, StopAcknowledge,
    RequestKind, RequestLength, RequestInput, RequestOutputLength, RequestCode, RequestCanceled,
    StopActionSuspend, StopActionPurge,
    // ---- queues, timers, work items, interrupts (§6.1, §6.4)
    QueueStart, QueueStop, QueuePurge, QueueDrain, QueueRetrieve, LenQueue,
    TimerStart, TimerStop, WorkItemEnqueue, QueueDpc,
    // ---- other driver built-ins (§6.5, §6.6)
    Stall, Sleep, StopIdle, ResumeIdle, Bugcheck,
    Read8, Read16, Read32, Read64, Write8, Write16, Write32, Write64,
    DmaBufferAllocate, DmaBufferAddress, DmaBufferRead, DmaBufferWrite,
    // ---- anywhere
    Now, Log, Min, Max, LenString, LenBytes, LenList, Zeros, Fill, NtSuccess, StatusFromCode, ListPush, ListPop,
    // ---- hardware models (§7)
    DmaRead, DmaWrite,
    // ---- host (§8)
    Advance, Settle, Print,
    DeviceRead, DeviceWrite, DeviceIoctl, DeviceSubmitRead, DeviceSubmitWrite, DeviceSubmitIoctl,
    DeviceSleep, DeviceWake, DeviceStop, DeviceRestart, DeviceRemove, DeviceSurpriseRemove,
    DevicePowerState, DeviceCallbacks, DeviceClearCallbacks, DeviceViolations, DeviceBugcheck, DeviceStarted,
    DeviceHwRead8, DeviceHwRead16, DeviceHwRead32, DeviceHwRead64, DeviceHwWrite8, DeviceHwWrite16, DeviceHwWrite32, DeviceHwWrite64,
    PendingDone, PendingResult, PendingCancel,
    ResultStatus, ResultInformation, ResultData,
    ViolationCode, ViolationRule, ViolationMessage,
}

/// <summary>
/// Static facts about an intrinsic: its display name, where it may be used, its highest IRQL.
/// When <paramref name="LimitDependsOnWaitArgument"/> is set, the limit is <paramref name="MaxIrql"/>
/// only when the <c>wait</c> argument may be true; with a constant <c>false</c> it is DISPATCH.
/// </summary>
public readonly record struct IntrinsicInfo(string Name, OperationDomain Domain, Irql MaxIrql, bool LimitDependsOnWaitArgument = false);

public static class IntrinsicFacts
{
    private static readonly IntrinsicInfo[] s_info = Build();

    public static IntrinsicInfo Info(this Intrinsic intrinsic) => s_info[(int)intrinsic];

    private static IntrinsicInfo[] Build()
    {
        var info = new IntrinsicInfo[Enum.GetValues<Intrinsic>().Length];
        void Set(Intrinsic i, string name, OperationDomain domain, Irql max = Irql.High, bool wait = false) =>
            info[(int)i] = new IntrinsicInfo(name, domain, max, wait);
        const OperationDomain D = OperationDomain.Driver, H = OperationDomain.Host, A = OperationDomain.Any, W = OperationDomain.Hardware;
        const Irql Dispatch = Irql.Dispatch, Passive = Irql.Passive;

        Set(Intrinsic.Complete, "complete", D, Dispatch);
        Set(Intrinsic.CompleteWithInformation, "complete", D, Dispatch);
        Set(Intrinsic.CompleteWithData, "complete", D, Dispatch);
        Set(Intrinsic.Forward, "forward", D, Dispatch);
        Set(Intrinsic.Requeue, "requeue", D, Dispatch);
        Set(Intrinsic.MarkCancelable, "mark_cancelable", D, Dispatch);
        Set(Intrinsic.UnmarkCancelable, "unmark_cancelable", D, Dispatch);
        Set(Intrinsic.StopAcknowledge, "stop_acknowledge", D, Dispatch);
        Set(Intrinsic.RequestKind, "kind", D);
        Set(Intrinsic.RequestLength, "length", D);
        Set(Intrinsic.RequestInput, "input", D);
        Set(Intrinsic.RequestOutputLength, "output_length", D);
        Set(Intrinsic.RequestCode, "code", D);
        Set(Intrinsic.RequestCanceled, "canceled", D);
        Set(Intrinsic.StopActionSuspend, "suspend", D);
        Set(Intrinsic.StopActionPurge, "purge", D);
        Set(Intrinsic.QueueStart, "start", D, Dispatch);
        Set(Intrinsic.QueueStop, "stop", D, Dispatch);
        Set(Intrinsic.QueuePurge, "purge", D, Dispatch);
        Set(Intrinsic.QueueDrain, "drain", D, Dispatch);
        Set(Intrinsic.QueueRetrieve, "retrieve", D, Dispatch);
        Set(Intrinsic.LenQueue, "len", D, Dispatch);
        Set(Intrinsic.TimerStart, "start", D, Dispatch);
        Set(Intrinsic.TimerStop, "stop", D, Passive, wait: true);
        Set(Intrinsic.WorkItemEnqueue, "enqueue", D, Dispatch);
        Set(Intrinsic.QueueDpc, "queue_dpc", D);
        Set(Intrinsic.Stall, "stall", D);
        Set(Intrinsic.Sleep, "sleep", D, Passive);
        Set(Intrinsic.StopIdle, "stop_idle", D, Passive, wait: true);
        Set(Intrinsic.ResumeIdle, "resume_idle", D, Dispatch);
        Set(Intrinsic.Bugcheck, "bugcheck", D);
        Set(Intrinsic.Read8, "read8", D);
        Set(Intrinsic.Read16, "read16", D);
        Set(Intrinsic.Read32, "read32", D);
        Set(Intrinsic.Read64, "read64", D);
        Set(Intrinsic.Write8, "write8", D);
        Set(Intrinsic.Write16, "write16", D);
        Set(Intrinsic.Write32, "write32", D);
        Set(Intrinsic.Write64, "write64", D);
        Set(Intrinsic.DmaBufferAllocate, "dma_buffer", D, Passive);
        Set(Intrinsic.DmaBufferAddress, "address", D);
        Set(Intrinsic.DmaBufferRead, "read", D);
        Set(Intrinsic.DmaBufferWrite, "write", D);
        Set(Intrinsic.Now, "now", A);
        Set(Intrinsic.Log, "log", A);
        Set(Intrinsic.Min, "min", A);
        Set(Intrinsic.Max, "max", A);
        Set(Intrinsic.LenString, "len", A);
        Set(Intrinsic.LenBytes, "len", A);
        Set(Intrinsic.LenList, "len", A);
        Set(Intrinsic.Zeros, "zeros", A);
        Set(Intrinsic.Fill, "fill", A);
        Set(Intrinsic.NtSuccess, "nt_success", A);
        Set(Intrinsic.StatusFromCode, "status", A);
        Set(Intrinsic.ListPush, "push", A);
        Set(Intrinsic.ListPop, "pop", A);
        Set(Intrinsic.DmaRead, "dma_read", W);
        Set(Intrinsic.DmaWrite, "dma_write", W);
        Set(Intrinsic.Advance, "advance", H);
        Set(Intrinsic.Settle, "settle", H);
        Set(Intrinsic.Print, "print", H);
        Set(Intrinsic.DeviceRead, "read", H);
        Set(Intrinsic.DeviceWrite, "write", H);
        Set(Intrinsic.DeviceIoctl, "ioctl", H);
        Set(Intrinsic.DeviceSubmitRead, "submit_read", H);
        Set(Intrinsic.DeviceSubmitWrite, "submit_write", H);
        Set(Intrinsic.DeviceSubmitIoctl, "submit_ioctl", H);
        Set(Intrinsic.DeviceSleep, "sleep", H);
        Set(Intrinsic.DeviceWake, "wake", H);
        Set(Intrinsic.DeviceStop, "stop", H);
        Set(Intrinsic.DeviceRestart, "restart", H);
        Set(Intrinsic.DeviceRemove, "remove", H);
        Set(Intrinsic.DeviceSurpriseRemove, "surprise_remove", H);
        Set(Intrinsic.DevicePowerState, "power_state", H);
        Set(Intrinsic.DeviceCallbacks, "callbacks", H);
        Set(Intrinsic.DeviceClearCallbacks, "clear_callbacks", H);
        Set(Intrinsic.DeviceViolations, "violations", H);
        Set(Intrinsic.DeviceBugcheck, "bugcheck", H);
        Set(Intrinsic.DeviceStarted, "started", H);
        Set(Intrinsic.DeviceHwRead8, "read8", H);
        Set(Intrinsic.DeviceHwRead16, "read16", H);
        Set(Intrinsic.DeviceHwRead32, "read32", H);
        Set(Intrinsic.DeviceHwRead64, "read64", H);
        Set(Intrinsic.DeviceHwWrite8, "write8", H);
        Set(Intrinsic.DeviceHwWrite16, "write16", H);
        Set(Intrinsic.DeviceHwWrite32, "write32", H);
        Set(Intrinsic.DeviceHwWrite64, "write64", H);
        Set(Intrinsic.PendingDone, "done", H);
        Set(Intrinsic.PendingResult, "result", H);
        Set(Intrinsic.PendingCancel, "cancel", H);
        Set(Intrinsic.ResultStatus, "status", H);
        Set(Intrinsic.ResultInformation, "information", H);
        Set(Intrinsic.ResultData, "data", H);
        Set(Intrinsic.ViolationCode, "code", H);
        Set(Intrinsic.ViolationRule, "rule", H);
        Set(Intrinsic.ViolationMessage, "message", H);
        for (int i = 0; i < info.Length; i++)
            if (info[i].Name is null) throw new InvalidOperationException($"intrinsic {(Intrinsic)i} has no facts");
        return info;
    }
}

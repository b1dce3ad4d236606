
namespace DriverScript.Framework.Drivers;

/// <summary>
/// Every event callback the framework calls, by its KMDF name (KMDF.md A4: the trace shows the KMDF
/// name and the language's). <see cref="CallbackCatalog"/> gives each one's script name and IRQL rule.
/// </summary>
public enum CallbackKind : byte
{
    EvtDriverDeviceAdd,
    EvtDevicePrepareHardware,
    EvtDeviceReleaseHardware,
    EvtDeviceD0Entry,
    EvtDeviceD0EntryPostInterruptsEnabled,
    EvtDeviceD0ExitPreInterruptsDisabled,
    EvtDeviceD0Exit,
    EvtDeviceSelfManagedIoInit,
    EvtDeviceSelfManagedIoSuspend,
    EvtDeviceSelfManagedIoRestart,
    EvtDeviceSelfManagedIoFlush,
    EvtDeviceSelfManagedIoCleanup,
    EvtDeviceSurpriseRemoval,
    EvtDeviceQueryStop,
    EvtDeviceQueryRemove,
    EvtDeviceArmWakeFromS0,
    EvtDeviceDisarmWakeFromS0,
    EvtDeviceWakeFromS0Triggered,
    EvtCleanupCallback,
    EvtDestroyCallback,
    EvtIoRead,
    EvtIoWrite,
    EvtIoDeviceControl,
    EvtIoInternalDeviceControl,
    EvtIoDefault,
    EvtIoStop,
    EvtIoResume,
    EvtIoCanceledOnQueue,
    EvtIoQueueState,
    EvtRequestCancel,
    EvtInterruptIsr,
    EvtInterruptDpc,
    EvtInterruptEnable,
    EvtInterruptDisable,
    EvtInterruptSynchronize,
    EvtTimerFunc,
    EvtWorkItem,
    EvtDpcFunc,
    EvtProgramDma,
}

/// <summary>One callback's facts.</summary>
/// <param name="KmdfName">KMDF's name, e.g. <c>EvtDeviceD0Entry</c>.</param>
/// <param name="ScriptName">The language's <c>on</c> name (LANGUAGE.md §6), e.g. <c>d0_entry</c>.</param>
/// <param name="IsPnpPower">A PnP or power callback: runs on the PnP worker at PASSIVE_LEVEL, and a wait inside it counts against the power budget.</param>
public readonly record struct CallbackInfo(string KmdfName, string ScriptName, bool IsPnpPower);

/// <summary>The facts about every <see cref="CallbackKind"/>.</summary>
public static class CallbackCatalog
{
    private static readonly CallbackInfo[] Infos = Build();

    /// <summary>The facts about <paramref name="kind"/>.</summary>
    public static CallbackInfo Info(this CallbackKind kind) => Infos[(int)kind];

    private static CallbackInfo[] Build()
    {
        var infos = new CallbackInfo[Enum.GetValues<CallbackKind>().Length];
        void Set(CallbackKind k, string script, bool pnp = false) => infos[(int)k] = new CallbackInfo(k.ToString(), script, pnp);
        Set(CallbackKind.EvtDriverDeviceAdd, "add", true);
        Set(CallbackKind.EvtDevicePrepareHardware, "prepare_hardware", true);
        Set(CallbackKind.EvtDeviceReleaseHardware, "release_hardware", true);
        Set(CallbackKind.EvtDeviceD0Entry, "d0_entry", true);
        Set(CallbackKind.EvtDeviceD0EntryPostInterruptsEnabled, "d0_entry_post_interrupts_enabled", true);
        Set(CallbackKind.EvtDeviceD0ExitPreInterruptsDisabled, "d0_exit_pre_interrupts_disabled", true);
        Set(CallbackKind.EvtDeviceD0Exit, "d0_exit", true);
        Set(CallbackKind.EvtDeviceSelfManagedIoInit, "self_managed_io_init", true);
        Set(CallbackKind.EvtDeviceSelfManagedIoSuspend, "self_managed_io_suspend", true);
        Set(CallbackKind.EvtDeviceSelfManagedIoRestart, "self_managed_io_restart", true);
        Set(CallbackKind.EvtDeviceSelfManagedIoFlush, "self_managed_io_flush", true);
        Set(CallbackKind.EvtDeviceSelfManagedIoCleanup, "self_managed_io_cleanup", true);
        Set(CallbackKind.EvtDeviceSurpriseRemoval, "surprise_removal", true);
        Set(CallbackKind.EvtDeviceQueryStop, "query_stop", true);
        Set(CallbackKind.EvtDeviceQueryRemove, "query_remove", true);
        Set(CallbackKind.EvtDeviceArmWakeFromS0, "arm_wake", true);
        Set(CallbackKind.EvtDeviceDisarmWakeFromS0, "disarm_wake", true);
        Set(CallbackKind.EvtDeviceWakeFromS0Triggered, "wake_signaled", true);
        Set(CallbackKind.EvtCleanupCallback, "cleanup", true);
        Set(CallbackKind.EvtDestroyCallback, "destroy", true);
        Set(CallbackKind.EvtIoRead, "read");
        Set(CallbackKind.EvtIoWrite, "write");
        Set(CallbackKind.EvtIoDeviceControl, "ioctl");
        Set(CallbackKind.EvtIoInternalDeviceControl, "internal_ioctl");
        Set(CallbackKind.EvtIoDefault, "default");
        Set(CallbackKind.EvtIoStop, "stop");
        Set(CallbackKind.EvtIoResume, "resume");
        Set(CallbackKind.EvtIoCanceledOnQueue, "canceled");
        Set(CallbackKind.EvtIoQueueState, "queue_state");
        Set(CallbackKind.EvtRequestCancel, "cancel");
        Set(CallbackKind.EvtInterruptIsr, "isr");
        Set(CallbackKind.EvtInterruptDpc, "dpc");
        Set(CallbackKind.EvtInterruptEnable, "enable", true);
        Set(CallbackKind.EvtInterruptDisable, "disable", true);
        Set(CallbackKind.EvtInterruptSynchronize, "synchronize");
        Set(CallbackKind.EvtTimerFunc, "expire");
        Set(CallbackKind.EvtWorkItem, "run");
        Set(CallbackKind.EvtDpcFunc, "dpc");
        Set(CallbackKind.EvtProgramDma, "program_dma");
        return infos;
    }
}

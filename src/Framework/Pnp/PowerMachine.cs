using DriverScript.Framework.Drivers;
using DriverScript.Framework.Requests;
using static DriverScript.Framework.Pnp.WdfDevicePowerState;

namespace DriverScript.Framework.Pnp;

public sealed partial class DeviceStateMachines
{
    /// <summary>
    /// The power machine (powerstatemachine.cpp <c>m_WdfPowerStates</c>, pageable subset): first power-up
    /// and its failure unwinds (B1a), D0 → Dx (B1b), Dx → D0 (B1c), implicit D3 for stop and removal,
    /// and the failure reports that send the PnP machine to its failed states.
    /// </summary>
    public static StateTable<WdfDevicePowerState, PowerEvent> PowerTable { get; } =
        new StateTableBuilder<WdfDevicePowerState, PowerEvent>("Power", "WdfDevStatePower", "Power", WdfDevStatePowerObjectCreated)
            .State(WdfDevStatePowerObjectCreated, on: [(PowerEvent.ImplicitD0, WdfDevStatePowerStartingCheckDeviceType)])
            .State(WdfDevStatePowerStartingCheckDeviceType, "PowerStartingCheckDeviceType", m => WdfDevStatePowerD0Starting, [WdfDevStatePowerD0Starting])
            .State(WdfDevStatePowerD0Starting, "PowerD0Starting", m => m.PowerD0Entry(WdfPowerDeviceState.D3Final, WdfDevStatePowerD0StartingConnectInterrupt, WdfDevStatePowerInitialPowerUpFailedDerefParent),
                [WdfDevStatePowerInitialPowerUpFailedDerefParent, WdfDevStatePowerD0StartingConnectInterrupt])
            .State(WdfDevStatePowerD0StartingConnectInterrupt, "PowerD0StartingConnectInterrupt", m => m.PowerConnectInterrupts(WdfPowerDeviceState.D3Final, WdfDevStatePowerD0StartingDmaEnable, WdfDevStatePowerInitialConnectInterruptFailed),
                [WdfDevStatePowerInitialConnectInterruptFailed, WdfDevStatePowerD0StartingDmaEnable])
            .State(WdfDevStatePowerD0StartingDmaEnable, "PowerD0StartingDmaEnable", m => WdfDevStatePowerD0StartingPostHardwareEnabled,
                [WdfDevStatePowerInitialDmaEnableFailed, WdfDevStatePowerD0StartingPostHardwareEnabled])
            .State(WdfDevStatePowerD0StartingPostHardwareEnabled, "PowerD0StartingPostHardwareEnabled", m => WdfDevStatePowerD0StartingStartSelfManagedIo,
                [WdfDevStatePowerInitialPostHardwareEnabledFailed, WdfDevStatePowerD0StartingStartSelfManagedIo])
            .State(WdfDevStatePowerD0StartingStartSelfManagedIo, "PowerD0StartingStartSelfManagedIo", m => m.PowerStartSelfManagedIo(WdfDevStatePowerDecideD0State, WdfDevStatePowerInitialSelfManagedIoFailed),
                [WdfDevStatePowerInitialSelfManagedIoFailed, WdfDevStatePowerDecideD0State])
            .State(WdfDevStatePowerDecideD0State, "PowerDecideD0State", m => WdfDevStatePowerD0, [WdfDevStatePowerD0])
            .State(WdfDevStatePowerD0, "PowerDZero", m => m.PowerInD0(), null,
                (PowerEvent.Dx, WdfDevStatePowerGotoDx), (PowerEvent.ImplicitD3, WdfDevStatePowerGotoD3Stopped))
            .State(WdfDevStatePowerInitialSelfManagedIoFailed, "PowerInitialSelfManagedIoFailed", m => m.PowerQueuesStopForFailure(WdfDevStatePowerInitialPostHardwareEnabledFailed),
                [WdfDevStatePowerInitialPostHardwareEnabledFailed])
            .State(WdfDevStatePowerInitialPostHardwareEnabledFailed, "PowerInitialPostHardwareEnabledFailed", m => WdfDevStatePowerInitialDmaEnableFailed, [WdfDevStatePowerInitialDmaEnableFailed])
            .State(WdfDevStatePowerInitialDmaEnableFailed, "PowerInitialDmaEnableFailed", m => m.PowerPreInterruptsDisabled(WdfPowerDeviceState.D3Final, WdfDevStatePowerInitialConnectInterruptFailed),
                [WdfDevStatePowerInitialConnectInterruptFailed])
            .State(WdfDevStatePowerInitialConnectInterruptFailed, "PowerInitialConnectInterruptFailed", m => m.PowerInterruptsOffAndD0Exit(WdfPowerDeviceState.D3Final, WdfDevStatePowerInitialPowerUpFailedDerefParent),
                [WdfDevStatePowerInitialPowerUpFailedDerefParent])
            .State(WdfDevStatePowerInitialPowerUpFailedDerefParent, "PowerInitialPowerUpFailedDerefParent", m => WdfDevStatePowerInitialPowerUpFailed, [WdfDevStatePowerInitialPowerUpFailed])
            .State(WdfDevStatePowerInitialPowerUpFailed, "PowerInitialPowerUpFailed", m => m.PowerReportUpFailed(WdfDevStatePowerStopped), [WdfDevStatePowerStopped])
            .State(WdfDevStatePowerGotoDx, "PowerGotoDNotZero", m => m.PowerGotoDx(), null,
                (PowerEvent.CompleteDx, WdfDevStatePowerNotifyingD0ExitToWakeInterrupts))
            .State(WdfDevStatePowerNotifyingD0ExitToWakeInterrupts, "PowerNotifyingD0ExitToWakeInterrupts", m => WdfDevStatePowerGotoDxIoStopped, [WdfDevStatePowerGotoDxIoStopped])
            .State(WdfDevStatePowerGotoDxIoStopped, "PowerGotoDNotZeroIoStopped", m => m.PowerGotoDxIoStopped(), [WdfDevStatePowerGotoDxFailed, WdfDevStatePowerDx])
            .State(WdfDevStatePowerDx, on: [(PowerEvent.D0, WdfDevStatePowerCheckDeviceType), (PowerEvent.ImplicitD3, WdfDevStatePowerGotoDxStoppedDisableInterrupt)])
            .State(WdfDevStatePowerCheckDeviceType, "PowerCheckDeviceType", m => WdfDevStatePowerCheckParentState, [WdfDevStatePowerCheckParentState])
            .State(WdfDevStatePowerCheckParentState, "PowerCheckParentState", m => WdfDevStatePowerWaking, [WdfDevStatePowerWaking])
            .State(WdfDevStatePowerWaking, "PowerWaking", m => m.PowerD0Entry(m.dxState, WdfDevStatePowerNotifyingD0EntryToWakeInterrupts, WdfDevStatePowerUpFailedDerefParent),
                [WdfDevStatePowerUpFailedDerefParent, WdfDevStatePowerNotifyingD0EntryToWakeInterrupts])
            .State(WdfDevStatePowerNotifyingD0EntryToWakeInterrupts, "PowerNotifyingD0EntryToWakeInterrupts", m => WdfDevStatePowerWakingConnectInterrupt, [WdfDevStatePowerWakingConnectInterrupt])
            .State(WdfDevStatePowerWakingConnectInterrupt, "PowerWakingConnectInterrupt", m => m.PowerConnectInterrupts(m.dxState, WdfDevStatePowerWakingDmaEnable, WdfDevStatePowerWakingConnectInterruptFailed),
                [WdfDevStatePowerWakingConnectInterruptFailed, WdfDevStatePowerWakingDmaEnable])
            .State(WdfDevStatePowerWakingDmaEnable, "PowerWakingDmaEnable", m => WdfDevStatePowerWakingPostHardwareEnabled, [WdfDevStatePowerWakingDmaEnableFailed, WdfDevStatePowerWakingPostHardwareEnabled])
            .State(WdfDevStatePowerWakingPostHardwareEnabled, "PowerWakingPostHardwareEnabled", m => m.PowerHardwareStarted(), null,
                (PowerEvent.CompleteD0, WdfDevStatePowerStartSelfManagedIo))
            .State(WdfDevStatePowerStartSelfManagedIo, "PowerStartSelfManagedIo", m => m.PowerStartSelfManagedIo(WdfDevStatePowerD0, WdfDevStatePowerStartSelfManagedIoFailed),
                [WdfDevStatePowerStartSelfManagedIoFailed, WdfDevStatePowerD0])
            .State(WdfDevStatePowerStartSelfManagedIoFailed, "PowerStartSelfManagedIoFailed", m => m.PowerQueuesStopForFailure(WdfDevStatePowerWakingPostHardwareEnabledFailed),
                [WdfDevStatePowerWakingPostHardwareEnabledFailed])
            .State(WdfDevStatePowerWakingPostHardwareEnabledFailed, "PowerWakingPostHardwareEnabledFailed", m => m.PowerPreInterruptsDisabled(m.dxState, WdfDevStatePowerWakingDmaEnableFailed),
                [WdfDevStatePowerWakingDmaEnableFailed])
            .State(WdfDevStatePowerWakingDmaEnableFailed, "PowerWakingDmaEnableFailed", m => WdfDevStatePowerWakingConnectInterruptFailed, [WdfDevStatePowerWakingConnectInterruptFailed])
            .State(WdfDevStatePowerWakingConnectInterruptFailed, "PowerWakingConnectInterruptFailed", m => m.PowerInterruptsOffAndD0Exit(m.dxState, WdfDevStatePowerReportPowerUpFailedDerefParent),
                [WdfDevStatePowerReportPowerUpFailedDerefParent])
            .State(WdfDevStatePowerUpFailedDerefParent, "PowerUpFailedDerefParent", m => WdfDevStatePowerReportPowerUpFailedDerefParent, [WdfDevStatePowerReportPowerUpFailedDerefParent])
            .State(WdfDevStatePowerReportPowerUpFailedDerefParent, "PowerReportPowerUpFailedDerefParent", m => WdfDevStatePowerReportPowerUpFailed, [WdfDevStatePowerReportPowerUpFailed])
            .State(WdfDevStatePowerReportPowerUpFailed, "PowerReportPowerUpFailed", m => m.PowerReportUpFailed(WdfDevStatePowerNull), null,
                (PowerEvent.ImplicitD3, WdfDevStatePowerPowerFailedPowerDown))
            .State(WdfDevStatePowerPowerFailedPowerDown, "PowerPowerFailedPowerDown", m => m.PowerReportDown(WdfDevStatePowerStopped), [WdfDevStatePowerStopped])
            .State(WdfDevStatePowerGotoDxFailed, "PowerGotoDxFailed", m => WdfDevStatePowerReportPowerDownFailed, [WdfDevStatePowerReportPowerDownFailed])
            .State(WdfDevStatePowerReportPowerDownFailed, "PowerReportPowerDownFailed", m => m.PowerReportDownFailed(WdfDevStatePowerNull), null,
                (PowerEvent.ImplicitD3, WdfDevStatePowerPowerFailedPowerDown))
            .State(WdfDevStatePowerGotoD3Stopped, "PowerGotoD3Stopped", m => m.PowerGotoD3Stopped(), [WdfDevStatePowerFinalPowerDownFailed, WdfDevStatePowerStopped])
            .State(WdfDevStatePowerFinalPowerDownFailed, "PowerFinalPowerDownFailed", m => m.PowerReportDownFailed(WdfDevStatePowerStopped), [WdfDevStatePowerStopped])
            .State(WdfDevStatePowerStopped, on: [(PowerEvent.ImplicitD0, WdfDevStatePowerStartingCheckDeviceType)])
            .State(WdfDevStatePowerGotoDxStoppedDisableInterrupt, "PowerGotoDxStoppedDisableInterrupt", m => m.PowerDisconnectQuietly(), [WdfDevStatePowerGotoDxStopped])
            .State(WdfDevStatePowerGotoDxStopped, "PowerGotoDxStopped", m => m.PowerReportDown(WdfDevStatePowerStopped, final: true), [WdfDevStatePowerStopped])
            .Build();

    /// <summary>The Dx state of the current or last power-down (D0Exit's target, D0Entry's previous state).</summary>
    private WdfPowerDeviceState dxState = WdfPowerDeviceState.D3;

    private WdfDevicePowerState PowerD0Entry(WdfPowerDeviceState previous, WdfDevicePowerState ok, WdfDevicePowerState failed)
    {
        Device.SetPowerState(WdfPowerDeviceState.D0);
        var status = Device.InvokePower(CallbackKind.EvtDeviceD0Entry, Device.Callbacks.EvtDeviceD0Entry, previous);
        if (!status.IsSuccess)
        {
            Device.StartStatus = NtStatus.DevicePowerFailure;
            Device.SetPowerState(previous == WdfPowerDeviceState.D3Final ? WdfPowerDeviceState.D3Final : previous);
            return failed;
        }

        return ok;
    }

    private WdfDevicePowerState PowerConnectInterrupts(WdfPowerDeviceState previous, WdfDevicePowerState ok, WdfDevicePowerState failed)
    {
        var status = Device.ConnectInterrupts();
        if (status.IsSuccess)
        {
            status = Device.InvokePower(CallbackKind.EvtDeviceD0EntryPostInterruptsEnabled, Device.Callbacks.EvtDeviceD0EntryPostInterruptsEnabled, previous);
        }

        if (!status.IsSuccess)
        {
            Device.StartStatus = NtStatus.DevicePowerFailure;
            return failed;
        }

        return ok;
    }

    private WdfDevicePowerState PowerStartSelfManagedIo(WdfDevicePowerState ok, WdfDevicePowerState failed)
    {
        Device.PowerUpQueues();
        var status = Device.SelfManagedIoStart();
        if (!status.IsSuccess)
        {
            Device.StartStatus = status;
            return failed;
        }

        return ok;
    }

    private WdfDevicePowerState PowerInD0()
    {
        Post(PowerPolicyEvent.PowerUp);
        return WdfDevStatePowerNull;
    }

    private WdfDevicePowerState PowerQueuesStopForFailure(WdfDevicePowerState next)
    {
        Device.PowerDownQueues(WdfRequestStopActionFlags.Suspend);
        return next;
    }

    private WdfDevicePowerState PowerPreInterruptsDisabled(WdfPowerDeviceState target, WdfDevicePowerState next)
    {
        Device.InvokePower(CallbackKind.EvtDeviceD0ExitPreInterruptsDisabled, Device.Callbacks.EvtDeviceD0ExitPreInterruptsDisabled, target);
        return next;
    }

    private WdfDevicePowerState PowerInterruptsOffAndD0Exit(WdfPowerDeviceState target, WdfDevicePowerState next)
    {
        Device.DisconnectInterrupts(callDriver: true);
        Device.InvokePower(CallbackKind.EvtDeviceD0Exit, Device.Callbacks.EvtDeviceD0Exit, target);
        Device.SetPowerState(target);
        return next;
    }

    private WdfDevicePowerState PowerReportUpFailed(WdfDevicePowerState next)
    {
        lastPowerFailureWasDown = false;
        Post(PowerPolicyEvent.PowerUpFailed);
        return next;
    }

    private WdfDevicePowerState PowerReportDownFailed(WdfDevicePowerState next)
    {
        lastPowerFailureWasDown = true;
        Post(PowerPolicyEvent.PowerDownFailed);
        return next;
    }

    private WdfDevicePowerState PowerReportDown(WdfDevicePowerState next, bool final = false)
    {
        if (final)
        {
            Device.SetPowerState(WdfPowerDeviceState.D3Final);
        }

        Post(PowerPolicyEvent.PowerDown);
        return next;
    }

    /// <summary>A step of the power-down before CompleteDx failed (EvtDeviceSelfManagedIoSuspend): GotoDxIoStopped reports it.</summary>
    private bool powerDownStepFailed;

    private WdfDevicePowerState PowerGotoDx()
    {
        powerDownStepFailed = !Device.SelfManagedIoSuspend().IsSuccess;
        Device.PowerDownQueues(WdfRequestStopActionFlags.Suspend);
        Post(PowerPolicyEvent.PowerDownIoStopped);
        return WdfDevStatePowerNull;
    }

    private WdfDevicePowerState PowerGotoDxIoStopped()
    {
        if (powerDownStepFailed)
        {
            powerDownStepFailed = false;
            return WdfDevStatePowerGotoDxFailed;
        }

        var status = Device.InvokePower(CallbackKind.EvtDeviceD0ExitPreInterruptsDisabled, Device.Callbacks.EvtDeviceD0ExitPreInterruptsDisabled, dxState);
        if (!status.IsSuccess)
        {
            return WdfDevStatePowerGotoDxFailed;
        }

        Device.DisconnectInterrupts(callDriver: true);
        status = Device.InvokePower(CallbackKind.EvtDeviceD0Exit, Device.Callbacks.EvtDeviceD0Exit, dxState);
        Device.SetPowerState(dxState);
        if (!status.IsSuccess)
        {
            return WdfDevStatePowerGotoDxFailed;
        }

        Post(PowerPolicyEvent.PowerDown);
        return WdfDevStatePowerDx;
    }

    private WdfDevicePowerState PowerHardwareStarted()
    {
        Post(PowerPolicyEvent.PowerUpHwStarted);
        return WdfDevStatePowerNull;
    }

    private WdfDevicePowerState PowerGotoD3Stopped()
    {
        dxState = WdfPowerDeviceState.D3Final;
        var failed = !Device.SelfManagedIoSuspend().IsSuccess;
        Device.PowerDownQueues(WdfRequestStopActionFlags.Suspend);
        failed |= !Device.InvokePower(CallbackKind.EvtDeviceD0ExitPreInterruptsDisabled, Device.Callbacks.EvtDeviceD0ExitPreInterruptsDisabled, WdfPowerDeviceState.D3Final).IsSuccess;
        Device.DisconnectInterrupts(callDriver: true);
        failed |= !Device.InvokePower(CallbackKind.EvtDeviceD0Exit, Device.Callbacks.EvtDeviceD0Exit, WdfPowerDeviceState.D3Final).IsSuccess;
        Device.SetPowerState(WdfPowerDeviceState.D3Final);
        if (failed)
        {
            return WdfDevStatePowerFinalPowerDownFailed;
        }

        Post(PowerPolicyEvent.PowerDown);
        return WdfDevStatePowerStopped;
    }

    private WdfDevicePowerState PowerDisconnectQuietly()
    {
        Device.DisconnectInterrupts(callDriver: false);
        return WdfDevStatePowerGotoDxStopped;
    }
}

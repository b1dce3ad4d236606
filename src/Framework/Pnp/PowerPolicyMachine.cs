using DriverScript.Framework.Drivers;
using static DriverScript.Framework.Pnp.WdfDevicePowerPolicyState;

namespace DriverScript.Framework.Pnp;

public sealed partial class DeviceStateMachines
{
    /// <summary>
    /// The power-policy-owner machine (powerpolicystatemachine.cpp <c>m_WdfPowerPolicyStates</c>, subset):
    /// start, S0 idle with and without wake (idle timer, I/O presence, wake signals), system sleep and
    /// wake, stop and removal, and power request failures (KMDF.md A1, B1b, B1c, B2).
    /// </summary>
    public static StateTable<WdfDevicePowerPolicyState, PowerPolicyEvent> PowerPolicyTable { get; } =
        new StateTableBuilder<WdfDevicePowerPolicyState, PowerPolicyEvent>("PowerPolicy", "WdfDevStatePwrPol", "PwrPol", WdfDevStatePwrPolObjectCreated)
            .State(WdfDevStatePwrPolObjectCreated, on: [(PowerPolicyEvent.Start, WdfDevStatePwrPolStarting), (PowerPolicyEvent.Remove, WdfDevStatePwrPolRemoved)])
            .State(WdfDevStatePwrPolStarting, "PowerPolStarting", m => m.SendPower(PowerEvent.ImplicitD0), null,
                (PowerPolicyEvent.PowerUp, WdfDevStatePwrPolStartingPoweredUp), (PowerPolicyEvent.PowerUpFailed, WdfDevStatePwrPolStartingFailed))
            .State(WdfDevStatePwrPolStartingPoweredUp, "PowerPolStartingPoweredUp", m => WdfDevStatePwrPolStartingSucceeded,
                [WdfDevStatePwrPolStartingPoweredUpFailed, WdfDevStatePwrPolStartingSucceeded])
            .State(WdfDevStatePwrPolStartingPoweredUpFailed, "PowerPolStartingPoweredUpFailed", m => WdfDevStatePwrPolNull, null,
                (PowerPolicyEvent.PowerDown, WdfDevStatePwrPolStartingFailed))
            .State(WdfDevStatePwrPolStartingSucceeded, "PowerPolStartingSucceeded", m => m.PolicyStartingSucceeded(), [WdfDevStatePwrPolStartingDecideS0Wake])
            .State(WdfDevStatePwrPolStartingFailed, "PowerPolStartingFailed", m => m.PolicyNotifyPnp(PnpEvent.PwrPolStartFailed, WdfDevStatePwrPolNull), null,
                (PowerPolicyEvent.Remove, WdfDevStatePwrPolRemoved))
            .State(WdfDevStatePwrPolStartingDecideS0Wake, "PowerPolStartingDecideS0Wake", m => m.PolicyDecideS0Wake(),
                [WdfDevStatePwrPolStartedWakeCapable, WdfDevStatePwrPolStartedIdleCapable, WdfDevStatePwrPolStarted])
            .State(WdfDevStatePwrPolStarted, "PowerPolStarted", m => m.PolicyStarted(), null,
                (PowerPolicyEvent.Sx, WdfDevStatePwrPolSleeping), (PowerPolicyEvent.Stop, WdfDevStatePwrPolStopping),
                (PowerPolicyEvent.SurpriseRemove, WdfDevStatePwrPolStopping), (PowerPolicyEvent.S0IdlePolicyChanged, WdfDevStatePwrPolStartingDecideS0Wake))
            .State(WdfDevStatePwrPolStartedIdleCapable, "PowerPolStartedIdleCapable", m => m.PolicyStartedIdle(), null,
                (PowerPolicyEvent.PowerTimeoutExpired, WdfDevStatePwrPolIdleCapableDeviceIdle),
                (PowerPolicyEvent.Sx, WdfDevStatePwrPolStartedIdleCapableCancelTimerForSleep),
                (PowerPolicyEvent.Stop, WdfDevStatePwrPolStoppingCancelTimer), (PowerPolicyEvent.SurpriseRemove, WdfDevStatePwrPolStoppingCancelTimer),
                (PowerPolicyEvent.S0IdlePolicyChanged, WdfDevStatePwrPolStartedCancelTimer))
            .State(WdfDevStatePwrPolIdleCapableDeviceIdle, "PowerPolIdleCapableDeviceIdle", m => m.PolicyDeviceIdle(WdfDevStatePwrPolTimerExpiredNoWake),
                [WdfDevStatePwrPolTimerExpiredNoWake, WdfDevStatePwrPolDeviceIdleReturnToActive],
                (PowerPolicyEvent.IoPresent, WdfDevStatePwrPolDeviceIdleReturnToActive))
            .State(WdfDevStatePwrPolDeviceIdleReturnToActive, "PowerPolDeviceIdleReturnToActive", m => WdfDevStatePwrPolStartedCancelTimer, [WdfDevStatePwrPolStartedCancelTimer])
            .State(WdfDevStatePwrPolStartedCancelTimer, "PowerPolStartedCancelTimer", m => m.PolicyCancelTimer(WdfDevStatePwrPolStartingDecideS0Wake),
                [WdfDevStatePwrPolStartingDecideS0Wake])
            .State(WdfDevStatePwrPolTimerExpiredNoWake, "PowerPolTimerExpiredNoWake", m => m.PolicyPowerDown(m.Device.IdleDxState), null,
                (PowerPolicyEvent.PowerDownIoStopped, WdfDevStatePwrPolTimerExpiredNoWakeCompletePowerDown))
            .State(WdfDevStatePwrPolTimerExpiredNoWakeCompletePowerDown, "PowerPolTimerExpiredNoWakeCompletePowerDown", m => m.SendPower(PowerEvent.CompleteDx), null,
                (PowerPolicyEvent.PowerDown, WdfDevStatePwrPolTimerExpiredNoWakePoweredDownDisableIdleTimer),
                (PowerPolicyEvent.PowerDownFailed, WdfDevStatePwrPolDevicePowerRequestFailed))
            .State(WdfDevStatePwrPolTimerExpiredNoWakePoweredDownDisableIdleTimer, "PowerPolTimerExpiredNoWakePoweredDownDisableIdleTimer", m => WdfDevStatePwrPolWaitingUnarmedQueryIdle,
                [WdfDevStatePwrPolWaitingUnarmedQueryIdle])
            .State(WdfDevStatePwrPolWaitingUnarmedQueryIdle, "PowerPolWaitingUnarmedQueryIdle", m => m.PolicyQueryIdle(WdfDevStatePwrPolWaitingUnarmed, WdfDevStatePwrPolS0NoWakePowerUp),
                [WdfDevStatePwrPolWaitingUnarmed, WdfDevStatePwrPolS0NoWakePowerUp])
            .State(WdfDevStatePwrPolWaitingUnarmed, "PowerPolWaitingUnarmed", m => m.PolicyIdleInDx(), null,
                (PowerPolicyEvent.IoPresent, WdfDevStatePwrPolWaitingUnarmedQueryIdle),
                (PowerPolicyEvent.Sx, WdfDevStatePwrPolSystemSleepFromDeviceWaitingUnarmed),
                (PowerPolicyEvent.Stop, WdfDevStatePwrPolStoppingResetDevice),
                (PowerPolicyEvent.SurpriseRemove, WdfDevStatePwrPolStoppingCancelTimer),
                (PowerPolicyEvent.S0IdlePolicyChanged, WdfDevStatePwrPolS0NoWakePowerUp))
            .State(WdfDevStatePwrPolS0NoWakePowerUp, "PowerPolS0NoWakePowerUp", m => m.SendPower(PowerEvent.D0), null,
                (PowerPolicyEvent.PowerUpHwStarted, WdfDevStatePwrPolS0NoWakeCompletePowerUp), (PowerPolicyEvent.PowerUpFailed, WdfDevStatePwrPolDevicePowerRequestFailed))
            .State(WdfDevStatePwrPolS0NoWakeCompletePowerUp, "PowerPolS0NoWakeCompletePowerUp", m => m.SendPower(PowerEvent.CompleteD0), null,
                (PowerPolicyEvent.PowerUp, WdfDevStatePwrPolStartingDecideS0Wake), (PowerPolicyEvent.PowerUpFailed, WdfDevStatePwrPolDevicePowerRequestFailed))
            .State(WdfDevStatePwrPolStartedWakeCapable, "PowerPolStartedWakeCapable", m => m.PolicyStartedIdle(), null,
                (PowerPolicyEvent.PowerTimeoutExpired, WdfDevStatePwrPolWakeCapableDeviceIdle),
                (PowerPolicyEvent.Sx, WdfDevStatePwrPolStartedWakeCapableCancelTimerForSleep),
                (PowerPolicyEvent.Stop, WdfDevStatePwrPolStoppingCancelTimer), (PowerPolicyEvent.SurpriseRemove, WdfDevStatePwrPolStoppingCancelTimer),
                (PowerPolicyEvent.S0IdlePolicyChanged, WdfDevStatePwrPolStartedCancelTimer))
            .State(WdfDevStatePwrPolWakeCapableDeviceIdle, "PowerPolWakeCapableDeviceIdle", m => m.PolicyDeviceIdle(WdfDevStatePwrPolTimerExpiredDecideUsbSS),
                [WdfDevStatePwrPolTimerExpiredDecideUsbSS, WdfDevStatePwrPolDeviceIdleReturnToActive],
                (PowerPolicyEvent.IoPresent, WdfDevStatePwrPolDeviceIdleReturnToActive))
            .State(WdfDevStatePwrPolTimerExpiredDecideUsbSS, "PowerPolTimerExpiredDecideUsbSS", m => WdfDevStatePwrPolTimerExpiredWakeCapablePowerDown,
                [WdfDevStatePwrPolTimerExpiredWakeCapablePowerDown])
            .State(WdfDevStatePwrPolTimerExpiredWakeCapablePowerDown, "PowerPolTimerExpiredWakeCapablePowerDown", m => m.PolicyPowerDown(m.Device.IdleDxState), null,
                (PowerPolicyEvent.PowerDownIoStopped, WdfDevStatePwrPolTimerExpiredWakeCapableSendWake))
            .State(WdfDevStatePwrPolTimerExpiredWakeCapableSendWake, "PowerPolTimerExpiredWakeCapableSendWake", m => m.PolicySendWake(), null,
                (PowerPolicyEvent.WakeArrived, WdfDevStatePwrPolTimerExpiredWakeCapableWakeArrived))
            .State(WdfDevStatePwrPolTimerExpiredWakeCapableWakeArrived, "PowerPolTimerExpiredWakeCapableWakeArrived", m => m.PolicyArmWake(),
                [WdfDevStatePwrPolTimerExpiredWakeCapableRevertArmWake],
                (PowerPolicyEvent.PowerDown, WdfDevStatePwrPolWaitingArmedUsbSS), (PowerPolicyEvent.PowerDownFailed, WdfDevStatePwrPolDevicePowerRequestFailed))
            .State(WdfDevStatePwrPolTimerExpiredWakeCapableRevertArmWake, "PowerPolTimerExpiredWakeCapableRevertArmWake", m => WdfDevStatePwrPolTimerExpiredWakeCapableCancelWake,
                [WdfDevStatePwrPolTimerExpiredWakeCapableCancelWake])
            .State(WdfDevStatePwrPolTimerExpiredWakeCapableCancelWake, "PowerPolTimerExpiredWakeCapableCancelWake", m => WdfDevStatePwrPolTimerExpiredWakeCapableWakeCanceled,
                [WdfDevStatePwrPolTimerExpiredWakeCapableWakeCanceled])
            .State(WdfDevStatePwrPolTimerExpiredWakeCapableWakeCanceled, "PowerPolTimerExpiredWakeCapableWakeCanceled", m => WdfDevStatePwrPolTimerExpiredWakeCapableCleanup,
                [WdfDevStatePwrPolTimerExpiredWakeCapableCleanup])
            .State(WdfDevStatePwrPolTimerExpiredWakeCapableCleanup, "PowerPolTimerExpiredWakeCapableCleanup", m => WdfDevStatePwrPolTimerExpiredWakeCompletedPowerDown,
                [WdfDevStatePwrPolTimerExpiredWakeCompletedPowerDown])
            .State(WdfDevStatePwrPolTimerExpiredWakeCompletedPowerDown, "PowerPolTimerExpiredWakeCompletedPowerDown", m => m.SendPower(PowerEvent.CompleteDx), null,
                (PowerPolicyEvent.PowerDown, WdfDevStatePwrPolTimerExpiredWakeCompletedPowerDownCheckDirected),
                (PowerPolicyEvent.PowerDownFailed, WdfDevStatePwrPolDevicePowerRequestFailed))
            .State(WdfDevStatePwrPolTimerExpiredWakeCompletedPowerDownCheckDirected, "PowerPolTimerExpiredWakeCompletedPowerDownCheckDirected",
                m => WdfDevStatePwrPolTimerExpiredWakeCompletedPowerUp, [WdfDevStatePwrPolTimerExpiredWakeCompletedPowerUp])
            .State(WdfDevStatePwrPolTimerExpiredWakeCompletedPowerUp, "PowerPolTimerExpiredWakeCompletedPowerUp", m => m.SendPower(PowerEvent.D0), null,
                (PowerPolicyEvent.PowerUpHwStarted, WdfDevStatePwrPolTimerExpiredWakeCompletedHardwareStarted),
                (PowerPolicyEvent.PowerUpFailed, WdfDevStatePwrPolDevicePowerRequestFailed))
            .State(WdfDevStatePwrPolTimerExpiredWakeCompletedHardwareStarted, "PowerPolTimerExpiredWakeCompletedHardwareStarted", m => WdfDevStatePwrPolS0WakeCompletePowerUp,
                [WdfDevStatePwrPolS0WakeCompletePowerUp])
            .State(WdfDevStatePwrPolWaitingArmedUsbSS, "PowerPolWaitingArmedUsbSS", m => WdfDevStatePwrPolWaitingArmedQueryIdle, [WdfDevStatePwrPolWaitingArmedQueryIdle])
            .State(WdfDevStatePwrPolWaitingArmedQueryIdle, "PowerPolWaitingArmedQueryIdle", m => m.PolicyQueryIdle(WdfDevStatePwrPolWaitingArmed, WdfDevStatePwrPolWaitingArmedIoPresentCancelUsbSS),
                [WdfDevStatePwrPolWaitingArmed, WdfDevStatePwrPolWaitingArmedIoPresentCancelUsbSS])
            .State(WdfDevStatePwrPolWaitingArmed, "PowerPolWaitingArmed", m => m.PolicyIdleInDx(), null,
                (PowerPolicyEvent.IoPresent, WdfDevStatePwrPolWaitingArmedQueryIdle),
                (PowerPolicyEvent.WakeSuccess, WdfDevStatePwrPolWaitingArmedWakeSucceededCancelUsbSS),
                (PowerPolicyEvent.Sx, WdfDevStatePwrPolCancelingUsbSSForSystemSleep),
                (PowerPolicyEvent.Stop, WdfDevStatePwrPolStoppingD0CancelUsbSS),
                (PowerPolicyEvent.SurpriseRemove, WdfDevStatePwrPolWaitingArmedStoppingCancelUsbSS),
                (PowerPolicyEvent.S0IdlePolicyChanged, WdfDevStatePwrPolWaitingArmedIoPresentCancelUsbSS))
            .State(WdfDevStatePwrPolWaitingArmedIoPresentCancelUsbSS, "PowerPolWaitingArmedIoPresentCancelUsbSS", m => WdfDevStatePwrPolIoPresentArmed, [WdfDevStatePwrPolIoPresentArmed])
            .State(WdfDevStatePwrPolIoPresentArmed, "PowerPolIoPresentArmed", m => WdfDevStatePwrPolIoPresentArmedWakeCanceled, [WdfDevStatePwrPolIoPresentArmedWakeCanceled])
            .State(WdfDevStatePwrPolIoPresentArmedWakeCanceled, "PowerPolIoPresentArmedWakeCanceled", m => m.SendPower(PowerEvent.D0), null,
                (PowerPolicyEvent.PowerUpHwStarted, WdfDevStatePwrPolS0WakeDisarm), (PowerPolicyEvent.PowerUpFailed, WdfDevStatePwrPolDevicePowerRequestFailed))
            .State(WdfDevStatePwrPolS0WakeDisarm, "PowerPolS0WakeDisarm", m => m.PolicyDisarm(WdfDevStatePwrPolS0WakeCompletePowerUp), [WdfDevStatePwrPolS0WakeCompletePowerUp])
            .State(WdfDevStatePwrPolS0WakeCompletePowerUp, "PowerPolS0WakeCompletePowerUp", m => m.SendPower(PowerEvent.CompleteD0), null,
                (PowerPolicyEvent.PowerUp, WdfDevStatePwrPolStartingDecideS0Wake), (PowerPolicyEvent.PowerUpFailed, WdfDevStatePwrPolDevicePowerRequestFailed))
            .State(WdfDevStatePwrPolWaitingArmedWakeSucceededCancelUsbSS, "PowerPolWaitingArmedWakeSucceededCancelUsbSS", m => WdfDevStatePwrPolWokeFromS0, [WdfDevStatePwrPolWokeFromS0])
            .State(WdfDevStatePwrPolWokeFromS0, "PowerPolWokeFromS0", m => m.SendPower(PowerEvent.D0), null,
                (PowerPolicyEvent.PowerUpHwStarted, WdfDevStatePwrPolWokeFromS0NotifyDriver), (PowerPolicyEvent.PowerUpFailed, WdfDevStatePwrPolDevicePowerRequestFailed))
            .State(WdfDevStatePwrPolWokeFromS0NotifyDriver, "PowerPolWokeFromS0NotifyDriver", m => m.PolicyWakeTriggered(), [WdfDevStatePwrPolS0WakeDisarm])
            .State(WdfDevStatePwrPolStartedIdleCapableCancelTimerForSleep, "PowerPolStartedIdleCapableCancelTimerForSleep",
                m => m.PolicyCancelTimer(WdfDevStatePwrPolStartedIdleCapableTimerCanceledForSleep), [WdfDevStatePwrPolStartedIdleCapableTimerCanceledForSleep])
            .State(WdfDevStatePwrPolStartedIdleCapableTimerCanceledForSleep, "PowerPolStartedIdleCapableTimerCanceledForSleep", m => WdfDevStatePwrPolSleeping, [WdfDevStatePwrPolSleeping])
            .State(WdfDevStatePwrPolStartedWakeCapableCancelTimerForSleep, "PowerPolStartedWakeCapableCancelTimerForSleep",
                m => m.PolicyCancelTimer(WdfDevStatePwrPolStartedWakeCapableTimerCanceledForSleep), [WdfDevStatePwrPolStartedWakeCapableTimerCanceledForSleep])
            .State(WdfDevStatePwrPolStartedWakeCapableTimerCanceledForSleep, "PowerPolStartedWakeCapableTimerCanceledForSleep", m => WdfDevStatePwrPolSleeping, [WdfDevStatePwrPolSleeping])
            .State(WdfDevStatePwrPolSleeping, "PowerPolSleeping", m => WdfDevStatePwrPolSleepingNoWakePowerDown, [WdfDevStatePwrPolSleepingNoWakePowerDown])
            .State(WdfDevStatePwrPolSleepingNoWakePowerDown, "PowerPolSleepingNoWakePowerDown", m => m.PolicyPowerDown(WdfPowerDeviceState.D3), null,
                (PowerPolicyEvent.PowerDownIoStopped, WdfDevStatePwrPolSleepingNoWakeCompletePowerDown))
            .State(WdfDevStatePwrPolSleepingNoWakeCompletePowerDown, "PowerPolSleepingNoWakeCompletePowerDown", m => m.SendPower(PowerEvent.CompleteDx), null,
                (PowerPolicyEvent.PowerDown, WdfDevStatePwrPolSystemAsleepNoWake), (PowerPolicyEvent.PowerDownFailed, WdfDevStatePwrPolSystemSleepPowerRequestFailed))
            .State(WdfDevStatePwrPolSystemSleepPowerRequestFailed, "PowerPolSystemSleepPowerRequestFailed", m => WdfDevStatePwrPolDevicePowerRequestFailed,
                [WdfDevStatePwrPolDevicePowerRequestFailed])
            .State(WdfDevStatePwrPolSystemAsleepNoWake, "PowerPolSystemAsleepNoWake", m => m.PolicyAsleep(), null,
                (PowerPolicyEvent.S0, WdfDevStatePwrPolSystemWakeDeviceWakeDisabled))
            .State(WdfDevStatePwrPolSystemWakeDeviceWakeDisabled, "PowerPolSystemWakeDeviceWakeDisabled",
                m => m.Device.IdleSettings != null ? WdfDevStatePwrPolSystemWakeQueryIdle : WdfDevStatePwrPolSystemWakeDeviceToD0,
                [WdfDevStatePwrPolSystemWakeQueryIdle, WdfDevStatePwrPolSystemWakeDeviceToD0])
            .State(WdfDevStatePwrPolSystemWakeQueryIdle, "PowerPolSystemWakeQueryIdle", m => m.PolicyQueryIdle(WdfDevStatePwrPolWaitingUnarmed, WdfDevStatePwrPolSystemWakeDeviceToD0),
                [WdfDevStatePwrPolWaitingUnarmed, WdfDevStatePwrPolSystemWakeDeviceToD0])
            .State(WdfDevStatePwrPolSystemWakeDeviceToD0, "PowerPolSystemWakeDeviceToD0", m => m.SendPower(PowerEvent.D0), null,
                (PowerPolicyEvent.PowerUpHwStarted, WdfDevStatePwrPolSystemWakeDeviceToD0CompletePowerUp),
                (PowerPolicyEvent.PowerUpFailed, WdfDevStatePwrPolDevicePowerRequestFailed))
            .State(WdfDevStatePwrPolSystemWakeDeviceToD0CompletePowerUp, "PowerPolSystemWakeDeviceToD0CompletePowerUp", m => m.SendPower(PowerEvent.CompleteD0), null,
                (PowerPolicyEvent.PowerUp, WdfDevStatePwrPolStartingDecideS0Wake), (PowerPolicyEvent.PowerUpFailed, WdfDevStatePwrPolDevicePowerRequestFailed))
            .State(WdfDevStatePwrPolSystemSleepFromDeviceWaitingUnarmed, "PowerPolSystemSleepFromDeviceWaitingUnarmed", m => WdfDevStatePwrPolSystemAsleepNoWake,
                [WdfDevStatePwrPolSystemAsleepNoWake])
            .State(WdfDevStatePwrPolCancelingUsbSSForSystemSleep, "PowerPolCancelingUsbSSForSystemSleep", m => WdfDevStatePwrPolCancelingWakeForSystemSleep,
                [WdfDevStatePwrPolCancelingWakeForSystemSleep])
            .State(WdfDevStatePwrPolCancelingWakeForSystemSleep, "PowerPolCancelingWakeForSystemSleep", m => WdfDevStatePwrPolCancelingWakeForSystemSleepWakeCanceled,
                [WdfDevStatePwrPolCancelingWakeForSystemSleepWakeCanceled])
            .State(WdfDevStatePwrPolCancelingWakeForSystemSleepWakeCanceled, "PowerPolCancelingWakeForSystemSleepWakeCanceled", m => m.SendPower(PowerEvent.D0), null,
                (PowerPolicyEvent.PowerUpHwStarted, WdfDevStatePwrPolDisarmingWakeForSystemSleepCompletePowerUp),
                (PowerPolicyEvent.PowerUpFailed, WdfDevStatePwrPolPowerUpForSystemSleepFailed))
            .State(WdfDevStatePwrPolDisarmingWakeForSystemSleepCompletePowerUp, "PowerPolDisarmingWakeForSystemSleepCompletePowerUp", m => m.PolicyDisarmAndCompleteD0(), null,
                (PowerPolicyEvent.PowerUp, WdfDevStatePwrPolStartedWakeCapableCancelTimerForSleep),
                (PowerPolicyEvent.PowerUpFailed, WdfDevStatePwrPolPowerUpForSystemSleepFailed))
            .State(WdfDevStatePwrPolPowerUpForSystemSleepFailed, "PowerPolPowerUpForSystemSleepFailed", m => WdfDevStatePwrPolDevicePowerRequestFailed,
                [WdfDevStatePwrPolDevicePowerRequestFailed])
            .State(WdfDevStatePwrPolStoppingCancelTimer, "PowerPolStoppingCancelTimer", m => m.PolicyCancelTimer(WdfDevStatePwrPolStopping),
                [WdfDevStatePwrPolStopping, WdfDevStatePwrPolStoppingWaitForIdleTimeout])
            .State(WdfDevStatePwrPolStoppingWaitForIdleTimeout, on: [(PowerPolicyEvent.PowerTimeoutExpired, WdfDevStatePwrPolStopping)])
            .State(WdfDevStatePwrPolStopping, "PowerPolStopping", m => m.SendPower(PowerEvent.ImplicitD3), null,
                (PowerPolicyEvent.PowerDown, WdfDevStatePwrPolStoppingSendStatus), (PowerPolicyEvent.PowerDownFailed, WdfDevStatePwrPolStoppingFailed))
            .State(WdfDevStatePwrPolStoppingFailed, "PowerPolStoppingFailed", m => m.PolicyStopFailed(), [WdfDevStatePwrPolStoppingSendStatus])
            .State(WdfDevStatePwrPolStoppingSendStatus, "PowerPolStoppingSendStatus", m => m.PolicySendStopStatus(), [WdfDevStatePwrPolStopped])
            .State(WdfDevStatePwrPolStopped, on: [(PowerPolicyEvent.Start, WdfDevStatePwrPolRestarting), (PowerPolicyEvent.Remove, WdfDevStatePwrPolStoppedRemoving)])
            .State(WdfDevStatePwrPolRestarting, "PowerPolRestarting", m => m.SendPower(PowerEvent.ImplicitD0), null,
                (PowerPolicyEvent.PowerUp, WdfDevStatePwrPolStartingSucceeded), (PowerPolicyEvent.PowerUpFailed, WdfDevStatePwrPolRestartingFailed))
            .State(WdfDevStatePwrPolRestartingFailed, "PowerPolRestartingFailed", m => m.PolicyNotifyPnp(PnpEvent.PwrPolStartFailed, WdfDevStatePwrPolStopped), [WdfDevStatePwrPolStopped])
            .State(WdfDevStatePwrPolStoppedRemoving, "PowerPolStoppedRemoving", m => WdfDevStatePwrPolRemoved, [WdfDevStatePwrPolRemoved])
            .State(WdfDevStatePwrPolRemoved, "PowerPolRemoved", m => m.PolicyNotifyPnp(PnpEvent.PwrPolRemoved, WdfDevStatePwrPolNull), null)
            .State(WdfDevStatePwrPolStoppingResetDevice, "PowerPolStoppingResetDevice", m => m.SendPower(PowerEvent.D0), null,
                (PowerPolicyEvent.PowerUpHwStarted, WdfDevStatePwrPolStoppingResetDeviceCompletePowerUp),
                (PowerPolicyEvent.PowerUpFailed, WdfDevStatePwrPolStoppingResetDeviceFailed))
            .State(WdfDevStatePwrPolStoppingResetDeviceCompletePowerUp, "PowerPolStoppingResetDeviceCompletePowerUp", m => m.SendPower(PowerEvent.CompleteD0), null,
                (PowerPolicyEvent.PowerUp, WdfDevStatePwrPolStopping), (PowerPolicyEvent.PowerUpFailed, WdfDevStatePwrPolStoppingResetDeviceFailed))
            .State(WdfDevStatePwrPolStoppingResetDeviceFailed, "PowerPolStoppingResetDeviceFailed", m => WdfDevStatePwrPolStopping, [WdfDevStatePwrPolStopping])
            .State(WdfDevStatePwrPolStoppingD0CancelUsbSS, "PowerPolStoppingD0CancelUsbSS", m => WdfDevStatePwrPolStoppingD0, [WdfDevStatePwrPolStoppingD0])
            .State(WdfDevStatePwrPolStoppingD0, "PowerPolStoppingD0", m => m.SendPower(PowerEvent.D0), null,
                (PowerPolicyEvent.PowerUpHwStarted, WdfDevStatePwrPolStoppingDisarmWake), (PowerPolicyEvent.PowerUpFailed, WdfDevStatePwrPolStoppingD0Failed))
            .State(WdfDevStatePwrPolStoppingD0Failed, "PowerPolStoppingD0Failed", m => WdfDevStatePwrPolStoppingDisarmWakeCancelWake, [WdfDevStatePwrPolStoppingDisarmWakeCancelWake])
            .State(WdfDevStatePwrPolStoppingDisarmWake, "PowerPolStoppingDisarmWake", m => m.PolicyDisarmAndCompleteD0(), null,
                (PowerPolicyEvent.PowerUp, WdfDevStatePwrPolStoppingDisarmWakeCancelWake), (PowerPolicyEvent.PowerUpFailed, WdfDevStatePwrPolStoppingD0Failed))
            .State(WdfDevStatePwrPolStoppingDisarmWakeCancelWake, "PowerPolStoppingDisarmWakeCancelWake", m => WdfDevStatePwrPolStoppingDisarmWakeWakeCanceled,
                [WdfDevStatePwrPolStoppingDisarmWakeWakeCanceled])
            .State(WdfDevStatePwrPolStoppingDisarmWakeWakeCanceled, "PowerPolStoppingDisarmWakeWakeCanceled", m => WdfDevStatePwrPolStopping, [WdfDevStatePwrPolStopping])
            .State(WdfDevStatePwrPolWaitingArmedStoppingCancelUsbSS, "PowerPolWaitingArmedStoppingCancelUsbSS", m => WdfDevStatePwrPolStoppingCancelWake,
                [WdfDevStatePwrPolStoppingCancelWake])
            .State(WdfDevStatePwrPolStoppingCancelWake, "PowerPolStoppingCancelWake", m => m.PolicyWakeCanceled(WdfDevStatePwrPolStopping), [WdfDevStatePwrPolStopping])
            .State(WdfDevStatePwrPolDevicePowerRequestFailed, "PowerPolDevicePowerRequestFailed", m => m.PolicyPowerRequestFailed(), null,
                (PowerPolicyEvent.Stop, WdfDevStatePwrPolStoppingCancelTimer), (PowerPolicyEvent.SurpriseRemove, WdfDevStatePwrPolStopping))
            .Build();

    private bool armedForWake;

    /// <summary>True while the device is in D0 and its power policy settled in a started state.</summary>
    internal bool IsPoweredUpStable =>
        power == WdfDevicePowerState.WdfDevStatePowerD0 &&
        policy is WdfDevStatePwrPolStarted or WdfDevStatePwrPolStartedIdleCapable or WdfDevStatePwrPolStartedWakeCapable;

    /// <summary>True when the device sits in Dx because of S0 idle.</summary>
    internal bool IsIdleInDx => policy is WdfDevStatePwrPolWaitingUnarmed or WdfDevStatePwrPolWaitingArmed;

    /// <summary>True while the device is armed for wake from S0.</summary>
    public bool ArmedForWake => armedForWake;

    private WdfDevicePowerPolicyState SendPower(PowerEvent e)
    {
        Post(e);
        return WdfDevStatePwrPolNull;
    }

    private WdfDevicePowerPolicyState PolicyNotifyPnp(PnpEvent e, WdfDevicePowerPolicyState next)
    {
        Post(e);
        return next;
    }

    private WdfDevicePowerPolicyState PolicyStartingSucceeded()
    {
        Post(PnpEvent.PwrPolStarted);
        return WdfDevStatePwrPolStartingDecideS0Wake;
    }

    private WdfDevicePowerPolicyState PolicyDecideS0Wake() =>
        Device.IdleSettings is { } idle
            ? idle.WakeFromS0 ? WdfDevStatePwrPolStartedWakeCapable : WdfDevStatePwrPolStartedIdleCapable
            : WdfDevStatePwrPolStarted;

    private WdfDevicePowerPolicyState PolicyStarted()
    {
        OnPoweredUpStable();
        return WdfDevStatePwrPolNull;
    }

    private WdfDevicePowerPolicyState PolicyStartedIdle()
    {
        Device.ArmIdleTimerIfIdle();
        OnPoweredUpStable();
        return WdfDevStatePwrPolNull;
    }

    private void OnPoweredUpStable()
    {
        if (awaitingD0)
        {
            awaitingD0 = false;
            Post(PnpEvent.DeviceInD0);
        }

        Device.OnPoweredUp();
    }

    private WdfDevicePowerPolicyState PolicyDeviceIdle(WdfDevicePowerPolicyState powerDown) =>
        Device.PowerReferences > 0 ? WdfDevStatePwrPolDeviceIdleReturnToActive : powerDown;

    private WdfDevicePowerPolicyState PolicyCancelTimer(WdfDevicePowerPolicyState next)
    {
        Device.CancelIdleTimer();
        return next;
    }

    private WdfDevicePowerPolicyState PolicyPowerDown(WdfPowerDeviceState target)
    {
        Device.CancelIdleTimer();
        dxState = target;
        Post(PowerEvent.Dx);
        return WdfDevStatePwrPolNull;
    }

    private WdfDevicePowerPolicyState PolicyQueryIdle(WdfDevicePowerPolicyState stayIdle, WdfDevicePowerPolicyState powerUp) =>
        Device.PowerReferences > 0 ? powerUp : stayIdle;

    private WdfDevicePowerPolicyState PolicyIdleInDx() => WdfDevStatePwrPolNull;

    private WdfDevicePowerPolicyState PolicySendWake()
    {
        // The wait-wake IRP goes down and the bus accepts it at once.
        Post(PowerPolicyEvent.WakeArrived);
        return WdfDevStatePwrPolNull;
    }

    private WdfDevicePowerPolicyState PolicyArmWake()
    {
        var status = Device.InvokeStatus(CallbackKind.EvtDeviceArmWakeFromS0, Device.Callbacks.EvtDeviceArmWakeFromS0);
        if (!status.IsSuccess)
        {
            return WdfDevStatePwrPolTimerExpiredWakeCapableRevertArmWake;
        }

        armedForWake = true;
        Post(PowerEvent.CompleteDx);
        return WdfDevStatePwrPolNull;
    }

    private WdfDevicePowerPolicyState PolicyDisarm(WdfDevicePowerPolicyState next)
    {
        if (armedForWake)
        {
            armedForWake = false;
            Device.InvokeNotify(CallbackKind.EvtDeviceDisarmWakeFromS0, Device.Callbacks.EvtDeviceDisarmWakeFromS0);
        }

        return next;
    }

    private WdfDevicePowerPolicyState PolicyDisarmAndCompleteD0()
    {
        PolicyDisarm(WdfDevStatePwrPolNull);
        Post(PowerEvent.CompleteD0);
        return WdfDevStatePwrPolNull;
    }

    private WdfDevicePowerPolicyState PolicyWakeTriggered()
    {
        Device.InvokeNotify(CallbackKind.EvtDeviceWakeFromS0Triggered, Device.Callbacks.EvtDeviceWakeFromS0Triggered);
        return WdfDevStatePwrPolS0WakeDisarm;
    }

    private WdfDevicePowerPolicyState PolicyWakeCanceled(WdfDevicePowerPolicyState next)
    {
        armedForWake = false;
        return next;
    }

    private WdfDevicePowerPolicyState PolicyAsleep() => WdfDevStatePwrPolNull;

    private bool stopFailed;

    private WdfDevicePowerPolicyState PolicyStopFailed()
    {
        stopFailed = true;
        return WdfDevStatePwrPolStoppingSendStatus;
    }

    private WdfDevicePowerPolicyState PolicySendStopStatus()
    {
        Device.CancelIdleTimer();
        armedForWake = false;
        Post(stopFailed ? PnpEvent.PwrPolStopFailed : PnpEvent.PwrPolStopped);
        stopFailed = false;
        return WdfDevStatePwrPolStopped;
    }

    private WdfDevicePowerPolicyState PolicyPowerRequestFailed()
    {
        Device.CancelIdleTimer();
        Post(lastPowerFailureWasDown ? PnpEvent.PowerDownFailed : PnpEvent.PowerUpFailed);
        return WdfDevStatePwrPolNull;
    }

    private bool lastPowerFailureWasDown;

    /// <summary>The device's interrupt fired while armed in Dx: the wake signal completes the wait-wake IRP.</summary>
    internal void OnWakeSignal()
    {
        if (armedForWake && policy == WdfDevStatePwrPolWaitingArmed)
        {
            Post(PowerPolicyEvent.WakeSuccess);
        }
    }
}

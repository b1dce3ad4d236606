using DriverScript.Framework.Drivers;
using static DriverScript.Framework.Pnp.WdfDevicePnpState;

namespace DriverScript.Framework.Pnp;

public sealed partial class DeviceStateMachines
{
    /// <summary>
    /// The PnP machine (pnpstatemachine.cpp <c>m_WdfPnpStates</c>, FDO subset): start, start failures,
    /// query-stop/stop/restart, query-remove/remove, surprise removal, cancel-stop/cancel-remove, failure
    /// and removal (KMDF.md A1, B1a, B1d, B2).
    /// </summary>
    public static StateTable<WdfDevicePnpState, PnpEvent> PnpTable { get; } =
        new StateTableBuilder<WdfDevicePnpState, PnpEvent>("PnP", "WdfDevStatePnp", "PnpEvent", WdfDevStatePnpObjectCreated)
            .State(WdfDevStatePnpObjectCreated, on: [(PnpEvent.AddDevice, WdfDevStatePnpInit)])
            .State(WdfDevStatePnpInit, on: [(PnpEvent.StartDevice, WdfDevStatePnpInitStarting), (PnpEvent.Remove, WdfDevStatePnpRemoved)])
            .State(WdfDevStatePnpInitStarting, "PnpEventInitStarting", m => WdfDevStatePnpHardwareAvailable, [WdfDevStatePnpHardwareAvailable])
            .State(WdfDevStatePnpHardwareAvailable, "PnpEventHardwareAvailable", m => m.PnpHardwareAvailable(), [WdfDevStatePnpFailedOwnHardware],
                (PnpEvent.PwrPolStarted, WdfDevStatePnpEnableInterfaces), (PnpEvent.PwrPolStartFailed, WdfDevStatePnpHardwareAvailablePowerPolicyFailed))
            .State(WdfDevStatePnpHardwareAvailablePowerPolicyFailed, "PnpEventHardwareAvailablePowerPolicyFailed",
                m => WdfDevStatePnpFailedOwnHardware, [WdfDevStatePnpFailedOwnHardware])
            .State(WdfDevStatePnpEnableInterfaces, "PnpEventEnableInterfaces", m => m.PnpEnableInterfaces(), [WdfDevStatePnpStarted])
            .State(WdfDevStatePnpStarted, "PnpEventStarted", m => m.PnpStarted(), null,
                (PnpEvent.QueryStop, WdfDevStatePnpQueryStopStaticCheck),
                (PnpEvent.QueryRemove, WdfDevStatePnpQueryRemoveStaticCheck),
                (PnpEvent.CancelStop, WdfDevStatePnpStartedCancelStop),
                (PnpEvent.CancelRemove, WdfDevStatePnpStartedCancelRemove),
                (PnpEvent.Remove, WdfDevStatePnpStartedRemoving),
                (PnpEvent.SurpriseRemove, WdfDevStatePnpSurpriseRemoveIoStarted),
                (PnpEvent.PowerUpFailed, WdfDevStatePnpFailedIoStarting),
                (PnpEvent.PowerDownFailed, WdfDevStatePnpFailedPowerDown))
            .State(WdfDevStatePnpStartedCancelStop, "PnpEventStartedCancelStop", m => WdfDevStatePnpStarted, [WdfDevStatePnpStarted])
            .State(WdfDevStatePnpStartedCancelRemove, "PnpEventStartedCancelRemove", m => WdfDevStatePnpStarted, [WdfDevStatePnpStarted])
            .State(WdfDevStatePnpQueryStopStaticCheck, "PnpEventQueryStopStaticCheck", m => WdfDevStatePnpQueryStopAskDriver, [WdfDevStatePnpStarted, WdfDevStatePnpQueryStopAskDriver])
            .State(WdfDevStatePnpQueryStopAskDriver, "PnpEventQueryStopAskDriver", m => m.PnpAskDriver(CallbackKind.EvtDeviceQueryStop, m.Device.Callbacks.EvtDeviceQueryStop, WdfDevStatePnpQueryStopEnsureDeviceAwake),
                [WdfDevStatePnpQueryStopEnsureDeviceAwake, WdfDevStatePnpStarted])
            .State(WdfDevStatePnpQueryStopEnsureDeviceAwake, "PnpEventQueryStopEnsureDeviceAwake", m => m.PnpEnsureDeviceAwake(WdfDevStatePnpQueryStopPending),
                [WdfDevStatePnpQueryStopPending], (PnpEvent.DeviceInD0, WdfDevStatePnpQueryStopPending))
            .State(WdfDevStatePnpQueryStopPending, "PnpEventQueryStopPending", m => m.PnpQueryPending(), null,
                (PnpEvent.Stop, WdfDevStatePnpStartedStopping), (PnpEvent.CancelStop, WdfDevStatePnpQueryCanceled),
                (PnpEvent.SurpriseRemove, WdfDevStatePnpQueriedSurpriseRemove))
            .State(WdfDevStatePnpQueryCanceled, "PnpEventQueryCanceled", m => m.PnpQueryCanceled(), [WdfDevStatePnpStarted])
            .State(WdfDevStatePnpStartedStopping, "PnpEventStartedStopping", m => m.PnpSendPolicy(PowerPolicyEvent.Stop), null,
                (PnpEvent.PwrPolStopped, WdfDevStatePnpStopped), (PnpEvent.PwrPolStopFailed, WdfDevStatePnpFailedOwnHardware))
            .State(WdfDevStatePnpStopped, "PnpEventStopped", m => m.PnpStopped(), [WdfDevStatePnpFailed],
                (PnpEvent.StartDevice, WdfDevStatePnpStoppedWaitForStartCompletion), (PnpEvent.SurpriseRemove, WdfDevStatePnpSurpriseRemove),
                (PnpEvent.Remove, WdfDevStatePnpRemoved))
            .State(WdfDevStatePnpStoppedWaitForStartCompletion, "PnpEventStoppedWaitForStartCompletion", m => WdfDevStatePnpStartingFromStopped, [WdfDevStatePnpStartingFromStopped])
            .State(WdfDevStatePnpStartingFromStopped, "PnpEventStartingFromStopped", m => m.PnpStartingFromStopped(), [WdfDevStatePnpFailedOwnHardware, WdfDevStatePnpRestarting])
            .State(WdfDevStatePnpRestarting, "PnpEventRestarting", m => m.PnpSendPolicy(PowerPolicyEvent.Start), null,
                (PnpEvent.PwrPolStarted, WdfDevStatePnpStarted), (PnpEvent.PwrPolStartFailed, WdfDevStatePnpHardwareAvailablePowerPolicyFailed))
            .State(WdfDevStatePnpSurpriseRemove, "PnpEventSurpriseRemoved", m => m.PnpSurpriseRemovalCallback(WdfDevStatePnpFailed), [WdfDevStatePnpFailed])
            .State(WdfDevStatePnpQueryRemoveStaticCheck, "PnpEventQueryRemoveStaticCheck", m => WdfDevStatePnpQueryRemoveAskDriver, [WdfDevStatePnpStarted, WdfDevStatePnpQueryRemoveAskDriver])
            .State(WdfDevStatePnpQueryRemoveAskDriver, "PnpEventQueryRemoveAskDriver", m => m.PnpAskDriver(CallbackKind.EvtDeviceQueryRemove, m.Device.Callbacks.EvtDeviceQueryRemove, WdfDevStatePnpQueryRemoveEnsureDeviceAwake),
                [WdfDevStatePnpQueryRemoveEnsureDeviceAwake, WdfDevStatePnpStarted])
            .State(WdfDevStatePnpQueryRemoveEnsureDeviceAwake, "PnpEventQueryRemoveEnsureDeviceAwake", m => m.PnpEnsureDeviceAwake(WdfDevStatePnpQueryRemovePending),
                [WdfDevStatePnpQueryRemovePending], (PnpEvent.DeviceInD0, WdfDevStatePnpQueryRemovePending))
            .State(WdfDevStatePnpQueryRemovePending, "PnpEventQueryRemovePending", m => m.PnpQueryPending(), null,
                (PnpEvent.Remove, WdfDevStatePnpQueriedRemoving), (PnpEvent.CancelRemove, WdfDevStatePnpQueryCanceled),
                (PnpEvent.SurpriseRemove, WdfDevStatePnpQueriedSurpriseRemove))
            .State(WdfDevStatePnpQueriedRemoving, "PnpEventQueriedRemoving", m => m.PnpSendPolicy(PowerPolicyEvent.Stop), null,
                (PnpEvent.PwrPolStopped, WdfDevStatePnpRemovingDisableInterfaces), (PnpEvent.PwrPolStopFailed, WdfDevStatePnpRemovingDisableInterfaces))
            .State(WdfDevStatePnpStartedRemoving, "PnpEventStartedRemoving", m => m.PnpSendPolicy(PowerPolicyEvent.Stop), null,
                (PnpEvent.PwrPolStopped, WdfDevStatePnpRemovingDisableInterfaces), (PnpEvent.PwrPolStopFailed, WdfDevStatePnpRemovingDisableInterfaces))
            .State(WdfDevStatePnpRemovingDisableInterfaces, "PnpEventRemovingDisableInterfaces", m => m.PnpRemovingDisableInterfaces(), null,
                (PnpEvent.PwrPolRemoved, WdfDevStatePnpRemoved))
            .State(WdfDevStatePnpRemoved, "PnpEventRemoved", m => m.PnpRemoved(), [WdfDevStatePnpFinal])
            .State(WdfDevStatePnpFinal)
            .State(WdfDevStatePnpQueriedSurpriseRemove, "PnpEventQueriedSurpriseRemove", m => m.PnpQueriedSurpriseRemove(), [WdfDevStatePnpSurpriseRemoveIoStarted])
            .State(WdfDevStatePnpSurpriseRemoveIoStarted, "PnpEventSurpriseRemoveIoStarted", m => m.PnpSurpriseRemovalCallback(WdfDevStatePnpFailedIoStarting), [WdfDevStatePnpFailedIoStarting])
            .State(WdfDevStatePnpFailedIoStarting, "PnpEventFailedIoStarting", m => m.PnpSendPolicy(m.Device.SurpriseRemoved ? PowerPolicyEvent.SurpriseRemove : PowerPolicyEvent.Stop), null,
                (PnpEvent.PwrPolStopped, WdfDevStatePnpFailedOwnHardware), (PnpEvent.PwrPolStopFailed, WdfDevStatePnpFailedOwnHardware))
            .State(WdfDevStatePnpFailedPowerDown, "PnpEventFailedPowerDown", m => m.PnpSendPolicy(PowerPolicyEvent.Stop), null,
                (PnpEvent.PwrPolStopped, WdfDevStatePnpFailedOwnHardware), (PnpEvent.PwrPolStopFailed, WdfDevStatePnpFailedOwnHardware))
            .State(WdfDevStatePnpFailedOwnHardware, "PnpEventFailedOwnHardware", m => m.PnpFailedOwnHardware(), [WdfDevStatePnpFailed])
            .State(WdfDevStatePnpFailed, "PnpEventFailed", m => m.PnpFailed(), null, (PnpEvent.PwrPolRemoved, WdfDevStatePnpFailedPowerPolicyRemoved))
            .State(WdfDevStatePnpFailedPowerPolicyRemoved, "PnpEventFailedPowerPolicyRemoved", m => WdfDevStatePnpFailedWaitForRemove, [WdfDevStatePnpFailedWaitForRemove])
            .State(WdfDevStatePnpFailedWaitForRemove, "PnpEventFailedWaitForRemove", m => m.PnpFailedWaitForRemove(), null,
                (PnpEvent.Remove, WdfDevStatePnpRemoved), (PnpEvent.SurpriseRemove, WdfDevStatePnpFailedSurpriseRemoved))
            .State(WdfDevStatePnpFailedSurpriseRemoved, "PnpEventFailedSurpriseRemoved", m => m.PnpSurpriseRemovalCallback(WdfDevStatePnpFailedWaitForRemove), [WdfDevStatePnpFailedWaitForRemove])
            .Build();

    private WdfDevicePnpState PnpHardwareAvailable()
    {
        var status = Device.InvokeStatus(CallbackKind.EvtDevicePrepareHardware, Device.Callbacks.EvtDevicePrepareHardware);
        if (!status.IsSuccess)
        {
            Device.StartStatus = status;
            return WdfDevStatePnpFailedOwnHardware;
        }

        Post(PowerPolicyEvent.Start);
        return WdfDevStatePnpNull;
    }

    private WdfDevicePnpState PnpEnableInterfaces()
    {
        Device.StartStatus = NtStatus.Success;
        return WdfDevStatePnpStarted;
    }

    private WdfDevicePnpState PnpStarted()
    {
        Device.OnStarted();
        return WdfDevStatePnpNull;
    }

    private WdfDevicePnpState PnpAskDriver(CallbackKind kind, EvtDeviceStatus? callback, WdfDevicePnpState next)
    {
        var status = Device.InvokeStatus(kind, callback);
        Device.LastQueryStatus = status;
        return status.IsSuccess ? next : WdfDevStatePnpStarted;
    }

    private bool holdsAwakeReference;

    private WdfDevicePnpState PnpEnsureDeviceAwake(WdfDevicePnpState pending)
    {
        holdsAwakeReference = true;
        Device.PowerReference();
        if (IsPoweredUpStable)
        {
            return pending;
        }

        awaitingD0 = true;
        return WdfDevStatePnpNull;
    }

    private bool awaitingD0;

    private WdfDevicePnpState PnpQueryPending() => WdfDevStatePnpNull;

    private void ReleaseAwakeReference()
    {
        awaitingD0 = false;
        if (holdsAwakeReference)
        {
            holdsAwakeReference = false;
            Device.PowerDereference();
        }
    }

    private WdfDevicePnpState PnpQueryCanceled()
    {
        ReleaseAwakeReference();
        return WdfDevStatePnpStarted;
    }

    private WdfDevicePnpState PnpSendPolicy(PowerPolicyEvent e)
    {
        ReleaseAwakeReference();
        Post(e);
        return WdfDevStatePnpNull;
    }

    private WdfDevicePnpState PnpStopped()
    {
        Device.OnStopped();
        var status = Device.InvokeStatus(CallbackKind.EvtDeviceReleaseHardware, Device.Callbacks.EvtDeviceReleaseHardware);
        return status.IsSuccess ? WdfDevStatePnpNull : WdfDevStatePnpFailed;
    }

    private WdfDevicePnpState PnpStartingFromStopped()
    {
        var status = Device.InvokeStatus(CallbackKind.EvtDevicePrepareHardware, Device.Callbacks.EvtDevicePrepareHardware);
        if (!status.IsSuccess)
        {
            Device.StartStatus = status;
            return WdfDevStatePnpFailedOwnHardware;
        }

        return WdfDevStatePnpRestarting;
    }

    private WdfDevicePnpState PnpSurpriseRemovalCallback(WdfDevicePnpState next)
    {
        Device.SurpriseRemoved = true;
        Device.InvokeNotify(CallbackKind.EvtDeviceSurpriseRemoval, Device.Callbacks.EvtDeviceSurpriseRemoval);
        return next;
    }

    private WdfDevicePnpState PnpQueriedSurpriseRemove()
    {
        ReleaseAwakeReference();
        return WdfDevStatePnpSurpriseRemoveIoStarted;
    }

    private WdfDevicePnpState PnpRemovingDisableInterfaces()
    {
        Device.InvokeStatus(CallbackKind.EvtDeviceReleaseHardware, Device.Callbacks.EvtDeviceReleaseHardware);
        Device.PurgeQueuesForRemove(powerManaged: true);
        Device.SelfManagedIoFlush();
        Post(PowerPolicyEvent.Remove);
        return WdfDevStatePnpNull;
    }

    private WdfDevicePnpState PnpRemoved()
    {
        Device.PurgeQueuesForRemove(powerManaged: false);
        Device.SelfManagedIoCleanup();
        Device.DeleteForRemove();
        return WdfDevStatePnpFinal;
    }

    private WdfDevicePnpState PnpFailedOwnHardware()
    {
        Device.InvokeStatus(CallbackKind.EvtDeviceReleaseHardware, Device.Callbacks.EvtDeviceReleaseHardware);
        return WdfDevStatePnpFailed;
    }

    private WdfDevicePnpState PnpFailed()
    {
        Device.OnFailed();
        Device.PurgeQueuesForRemove(powerManaged: true);
        Device.SelfManagedIoFlush();
        Post(PowerPolicyEvent.Remove);
        return WdfDevStatePnpNull;
    }

    private WdfDevicePnpState PnpFailedWaitForRemove()
    {
        Device.OnWaitingForRemove();
        return WdfDevStatePnpNull;
    }
}

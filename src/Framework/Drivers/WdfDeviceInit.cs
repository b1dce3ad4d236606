using DriverScript.Framework.Objects;
using DriverScript.Hardware.Devices;

namespace DriverScript.Framework.Drivers;

/// <summary>A PnP or power callback that may fail (returns an NTSTATUS).</summary>
public delegate NtStatus EvtDeviceStatus(WdfDevice device);

/// <summary>EvtDeviceD0Entry and friends: told the previous (entry) or target (exit) power state.</summary>
public delegate NtStatus EvtDevicePowerTransition(WdfDevice device, WdfPowerDeviceState state);

/// <summary>A PnP callback that cannot fail.</summary>
public delegate void EvtDeviceNotify(WdfDevice device);

/// <summary>WDF_PNPPOWER_EVENT_CALLBACKS and the power-policy ones: every device callback as a delegate (null: not registered).</summary>
public sealed class WdfPnpPowerCallbacks
{
    public EvtDeviceStatus? EvtDevicePrepareHardware { get; set; }

    public EvtDeviceStatus? EvtDeviceReleaseHardware { get; set; }

    public EvtDevicePowerTransition? EvtDeviceD0Entry { get; set; }

    public EvtDevicePowerTransition? EvtDeviceD0EntryPostInterruptsEnabled { get; set; }

    public EvtDevicePowerTransition? EvtDeviceD0ExitPreInterruptsDisabled { get; set; }

    public EvtDevicePowerTransition? EvtDeviceD0Exit { get; set; }

    public EvtDeviceStatus? EvtDeviceSelfManagedIoInit { get; set; }

    public EvtDeviceStatus? EvtDeviceSelfManagedIoSuspend { get; set; }

    public EvtDeviceStatus? EvtDeviceSelfManagedIoRestart { get; set; }

    public EvtDeviceNotify? EvtDeviceSelfManagedIoFlush { get; set; }

    public EvtDeviceNotify? EvtDeviceSelfManagedIoCleanup { get; set; }

    public EvtDeviceNotify? EvtDeviceSurpriseRemoval { get; set; }

    public EvtDeviceStatus? EvtDeviceQueryStop { get; set; }

    public EvtDeviceStatus? EvtDeviceQueryRemove { get; set; }

    public EvtDeviceStatus? EvtDeviceArmWakeFromS0 { get; set; }

    public EvtDeviceNotify? EvtDeviceDisarmWakeFromS0 { get; set; }

    public EvtDeviceNotify? EvtDeviceWakeFromS0Triggered { get; set; }
}

/// <summary>
/// WDFDEVICE_INIT: what EvtDriverDeviceAdd fills in before <see cref="Create"/> (WdfDeviceCreate):
/// callbacks, synchronization scope, execution level, attributes.
/// </summary>
/// <example>
/// <code>
/// driver = sim.CreateDriver("Echo", init =>
/// {
///     init.PnpPower.EvtDeviceSelfManagedIoInit = StartQueueAndTimer;
///     init.SynchronizationScope = SynchronizationScope.Queue;
///     var device = init.Create();
///     device.CreateQueue(new WdfIoQueueConfig(WdfIoQueueDispatchType.Sequential) { DefaultQueue = true, EvtIoRead = OnRead });
///     return NtStatus.Success;
/// });
/// </code>
/// </example>
public sealed class WdfDeviceInit
{
    internal WdfDeviceInit(WdfDriver driver, DeviceModel? hardware, string name)
    {
        Driver = driver;
        Hardware = hardware;
        Name = name;
    }

    /// <summary>The driver adding the device.</summary>
    public WdfDriver Driver { get; }

    /// <summary>The hardware model the device sits on (its BAR0 registers, interrupt lines, DMA), or null.</summary>
    public DeviceModel? Hardware { get; }

    /// <summary>The device's name (for traces).</summary>
    public string Name { get; set; }

    /// <summary>The PnP and power callbacks.</summary>
    public WdfPnpPowerCallbacks PnpPower { get; } = new();

    /// <summary>The device's synchronization scope (queues inherit it).</summary>
    public SynchronizationScope SynchronizationScope { get; set; }

    /// <summary>The device's execution level (queues inherit it).</summary>
    public ExecutionLevel ExecutionLevel { get; set; }

    /// <summary>The device's context.</summary>
    public object? Context { get; set; }

    /// <summary>The device's EvtCleanupCallback.</summary>
    public Action<WdfObject>? EvtCleanupCallback { get; set; }

    /// <summary>The device's EvtDestroyCallback.</summary>
    public Action<WdfObject>? EvtDestroyCallback { get; set; }

    /// <summary>The device once <see cref="Create"/> ran.</summary>
    public WdfDevice? Device { get; private set; }

    /// <summary>WdfDeviceCreate (PASSIVE_LEVEL): creates the device object. Call once, from EvtDriverDeviceAdd.</summary>
    public WdfDevice Create(object? location = null)
    {
        if (Device != null)
        {
            throw new InvalidOperationException("WdfDeviceCreate was already called for this WDFDEVICE_INIT");
        }

        Driver.Simulation.EnterDdi(Ddi.WdfDeviceCreate, Driver, location);
        Device = new WdfDevice(this);
        Driver.Simulation.TraceDdi(Ddi.WdfDeviceCreate, Device, NtStatus.Success);
        return Device;
    }
}

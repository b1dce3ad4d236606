using DriverScript.Framework.Objects;
using DriverScript.Framework.Tracing;
using DriverScript.Hardware;
using DriverScript.Hardware.Devices;

namespace DriverScript.Framework.Drivers;

/// <summary>EvtDriverDeviceAdd: set up <paramref name="deviceInit"/>, call <see cref="WdfDeviceInit.Create"/>, create queues and other objects.</summary>
public delegate NtStatus EvtDriverDeviceAdd(WdfDriver driver, WdfDeviceInit deviceInit);

/// <summary>
/// A framework driver object (WDFDRIVER): its EvtDriverDeviceAdd, and the devices it added.
/// <see cref="Plug(DeviceModel?, string?)"/> is the host's way to make the PnP manager find a device
/// for it: AddDevice, then the start sequence.
/// </summary>
public sealed class WdfDriver : WdfObject
{
    internal WdfDriver(Simulation simulation, string name, EvtDriverDeviceAdd deviceAdd)
        : base(simulation, null, null, name)
    {
        DeviceAdd = deviceAdd ?? throw new ArgumentNullException(nameof(deviceAdd));
        TraceName = simulation.Trace.Intern(name);
    }

    /// <inheritdoc />
    public override string KmdfType => "WDFDRIVER";

    internal override bool NoDeleteDdi => true;

    /// <summary>The driver's EvtDriverDeviceAdd.</summary>
    public EvtDriverDeviceAdd DeviceAdd { get; }

    /// <summary>
    /// Plugs a device over <paramref name="hardware"/> (or none): runs EvtDriverDeviceAdd and the start
    /// sequence, then settles. The handle is returned even when adding or starting failed
    /// (<see cref="PluggedDevice.Started"/> is then false).
    /// </summary>
    public PluggedDevice Plug(DeviceModel? hardware = null, string? name = null)
    {
        var plugged = new PluggedDevice(this, hardware, name ?? (hardware != null ? Name + "(" + hardware.Name + ")" : Name));
        plugged.RunPlug();
        return plugged;
    }

    /// <summary>Creates the hardware model with <paramref name="hardwareFactory"/> in the simulation's hardware context, then plugs it.</summary>
    public PluggedDevice Plug(Func<HardwareContext, DeviceModel> hardwareFactory, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(hardwareFactory);
        return Plug(hardwareFactory(Simulation.Hardware), name);
    }

    internal int HostOperationName(string operation) => Simulation.Trace.Intern(operation);

    internal void TraceHostOperation(string operation, WdfDevice? device) =>
        Simulation.Trace.Add(TraceEventKind.HostOperation, -1, Simulation.Trace.Intern(operation), device?.TraceName ?? TraceName, 0, 0, 0);
}

using DriverScript.Framework;
using DriverScript.Framework.Drivers;
using DriverScript.Hardware.Devices.Edu;

namespace DriverScript.Framework.Tests.Support;

/// <summary>A simulation with one device whose EvtDriverDeviceAdd is the test's own code.</summary>
public sealed class Harness : IDisposable
{
    private Harness(Simulation sim, PluggedDevice dev)
    {
        Sim = sim;
        Dev = dev;
    }

    public Simulation Sim { get; }

    public PluggedDevice Dev { get; }

    public WdfDevice Device => Dev.Device!;

    /// <summary>Plugs a device over QEMU's edu; <paramref name="add"/> runs inside EvtDriverDeviceAdd after WdfDeviceCreate.</summary>
    public static Harness Plug(Action<WdfDevice> add, SimulationOptions? options = null, Action<WdfDeviceInit>? init = null, bool withHardware = true)
    {
        var sim = new Simulation(options);
        var driver = sim.CreateDriver("Harness", (d, deviceInit) =>
        {
            init?.Invoke(deviceInit);
            var device = deviceInit.Create();
            add(device);
            return NtStatus.Success;
        });
        var dev = withHardware ? driver.Plug(new QemuEdu(sim.Hardware), "dev") : driver.Plug((DriverScript.Hardware.Devices.DeviceModel?)null, "dev");
        return new Harness(sim, dev);
    }

    public void Dispose() => Sim.Dispose();
}

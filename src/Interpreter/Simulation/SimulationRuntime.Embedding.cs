using DriverScript.Framework.Drivers;
using DriverScript.Framework.Verifier;
using DriverScript.Hardware;
using DriverScript.Hardware.Bus;
using DriverScript.Language.Symbols;

namespace DriverScript.Interpreter;

/// <summary>What the embedding API (<see cref="ScriptSimulation"/>) needs of the runtime: plugging and host operations from C#.</summary>
public sealed partial class SimulationRuntime
{
    /// <summary>A model over an embedder's bus (<see cref="SimulationRunOptions.Buses"/>).</summary>
    private static SimModel BuildBusModel(HardwareModelSymbol symbol, IRegisterBus bus, HardwareContext context)
    {
        var device = new RegisterBusDevice(symbol, bus, context);
        var model = new SimModel(symbol, device);
        device.RegistersBySymbol.CopyTo(model.Registers, 0);
        device.MemoriesBySymbol.CopyTo(model.Memories, 0);
        device.PulsesBySymbol.CopyTo(model.Pulses, 0);
        return model;
    }

    /// <summary>Plugs <paramref name="symbol"/> over <paramref name="hardware"/> (or the model its <c>uses</c> names), as <c>plug(...)</c> does, for C#.</summary>
    internal SimDevice PlugFromHost(DeviceSymbol symbol, HardwareModelSymbol? hardware)
    {
        var device = new SimDevice(this, symbol);
        var driver = _sim.CreateDriver(symbol.Name, device.DeviceAdd);
        hardware ??= symbol.Hardware;
        device.Plugged = HostCall(() => hardware is null
            ? driver.Plug()
            : driver.Plug(context =>
            {
                device.Model = BuildModel(hardware, context);
                _options.HardwarePlugged?.Invoke(device.Model.Device, _sim.Clock);
                return device.Model.Device;
            }));
        return device;
    }

    /// <summary>
    /// Runs a host operation started from C#: a limit or failed <c>expect</c> in a callback comes out as
    /// its <see cref="ScriptRuntimeException"/>, a bug check as <see cref="SimulationStoppedException"/>.
    /// </summary>
    internal T HostCall<T>(Func<T> operation)
    {
        try
        {
            return operation();
        }
        catch (ScriptStop stop)
        {
            throw stop.Error;
        }
        catch (InvalidOperationException e) when (_sim.StopViolation is { } v)
        {
            // The machine stopped under the operation (a bug check): report the bug check, not the symptom.
            _ = e;
            throw new SimulationStoppedException(v);
        }
    }

    internal void HostCall(Action operation) => HostCall(() => { operation(); return 0; });
}

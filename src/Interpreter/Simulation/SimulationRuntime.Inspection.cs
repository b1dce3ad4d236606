using DriverScript.Language.Symbols;

namespace DriverScript.Interpreter;

/// <summary>One register of a plugged device's hardware model and its stored value (read without side effects).</summary>
public readonly record struct RegisterValue(string Name, long Offset, int WidthBytes, ulong Value);

/// <summary>A device plugged in a <see cref="SimulationRuntime"/>, as the REPL's <c>:devices</c> and <c>:regs</c> show it.</summary>
public sealed class PluggedDeviceView
{
    private readonly SimulationRuntime.SimDevice _device;

    internal PluggedDeviceView(SimulationRuntime.SimDevice device) => _device = device;

    /// <summary>The script's device declaration.</summary>
    public DeviceSymbol Device => _device.Symbol;

    /// <summary>The hardware model the device was plugged with, if any.</summary>
    public HardwareModelSymbol? Hardware => _device.Model?.Symbol;

    /// <summary>The <c>device_handle</c> value <c>plug</c> returned (the value's <see cref="ScriptValue.Ref"/>).</summary>
    public object Handle => _device;

    /// <summary>Whether the device's start sequence succeeded (<c>dev.started</c>).</summary>
    public bool Started => _device.Plugged?.Started ?? false;

    /// <summary>The device power state by name (<c>D0</c>...), or null when the device was never created.</summary>
    public string? PowerState => _device.Plugged is { } p ? BuiltinNames.PowerStateName((ulong)p.PowerState) ?? p.PowerState.ToString() : null;

    /// <summary>Each register of the hardware model in declaration order with its stored value; no bus access is made.</summary>
    public IReadOnlyList<RegisterValue> Registers
    {
        get
        {
            if (_device.Model is not { } model) return Array.Empty<RegisterValue>();
            var result = new List<RegisterValue>(model.Symbol.Registers.Length);
            foreach (var r in model.Symbol.Registers)
            {
                if (model.Registers[r.Index] is not { } register) continue;
                result.Add(new RegisterValue(r.Name, register.Offset, register.Width, register.Value));
            }
            return result;
        }
    }
}

public sealed partial class SimulationRuntime
{
    private readonly List<SimDevice> _plugged = new();

    /// <summary>Every device plugged in this simulation, in plug order.</summary>
    public IReadOnlyList<PluggedDeviceView> PluggedDevices => _plugged.Select(d => new PluggedDeviceView(d)).ToArray();

    /// <summary>The plugged device a <c>device_handle</c> value refers to, or null.</summary>
    public PluggedDeviceView? FindPlugged(ScriptValue handle) => handle.Ref is SimDevice d && _plugged.Contains(d) ? new PluggedDeviceView(d) : null;
}

using DriverScript.Hardware.Devices;
using DriverScript.Hardware.Time;
using DriverScript.Hardware.Tracing;

namespace DriverScript.Cli;

/// <summary>
/// <c>drv run --vcd F.vcd</c>: records the registers and interrupt lines of every device plugged
/// during the run, then writes them as one VCD waveform (<see cref="VcdWriter"/>, <c>$timescale 1 ns</c>).
/// Devices are plugged while the run goes on and a VCD header cannot grow, so the changes are kept
/// in memory and the file is written when the run ends; a device's values before it was plugged
/// are its values when it was plugged.
/// </summary>
internal sealed class VcdCapture
{
    private readonly List<(string Scope, List<Signal> Signals)> _scopes = [];
    private readonly List<(long Time, Signal Signal, ulong Value)> _changes = [];
    private VirtualClock? _clock;

    /// <summary>For <see cref="DriverScript.Interpreter.SimulationRunOptions.HardwarePlugged"/>.</summary>
    public void OnPlugged(DeviceModel device, VirtualClock clock)
    {
        _clock = clock;
        string scope = device.Name;
        for (int n = 2; _scopes.Exists(s => s.Scope == scope); n++) scope = $"{device.Name}_{n}";
        var signals = new List<Signal>();
        _scopes.Add((scope, signals));

        var registers = new Dictionary<DriverScript.Hardware.Registers.Register, Signal>(ReferenceEqualityComparer.Instance);
        foreach (var register in device.Registers.Registers)
        {
            var signal = new Signal(register.Name, register.BitWidth, VcdVariableType.Reg, register.Value);
            signals.Add(signal);
            registers.Add(register, signal);
        }
        device.Registers.ValueChanged += (register, _, value) =>
        {
            if (registers.TryGetValue(register, out var signal)) _changes.Add((clock.Now, signal, value));
        };
        foreach (var line in device.InterruptLines)
        {
            var signal = new Signal(line.Name, 1, VcdVariableType.Wire, line.Level ? 1UL : 0UL);
            signals.Add(signal);
            line.LevelChanged += (_, level) => _changes.Add((clock.Now, signal, level ? 1UL : 0UL));
        }
        foreach (var source in device.MessageInterrupts)
        {
            var signal = new Signal(source.Name, 1, VcdVariableType.Event, null);
            signals.Add(signal);
            source.Signaled += (_, _) => _changes.Add((clock.Now, signal, 1UL));
        }
    }

    /// <summary>Writes the waveform to <paramref name="output"/> (disposed here).</summary>
    public void WriteTo(TextWriter output)
    {
        using var writer = new VcdWriter(output);
        foreach (var (scope, signals) in _scopes)
        {
            writer.BeginScope(scope);
            foreach (var signal in signals)
            {
                signal.Variable = writer.Declare(signal.Name, signal.Width, signal.Type);
                if (signal.Initial is ulong initial) writer.SetInitial(signal.Variable, initial);
            }
            writer.EndScope();
        }
        writer.EndDefinitions(0);
        foreach (var (time, signal, value) in _changes) writer.Change(time, signal.Variable!, value);
        writer.Flush(_clock?.Now ?? 0);
    }

    private sealed class Signal(string name, int width, VcdVariableType type, ulong? initial)
    {
        public string Name { get; } = name;
        public int Width { get; } = width;
        public VcdVariableType Type { get; } = type;
        public ulong? Initial { get; } = initial;
        public VcdVariable? Variable { get; set; }
    }
}

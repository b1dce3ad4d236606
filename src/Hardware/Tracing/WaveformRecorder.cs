using DriverScript.Hardware.Devices;
using DriverScript.Hardware.Interrupts;
using DriverScript.Hardware.Registers;
using DriverScript.Hardware.Time;

namespace DriverScript.Hardware.Tracing;

/// <summary>
/// Records register values and interrupt lines of devices as a VCD waveform over virtual time
/// (the <c>--vcd</c> output): one scope per device, a <c>reg</c> per register, a <c>wire</c> per
/// level-triggered line, an <c>event</c> per message-signaled source. It listens to the devices'
/// change notifications, so the models do not know they are recorded.
/// </summary>
/// <example>
/// <code>
/// using var recorder = new WaveformRecorder(File.CreateText("edu.vcd"), context.Clock);
/// recorder.AddDevice(edu);
/// recorder.Start();                                // header and initial values at the current time
/// edu.Bus.Write32(0x60, 1);                        // INT_STATUS and irq change at this time
/// context.Clock.RunFor(VirtualTime.Milliseconds(1));
/// </code>                                          // disposing writes a final #1000000
/// </example>
public sealed class WaveformRecorder : IDisposable
{
    private readonly VcdWriter writer;
    private readonly VirtualClock clock;
    private readonly List<Scope> scopes = [];
    private readonly List<Action> unsubscribe = [];
    private bool started;
    private bool disposed;

    /// <summary>Creates a recorder writing to <paramref name="output"/> (disposed with the recorder) with times from <paramref name="clock"/>.</summary>
    public WaveformRecorder(TextWriter output, VirtualClock clock)
    {
        ArgumentNullException.ThrowIfNull(output);
        this.clock = clock ?? throw new ArgumentNullException(nameof(clock));
        writer = new VcdWriter(output);
    }

    /// <summary>The underlying writer (its variables, once started).</summary>
    public VcdWriter Writer => writer;

    /// <summary>Adds a device: its registers, interrupt lines and message-signaled sources, in declaration order, under a scope named after it.</summary>
    public void AddDevice(DeviceModel device)
    {
        ArgumentNullException.ThrowIfNull(device);
        var scope = GetScope(device.Name);
        AddRegisters(scope, device.Registers);
        foreach (var line in device.InterruptLines)
        {
            AddLine(scope, line);
        }

        foreach (var source in device.MessageInterrupts)
        {
            AddPulse(scope, source);
        }
    }

    /// <summary>Adds every register of <paramref name="map"/> under scope <paramref name="scopeName"/>.</summary>
    public void AddRegisters(string scopeName, RegisterMap map) => AddRegisters(GetScope(scopeName), map);

    /// <summary>Adds a level-triggered line under scope <paramref name="scopeName"/>.</summary>
    public void AddLine(string scopeName, InterruptLine line) => AddLine(GetScope(scopeName), line);

    /// <summary>Adds a message-signaled source under scope <paramref name="scopeName"/>.</summary>
    public void AddPulse(string scopeName, MessageSignaledInterrupt source) => AddPulse(GetScope(scopeName), source);

    /// <summary>Writes the header and the current values; changes from now on are recorded.</summary>
    public void Start()
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        if (started)
        {
            throw new InvalidOperationException("the recorder is already started");
        }

        foreach (var scope in scopes)
        {
            writer.BeginScope(scope.Name);
            foreach (var signal in scope.Signals)
            {
                signal.Variable = writer.Declare(signal.Name, signal.Width, signal.Type);
                if (signal.Initial is { } initial)
                {
                    writer.SetInitial(signal.Variable, initial());
                }
            }

            writer.EndScope();
        }

        writer.EndDefinitions(clock.Now);
        started = true;
    }

    /// <summary>Writes what is pending and marks the current time as the end of the dump so far.</summary>
    public void Flush()
    {
        if (started)
        {
            writer.Flush(clock.Now);
        }
    }

    /// <summary>Stops listening, writes a final time marker and closes the output.</summary>
    public void Dispose()
    {
        if (disposed)
        {
            return;
        }

        foreach (var action in unsubscribe)
        {
            action();
        }

        if (started)
        {
            writer.Flush(clock.Now);
        }

        disposed = true;
        writer.Dispose();
    }

    private Scope GetScope(string name)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        if (started)
        {
            throw new InvalidOperationException("add signals before Start: a VCD header cannot grow");
        }

        foreach (var scope in scopes)
        {
            if (string.Equals(scope.Name, name, StringComparison.Ordinal))
            {
                return scope;
            }
        }

        var created = new Scope(name);
        scopes.Add(created);
        return created;
    }

    private void AddRegisters(Scope scope, RegisterMap map)
    {
        var signals = new Dictionary<Register, Signal>(ReferenceEqualityComparer.Instance);
        foreach (var register in map.Registers)
        {
            var signal = new Signal(register.Name, register.BitWidth, VcdVariableType.Reg, () => register.Value);
            scope.Signals.Add(signal);
            signals.Add(register, signal);
        }

        void OnChanged(Register register, ulong oldValue, ulong newValue)
        {
            if (started && !disposed && signals.TryGetValue(register, out var signal))
            {
                writer.Change(clock.Now, signal.Variable!, newValue);
            }
        }

        map.ValueChanged += OnChanged;
        unsubscribe.Add(() => map.ValueChanged -= OnChanged);
    }

    private void AddLine(Scope scope, InterruptLine line)
    {
        var signal = new Signal(line.Name, 1, VcdVariableType.Wire, () => line.Level ? 1UL : 0UL);
        scope.Signals.Add(signal);

        void OnLevel(InterruptLine _, bool level)
        {
            if (started && !disposed)
            {
                writer.Change(clock.Now, signal.Variable!, level ? 1UL : 0UL);
            }
        }

        line.LevelChanged += OnLevel;
        unsubscribe.Add(() => line.LevelChanged -= OnLevel);
    }

    private void AddPulse(Scope scope, MessageSignaledInterrupt source)
    {
        var signal = new Signal(source.Name, 1, VcdVariableType.Event, null);
        scope.Signals.Add(signal);

        void OnPulse(MessageSignaledInterrupt _, int vector)
        {
            if (started && !disposed)
            {
                writer.Change(clock.Now, signal.Variable!, 1UL);
            }
        }

        source.Signaled += OnPulse;
        unsubscribe.Add(() => source.Signaled -= OnPulse);
    }

    private sealed class Scope(string name)
    {
        public string Name { get; } = name;

        public List<Signal> Signals { get; } = [];
    }

    private sealed class Signal(string name, int width, VcdVariableType type, Func<ulong>? initial)
    {
        public string Name { get; } = name;

        public int Width { get; } = width;

        public VcdVariableType Type { get; } = type;

        public Func<ulong>? Initial { get; } = initial;

        public VcdVariable? Variable { get; set; }
    }
}

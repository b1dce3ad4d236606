using DriverScript.Hardware.Bus;
using DriverScript.Hardware.Diagnostics;
using DriverScript.Hardware.Dma;
using DriverScript.Hardware.Interrupts;
using DriverScript.Hardware.Registers;
using DriverScript.Hardware.Time;

namespace DriverScript.Hardware.Devices;

/// <summary>
/// The base of every device model: a register space (<see cref="Registers"/>, which is the device's
/// <see cref="Bus"/>), interrupt outputs, a DMA engine, and access to the shared clock. A model
/// declares its registers once in its constructor and keeps its interrupt logic in one place,
/// <see cref="UpdateInterrupts"/>, which the register map calls after every bus access (or batch of
/// model changes) that changed a register.
/// </summary>
/// <remarks>
/// Time-consuming work (a computation's latency, a DMA transfer) is scheduled with
/// <see cref="After"/>; the action runs as one batch of changes, so interrupt levels are recomputed
/// once it has finished. See <c>docs/hardware.md</c> for a walk-through with <see cref="Edu.QemuEdu"/>.
/// </remarks>
/// <example>
/// <code>
/// public sealed class Timer : DeviceModel
/// {
///     private readonly FlagField pending, enabled;
///     private readonly InterruptLine irq;
///
///     public Timer(HardwareContext context) : base("timer", context, registerSpaceSize: 0x100)
///     {
///         irq = AddInterruptLine("irq");
///         Registers.Define32(0x00, "CTRL").WithFlag(0, out enabled, name: "EN");
///         Registers.Define32(0x04, "PENDING").WithFlag(0, out pending, FieldModes.WriteOneToClear);
///         Registers.Define32(0x08, "START").WithWriteCallback((_, ns) => After((long)ns, () => pending.Value = true));
///     }
///
///     protected override void UpdateInterrupts() => irq.Set(pending.Value &amp;&amp; enabled.Value);
/// }
/// </code>
/// </example>
public abstract class DeviceModel : IRegisterMapHost
{
    private readonly List<InterruptLine> lines = [];
    private readonly List<MessageSignaledInterrupt> messageInterrupts = [];
    private (InterruptLine Line, Func<bool> Level)[] levelExpressions = [];

    /// <summary>Creates a device with an empty register space of <paramref name="registerSpaceSize"/> bytes.</summary>
    protected DeviceModel(string name, HardwareContext context, long registerSpaceSize,
        UnmappedValue unmapped = UnmappedValue.Zeros)
    {
        Name = name ?? throw new ArgumentNullException(nameof(name));
        Context = context ?? throw new ArgumentNullException(nameof(context));
        Registers = new RegisterMap(name, registerSpaceSize, context.Log, unmapped);
        Dma = new DmaEngine(name, context);
        Registers.Host = this;

        // A model that neither overrides UpdateInterrupts nor declares level expressions has no
        // interrupt logic to run after a register change; knowing it keeps plain accesses at a few ns.
        var overridesUpdateInterrupts = GetType().GetMethod(nameof(UpdateInterrupts),
            System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.NonPublic,
            Type.EmptyTypes)?.DeclaringType != typeof(DeviceModel);
        Registers.HostListens = overridesUpdateInterrupts;
    }

    /// <summary>The device's name (its model name, or the language's <c>hardware</c> name).</summary>
    public string Name { get; }

    /// <summary>The clock, memory and log the device shares with the rest of the machine.</summary>
    public HardwareContext Context { get; }

    /// <summary>The simulation's clock.</summary>
    public VirtualClock Clock => Context.Clock;

    /// <summary>Where the device's warnings go.</summary>
    public HardwareLog Log => Context.Log;

    /// <summary>The register space (for PCI devices, BAR0).</summary>
    public RegisterMap Registers { get; }

    /// <summary>The register space as drivers and tests reach it.</summary>
    public IRegisterBus Bus => Registers;

    /// <summary>The device's bus-master engine.</summary>
    public DmaEngine Dma { get; }

    /// <summary>Level-triggered outputs, in declaration order.</summary>
    public IReadOnlyList<InterruptLine> InterruptLines => lines;

    /// <summary>Message-signaled outputs, in declaration order.</summary>
    public IReadOnlyList<MessageSignaledInterrupt> MessageInterrupts => messageInterrupts;

    /// <summary>The level-triggered line named <paramref name="name"/>, or null.</summary>
    public InterruptLine? FindInterruptLine(string name)
    {
        foreach (var line in lines)
        {
            if (string.Equals(line.Name, name, StringComparison.Ordinal))
            {
                return line;
            }
        }

        return null;
    }

    /// <summary>The message-signaled source named <paramref name="name"/>, or null.</summary>
    public MessageSignaledInterrupt? FindMessageInterrupt(string name)
    {
        foreach (var source in messageInterrupts)
        {
            if (string.Equals(source.Name, name, StringComparison.Ordinal))
            {
                return source;
            }
        }

        return null;
    }

    /// <summary>
    /// Resets the device (a PCI function-level or bus reset). The default restores every register's
    /// reset value and recomputes interrupts; models whose hardware keeps state across resets
    /// override it (QEMU's edu has no reset handler).
    /// </summary>
    public virtual void Reset() => Registers.Reset();

    /// <summary>
    /// Recomputes the interrupt outputs from the device's state: the one place that decides them.
    /// Called after every bus access, batch or <see cref="After"/> action that changed a register.
    /// The default sets each line declared with a level expression to that expression's value.
    /// </summary>
    protected virtual void UpdateInterrupts() => EvaluateLevelExpressions();

    /// <summary>Sets each line declared with a level expression (<see cref="AddInterruptLine"/>) to the expression's value.</summary>
    protected void EvaluateLevelExpressions()
    {
        foreach (var (line, level) in levelExpressions)
        {
            line.Set(level());
        }
    }


    /// <summary>
    /// Declares a level-triggered output. With <paramref name="level"/>, the line follows that
    /// expression, re-evaluated after each register change (the language's <c>interrupt irq = EXPR;</c>).
    /// </summary>
    /// <exception cref="ArgumentException">A line or message source already has that name.</exception>
    protected InterruptLine AddInterruptLine(string name, Func<bool>? level = null)
    {
        CheckInterruptName(name);
        var line = new InterruptLine(name);
        lines.Add(line);
        if (level != null)
        {
            levelExpressions = [.. levelExpressions, (line, level)];
            Registers.HostListens = true;
            line.Set(level());
        }

        return line;
    }

    /// <summary>Declares a message-signaled output with <paramref name="vectors"/> vectors (the language's <c>pulse NAME;</c>).</summary>
    /// <exception cref="ArgumentException">A line or message source already has that name.</exception>
    protected MessageSignaledInterrupt AddMessageInterrupt(string name, int vectors = 1)
    {
        CheckInterruptName(name);
        var source = new MessageSignaledInterrupt(name, vectors);
        messageInterrupts.Add(source);
        return source;
    }

    /// <summary>
    /// Schedules device work <paramref name="delay"/> nanoseconds from now on the shared clock. The
    /// action runs as one batch of register changes: interrupts are recomputed once, after it.
    /// </summary>
    protected ScheduledAction After(long delay, Action action, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(action);
        return Clock.ScheduleAfter(delay, () =>
        {
            using (Registers.BeginBatch())
            {
                action();
            }
        }, name ?? Name);
    }

    void IRegisterMapHost.OnRegistersChanged() => UpdateInterrupts();

    private void CheckInterruptName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (FindInterruptLine(name) != null || FindMessageInterrupt(name) != null)
        {
            throw new ArgumentException($"{Name}: an interrupt named '{name}' already exists", nameof(name));
        }
    }

    /// <inheritdoc />
    public override string ToString() => $"{GetType().Name} '{Name}'";
}

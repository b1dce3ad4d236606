namespace DriverScript.Hardware.Interrupts;

/// <summary>
/// A level-triggered interrupt output (PCI INTx, a peripheral's IRQ pin). The device sets its level,
/// ideally from one place (<see cref="Devices.DeviceModel.UpdateInterrupts"/>); listeners hear only
/// about changes of level, as Renode's <c>GPIO.Set</c> propagates.
/// </summary>
/// <example>
/// <code>
/// var irq = new InterruptLine("irq");
/// irq.LevelChanged += (line, level) => controller.OnLine(line.Name, level);
/// irq.Set(true);    // listeners told: true
/// irq.Set(true);    // no change, nobody told
/// irq.Set(false);   // listeners told: false
/// </code>
/// </example>
public sealed class InterruptLine
{
    /// <summary>Creates a deasserted line.</summary>
    public InterruptLine(string name)
    {
        Name = name ?? throw new ArgumentNullException(nameof(name));
    }

    /// <summary>The line's name (the language binds a device's <c>interrupt irq</c> to the line named <c>irq</c>).</summary>
    public string Name { get; }

    /// <summary>The current level: true while asserted.</summary>
    public bool Level { get; private set; }

    /// <summary>How many times the line went from deasserted to asserted.</summary>
    public long AssertionCount { get; private set; }

    /// <summary>
    /// Raised on each change of level, with (line, new level), synchronously and in subscription order.
    /// A listener may run inside the bus access that caused the change: record or queue, and avoid
    /// re-entering the device.
    /// </summary>
    public event Action<InterruptLine, bool>? LevelChanged;

    /// <summary>Sets the level; listeners are told only if it changed.</summary>
    public void Set(bool level)
    {
        if (level == Level)
        {
            return;
        }

        Level = level;
        if (level)
        {
            AssertionCount++;
        }

        LevelChanged?.Invoke(this, level);
    }

    /// <summary>Sets the level to asserted.</summary>
    public void Assert() => Set(true);

    /// <summary>Sets the level to deasserted.</summary>
    public void Deassert() => Set(false);

    /// <inheritdoc />
    public override string ToString() => $"{Name} = {(Level ? 1 : 0)}";
}

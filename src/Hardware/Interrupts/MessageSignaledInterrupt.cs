namespace DriverScript.Hardware.Interrupts;

/// <summary>
/// A message-signaled (edge) interrupt source: each <see cref="Pulse"/> is one message, and listeners
/// hear about every one (PCI MSI; Renode's <c>Blink()</c>). There is no level to query.
/// </summary>
/// <example>
/// <code>
/// var msi = new MessageSignaledInterrupt("msi", vectors: 1);
/// msi.Signaled += (source, vector) => controller.OnMessage(vector);
/// msi.Pulse();   // one message on vector 0
/// </code>
/// </example>
public sealed class MessageSignaledInterrupt
{
    /// <summary>Creates a source with <paramref name="vectors"/> vectors (1 to 32).</summary>
    public MessageSignaledInterrupt(string name, int vectors = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(vectors);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(vectors, 32);
        Name = name ?? throw new ArgumentNullException(nameof(name));
        Vectors = vectors;
    }

    /// <summary>The source's name.</summary>
    public string Name { get; }

    /// <summary>The number of vectors the source can signal.</summary>
    public int Vectors { get; }

    /// <summary>The number of messages sent so far.</summary>
    public long PulseCount { get; private set; }

    /// <summary>Raised for every message, with (source, vector), synchronously and in subscription order.</summary>
    public event Action<MessageSignaledInterrupt, int>? Signaled;

    /// <summary>Sends one message on <paramref name="vector"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The vector is not below <see cref="Vectors"/>.</exception>
    public void Pulse(int vector = 0)
    {
        if ((uint)vector >= (uint)Vectors)
        {
            throw new ArgumentOutOfRangeException(nameof(vector), vector, $"{Name} has {Vectors} vector(s)");
        }

        PulseCount++;
        Signaled?.Invoke(this, vector);
    }

    /// <inheritdoc />
    public override string ToString() => $"{Name} ({PulseCount} messages)";
}

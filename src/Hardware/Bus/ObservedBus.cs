namespace DriverScript.Hardware.Bus;

/// <summary>
/// An <see cref="IRegisterBus"/> that reports each access to an <see cref="IBusObserver"/> and forwards
/// it to an inner bus: a write is reported before the device handles it (so a trace shows the write
/// before its consequences, such as an interrupt), a read after (with the value it returned). Works over any bus (a device model, a mock), so tracing never needs the
/// model's cooperation.
/// </summary>
/// <example>
/// <code>
/// IRegisterBus traced = edu.Bus.ObservedBy(tracer);
/// traced.Write32(0x04, 1);   // tracer.OnWrite(0x04, 4, 1), then the device handles it
/// </code>
/// </example>
public sealed class ObservedBus : IRegisterBus
{
    private readonly IRegisterBus inner;
    private readonly IBusObserver observer;

    /// <summary>Wraps <paramref name="inner"/>, reporting to <paramref name="observer"/>.</summary>
    public ObservedBus(IRegisterBus inner, IBusObserver observer)
    {
        this.inner = inner ?? throw new ArgumentNullException(nameof(inner));
        this.observer = observer ?? throw new ArgumentNullException(nameof(observer));
    }

    /// <summary>The bus accesses are forwarded to.</summary>
    public IRegisterBus Inner => inner;

    /// <inheritdoc />
    public byte Read8(long offset)
    {
        var value = inner.Read8(offset);
        observer.OnRead(offset, 1, value);
        return value;
    }

    /// <inheritdoc />
    public ushort Read16(long offset)
    {
        var value = inner.Read16(offset);
        observer.OnRead(offset, 2, value);
        return value;
    }

    /// <inheritdoc />
    public uint Read32(long offset)
    {
        var value = inner.Read32(offset);
        observer.OnRead(offset, 4, value);
        return value;
    }

    /// <inheritdoc />
    public ulong Read64(long offset)
    {
        var value = inner.Read64(offset);
        observer.OnRead(offset, 8, value);
        return value;
    }

    /// <inheritdoc />
    public void Write8(long offset, byte value)
    {
        observer.OnWrite(offset, 1, value);
        inner.Write8(offset, value);
    }

    /// <inheritdoc />
    public void Write16(long offset, ushort value)
    {
        observer.OnWrite(offset, 2, value);
        inner.Write16(offset, value);
    }

    /// <inheritdoc />
    public void Write32(long offset, uint value)
    {
        observer.OnWrite(offset, 4, value);
        inner.Write32(offset, value);
    }

    /// <inheritdoc />
    public void Write64(long offset, ulong value)
    {
        observer.OnWrite(offset, 8, value);
        inner.Write64(offset, value);
    }
}

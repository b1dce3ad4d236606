namespace DriverScript.Hardware.Bus;

/// <summary>
/// Sees every access made through an <see cref="ObservedBus"/>: a read once it returned (with its
/// value), a write just before the device handles it. For traces; the observed device does not know it is watched.
/// </summary>
public interface IBusObserver
{
    /// <summary>A read of <paramref name="width"/> bytes at <paramref name="offset"/> returned <paramref name="value"/>.</summary>
    void OnRead(long offset, int width, ulong value);

    /// <summary>A write of <paramref name="width"/> bytes of <paramref name="value"/> at <paramref name="offset"/> was made.</summary>
    void OnWrite(long offset, int width, ulong value);
}

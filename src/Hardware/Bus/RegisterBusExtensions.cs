namespace DriverScript.Hardware.Bus;

/// <summary>Width-generic helpers over <see cref="IRegisterBus"/>, for callers that hold the width as data (the interpreter).</summary>
public static class RegisterBusExtensions
{
    /// <summary>
    /// Reads <paramref name="width"/> bytes (1, 2, 4 or 8) at <paramref name="offset"/>, zero-extended.
    /// </summary>
    /// <example><code>ulong v = bus.Read(0x80, 8);</code></example>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="width"/> is not 1, 2, 4 or 8.</exception>
    public static ulong Read(this IRegisterBus bus, long offset, int width) => width switch
    {
        1 => bus.Read8(offset),
        2 => bus.Read16(offset),
        4 => bus.Read32(offset),
        8 => bus.Read64(offset),
        _ => throw new ArgumentOutOfRangeException(nameof(width), width, "an access is 1, 2, 4 or 8 bytes wide"),
    };

    /// <summary>Writes the low <paramref name="width"/> bytes (1, 2, 4 or 8) of <paramref name="value"/> at <paramref name="offset"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="width"/> is not 1, 2, 4 or 8.</exception>
    public static void Write(this IRegisterBus bus, long offset, int width, ulong value)
    {
        switch (width)
        {
            case 1: bus.Write8(offset, (byte)value); break;
            case 2: bus.Write16(offset, (ushort)value); break;
            case 4: bus.Write32(offset, (uint)value); break;
            case 8: bus.Write64(offset, value); break;
            default: throw new ArgumentOutOfRangeException(nameof(width), width, "an access is 1, 2, 4 or 8 bytes wide");
        }
    }

    /// <summary>Wraps <paramref name="bus"/> so that <paramref name="observer"/> sees every access; see <see cref="ObservedBus"/>.</summary>
    public static ObservedBus ObservedBy(this IRegisterBus bus, IBusObserver observer) => new(bus, observer);
}

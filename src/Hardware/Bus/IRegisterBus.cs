namespace DriverScript.Hardware.Bus;

/// <summary>
/// A device's register space as a bus master (the driver, a test's <c>dev.hw</c>) sees it: reads
/// and writes of 1, 2, 4 or 8 bytes at a byte offset. Values are little-endian; what an access of a
/// width the device does not take returns is the device's business (its width policy).
/// </summary>
/// <remarks>
/// Every <see cref="Registers.RegisterMap"/> is an <see cref="IRegisterBus"/>. The interface is small
/// on purpose so a test can hand a driver an NSubstitute mock and check what it wrote, and so a
/// tracer can wrap any bus with <see cref="ObservedBus"/> without the device knowing.
/// </remarks>
/// <example>
/// <code>
/// IRegisterBus bus = edu.Bus;
/// bus.Write32(0x08, 5);               // start a factorial
/// clock.RunFor(VirtualTime.Microseconds(10));
/// uint result = bus.Read32(0x08);     // 120
///
/// var mock = Substitute.For&lt;IRegisterBus&gt;();
/// driver.Start(mock);
/// mock.Received().Write32(0x20, 0x80);
/// </code>
/// </example>
public interface IRegisterBus
{
    /// <summary>Reads one byte at <paramref name="offset"/>.</summary>
    byte Read8(long offset);

    /// <summary>Reads two bytes at <paramref name="offset"/>.</summary>
    ushort Read16(long offset);

    /// <summary>Reads four bytes at <paramref name="offset"/>.</summary>
    uint Read32(long offset);

    /// <summary>Reads eight bytes at <paramref name="offset"/>.</summary>
    ulong Read64(long offset);

    /// <summary>Writes one byte at <paramref name="offset"/>.</summary>
    void Write8(long offset, byte value);

    /// <summary>Writes two bytes at <paramref name="offset"/>.</summary>
    void Write16(long offset, ushort value);

    /// <summary>Writes four bytes at <paramref name="offset"/>.</summary>
    void Write32(long offset, uint value);

    /// <summary>Writes eight bytes at <paramref name="offset"/>.</summary>
    void Write64(long offset, ulong value);
}

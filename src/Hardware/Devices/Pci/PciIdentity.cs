namespace DriverScript.Hardware.Devices.Pci;

/// <summary>The read-only identity of a PCI function (its configuration header's ID fields).</summary>
/// <param name="VendorId">Offset 0x00.</param>
/// <param name="DeviceId">Offset 0x02.</param>
/// <param name="Revision">Offset 0x08.</param>
/// <param name="ClassCode">24-bit class code: base class &lt;&lt; 16 | subclass &lt;&lt; 8 | programming interface (offsets 0x0B, 0x0A, 0x09).</param>
/// <param name="SubsystemVendorId">Offset 0x2C.</param>
/// <param name="SubsystemId">Offset 0x2E.</param>
/// <param name="InterruptPin">Offset 0x3D: 0 none, 1 INTA# … 4 INTD#.</param>
public sealed record PciIdentity(
    ushort VendorId,
    ushort DeviceId,
    byte Revision,
    uint ClassCode,
    ushort SubsystemVendorId,
    ushort SubsystemId,
    byte InterruptPin);

/// <summary>What a base address register maps.</summary>
public enum PciBarKind
{
    /// <summary>32-bit memory space.</summary>
    Memory32,

    /// <summary>64-bit memory space (uses two BAR slots).</summary>
    Memory64,

    /// <summary>I/O space.</summary>
    Io,
}

/// <summary>A base address register: slot, size (a power of two) and kind.</summary>
/// <param name="Index">BAR slot 0 to 5.</param>
/// <param name="Size">Size in bytes, a power of two.</param>
/// <param name="Kind">What it maps.</param>
/// <param name="Prefetchable">The prefetchable bit (memory BARs).</param>
public sealed record PciBar(int Index, long Size, PciBarKind Kind, bool Prefetchable = false);

using DriverScript.Hardware.Bus;

namespace DriverScript.Hardware.Devices.Pci;

/// <summary>A device model that is a PCI function: it has a configuration space and BARs.</summary>
public interface IPciDevice
{
    /// <summary>The function's configuration space.</summary>
    PciConfigSpace Config { get; }

    /// <summary>The register space behind BAR <paramref name="index"/>, or null if the BAR is not implemented.</summary>
    IRegisterBus? GetBar(int index);
}

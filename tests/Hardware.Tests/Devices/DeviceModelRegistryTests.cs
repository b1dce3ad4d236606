using DriverScript.Hardware.Devices;
using DriverScript.Hardware.Devices.Edu;
using DriverScript.Hardware.Devices.Scripted;

namespace DriverScript.Hardware.Tests.Devices;

public class DeviceModelRegistryTests
{
    [Fact]
    public void The_default_registry_creates_QemuEdu_by_name()
    {
        var registry = DeviceModelRegistry.CreateDefault();
        var context = new HardwareContext();

        var device = registry.Create("QemuEdu", context);

        device.ShouldBeOfType<QemuEdu>().Context.ShouldBeSameAs(context);
        device.FindInterruptLine("irq").ShouldNotBeNull();
        registry.Names.ShouldBe(["QemuEdu"]);
    }

    [Fact]
    public void Each_creation_is_a_new_device()
    {
        var registry = DeviceModelRegistry.CreateDefault();
        var context = new HardwareContext();

        registry.Create("QemuEdu", context).ShouldNotBeSameAs(registry.Create("QemuEdu", context));
    }

    [Fact]
    public void Models_can_be_registered_and_names_list_sorted()
    {
        var registry = DeviceModelRegistry.CreateDefault();
        registry.Register("Zeta", c => new ScriptedDevice("Zeta", c, 0x10));
        registry.Register("Alpha", c => new ScriptedDevice("Alpha", c, 0x10));

        registry.Names.ShouldBe(["Alpha", "QemuEdu", "Zeta"]);
        Should.Throw<ArgumentException>(() => registry.Register("Alpha", c => new ScriptedDevice("x", c, 0x10)));
    }

    [Fact]
    public void An_unknown_name_is_reported_with_the_known_ones()
    {
        var registry = DeviceModelRegistry.CreateDefault();

        registry.TryCreate("qemuedu", new HardwareContext(), out _).ShouldBeFalse();
        Should.Throw<KeyNotFoundException>(() => registry.Create("Nope", new HardwareContext()))
            .Message.ShouldContain("QemuEdu");
    }
}

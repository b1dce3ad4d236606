using DriverScript.Hardware.Bus;
using DriverScript.Hardware.Registers;
using NSubstitute;

namespace DriverScript.Hardware.Tests.Bus;

public class RegisterBusTests
{
    private sealed class RecordingObserver : IBusObserver
    {
        public List<string> Accesses { get; } = [];

        public void OnRead(long offset, int width, ulong value) => Accesses.Add($"R{width * 8} 0x{offset:X} = 0x{value:X}");

        public void OnWrite(long offset, int width, ulong value) => Accesses.Add($"W{width * 8} 0x{offset:X} = 0x{value:X}");
    }

    [Fact]
    public void An_observed_bus_reports_every_access_and_forwards_it_unchanged()
    {
        var map = new RegisterMap("dev", 0x100);
        map.Define32(0x04, "LIVE").WithWriteCallback((_, v) => map.GetRegister("LIVE").Value = ~v & 0xFFFF_FFFF);
        map.Define64(0x08, "WIDE");
        var observer = new RecordingObserver();
        IRegisterBus bus = map.ObservedBy(observer);

        bus.Write32(0x04, 0x0000_FFFF);
        var read = bus.Read32(0x04);
        bus.Write64(0x08, 0x1_0000_0000);
        bus.Read64(0x08);
        bus.Write8(0x20, 1);
        bus.Read16(0x20);

        read.ShouldBe(0xFFFF_0000u);
        observer.Accesses.ShouldBe([
            "W32 0x4 = 0xFFFF",
            "R32 0x4 = 0xFFFF0000",
            "W64 0x8 = 0x100000000",
            "R64 0x8 = 0x100000000",
            "W8 0x20 = 0x1",
            "R16 0x20 = 0x0",
        ]);
    }

    [Fact]
    public void An_observer_sees_a_write_before_its_consequences()
    {
        var order = new List<string>();
        var map = new RegisterMap("dev", 0x100);
        map.Define32(0x60, "RAISE").WithWriteCallback((_, _) => order.Add("device raised"));
        var observer = Substitute.For<IBusObserver>();
        observer.When(o => o.OnWrite(Arg.Any<long>(), Arg.Any<int>(), Arg.Any<ulong>())).Do(_ => order.Add("observed"));

        map.ObservedBy(observer).Write32(0x60, 1);

        order.ShouldBe(["observed", "device raised"]);
    }

    [Fact]
    public void A_driver_can_be_handed_a_substitute_bus_and_checked_for_what_it_wrote()
    {
        var bus = Substitute.For<IRegisterBus>();
        bus.Read32(0x00).Returns(0x010000EDu);

        // A tiny "driver": checks the ID, then enables the factorial interrupt and starts 5!.
        if (bus.Read32(0x00) == 0x010000ED)
        {
            bus.Write32(0x20, 0x80);
            bus.Write32(0x08, 5);
        }

        Received.InOrder(() =>
        {
            bus.Read32(0x00);
            bus.Write32(0x20, 0x80);
            bus.Write32(0x08, 5);
        });
        bus.DidNotReceive().Write64(Arg.Any<long>(), Arg.Any<ulong>());
    }

    [Theory]
    [InlineData(1, 0xEFUL)]
    [InlineData(2, 0xBEEFUL)]
    [InlineData(4, 0xDEADBEEFUL)]
    [InlineData(8, 0xDEADBEEFUL)]
    public void Width_generic_helpers_dispatch_to_the_matching_access(int width, ulong expected)
    {
        var map = new RegisterMap("dev", 0x100);
        var memory = map.DefineMemory(0, 16, "m");

        map.Write(0, width, 0xDEADBEEF);

        map.Read(0, width).ShouldBe(expected);
        memory.Span[0].ShouldBe((byte)0xEF);
        Should.Throw<ArgumentOutOfRangeException>(() => ((IRegisterBus)map).Read(0, 3));
    }
}

using DriverScript.Framework;
using DriverScript.Hardware;
using DriverScript.Hardware.Bus;
using DriverScript.Hardware.Devices;
using DriverScript.Hardware.Registers;
using DriverScript.Interpreter.Tests.Simulation;
using NSubstitute;

namespace DriverScript.Interpreter.Tests.Embedding;

/// <summary>
/// LANGUAGE.md §15: an embedder registers C# hardware models by name, or hands a driver any
/// <see cref="IRegisterBus"/> — here an NSubstitute mock — and checks which registers it wrote.
/// </summary>
public sealed class HardwareSubstitutionTests
{
    private const uint IoctlFactorial = 0x222000;

    private static Script EduDriver => ScriptTestCases.Load(Path.Combine(ExampleTests.ExamplesDirectory, "edu_driver.drv"));

    private static SimulationRunOptions WithBus(string model, IRegisterBus bus) =>
        new() { Buses = new Dictionary<string, IRegisterBus> { [model] = bus } };

    private static IRegisterBus EduBus()
    {
        var bus = Substitute.For<IRegisterBus>();
        bus.Read32(0x00).Returns(0x010000edu);      // ID: what the driver checks in d0_entry
        return bus;
    }

    [Fact]
    public void A_drv_test_runs_against_a_mocked_bus_and_the_mock_sees_the_drivers_accesses()
    {
        var bus = EduBus();
        var options = new RunOptions { RuntimeFactory = SimulationRuntime.Factory(WithBus("Edu", bus)) };
        var result = EduDriver.RunTest("bad ioctls are rejected", options);
        result.Passed.ShouldBeTrue(result.Failure?.ToString());
        bus.Received(1).Read32(0x00);
        bus.DidNotReceive().Write32(0x08, Arg.Any<uint>());      // a rejected ioctl starts no computation
    }

    [Fact]
    public void The_factorial_ioctl_writes_status_then_factorial_and_completes_when_the_mock_interrupts()
    {
        var bus = EduBus();
        using var sim = ScriptSimulation.Start(EduDriver, simulation: WithBus("Edu", bus));
        var dev = sim.Plug("EduDriver");
        dev.Started.ShouldBeTrue();

        var pending = dev.SubmitIoctl(IoctlFactorial, BitConverter.GetBytes(5u), 4);
        sim.Settle();
        Received.InOrder(() =>
        {
            bus.Write32(0x20, 0x80);        // STATUS: interrupt when done
            bus.Write32(0x08, 5);           // FACTORIAL: start
        });
        pending.IsCompleted.ShouldBeFalse();

        // Play the device: the result is ready, the line goes up until the driver acknowledges.
        var edu = dev.Hardware.ShouldBeOfType<RegisterBusDevice>();
        bus.Read32(0x24).Returns(1u);       // INT_STATUS
        bus.Read32(0x08).Returns(120u);     // FACTORIAL
        bus.When(b => b.Write32(0x64, Arg.Any<uint>())).Do(_ =>
        {
            bus.Read32(0x24).Returns(0u);
            edu.SetLine("irq", false);
        });
        edu.SetLine("irq", true);

        var result = dev.Wait(pending);
        result.Status.ShouldBe(NtStatus.Success);
        BitConverter.ToUInt32(result.Data.Span).ShouldBe(120u);
        bus.Received(1).Write32(0x64, 1);   // INT_ACK from the ISR
        sim.Violations.ShouldBeEmpty();
    }

    [Fact]
    public void A_mock_can_stand_in_for_a_built_in_csharp_model_too()
    {
        var script = Drv.Compile("""
            device D {
                uses QemuEdu;
                on d0_entry(from) { hw.LIVENESS = 0x1234; }
            }
            test "t" { let dev = plug(D); expect dev.started; expect dev.hw.LIVENESS == 7; }
            """);
        var bus = Substitute.For<IRegisterBus>();
        bus.Read32(0x04).Returns(7u);
        var result = script.RunTest("t", new RunOptions { RuntimeFactory = SimulationRuntime.Factory(WithBus("QemuEdu", bus)) });
        result.Passed.ShouldBeTrue(result.Failure?.ToString());
        bus.Received(1).Write32(0x04, 0x1234);
    }

    [Fact]
    public void A_bus_that_throws_in_driver_code_is_bug_check_0x1E_thrown_as_SimulationStoppedException()
    {
        var bus = Substitute.For<IRegisterBus>();
        bus.Read32(0x00).Returns(_ => throw new InvalidOperationException("bus fault"));
        using var sim = ScriptSimulation.Start(EduDriver, simulation: WithBus("Edu", bus));
        var e = Should.Throw<DriverScript.Framework.Verifier.SimulationStoppedException>(() => sim.Plug("EduDriver"));
        e.Violation.Code.ShouldBe(0x1EU);
        e.Violation.Message.ShouldContain("bus fault");
        sim.BugCheck.ShouldBeSameAs(e.Violation);
    }

    [Fact]
    public void A_field_assignment_merges_into_the_last_value_seen_on_the_bus_and_writes_the_whole_register()
    {
        var script = Drv.Compile("""
            hardware H {
                registers(size = 0x10) {
                    reg CTRL @ 0x0 : u32 { field en [0] : rw; field irq [7] : rw; }
                }
            }
            device D {
                uses H;
                on d0_entry(from) {
                    let before = hw.CTRL;
                    hw.CTRL.irq = 1;
                }
            }
            """);
        var bus = Substitute.For<IRegisterBus>();
        bus.Read32(0x0).Returns(0x1u);
        using var sim = ScriptSimulation.Start(script, simulation: WithBus("H", bus));
        sim.Plug("D").Started.ShouldBeTrue();
        bus.Received(1).Read32(0x0);
        bus.Received(1).Write32(0x0, 0x81);
    }

    /// <summary>A tiny C# model: an identity register and a rate register that records what was written.</summary>
    private sealed class Blinker : DeviceModel
    {
        public Blinker(HardwareContext context) : base("Blinker", context, registerSpaceSize: 0x10)
        {
            Registers.Define32(0x0, "ID", 0xB1B1, FieldModes.ReadOnly);
            Registers.Define32(0x4, "RATE").WithWriteCallback((_, v) => Rates.Add(v));
        }

        public List<ulong> Rates { get; } = [];
    }

    private const string BlinkerDriver = """
        device BlinkerDriver {
            uses Blinker;
            on d0_entry(from) {
                if hw.ID != 0xB1B1 { return STATUS_DEVICE_CONFIGURATION_ERROR; }
                hw.RATE = 5;
            }
        }
        test "the rate is set at power-up" {
            let dev = plug(BlinkerDriver);
            expect dev.started;
            expect dev.hw.RATE == 5;
        }
        """;

    [Fact]
    public void A_csharp_model_registered_by_name_is_known_to_the_checker_and_runs_in_the_simulation()
    {
        var models = DeviceModelRegistry.CreateDefault();
        models.Register("Blinker", context => new Blinker(context));
        var script = Script.Compile(BlinkerDriver, "blinker.drv", ScriptHost.CompilationOptionsFor(models));
        script.Diagnostics.ShouldBeEmpty();

        var simulation = new SimulationRunOptions { HardwareModels = models };
        script.RunTest("the rate is set at power-up", new RunOptions { RuntimeFactory = SimulationRuntime.Factory(simulation) })
            .Passed.ShouldBeTrue();

        using var sim = ScriptSimulation.Start(script, simulation: simulation);
        var dev = sim.Plug("BlinkerDriver");
        dev.Hardware.ShouldBeOfType<Blinker>().Rates.ShouldBe([5UL]);
    }

    [Fact]
    public void Without_the_registry_the_checker_does_not_know_the_model()
    {
        var script = Script.Compile(BlinkerDriver, "blinker.drv");
        script.HasErrors.ShouldBeTrue();
        script.Diagnostics.ShouldContain(d => d.Message.Contains("Blinker"));
    }
}

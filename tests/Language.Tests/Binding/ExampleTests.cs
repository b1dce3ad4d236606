using DriverScript.Language.Binding;
using DriverScript.Language.Symbols;

namespace DriverScript.Language.Tests.Binding;

public class ExampleTests : BinderTestBase
{
    public static IEnumerable<object[]> ExampleFiles() =>
        Directory.EnumerateFiles(Path.Combine(RepoPaths.Root, "examples"), "*.drv", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(RepoPaths.Root, f).Replace('\\', '/'))
            .OrderBy(f => f, StringComparer.Ordinal)
            .Select(f => new object[] { f });

    [Theory]
    [MemberData(nameof(ExampleFiles))]
    public void Examples_check_clean(string path)
    {
        var full = Path.Combine(RepoPaths.Root, path);
        var c = Compilation.FromFile(full, new CompilationOptions { HardwareModels = TestHardwareModels.All });
        c.Diagnostics.ShouldBeEmpty(Describe(c.Diagnostics));
        c.Program.ShouldNotBeNull();
    }

    [Fact]
    public void Echo_binds_its_queue_timer_and_callbacks()
    {
        var c = Compilation.FromFile(Path.Combine(RepoPaths.Root, "examples/echo.drv"));
        var echo = c.Program!.FindDevice("Echo")!;
        echo.Sync.ShouldBe(SyncScope.Queue);
        var main = echo.Queues.Single();
        main.IsDefault.ShouldBeTrue();
        main.Dispatch.ShouldBe(QueueDispatch.Sequential);
        main.PowerManaged.ShouldBeTrue();
        var read = main.FindCallback(CallbackKind.IoRead)!;
        read.Irql.ShouldBe(Irql.Dispatch);
        read.Descriptor.KmdfName.ShouldBe("EvtIoRead");
        read.Parameters.Single().Type.ShouldBe(TypeSymbol.Request);
        var tick = echo.Timers.Single();
        tick.ParentQueue.ShouldBe(main);
        tick.PeriodNanoseconds.ShouldBe(2_000_000_000UL);
        tick.Expire!.Irql.ShouldBe(Irql.Dispatch);
        echo.FindCallback(CallbackKind.SelfManagedIoInit)!.Irql.ShouldBe(Irql.Passive);
        c.Program.Tests.ShouldNotBeEmpty();
    }

    [Fact]
    public void Edu_hardware_binds_its_register_map()
    {
        var c = Compilation.FromFile(Path.Combine(RepoPaths.Root, "examples/hardware/edu.drv"));
        var edu = c.Program!.FindHardware("Edu")!;
        edu.Size.ShouldBe(0x100000UL);
        edu.UnmappedReadsOnes.ShouldBeTrue();
        edu.NarrowZeroExtends.ShouldBeTrue();
        edu.WidthRules.ShouldBe([
            new WidthRule(0, 0x100000, 4 | 8, true, RejectedReadValue.Zeros),
            new WidthRule(0, 0x80, 4, true, RejectedReadValue.Unmapped),
        ]);
        edu.Memories.Single().Hidden.ShouldBeTrue();
        edu.Registers.Select(r => r.Name).Take(7).ShouldBe(new[] { "ID", "LIVENESS", "FACTORIAL", "STATUS", "INT_STATUS", "INT_RAISE", "INT_ACK" });
        edu.FindRegister("ID")!.ResetValue.ShouldBe(0x010000edUL);
        edu.FindRegister("ID")!.Access.ShouldBe(Syntax.AccessMode.ReadOnly);
        var status = edu.FindRegister("STATUS")!;
        status.FindField("irq_on_done")!.Mask.ShouldBe(0x80UL);
        edu.FindRegister("FACTORIAL")!.LockedWhen.ShouldNotBeNull();
        edu.FindRegister("FACTORIAL")!.WriteHandler!.Body.Statements.Last().ShouldBeOfType<BoundAfter>();
        edu.Lines.Single().Level.ShouldNotBeNull();
        edu.Memories.Single().Size.ShouldBe(4096UL);
        edu.Functions.Select(f => f.Name).ShouldContain("raise");
    }
}

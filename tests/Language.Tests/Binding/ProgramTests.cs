using System.Text;
using DriverScript.Language.Binding;
using DriverScript.Language.Symbols;

namespace DriverScript.Language.Tests.Binding;

public class ProgramTests : BinderTestBase
{
    private static Compilation CompileFiles(Dictionary<string, string> files, string root)
    {
        var options = new CompilationOptions
        {
            HardwareModels = TestHardwareModels.All,
            ReadFile = path =>
            {
                var key = Path.GetFileName(path);
                return files.TryGetValue(key, out var text) ? Encoding.UTF8.GetBytes(text) : null;
            },
        };
        return Compilation.FromText(Path.Combine(Path.GetTempPath(), root), files[root], options);
    }

    [Fact]
    public void Imported_declarations_share_the_global_scope_but_only_the_roots_tests_and_statements_run()
    {
        var c = CompileFiles(new()
        {
            ["root.drv"] = "import \"lib.drv\";\ntest \"root test\" { expect twice(2) == 4; }\nprint(twice(LIMIT));",
            ["lib.drv"] = "const LIMIT: u32 = 8;\nfn twice(n: u32) -> u32 { return n * 2; }\ntest \"library test\" { expect twice(1) == 2; }\nprint(1);",
        }, "root.drv");
        c.Diagnostics.ShouldBeEmpty(Describe(c.Diagnostics));
        c.Program!.Tests.Select(t => t.Name).ShouldBe(new[] { "root test" });
        c.Program.TopLevel.Statements.Length.ShouldBe(1);
        c.Program.FindFunction("twice").ShouldNotBeNull();
    }

    [Fact]
    public void A_file_with_syntax_errors_reports_only_those_but_its_declarations_still_bind()
    {
        var c = CompileFiles(new()
        {
            ["root.drv"] = "import \"lib.drv\";\nprint(twice(2));",
            ["lib.drv"] = "fn twice(n: u32) -> u32 { let m = n * 2\n return m; }",
        }, "root.drv");
        c.Diagnostics.Select(d => d.Code).ShouldBe(new[] { "DS0010" });
    }

    [Fact]
    public void Indexing_something_that_is_not_bytes_or_a_list_is_DS1018()
    {
        ShouldReportOnly("fn f(s: string) -> u8 { return s[0]; }", "DS1018", 1, 32);
        ShouldReportOnly("fn f(n: u32) -> u32 { return n[0..1]; }", "DS1018", 1, 30);
    }

    [Fact]
    public void The_program_exposes_everything_the_interpreter_runs()
    {
        var c = ShouldBeClean("""
            const K: u32 = 3;
            enum Mode { A, B }
            fn f() -> u32 { return K; }
            hardware H { registers(size = 4) { reg R @ 0 : u32; } }
            device D { uses H; on d0_entry { log(hw.R); } }
            test "t" { expect f() == 3; }
            let dev = plug(D);
            print(dev.started, Mode.B as u32);
            """);
        var p = c.Program!;
        p.Constants.Single().Value.Bits.ShouldBe(3UL);
        p.Enums.Single().Name.ShouldBe("Mode");
        p.Functions.Single().Index.ShouldBe(0);
        p.HardwareModels.Select(h => h.Name).ShouldBe(new[] { "H", "QemuEdu" });
        p.Devices.Single().Hardware!.Name.ShouldBe("H");
        p.Tests.Single().FrameSize.ShouldBe(0);
        p.Globals.Single().Name.ShouldBe("dev");
        var plug = p.TopLevel.Statements[0].ShouldBeOfType<BoundGlobalDeclaration>().Initializer.ShouldBeOfType<BoundPlug>();
        plug.Hardware!.Name.ShouldBe("H");
        var read = p.Devices[0].Callbacks[0].Body.Statements[0].ShouldBeOfType<BoundExpressionStatement>()
            .Expression.ShouldBeOfType<BoundIntrinsicCall>().Arguments[0].ShouldBeOfType<BoundRegisterAccess>();
        read.Path.ShouldBe(RegisterPath.DriverBus);
        read.Register.Offset.ShouldBe(0UL);
    }

    [Fact]
    public void Every_intrinsic_has_facts()
    {
        foreach (var i in Enum.GetValues<Intrinsic>()) i.Info().Name.ShouldNotBeNullOrEmpty();
        Intrinsic.Sleep.Info().MaxIrql.ShouldBe(Irql.Passive);
        Intrinsic.Complete.Info().MaxIrql.ShouldBe(Irql.Dispatch);
        Intrinsic.Stall.Info().MaxIrql.ShouldBe(Irql.High);
        Intrinsic.TimerStop.Info().LimitDependsOnWaitArgument.ShouldBeTrue();
    }
}

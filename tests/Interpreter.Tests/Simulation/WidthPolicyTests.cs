namespace DriverScript.Interpreter.Tests.Simulation;

/// <summary>
/// A hardware block's width policy (<c>registers(widths, aligned, rejected, narrow)</c>,
/// <c>access @ a..b : ...</c>, <c>memory ... hidden</c>) reaches the register map: bus accesses of
/// other widths read what the policy says and their writes are dropped.
/// </summary>
public sealed class WidthPolicyTests
{
    private static string Run(string hardware, string accesses)
    {
        string source = $$"""
            {{hardware}}
            device D { uses H; }
            let dev = plug(D);
            {{accesses}}
            """;
        var script = Script.Compile(source, "width_policy.drv", ScriptHost.DefaultCompilationOptions);
        script.Diagnostics.ShouldBeEmpty(string.Join("\n", script.Diagnostics));
        var output = new StringWriter();
        var result = script.Run(ExampleTests.Options with { Output = output });
        result.Succeeded.ShouldBeTrue(result.Error?.ToString());
        return output.ToString().Replace("\n", " ", StringComparison.Ordinal).Trim();
    }

    private const string Accesses = """
        dev.hw.write64(0x10, 0x0102030405060708);
        print(dev.hw.read64(0x10));
        print(dev.hw.read32(0x10));
        dev.hw.write32(0x10, 0xAABBCCDD);
        print(dev.hw.read64(0x10));
        print(dev.hw.read8(0x00));
        print(dev.hw.read32(0x02));
        print(dev.hw.read32(0x40));
        """;

    [Fact]
    public void Without_a_policy_only_the_registers_width_reaches_it_and_memory_is_on_the_bus()
    {
        Run("""
            hardware H {
                registers(size = 0x100, unmapped = ones) {
                    reg A @ 0x00 : u32 = 0x11223344;
                    reg B @ 0x10 : u64;
                    memory M @ 0x40 : 0x10;
                }
            }
            """, Accesses).ShouldBe("72623859790382856 4294967295 72623859790382856 255 4294967295 0");
    }

    [Fact]
    public void The_policy_zero_extends_narrow_accesses_rejects_widths_and_hides_memory()
    {
        Run("""
            hardware H {
                registers(size = 0x100, unmapped = ones, widths = 4 | 8, rejected = zeros, narrow = zero_extend) {
                    access @ 0x00..0x10 : widths = 4;
                    reg A @ 0x00 : u32 = 0x11223344;
                    reg B @ 0x10 : u64;
                    memory M @ 0x40 : 0x10 hidden;
                }
            }
            """, Accesses).ShouldBe("72623859790382856 84281096 2864434397 0 0 4294967295");
    }

    [Fact]
    public void The_first_rule_that_rejects_decides_what_is_read()
    {
        const string Hardware = """
            hardware H {
                registers(size = 0x100, unmapped = ones, widths = 2 | 4, rejected = zeros) {
                    access @ 0x00..0x10 : widths = 4, rejected = unmapped;
                    access @ 0x00..0x10 : widths = 2, rejected = ones;
                    access @ 0x20..0x30 : widths = 2 | 4, aligned = false, rejected = ones;
                    reg A @ 0x00 : u32 = 0x11223344;
                    reg C @ 0x20 : u32 = 0x55667788;
                }
            }
            """;
        Run(Hardware, """
            print(dev.hw.read8(0x00));
            print(dev.hw.read16(0x00));
            print(dev.hw.read32(0x00));
            print(dev.hw.read32(0x22));
            print(dev.hw.read32(0x20));
            """).ShouldBe("0 65535 4294967295 0 1432778632");
    }

    [Fact]
    public void The_conformance_case_for_width_policies_passes_on_the_simulation()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !Directory.Exists(Path.Combine(dir.FullName, "tests", "Conformance"))) dir = dir.Parent;
        var script = Script.CompileFile(Path.Combine(dir!.FullName, "tests", "Conformance", "Correct", "hardware_width_policy.drv"));
        script.Diagnostics.ShouldBeEmpty();
        var results = script.RunTests(ExampleTests.Options);
        results.ShouldNotBeEmpty();
        results.ShouldAllBe(r => r.Passed, string.Join("\n", results.Select(r => r.Failure?.ToString())));
    }
}

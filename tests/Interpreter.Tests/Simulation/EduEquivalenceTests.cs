namespace DriverScript.Interpreter.Tests.Simulation;

/// <summary>
/// examples/hardware/edu.drv (the edu device as a hardware block) and the built-in C# QemuEdu must
/// give the same results for the same register sequences, bus access for bus access.
/// </summary>
public sealed class EduEquivalenceTests
{
    // Each line is one host bus access; reads are printed. {DEV} is the device handle.
    private const string Sequence = """
        print(dev.hw.read32(0x00));                    // ID
        dev.hw.write32(0x00, 0);                       // ID is read-only
        print(dev.hw.read32(0x00));
        print(dev.hw.read32(0x04));                    // liveness
        dev.hw.write32(0x04, 0xA5A5A5A5);
        print(dev.hw.read32(0x04));
        dev.hw.write32(0x08, 5);                       // factorial starts
        print(dev.hw.read32(0x20));                    // busy
        dev.hw.write32(0x08, 7);                       // dropped while busy
        advance(20us);
        print(dev.hw.read32(0x08));
        print(dev.hw.read32(0x20));
        dev.hw.write32(0x20, 0x80);                    // interrupt when done
        dev.hw.write32(0x08, 12);
        advance(20us);
        print(dev.hw.read32(0x08));
        print(dev.hw.read32(0x24));                    // factorial interrupt 0x1
        dev.hw.write32(0x64, 1);                       // acknowledge
        print(dev.hw.read32(0x24));
        dev.hw.write32(0x60, 0x30);                    // raise
        print(dev.hw.read32(0x24));
        dev.hw.write32(0x64, 0x10);
        print(dev.hw.read32(0x24));
        print(dev.hw.read32(0x60));                    // write-only: all ones
        print(dev.hw.read32(0x0C));                    // unmapped: all ones
        dev.hw.write32(0x20, 0);
        print(dev.hw.read32(0x20));
        """;

    private static string Run(string device)
    {
        string source = $$"""
            import "hardware/edu.drv";
            device ScriptEdu { uses Edu; }
            device CSharpEdu { uses QemuEdu; }
            let dev = plug({{device}});
            {{Sequence}}
            """;
        // Compiled as if it stood in examples/, so the import resolves inside the tree.
        var script = Script.Compile(source, Path.Combine(ExampleTests.ExamplesDirectory, "edu_equivalence.drv"), ScriptHost.DefaultCompilationOptions);
        script.Diagnostics.ShouldBeEmpty(string.Join("\n", script.Diagnostics));
        var output = new StringWriter();
        var result = script.Run(ExampleTests.Options with { Output = output });
        result.Succeeded.ShouldBeTrue(result.Error?.ToString());
        return output.ToString();
    }

    [Fact]
    public void The_hardware_block_and_the_CSharp_model_agree_on_every_access()
    {
        string scripted = Run("ScriptEdu");
        string builtIn = Run("CSharpEdu");
        scripted.Split('\n').Length.ShouldBeGreaterThan(15);
        scripted.ShouldBe(builtIn);
        scripted.ShouldStartWith("16777453\n16777453\n0\n1515870810\n1\n120\n0\n479001600\n1\n0\n48\n32\n");
    }
}

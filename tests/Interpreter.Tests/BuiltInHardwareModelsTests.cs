using DriverScript.Language;
using DriverScript.Language.Syntax;

namespace DriverScript.Interpreter.Tests;

public class BuiltInHardwareModelsTests
{
    [Fact]
    public void QemuEdu_is_described_from_the_CSharp_model()
    {
        var edu = BuiltInHardwareModels.All.Where(m => m.Name == "QemuEdu").ShouldHaveSingleItem();
        var byName = edu.Registers.ToDictionary(r => r.Name);
        byName["ID"].Offset.ShouldBe(0x00UL);
        byName["ID"].Access.ShouldBe(AccessMode.ReadOnly);
        byName["FACTORIAL"].Offset.ShouldBe(0x08UL);
        byName["STATUS"].Fields.Select(f => (f.Name, f.High, f.Low)).ShouldContain(("irq_on_done", 7, 7));
        byName["DMA_CMD"].WidthBits.ShouldBe(64);
        edu.InterruptLines.ShouldContain("irq");
    }

    [Fact]
    public void A_script_using_QemuEdu_checks_against_its_registers()
    {
        const string source = """
            device D {
                uses QemuEdu;
                on prepare_hardware { if hw.ID != 0x010000ed { return STATUS_DEVICE_CONFIGURATION_ERROR; } }
                on d0_entry(from) { hw.NO_SUCH_REGISTER = 1; }
            }
            """;
        var compilation = Compilation.FromText("t.drv", source, ScriptHost.DefaultCompilationOptions);
        var d = compilation.Diagnostics.ShouldHaveSingleItem();
        d.Code.ShouldBe("DS1006");
        d.Line.ShouldBe(4);
    }
}

using DriverScript.Hardware.Devices.Edu;
using DriverScript.Hardware.Registers;

namespace DriverScript.Hardware.Tests.Devices.Edu;

/// <summary>
/// The shape the language sees through <c>uses QemuEdu;</c> (register and field names, widths, access,
/// memories, lines), which must match LANGUAGE.md §7's <c>hardware Edu</c> and examples/hardware/edu.drv.
/// </summary>
public class QemuEduShapeTests
{
    private readonly QemuEdu edu = new(new HardwareContext());

    [Fact]
    public void Registers_have_the_names_offsets_and_widths_of_the_script_model()
    {
        edu.Registers.Registers.Select(r => $"{r.Name}@0x{r.Offset:X2}:u{r.BitWidth}").ShouldBe([
            "ID@0x00:u32", "LIVENESS@0x04:u32", "FACTORIAL@0x08:u32", "STATUS@0x20:u32", "INT_STATUS@0x24:u32",
            "INT_RAISE@0x60:u32", "INT_ACK@0x64:u32", "DMA_SRC@0x80:u64", "DMA_DST@0x88:u64", "DMA_CNT@0x90:u64",
            "DMA_CMD@0x98:u64",
        ]);
    }

    [Fact]
    public void Access_is_readable_and_writable_as_the_script_model_declares()
    {
        string Access(Register r) => (r.IsReadable, r.IsWritable) switch
        {
            (true, true) => "rw",
            (true, false) => "ro",
            (false, true) => "wo",
            _ => "na",
        };

        edu.Registers.Registers.Select(r => $"{r.Name}:{Access(r)}").ShouldBe([
            "ID:ro", "LIVENESS:rw", "FACTORIAL:rw", "STATUS:rw", "INT_STATUS:ro", "INT_RAISE:wo", "INT_ACK:wo",
            "DMA_SRC:rw", "DMA_DST:rw", "DMA_CNT:rw", "DMA_CMD:rw",
        ]);
    }

    [Fact]
    public void Only_status_has_fields_computing_and_irq_on_done()
    {
        edu.Registers.Registers.Where(r => r.Fields.Count > 0).Select(r => r.Name).ShouldBe(["STATUS"]);
        edu.Registers.GetRegister("STATUS").Fields.Select(f => $"{f.Name}[{f.Position}]:{f.Mode.ToKeyword()}")
            .ShouldBe(["computing[0]:ro", "irq_on_done[7]:rw"]);
    }

    [Fact]
    public void The_dma_buffer_and_the_interrupt_outputs_are_named_as_in_the_script_model()
    {
        var memory = edu.Registers.Memories.ShouldHaveSingleItem();
        (memory.Name, memory.Offset, memory.Size, memory.MmioVisible).ShouldBe(("DMA_BUF", 0x40000L, 4096, false));
        edu.InterruptLines.Select(l => l.Name).ShouldBe(["irq"]);
        edu.MessageInterrupts.Select(m => m.Name).ShouldBe(["msi"]);
    }
}

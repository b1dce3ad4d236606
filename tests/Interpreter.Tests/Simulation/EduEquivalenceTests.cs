namespace DriverScript.Interpreter.Tests.Simulation;

/// <summary>
/// examples/hardware/edu.drv (the edu device as a hardware block) and the built-in C# QemuEdu must
/// give the same results for the same register sequences, bus access for bus access: 4-byte accesses,
/// the width policy (1-, 2- and 8-byte and unaligned accesses below and above 0x80, mapped and
/// unmapped, HARDWARE.md §2) and the DMA engine driven by a driver's common buffer.
/// </summary>
public sealed class EduEquivalenceTests
{
    // Each line is one host bus access; reads are printed. `dev` is a plugged device with no driver code.
    private const string RegisterSequence = """
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

    // The width policy: QEMU's memory core takes only aligned 4- and 8-byte accesses (others read 0,
    // writes dropped); edu takes only 4 bytes below 0x80 (an 8-byte read there is all ones).
    private const string WidthSequence = """
        print(dev.hw.read8(0x00));                     // 1 byte below 0x80, mapped: 0
        print(dev.hw.read16(0x00));                    // 2 bytes: 0
        print(dev.hw.read64(0x00));                    // 8 bytes below 0x80: all ones
        print(dev.hw.read8(0x0C));                     // unmapped, 1 byte: still 0
        print(dev.hw.read16(0x0E));
        print(dev.hw.read64(0x08));                    // 8 bytes, mapped and below 0x80: all ones
        print(dev.hw.read64(0x78));                    // 8 bytes, unmapped below 0x80
        print(dev.hw.read32(0x02));                    // unaligned 4-byte: 0
        dev.hw.write8(0x04, 0x12);                     // dropped
        print(dev.hw.read32(0x04));
        dev.hw.write16(0x04, 0x1234);                  // dropped
        print(dev.hw.read32(0x04));
        dev.hw.write64(0x04, 0x1122334455667788);      // unaligned and below 0x80: dropped
        dev.hw.write64(0x00, 0x1122334455667788);      // 8 bytes below 0x80: dropped
        print(dev.hw.read32(0x04));
        print(dev.hw.read32(0x00));
        dev.hw.write16(0x20, 0x80);                    // 2-byte STATUS write dropped
        print(dev.hw.read32(0x20));
        dev.hw.write8(0x60, 0x01);                     // 1-byte raise dropped
        print(dev.hw.read32(0x24));
        dev.hw.write64(0x60, 0x02);                    // 8-byte raise dropped
        print(dev.hw.read32(0x24));
        dev.hw.write64(0x80, 0x1122334455667788);      // 8 bytes at 0x80 and above: taken
        print(dev.hw.read64(0x80));
        print(dev.hw.read32(0x80));                    // 4-byte read of a 64-bit register: low half
        print(dev.hw.read32(0x84));                    // +4 is unmapped: all ones
        print(dev.hw.read64(0x84));                    // unaligned 8-byte: 0
        print(dev.hw.read8(0x80));                     // 1 byte at 0x80: 0
        print(dev.hw.read16(0x80));
        dev.hw.write32(0x80, 0xAABBCCDD);              // 4-byte write zero-extends
        print(dev.hw.read64(0x80));
        dev.hw.write8(0x80, 0x55);                     // dropped
        dev.hw.write16(0x80, 0x5555);                  // dropped
        dev.hw.write32(0x84, 0x99);                    // unmapped: dropped
        print(dev.hw.read64(0x80));
        dev.hw.write64(0x90, 0xFFFFFFFFFFFFFFFF);
        print(dev.hw.read64(0x90));
        print(dev.hw.read64(0x98));                    // DMA_CMD, idle: 0
        print(dev.hw.read64(0xA0));                    // unmapped above 0x80: all ones
        print(dev.hw.read32(0xA4));
        print(dev.hw.read8(0xA0));                     // 1 byte unmapped above 0x80: 0
        print(dev.hw.read32(0x40000));                 // the DMA buffer is not visible on the bus
        print(dev.hw.read64(0x40000));
        print(dev.hw.read8(0x40000));
        dev.hw.write32(0x40000, 0x12345678);           // dropped
        print(dev.hw.read32(0x40000));
        print(dev.hw.read64(0xFFFF8));                 // last 8 bytes of the 1 MiB space
        """;

    // DMA through a driver's common buffer, programmed by the host on the bus; the ISR acknowledges
    // and records what it saw. `d` is the plugged DmaHost.
    private const string DmaSequence = """
        let data = b"edu moves these one hundred bytes from RAM into its buffer and back out again, byte for byte, intact";
        print(len(data));
        let base = from_le64(d.ioctl(1, data, 8).data);
        d.hw.write64(0x80, base);                      // src: the common buffer
        d.hw.write64(0x88, 0x40000);                   // dst: the device buffer
        d.hw.write64(0x90, 100);
        d.hw.write64(0x98, 0x5);                       // RUN | IRQ, RAM -> device
        print(d.hw.read64(0x98));                      // 5 while running
        d.hw.write64(0x80, 0x1234);                    // frozen while RUN
        d.hw.write32(0x90, 7);
        d.hw.write64(0x98, 0x7);                       // a second start is ignored
        print(d.hw.read64(0x80) == base);
        print(d.hw.read64(0x90));
        print(d.hw.read64(0x98));
        advance(50ms);
        print(d.hw.read32(0x98));                      // still running at +50 ms
        print(d.state.isrs);
        advance(60ms);
        print(d.hw.read32(0x98));                      // 4: RUN cleared, IRQ kept
        print(d.state.isrs);
        print(d.state.seen);                           // 0x100
        print(d.hw.read32(0x24));                      // acknowledged by the ISR
        d.hw.write32(0x80, 0x40000);                   // back out, with 4-byte writes
        d.hw.write64(0x88, (base + 2048) | 0x10000000); // above the DMA mask: clamped to the buffer
        d.hw.write32(0x90, 100);
        d.hw.write32(0x98, 0x2);                       // no RUN: ignored entirely
        print(d.hw.read32(0x98));
        d.hw.write32(0x98, 0x3);                       // RUN | TO_RAM, no interrupt
        advance(100ms);
        print(d.hw.read32(0x98));
        print(d.state.isrs);
        print(d.ioctl(2, b"", 100).data == data);
        print(d.ioctl(2, b"", 100).data);
        d.hw.write64(0x80, 0x40F80);                   // source range past the buffer's end: skipped
        d.hw.write64(0x88, base + 3000);
        d.hw.write64(0x90, 0x100);
        d.hw.write64(0x98, 0x7);
        advance(100ms);
        print(d.hw.read32(0x98));                      // the command still completes
        print(d.state.isrs);
        print(d.state.seen);
        d.hw.write64(0x80, base);                      // cnt = 0 works
        d.hw.write64(0x88, 0x40000);
        d.hw.write64(0x90, 0);
        d.hw.write64(0x98, 0x5);
        advance(100ms);
        print(d.hw.read32(0x98));
        print(d.state.isrs);
        """;

    private static string Run(string model)
    {
        string source = $$"""
            import "hardware/edu.drv";

            fn le64(v: u64) -> bytes {
                return [(v & 0xFF) as u8, (v >> 8 & 0xFF) as u8, (v >> 16 & 0xFF) as u8, (v >> 24 & 0xFF) as u8,
                        (v >> 32 & 0xFF) as u8, (v >> 40 & 0xFF) as u8, (v >> 48 & 0xFF) as u8, (v >> 56) as u8];
            }

            fn from_le64(b: bytes) -> u64 {
                var v: u64 = 0;
                for i in 0..8 { v = v | (b[i] as u64) << (i * 8); }
                return v;
            }

            device Bare { uses {{model}}; }

            device DmaHost {
                uses {{model}};
                state {
                    buffer: dma_buffer? = none;
                    isrs: u32 = 0;
                    seen: u32 = 0;
                }
                queue ioctls : default, sequential {
                    on ioctl(req) {
                        let b = self.buffer!;
                        match req.code {
                            1 => {
                                b.write(0, req.input);
                                complete(req, STATUS_SUCCESS, le64(b.address));
                            }
                            _ => { complete(req, STATUS_SUCCESS, b.read(2048, req.output_length as u32)); }
                        }
                    }
                }
                interrupt irq {
                    on isr(message) -> bool {
                        let status = hw.INT_STATUS;
                        if status == 0 { return false; }
                        hw.INT_ACK = status;
                        self.isrs += 1;
                        self.seen = self.seen | status;
                        return true;
                    }
                }
                on prepare_hardware { self.buffer = dma_buffer(4096); }
            }

            let dev = plug(Bare);
            {{RegisterSequence}}
            {{WidthSequence}}
            let d = plug(DmaHost);
            {{DmaSequence}}
            """;
        // Compiled as if it stood in examples/, so the import resolves inside the tree.
        var script = Script.Compile(source, Path.Combine(ExampleTests.ExamplesDirectory, "edu_equivalence.drv"), ScriptHost.DefaultCompilationOptions);
        script.Diagnostics.ShouldBeEmpty(string.Join("\n", script.Diagnostics));
        var output = new StringWriter();
        var result = script.Run(ExampleTests.Options with { Output = output });
        result.Succeeded.ShouldBeTrue(result.Error?.ToString());
        return output.ToString();
    }

    private static string[] Lines(string output) => output.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    [Fact]
    public void The_hardware_block_and_the_CSharp_model_agree_on_every_access()
    {
        var scripted = Lines(Run("Edu"));
        var builtIn = Lines(Run("QemuEdu"));
        scripted.Length.ShouldBe(builtIn.Length);
        for (int i = 0; i < scripted.Length; i++)
            scripted[i].ShouldBe(builtIn[i], $"output line {i + 1} differs (script model vs QemuEdu)");
    }

    [Fact]
    public void Four_byte_accesses_follow_the_edu_specification()
    {
        string.Join(",", Lines(Run("Edu")).Take(12)).ShouldBe("16777453,16777453,0,1515870810,1,120,0,479001600,1,0,48,32");
    }

    [Fact]
    public void Accesses_of_other_widths_follow_the_edu_width_policy()
    {
        const string Ones32 = "4294967295", Ones64 = "18446744073709551615";
        Lines(Run("Edu")).Skip(15).Take(33).ShouldBe([
            "0", "0", Ones64, "0", "0", Ones64, Ones64, "0",               // below 0x80: 1, 2 bytes and unaligned read 0, 8 bytes all ones
            "1515870810", "1515870810", "1515870810", "16777453", "0", "32", "32", // the dropped writes changed nothing
            "1234605616436508552", "1432778632", Ones32, "0", "0", "0",  // 0x80: 8 bytes taken, low half, +4 unmapped, narrow and unaligned 0
            "2864434397", "2864434397", Ones64, "0",                       // a 4-byte write zero-extends; 1- and 2-byte writes dropped
            Ones64, Ones32, "0",                                           // unmapped above 0x80
            Ones32, Ones64, "0", Ones32,                                   // the DMA buffer is not on the bus
            Ones64,
        ]);
    }

    [Fact]
    public void A_DMA_round_trip_through_the_hardware_block_moves_the_data_and_interrupts_when_asked()
    {
        var lines = Lines(Run("Edu")).Skip(48).ToArray();
        lines[0..6].ShouldBe(["100", "5", "true", "100", "5", "5"]);   // running: registers frozen, a second start ignored, still running at +50 ms
        lines[6..10].ShouldBe(["0", "4", "1", "256"]);                // no interrupt yet; at +110 ms RUN is cleared and the ISR saw 0x100 once
        lines[10..15].ShouldBe(["0", "4", "2", "1", "true"]);          // acknowledged; a command without RUN ignored; back out without an interrupt; the data came back
        lines[16..19].ShouldBe(["6", "2", "256"]);                     // an out-of-range transfer still completes
        lines[19..21].ShouldBe(["4", "3"]);                            // cnt = 0 works
    }
}

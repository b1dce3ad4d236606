using DriverScript.Hardware.Time;
using DriverScript.Hardware.Tracing;

namespace DriverScript.Hardware.Tests.Tracing;

public class VcdWriterTests
{
    private static (VcdWriter Writer, StringWriter Text) Create() 
    {
        var text = new StringWriter();
        return (new VcdWriter(text), text);
    }

    [Fact]
    public void The_header_declares_a_1_ns_timescale_scopes_and_variables_then_dumps_initial_values()
    {
        var (vcd, text) = Create();
        vcd.BeginScope("edu");
        var irq = vcd.Declare("irq", 1, VcdVariableType.Wire);
        var status = vcd.Declare("INT_STATUS", 32, VcdVariableType.Reg);
        vcd.EndScope();
        vcd.SetInitial(irq, 0);
        vcd.SetInitial(status, 0);
        vcd.EndDefinitions(0);
        vcd.Dispose();

        text.ToString().ShouldBe(
            "$version DriverScript $end\n" +
            "$timescale 1 ns $end\n" +
            "$scope module edu $end\n" +
            "$var wire 1 ! irq $end\n" +
            "$var reg 32 \" INT_STATUS $end\n" +
            "$upscope $end\n" +
            "$enddefinitions $end\n" +
            "#0\n" +
            "$dumpvars\n" +
            "0!\n" +
            "b0 \"\n" +
            "$end\n");
    }

    [Fact]
    public void Changes_at_one_time_are_coalesced_in_declaration_order_and_unchanged_values_are_omitted()
    {
        var (vcd, text) = Create();
        vcd.BeginScope("dev");
        var a = vcd.Declare("a", 8, VcdVariableType.Reg);
        var b = vcd.Declare("b", 1, VcdVariableType.Wire);
        vcd.SetInitial(a, 0);
        vcd.SetInitial(b, 0);
        vcd.EndDefinitions(0);

        vcd.Change(10, b, 1);
        vcd.Change(10, a, 5);
        vcd.Change(10, a, 6);
        vcd.Change(20, b, 1);          // no change: no #20 block at all
        vcd.Change(30, a, 6);
        vcd.Change(30, b, 0);
        vcd.Dispose();

        text.ToString().Split("$end\n").Last().ShouldBe("#10\nb110 !\n1\"\n#30\n0\"\n");
    }

    [Fact]
    public void Values_are_written_in_binary_without_leading_zeros_and_masked_to_the_width()
    {
        var (vcd, text) = Create();
        vcd.BeginScope("dev");
        var nibble = vcd.Declare("n", 4, VcdVariableType.Reg);
        var wide = vcd.Declare("w", 64, VcdVariableType.Reg);
        vcd.EndDefinitions(0);

        vcd.Change(1, nibble, 0xFF);
        vcd.Change(1, wide, ulong.MaxValue);
        vcd.Dispose();

        var reader = VcdReader.Parse(text.ToString());
        reader["dev.n"].Values().ShouldBe([(0L, (ulong?)null), (1L, (ulong?)0xF)]);
        reader["dev.w"].ValueAt(1).ShouldBe(ulong.MaxValue);
        text.ToString().ShouldContain("b1111 !\n");
    }

    [Fact]
    public void An_event_variable_triggers_on_every_change_even_twice_in_a_row()
    {
        var (vcd, text) = Create();
        vcd.BeginScope("dev");
        var msi = vcd.Declare("msi", 1, VcdVariableType.Event);
        vcd.EndDefinitions(0);

        vcd.Change(5, msi, 1);
        vcd.Change(6, msi, 1);
        vcd.Dispose();

        VcdReader.Parse(text.ToString())["dev.msi"].Changes.Select(c => c.Time).ShouldBe([5L, 6L]);
        text.ToString().ShouldContain("$var event 1 ! msi $end");
    }

    [Fact]
    public void String_values_escape_spaces_and_non_printable_characters()
    {
        var (vcd, text) = Create();
        vcd.BeginScope("dev");
        var state = vcd.Declare("dstate", 1, VcdVariableType.String);
        vcd.SetInitial(state, "D0");
        vcd.EndDefinitions(0);

        vcd.Change(3, state, "D3 hot\\x");
        vcd.Dispose();

        text.ToString().ShouldContain("sD0 !\n");
        text.ToString().ShouldContain("#3\nsD3\\x20hot\\x5Cx !\n");
    }

    [Fact]
    public void Identifiers_are_unique_printable_codes_in_base_94()
    {
        var ids = Enumerable.Range(0, 10_000).Select(VcdWriter.EncodeId).ToList();

        ids.Distinct().Count().ShouldBe(10_000);
        ids.ShouldAllBe(id => id.All(c => c >= 33 && c <= 126));
        ids[0].ShouldBe("!");
        ids[93].ShouldBe("~");
        ids[94].ShouldBe("!\"");
    }

    [Fact]
    public void Names_with_spaces_are_made_single_tokens()
    {
        var (vcd, text) = Create();
        vcd.BeginScope("my device");
        vcd.Declare("a b", 1, VcdVariableType.Wire);
        vcd.EndDefinitions(0);
        vcd.Dispose();

        text.ToString().ShouldContain("$scope module my_device $end");
        text.ToString().ShouldContain("$var wire 1 ! a_b $end");
    }

    [Fact]
    public void Changes_at_the_start_time_follow_the_dumpvars_block_without_repeating_the_timestamp()
    {
        var (vcd, text) = Create();
        vcd.BeginScope("dev");
        var a = vcd.Declare("a", 1, VcdVariableType.Wire);
        vcd.SetInitial(a, 0);
        vcd.EndDefinitions(0);

        vcd.Change(0, a, 1);
        vcd.Flush(endTime: 10);

        text.ToString().Split("$enddefinitions $end\n")[1].ShouldBe("#0\n$dumpvars\n0!\n$end\n1!\n#10\n");
    }

    [Fact]
    public void Time_may_not_go_backwards_and_nothing_is_declared_after_the_header()
    {
        var (vcd, _) = Create();
        vcd.BeginScope("dev");
        var a = vcd.Declare("a", 1, VcdVariableType.Wire);
        vcd.EndDefinitions(100);

        Should.Throw<InvalidOperationException>(() => vcd.Change(99, a, 1));
        Should.Throw<InvalidOperationException>(() => vcd.Declare("b", 1, VcdVariableType.Wire));
    }

    [Fact]
    public void A_recorded_edu_session_parses_as_vcd_with_the_expected_waveforms()
    {
        var reader = VcdReader.Parse(EduWaveform.Record());
        var dmaDone = 21_000 + VirtualTime.Milliseconds(100);

        reader.Timescale.ShouldBe("1 ns");
        reader.SawDumpvars.ShouldBeTrue();
        reader["edu.ID"].Timeline().ShouldBe([(0L, (ulong?)0x010000ED)]);
        reader["edu.LIVENESS"].ValueAt(0).ShouldBe(0x5A5A5A5AUL);
        reader["edu.STATUS"].Timeline().ShouldBe([(0L, (ulong?)0x80), (1000L, (ulong?)0x81), (11_000L, (ulong?)0x80)]);
        reader["edu.FACTORIAL"].Timeline().ShouldBe([(0L, (ulong?)0), (1000L, (ulong?)5), (11_000L, (ulong?)120)]);
        reader["edu.irq"].Timeline().ShouldBe([
            (0L, (ulong?)0), (11_000L, (ulong?)1), (21_000L, (ulong?)0), (dmaDone, (ulong?)1),
            (21_000 + VirtualTime.Milliseconds(150), (ulong?)0),
        ]);
        reader["edu.DMA_CMD"].Timeline().ShouldBe([(0L, (ulong?)0), (21_000L, (ulong?)5), (dmaDone, (ulong?)4)]);
        reader["edu.INT_STATUS"].ValueAt(dmaDone).ShouldBe(0x100UL);
        reader["edu.msi"].Changes.Select(c => c.Time).ShouldBe([21_000 + VirtualTime.Milliseconds(150) + 500, 21_000 + VirtualTime.Milliseconds(150) + 600]);
        reader.LastTime.ShouldBe(21_000 + VirtualTime.Milliseconds(150) + 1100);
    }

    [Fact]
    public void Recording_the_same_session_twice_gives_identical_bytes()
    {
        EduWaveform.Record().ShouldBe(EduWaveform.Record());
    }
}

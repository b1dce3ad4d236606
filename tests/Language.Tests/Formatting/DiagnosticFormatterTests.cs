using DriverScript.Language.Diagnostics;

namespace DriverScript.Language.Tests.Formatting;

public class DiagnosticFormatterTests
{
    [Fact]
    public void The_source_line_is_trimmed_and_the_caret_stands_under_the_span()
    {
        var d = Compilation.FromText("t.drv", "fn f() -> u32 {\n        let x: u64 = 1;\n        let n: u32 = x;\n        return n;\n}\n").Diagnostics.ShouldHaveSingleItem();
        DiagnosticFormatter.Format(d).ShouldBe(
            "t.drv(3,22): error DS1003: cannot convert 'u64' to 'u32' without 'as'\n" +
            "    let n: u32 = x;\n" +
            "                 ^\n");
    }

    [Fact]
    public void Control_characters_in_the_shown_line_keep_the_caret_aligned()
    {
        var bytes = new byte[] { 0x7F, (byte)'E', (byte)'L', (byte)'F', 0x01, 0x02, 0x00 };
        var d = Compilation.FromBytes("bin.drv", bytes).Diagnostics.ShouldHaveSingleItem();
        var lines = DiagnosticFormatter.Format(d).Split('\n');
        lines[1].ShouldBe("    ?ELF??");
        lines[2].ShouldBe("          ^");
    }
}

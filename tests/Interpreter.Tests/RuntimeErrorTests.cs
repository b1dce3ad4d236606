namespace DriverScript.Interpreter.Tests;

/// <summary>Run-time errors are DS3xxx diagnostics at the script location, with the NT exception code a driver fault raises.</summary>
public class RuntimeErrorTests
{
    public static TheoryData<string, string, int, int, uint, string> Cases => new()
    {
        // source, code, line, column, NT status, message fragment
        { "let z: u32 = 0;\nlet x = 10 / z;", "DS3001", 2, 9, 0xC0000094, "division by zero" },
        { "let z: u8 = 0;\nlet y: u8 = 3;\nprint(y % z);", "DS3001", 3, 7, 0xC0000094, "remainder of a division by zero" },
        { "let z: i64 = 0;\nvar v: i64 = 5;\nv /= z;", "DS3001", 3, 1, 0xC0000094, "division by zero" },
        { "let d: duration = 0ns;\nprint(10us / d);", "DS3001", 2, 7, 0xC0000094, "division by zero" },
        { "let b = b\"abc\";\nlet i: u32 = 3;\nprint(b[i]);", "DS3002", 3, 7, 0xC0000005, "index 3 is out of range for bytes of length 3" },
        { "var l: list<u32> = [1];\nl[1] = 2;", "DS3002", 2, 1, 0xC0000005, "index 1 is out of range for a list of length 1" },
        { "let l: list<string> = [];\nlet big: u64 = 0xFFFF_FFFF_FFFF;\nprint(l[big]);", "DS3002", 3, 7, 0xC0000005, "index 281474976710655" },
        { "let b = b\"abc\";\nlet a: u32 = 2; let c: u32 = 1;\nprint(b[a..c]);", "DS3003", 3, 7, 0xC0000005, "slice 2..1" },
        { "let l: list<u32> = [1, 2];\nlet e: u32 = 3;\nprint(l[0..e]);", "DS3003", 3, 7, 0xC0000005, "slice 0..3 is out of range for a list of length 2" },
        { "let o: u32? = none;\nlet v = o! + 1;", "DS3004", 2, 9, 0xC0000005, "'o' is none" },
        { "let s: string? = none;\nprint(s!);", "DS3004", 2, 7, 0xC0000005, "'s' is none" },
        { "var l: list<u8> = [];\nl.pop();", "DS3005", 2, 1, 0xC0000005, "pop from an empty list" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Stops_with_a_diagnostic_at_the_location(string source, string code, int line, int column, uint ntStatus, string message)
    {
        var error = Drv.Error(source);
        error.Diagnostic.Code.ShouldBe(code);
        error.Diagnostic.Position().ShouldBe((line, column));
        error.NtStatus.ShouldBe(ntStatus);
        error.Diagnostic.Message.ShouldContain(message);
        error.IsLimit.ShouldBeFalse();
    }

    [Fact]
    public void An_error_inside_a_function_points_into_the_function()
    {
        var error = Drv.Error("fn div(a: u32, b: u32) -> u32 {\n    return a / b;\n}\nprint(div(1, 0));");
        error.Kind.ShouldBe(RuntimeErrorKind.DivideByZero);
        error.Diagnostic.Position().ShouldBe((2, 12));
        error.Diagnostic.ToString().ShouldBe("t.drv(2,12): error DS3001: division by zero");
    }

    [Fact]
    public void Output_before_the_error_is_kept()
    {
        var result = Drv.Compile("print(1);\nlet z: u32 = 0;\nprint(1 / z);\nprint(2);").Run();
        result.Succeeded.ShouldBeFalse();
        result.Output.ShouldBe("1\n");
        result.Diagnostics.ShouldHaveSingleItem().Code.ShouldBe("DS3001");
    }

    [Fact]
    public void Operations_that_need_the_simulation_say_so()
    {
        const string source = "device D { queue q : default, sequential { on read(req) { complete(req, STATUS_SUCCESS); } } }\nprint(1);\nlet dev = plug(D);";
        var error = Drv.Error(source);
        error.Kind.ShouldBe(RuntimeErrorKind.NeedsSimulation);
        error.Diagnostic.ToString().ShouldBe("t.drv(3,11): error DS3007: 'plug' needs the simulated framework and hardware, which this run does not have");
    }

    [Fact]
    public void Every_runtime_descriptor_has_a_unique_DS3_or_DS4_code()
    {
        var codes = RuntimeDiagnostics.All.Select(d => d.Code).ToArray();
        codes.ShouldBeUnique();
        codes.ShouldAllBe(c => c.StartsWith("DS3") || c.StartsWith("DS4"));
    }
}

namespace DriverScript.Interpreter.Tests;

/// <summary>Tables of expressions with the value <c>print</c> shows for them. Operands are variables, so the interpreter computes them.</summary>
public class ExpressionTests
{
    private const string Values = """
        let u8max: u8 = 255; let u8one: u8 = 1; let u16max: u16 = 65535; let u32max: u32 = 0xFFFF_FFFF;
        let u64max: u64 = 0xFFFF_FFFF_FFFF_FFFF; let i32min: i32 = -2147483648; let i32max: i32 = 2147483647;
        let i64min: i64 = -9223372036854775808; let i64max: i64 = 9223372036854775807;
        let seven: u32 = 7; let two: u32 = 2; let zero: u32 = 0; let minus7: i32 = -7; let minus1: i32 = -1; let two32: i32 = 2;
        let t: bool = true; let f: bool = false;
        let d10us: duration = 10us; let d5us: duration = 5us; let three: u64 = 3;
        let s: string = "drv"; let empty: string = ""; let euro: string = "€";
        let b: bytes = b"hello"; let nul: bytes = b"\x00\xff";
        let l: list<u32> = [1, 2, 3]; let ls: list<string> = ["a", "b"];
        let some: u32? = 5; let nothing: u32? = none; let name: string? = "x"; let noname: string? = none;
        let ok: status = STATUS_SUCCESS; let busy: status = STATUS_DEVICE_BUSY;
        enum Mode { Off = 0, On, Turbo = 10 }
        let m: Mode = Mode.Turbo;
        """;

    public static TheoryData<string, string> Cases => new()
    {
        // wrap-around at every width
        { "u8max + u8one", "0" }, { "u8one - u8max", "2" }, { "u8max * u8max", "1" }, { "u16max + (1 as u16)", "0" },
        { "u32max + 1", "0" }, { "zero - 1", "4294967295" }, { "u32max * u32max", "1" }, { "u64max + 1", "0" },
        { "i32max + 1", "-2147483648" }, { "i32min - 1", "2147483647" }, { "i32min / minus1", "-2147483648" }, { "i32min % minus1", "0" },
        { "i64max + 1", "-9223372036854775808" }, { "i64min / (-1 as i64)", "-9223372036854775808" }, { "-i32min", "-2147483648" },
        // division truncates toward zero
        { "minus7 / two32", "-3" }, { "minus7 % two32", "-1" }, { "seven / two", "3" }, { "seven % two", "1" },
        // shifts
        { "seven << 29", "3758096384" }, { "seven << 32", "0" }, { "u32max >> 31", "1" }, { "minus7 >> 1", "-4" },
        { "minus1 >> 40", "-1" }, { "i32max >> 40", "0" }, { "u8max << (1 as u8)", "254" }, { "seven >> two", "1" },
        // bitwise and precedence (bitwise binds tighter than comparisons)
        { "seven & 1 == 1", "true" }, { "seven | 8", "15" }, { "seven ^ 2", "5" }, { "~zero", "4294967295" }, { "~u8one", "254" },
        { "1 + seven * 2", "15" }, { "(1 + seven) * 2", "16" },
        // comparisons, signed and unsigned
        { "minus1 < two32", "true" }, { "u32max > seven", "true" }, { "i64min < i64max", "true" }, { "seven >= 7", "true" },
        { "seven <= 6", "false" }, { "seven != 7", "false" },
        // widening: u8 -> u32 -> u64, u32 -> i64, i32 -> i64
        { "u8max + seven", "262" }, { "u32max + three", "4294967298" }, { "minus1 + i64max", "9223372036854775806" }, { "u32max + (minus1 as i64)", "4294967294" },
        // as
        { "u32max as u8", "255" }, { "minus1 as u64", "18446744073709551615" }, { "minus1 as u32", "4294967295" }, { "u64max as i32", "-1" },
        { "(300 as u32) as u8", "44" }, { "u8max as i32", "255" }, { "m as u32", "10" }, { "(1 as u32) as Mode", "Mode.On" },
        { "busy as u32", "2147483665" }, { "(0xC0000120 as u32) as status", "STATUS_CANCELLED" }, { "d10us as u64", "10000" }, { "three as duration", "3ns" },
        // booleans, short circuit
        { "t && f", "false" }, { "t || f", "true" }, { "!t", "false" }, { "f && (seven / zero == 1)", "false" }, { "t || (seven / zero == 1)", "true" },
        // durations
        { "d10us + d5us", "15us" }, { "d10us - d5us", "5us" }, { "d10us * three", "30us" }, { "three * d5us", "15us" }, { "d10us / three", "3333ns" },
        { "d10us / d5us", "2" }, { "d5us < d10us", "true" }, { "min(d10us, d5us)", "5us" },
        // strings
        { "s + \"!\"", "drv!" }, { "len(s)", "3" }, { "len(euro)", "3" }, { "len(empty)", "0" }, { "s == \"drv\"", "true" }, { "s != \"drv\"", "false" }, { "empty + s", "drv" },
        // bytes
        { "b", "b\"hello\"" }, { "nul", "b\"\\0\\xff\"" }, { "b[1]", "101" }, { "b[1..3]", "b\"el\"" }, { "b[0..0]", "b\"\"" }, { "b + nul", "b\"hello\\0\\xff\"" },
        { "len(b)", "5" }, { "b == b\"hello\"", "true" }, { "b[1..4] == b\"ell\"", "true" }, { "zeros(2)", "b\"\\0\\0\"" }, { "fill(0x41, 3)", "b\"AAA\"" },
        { "len(zeros(0))", "0" }, { "b[5..5]", "b\"\"" },
        // lists
        { "l", "[1, 2, 3]" }, { "l[2]", "3" }, { "l[1..3]", "[2, 3]" }, { "len(l)", "3" }, { "l == [1, 2, 3]", "true" }, { "l != [1, 2]", "true" },
        { "ls", "[a, b]" }, { "ls[1]", "b" }, { "ls == [\"a\", \"b\"]", "true" }, { "[[1, 2], [3]]", "[[1, 2], [3]]" }, { "[some, nothing]", "[5, none]" },
        // optionals
        { "some", "5" }, { "nothing", "none" }, { "some!", "5" }, { "some! + 1", "6" }, { "some == none", "false" }, { "nothing == none", "true" },
        { "some != none", "true" }, { "some == 5", "true" }, { "nothing == 5", "false" }, { "name!", "x" }, { "noname", "none" }, { "name == \"x\"", "true" },
        // statuses, power states, enums
        { "ok", "STATUS_SUCCESS" }, { "busy", "STATUS_DEVICE_BUSY" }, { "nt_success(ok)", "true" }, { "nt_success(busy)", "false" },
        { "nt_success(status(0x103 + zero))", "true" }, { "status(0xC0000001 + zero)", "STATUS_UNSUCCESSFUL" }, { "status(0xE0000001 + zero)", "status(0xE0000001)" },
        { "D3", "D3" }, { "S4", "S4" }, { "m", "Mode.Turbo" }, { "m == Mode.Turbo", "true" },
        // min and max widen to the wider type
        { "min(u8max, seven)", "7" }, { "max(u8max, seven)", "255" }, { "min(minus7, i64max)", "-7" }, { "max(minus7, two32)", "2" }, { "max(u32max, three)", "4294967295" },
        // now() without a simulation is 0
        { "now()", "0ns" },
    };

    /// <summary>Every case evaluated by one script (one compilation), so the table stays fast; each case still reports on its own.</summary>
    private static readonly Lazy<Dictionary<string, string>> s_results = new(() =>
    {
        var expressions = Cases.Select(row => (string)row[0]).Distinct().ToArray();
        var source = Values + "\n" + string.Concat(expressions.Select(e => $"print({e});\n"));
        var lines = Drv.Output(source).Split('\n');
        lines.Length.ShouldBe(expressions.Length);
        return expressions.Zip(lines).ToDictionary(p => p.First, p => p.Second);
    });

    [Theory]
    [MemberData(nameof(Cases))]
    public void Evaluates(string expression, string expected) => s_results.Value[expression].ShouldBe(expected);

    [Fact]
    public void One_expression_on_its_own_gives_the_same_value() => Drv.Eval(Values, "i32min / minus1").ShouldBe("-2147483648");

    [Fact]
    public void Print_formats_several_values_on_one_line() =>
        Drv.Output("""let x: i32 = -5; print("x is", x, b"\n", [D0, D3], STATUS_PENDING, true, 10ms);""")
            .ShouldBe("x is -5 b\"\\n\" [D0, D3] STATUS_PENDING true 10ms");

    [Fact]
    public void Print_without_arguments_writes_an_empty_line() => Drv.Compile("print(); print(1);").Run().Output.ShouldBe("\n1\n");

    [Fact]
    public void Bytes_from_a_list_of_variables()
    {
        Drv.Eval("let x: u8 = 0x41; let y: bytes = [x, 0x42, x];", "y").ShouldBe("b\"ABA\"");
    }

    [Fact]
    public void Lists_push_and_pop_and_compare_by_content()
    {
        const string source = """
            var l: list<u32> = [];
            for i in 0..10 { l.push(i * i); }
            print(len(l), l[9], l.pop(), len(l));
            var names: list<string> = [];
            names.push("a"); names.push("b");
            print(names, names.pop(), names);
            var nested: list<list<u8>> = [[1], [2, 3]];
            nested[0].push(9);
            print(nested, nested == [[1, 9], [2, 3]]);
            let copy = l[0..2];
            copy.push(100);
            print(copy, len(l));
            """;
        Drv.Output(source).ShouldBe("10 81 81 9\n[a, b] b [a]\n[[1, 9], [2, 3]] true\n[0, 1, 100] 9");
    }

    [Fact]
    public void A_list_is_shared_by_reference_and_bytes_are_values()
    {
        Drv.Output("var a: list<u32> = [1]; let b = a; b.push(2); print(a); var x = b\"ab\"; let y = x; x = x + b\"c\"; print(x, y);")
            .ShouldBe("[1, 2]\nb\"abc\" b\"ab\"");
    }
}

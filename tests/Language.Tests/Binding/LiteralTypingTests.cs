using DriverScript.Language.Binding;
using DriverScript.Language.Symbols;

namespace DriverScript.Language.Tests.Binding;

public class LiteralTypingTests : BinderTestBase
{
    [Theory]
    [InlineData("5", "u32")]
    [InlineData("4294967295", "u32")]
    [InlineData("4294967296", "u64")]
    [InlineData("0xFFFF_FFFF_FFFF_FFFF", "u64")]
    [InlineData("-1", "i64")]
    [InlineData("-9223372036854775808", "i64")]
    [InlineData("10us", "duration")]
    [InlineData("\"text\"", "string")]
    [InlineData("b\"raw\"", "bytes")]
    [InlineData("true", "bool")]
    [InlineData("[1, 2]", "list<u32>")]
    [InlineData("STATUS_PENDING", "status")]
    [InlineData("D3Final", "power_state")]
    [InlineData("S3", "system_state")]
    public void An_unannotated_literal_takes_its_default_type(string literal, string type)
    {
        var c = ShouldBeClean($"let x = {literal};\nprint(x);");
        GlobalType(c, "x").Name.ShouldBe(type);
    }

    [Theory]
    [InlineData("u8", "255")]
    [InlineData("u16", "65535")]
    [InlineData("i32", "-2147483648")]
    [InlineData("i64", "-1")]
    [InlineData("u64", "18446744073709551615")]
    public void A_literal_takes_the_type_its_context_expects(string type, string literal)
    {
        var c = ShouldBeClean($"let x: {type} = {literal};\nprint(x);");
        var init = GlobalInitializer(c, "x").ShouldBeOfType<BoundLiteral>();
        init.Type.Name.ShouldBe(type);
    }

    [Theory]
    [InlineData("u8", "256", "the value 256 does not fit in 'u8'")]
    [InlineData("u32", "-1", "the value -1 does not fit in 'u32'")]
    [InlineData("i32", "2147483648", "the value 2147483648 does not fit in 'i32'")]
    public void A_literal_that_does_not_fit_its_expected_type_is_DS1015_at_the_literal(string type, string literal, string message)
    {
        var d = ShouldReportOnly($"let x: {type} = {literal};\nprint(x);", "DS1015", 1, 11 + type.Length);
        d.Message.ShouldBe(message);
    }

    [Fact]
    public void A_literal_in_an_operation_takes_the_other_operands_type()
    {
        var c = ShouldBeClean("let a: u8 = 200;\nlet b = a + 1;\nprint(b);");
        GlobalType(c, "b").ShouldBe(TypeSymbol.U8);
        ShouldReportOnly("let a: u8 = 200;\nlet b = a + 300;\nprint(b);", "DS1015", 2, 13);
    }

    [Fact]
    public void Constant_integer_arithmetic_is_folded_before_it_is_typed()
    {
        var c = ShouldBeClean("let big = 1 << 40;\nlet mask: u8 = 0x100 - 1;\nprint(big, mask);");
        GlobalType(c, "big").ShouldBe(TypeSymbol.U64);
        GlobalInitializer(c, "big").ConstantValue!.Bits.ShouldBe(1UL << 40);
        GlobalInitializer(c, "mask").ConstantValue!.Bits.ShouldBe(255UL);
    }

    [Fact]
    public void Bitwise_not_of_a_literal_uses_the_expected_width()
    {
        var c = ShouldBeClean("let m: u8 = ~0x0F;\nlet w = ~1;\nprint(m, w);");
        GlobalInitializer(c, "m").ConstantValue!.Bits.ShouldBe(0xF0UL);
        GlobalInitializer(c, "w").ConstantValue!.Bits.ShouldBe(0xFFFF_FFFEUL);
    }

    [Fact]
    public void Widening_is_implicit_and_becomes_an_explicit_conversion_node()
    {
        var c = ShouldBeClean("fn f(a: u8, b: i32) -> i64 { let w: u64 = a; print(w); return b; }\nprint(f(1, 2));");
        var f = c.Program!.FindFunction("f")!;
        var decl = f.Body.Statements[0].ShouldBeOfType<BoundLocalDeclaration>();
        decl.Initializer.ShouldBeOfType<BoundConversion>().Conversion.ShouldBe(ConversionKind.Widening);
        var ret = f.Body.Statements.OfType<BoundReturn>().Single();
        ret.Value.ShouldBeOfType<BoundConversion>().Type.ShouldBe(TypeSymbol.I64);
    }

    [Theory]
    [InlineData("u8", "u16")]
    [InlineData("u16", "u64")]
    [InlineData("u32", "i64")]
    [InlineData("i32", "i64")]
    public void Every_widening_of_the_spec_is_allowed(string from, string to)
    {
        ShouldBeClean($"fn f(a: {from}) -> {to} {{ return a; }}\nprint(f(1));");
    }

    [Theory]
    [InlineData("u64", "u32")]
    [InlineData("i32", "u32")]
    [InlineData("u32", "i32")]
    [InlineData("i64", "u64")]
    [InlineData("u64", "i64")]
    [InlineData("bool", "u32")]
    [InlineData("u32", "duration")]
    public void A_narrowing_or_sign_changing_conversion_needs_as(string from, string to)
    {
        var d = ShouldReportOnly($"fn f(a: {from}) -> {to} {{ return a; }}\nprint(f(0 as {from}));".Replace("0 as bool", "false"), "DS1003", 1, 24 + from.Length + to.Length);
        d.Message.ShouldBe($"cannot convert '{from}' to '{to}' without 'as'");
    }

    [Fact]
    public void As_truncates_and_sign_extends_like_C_when_folding()
    {
        var c = ShouldBeClean("let a = 300 as u8;\nlet b = (-1) as u32;\nlet c = 0xFFFF_FFFF as i32;\nlet d = (0x80 as u8) as i64;\nprint(a, b, c, d);");
        GlobalInitializer(c, "a").ConstantValue!.Bits.ShouldBe(44UL);
        GlobalInitializer(c, "b").ConstantValue!.Bits.ShouldBe(0xFFFF_FFFFUL);
        GlobalInitializer(c, "c").ConstantValue!.Signed.ShouldBe(-1L);
        GlobalInitializer(c, "d").ConstantValue!.Bits.ShouldBe(0x80UL);
    }

    [Fact]
    public void As_works_between_enums_statuses_durations_and_integers_but_not_strings()
    {
        ShouldBeClean("enum Mode { Off, On = 5 }\nlet a = Mode.On as u32;\nlet b = 0xC0000001 as status;\nlet c = 10us as u64;\nprint(a, b, c);");
        ShouldReportOnly("let a = \"5\" as u32;\nprint(a);", "DS1017", 1, 9);
    }

    [Fact]
    public void An_integer_literal_is_not_a_duration()
    {
        ShouldReportOnly(InDriver("        stall(10);"), "DS1003", 4, 15);
    }

    [Fact]
    public void None_takes_the_optional_type_its_context_expects()
    {
        var c = ShouldBeClean("var x: u32? = none;\nx = 5;\nprint(x == none, x!);");
        GlobalType(c, "x").ShouldBe(TypeSymbol.U32.OptionalOf());
    }

    [Fact]
    public void None_without_a_type_is_DS1019_at_the_name()
    {
        ShouldReportOnly("test \"t\" {\n    let x = none;\n}", "DS1019", 2, 9);
    }

    [Fact]
    public void A_byte_list_literal_is_bytes_where_bytes_are_expected()
    {
        var c = ShouldBeClean("let b: bytes = [0x01, 0xFF];\nprint(b);");
        GlobalInitializer(c, "b").ConstantValue!.Bytes.ShouldBe(new byte[] { 1, 255 });
        ShouldReportOnly("let b: bytes = [0x100];\nprint(b);", "DS1015", 1, 17);
    }

    [Fact]
    public void Len_returns_u32_and_indexes_take_any_unsigned_integer()
    {
        var c = ShouldBeClean("let b = b\"abc\";\nlet i: u8 = 1;\nlet x = b[i];\nlet n = len(b);\nlet s = b[i..n];\nprint(x, n, s);");
        GlobalType(c, "x").ShouldBe(TypeSymbol.U8);
        GlobalType(c, "n").ShouldBe(TypeSymbol.U32);
        GlobalType(c, "s").ShouldBe(TypeSymbol.Bytes);
        ShouldReportOnly("let b = b\"abc\";\nlet i: i32 = 1;\nprint(b[i]);", "DS1003", 3, 9);
    }

    [Fact]
    public void Min_and_max_widen_to_the_wider_operand()
    {
        var c = ShouldBeClean("let a: u8 = 1;\nlet b: u64 = 2;\nlet m = min(a, b);\nprint(m);");
        GlobalType(c, "m").ShouldBe(TypeSymbol.U64);
    }
}

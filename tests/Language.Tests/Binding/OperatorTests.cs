using DriverScript.Language.Binding;
using DriverScript.Language.Symbols;

namespace DriverScript.Language.Tests.Binding;

public class OperatorTests : BinderTestBase
{
    [Theory]
    [InlineData("a + b", "u32")]
    [InlineData("a * 2", "u32")]
    [InlineData("a % b", "u32")]
    [InlineData("a << 3", "u32")]
    [InlineData("a >> s", "u32")]
    [InlineData("a & 0xFF", "u32")]
    [InlineData("a + w", "u64")]
    [InlineData("a < w", "bool")]
    [InlineData("a == w", "bool")]
    [InlineData("d + 5us", "duration")]
    [InlineData("d - 1us", "duration")]
    [InlineData("2 * d", "duration")]
    [InlineData("d * 3", "duration")]
    [InlineData("d / 2", "duration")]
    [InlineData("d / 1us", "u64")]
    [InlineData("d < 1ms", "bool")]
    [InlineData("\"a\" + \"b\"", "string")]
    [InlineData("b\"a\" + b\"b\"", "bytes")]
    [InlineData("!t && t || false", "bool")]
    [InlineData("-i", "i32")]
    [InlineData("~a", "u32")]
    public void Operators_have_the_types_of_the_spec(string expression, string type)
    {
        var c = ShouldBeClean($$"""
            fn f(a: u32, b: u32, w: u64, s: u8, d: duration, t: bool, i: i32) {
                let r = {{expression}};
                print(r);
            }
            f(1, 2, 3, 4, 5us, true, 6);
            """);
        var decl = c.Program!.FindFunction("f")!.Body.Statements[0].ShouldBeOfType<BoundLocalDeclaration>();
        decl.Local.Type.Name.ShouldBe(type);
    }

    [Theory]
    [InlineData("a + i", "+", "'u32' and 'i32'")]
    [InlineData("w - i", "-", "'u64' and 'i32'")]
    [InlineData("a + d", "+", "'u32' and 'duration'")]
    [InlineData("d + 1", "+", "'duration' and 'u32'")]
    [InlineData("t + t", "+", "'bool' and 'bool'")]
    [InlineData("\"s\" < \"t\"", "<", "'string' and 'string'")]
    [InlineData("a == \"x\"", "==", "'u32' and 'string'")]
    [InlineData("d * i", "*", "'duration' and 'i32'")]
    public void Mismatched_operands_are_DS1004_at_the_operator(string expression, string op, string operands)
    {
        var source = $$"""
            fn f(a: u32, w: u64, d: duration, t: bool, i: i32) {
                print({{expression}});
            }
            """;
        var d = ShouldReportOnly(source, "DS1004");
        d.Message.ShouldBe($"operator '{op}' cannot be applied to {operands}");
        d.Column.ShouldBe(11 + expression.IndexOf(" " + op + " ", StringComparison.Ordinal) + 1);
    }

    [Theory]
    [InlineData("!a", "!", "'u32'")]
    [InlineData("-a", "-", "'u32'")]
    [InlineData("~t", "~", "'bool'")]
    public void Unary_operators_check_their_operand(string expression, string op, string operand)
    {
        var d = ShouldReportOnly($"fn f(a: u32, t: bool) {{ print({expression}); }}", "DS1004", 1, 31);
        d.Message.ShouldBe($"operator '{op}' cannot be applied to {operand}");
    }

    [Fact]
    public void Bitwise_operators_bind_tighter_than_comparisons()
    {
        var c = ShouldBeClean("fn even(x: u32) -> bool { return x & 1 == 0; }\nprint(even(2));");
        var ret = c.Program!.FindFunction("even")!.Body.Statements.OfType<BoundReturn>().Single();
        var eq = ret.Value.ShouldBeOfType<BoundBinary>();
        eq.Operator.ShouldBe(BoundBinaryOperatorKind.Equal);
        eq.Left.ShouldBeOfType<BoundBinary>().Operator.ShouldBe(BoundBinaryOperatorKind.BitwiseAnd);
    }

    [Fact]
    public void Comparing_an_optional_with_none_is_an_optional_test()
    {
        var c = ShouldBeClean("fn f(x: u32?) -> bool { return x != none && none == x; }\nprint(f(none));");
        var ret = c.Program!.FindFunction("f")!.Body.Statements.OfType<BoundReturn>().Single();
        var and = ret.Value.ShouldBeOfType<BoundBinary>();
        and.Left.ShouldBeOfType<BoundOptionalTest>().IsNoneTest.ShouldBeFalse();
        and.Right.ShouldBeOfType<BoundOptionalTest>().IsNoneTest.ShouldBeTrue();
    }

    [Fact]
    public void Comparing_a_non_optional_with_none_is_DS1004()
    {
        ShouldReportOnly("fn f(x: u32) -> bool { return x == none; }", "DS1004", 1, 33);
    }

    [Fact]
    public void An_optional_compares_with_a_value_of_its_underlying_type()
    {
        ShouldBeClean("fn f(x: u64?, y: u32) -> bool { return x == y; }\nprint(f(none, 1));");
    }

    [Fact]
    public void Lists_and_bytes_compare_by_content_with_literals_typed_from_the_other_side()
    {
        var c = ShouldBeClean("let seen: list<u8> = [1];\nprint(seen == [0x10, 0x20], [1] == seen, b\"a\" == [0x61]);");
        var print = c.Program!.TopLevel.Statements[1].ShouldBeOfType<BoundExpressionStatement>().Expression.ShouldBeOfType<BoundIntrinsicCall>();
        print.Arguments[0].ShouldBeOfType<BoundBinary>().OperandType.ShouldBe(TypeSymbol.U8.ListOf());
        print.Arguments[1].ShouldBeOfType<BoundBinary>().OperandType.ShouldBe(TypeSymbol.U8.ListOf());
    }

    [Fact]
    public void Constant_expressions_fold_with_wrap_around()
    {
        var c = ShouldBeClean("const A: u8 = 250;\nconst B: u8 = A + 10;\nconst C: i32 = -5 / 2;\nconst D: u32 = 1 << 31 >> 31;\nprint(B, C, D);");
        c.Program!.Constants.Single(k => k.Name == "B").Value.Bits.ShouldBe(4UL);
        c.Program.Constants.Single(k => k.Name == "C").Value.Signed.ShouldBe(-2L);
        c.Program.Constants.Single(k => k.Name == "D").Value.Bits.ShouldBe(1UL);
    }

    [Fact]
    public void Division_by_a_constant_zero_is_left_to_run_time()
    {
        var c = ShouldBeClean("fn f(a: u32) -> u32 { return a / 0; }\nprint(f(1));");
        c.Program!.FindFunction("f")!.Body.Statements.OfType<BoundReturn>().Single().Value.ShouldBeOfType<BoundBinary>();
    }

    [Fact]
    public void Compound_assignments_stay_compound_assignments()
    {
        var c = ShouldBeClean("""
            fn f() -> u32 {
                var n: u32 = 1;
                n += 2;
                n <<= 1;
                var s = "a";
                s += "b";
                var d = 1us;
                d *= 3;
                print(s, d);
                return n;
            }
            print(f());
            """);
        var compounds = c.Program!.FindFunction("f")!.Body.Statements.OfType<BoundCompoundAssignment>().ToList();
        compounds.Select(x => x.Operator).ShouldBe(new[]
        {
            BoundBinaryOperatorKind.Add, BoundBinaryOperatorKind.ShiftLeft, BoundBinaryOperatorKind.StringConcat, BoundBinaryOperatorKind.DurationTimesInteger,
        });
    }

    [Fact]
    public void A_compound_assignment_with_the_wrong_types_is_DS1004_at_the_operator()
    {
        ShouldReportOnly("fn f() { var s = \"a\"; s -= \"b\"; print(s); }", "DS1004", 1, 25);
    }

    [Fact]
    public void Expressions_nested_deeper_than_the_limit_are_DS0008_not_a_stack_overflow()
    {
        var chain = "let x: u32 = 1" + string.Concat(Enumerable.Repeat(" + 1", 20_000)) + ";\nprint(x);";
        Exception? crash = null;
        IReadOnlyList<Diagnostics.Diagnostic>? diagnostics = null;
        var thread = new Thread(() =>
        {
            try { diagnostics = Compile(chain).Diagnostics; }
            catch (Exception e) { crash = e; }
        }, 512 * 1024);
        thread.Start();
        thread.Join();
        crash.ShouldBeNull();
        diagnostics!.Select(d => d.Code).ShouldBe(new[] { "DS0008" });
    }

    [Fact]
    public void A_long_but_reasonable_chain_binds()
    {
        var chain = "fn f(a: u32) -> u32 { return a" + string.Concat(Enumerable.Repeat(" + a", 200)) + "; }\nprint(f(1));";
        ShouldBeClean(chain);
    }
}

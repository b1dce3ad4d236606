using DriverScript.Language.Parsing;
using DriverScript.Language.Syntax;

namespace DriverScript.Language.Tests.Parsing;

public class ParserTests
{
    private static ParseResult Parse(string text) => Parser.Parse("t.drv", text);

    private static ExpressionSyntax ParseExpression(string expression)
    {
        var result = Parse($"let x = {expression};");
        result.Diagnostics.ShouldBeEmpty(string.Join("\n", result.Diagnostics));
        var statement = result.Root.Items.ShouldHaveSingleItem().ShouldBeOfType<GlobalStatementSyntax>();
        return statement.Statement.ShouldBeOfType<LetStatementSyntax>().Initializer;
    }

    /// <summary>Fully parenthesised rendering of an expression tree, to pin precedence.</summary>
    private static string Show(ExpressionSyntax e) => e switch
    {
        BinaryExpressionSyntax b => $"({Show(b.Left)} {Op(b.Operator)} {Show(b.Right)})",
        UnaryExpressionSyntax u => $"({(u.Operator switch { UnaryOperator.Not => "!", UnaryOperator.BitwiseNot => "~", _ => "-" })}{Show(u.Operand)})",
        NameExpressionSyntax n => n.Name,
        IntegerLiteralSyntax i => i.Text,
        MemberAccessSyntax m => $"{Show(m.Target)}.{m.Member.Text}",
        CallSyntax c => $"{Show(c.Callee)}({string.Join(", ", c.Arguments.Select(Show))})",
        IndexSyntax i => $"{Show(i.Target)}[{Show(i.Index)}]",
        SliceSyntax s => $"{Show(s.Target)}[{Show(s.Start)}..{Show(s.End)}]",
        UnwrapSyntax u => $"{Show(u.Operand)}!",
        CastSyntax c => $"({Show(c.Operand)} as {c.Type})",
        ParenthesizedExpressionSyntax p => Show(p.Inner),
        SelfExpressionSyntax => "self",
        _ => e.GetType().Name,
    };

    private static string Op(BinaryOperator op) => op switch
    {
        BinaryOperator.LogicalOr => "||", BinaryOperator.LogicalAnd => "&&", BinaryOperator.Equal => "==",
        BinaryOperator.NotEqual => "!=", BinaryOperator.Less => "<", BinaryOperator.LessEqual => "<=",
        BinaryOperator.Greater => ">", BinaryOperator.GreaterEqual => ">=", BinaryOperator.BitwiseOr => "|",
        BinaryOperator.BitwiseXor => "^", BinaryOperator.BitwiseAnd => "&", BinaryOperator.ShiftLeft => "<<",
        BinaryOperator.ShiftRight => ">>", BinaryOperator.Add => "+", BinaryOperator.Subtract => "-",
        BinaryOperator.Multiply => "*", BinaryOperator.Divide => "/", _ => "%",
    };

    [Theory]
    [InlineData("x & 1 == 0", "((x & 1) == 0)")]
    [InlineData("a || b && c", "(a || (b && c))")]
    [InlineData("a == b != c", "((a == b) != c)")]
    [InlineData("a < b == c > d", "((a < b) == (c > d))")]
    [InlineData("a | b ^ c & d", "(a | (b ^ (c & d)))")]
    [InlineData("a | b < c", "((a | b) < c)")]
    [InlineData("1 << 2 + 3", "(1 << (2 + 3))")]
    [InlineData("a & b << 1", "(a & (b << 1))")]
    [InlineData("a + b * c % d", "(a + ((b * c) % d))")]
    [InlineData("a - b - c", "((a - b) - c)")]
    [InlineData("a / b / c", "((a / b) / c)")]
    [InlineData("-a * b", "((-a) * b)")]
    [InlineData("!a && ~b == c", "((!a) && ((~b) == c))")]
    [InlineData("-x as u8", "(-(x as u8))")]
    [InlineData("a.b(c)[d].e!", "a.b(c)[d].e!")]
    [InlineData("self.buffer[0..n]", "self.buffer[0..n]")]
    [InlineData("(a + b) * c", "((a + b) * c)")]
    [InlineData("f()! + 1", "(f()! + 1)")]
    [InlineData("x as u64 << 32", "((x as u64) << 32)")]
    public void Operators_follow_the_precedence_table(string source, string expected)
    {
        Show(ParseExpression(source)).ShouldBe(expected);
    }

    [Fact]
    public void After_a_dot_keywords_are_member_names()
    {
        Show(ParseExpression("dev.state.queue.timer")).ShouldBe("dev.state.queue.timer");
    }

    [Fact]
    public void Every_node_keeps_its_span()
    {
        var e = ParseExpression("alpha + beta * 2").ShouldBeOfType<BinaryExpressionSyntax>();
        e.Span.Column.ShouldBe(9);
        e.Span.Length.ShouldBe("alpha + beta * 2".Length);
        e.OperatorSpan.Column.ShouldBe(15);
        e.Right.Span.Column.ShouldBe(17);
    }

    [Fact]
    public void A_slice_of_a_place_can_be_assigned()
    {
        var result = Parse("hw.VRAM[0..n] = data;");
        result.Diagnostics.ShouldBeEmpty();
        ((AssignmentStatementSyntax)((GlobalStatementSyntax)result.Root.Items[0]).Statement).Target.ShouldBeOfType<SliceSyntax>();
    }

    [Fact]
    public void Else_if_chains_stay_flat()
    {
        var source = "if a { } else if b { } else if c { } else { }";
        var result = Parse(source);
        result.Diagnostics.ShouldBeEmpty();
        var statement = result.Root.Items.ShouldHaveSingleItem().ShouldBeOfType<GlobalStatementSyntax>().Statement.ShouldBeOfType<IfStatementSyntax>();
        statement.Clauses.Length.ShouldBe(3);
        statement.Else.ShouldNotBeNull();
    }

    [Fact]
    public void Compound_assignment_operators_are_distinct()
    {
        var ops = new[] { "=", "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=", "<<=", ">>=" };
        var result = Parse(string.Join("\n", ops.Select(o => $"x {o} 1;")));
        result.Diagnostics.ShouldBeEmpty();
        result.Root.Items.Select(i => ((AssignmentStatementSyntax)((GlobalStatementSyntax)i).Statement).Operator)
            .Distinct().Count().ShouldBe(ops.Length);
    }

    [Fact]
    public void A_device_with_every_member_kind_parses()
    {
        const string source = """
            device Fx {
                uses Edu;
                sync = queue;
                execution = dispatch;
                power_policy { idle_timeout = 200ms; idle_state = D3; wake_from_idle = true; }
                state { count: u32 = 0; pending: request? = none; lock: spinlock; items: list<u8> = []; }
                queue main : default, sequential { on read(req) { } timer t(period = 2s) { on expire { } } work_item w { on run { } } }
                queue urgent : parallel(4), not_power_managed { on ioctl(req) { } }
                queue held : manual;
                route ioctl -> urgent;
                interrupt irq { on isr(message) -> bool { return true; } on dpc { } }
                timer poll(period = 10ms, execution = passive) { on expire { } }
                work_item flush { on run { } }
                on d0_entry(from) -> status { return STATUS_SUCCESS; }
            }
            """;
        var result = Parse(source);
        result.Diagnostics.ShouldBeEmpty(string.Join("\n", result.Diagnostics));
        var device = result.Root.Items.ShouldHaveSingleItem().ShouldBeOfType<DeviceDeclarationSyntax>();
        device.Members.Select(m => m.GetType().Name).ShouldBe(new[]
        {
            nameof(UsesDeclarationSyntax), nameof(SettingSyntax), nameof(SettingSyntax), nameof(PowerPolicySyntax),
            nameof(StateBlockSyntax), nameof(QueueDeclarationSyntax), nameof(QueueDeclarationSyntax), nameof(QueueDeclarationSyntax),
            nameof(RouteDeclarationSyntax), nameof(InterruptDeclarationSyntax), nameof(TimerDeclarationSyntax),
            nameof(WorkItemDeclarationSyntax), nameof(HandlerDeclarationSyntax),
        });
        var main = (QueueDeclarationSyntax)device.Members[5];
        main.Members.Select(m => m.GetType().Name).ShouldBe(new[] { nameof(HandlerDeclarationSyntax), nameof(TimerDeclarationSyntax), nameof(WorkItemDeclarationSyntax) });
    }

    [Fact]
    public void Match_arms_take_alternatives_negative_numbers_members_and_wildcards()
    {
        var result = Parse("match x { 1 | -2 => { } Mode.On | STATUS_SUCCESS => { } \"s\" | true => { } _ => { } }");
        result.Diagnostics.ShouldBeEmpty(string.Join("\n", result.Diagnostics));
        var match = (MatchStatementSyntax)((GlobalStatementSyntax)result.Root.Items[0]).Statement;
        match.Arms.Select(a => a.Patterns.Length).ShouldBe(new[] { 2, 2, 2, 1 });
        match.Arms[0].Patterns[1].ShouldBeOfType<IntegerPatternSyntax>().IsNegative.ShouldBeTrue();
        match.Arms[1].Patterns[0].ShouldBeOfType<NamePatternSyntax>().Member!.Text.ShouldBe("On");
        match.Arms[3].Patterns[0].ShouldBeOfType<WildcardPatternSyntax>();
    }

    public static TheoryData<string, string, int, int, string> SyntaxErrors() => new()
    {
        // source, code, line, column, message fragment
        { "let x = 5\nreturn 3;", "DS0010", 1, 10, "expected ';' after the statement, found 'return'" },
        { "fn f() {\n    let x = total\n    return x;\n}", "DS0010", 2, 18, "expected ';' after the statement, found 'return'" },
        { "fn f() { f(1, 2; }", "DS0010", 1, 16, "expected ',' or ')', found ';'" },
        { "fn f() { complete(req STATUS_SUCCESS); }", "DS0010", 1, 23, "expected ',' or ')', found 'STATUS_SUCCESS'" },
        { "fn f() {\n    g(1\n}", "DS0010", 3, 1, "expected ',' or ')', found '}'" },
        { "enum E { A B }", "DS0010", 1, 12, "expected ',' or '}', found 'B'" },
        { "let x = (1 + ;", "DS0010", 1, 14, "expected an expression, found ';'" },
        { "fn f() { let queue = 5; }", "DS0011", 1, 14, "'queue' is a keyword" },
        { "1 + 2 = 3;", "DS0012", 1, 1, "the left side of '='" },
        { "hardware H { registers(size = 0x10) { reg A @ 0 : u32 rx; } }", "DS0013", 1, 55, "unknown access mode 'rx'" },
        { "}", "DS0010", 1, 1, "expected a declaration or statement, found '}'" },
        { "device D { on read(req) { } }}", "DS0010", 1, 30, "found '}'" },
        { "test missing_quotes { }", "DS0010", 1, 6, "expected a test description in quotes, found 'missing_quotes'" },
        { "device D { queue q default; }", "DS0010", 1, 20, "expected ':', found 'default'" },
    };

    [Theory]
    [MemberData(nameof(SyntaxErrors))]
    public void Syntax_errors_name_what_was_expected_and_stand_at_the_right_place(string source, string code, int line, int column, string message)
    {
        var result = Parse(source);
        var d = result.Diagnostics.ShouldHaveSingleItem(string.Join("\n", result.Diagnostics));
        d.Code.ShouldBe(code);
        (d.Line, d.Column).ShouldBe((line, column), d.ToString());
        d.Message.ShouldContain(message);
    }

    [Fact]
    public void The_parser_recovers_and_reports_independent_errors_in_one_file()
    {
        const string source = """
            fn a() {
                let x = 1
                let y = 2;
                f(1,;
                return;
            }
            const C: u32 = ;
            device D {
                queue q : default { on read(req) { complete(req STATUS_SUCCESS); } }
                on d0_entry(from) { }
            }
            let ok = 1;
            """;
        var result = Parse(source);
        result.Diagnostics.Select(d => (d.Line, d.Column)).ShouldBe(new[] { (2, 14), (4, 9), (7, 16), (9, 53) },
            string.Join("\n", result.Diagnostics));
        // Everything after the errors is still in the tree.
        result.Root.Items.OfType<DeviceDeclarationSyntax>().ShouldHaveSingleItem()
            .Members.OfType<HandlerDeclarationSyntax>().ShouldHaveSingleItem().Name.Text.ShouldBe("d0_entry");
        result.Root.Items.Last().ShouldBeOfType<GlobalStatementSyntax>();
    }

    [Fact]
    public void Nesting_of_256_parses_and_257_is_a_diagnostic_not_a_crash()
    {
        var ok = Parse("let x = " + new string('(', 255) + "1" + new string(')', 255) + ";");
        ok.Diagnostics.ShouldBeEmpty();
        var deep = Parse("let x = " + new string('[', 300) + new string(']', 300) + ";");
        deep.Diagnostics.ShouldHaveSingleItem().Code.ShouldBe("DS0008");
    }

    [Fact]
    public void Long_flat_chains_parse_without_recursion()
    {
        var chain = Parse("let x = 1" + string.Concat(Enumerable.Repeat(" + 1", 20_000)) + ";");
        chain.Diagnostics.ShouldBeEmpty();
        var prefixes = Parse("let x = " + new string('-', 20_000) + "1;");
        prefixes.Diagnostics.ShouldBeEmpty();
    }
}

using DriverScript.Language.Diagnostics;
using DriverScript.Language.Lexing;
using DriverScript.Language.Text;

namespace DriverScript.Language.Tests.Lexing;

public class LexerTests
{
    private static Token[] Lex(string text, out IReadOnlyList<Diagnostic> diagnostics)
    {
        var result = Lexer.Lex(new SourceText("t.drv", text));
        diagnostics = result.Diagnostics;
        return result.Tokens;
    }

    private static Token Single(string text)
    {
        var tokens = Lex(text, out var diagnostics);
        diagnostics.ShouldBeEmpty();
        tokens.Length.ShouldBe(2, $"'{text}' should be one token");
        tokens[1].Kind.ShouldBe(TokenKind.EndOfFile);
        return tokens[0];
    }

    public static TheoryData<string, TokenKind> FixedTokens()
    {
        var data = new TheoryData<string, TokenKind>();
        foreach (TokenKind kind in Enum.GetValues<TokenKind>())
        {
            if (kind is TokenKind.EndOfFile or TokenKind.Identifier or TokenKind.Integer or TokenKind.Duration
                or TokenKind.String or TokenKind.Bytes) continue;
            data.Add(TokenFacts.Text(kind), kind);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(FixedTokens))]
    public void Every_punctuation_and_keyword_round_trips(string text, TokenKind kind)
    {
        var token = Single(text);
        token.Kind.ShouldBe(kind);
        token.Text.ShouldBe(text);
        token.Span.Column.ShouldBe(1);
        token.Span.Length.ShouldBe(text.Length);
    }

    [Fact]
    public void Every_keyword_of_the_spec_is_a_keyword()
    {
        const string spec = "const enum fn hardware device test import state queue route interrupt timer work_item " +
            "spinlock waitlock power_policy registers reg field memory on let var if else while for in break " +
            "continue return match with expect expect_bugcheck after pulse as true false none self uses locked when";
        foreach (var word in spec.Split(' '))
            Single(word).IsKeyword.ShouldBeTrue(word);
        TokenFacts.Keywords.Count.ShouldBe(spec.Split(' ').Length);
    }

    [Theory]
    [InlineData("x")]
    [InlineData("_")]
    [InlineData("_private9")]
    [InlineData("read")]
    [InlineData("default")]
    [InlineData("u32")]
    public void Identifiers_are_identifiers(string text)
    {
        var token = Single(text);
        token.Kind.ShouldBe(TokenKind.Identifier);
        token.Text.ShouldBe(text);
    }

    [Theory]
    [InlineData("0", 0UL)]
    [InlineData("42", 42UL)]
    [InlineData("0x2A", 42UL)]
    [InlineData("0X2a", 42UL)]
    [InlineData("0b101010", 42UL)]
    [InlineData("0x1000_0000", 0x1000_0000UL)]
    [InlineData("1_000_000", 1_000_000UL)]
    [InlineData("0b1010_1010", 0xAAUL)]
    [InlineData("18446744073709551615", ulong.MaxValue)]
    [InlineData("0xFFFFFFFFFFFFFFFF", ulong.MaxValue)]
    public void Integer_literals_decode_in_every_form(string text, ulong value)
    {
        var token = Single(text);
        token.Kind.ShouldBe(TokenKind.Integer);
        token.IntegerValue.ShouldBe(value);
    }

    [Theory]
    [InlineData("10ns", 10UL)]
    [InlineData("10us", 10_000UL)]
    [InlineData("500ms", 500_000_000UL)]
    [InlineData("2s", 2_000_000_000UL)]
    [InlineData("1_000us", 1_000_000UL)]
    [InlineData("0x10ms", 16_000_000UL)]
    public void Duration_literals_are_in_nanoseconds(string text, ulong nanoseconds)
    {
        var token = Single(text);
        token.Kind.ShouldBe(TokenKind.Duration);
        token.IntegerValue.ShouldBe(nanoseconds);
    }

    [Theory]
    [InlineData("\"text\"", "text")]
    [InlineData("\"\"", "")]
    [InlineData("\"a\\nb\"", "a\nb")]
    [InlineData("\"\\r\\t\\0\"", "\r\t\0")]
    [InlineData("\"\\\\\"", "\\")]
    [InlineData("\"say \\\"hi\\\"\"", "say \"hi\"")]
    [InlineData("\"\\x41\\x7a\"", "Az")]
    [InlineData("\"héllo\"", "héllo")]
    public void String_literals_decode_every_escape(string text, string value)
    {
        var token = Single(text);
        token.Kind.ShouldBe(TokenKind.String);
        token.StringValue.ShouldBe(value);
        token.Text.ShouldBe(text);
    }

    [Theory]
    [InlineData("b\"hello\"", new byte[] { 0x68, 0x65, 0x6C, 0x6C, 0x6F })]
    [InlineData("b\"\"", new byte[0])]
    [InlineData("b\"\\x00\\xff\\n\"", new byte[] { 0x00, 0xFF, 0x0A })]
    [InlineData("b\"é\"", new byte[] { 0xC3, 0xA9 })]
    public void Byte_string_literals_decode_to_bytes(string text, byte[] value)
    {
        var token = Single(text);
        token.Kind.ShouldBe(TokenKind.Bytes);
        token.BytesValue.ToArray().ShouldBe(value);
    }

    [Fact]
    public void Comments_and_whitespace_are_skipped_and_positions_are_one_based()
    {
        var tokens = Lex("// line comment\n\tlet /* block\n comment */ x", out var diagnostics);
        diagnostics.ShouldBeEmpty();
        tokens[0].Kind.ShouldBe(TokenKind.KwLet);
        tokens[0].Span.StartPosition.ShouldBe((2, 2)); // a tab counts as one column
        tokens[1].Kind.ShouldBe(TokenKind.Identifier);
        tokens[1].Span.StartPosition.ShouldBe((3, 13));
        tokens[1].StartsLine.ShouldBeTrue();
    }

    [Fact]
    public void Tokens_with_the_gaps_between_them_reconstruct_the_source()
    {
        const string source = "device Echo {\r\n  queue main : default, sequential { on read(req) { let n = min(req.length, 0x10); " +
            "complete(req, STATUS_SUCCESS, b\"\\x01\"[0..n]); x <<= 2; y >>= 1; z = a >= b && c != d || !e; } }\n}\n";
        var tokens = Lex(source, out var diagnostics);
        diagnostics.ShouldBeEmpty();
        var rebuilt = new System.Text.StringBuilder();
        int pos = 0;
        foreach (var token in tokens)
        {
            rebuilt.Append(source, pos, token.Span.Start - pos);
            rebuilt.Append(token.Text);
            pos = token.Span.End;
        }
        rebuilt.Append(source, pos, source.Length - pos);
        rebuilt.ToString().ShouldBe(source);
    }

    [Fact]
    public void Nested_list_types_close_with_single_angle_brackets()
    {
        var kinds = Lex("let x: list<list<u8>> = [];", out var diagnostics).Select(t => t.Kind).ToArray();
        diagnostics.ShouldBeEmpty();
        kinds.Count(k => k == TokenKind.Greater).ShouldBe(2);
        kinds.ShouldNotContain(TokenKind.ShiftRight);
    }

    [Theory]
    [InlineData("\"abc", "DS0002", 1, 1)]
    [InlineData("let s = b\"abc\nx", "DS0002", 1, 10)]
    [InlineData("\"\\q\"", "DS0003", 1, 2)]
    [InlineData("\"\\x4\"", "DS0003", 1, 2)]
    [InlineData("99999999999999999999", "DS0004", 1, 1)]
    [InlineData("99999999999s", "DS0004", 1, 1)]
    [InlineData("0x", "DS0005", 1, 1)]
    [InlineData("12abc", "DS0005", 1, 1)]
    [InlineData("10min", "DS0005", 1, 1)]
    [InlineData("0b12", "DS0005", 1, 1)]
    [InlineData("1__", "DS0005", 1, 1)]
    [InlineData("x /* never closed", "DS0006", 1, 3)]
    [InlineData("let x = 1 # 2;", "DS0001", 1, 11)]
    [InlineData("let \u00e9 = 1;", "DS0001", 1, 5)]
    public void Lexical_errors_are_diagnostics_at_the_offending_text(string text, string code, int line, int column)
    {
        Lex(text, out var diagnostics);
        diagnostics.Count.ShouldBe(1, string.Join("\n", diagnostics));
        diagnostics[0].Code.ShouldBe(code);
        diagnostics[0].Span.StartPosition.ShouldBe((line, column));
    }

    [Fact]
    public void Nesting_deeper_than_256_is_reported_once_at_the_first_level_too_deep()
    {
        string text = new string('(', 300) + new string(')', 300);
        var result = Lexer.Lex(new SourceText("t.drv", text));
        result.NestingTooDeep.ShouldBeTrue();
        result.Diagnostics.Count.ShouldBe(1);
        result.Diagnostics[0].Code.ShouldBe("DS0008");
        result.Diagnostics[0].Column.ShouldBe(257);
    }
}

using DriverScript.Language.Lexing;
using DriverScript.Language.Text;

namespace DriverScript.Language.Tests.Lexing;

/// <summary>How tokens are stored: one array of small structs, one string per distinct name.</summary>
public class TokenStorageTests
{
    private static Token[] Lex(string text)
    {
        var result = Lexer.Lex(new SourceText("t.drv", text));
        result.Diagnostics.ShouldBeEmpty();
        return result.Tokens;
    }

    [Fact]
    public void Identifiers_spelled_alike_share_one_string()
    {
        var tokens = Lex("sum = sum + total; total = sum;");
        var sums = tokens.Where(t => t.Text == "sum").ToArray();
        sums.Length.ShouldBe(3);
        sums.ShouldAllBe(t => ReferenceEquals(t.Text, sums[0].Text));
    }

    [Fact]
    public void Keyword_and_punctuation_text_is_the_fixed_text_of_the_kind()
    {
        var tokens = Lex("while x <<= 1 { }");
        tokens.Select(t => t.Text).ShouldBe(["while", "x", "<<=", "1", "{", "}", ""]);
        tokens[0].Kind.ShouldBe(TokenKind.KwWhile);
        tokens[^1].Kind.ShouldBe(TokenKind.EndOfFile);
    }

    [Fact]
    public void Literal_tokens_keep_their_text_and_value()
    {
        var tokens = Lex("0x1F 2ms \"a\\tb\" b\"\\x01\"");
        tokens[0].Text.ShouldBe("0x1F");
        tokens[0].IntegerValue.ShouldBe(31UL);
        tokens[1].Text.ShouldBe("2ms");
        tokens[1].IntegerValue.ShouldBe(2_000_000UL);
        tokens[2].Text.ShouldBe("\"a\\tb\"");
        tokens[2].StringValue.ShouldBe("a\tb");
        tokens[2].BytesValue.IsDefault.ShouldBeTrue();
        tokens[3].StringValue.ShouldBe("\u0001");
        tokens[3].BytesValue.ToArray().ShouldBe(new byte[] { 1 });
        tokens[0].StringValue.ShouldBeNull();
    }

    [Fact]
    public void An_unterminated_string_has_an_empty_value()
    {
        var result = Lexer.Lex(new SourceText("t.drv", "\"abc"));
        result.Diagnostics.ShouldHaveSingleItem().Code.ShouldBe("DS0002");
        var token = result.Tokens[0];
        token.Kind.ShouldBe(TokenKind.String);
        token.IsMalformed.ShouldBeTrue();
        token.StringValue.ShouldBe("");
        token.BytesValue.IsDefault.ShouldBeFalse();
        token.BytesValue.ShouldBeEmpty();
        token.Text.ShouldBe("\"abc");
    }

    [Fact]
    public void More_tokens_than_characters_over_four_still_lex()
    {
        // The token buffer starts at about one token per four characters and grows.
        var tokens = Lex(string.Concat(Enumerable.Repeat(";", 100_000)));
        tokens.Length.ShouldBe(100_001);
        tokens[99_999].Kind.ShouldBe(TokenKind.Semicolon);
        tokens[99_999].Span.Start.ShouldBe(99_999);
        tokens[^1].Kind.ShouldBe(TokenKind.EndOfFile);
    }

    [Fact]
    public void Keywords_stay_keywords_after_a_file_with_many_names()
    {
        // The table of names grows for the first file and is emptied (keywords kept) for the next.
        Lex(string.Join(" ", Enumerable.Range(0, 5_000).Select(i => $"name{i}")));
        var tokens = Lex("let name1 = self;");
        tokens.Select(t => t.Kind).ShouldBe([TokenKind.KwLet, TokenKind.Identifier, TokenKind.Assign, TokenKind.KwSelf,
            TokenKind.Semicolon, TokenKind.EndOfFile]);
    }

    [Fact]
    public void Lexing_on_many_threads_at_once_gives_the_same_tokens()
    {
        string text = string.Join("\n", Enumerable.Range(0, 2_000).Select(i => $"let v{i % 300} = w{i} + {i}; // x{i}"));
        var expected = Describe(Lex(text));
        var results = new string[16];
        Parallel.For(0, results.Length, i => results[i] = Describe(Lex(text)));
        results.ShouldAllBe(r => r == expected);
    }

    private static string Describe(Token[] tokens) =>
        string.Join("|", tokens.Select(t => $"{t.Kind}:{t.Span.Start}:{t.Span.Length}:{t.Text}:{t.IntegerValue}:{t.StartsLine}"));
}

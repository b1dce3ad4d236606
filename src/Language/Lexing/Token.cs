using System.Collections.Immutable;
using DriverScript.Language.Text;

namespace DriverScript.Language.Lexing;

/// <summary>
/// One token with its exact source span. Literal tokens carry their decoded value:
/// <see cref="IntegerValue"/> for integers, nanoseconds for durations, <see cref="StringValue"/>
/// for strings and <see cref="BytesValue"/> for byte strings.
/// </summary>
public sealed class Token
{
    public Token(TokenKind kind, SourceSpan span, string text)
    {
        Kind = kind;
        Span = span;
        Text = text;
    }

    public TokenKind Kind { get; }

    public SourceSpan Span { get; }

    /// <summary>The token exactly as written in the source.</summary>
    public string Text { get; }

    public ulong IntegerValue { get; init; }

    public string? StringValue { get; init; }

    public ImmutableArray<byte> BytesValue { get; init; }

    /// <summary>Whether a line break separates this token from the one before it.</summary>
    public bool StartsLine { get; init; }

    /// <summary>The lexer reported an error for this token; the parser does not pile a syntax error on it.</summary>
    public bool IsMalformed { get; init; }

    public bool IsKeyword => TokenFacts.IsKeyword(Kind);

    /// <summary>How the token is shown in "found ..." messages.</summary>
    public string Describe() => Kind switch
    {
        TokenKind.EndOfFile => "end of file",
        TokenKind.Identifier => $"'{Text}'",
        TokenKind.String or TokenKind.Bytes => "a string",
        _ => $"'{Text}'",
    };

    public override string ToString() => $"{Kind} '{Text}' at {Span}";
}

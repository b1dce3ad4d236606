using System.Collections.Immutable;
using System.Runtime.InteropServices;
using DriverScript.Language.Text;

namespace DriverScript.Language.Lexing;

/// <summary>
/// One token with its exact source span. Literal tokens carry their decoded value:
/// <see cref="IntegerValue"/> for integers, nanoseconds for durations, <see cref="StringValue"/>
/// for strings and <see cref="BytesValue"/> for byte strings.
/// </summary>
/// <remarks>
/// A small struct (40 bytes) rather than an object: a file's tokens are one array, so lexing a
/// 10,000-line file allocates no object per token and the garbage collector has one array to
/// look at instead of tens of thousands of short-lived objects. The text of keywords and
/// punctuation is the fixed text of the kind; identifiers share one string per distinct name.
/// </remarks>
[StructLayout(LayoutKind.Auto)]
public readonly struct Token
{
    private readonly SourceText _source;

    // Identifier: its text. String: its value, or a LiteralPayload when it was unterminated.
    // Bytes: a LiteralPayload. Others: null.
    private readonly object? _payload;
    private readonly ulong _integer;
    private readonly int _start;
    private readonly int _length;
    private readonly TokenKind _kind;
    private readonly Flags _flags;

    [Flags]
    private enum Flags : byte
    {
        None = 0,
        StartsLine = 1,
        Malformed = 2,
    }

    private Token(TokenKind kind, SourceText source, int start, int length, object? payload, ulong integer, Flags flags)
    {
        _kind = kind;
        _source = source;
        _start = start;
        _length = length;
        _payload = payload;
        _integer = integer;
        _flags = flags;
    }

    /// <summary>A keyword, punctuation or end-of-file token: its text is the fixed text of its kind.</summary>
    internal static Token Fixed(TokenKind kind, SourceText source, int start, int length, bool startsLine) =>
        new(kind, source, start, length, null, 0, startsLine ? Flags.StartsLine : Flags.None);

    /// <summary>An identifier; <paramref name="text"/> is its (shared) text.</summary>
    internal static Token Identifier(SourceText source, int start, string text, bool startsLine) =>
        new(TokenKind.Identifier, source, start, text.Length, text, 0, startsLine ? Flags.StartsLine : Flags.None);

    /// <summary>An integer or duration literal.</summary>
    internal static Token Number(TokenKind kind, SourceText source, int start, int length, ulong value, bool startsLine, bool malformed) =>
        new(kind, source, start, length, null, value, (startsLine ? Flags.StartsLine : Flags.None) | (malformed ? Flags.Malformed : Flags.None));

    /// <summary>A string literal with its decoded value.</summary>
    internal static Token String(SourceText source, int start, int length, string value, bool startsLine) =>
        new(TokenKind.String, source, start, length, value, 0, startsLine ? Flags.StartsLine : Flags.None);

    /// <summary>A byte string, or a string literal whose value also carries bytes (an unterminated one).</summary>
    internal static Token Literal(TokenKind kind, SourceText source, int start, int length, string value, ImmutableArray<byte> bytes,
        bool startsLine, bool malformed) =>
        new(kind, source, start, length, new LiteralPayload(value, bytes), 0,
            (startsLine ? Flags.StartsLine : Flags.None) | (malformed ? Flags.Malformed : Flags.None));

    public TokenKind Kind => _kind;

    public SourceSpan Span => new(_source, _start, _length);

    /// <summary>Offset of the first character.</summary>
    internal int Start => _start;

    /// <summary>Offset just after the last character.</summary>
    internal int End => _start + _length;

    /// <summary>The token exactly as written in the source.</summary>
    public string Text => _kind switch
    {
        TokenKind.Identifier => (string)_payload!,
        TokenKind.Integer or TokenKind.Duration or TokenKind.String or TokenKind.Bytes => _source.Text.Substring(_start, _length),
        _ => TokenFacts.FixedText(_kind),
    };

    /// <summary>Whether this is an identifier spelled exactly <paramref name="text"/>.</summary>
    internal bool IsIdentifier(string text) => _kind == TokenKind.Identifier && (string)_payload! == text;

    public ulong IntegerValue => _integer;

    public string? StringValue => _payload switch
    {
        LiteralPayload literal => literal.Value,
        string value when _kind == TokenKind.String => value,
        _ => null,
    };

    public ImmutableArray<byte> BytesValue => _payload is LiteralPayload literal ? literal.Bytes : default;

    /// <summary>Whether a line break separates this token from the one before it.</summary>
    public bool StartsLine => (_flags & Flags.StartsLine) != 0;

    /// <summary>The lexer reported an error for this token; the parser does not pile a syntax error on it.</summary>
    public bool IsMalformed => (_flags & Flags.Malformed) != 0;

    public bool IsKeyword => TokenFacts.IsKeyword(_kind);

    /// <summary>How the token is shown in "found ..." messages.</summary>
    public string Describe() => Kind switch
    {
        TokenKind.EndOfFile => "end of file",
        TokenKind.Identifier => $"'{Text}'",
        TokenKind.String or TokenKind.Bytes => "a string",
        _ => $"'{Text}'",
    };

    public override string ToString() => $"{Kind} '{Text}' at {Span}";

    private sealed record LiteralPayload(string Value, ImmutableArray<byte> Bytes);
}

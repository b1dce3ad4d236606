using System.Buffers;
using System.Collections.Immutable;
using System.Text;
using DriverScript.Language.Diagnostics;
using DriverScript.Language.Text;

namespace DriverScript.Language.Lexing;

/// <summary>The tokens of one file (always ending with <see cref="TokenKind.EndOfFile"/>).</summary>
public sealed record LexResult(Token[] Tokens, IReadOnlyList<Diagnostic> Diagnostics, bool NestingTooDeep);

/// <summary>
/// The tokens of one file in an array rented from <see cref="ArrayPool{T}.Shared"/>: the parser
/// lexes into it and gives it back when the tree is built, so a parse allocates no token array.
/// </summary>
internal struct PooledTokens
{
    public Token[] Buffer;
    public int Count;
    public IReadOnlyList<Diagnostic> Diagnostics;
    public bool NestingTooDeep;

    public readonly ReadOnlySpan<Token> Span => Buffer.AsSpan(0, Count);

    public void Return()
    {
        if (Buffer.Length == 0) return;
        Buffer.AsSpan(0, Count).Clear(); // tokens hold strings and the source
        ArrayPool<Token>.Shared.Return(Buffer);
        Buffer = [];
        Count = 0;
    }
}

/// <summary>
/// Turns source text into tokens (LANGUAGE.md §2). Errors become diagnostics and lexing goes on,
/// so one file reports every lexical mistake it has.
/// </summary>
public sealed class Lexer
{
    /// <summary>Parentheses, brackets and braces may nest this deep (LANGUAGE.md §11).</summary>
    public const int MaxNesting = 256;

    private static readonly SearchValues<char> s_stringSpecials = SearchValues.Create("\"\\\r\n");

    // Character classes of ASCII: bit 1 starts an identifier, bit 2 continues one.
    private const byte IdentStartClass = 1;
    private const byte IdentPartClass = 2;
    private static readonly byte[] s_charClass = BuildCharClass();

    // Keywords and the identifiers seen so far in this file. One table per thread, emptied for every file.
    [ThreadStatic] private static WordTable? t_words;

    private readonly SourceText _source;
    private readonly string _text;
    private readonly DiagnosticBag _diagnostics = new();
    private readonly WordTable _words;
    private Token[] _tokens;
    private int _count;
    private int _pos;
    private bool _sawNewline = true;
    private int _depth;
    private bool _tooDeep;
    private int _genericDepth;
    private StringBuilder? _chars;

    private Lexer(SourceText source)
    {
        _source = source;
        _text = source.Text;
        // About one token per four characters in typical code; the buffer grows if needed.
        _tokens = ArrayPool<Token>.Shared.Rent(Math.Max(16, _text.Length / 4 + 16));
        _words = t_words ?? new WordTable();
        t_words = null; // a nested lex on this thread gets a table of its own
    }

    public static LexResult Lex(SourceText source)
    {
        var lexed = LexPooled(source);
        var tokens = lexed.Span.ToArray();
        lexed.Return();
        return new LexResult(tokens, lexed.Diagnostics, lexed.NestingTooDeep);
    }

    /// <summary>Lexes into a rented array; the caller gives it back with <see cref="PooledTokens.Return"/>.</summary>
    internal static PooledTokens LexPooled(SourceText source)
    {
        var lexer = new Lexer(source);
        lexer.Run();
        lexer.ReleaseWords();
        return new PooledTokens
        {
            Buffer = lexer._tokens,
            Count = lexer._count,
            Diagnostics = lexer._diagnostics.Items,
            NestingTooDeep = lexer._tooDeep,
        };
    }

    private void ReleaseWords()
    {
        if (_words.Capacity > 16384) return; // let an unusually large table go rather than keep it for the thread
        _words.Reset();
        t_words = _words;
    }

    private static byte[] BuildCharClass()
    {
        var classes = new byte[128];
        for (int c = 0; c < 128; c++)
        {
            bool start = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
            bool digit = c >= '0' && c <= '9';
            classes[c] = (byte)((start ? IdentStartClass : 0) | (start || digit ? IdentPartClass : 0));
        }
        return classes;
    }

    private void Run()
    {
        while (true)
        {
            SkipTrivia();
            if (_pos >= _text.Length)
            {
                Push(Token.Fixed(TokenKind.EndOfFile, _source, _text.Length, 0, _sawNewline));
                return;
            }
            LexToken();
        }
    }

    private void Push(in Token token)
    {
        if (_count == _tokens.Length)
        {
            var bigger = ArrayPool<Token>.Shared.Rent(_tokens.Length * 2);
            _tokens.AsSpan(0, _count).CopyTo(bigger);
            _tokens.AsSpan(0, _count).Clear();
            ArrayPool<Token>.Shared.Return(_tokens);
            _tokens = bigger;
        }
        _tokens[_count++] = token;
        _sawNewline = false;
    }

    private char Peek(int ahead = 0) => _pos + ahead < _text.Length ? _text[_pos + ahead] : '\0';

    private void SkipTrivia()
    {
        string text = _text;
        int pos = _pos;
        while (pos < text.Length)
        {
            char c = text[pos];
            if (c == ' ' || c == '\t' || c == '\f' || c == '\v') pos++;
            else if (c == '\n' || c == '\r') { _sawNewline = true; pos++; }
            else if (c == '/' && pos + 1 < text.Length && text[pos + 1] == '/')
            {
                int end = text.AsSpan(pos).IndexOfAny('\n', '\r');
                pos = end < 0 ? text.Length : pos + end;
            }
            else if (c == '/' && pos + 1 < text.Length && text[pos + 1] == '*')
            {
                int close = text.IndexOf("*/", pos + 2, StringComparison.Ordinal);
                if (close < 0)
                {
                    _diagnostics.Add(DiagnosticCodes.UnterminatedComment, _source.Span(pos, 2));
                    pos = text.Length;
                }
                else
                {
                    if (text.AsSpan(pos, close - pos).IndexOfAny('\n', '\r') >= 0) _sawNewline = true;
                    pos = close + 2;
                }
            }
            else break;
        }
        _pos = pos;
    }

    private void AddFixed(TokenKind kind, int start) => Push(Token.Fixed(kind, _source, start, _pos - start, _sawNewline));

    private void AddNumber(TokenKind kind, int start, ulong value = 0, bool malformed = false) =>
        Push(Token.Number(kind, _source, start, _pos - start, value, _sawNewline, malformed));

    private void LexToken()
    {
        int start = _pos;
        char c = _text[_pos];
        if (c == 'b' && Peek(1) == '"')
        {
            _pos++;
            LexString(start, bytes: true);
            return;
        }
        if (IsIdentStart(c))
        {
            LexWord(start);
            return;
        }
        if (c >= '0' && c <= '9')
        {
            LexNumber(start);
            return;
        }
        if (c == '"')
        {
            LexString(start, bytes: false);
            return;
        }
        _pos++;
        TokenKind kind;
        switch (c)
        {
            case '(': kind = TokenKind.LParen; Open(start); break;
            case ')': kind = TokenKind.RParen; _depth--; break;
            case '{': kind = TokenKind.LBrace; Open(start); break;
            case '}': kind = TokenKind.RBrace; _depth--; break;
            case '[': kind = TokenKind.LBracket; Open(start); break;
            case ']': kind = TokenKind.RBracket; _depth--; break;
            case ',': kind = TokenKind.Comma; break;
            case ';': kind = TokenKind.Semicolon; break;
            case ':': kind = TokenKind.Colon; break;
            case '@': kind = TokenKind.At; break;
            case '?': kind = TokenKind.Question; break;
            case '~': kind = TokenKind.Tilde; break;
            case '.': kind = Match('.') ? TokenKind.DotDot : TokenKind.Dot; break;
            case '-': kind = Match('>') ? TokenKind.Arrow : Match('=') ? TokenKind.MinusAssign : TokenKind.Minus; break;
            case '=': kind = Match('>') ? TokenKind.FatArrow : Match('=') ? TokenKind.EqualEqual : TokenKind.Assign; break;
            case '!': kind = Match('=') ? TokenKind.BangEqual : TokenKind.Bang; break;
            case '+': kind = Match('=') ? TokenKind.PlusAssign : TokenKind.Plus; break;
            case '*': kind = Match('=') ? TokenKind.StarAssign : TokenKind.Star; break;
            case '/': kind = Match('=') ? TokenKind.SlashAssign : TokenKind.Slash; break;
            case '%': kind = Match('=') ? TokenKind.PercentAssign : TokenKind.Percent; break;
            case '^': kind = Match('=') ? TokenKind.CaretAssign : TokenKind.Caret; break;
            case '&': kind = Match('&') ? TokenKind.AmpAmp : Match('=') ? TokenKind.AmpAssign : TokenKind.Amp; break;
            case '|': kind = Match('|') ? TokenKind.PipePipe : Match('=') ? TokenKind.PipeAssign : TokenKind.Pipe; break;
            case '<':
                if (IsListTypeOpen()) { kind = TokenKind.Less; _genericDepth++; break; }
                kind = Match('<') ? (Match('=') ? TokenKind.ShiftLeftAssign : TokenKind.ShiftLeft)
                     : Match('=') ? TokenKind.LessEqual : TokenKind.Less;
                break;
            case '>':
                // Inside `list<...>` each '>' closes one type argument, so `list<list<u8>>` works.
                if (_genericDepth > 0) { kind = TokenKind.Greater; _genericDepth--; break; }
                kind = Match('>') ? (Match('=') ? TokenKind.ShiftRightAssign : TokenKind.ShiftRight)
                     : Match('=') ? TokenKind.GreaterEqual : TokenKind.Greater;
                break;
            default:
                ReportUnexpected(start);
                return;
        }
        AddFixed(kind, start);
    }

    /// <summary>A keyword or an identifier; each distinct name's text is allocated once per file.</summary>
    private void LexWord(int start)
    {
        string text = _text;
        var classes = s_charClass;
        uint hash = WordTable.Seed;
        int pos = start;
        while (pos < text.Length)
        {
            char c = text[pos];
            if (c >= 128 || (classes[c] & IdentPartClass) == 0) break;
            hash = WordTable.Step(hash, c);
            pos++;
        }
        _pos = pos;
        var kind = _words.Find(text.AsSpan(start, pos - start), hash, out string word);
        Push(kind == TokenKind.Identifier
            ? Token.Identifier(_source, start, word, _sawNewline)
            : Token.Fixed(kind, _source, start, pos - start, _sawNewline));
    }

    private bool IsListTypeOpen()
    {
        if (_count == 0) return false;
        ref readonly var last = ref _tokens[_count - 1];
        return last.IsIdentifier("list") && last.End == _pos - 1;
    }

    private void Open(int start)
    {
        _depth++;
        if (_depth > MaxNesting && !_tooDeep)
        {
            _tooDeep = true;
            _diagnostics.Add(DiagnosticCodes.NestingTooDeep, _source.Span(start, 1), MaxNesting);
        }
    }

    private bool Match(char expected)
    {
        if (_pos < _text.Length && _text[_pos] == expected)
        {
            _pos++;
            return true;
        }
        return false;
    }

    private void ReportUnexpected(int start)
    {
        // Report a whole run of unexpected characters once.
        int runStart = start;
        string shown;
        if (char.IsHighSurrogate(_text[start]) && start + 1 < _text.Length) { _pos = start + 2; }
        shown = _text.Substring(runStart, _pos - runStart);
        if (shown.Length == 1 && (shown[0] < ' ' || shown[0] == '\u007f'))
            shown = $"\\x{(int)shown[0]:X2}";
        _diagnostics.Add(DiagnosticCodes.UnexpectedCharacter, _source.Span(runStart, _pos - runStart), shown);
        while (_pos < _text.Length && !IsTokenBoundary(_text[_pos])) _pos++;
    }

    private static bool IsTokenBoundary(char c) =>
        c <= ' ' || (c < 128 && (IsIdentPart(c) || "(){}[],;:.@?~-=!+*/%^&|<>\"".IndexOf(c) >= 0));

    private static bool IsIdentStart(char c) => c < 128 && (s_charClass[c] & IdentStartClass) != 0;

    private static bool IsIdentPart(char c) => c < 128 && (s_charClass[c] & IdentPartClass) != 0;

    private void LexNumber(int start)
    {
        int radix = 10;
        if (_text[_pos] == '0' && (Peek(1) == 'x' || Peek(1) == 'X')) { radix = 16; _pos += 2; }
        else if (_text[_pos] == '0' && (Peek(1) == 'b' || Peek(1) == 'B') && Peek(2) != '"') { radix = 2; _pos += 2; }
        int digitsStart = _pos;
        ulong value = 0;
        bool overflow = false;
        int digits = 0;
        bool badSeparator = false;
        while (_pos < _text.Length)
        {
            char c = _text[_pos];
            int d = DigitValue(c);
            if (c == '_') { if (_pos == digitsStart) badSeparator = true; _pos++; continue; }
            if (d < 0 || d >= radix) break;
            ulong next = value * (ulong)radix + (ulong)d;
            if (value > (ulong.MaxValue - (ulong)d) / (ulong)radix) overflow = true;
            value = next;
            digits++;
            _pos++;
        }
        // A duration suffix.
        ulong scale = 0;
        int suffixStart = _pos;
        if (digits > 0)
        {
            if (Peek() == 'n' && Peek(1) == 's' && !IsIdentPart(Peek(2))) { scale = 1; _pos += 2; }
            else if (Peek() == 'u' && Peek(1) == 's' && !IsIdentPart(Peek(2))) { scale = 1_000; _pos += 2; }
            else if (Peek() == 'm' && Peek(1) == 's' && !IsIdentPart(Peek(2))) { scale = 1_000_000; _pos += 2; }
            else if (Peek() == 's' && !IsIdentPart(Peek(1))) { scale = 1_000_000_000; _pos += 1; }
        }
        if (_pos < _text.Length && IsIdentPart(_text[_pos]))
        {
            while (_pos < _text.Length && IsIdentPart(_text[_pos])) _pos++;
            string text = _text.Substring(start, _pos - start);
            string why = radix switch
            {
                16 => "a hexadecimal literal has the digits 0-9 and a-f",
                2 => "a binary literal has the digits 0 and 1",
                _ => "a number may be followed only by a duration unit (ns, us, ms, s)",
            };
            _diagnostics.Add(DiagnosticCodes.MalformedNumber, _source.Span(start, _pos - start), text, why);
            AddNumber(TokenKind.Integer, start, malformed: true);
            return;
        }
        if (digits == 0 || badSeparator || _text[suffixStart - 1] == '_')
        {
            string text = _text.Substring(start, _pos - start);
            _diagnostics.Add(DiagnosticCodes.MalformedNumber, _source.Span(start, _pos - start), text,
                digits == 0 ? "digits are missing" : "'_' may only stand between digits");
            AddNumber(TokenKind.Integer, start, malformed: true);
            return;
        }
        if (scale != 0)
        {
            if (overflow || (value != 0 && value > ulong.MaxValue / scale))
            {
                _diagnostics.Add(DiagnosticCodes.LiteralTooLarge, _source.Span(start, _pos - start), _text.Substring(start, _pos - start));
                AddNumber(TokenKind.Duration, start, malformed: true);
                return;
            }
            AddNumber(TokenKind.Duration, start, value * scale);
            return;
        }
        if (overflow)
        {
            _diagnostics.Add(DiagnosticCodes.LiteralTooLarge, _source.Span(start, _pos - start), _text.Substring(start, _pos - start));
            AddNumber(TokenKind.Integer, start, malformed: true);
            return;
        }
        AddNumber(TokenKind.Integer, start, value);
    }

    private static int DigitValue(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => -1,
    };

    private void LexString(int start, bool bytes)
    {
        _pos++; // opening quote
        if (!bytes)
        {
            // Most strings have no escape: their value is the text between the quotes.
            int special = _text.AsSpan(_pos).IndexOfAny(s_stringSpecials);
            if (special >= 0 && _text[_pos + special] == '"')
            {
                string value = _text.Substring(_pos, special);
                _pos += special + 1;
                Push(Token.String(_source, start, _pos - start, value, _sawNewline));
                return;
            }
        }
        var chars = _chars ??= new StringBuilder();
        chars.Clear();
        var raw = bytes ? new List<byte>() : null;
        while (true)
        {
            if (_pos >= _text.Length || _text[_pos] == '\n' || _text[_pos] == '\r')
            {
                int quote = bytes ? start + 1 : start;
                _diagnostics.Add(DiagnosticCodes.UnterminatedString, _source.Span(quote, 1));
                Push(Token.Literal(bytes ? TokenKind.Bytes : TokenKind.String, _source, start, _pos - start, "", ImmutableArray<byte>.Empty,
                    _sawNewline, malformed: true));
                return;
            }
            char c = _text[_pos];
            if (c == '"') { _pos++; break; }
            if (c == '\\')
            {
                int escStart = _pos;
                _pos++;
                char e = Peek();
                int value;
                switch (e)
                {
                    case 'n': value = '\n'; _pos++; break;
                    case 'r': value = '\r'; _pos++; break;
                    case 't': value = '\t'; _pos++; break;
                    case '0': value = 0; _pos++; break;
                    case '\\': value = '\\'; _pos++; break;
                    case '"': value = '"'; _pos++; break;
                    case 'x' when DigitValue(Peek(1)) >= 0 && DigitValue(Peek(2)) >= 0:
                        value = DigitValue(Peek(1)) * 16 + DigitValue(Peek(2));
                        _pos += 3;
                        break;
                    default:
                        if (e != '\n' && e != '\r' && _pos < _text.Length) _pos++;
                        if (e == 'x') { while (_pos < _text.Length && DigitValue(_text[_pos]) >= 0 && _pos < escStart + 4) _pos++; }
                        _diagnostics.Add(DiagnosticCodes.InvalidEscape, _source.Span(escStart, _pos - escStart), _text.Substring(escStart, _pos - escStart));
                        continue;
                }
                chars.Append((char)value);
                raw?.Add((byte)value);
                continue;
            }
            if (bytes)
            {
                // A byte string holds the UTF-8 encoding of its text.
                if (char.IsHighSurrogate(c) && _pos + 1 < _text.Length)
                {
                    raw!.AddRange(Encoding.UTF8.GetBytes(_text.Substring(_pos, 2)));
                    chars.Append(c).Append(_text[_pos + 1]);
                    _pos += 2;
                    continue;
                }
                if (c < 0x80) raw!.Add((byte)c);
                else raw!.AddRange(Encoding.UTF8.GetBytes(c.ToString()));
            }
            chars.Append(c);
            _pos++;
        }
        Push(bytes
            ? Token.Literal(TokenKind.Bytes, _source, start, _pos - start, chars.ToString(), [.. raw!], _sawNewline, malformed: false)
            : Token.String(_source, start, _pos - start, chars.ToString(), _sawNewline));
    }
}

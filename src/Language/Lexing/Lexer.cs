using System.Collections.Immutable;
using System.Text;
using DriverScript.Language.Diagnostics;
using DriverScript.Language.Text;

namespace DriverScript.Language.Lexing;

/// <summary>The tokens of one file (always ending with <see cref="TokenKind.EndOfFile"/>).</summary>
public sealed record LexResult(Token[] Tokens, IReadOnlyList<Diagnostic> Diagnostics, bool NestingTooDeep);

/// <summary>
/// Turns source text into tokens (LANGUAGE.md §2). Errors become diagnostics and lexing goes on,
/// so one file reports every lexical mistake it has.
/// </summary>
public sealed class Lexer
{
    /// <summary>Parentheses, brackets and braces may nest this deep (LANGUAGE.md §11).</summary>
    public const int MaxNesting = 256;

    private readonly SourceText _source;
    private readonly string _text;
    private readonly List<Token> _tokens = new();
    private readonly DiagnosticBag _diagnostics = new();
    private int _pos;
    private bool _sawNewline = true;
    private int _depth;
    private bool _tooDeep;
    private int _genericDepth;

    private Lexer(SourceText source)
    {
        _source = source;
        _text = source.Text;
    }

    public static LexResult Lex(SourceText source)
    {
        var lexer = new Lexer(source);
        lexer.Run();
        return new LexResult(lexer._tokens.ToArray(), lexer._diagnostics.Items, lexer._tooDeep);
    }

    private void Run()
    {
        while (true)
        {
            SkipTrivia();
            if (_pos >= _text.Length)
            {
                _tokens.Add(new Token(TokenKind.EndOfFile, _source.Span(_text.Length, 0), "") { StartsLine = _sawNewline });
                return;
            }
            LexToken();
        }
    }

    private char Peek(int ahead = 0) => _pos + ahead < _text.Length ? _text[_pos + ahead] : '\0';

    private void SkipTrivia()
    {
        while (_pos < _text.Length)
        {
            char c = _text[_pos];
            if (c == '\n' || c == '\r') { _sawNewline = true; _pos++; }
            else if (c == ' ' || c == '\t' || c == '\f' || c == '\v') _pos++;
            else if (c == '/' && Peek(1) == '/')
            {
                while (_pos < _text.Length && _text[_pos] != '\n' && _text[_pos] != '\r') _pos++;
            }
            else if (c == '/' && Peek(1) == '*')
            {
                int start = _pos;
                int close = _text.IndexOf("*/", _pos + 2, StringComparison.Ordinal);
                if (close < 0)
                {
                    _diagnostics.Add(DiagnosticCodes.UnterminatedComment, _source.Span(start, 2));
                    _pos = _text.Length;
                }
                else
                {
                    if (_text.AsSpan(_pos, close - _pos).IndexOfAny('\n', '\r') >= 0) _sawNewline = true;
                    _pos = close + 2;
                }
            }
            else break;
        }
    }

    private void Add(TokenKind kind, int start, ulong intValue = 0, string? str = null, ImmutableArray<byte> bytes = default, bool malformed = false)
    {
        _tokens.Add(new Token(kind, _source.Span(start, _pos - start), _text.Substring(start, _pos - start))
        {
            IntegerValue = intValue,
            StringValue = str,
            BytesValue = bytes,
            StartsLine = _sawNewline,
            IsMalformed = malformed,
        });
        _sawNewline = false;
    }

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
            while (_pos < _text.Length && IsIdentPart(_text[_pos])) _pos++;
            string word = _text.Substring(start, _pos - start);
            Add(TokenFacts.TryGetKeyword(word, out var kw) ? kw : TokenKind.Identifier, start);
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
        Add(kind, start);
    }

    private bool IsListTypeOpen()
    {
        if (_tokens.Count == 0) return false;
        var last = _tokens[^1];
        return last.Kind == TokenKind.Identifier && last.Text == "list" && last.Span.End == _pos - 1;
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

    private static bool IsIdentStart(char c) => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';

    private static bool IsIdentPart(char c) => IsIdentStart(c) || (c >= '0' && c <= '9');

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
            Add(TokenKind.Integer, start, malformed: true);
            return;
        }
        if (digits == 0 || badSeparator || _text[suffixStart - 1] == '_')
        {
            string text = _text.Substring(start, _pos - start);
            _diagnostics.Add(DiagnosticCodes.MalformedNumber, _source.Span(start, _pos - start), text,
                digits == 0 ? "digits are missing" : "'_' may only stand between digits");
            Add(TokenKind.Integer, start, malformed: true);
            return;
        }
        if (scale != 0)
        {
            if (overflow || (value != 0 && value > ulong.MaxValue / scale))
            {
                _diagnostics.Add(DiagnosticCodes.LiteralTooLarge, _source.Span(start, _pos - start), _text.Substring(start, _pos - start));
                Add(TokenKind.Duration, start, malformed: true);
                return;
            }
            Add(TokenKind.Duration, start, value * scale);
            return;
        }
        if (overflow)
        {
            _diagnostics.Add(DiagnosticCodes.LiteralTooLarge, _source.Span(start, _pos - start), _text.Substring(start, _pos - start));
            Add(TokenKind.Integer, start, malformed: true);
            return;
        }
        Add(TokenKind.Integer, start, value);
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
        var chars = new StringBuilder();
        var raw = bytes ? new List<byte>() : null;
        while (true)
        {
            if (_pos >= _text.Length || _text[_pos] == '\n' || _text[_pos] == '\r')
            {
                int quote = bytes ? start + 1 : start;
                _diagnostics.Add(DiagnosticCodes.UnterminatedString, _source.Span(quote, 1));
                Add(bytes ? TokenKind.Bytes : TokenKind.String, start, str: "", bytes: ImmutableArray<byte>.Empty, malformed: true);
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
        Add(bytes ? TokenKind.Bytes : TokenKind.String, start, str: chars.ToString(), bytes: raw is null ? default : [.. raw]);
    }
}

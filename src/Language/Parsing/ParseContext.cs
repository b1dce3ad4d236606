using DriverScript.Language.Diagnostics;
using DriverScript.Language.Lexing;
using DriverScript.Language.Text;
using Pidgin;

namespace DriverScript.Language.Parsing;

/// <summary>
/// Per-parse state the (static, built-once) grammar reports syntax errors into while it recovers.
/// One parse runs on one thread; the context is installed for its duration.
/// </summary>
internal sealed class ParseContext
{
    [ThreadStatic] private static ParseContext? t_current;

    private readonly Token[] _tokens;
    private readonly int _count;

    private ParseContext(Token[] tokens, int count, DiagnosticBag diagnostics)
    {
        _tokens = tokens;
        _count = count;
        Diagnostics = diagnostics;
    }

    public static ParseContext Current => t_current ?? throw new InvalidOperationException("no parse is running");

    /// <summary>The file's tokens (the last one is the end of the file).</summary>
    public ReadOnlySpan<Token> Tokens => _tokens.AsSpan(0, _count);

    public DiagnosticBag Diagnostics { get; }

    /// <summary>Where the item being parsed by the innermost <see cref="Combinators.Items{T}"/> began.</summary>
    public int ItemStart { get; set; }

    public static T Run<T>(Token[] tokens, int count, DiagnosticBag diagnostics, Func<ParseContext, T> parse)
    {
        var previous = t_current;
        var context = new ParseContext(tokens, count, diagnostics);
        t_current = context;
        try { return parse(context); }
        finally { t_current = previous; }
    }

    public Token TokenAt(int offset) => _tokens[Math.Clamp(offset, 0, _count - 1)];

    /// <summary>Turns a Pidgin parse error into a DS0xxx diagnostic at the offending token.</summary>
    public void Report(ParseError<Token> error)
    {
        var token = TokenAt(error.ErrorOffset);
        // One mistake, one error: a malformed literal was already reported by the lexer.
        if (token.IsMalformed || (error.ErrorOffset > 0 && TokenAt(error.ErrorOffset - 1).IsMalformed)) return;
        // Custom failures are raised right after the token they are about was consumed.
        if (error.Message is { } message && Grammar.TryDecodeCustomError(message, TokenAt(error.ErrorOffset - 1), out var custom))
        {
            Diagnostics.Add(custom);
            return;
        }
        var labels = new List<string>();
        foreach (var expected in error.Expected)
        {
            string? label = expected.Label ?? (expected.Tokens.IsDefaultOrEmpty ? null : expected.Tokens[0].Text);
            if (expected.IsEof) label = "end of file";
            if (label is not null && !labels.Contains(label)) labels.Add(label);
        }
        // Operators are always possible after a complete expression; they make the message noisy.
        if (labels.Count > 1) labels.RemoveAll(l => l == Grammar.OperatorLabel);
        string expectedText = labels.Count switch
        {
            0 => "something else",
            1 => labels[0],
            _ => string.Join(", ", labels.Take(labels.Count - 1)) + " or " + labels[^1],
        };
        SourceSpan span = token.Span;
        // A missing closer is reported just after the token before it (LANGUAGE.md §13).
        if (labels.Count > 0 && labels.All(Grammar.IsCloserLabel) && error.ErrorOffset > 0)
            span = TokenAt(error.ErrorOffset - 1).Span.AfterEnd();
        Diagnostics.Add(DiagnosticCodes.SyntaxError, span, expectedText, token.Describe());
    }
}

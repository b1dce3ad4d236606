using System.Collections.Immutable;
using DriverScript.Language.Binding;
using DriverScript.Language.Diagnostics;
using DriverScript.Language.Lexing;
using DriverScript.Language.Parsing;
using DriverScript.Language.Symbols;
using DriverScript.Language.Syntax;
using DriverScript.Language.Text;

namespace DriverScript.Language;

/// <summary>
/// One REPL submission (LANGUAGE.md §14), compiled against the submissions before it: declarations
/// and statements that see every function, device, hardware model, constant, enum and top-level
/// variable declared earlier. New declarations may reuse an earlier name (they shadow it from then
/// on). Globals keep their slots across submissions; new ones get new slots. A lone expression at
/// the end (with or without its <c>;</c>) is the submission's <see cref="Result"/>.
/// </summary>
/// <example>
/// <code>
/// var first = Submission.Compile("fn fact(n: u32) -> u32 { if n &lt;= 1 { return 1; } return n * fact(n - 1); }");
/// var second = Submission.Compile("fact(5)", first.Scope);
/// second.Result!.Type.Name;   // "u32"; second.Program!.TopLevel stores fact(5) into second.Result's slot
/// </code>
/// </example>
public sealed class Submission
{
    /// <summary>The path submissions typed at the prompt are reported under.</summary>
    public const string InteractivePath = "<repl>";

    private Submission(ImmutableArray<ParseResult> files, BoundProgram? program, IReadOnlyList<Diagnostic> diagnostics,
        GlobalSymbol? result, SubmissionScope previous, SubmissionScope scope)
    {
        Files = files;
        Program = program;
        Diagnostics = diagnostics;
        Result = result;
        Previous = previous;
        Scope = scope;
    }

    /// <summary>The submission's text first, then each file it imports.</summary>
    public ImmutableArray<ParseResult> Files { get; }

    /// <summary>
    /// Every declaration of this and the earlier submissions, with <see cref="BoundProgram.TopLevel"/>
    /// holding this submission's statements only and <see cref="BoundProgram.Tests"/> its tests only.
    /// Null when the text could not be decoded.
    /// </summary>
    public BoundProgram? Program { get; }

    public IReadOnlyList<Diagnostic> Diagnostics { get; }

    public bool HasErrors => Diagnostics.Any(d => d.IsError);

    /// <summary>The hidden global the trailing expression's value is stored in (null when the submission ends otherwise, or in a void call).</summary>
    public GlobalSymbol? Result { get; }

    /// <summary>The scope this submission was bound against.</summary>
    public SubmissionScope Previous { get; }

    /// <summary>The scope the next submission is bound against (meaningful only when this one has no errors).</summary>
    public SubmissionScope Scope { get; }

    /// <summary>Compiles text typed at the prompt (or any text) after <paramref name="previous"/>.</summary>
    public static Submission Compile(string text, SubmissionScope? previous = null, string path = InteractivePath, CompilationOptions? options = null)
    {
        options ??= CompilationOptions.Default;
        previous ??= SubmissionScope.Empty;
        var diagnostics = new DiagnosticBag();
        var files = Compilation.LoadWithImports(new SourceText(path, text), options, diagnostics);
        foreach (var file in files) diagnostics.AddRange(file.Diagnostics);
        var program = Binder.BindSubmission(files, options, diagnostics, previous, out var result, out var scope);
        return new Submission(files, program, Compilation.Sort(diagnostics.Items, files), result, previous, scope);
    }

    /// <summary>Compiles a file (<c>:load FILE</c>) as one submission after <paramref name="previous"/>.</summary>
    public static Submission CompileFile(string path, SubmissionScope? previous = null, CompilationOptions? options = null)
    {
        previous ??= SubmissionScope.Empty;
        var source = SourceDecoder.Decode(path, File.ReadAllBytes(path), out var encodingError);
        if (encodingError is null) return Compile(source.Text, previous, path, options);
        var parsed = new ParseResult(
            new CompilationUnitSyntax(source, ImmutableArray<DeclarationSyntax>.Empty, source.Span(0, source.Text.Length)),
            new[] { encodingError });
        return new Submission(ImmutableArray.Create(parsed), null, new[] { encodingError }, null, previous, previous);
    }

    /// <summary>
    /// Whether text typed so far is a whole submission, or the prompt should continue on <c>...&gt;</c>:
    /// it is not while a parenthesis, bracket or brace is open, or while the last token needs
    /// something after it (an operator, <c>,</c>, <c>.</c>, <c>=</c>, <c>-&gt;</c>, or a keyword that starts a
    /// construct such as <c>let</c>), or while a construct that needs a block (<c>if</c>, <c>while</c>,
    /// <c>fn</c>, <c>device</c>...) has not opened it. Blank text is complete.
    /// </summary>
    public static bool IsComplete(string text)
    {
        var lexed = Lexer.Lex(new SourceText(InteractivePath, text));
        int depth = 0;
        bool awaitingBlock = false; // a construct that needs a block (if, fn, device...) has not opened it yet
        Token? last = null;
        foreach (var token in lexed.Tokens)
        {
            switch (token.Kind)
            {
                case TokenKind.EndOfFile: continue;
                case TokenKind.LBrace:
                    if (depth == 0) awaitingBlock = false;
                    depth++;
                    break;
                case TokenKind.LParen or TokenKind.LBracket: depth++; break;
                case TokenKind.RParen or TokenKind.RBracket or TokenKind.RBrace: depth--; break;
                case TokenKind.Semicolon when depth == 0: awaitingBlock = false; break;
                case var kind when depth == 0 && OpensBlock(kind): awaitingBlock = true; break;
            }
            last = token;
        }
        if (lexed.NestingTooDeep) return true; // let the compiler report it
        if (depth > 0 || awaitingBlock) return false;
        if (last is not { } t) return true;
        return !NeedsMore(t.Kind);
    }

    private static bool OpensBlock(TokenKind kind) => kind is TokenKind.KwIf or TokenKind.KwElse or TokenKind.KwWhile or TokenKind.KwFor
        or TokenKind.KwFn or TokenKind.KwDevice or TokenKind.KwHardware or TokenKind.KwTest or TokenKind.KwEnum or TokenKind.KwMatch
        or TokenKind.KwWith or TokenKind.KwExpectBugcheck or TokenKind.KwAfter;

    private static bool NeedsMore(TokenKind kind) => kind switch
    {
        TokenKind.Comma or TokenKind.Dot or TokenKind.DotDot or TokenKind.Arrow or TokenKind.FatArrow or TokenKind.Colon
            or TokenKind.Plus or TokenKind.Minus or TokenKind.Star or TokenKind.Slash or TokenKind.Percent
            or TokenKind.Amp or TokenKind.AmpAmp or TokenKind.Pipe or TokenKind.PipePipe or TokenKind.Caret
            or TokenKind.ShiftLeft or TokenKind.ShiftRight or TokenKind.Assign or TokenKind.EqualEqual or TokenKind.BangEqual
            or TokenKind.Less or TokenKind.LessEqual or TokenKind.Greater or TokenKind.GreaterEqual
            or TokenKind.PlusAssign or TokenKind.MinusAssign or TokenKind.StarAssign or TokenKind.SlashAssign or TokenKind.PercentAssign
            or TokenKind.AmpAssign or TokenKind.PipeAssign or TokenKind.CaretAssign or TokenKind.ShiftLeftAssign or TokenKind.ShiftRightAssign
            or TokenKind.Bang or TokenKind.Tilde => true,
        TokenKind.KwConst or TokenKind.KwEnum or TokenKind.KwFn or TokenKind.KwHardware or TokenKind.KwDevice or TokenKind.KwTest
            or TokenKind.KwImport or TokenKind.KwLet or TokenKind.KwVar or TokenKind.KwIf or TokenKind.KwElse or TokenKind.KwWhile
            or TokenKind.KwFor or TokenKind.KwIn or TokenKind.KwMatch or TokenKind.KwWith or TokenKind.KwExpect
            or TokenKind.KwExpectBugcheck or TokenKind.KwAfter or TokenKind.KwAs or TokenKind.KwReturn => true,
        _ => false,
    };

    /// <summary>
    /// The text to compile for what was typed: a statement or expression typed without its final
    /// <c>;</c> gets one (on a new line after its last token), so <c>fact(5)</c> and <c>let x = 1</c> work at the prompt.
    /// </summary>
    public static string Terminate(string text)
    {
        if (string.IsNullOrWhiteSpace(text)) return text;
        var lexed = Lexer.Lex(new SourceText(InteractivePath, text));
        Token? last = null;
        foreach (var token in lexed.Tokens)
            if (token.Kind != TokenKind.EndOfFile) last = token;
        if (last is not { } t || t.Kind is TokenKind.Semicolon or TokenKind.RBrace) return text;
        // After the last token (not after a trailing comment), on a line of its own so that a
        // diagnostic's source line shows what was typed.
        return text.Insert(t.Span.Start + t.Span.Length, "\n;");
    }
}

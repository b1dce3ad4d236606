using System.Collections.Immutable;
using DriverScript.Language.Diagnostics;
using DriverScript.Language.Lexing;
using DriverScript.Language.Syntax;
using DriverScript.Language.Text;
using Pidgin;

namespace DriverScript.Language.Parsing;

/// <summary>The syntax tree of one file and the lexical and syntax errors found in it.</summary>
public sealed record ParseResult(CompilationUnitSyntax Root, IReadOnlyList<Diagnostic> Diagnostics)
{
    public bool HasErrors => Diagnostics.Any(d => d.IsError);
}

/// <summary>
/// Parses a file: lexes it, then runs the Pidgin grammar over the tokens. Never throws on bad
/// input: every problem is a DS0xxx diagnostic and the tree holds error nodes where it had to skip.
/// </summary>
public static class Parser
{
    public static ParseResult Parse(SourceText source)
    {
        var diagnostics = new DiagnosticBag();
        var lexed = Lexer.LexPooled(source);
        try
        {
            diagnostics.AddRange(lexed.Diagnostics);
            var fileSpan = source.Span(0, source.Text.Length);
            if (lexed.NestingTooDeep)
            {
                // Parsing would recurse once per level; the error is already reported at the level that is too deep.
                return new ParseResult(new CompilationUnitSyntax(source, ImmutableArray<DeclarationSyntax>.Empty, fileSpan), diagnostics.Items);
            }
            var items = ParseContext.Run(lexed.Buffer, lexed.Count, diagnostics, context =>
            {
                var result = Grammar.CompilationUnit.Parse(context.Tokens);
                if (result.Success) return result.Value;
                context.Report(result.Error!);
                return ImmutableArray<DeclarationSyntax>.Empty;
            });
            return new ParseResult(new CompilationUnitSyntax(source, items, fileSpan), Sorted(diagnostics.Items));
        }
        finally
        {
            lexed.Return();
        }
    }

    public static ParseResult Parse(string path, string text) => Parse(new SourceText(path, text));

    private static IReadOnlyList<Diagnostic> Sorted(IReadOnlyList<Diagnostic> diagnostics) =>
        diagnostics.OrderBy(d => d.Span.Start).ThenBy(d => d.Code, StringComparer.Ordinal).ToArray();
}

using DriverScript.Language.Diagnostics;
using DriverScript.Language.Lexing;
using DriverScript.Language.Parsing;
using DriverScript.Language.Text;
using Pidgin;
using static Pidgin.Parser<DriverScript.Language.Lexing.Token>;

namespace DriverScript.Language.Tests.Parsing;

/// <summary>
/// The grammar names the tokens each alternative, optional part and repeated part starts with, and
/// the parser skips straight past parts that cannot start at the current token. That is only the
/// same as trying them (what plain Pidgin combinators do) if each part really fails without
/// consuming input on every other token. These tests try every such part on every other kind of
/// token, followed by several continuations.
/// </summary>
public class GrammarFirstTokenTests
{
    /// <summary>Source text whose first token is of the given kind (several for identifiers, whose text matters).</summary>
    private static IEnumerable<string> Samples(TokenKind kind) => kind switch
    {
        TokenKind.EndOfFile => [""],
        TokenKind.Identifier => ["x", "list", "_", "rw", "u8"],
        TokenKind.Integer => ["1"],
        TokenKind.Duration => ["1ms"],
        TokenKind.String => ["\"s\""],
        TokenKind.Bytes => ["b\"s\""],
        _ => [TokenFacts.Text(kind)],
    };

    private static readonly string[] s_continuations =
    [
        "", " x", " 1", " (", " ( )", " )", " {", " { }", " }", " ;", " = 1;", " : u8", " : u8 = 1;", " if x { }",
        " x { }", " . x", " [ 0 ]", " <u8>", " -> u8 { }", " | 1 => { }", " , x", " \"s\" { }", " @ 0 : u32;",
    ];

    [Fact]
    public void The_grammar_states_its_first_tokens()
    {
        EnsureGrammarBuilt();
        var rules = Combinators.Claims.Select(c => c.Rule).ToList();
        rules.ShouldContain(r => r.StartsWith("StatementRule", StringComparison.Ordinal));
        rules.ShouldContain(r => r.StartsWith("Primary", StringComparison.Ordinal));
        rules.ShouldContain(r => r.StartsWith("TopLevelItem", StringComparison.Ordinal));
        rules.Count.ShouldBeGreaterThan(60);
    }

    [Fact]
    public void Every_part_fails_without_consuming_input_on_tokens_it_does_not_start_with()
    {
        EnsureGrammarBuilt();
        var failures = new List<string>();
        foreach (var claim in Combinators.Claims)
        {
            // Succeeds with false when the part fails without consuming input, the only acceptable outcome.
            var probe = claim.Parser.Select(_ => true).Or(Return(false));
            foreach (var kind in Enum.GetValues<TokenKind>())
            {
                foreach (var sample in Samples(kind))
                {
                    foreach (var continuation in kind == TokenKind.EndOfFile ? [""] : s_continuations)
                    {
                        string text = sample + continuation;
                        var tokens = Lexer.Lex(new SourceText("t.drv", text)).Tokens;
                        var first = tokens[0];
                        if (first.Kind != kind) throw new InvalidOperationException($"'{text}' does not start with {kind}");
                        if (claim.First.Contains(kind) && (claim.Filter is null || claim.Filter(first))) continue;
                        var result = ParseContext.Run(tokens, tokens.Length, new DiagnosticBag(), context => probe.Parse(context.Tokens));
                        if (!result.Success || result.Value)
                            failures.Add($"{claim.Rule}: on '{text}' it {(result.Success ? "succeeds" : "consumes input")}");
                    }
                }
            }
        }
        failures.Count.ShouldBe(0, string.Join("\n", failures.Take(20)));
    }

    /// <summary>The claims are made while the grammar is built; make sure it has been.</summary>
    private static void EnsureGrammarBuilt() =>
        System.Runtime.CompilerServices.RuntimeHelpers.RunClassConstructor(typeof(Grammar).TypeHandle);
}

using System.Collections.Immutable;
using DriverScript.Language.Diagnostics;
using DriverScript.Language.Lexing;
using DriverScript.Language.Syntax;
using DriverScript.Language.Text;
using Pidgin;
using static DriverScript.Language.Parsing.Combinators;
using static Pidgin.Parser;
using static Pidgin.Parser<DriverScript.Language.Lexing.Token>;

namespace DriverScript.Language.Parsing;

/// <summary>
/// The grammar of LANGUAGE.md §16 as Pidgin parsers over tokens, built once. Rules read top-down
/// like the grammar: expressions, statements, then declarations. Errors inside blocks and bodies
/// are reported and recovered from at statement and declaration boundaries (<see cref="Recovering"/>).
/// </summary>
/// <remarks>
/// Where a rule chooses between alternatives by their first token, it says which tokens each one
/// starts with (<c>Switch</c>), and optional and repeated parts name the tokens they start
/// with (<c>OptionalIf</c>, <c>ManyIf</c>): the parser then goes straight to the
/// alternative that applies instead of trying them in order. The errors are exactly those of the
/// plain Pidgin combinators (<see cref="Combinators"/> explains why); <c>GrammarFirstTokenTests</c>
/// checks that every alternative really starts only with the tokens listed for it.
/// </remarks>
internal static class Grammar
{
    public const string OperatorLabel = "an operator";
    private const string KeywordAsNamePrefix = "\u0001keyword:";
    private const string AccessModePrefix = "\u0001access:";
    private const string AssignTargetPrefix = "\u0001assign:";

    // ------------------------------------------------------------ tokens

    private static Parser<Token, Token> Tok(TokenKind kind) => Kind(KindSet.Of(kind), TokenFacts.Describe(kind));

    private static Parser<Token, Token> Tok(TokenKind kind, string label) => Kind(KindSet.Of(kind), label);

    private static Parser<Token, Token> AnyOf(params TokenKind[] kinds) => Kind(KindSet.Of(kinds), null);

    private static Alternative<T> When<T>(KindSet first, Parser<Token, T> parser) => new(first, parser);

    private static Alternative<T> When<T>(TokenKind first, Parser<Token, T> parser) => new(KindSet.Of(first), parser);

    // The tokens each construct can start with. A construct that cannot start at a token fails there
    // with one readable expectation ("a statement"), while one that fails half-way keeps its own.

    private static readonly KindSet ExpressionStart = KindSet.Of(TokenKind.Integer, TokenKind.Duration, TokenKind.String,
        TokenKind.Bytes, TokenKind.KwTrue, TokenKind.KwFalse, TokenKind.KwNone, TokenKind.KwSelf,
        TokenKind.Identifier, TokenKind.LParen, TokenKind.LBracket, TokenKind.Bang, TokenKind.Tilde, TokenKind.Minus);

    private static readonly KindSet TypeStart = KindSet.Of(TokenKind.Identifier, TokenKind.KwQueue, TokenKind.KwTimer,
        TokenKind.KwWorkItem, TokenKind.KwSpinlock, TokenKind.KwWaitlock, TokenKind.KwInterrupt);

    private static readonly KindSet Keywords = KindSet.Where(TokenFacts.IsKeyword);

    /// <summary>A name is an identifier; a keyword where a name belongs is read too, to report it (DS0011).</summary>
    private static readonly KindSet NameStart = Keywords.With(TokenKind.Identifier);

    private static readonly KindSet StatementStart = ExpressionStart.Union(KindSet.Of(TokenKind.KwLet, TokenKind.KwVar,
        TokenKind.KwIf, TokenKind.KwWhile, TokenKind.KwFor, TokenKind.KwMatch, TokenKind.KwWith, TokenKind.KwAfter,
        TokenKind.KwPulse, TokenKind.KwExpect, TokenKind.KwExpectBugcheck, TokenKind.KwBreak, TokenKind.KwContinue,
        TokenKind.KwReturn));

    private static readonly KindSet PatternStart = KindSet.Of(TokenKind.Integer, TokenKind.Minus, TokenKind.String,
        TokenKind.KwTrue, TokenKind.KwFalse, TokenKind.Identifier);

    private static readonly Parser<Token, Token> LParen = Tok(TokenKind.LParen);
    private static readonly Parser<Token, Token> RParen = Tok(TokenKind.RParen);
    private static readonly Parser<Token, Token> LBrace = Tok(TokenKind.LBrace);
    private static readonly Parser<Token, Token> RBrace = Tok(TokenKind.RBrace);
    private static readonly Parser<Token, Token> LBracket = Tok(TokenKind.LBracket);
    private static readonly Parser<Token, Token> RBracket = Tok(TokenKind.RBracket);
    private static readonly Parser<Token, Token> Comma = Tok(TokenKind.Comma);

    // Closers of comma-separated lists: where one is missing, so may be a comma (`f(a b)`), and
    // the error then stands at the token that was found rather than after the one before it.
    private static readonly Parser<Token, Token> ListRParen = Tok(TokenKind.RParen, "',' or ')'");
    private static readonly Parser<Token, Token> ListRBracket = Tok(TokenKind.RBracket, "',' or ']'");
    private static readonly Parser<Token, Token> ListRBrace = Tok(TokenKind.RBrace, "',' or '}'");
    private static readonly Parser<Token, Token> Colon = Tok(TokenKind.Colon);
    private static readonly Parser<Token, Token> Assign = Tok(TokenKind.Assign);
    private static readonly Parser<Token, Token> Arrow = Tok(TokenKind.Arrow);
    private static readonly Parser<Token, Token> StatementEnd = Tok(TokenKind.Semicolon, "';' after the statement");
    private static readonly Parser<Token, Token> DeclarationEnd = Tok(TokenKind.Semicolon, "';' after the declaration");

    public static bool IsCloserLabel(string label) =>
        label is "';'" or "')'" or "'}'" or "']'" or "'>'" || label.StartsWith("';' after", StringComparison.Ordinal);

    /// <summary>An identifier. A keyword here is DS0011, not a generic syntax error.</summary>
    private static readonly Parser<Token, NameSyntax> Name =
        Switch([
            When(TokenKind.Identifier, AnyOf(TokenKind.Identifier).Select(t => new NameSyntax(t.Text, t.Span))),
            When(Keywords, Kind(Keywords, null).Then(t => Fail<NameSyntax>(KeywordAsNamePrefix + t.Text)))])
            .Named("a name");

    /// <summary>After '.', any keyword is a member name (LANGUAGE.md §2).</summary>
    private static readonly Parser<Token, NameSyntax> MemberName =
        Kind(NameStart, "a member name").Select(t => new NameSyntax(t.Text, t.Span));

    // ------------------------------------------------------------ types

    private static readonly Parser<Token, TypeSyntax> Type = Rec(() => TypeRule!);

    private static readonly Parser<Token, TypeSyntax> TypeRule =
        Switch(TypeStart, "a type", [
            new Alternative<TypeSyntax>(KindSet.Of(TokenKind.Identifier),
                Token(t => t.Kind == TokenKind.Identifier && t.Text == "list")
                    .Then(Tok(TokenKind.Less), (l, _) => l)
                    .Then(Type, (l, e) => (l, e))
                    .Then(Tok(TokenKind.Greater), (le, close) => (TypeSyntax)new ListTypeSyntax(le.e, le.l.Span.To(close.Span))),
                Filter: t => t.IsIdentifier("list")),
            When(TypeStart, Kind(TypeStart, null).Select(t => (TypeSyntax)new NamedTypeSyntax(t.Text, t.Span)))])
        .Then(Tok(TokenKind.Question).OptionalIf(TokenKind.Question), (type, q) =>
            q.HasValue ? new OptionalTypeSyntax(type, type.Span.To(q.Value.Span)) : type);

    // ------------------------------------------------------------ expressions

    public static readonly Parser<Token, ExpressionSyntax> Expression = Rec(() => ExpressionRule!);

    private static readonly Parser<Token, ImmutableArray<ExpressionSyntax>> Arguments =
        Expression.SeparatedIf(ExpressionStart, TokenKind.Comma);

    private static readonly Parser<Token, ExpressionSyntax> Primary = Switch(ExpressionStart, "an expression", [
        When(TokenKind.Integer, AnyOf(TokenKind.Integer).Select(t => (ExpressionSyntax)new IntegerLiteralSyntax(t.IntegerValue, t.Text, t.Span))),
        When(TokenKind.Duration, AnyOf(TokenKind.Duration).Select(t => (ExpressionSyntax)new DurationLiteralSyntax(t.IntegerValue, t.Text, t.Span))),
        When(TokenKind.String, AnyOf(TokenKind.String).Select(t => (ExpressionSyntax)new StringLiteralSyntax(t.StringValue ?? "", t.Span))),
        When(TokenKind.Bytes, AnyOf(TokenKind.Bytes).Select(t => (ExpressionSyntax)new BytesLiteralSyntax(t.BytesValue.IsDefault ? ImmutableArray<byte>.Empty : t.BytesValue, t.Span))),
        When(TokenKind.KwTrue, AnyOf(TokenKind.KwTrue).Select(t => (ExpressionSyntax)new BoolLiteralSyntax(true, t.Span))),
        When(TokenKind.KwFalse, AnyOf(TokenKind.KwFalse).Select(t => (ExpressionSyntax)new BoolLiteralSyntax(false, t.Span))),
        When(TokenKind.KwNone, AnyOf(TokenKind.KwNone).Select(t => (ExpressionSyntax)new NoneLiteralSyntax(t.Span))),
        When(TokenKind.KwSelf, AnyOf(TokenKind.KwSelf).Select(t => (ExpressionSyntax)new SelfExpressionSyntax(t.Span))),
        When(TokenKind.Identifier, AnyOf(TokenKind.Identifier).Select(t => (ExpressionSyntax)new NameExpressionSyntax(t.Text, t.Span))),
        When(TokenKind.LParen, Map((open, inner, close) => (ExpressionSyntax)new ParenthesizedExpressionSyntax(inner, open.Span.To(close.Span)),
            LParen, Expression, RParen)),
        When(TokenKind.LBracket, Map((open, items, close) => (ExpressionSyntax)new ListLiteralSyntax(items, open.Span.To(close.Span)),
            LBracket, Expression.SeparatedAndOptionallyTerminated(Comma).Select(xs => xs.ToImmutableArray()), ListRBracket))]);

    // Postfix (level 12): e.member, e(args), e[i], e[a..b], e!, e as T
    private static readonly KindSet PostfixStart =
        KindSet.Of(TokenKind.Dot, TokenKind.LParen, TokenKind.LBracket, TokenKind.Bang, TokenKind.KwAs);

    private static readonly Parser<Token, Postfix> PostfixOp = Switch([
        When(TokenKind.Dot, Tok(TokenKind.Dot, OperatorLabel).Then(MemberName).Select(Postfix.Member)),
        When(TokenKind.LParen, Tok(TokenKind.LParen, OperatorLabel).Then(Arguments).Then(ListRParen, Postfix.Call)),
        When(TokenKind.LBracket, Tok(TokenKind.LBracket, OperatorLabel).Then(Expression)
            .Then(Tok(TokenKind.DotDot).Then(Expression).OptionalIf(TokenKind.DotDot), (i, j) => (i, j))
            .Then(RBracket, (ij, close) => Postfix.Index(ij.i, ij.j, close))),
        When(TokenKind.Bang, Tok(TokenKind.Bang, OperatorLabel).Select(Postfix.Unwrap)),
        When(TokenKind.KwAs, Tok(TokenKind.KwAs, OperatorLabel).Then(Type).Select(Postfix.Cast))]);

    /// <summary>One postfix form, applied to its operand once the operand is known.</summary>
    private readonly record struct Postfix(TokenKind Kind, SyntaxNode? Node, ImmutableArray<ExpressionSyntax> Arguments,
        ExpressionSyntax? End, SourceSpan Close)
    {
        public static Postfix Member(NameSyntax name) => new(TokenKind.Dot, name, default, null, name.Span);

        public static Postfix Call(ImmutableArray<ExpressionSyntax> args, Token close) => new(TokenKind.LParen, null, args, null, close.Span);

        public static Postfix Index(ExpressionSyntax index, Maybe<ExpressionSyntax> end, Token close) =>
            new(TokenKind.LBracket, index, default, end.HasValue ? end.Value : null, close.Span);

        public static Postfix Unwrap(Token bang) => new(TokenKind.Bang, null, default, null, bang.Span);

        public static Postfix Cast(TypeSyntax type) => new(TokenKind.KwAs, type, default, null, type.Span);

        public ExpressionSyntax ApplyTo(ExpressionSyntax target) => Kind switch
        {
            TokenKind.Dot => new MemberAccessSyntax(target, (NameSyntax)Node!, target.Span.To(Close)),
            TokenKind.LParen => new CallSyntax(target, Arguments, target.Span.To(Close)),
            TokenKind.LBracket when End is not null => new SliceSyntax(target, (ExpressionSyntax)Node!, End, target.Span.To(Close)),
            TokenKind.LBracket => new IndexSyntax(target, (ExpressionSyntax)Node!, target.Span.To(Close)),
            TokenKind.Bang => new UnwrapSyntax(target, target.Span.To(Close)),
            _ => new CastSyntax(target, (TypeSyntax)Node!, target.Span.To(Close)),
        };
    }

    // Prefix (level 11): !e, ~e, -e
    private static readonly KindSet PrefixOperators = KindSet.Of(TokenKind.Bang, TokenKind.Tilde, TokenKind.Minus);

    private static ExpressionSyntax ApplyPrefixes(ImmutableArray<Token> prefixes, ExpressionSyntax operand)
    {
        for (int i = prefixes.Length - 1; i >= 0; i--)
        {
            var op = prefixes[i];
            var unary = op.Kind switch
            {
                TokenKind.Bang => UnaryOperator.Not,
                TokenKind.Tilde => UnaryOperator.BitwiseNot,
                _ => UnaryOperator.Negate,
            };
            operand = new UnaryExpressionSyntax(unary, operand, op.Span, op.Span.To(operand.Span));
        }
        return operand;
    }

    /// <summary>
    /// The binary levels of LANGUAGE.md §4 (1 binds loosest). All binary operators are left-associative.
    /// </summary>
    private static (int Level, BinaryOperator Operator) BinaryLevel(TokenKind kind) => kind switch
    {
        TokenKind.PipePipe => (1, BinaryOperator.LogicalOr),
        TokenKind.AmpAmp => (2, BinaryOperator.LogicalAnd),
        TokenKind.EqualEqual => (3, BinaryOperator.Equal),
        TokenKind.BangEqual => (3, BinaryOperator.NotEqual),
        TokenKind.Less => (4, BinaryOperator.Less),
        TokenKind.LessEqual => (4, BinaryOperator.LessEqual),
        TokenKind.Greater => (4, BinaryOperator.Greater),
        TokenKind.GreaterEqual => (4, BinaryOperator.GreaterEqual),
        TokenKind.Pipe => (5, BinaryOperator.BitwiseOr),
        TokenKind.Caret => (6, BinaryOperator.BitwiseXor),
        TokenKind.Amp => (7, BinaryOperator.BitwiseAnd),
        TokenKind.ShiftLeft => (8, BinaryOperator.ShiftLeft),
        TokenKind.ShiftRight => (8, BinaryOperator.ShiftRight),
        TokenKind.Plus => (9, BinaryOperator.Add),
        TokenKind.Minus => (9, BinaryOperator.Subtract),
        TokenKind.Star => (10, BinaryOperator.Multiply),
        TokenKind.Slash => (10, BinaryOperator.Divide),
        TokenKind.Percent => (10, BinaryOperator.Remainder),
        _ => (0, default),
    };

    private static readonly KindSet BinaryOperators = KindSet.Where(kind => BinaryLevel(kind).Level > 0);

    /// <summary>
    /// Levels 11 and 12 of §4: postfix forms bind tightest, then prefix operators. Both are loops
    /// (<c>prefix* primary postfix*</c>), as Pidgin's ExpressionParser builds a chainable row.
    /// </summary>
    private static readonly Parser<Token, ExpressionSyntax> UnaryExpression =
        Map(ApplyPrefixes,
            Kind(PrefixOperators, OperatorLabel).ManyIf(PrefixOperators),
            Fold(Primary, PostfixStart, PostfixOp, (operand, postfix) => postfix.ApplyTo(operand)));

    /// <summary>
    /// Levels 1–10 of §4: <c>operand (operator operand)*</c>, folded by precedence as the chain is
    /// read (<see cref="Infix{T}"/>). Building the ten binary levels as ExpressionParser rows made
    /// every operand pass through ten nested parsers; folding the flat chain is several times faster
    /// and does not recurse, so a chain of thousands of operators is fine.
    /// </summary>
    private static readonly Parser<Token, ExpressionSyntax> ExpressionRule =
        Infix(UnaryExpression, BinaryOperators, OperatorLabel, kind => BinaryLevel(kind).Level,
            (op, left, right) => new BinaryExpressionSyntax(BinaryLevel(op.Kind).Operator, left, right, op.Span, left.Span.To(right.Span)));

    // ------------------------------------------------------------ statements

    private static readonly Parser<Token, StatementSyntax> Statement = Rec(() => StatementRule!);

    public static readonly Parser<Token, BlockSyntax> Block = Rec(() => BlockRule!);

    private static readonly Parser<Token, BlockSyntax> BlockRule =
        Map((open, statements, close) => new BlockSyntax(statements, open.Span.To(close.Span)),
            LBrace,
            Recovering(Statement, SyncSet.Statement, span => new ErrorStatementSyntax(span)),
            RBrace);

    private static readonly Parser<Token, StatementSyntax> LetStatement =
        Map((kw, name, type, init, end) => (StatementSyntax)new LetStatementSyntax(
                kw.Kind == TokenKind.KwVar, name, type.HasValue ? type.Value : null, init, kw.Span.To(end.Span)),
            AnyOf(TokenKind.KwLet, TokenKind.KwVar),
            Name,
            Colon.Then(Type).OptionalIf(TokenKind.Colon),
            Assign.Then(Expression),
            StatementEnd);

    private static readonly Parser<Token, IfClauseSyntax> ElseIfClause =
        Try(Tok(TokenKind.KwElse).Then(Tok(TokenKind.KwIf)))
            .Then(Expression, (kw, c) => (kw, c))
            .Then(Block, (kc, body) => new IfClauseSyntax(kc.c, body, kc.kw.Span.To(body.Span)));

    private static readonly Parser<Token, StatementSyntax> IfStatement =
        Map((kw, cond, body, elseIfs, elseBlock) =>
            {
                var first = new IfClauseSyntax(cond, body, kw.Span.To(body.Span));
                var clauses = elseIfs.Insert(0, first);
                var end = elseBlock.HasValue ? elseBlock.Value.Span : clauses[^1].Span;
                return (StatementSyntax)new IfStatementSyntax(clauses, elseBlock.HasValue ? elseBlock.Value : null, kw.Span.To(end));
            },
            Tok(TokenKind.KwIf), Expression, Block, ElseIfClause.ManyIf(TokenKind.KwElse),
            Tok(TokenKind.KwElse).Then(Block).OptionalIf(TokenKind.KwElse));

    private static readonly Parser<Token, StatementSyntax> WhileStatement =
        Map((kw, cond, body) => (StatementSyntax)new WhileStatementSyntax(cond, body, kw.Span.To(body.Span)),
            Tok(TokenKind.KwWhile), Expression, Block);

    private static readonly Parser<Token, StatementSyntax> ForStatement =
        Map((kw, name, start, end, body) => (StatementSyntax)new ForStatementSyntax(name, start, end.HasValue ? end.Value : null, body, kw.Span.To(body.Span)),
            Tok(TokenKind.KwFor), Name, Tok(TokenKind.KwIn).Then(Expression),
            Tok(TokenKind.DotDot).Then(Expression).OptionalIf(TokenKind.DotDot), Block);

    private static readonly Parser<Token, PatternSyntax> Pattern = Switch(PatternStart, "a pattern", [
        When(TokenKind.Integer, AnyOf(TokenKind.Integer).Select(t => (PatternSyntax)new IntegerPatternSyntax(t.IntegerValue, false, t.Span))),
        When(TokenKind.Minus, Tok(TokenKind.Minus).Then(Tok(TokenKind.Integer, "an integer"), (m, t) =>
            (PatternSyntax)new IntegerPatternSyntax(t.IntegerValue, true, m.Span.To(t.Span)))),
        When(TokenKind.String, AnyOf(TokenKind.String).Select(t => (PatternSyntax)new StringPatternSyntax(t.StringValue ?? "", t.Span))),
        When(TokenKind.KwTrue, AnyOf(TokenKind.KwTrue).Select(t => (PatternSyntax)new BoolPatternSyntax(true, t.Span))),
        When(TokenKind.KwFalse, AnyOf(TokenKind.KwFalse).Select(t => (PatternSyntax)new BoolPatternSyntax(false, t.Span))),
        new Alternative<PatternSyntax>(KindSet.Of(TokenKind.Identifier),
            Token(t => t.Kind == TokenKind.Identifier && t.Text == "_").Select(t => (PatternSyntax)new WildcardPatternSyntax(t.Span)),
            Filter: t => t.IsIdentifier("_")),
        When(TokenKind.Identifier, AnyOf(TokenKind.Identifier).Select(t => new NameSyntax(t.Text, t.Span))
            .Then(Tok(TokenKind.Dot).Then(MemberName).OptionalIf(TokenKind.Dot), (n, m) =>
                (PatternSyntax)new NamePatternSyntax(n, m.HasValue ? m.Value : null, m.HasValue ? n.Span.To(m.Value.Span) : n.Span)))]);

    private static readonly Parser<Token, MatchArmSyntax> MatchArm =
        Map((patterns, _, body) => new MatchArmSyntax(patterns.ToImmutableArray(), body, patterns.First().Span.To(body.Span)),
            Pattern.SeparatedAtLeastOnce(Tok(TokenKind.Pipe)), Tok(TokenKind.FatArrow), Block);

    private static readonly Parser<Token, StatementSyntax> MatchStatement =
        Map((kw, subject, _, arms, close) => (StatementSyntax)new MatchStatementSyntax(subject, arms, kw.Span.To(close.Span)),
            Tok(TokenKind.KwMatch), Expression, LBrace, MatchArm.ManyIf(PatternStart), RBrace);

    private static readonly Parser<Token, StatementSyntax> WithStatement =
        Map((kw, target, body) => (StatementSyntax)new WithStatementSyntax(target, body, kw.Span.To(body.Span)),
            Tok(TokenKind.KwWith), Expression, Block);

    private static readonly Parser<Token, StatementSyntax> AfterStatement =
        Map((kw, delay, body) => (StatementSyntax)new AfterStatementSyntax(delay, body, kw.Span.To(body.Span)),
            Tok(TokenKind.KwAfter), Expression, Block);

    private static readonly Parser<Token, StatementSyntax> PulseStatement =
        Map((kw, name, end) => (StatementSyntax)new PulseStatementSyntax(name, kw.Span.To(end.Span)),
            Tok(TokenKind.KwPulse), Name, StatementEnd);

    private static readonly Parser<Token, StatementSyntax> ExpectStatement =
        Map((kw, cond, message, end) => (StatementSyntax)new ExpectStatementSyntax(cond, message.HasValue ? message.Value : null, kw.Span.To(end.Span)),
            Tok(TokenKind.KwExpect), Expression, Comma.Then(Expression).OptionalIf(TokenKind.Comma), StatementEnd);

    private static readonly Parser<Token, StatementSyntax> ExpectBugcheckStatement =
        Map((kw, code, body) => (StatementSyntax)new ExpectBugcheckStatementSyntax(code, body, kw.Span.To(body.Span)),
            Tok(TokenKind.KwExpectBugcheck), LParen.Then(Expression).Before(RParen), Block);

    private static readonly Parser<Token, StatementSyntax> JumpStatement = Switch([
        When(TokenKind.KwBreak, Map((kw, end) => (StatementSyntax)new BreakStatementSyntax(kw.Span.To(end.Span)), Tok(TokenKind.KwBreak), StatementEnd)),
        When(TokenKind.KwContinue, Map((kw, end) => (StatementSyntax)new ContinueStatementSyntax(kw.Span.To(end.Span)), Tok(TokenKind.KwContinue), StatementEnd)),
        When(TokenKind.KwReturn, Map((kw, value, end) => (StatementSyntax)new ReturnStatementSyntax(value.HasValue ? value.Value : null, kw.Span.To(end.Span)),
            Tok(TokenKind.KwReturn), Expression.OptionalIf(ExpressionStart), StatementEnd))]);

    private static readonly KindSet AssignmentOperators = KindSet.Of(TokenKind.Assign, TokenKind.PlusAssign, TokenKind.MinusAssign,
        TokenKind.StarAssign, TokenKind.SlashAssign, TokenKind.PercentAssign, TokenKind.AmpAssign, TokenKind.PipeAssign,
        TokenKind.CaretAssign, TokenKind.ShiftLeftAssign, TokenKind.ShiftRightAssign);

    private static readonly Parser<Token, (AssignmentOperator Op, Token Token)> AssignmentOperatorToken =
        Kind(AssignmentOperators, "'='")
            .Select(t => (t.Kind switch
            {
                TokenKind.Assign => AssignmentOperator.Assign,
                TokenKind.PlusAssign => AssignmentOperator.Add,
                TokenKind.MinusAssign => AssignmentOperator.Subtract,
                TokenKind.StarAssign => AssignmentOperator.Multiply,
                TokenKind.SlashAssign => AssignmentOperator.Divide,
                TokenKind.PercentAssign => AssignmentOperator.Remainder,
                TokenKind.AmpAssign => AssignmentOperator.BitwiseAnd,
                TokenKind.PipeAssign => AssignmentOperator.BitwiseOr,
                TokenKind.CaretAssign => AssignmentOperator.BitwiseXor,
                TokenKind.ShiftLeftAssign => AssignmentOperator.ShiftLeft,
                _ => AssignmentOperator.ShiftRight,
            }, t));

    private static bool IsPlace(ExpressionSyntax e) => e switch
    {
        NameExpressionSyntax or SelfExpressionSyntax => true,
        MemberAccessSyntax m => IsPlace(m.Target),
        IndexSyntax i => IsPlace(i.Target),
        SliceSyntax s => IsPlace(s.Target),   // a slice write into a device memory window
        _ => false,
    };

    /// <summary><c>expr;</c> or <c>place op= expr;</c>.</summary>
    private static readonly Parser<Token, StatementSyntax> ExpressionOrAssignment =
        Expression.Then(
            AssignmentOperatorToken.Then(Expression, (op, value) => (op, value)).OptionalIf(AssignmentOperators),
            (target, assignment) => (target, assignment))
        .Check(x => x.assignment.HasValue && !IsPlace(x.target)
            ? AssignTargetPrefix + x.assignment.Value.op.Token.Text + "\u0002" + x.target.Span.Start + "\u0002" + x.target.Span.Length
            : null)
        .Then(StatementEnd, (x, end) => x.assignment.HasValue
            ? (StatementSyntax)new AssignmentStatementSyntax(x.target, x.assignment.Value.op.Op, x.assignment.Value.value,
                x.assignment.Value.op.Token.Span, x.target.Span.To(end.Span))
            : new ExpressionStatementSyntax(x.target, x.target.Span.To(end.Span)));

    private static readonly Parser<Token, StatementSyntax> StatementRule = Switch(StatementStart, "a statement", [
        When(KindSet.Of(TokenKind.KwLet, TokenKind.KwVar), LetStatement),
        When(TokenKind.KwIf, IfStatement),
        When(TokenKind.KwWhile, WhileStatement),
        When(TokenKind.KwFor, ForStatement),
        When(TokenKind.KwMatch, MatchStatement),
        When(TokenKind.KwWith, WithStatement),
        When(TokenKind.KwAfter, AfterStatement),
        When(TokenKind.KwPulse, PulseStatement),
        When(TokenKind.KwExpect, ExpectStatement),
        When(TokenKind.KwExpectBugcheck, ExpectBugcheckStatement),
        When(KindSet.Of(TokenKind.KwBreak, TokenKind.KwContinue, TokenKind.KwReturn), JumpStatement),
        When(ExpressionStart, ExpressionOrAssignment)]);

    // ------------------------------------------------------------ declarations

    private static readonly Parser<Token, ParameterSyntax> Parameter =
        Name.Then(Colon.Then(Type).OptionalIf(TokenKind.Colon), (n, t) =>
            new ParameterSyntax(n, t.HasValue ? t.Value : null, t.HasValue ? n.Span.To(t.Value.Span) : n.Span));

    private static readonly Parser<Token, ImmutableArray<ParameterSyntax>> ParameterList =
        LParen.Then(Parameter.SeparatedIf(NameStart, TokenKind.Comma)).Before(ListRParen);

    /// <summary>A setting's value: an expression, or a bare keyword such as <c>sync = queue</c>.</summary>
    private static readonly Parser<Token, ExpressionSyntax> SettingValue =
        Switch([
            When(ExpressionStart, Expression),
            When(Keywords, Kind(Keywords, null).Select(t => (ExpressionSyntax)new NameExpressionSyntax(t.Text, t.Span)))]);

    private static readonly Parser<Token, SettingSyntax> Setting =
        Map((name, _, value) => new SettingSyntax(name, value, name.Span.To(value.Span)), Name, Assign, SettingValue);

    private static readonly Parser<Token, DeclarationSyntax> Import =
        Map((kw, path, end) => (DeclarationSyntax)new ImportDeclarationSyntax(path.StringValue ?? "", path.Span, kw.Span.To(end.Span)),
            Tok(TokenKind.KwImport), Tok(TokenKind.String, "a file name in quotes"), DeclarationEnd);

    private static readonly Parser<Token, DeclarationSyntax> Const =
        Map((kw, name, type, value, end) => (DeclarationSyntax)new ConstDeclarationSyntax(name, type, value, kw.Span.To(end.Span)),
            Tok(TokenKind.KwConst), Name, Colon.Then(Type), Assign.Then(Expression), DeclarationEnd);

    private static readonly Parser<Token, EnumMemberSyntax> EnumMember =
        Name.Then(Assign.Then(Expression).OptionalIf(TokenKind.Assign), (n, v) =>
            new EnumMemberSyntax(n, v.HasValue ? v.Value : null, v.HasValue ? n.Span.To(v.Value.Span) : n.Span));

    private static readonly Parser<Token, DeclarationSyntax> Enum =
        Map((kw, name, _, members, close) => (DeclarationSyntax)new EnumDeclarationSyntax(name, members.ToImmutableArray(), kw.Span.To(close.Span)),
            Tok(TokenKind.KwEnum), Name, LBrace, EnumMember.SeparatedAndOptionallyTerminated(Comma), ListRBrace);

    private static readonly Parser<Token, DeclarationSyntax> Function =
        Map((kw, name, parameters, returnType, body) => (DeclarationSyntax)new FunctionDeclarationSyntax(
                name, parameters, returnType.HasValue ? returnType.Value : null, body, kw.Span.To(body.Span)),
            Tok(TokenKind.KwFn), Name, ParameterList, Arrow.Then(Type).OptionalIf(TokenKind.Arrow), Block);

    private static readonly Parser<Token, DeclarationSyntax> Handler =
        Map((kw, name, parameters, returnType, body) => (DeclarationSyntax)new HandlerDeclarationSyntax(
                name, parameters.HasValue ? parameters.Value : ImmutableArray<ParameterSyntax>.Empty, parameters.HasValue,
                returnType.HasValue ? returnType.Value : null, body, kw.Span.To(body.Span)),
            Tok(TokenKind.KwOn),
            // Handler names are often words that are keywords elsewhere (`on read`, `on reset`).
            MemberName,
            ParameterList.OptionalIf(TokenKind.LParen), Arrow.Then(Type).OptionalIf(TokenKind.Arrow), Block);

    private static readonly Parser<Token, StateFieldSyntax> StateField =
        Map((name, type, init, end) => new StateFieldSyntax(name, type, init.HasValue ? init.Value : null, name.Span.To(end.Span)),
            Name, Colon.Then(Type), Assign.Then(Expression).OptionalIf(TokenKind.Assign), DeclarationEnd);

    private static readonly Parser<Token, DeclarationSyntax> StateBlock =
        Map((kw, _, fields, close) => (DeclarationSyntax)new StateBlockSyntax(fields, kw.Span.To(close.Span)),
            Tok(TokenKind.KwState), LBrace, StateField.ManyIf(NameStart), RBrace);

    // ---- hardware

    private static readonly Parser<Token, AccessModeSyntax> AccessModeWord =
        Token(t => t.Kind == TokenKind.Identifier && IsAccessWord(t.Text)).Select(t => new AccessModeSyntax(ParseAccess(t.Text), t.Span))
            .Labelled("an access mode");

    private static readonly Parser<Token, AccessModeSyntax> AccessMode =
        AccessModeWord.Or(Token(t => t.Kind == TokenKind.Identifier).Then(t => Fail<AccessModeSyntax>(AccessModePrefix + t.Text)))
            .Labelled("an access mode");

    private static bool IsAccessWord(string s) => s is "rw" or "ro" or "wo" or "w1c" or "w1s" or "rc";

    private static Syntax.AccessMode ParseAccess(string s) => s switch
    {
        "rw" => Syntax.AccessMode.ReadWrite,
        "ro" => Syntax.AccessMode.ReadOnly,
        "wo" => Syntax.AccessMode.WriteOnly,
        "w1c" => Syntax.AccessMode.WriteOneToClear,
        "w1s" => Syntax.AccessMode.WriteOneToSet,
        _ => Syntax.AccessMode.ReadToClear,
    };

    private static readonly Parser<Token, DeclarationSyntax> Field =
        Map((kw, name, bits, access, reset, end) => (DeclarationSyntax)new FieldDeclarationSyntax(
                name, bits.hi, bits.lo, access, reset.HasValue ? reset.Value : null, kw.Span.To(end.Span)),
            Tok(TokenKind.KwField), Name,
            LBracket.Then(Expression).Then(Colon.Then(Expression).OptionalIf(TokenKind.Colon),
                (hi, lo) => (hi, lo: lo.HasValue ? lo.Value : null)).Before(RBracket),
            Colon.Then(AccessMode), Assign.Then(Expression).OptionalIf(TokenKind.Assign), DeclarationEnd);

    private static readonly Parser<Token, DeclarationSyntax> LockedWhen =
        Map((kw, _, cond, end) => (DeclarationSyntax)new LockedWhenSyntax(cond, kw.Span.To(end.Span)),
            Tok(TokenKind.KwLocked), Tok(TokenKind.KwWhen), Expression, DeclarationEnd);

    private static readonly Parser<Token, DeclarationSyntax> RegisterMember = Switch([
        When(TokenKind.KwField, Field), When(TokenKind.KwLocked, LockedWhen), When(TokenKind.KwOn, Handler)]);

    private static readonly Parser<Token, DeclarationSyntax> Register =
        Map((kw, name, offset, type, access, reset, body) =>
            {
                var (members, endSpan) = body;
                return (DeclarationSyntax)new RegisterDeclarationSyntax(name, offset, type, access.HasValue ? access.Value : null,
                    reset.HasValue ? reset.Value : null, members, kw.Span.To(endSpan));
            },
            Tok(TokenKind.KwReg), Name, Tok(TokenKind.At).Then(Expression), Colon.Then(Type),
            AccessMode.OptionalIf(TokenKind.Identifier), Assign.Then(Expression).OptionalIf(TokenKind.Assign),
            DeclarationEnd.Select(t => (ImmutableArray<DeclarationSyntax>.Empty, t.Span))
                .Or(Map((open, members, close) => (members, close.Span), LBrace,
                    Recovering(RegisterMember, SyncSet.Member, span => (DeclarationSyntax)new ErrorDeclarationSyntax(span)), RBrace)));

    private static Parser<Token, Token> ContextualWord(string word, string label) =>
        Token(t => t.Kind == TokenKind.Identifier && t.Text == word).Labelled(label);

    private static readonly Parser<Token, DeclarationSyntax> Memory =
        Map((kw, name, offset, size, hidden, end) => (DeclarationSyntax)new MemoryDeclarationSyntax(name, offset, size, hidden.HasValue, kw.Span.To(end.Span)),
            Tok(TokenKind.KwMemory), Name, Tok(TokenKind.At).Then(Expression), Colon.Then(Expression),
            ContextualWord("hidden", "'hidden' or ';'").OptionalIf(TokenKind.Identifier), DeclarationEnd);

    /// <summary><c>access @ start..end : settings;</c>: a width rule; <c>access</c> is a word only here.</summary>
    private static readonly Parser<Token, DeclarationSyntax> AccessRule =
        Map((kw, start, end, settings, close) => (DeclarationSyntax)new AccessRuleSyntax(start, end, settings, kw.Span.To(close.Span)),
            ContextualWord("access", "'reg', 'memory' or 'access'"), Tok(TokenKind.At).Then(Expression), Tok(TokenKind.DotDot).Then(Expression),
            Colon.Then(Setting.SeparatedIf(NameStart, TokenKind.Comma)), DeclarationEnd);

    private static readonly Parser<Token, DeclarationSyntax> RegistersBlock =
        Map((kw, settings, _, members, close) => (DeclarationSyntax)new RegistersBlockSyntax(settings, members, kw.Span.To(close.Span)),
            Tok(TokenKind.KwRegisters),
            LParen.Then(Setting.SeparatedIf(NameStart, TokenKind.Comma)).Before(ListRParen),
            LBrace,
            Recovering(Switch([When(TokenKind.KwReg, Register), When(TokenKind.KwMemory, Memory), When(TokenKind.Identifier, AccessRule)]),
                SyncSet.Member, span => (DeclarationSyntax)new ErrorDeclarationSyntax(span)),
            RBrace);

    private static readonly Parser<Token, DeclarationSyntax> HardwareLine =
        Map((kw, name, level, end) => (DeclarationSyntax)new HardwareLineDeclarationSyntax(name, level.HasValue ? level.Value : null, kw.Span.To(end.Span)),
            Tok(TokenKind.KwInterrupt), Name, Assign.Then(Expression).OptionalIf(TokenKind.Assign), DeclarationEnd);

    private static readonly Parser<Token, DeclarationSyntax> Hardware =
        Map((kw, name, _, members, close) => (DeclarationSyntax)new HardwareDeclarationSyntax(name, members, kw.Span.To(close.Span)),
            Tok(TokenKind.KwHardware), Name, LBrace,
            Recovering(Switch([
                    When(TokenKind.KwRegisters, RegistersBlock), When(TokenKind.KwInterrupt, HardwareLine),
                    When(TokenKind.KwFn, Function), When(TokenKind.KwState, StateBlock), When(TokenKind.KwOn, Handler)]),
                SyncSet.Member,
                span => (DeclarationSyntax)new ErrorDeclarationSyntax(span)),
            RBrace);

    // ---- devices

    private static readonly Parser<Token, DeclarationSyntax> Uses =
        Map((kw, name, end) => (DeclarationSyntax)new UsesDeclarationSyntax(name, kw.Span.To(end.Span)),
            Tok(TokenKind.KwUses), Name, DeclarationEnd);

    private static readonly Parser<Token, DeclarationSyntax> DeviceSetting =
        Setting.Then(DeclarationEnd, (s, end) => (DeclarationSyntax)(s with { Span = s.Span.To(end.Span) }));

    private static readonly Parser<Token, DeclarationSyntax> PowerPolicy =
        Map((kw, _, settings, close) => (DeclarationSyntax)new PowerPolicySyntax(settings, kw.Span.To(close.Span)),
            Tok(TokenKind.KwPowerPolicy), LBrace, Setting.Before(DeclarationEnd).ManyIf(NameStart), RBrace);

    private static readonly Parser<Token, ImmutableArray<DeclarationSyntax>> HandlersBody =
        LBrace.Then(Recovering(Handler, SyncSet.Member, span => (DeclarationSyntax)new ErrorDeclarationSyntax(span))).Before(RBrace);

    private static readonly Parser<Token, DeclarationSyntax> Interrupt =
        Map((kw, name, members) => (DeclarationSyntax)new InterruptDeclarationSyntax(name, members, kw.Span.To(members.Length > 0 ? members[^1].Span : name.Span)),
            Tok(TokenKind.KwInterrupt), Name, HandlersBody);

    private static readonly Parser<Token, DeclarationSyntax> Timer =
        Map((kw, name, settings, members) => (DeclarationSyntax)new TimerDeclarationSyntax(name,
                settings.HasValue ? settings.Value : ImmutableArray<SettingSyntax>.Empty, members, kw.Span.To(name.Span)),
            Tok(TokenKind.KwTimer), Name,
            LParen.Then(Setting.SeparatedIf(NameStart, TokenKind.Comma)).Before(ListRParen).OptionalIf(TokenKind.LParen),
            HandlersBody);

    private static readonly Parser<Token, DeclarationSyntax> WorkItem =
        Map((kw, name, members) => (DeclarationSyntax)new WorkItemDeclarationSyntax(name, members, kw.Span.To(name.Span)),
            Tok(TokenKind.KwWorkItem), Name, HandlersBody);

    private static readonly Parser<Token, QueueAttributeSyntax> QueueAttribute =
        Name.Then(LParen.Then(Expression).Then(RParen, (e, close) => (e, close)).OptionalIf(TokenKind.LParen), (n, arg) =>
            new QueueAttributeSyntax(n, arg.HasValue ? arg.Value.e : null, arg.HasValue ? n.Span.To(arg.Value.close.Span) : n.Span));

    private static readonly Parser<Token, DeclarationSyntax> Queue =
        Map((kw, name, attributes, body) => (DeclarationSyntax)new QueueDeclarationSyntax(name, attributes.ToImmutableArray(), body.members, kw.Span.To(body.end)),
            Tok(TokenKind.KwQueue), Name, Colon.Then(QueueAttribute.SeparatedAtLeastOnce(Comma)),
            DeclarationEnd.Select(t => (members: ImmutableArray<DeclarationSyntax>.Empty, end: t.Span))
                .Or(Map((open, members, close) => (members, end: close.Span), LBrace,
                    Recovering(Switch([When(TokenKind.KwOn, Handler), When(TokenKind.KwTimer, Timer), When(TokenKind.KwWorkItem, WorkItem)]),
                        SyncSet.Member, span => (DeclarationSyntax)new ErrorDeclarationSyntax(span)),
                    RBrace)));

    private static readonly Parser<Token, DeclarationSyntax> Route =
        Map((kw, kind, _, queue, end) => (DeclarationSyntax)new RouteDeclarationSyntax(kind, queue, kw.Span.To(end.Span)),
            Tok(TokenKind.KwRoute), Name, Arrow, Name, DeclarationEnd);

    private static readonly Parser<Token, DeclarationSyntax> DeviceMember = Switch(
        KindSet.Of(TokenKind.KwUses, TokenKind.KwPowerPolicy, TokenKind.KwState, TokenKind.KwQueue, TokenKind.KwRoute,
            TokenKind.KwInterrupt, TokenKind.KwTimer, TokenKind.KwWorkItem, TokenKind.KwOn, TokenKind.Identifier),
        "a device member", [
        When(TokenKind.KwUses, Uses),
        When(TokenKind.KwPowerPolicy, PowerPolicy),
        When(TokenKind.KwState, StateBlock),
        When(TokenKind.KwQueue, Queue),
        When(TokenKind.KwRoute, Route),
        When(TokenKind.KwInterrupt, Interrupt),
        When(TokenKind.KwTimer, Timer),
        When(TokenKind.KwWorkItem, WorkItem),
        When(TokenKind.KwOn, Handler),
        When(NameStart, DeviceSetting)]);

    private static readonly Parser<Token, DeclarationSyntax> Device =
        Map((kw, name, _, members, close) => (DeclarationSyntax)new DeviceDeclarationSyntax(name, members, kw.Span.To(close.Span)),
            Tok(TokenKind.KwDevice), Name, LBrace,
            Recovering(DeviceMember, SyncSet.Member, span => (DeclarationSyntax)new ErrorDeclarationSyntax(span)),
            RBrace);

    private static readonly Parser<Token, DeclarationSyntax> Test =
        Map((kw, description, body) => (DeclarationSyntax)new TestDeclarationSyntax(description.StringValue ?? "", description.Span, body, kw.Span.To(body.Span)),
            Tok(TokenKind.KwTest), Tok(TokenKind.String, "a test description in quotes"), Block);

    private static readonly Parser<Token, DeclarationSyntax> TopLevelItem = Switch(
        StatementStart.Union(KindSet.Of(TokenKind.KwImport, TokenKind.KwConst, TokenKind.KwEnum, TokenKind.KwFn,
            TokenKind.KwHardware, TokenKind.KwDevice, TokenKind.KwTest)),
        "a declaration or statement", [
        When(TokenKind.KwImport, Import),
        When(TokenKind.KwConst, Const),
        When(TokenKind.KwEnum, Enum),
        When(TokenKind.KwFn, Function),
        When(TokenKind.KwHardware, Hardware),
        When(TokenKind.KwDevice, Device),
        When(TokenKind.KwTest, Test),
        When(StatementStart, Statement.Select(s => (DeclarationSyntax)new GlobalStatementSyntax(s, s.Span)))]);

    public static readonly Parser<Token, ImmutableArray<DeclarationSyntax>> CompilationUnit =
        Recovering(TopLevelItem, SyncSet.TopLevel, span => (DeclarationSyntax)new ErrorDeclarationSyntax(span))
            .Before(Tok(TokenKind.EndOfFile, "a declaration or statement"));

    // ------------------------------------------------------------ error recovery

    private enum SyncSet { Statement, Member, TopLevel }

    /// <summary>
    /// Zero or more <paramref name="item"/>s up to a closing '}' (or the end of the file). An item that
    /// fails is reported and skipped up to the next statement or declaration boundary, so parsing goes on.
    /// </summary>
    private static Parser<Token, ImmutableArray<T>> Recovering<T>(Parser<Token, T> item, SyncSet sync, Func<SourceSpan, T> error) =>
        Items(item.RecoverWith(parseError => Skip(parseError, sync).Select(error)));

    /// <summary>Reports the error of the item that began at <see cref="ParseContext.ItemStart"/> and skips past it.</summary>
    private static Parser<Token, SourceSpan> Skip(ParseError<Token> parseError, SyncSet sync) =>
        CurrentOffset.Select(offset =>
        {
            var context = ParseContext.Current;
            int itemStart = context.ItemStart;
            context.Report(parseError);
            var tokens = context.Tokens;
            // Braces the failed item opened and did not close: the skip ends after their '}'.
            int braces = 0;
            for (int k = itemStart; k < offset && k < tokens.Length; k++)
            {
                if (tokens[k].Kind == TokenKind.LBrace) braces++;
                else if (tokens[k].Kind == TokenKind.RBrace && braces > 0) braces--;
            }
            bool progressed = offset > itemStart;
            int i = offset;
            while (i < tokens.Length - 1)
            {
                var t = tokens[i];
                if (t.Kind == TokenKind.LBrace) braces++;
                else if (t.Kind == TokenKind.RBrace)
                {
                    if (braces == 0) break;           // closes the enclosing block: leave it to that block
                    braces--;
                    if (braces == 0) { i++; break; }
                }
                else if (braces == 0)
                {
                    if (t.Kind == TokenKind.Semicolon) { i++; break; }
                    if ((progressed || i > offset) && t.StartsLine && StartsItem(t.Kind, sync)) break;
                }
                i++;
            }
            if (i == itemStart && i < tokens.Length - 1) i++; // always make progress
            var from = tokens[Math.Min(offset, tokens.Length - 1)].Span;
            return (count: i - offset, span: from);
        })
        .Then(x => Any.Repeat(x.count).ThenReturn(x.span));

    private static bool StartsItem(TokenKind kind, SyncSet sync)
    {
        bool statement = kind is TokenKind.KwLet or TokenKind.KwVar or TokenKind.KwIf or TokenKind.KwWhile or TokenKind.KwFor
            or TokenKind.KwMatch or TokenKind.KwWith or TokenKind.KwReturn or TokenKind.KwBreak or TokenKind.KwContinue
            or TokenKind.KwExpect or TokenKind.KwExpectBugcheck or TokenKind.KwAfter or TokenKind.KwPulse;
        bool declaration = kind is TokenKind.KwConst or TokenKind.KwEnum or TokenKind.KwFn or TokenKind.KwHardware
            or TokenKind.KwDevice or TokenKind.KwTest or TokenKind.KwImport;
        bool member = kind is TokenKind.KwOn or TokenKind.KwQueue or TokenKind.KwRoute or TokenKind.KwInterrupt
            or TokenKind.KwTimer or TokenKind.KwWorkItem or TokenKind.KwState or TokenKind.KwPowerPolicy or TokenKind.KwUses
            or TokenKind.KwReg or TokenKind.KwField or TokenKind.KwMemory or TokenKind.KwLocked or TokenKind.KwRegisters
            or TokenKind.KwFn;
        return sync switch
        {
            SyncSet.Statement => statement,
            SyncSet.Member => member,
            _ => statement || declaration,
        };
    }

    /// <summary>Custom failures (keyword as a name, unknown access mode, bad assignment target) become their own codes.</summary>
    public static bool TryDecodeCustomError(string message, Token token, out Diagnostic diagnostic)
    {
        if (message.StartsWith(KeywordAsNamePrefix, StringComparison.Ordinal))
        {
            diagnostic = DiagnosticCodes.KeywordAsName.Create(token.Span, message[KeywordAsNamePrefix.Length..]);
            return true;
        }
        if (message.StartsWith(AccessModePrefix, StringComparison.Ordinal))
        {
            diagnostic = DiagnosticCodes.UnknownAccessMode.Create(token.Span, message[AccessModePrefix.Length..]);
            return true;
        }
        if (message.StartsWith(AssignTargetPrefix, StringComparison.Ordinal))
        {
            var parts = message[AssignTargetPrefix.Length..].Split('\u0002');
            var span = new SourceSpan(token.Span.Source, int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture),
                int.Parse(parts[2], System.Globalization.CultureInfo.InvariantCulture));
            diagnostic = DiagnosticCodes.InvalidAssignmentTarget.Create(span, parts[0]);
            return true;
        }
        diagnostic = null!;
        return false;
    }
}

using System.Collections.Immutable;
using DriverScript.Language.Diagnostics;
using DriverScript.Language.Lexing;
using DriverScript.Language.Syntax;
using DriverScript.Language.Text;
using Pidgin;
using Pidgin.Expression;
using static Pidgin.Parser;
using static Pidgin.Parser<DriverScript.Language.Lexing.Token>;

namespace DriverScript.Language.Parsing;

/// <summary>
/// The grammar of LANGUAGE.md §16 as Pidgin parsers over tokens, built once. Rules read top-down
/// like the grammar: expressions, statements, then declarations. Errors inside blocks and bodies
/// are reported and recovered from at statement and declaration boundaries (<see cref="Recovering"/>).
/// </summary>
internal static class Grammar
{
    public const string OperatorLabel = "an operator";
    private const string KeywordAsNamePrefix = "\u0001keyword:";
    private const string AccessModePrefix = "\u0001access:";
    private const string AssignTargetPrefix = "\u0001assign:";

    // ------------------------------------------------------------ tokens

    private static Parser<Token, Token> Tok(TokenKind kind) =>
        Token(t => t.Kind == kind).Labelled(TokenFacts.Describe(kind));

    private static Parser<Token, Token> Tok(TokenKind kind, string label) =>
        Token(t => t.Kind == kind).Labelled(label);

    /// <summary>
    /// Checks the first token without consuming it, so a construct that cannot start here fails with
    /// one readable expectation ("a statement"), while a construct that fails half-way keeps its own.
    /// </summary>
    private static Parser<Token, Unit> Starts(Func<Token, bool> predicate, string label) =>
        Lookahead(Token(predicate).Labelled(label)).IgnoreResult();

    private static bool IsExpressionStart(Token t) => t.Kind is TokenKind.Integer or TokenKind.Duration or TokenKind.String
        or TokenKind.Bytes or TokenKind.KwTrue or TokenKind.KwFalse or TokenKind.KwNone or TokenKind.KwSelf
        or TokenKind.Identifier or TokenKind.LParen or TokenKind.LBracket or TokenKind.Bang or TokenKind.Tilde or TokenKind.Minus;

    private static bool IsTypeStart(Token t) => t.Kind is TokenKind.Identifier or TokenKind.KwQueue or TokenKind.KwTimer
        or TokenKind.KwWorkItem or TokenKind.KwSpinlock or TokenKind.KwWaitlock or TokenKind.KwInterrupt;

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
        Token(t => t.Kind == TokenKind.Identifier).Select(t => new NameSyntax(t.Text, t.Span))
            .Or(Token(t => t.IsKeyword).Then(t => Fail<NameSyntax>(KeywordAsNamePrefix + t.Text)))
            .Labelled("a name");

    /// <summary>After '.', any keyword is a member name (LANGUAGE.md §2).</summary>
    private static readonly Parser<Token, NameSyntax> MemberName =
        Token(t => t.Kind == TokenKind.Identifier || t.IsKeyword).Select(t => new NameSyntax(t.Text, t.Span))
            .Labelled("a member name");

    // ------------------------------------------------------------ types

    private static readonly Parser<Token, TypeSyntax> Type = Rec(() => TypeRule!);

    private static readonly Parser<Token, TypeSyntax> TypeRule =
        Starts(IsTypeStart, "a type").Then(OneOf(
            Token(t => t.Kind == TokenKind.Identifier && t.Text == "list")
                .Then(Tok(TokenKind.Less), (l, _) => l)
                .Then(Type, (l, e) => (l, e))
                .Then(Tok(TokenKind.Greater), (le, close) => (TypeSyntax)new ListTypeSyntax(le.e, le.l.Span.To(close.Span))),
            Token(t => t.Kind is TokenKind.Identifier or TokenKind.KwQueue or TokenKind.KwTimer or TokenKind.KwWorkItem
                       or TokenKind.KwSpinlock or TokenKind.KwWaitlock or TokenKind.KwInterrupt)
                .Select(t => (TypeSyntax)new NamedTypeSyntax(t.Text, t.Span))))
        .Then(Tok(TokenKind.Question).Optional(), (type, q) =>
            q.HasValue ? new OptionalTypeSyntax(type, type.Span.To(q.Value.Span)) : type);

    // ------------------------------------------------------------ expressions

    public static readonly Parser<Token, ExpressionSyntax> Expression = Starts(IsExpressionStart, "an expression").Then(Rec(() => ExpressionRule!));

    private static readonly Parser<Token, ImmutableArray<ExpressionSyntax>> Arguments =
        Expression.Separated(Comma).Select(xs => xs.ToImmutableArray());

    private static readonly Parser<Token, ExpressionSyntax> Primary = Starts(IsExpressionStart, "an expression").Then(OneOf(
        Token(t => t.Kind == TokenKind.Integer).Select(t => (ExpressionSyntax)new IntegerLiteralSyntax(t.IntegerValue, t.Text, t.Span)),
        Token(t => t.Kind == TokenKind.Duration).Select(t => (ExpressionSyntax)new DurationLiteralSyntax(t.IntegerValue, t.Text, t.Span)),
        Token(t => t.Kind == TokenKind.String).Select(t => (ExpressionSyntax)new StringLiteralSyntax(t.StringValue ?? "", t.Span)),
        Token(t => t.Kind == TokenKind.Bytes).Select(t => (ExpressionSyntax)new BytesLiteralSyntax(t.BytesValue.IsDefault ? ImmutableArray<byte>.Empty : t.BytesValue, t.Span)),
        Token(t => t.Kind == TokenKind.KwTrue).Select(t => (ExpressionSyntax)new BoolLiteralSyntax(true, t.Span)),
        Token(t => t.Kind == TokenKind.KwFalse).Select(t => (ExpressionSyntax)new BoolLiteralSyntax(false, t.Span)),
        Token(t => t.Kind == TokenKind.KwNone).Select(t => (ExpressionSyntax)new NoneLiteralSyntax(t.Span)),
        Token(t => t.Kind == TokenKind.KwSelf).Select(t => (ExpressionSyntax)new SelfExpressionSyntax(t.Span)),
        Token(t => t.Kind == TokenKind.Identifier).Select(t => (ExpressionSyntax)new NameExpressionSyntax(t.Text, t.Span)),
        Map((open, inner, close) => (ExpressionSyntax)new ParenthesizedExpressionSyntax(inner, open.Span.To(close.Span)),
            LParen, Expression, RParen),
        Map((open, items, close) => (ExpressionSyntax)new ListLiteralSyntax(items, open.Span.To(close.Span)),
            LBracket, Expression.SeparatedAndOptionallyTerminated(Comma).Select(xs => xs.ToImmutableArray()), ListRBracket)));

    // Postfix (level 12): e.member, e(args), e[i], e[a..b], e!, e as T
    private static readonly Parser<Token, Func<ExpressionSyntax, ExpressionSyntax>> PostfixOps = OneOf(
        Tok(TokenKind.Dot, OperatorLabel).Then(MemberName).Select<Func<ExpressionSyntax, ExpressionSyntax>>(
            name => target => new MemberAccessSyntax(target, name, target.Span.To(name.Span))),
        Tok(TokenKind.LParen, OperatorLabel).Then(Arguments).Then(ListRParen, (args, close) => (args, close)).Select<Func<ExpressionSyntax, ExpressionSyntax>>(
            a => callee => new CallSyntax(callee, a.args, callee.Span.To(a.close.Span))),
        Tok(TokenKind.LBracket, OperatorLabel).Then(Expression).Then(Tok(TokenKind.DotDot).Then(Expression).Optional(), (i, j) => (i, j))
            .Then(RBracket, (ij, close) => (ij.i, ij.j, close))
            .Select<Func<ExpressionSyntax, ExpressionSyntax>>(x => target => x.j.HasValue
                ? new SliceSyntax(target, x.i, x.j.Value, target.Span.To(x.close.Span))
                : new IndexSyntax(target, x.i, target.Span.To(x.close.Span))),
        Tok(TokenKind.Bang, OperatorLabel).Select<Func<ExpressionSyntax, ExpressionSyntax>>(
            bang => operand => new UnwrapSyntax(operand, operand.Span.To(bang.Span))),
        Tok(TokenKind.KwAs, OperatorLabel).Then(Type).Select<Func<ExpressionSyntax, ExpressionSyntax>>(
            type => operand => new CastSyntax(operand, type, operand.Span.To(type.Span))));

    private static Parser<Token, Func<ExpressionSyntax, ExpressionSyntax>> Prefix(TokenKind kind, UnaryOperator op) =>
        Tok(kind, OperatorLabel).Select<Func<ExpressionSyntax, ExpressionSyntax>>(
            t => operand => new UnaryExpressionSyntax(op, operand, t.Span, t.Span.To(operand.Span)));

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

    /// <summary>Levels 11 and 12 of §4: postfix forms bind tightest, then prefix operators.</summary>
    private static readonly Parser<Token, ExpressionSyntax> UnaryExpression = ExpressionParser.Build(
        Primary,
        new[]
        {
            Operator.PostfixChainable(PostfixOps),
            Operator.PrefixChainable(
                Prefix(TokenKind.Bang, UnaryOperator.Not),
                Prefix(TokenKind.Tilde, UnaryOperator.BitwiseNot),
                Prefix(TokenKind.Minus, UnaryOperator.Negate)),
        });

    private static readonly Parser<Token, (Token Operator, ExpressionSyntax Operand)> BinaryTail =
        Token(t => BinaryLevel(t.Kind).Level > 0).Labelled(OperatorLabel)
            .Then(UnaryExpression, (op, operand) => (op, operand));

    /// <summary>
    /// Levels 1–10 of §4. One Pidgin loop reads <c>operand (operator operand)*</c>, then the chain is
    /// folded by precedence. Building the ten binary levels as ExpressionParser rows made every
    /// operand pass through ten nested parsers; folding the flat chain is several times faster and
    /// does not recurse, so a chain of thousands of operators is fine.
    /// </summary>
    private static readonly Parser<Token, ExpressionSyntax> ExpressionRule =
        UnaryExpression.Then(BinaryTail.Many(), (first, rest) => FoldByPrecedence(first, rest));

    private static ExpressionSyntax FoldByPrecedence(ExpressionSyntax first, IEnumerable<(Token Operator, ExpressionSyntax Operand)> rest)
    {
        // Shunting-yard with explicit stacks: pop while the stacked operator binds at least as tightly
        // (left associativity).
        List<ExpressionSyntax>? operands = null;
        List<Token>? operators = null;
        foreach (var (op, operand) in rest)
        {
            operands ??= new List<ExpressionSyntax> { first };
            operators ??= new List<Token>();
            int level = BinaryLevel(op.Kind).Level;
            while (operators.Count > 0 && BinaryLevel(operators[^1].Kind).Level >= level)
                Reduce(operands, operators);
            operators.Add(op);
            operands.Add(operand);
        }
        if (operands is null) return first;
        while (operators!.Count > 0) Reduce(operands, operators);
        return operands[0];
    }

    private static void Reduce(List<ExpressionSyntax> operands, List<Token> operators)
    {
        var op = operators[^1];
        operators.RemoveAt(operators.Count - 1);
        var right = operands[^1];
        operands.RemoveAt(operands.Count - 1);
        var left = operands[^1];
        operands[^1] = new BinaryExpressionSyntax(BinaryLevel(op.Kind).Operator, left, right, op.Span, left.Span.To(right.Span));
    }

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
            Token(t => t.Kind is TokenKind.KwLet or TokenKind.KwVar),
            Name,
            Colon.Then(Type).Optional(),
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
                var clauses = elseIfs.Prepend(first).ToImmutableArray();
                var end = elseBlock.HasValue ? elseBlock.Value.Span : clauses[^1].Span;
                return (StatementSyntax)new IfStatementSyntax(clauses, elseBlock.HasValue ? elseBlock.Value : null, kw.Span.To(end));
            },
            Tok(TokenKind.KwIf), Expression, Block, ElseIfClause.Many(), Tok(TokenKind.KwElse).Then(Block).Optional());

    private static readonly Parser<Token, StatementSyntax> WhileStatement =
        Map((kw, cond, body) => (StatementSyntax)new WhileStatementSyntax(cond, body, kw.Span.To(body.Span)),
            Tok(TokenKind.KwWhile), Expression, Block);

    private static readonly Parser<Token, StatementSyntax> ForStatement =
        Map((kw, name, start, end, body) => (StatementSyntax)new ForStatementSyntax(name, start, end.HasValue ? end.Value : null, body, kw.Span.To(body.Span)),
            Tok(TokenKind.KwFor), Name, Tok(TokenKind.KwIn).Then(Expression), Tok(TokenKind.DotDot).Then(Expression).Optional(), Block);

    private static readonly Parser<Token, PatternSyntax> Pattern = Starts(
        t => t.Kind is TokenKind.Integer or TokenKind.Minus or TokenKind.String or TokenKind.KwTrue or TokenKind.KwFalse or TokenKind.Identifier,
        "a pattern").Then(OneOf(
        Token(t => t.Kind == TokenKind.Integer).Select(t => (PatternSyntax)new IntegerPatternSyntax(t.IntegerValue, false, t.Span)),
        Tok(TokenKind.Minus).Then(Token(t => t.Kind == TokenKind.Integer).Labelled("an integer"), (m, t) =>
            (PatternSyntax)new IntegerPatternSyntax(t.IntegerValue, true, m.Span.To(t.Span))),
        Token(t => t.Kind == TokenKind.String).Select(t => (PatternSyntax)new StringPatternSyntax(t.StringValue ?? "", t.Span)),
        Token(t => t.Kind == TokenKind.KwTrue).Select(t => (PatternSyntax)new BoolPatternSyntax(true, t.Span)),
        Token(t => t.Kind == TokenKind.KwFalse).Select(t => (PatternSyntax)new BoolPatternSyntax(false, t.Span)),
        Token(t => t.Kind == TokenKind.Identifier && t.Text == "_").Select(t => (PatternSyntax)new WildcardPatternSyntax(t.Span)),
        Token(t => t.Kind == TokenKind.Identifier).Select(t => new NameSyntax(t.Text, t.Span))
            .Then(Tok(TokenKind.Dot).Then(MemberName).Optional(), (n, m) =>
                (PatternSyntax)new NamePatternSyntax(n, m.HasValue ? m.Value : null, m.HasValue ? n.Span.To(m.Value.Span) : n.Span))));

    private static readonly Parser<Token, MatchArmSyntax> MatchArm =
        Map((patterns, _, body) => new MatchArmSyntax(patterns.ToImmutableArray(), body, patterns.First().Span.To(body.Span)),
            Pattern.SeparatedAtLeastOnce(Tok(TokenKind.Pipe)), Tok(TokenKind.FatArrow), Block);

    private static readonly Parser<Token, StatementSyntax> MatchStatement =
        Map((kw, subject, _, arms, close) => (StatementSyntax)new MatchStatementSyntax(subject, arms.ToImmutableArray(), kw.Span.To(close.Span)),
            Tok(TokenKind.KwMatch), Expression, LBrace, MatchArm.Many(), RBrace);

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
            Tok(TokenKind.KwExpect), Expression, Comma.Then(Expression).Optional(), StatementEnd);

    private static readonly Parser<Token, StatementSyntax> ExpectBugcheckStatement =
        Map((kw, code, body) => (StatementSyntax)new ExpectBugcheckStatementSyntax(code, body, kw.Span.To(body.Span)),
            Tok(TokenKind.KwExpectBugcheck), LParen.Then(Expression).Before(RParen), Block);

    private static readonly Parser<Token, StatementSyntax> JumpStatement = OneOf(
        Map((kw, end) => (StatementSyntax)new BreakStatementSyntax(kw.Span.To(end.Span)), Tok(TokenKind.KwBreak), StatementEnd),
        Map((kw, end) => (StatementSyntax)new ContinueStatementSyntax(kw.Span.To(end.Span)), Tok(TokenKind.KwContinue), StatementEnd),
        Map((kw, value, end) => (StatementSyntax)new ReturnStatementSyntax(value.HasValue ? value.Value : null, kw.Span.To(end.Span)),
            Tok(TokenKind.KwReturn), Expression.Optional(), StatementEnd));

    private static readonly Parser<Token, (AssignmentOperator Op, Token Token)> AssignmentOperatorToken =
        Token(t => t.Kind is TokenKind.Assign or TokenKind.PlusAssign or TokenKind.MinusAssign or TokenKind.StarAssign
                   or TokenKind.SlashAssign or TokenKind.PercentAssign or TokenKind.AmpAssign or TokenKind.PipeAssign
                   or TokenKind.CaretAssign or TokenKind.ShiftLeftAssign or TokenKind.ShiftRightAssign)
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
            }, t))
            .Labelled("'='");

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
            AssignmentOperatorToken.Then(Expression, (op, value) => (op, value)).Optional(),
            (target, assignment) => (target, assignment))
        .Then(x => x.assignment.HasValue && !IsPlace(x.target)
            ? Fail<(ExpressionSyntax target, Maybe<((AssignmentOperator Op, Token Token) op, ExpressionSyntax value)> assignment)>(
                AssignTargetPrefix + x.assignment.Value.op.Token.Text + "\u0002" + x.target.Span.Start + "\u0002" + x.target.Span.Length)
            : Return(x))
        .Then(StatementEnd, (x, end) => x.assignment.HasValue
            ? (StatementSyntax)new AssignmentStatementSyntax(x.target, x.assignment.Value.op.Op, x.assignment.Value.value,
                x.assignment.Value.op.Token.Span, x.target.Span.To(end.Span))
            : new ExpressionStatementSyntax(x.target, x.target.Span.To(end.Span)));

    private static bool IsStatementStart(Token t) => IsExpressionStart(t) || t.Kind is TokenKind.KwLet or TokenKind.KwVar
        or TokenKind.KwIf or TokenKind.KwWhile or TokenKind.KwFor or TokenKind.KwMatch or TokenKind.KwWith or TokenKind.KwAfter
        or TokenKind.KwPulse or TokenKind.KwExpect or TokenKind.KwExpectBugcheck or TokenKind.KwBreak or TokenKind.KwContinue
        or TokenKind.KwReturn;

    private static readonly Parser<Token, StatementSyntax> StatementRule = Starts(IsStatementStart, "a statement").Then(OneOf(
        LetStatement, IfStatement, WhileStatement, ForStatement, MatchStatement, WithStatement, AfterStatement,
        PulseStatement, ExpectStatement, ExpectBugcheckStatement, JumpStatement, ExpressionOrAssignment));

    // ------------------------------------------------------------ declarations

    private static readonly Parser<Token, ParameterSyntax> Parameter =
        Name.Then(Colon.Then(Type).Optional(), (n, t) =>
            new ParameterSyntax(n, t.HasValue ? t.Value : null, t.HasValue ? n.Span.To(t.Value.Span) : n.Span));

    private static readonly Parser<Token, ImmutableArray<ParameterSyntax>> ParameterList =
        LParen.Then(Parameter.Separated(Comma)).Before(ListRParen).Select(ps => ps.ToImmutableArray());

    /// <summary>A setting's value: an expression, or a bare keyword such as <c>sync = queue</c>.</summary>
    private static readonly Parser<Token, ExpressionSyntax> SettingValue =
        Expression.Or(Token(t => t.IsKeyword).Select(t => (ExpressionSyntax)new NameExpressionSyntax(t.Text, t.Span)));

    private static readonly Parser<Token, SettingSyntax> Setting =
        Map((name, _, value) => new SettingSyntax(name, value, name.Span.To(value.Span)), Name, Assign, SettingValue);

    private static readonly Parser<Token, DeclarationSyntax> Import =
        Map((kw, path, end) => (DeclarationSyntax)new ImportDeclarationSyntax(path.StringValue ?? "", path.Span, kw.Span.To(end.Span)),
            Tok(TokenKind.KwImport), Tok(TokenKind.String, "a file name in quotes"), DeclarationEnd);

    private static readonly Parser<Token, DeclarationSyntax> Const =
        Map((kw, name, type, value, end) => (DeclarationSyntax)new ConstDeclarationSyntax(name, type, value, kw.Span.To(end.Span)),
            Tok(TokenKind.KwConst), Name, Colon.Then(Type), Assign.Then(Expression), DeclarationEnd);

    private static readonly Parser<Token, EnumMemberSyntax> EnumMember =
        Name.Then(Assign.Then(Expression).Optional(), (n, v) =>
            new EnumMemberSyntax(n, v.HasValue ? v.Value : null, v.HasValue ? n.Span.To(v.Value.Span) : n.Span));

    private static readonly Parser<Token, DeclarationSyntax> Enum =
        Map((kw, name, _, members, close) => (DeclarationSyntax)new EnumDeclarationSyntax(name, members.ToImmutableArray(), kw.Span.To(close.Span)),
            Tok(TokenKind.KwEnum), Name, LBrace, EnumMember.SeparatedAndOptionallyTerminated(Comma), ListRBrace);

    private static readonly Parser<Token, DeclarationSyntax> Function =
        Map((kw, name, parameters, returnType, body) => (DeclarationSyntax)new FunctionDeclarationSyntax(
                name, parameters, returnType.HasValue ? returnType.Value : null, body, kw.Span.To(body.Span)),
            Tok(TokenKind.KwFn), Name, ParameterList, Arrow.Then(Type).Optional(), Block);

    private static readonly Parser<Token, DeclarationSyntax> Handler =
        Map((kw, name, parameters, returnType, body) => (DeclarationSyntax)new HandlerDeclarationSyntax(
                name, parameters.HasValue ? parameters.Value : ImmutableArray<ParameterSyntax>.Empty, parameters.HasValue,
                returnType.HasValue ? returnType.Value : null, body, kw.Span.To(body.Span)),
            Tok(TokenKind.KwOn),
            // Handler names are often words that are keywords elsewhere (`on read`, `on reset`).
            MemberName,
            ParameterList.Optional(), Arrow.Then(Type).Optional(), Block);

    private static readonly Parser<Token, StateFieldSyntax> StateField =
        Map((name, type, init, end) => new StateFieldSyntax(name, type, init.HasValue ? init.Value : null, name.Span.To(end.Span)),
            Name, Colon.Then(Type), Assign.Then(Expression).Optional(), DeclarationEnd);

    private static readonly Parser<Token, DeclarationSyntax> StateBlock =
        Map((kw, _, fields, close) => (DeclarationSyntax)new StateBlockSyntax(fields.ToImmutableArray(), kw.Span.To(close.Span)),
            Tok(TokenKind.KwState), LBrace, StateField.Many(), RBrace);

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
            LBracket.Then(Expression).Then(Colon.Then(Expression).Optional(), (hi, lo) => (hi, lo: lo.HasValue ? lo.Value : null)).Before(RBracket),
            Colon.Then(AccessMode), Assign.Then(Expression).Optional(), DeclarationEnd);

    private static readonly Parser<Token, DeclarationSyntax> LockedWhen =
        Map((kw, _, cond, end) => (DeclarationSyntax)new LockedWhenSyntax(cond, kw.Span.To(end.Span)),
            Tok(TokenKind.KwLocked), Tok(TokenKind.KwWhen), Expression, DeclarationEnd);

    private static readonly Parser<Token, DeclarationSyntax> RegisterMember = OneOf(Field, LockedWhen, Handler);

    private static readonly Parser<Token, DeclarationSyntax> Register =
        Map((kw, name, offset, type, access, reset, body) =>
            {
                var (members, endSpan) = body;
                return (DeclarationSyntax)new RegisterDeclarationSyntax(name, offset, type, access.HasValue ? access.Value : null,
                    reset.HasValue ? reset.Value : null, members, kw.Span.To(endSpan));
            },
            Tok(TokenKind.KwReg), Name, Tok(TokenKind.At).Then(Expression), Colon.Then(Type),
            AccessMode.Optional(), Assign.Then(Expression).Optional(),
            DeclarationEnd.Select(t => (ImmutableArray<DeclarationSyntax>.Empty, t.Span))
                .Or(Map((open, members, close) => (members, close.Span), LBrace,
                    Recovering(RegisterMember, SyncSet.Member, span => (DeclarationSyntax)new ErrorDeclarationSyntax(span)), RBrace)));

    private static readonly Parser<Token, DeclarationSyntax> Memory =
        Map((kw, name, offset, size, end) => (DeclarationSyntax)new MemoryDeclarationSyntax(name, offset, size, kw.Span.To(end.Span)),
            Tok(TokenKind.KwMemory), Name, Tok(TokenKind.At).Then(Expression), Colon.Then(Expression), DeclarationEnd);

    private static readonly Parser<Token, DeclarationSyntax> RegistersBlock =
        Map((kw, settings, _, members, close) => (DeclarationSyntax)new RegistersBlockSyntax(settings, members, kw.Span.To(close.Span)),
            Tok(TokenKind.KwRegisters),
            LParen.Then(Setting.Separated(Comma)).Before(ListRParen).Select(s => s.ToImmutableArray()),
            LBrace,
            Recovering(OneOf(Register, Memory), SyncSet.Member, span => (DeclarationSyntax)new ErrorDeclarationSyntax(span)),
            RBrace);

    private static readonly Parser<Token, DeclarationSyntax> HardwareLine =
        Map((kw, name, level, end) => (DeclarationSyntax)new HardwareLineDeclarationSyntax(name, level.HasValue ? level.Value : null, kw.Span.To(end.Span)),
            Tok(TokenKind.KwInterrupt), Name, Assign.Then(Expression).Optional(), DeclarationEnd);

    private static readonly Parser<Token, DeclarationSyntax> Hardware =
        Map((kw, name, _, members, close) => (DeclarationSyntax)new HardwareDeclarationSyntax(name, members, kw.Span.To(close.Span)),
            Tok(TokenKind.KwHardware), Name, LBrace,
            Recovering(OneOf(RegistersBlock, HardwareLine, Function, StateBlock, Handler), SyncSet.Member,
                span => (DeclarationSyntax)new ErrorDeclarationSyntax(span)),
            RBrace);

    // ---- devices

    private static readonly Parser<Token, DeclarationSyntax> Uses =
        Map((kw, name, end) => (DeclarationSyntax)new UsesDeclarationSyntax(name, kw.Span.To(end.Span)),
            Tok(TokenKind.KwUses), Name, DeclarationEnd);

    private static readonly Parser<Token, DeclarationSyntax> DeviceSetting =
        Setting.Then(DeclarationEnd, (s, end) => (DeclarationSyntax)(s with { Span = s.Span.To(end.Span) }));

    private static readonly Parser<Token, DeclarationSyntax> PowerPolicy =
        Map((kw, _, settings, close) => (DeclarationSyntax)new PowerPolicySyntax(settings.ToImmutableArray(), kw.Span.To(close.Span)),
            Tok(TokenKind.KwPowerPolicy), LBrace, Setting.Before(DeclarationEnd).Many(), RBrace);

    private static readonly Parser<Token, ImmutableArray<DeclarationSyntax>> HandlersBody =
        LBrace.Then(Recovering(Handler, SyncSet.Member, span => (DeclarationSyntax)new ErrorDeclarationSyntax(span))).Before(RBrace);

    private static readonly Parser<Token, DeclarationSyntax> Interrupt =
        Map((kw, name, members) => (DeclarationSyntax)new InterruptDeclarationSyntax(name, members, kw.Span.To(members.Length > 0 ? members[^1].Span : name.Span)),
            Tok(TokenKind.KwInterrupt), Name, HandlersBody);

    private static readonly Parser<Token, DeclarationSyntax> Timer =
        Map((kw, name, settings, members) => (DeclarationSyntax)new TimerDeclarationSyntax(name,
                settings.HasValue ? settings.Value : ImmutableArray<SettingSyntax>.Empty, members, kw.Span.To(name.Span)),
            Tok(TokenKind.KwTimer), Name,
            LParen.Then(Setting.Separated(Comma)).Before(ListRParen).Select(s => s.ToImmutableArray()).Optional(),
            HandlersBody);

    private static readonly Parser<Token, DeclarationSyntax> WorkItem =
        Map((kw, name, members) => (DeclarationSyntax)new WorkItemDeclarationSyntax(name, members, kw.Span.To(name.Span)),
            Tok(TokenKind.KwWorkItem), Name, HandlersBody);

    private static readonly Parser<Token, QueueAttributeSyntax> QueueAttribute =
        Name.Then(LParen.Then(Expression).Then(RParen, (e, close) => (e, close)).Optional(), (n, arg) =>
            new QueueAttributeSyntax(n, arg.HasValue ? arg.Value.e : null, arg.HasValue ? n.Span.To(arg.Value.close.Span) : n.Span));

    private static readonly Parser<Token, DeclarationSyntax> Queue =
        Map((kw, name, attributes, body) => (DeclarationSyntax)new QueueDeclarationSyntax(name, attributes.ToImmutableArray(), body.members, kw.Span.To(body.end)),
            Tok(TokenKind.KwQueue), Name, Colon.Then(QueueAttribute.SeparatedAtLeastOnce(Comma)),
            DeclarationEnd.Select(t => (members: ImmutableArray<DeclarationSyntax>.Empty, end: t.Span))
                .Or(Map((open, members, close) => (members, end: close.Span), LBrace,
                    Recovering(OneOf(Handler, Timer, WorkItem), SyncSet.Member, span => (DeclarationSyntax)new ErrorDeclarationSyntax(span)),
                    RBrace)));

    private static readonly Parser<Token, DeclarationSyntax> Route =
        Map((kw, kind, _, queue, end) => (DeclarationSyntax)new RouteDeclarationSyntax(kind, queue, kw.Span.To(end.Span)),
            Tok(TokenKind.KwRoute), Name, Arrow, Name, DeclarationEnd);

    private static readonly Parser<Token, DeclarationSyntax> DeviceMember =
        Starts(t => t.Kind is TokenKind.KwUses or TokenKind.KwPowerPolicy or TokenKind.KwState or TokenKind.KwQueue
                   or TokenKind.KwRoute or TokenKind.KwInterrupt or TokenKind.KwTimer or TokenKind.KwWorkItem
                   or TokenKind.KwOn or TokenKind.Identifier, "a device member")
        .Then(OneOf(Uses, PowerPolicy, StateBlock, Queue, Route, Interrupt, Timer, WorkItem, Handler, DeviceSetting));

    private static readonly Parser<Token, DeclarationSyntax> Device =
        Map((kw, name, _, members, close) => (DeclarationSyntax)new DeviceDeclarationSyntax(name, members, kw.Span.To(close.Span)),
            Tok(TokenKind.KwDevice), Name, LBrace,
            Recovering(DeviceMember, SyncSet.Member, span => (DeclarationSyntax)new ErrorDeclarationSyntax(span)),
            RBrace);

    private static readonly Parser<Token, DeclarationSyntax> Test =
        Map((kw, description, body) => (DeclarationSyntax)new TestDeclarationSyntax(description.StringValue ?? "", description.Span, body, kw.Span.To(body.Span)),
            Tok(TokenKind.KwTest), Tok(TokenKind.String, "a test description in quotes"), Block);

    private static readonly Parser<Token, DeclarationSyntax> TopLevelItem =
        Starts(t => IsStatementStart(t) || t.Kind is TokenKind.KwImport or TokenKind.KwConst or TokenKind.KwEnum
                   or TokenKind.KwFn or TokenKind.KwHardware or TokenKind.KwDevice or TokenKind.KwTest, "a declaration or statement")
        .Then(OneOf(
            Import, Const, Enum, Function, Hardware, Device, Test,
            Statement.Select(s => (DeclarationSyntax)new GlobalStatementSyntax(s, s.Span))));

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
        Lookahead(Token(t => t.Kind is not (TokenKind.RBrace or TokenKind.EndOfFile)))
            .Then(CurrentOffset)
            .Then(start => item.RecoverWith(parseError => Skip(start, parseError, sync).Select(error)))
            .Many()
            .Select(items => items.ToImmutableArray());

    private static Parser<Token, SourceSpan> Skip(int itemStart, ParseError<Token> parseError, SyncSet sync) =>
        CurrentOffset.Select(offset =>
        {
            var context = ParseContext.Current;
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

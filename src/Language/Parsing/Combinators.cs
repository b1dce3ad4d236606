using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using DriverScript.Language.Lexing;
using Pidgin;

namespace DriverScript.Language.Parsing;

/// <summary>A set of token kinds (a 128-bit mask: there are fewer than 128 kinds).</summary>
internal readonly struct KindSet
{
    private readonly ulong _low;
    private readonly ulong _high;

    private KindSet(ulong low, ulong high)
    {
        _low = low;
        _high = high;
    }

    public static KindSet Of(params TokenKind[] kinds)
    {
        var set = default(KindSet);
        foreach (var kind in kinds) set = set.With(kind);
        return set;
    }

    public static KindSet Where(Func<TokenKind, bool> predicate)
    {
        var set = default(KindSet);
        foreach (var kind in Enum.GetValues<TokenKind>())
            if (predicate(kind)) set = set.With(kind);
        return set;
    }

    public bool Contains(TokenKind kind)
    {
        int k = (int)kind;
        return k < 64 ? ((_low >> k) & 1) != 0 : ((_high >> (k - 64)) & 1) != 0;
    }

    public KindSet With(TokenKind kind)
    {
        int k = (int)kind;
        return k < 64 ? new KindSet(_low | (1UL << k), _high) : new KindSet(_low, _high | (1UL << (k - 64)));
    }

    public KindSet Union(KindSet other) => new(_low | other._low, _high | other._high);
}

/// <summary>
/// One alternative of <c>Combinators.Switch</c> and the tokens it can start with: a token of a
/// kind in <paramref name="First"/> that also passes <paramref name="Filter"/>, when there is one. On any
/// other token the alternative must fail without consuming input.
/// </summary>
internal readonly record struct Alternative<T>(KindSet First, Parser<Token, T> Parser, Func<Token, bool>? Filter = null);

/// <summary>
/// What the grammar states about a parser when it names the tokens it starts with: on any other
/// token (a kind outside <paramref name="First"/>, or one that fails <paramref name="Filter"/>) the
/// parser fails without consuming input. <c>GrammarFirstTokenTests</c> checks every such claim.
/// </summary>
internal sealed record FirstTokenClaim(string Rule, KindSet First, Func<Token, bool>? Filter, Parser<Token, Unit> Parser);

/// <summary>
/// Parsers written against Pidgin's public <see cref="Parser{TToken, T}.TryParse"/> (Pidgin's way to write a
/// custom parser) for the hottest places of the grammar. Each one behaves exactly like the Pidgin
/// combinators it replaces — same result, same position, same error and the same expected labels in
/// the same order — and only does less work. They rely on two properties of Pidgin 3:
/// <list type="bullet">
/// <item>A parser that succeeds leaves the list of expected labels as it found it. So instead of
/// giving each attempt a list of its own (rented from the array pool), an attempt writes into its
/// caller's list, and what it wrote is cut off again where Pidgin would have thrown its list away.</item>
/// <item>The error a parser sets is read only right after it fails, by whoever called it. So an
/// attempt that is certain to fail without consuming input, at a place where that failure is
/// thrown away (the end of a <c>Many</c>, an absent <c>Optional</c>, the alternatives a <c>OneOf</c>
/// passes over before one that succeeds), need not be made at all: nothing could see it.</item>
/// </list>
/// Whether an attempt is certain to fail is decided by the next token's kind, against the first
/// tokens the grammar states for each part (<see cref="FirstTokenClaim"/>).
/// </summary>
internal static class Combinators
{
    private static readonly Expected<Token> s_failExpected = new(ImmutableArray<Token>.Empty);

    private static readonly ConcurrentQueue<FirstTokenClaim> s_claims = new();

    /// <summary>Every claim about first tokens made while building the grammar, for tests.</summary>
    public static IReadOnlyCollection<FirstTokenClaim> Claims => s_claims;

    private static void Claim<T>(string rule, KindSet first, Parser<Token, T> parser, Func<Token, bool>? filter = null) =>
        s_claims.Enqueue(new FirstTokenClaim(rule, first, filter, parser.IgnoreResult()));

    /// <summary>A token of one of <paramref name="kinds"/>; like <c>Token(t => kinds.Contains(t.Kind)).Labelled(label)</c>.</summary>
    public static Parser<Token, Token> Kind(KindSet kinds, string? label) => new KindParser(kinds, label);

    /// <summary>
    /// The alternative whose first token is the current one, or else the first that succeeds: like
    /// <c>Starts(guard, label).Then(OneOf(alternatives))</c> (no guard when <paramref name="label"/> is null).
    /// Instead of trying each alternative in turn, it goes straight to the first alternative that can
    /// start with the current token; the others would fail without consuming anything, and their
    /// expectations are thrown away when one succeeds or fails after consuming input. Only when that
    /// alternative fails without consuming does it run the plain <c>OneOf</c>, which then gives exactly
    /// the error it always gave.
    /// </summary>
    public static Parser<Token, T> Switch<T>(KindSet guard, string label, Alternative<T>[] alternatives,
        [CallerMemberName] string rule = "") => NewSwitch(guard, label, alternatives, rule);

    /// <summary>Like <c>OneOf(alternatives)</c>; see <see cref="Switch{T}(KindSet, string, Alternative{T}[], string)"/>.</summary>
    public static Parser<Token, T> Switch<T>(Alternative<T>[] alternatives, [CallerMemberName] string rule = "") =>
        NewSwitch(default, null, alternatives, rule);

    private static Parser<Token, T> NewSwitch<T>(KindSet guard, string? label, Alternative<T>[] alternatives, string rule)
    {
        for (int i = 0; i < alternatives.Length; i++)
            Claim($"{rule}, alternative {i + 1}", alternatives[i].First, alternatives[i].Parser, alternatives[i].Filter);
        return new SwitchParser<T>(guard, label, alternatives);
    }

    /// <summary>
    /// Like <c>parser.Optional()</c>, for a parser that fails without consuming input unless the next
    /// token is <paramref name="first"/>: on any other token it is not even tried (its failure would
    /// be thrown away).
    /// </summary>
    public static Parser<Token, Maybe<T>> OptionalIf<T>(this Parser<Token, T> parser, TokenKind first, [CallerMemberName] string rule = "") =>
        parser.OptionalIf(KindSet.Of(first), rule);

    /// <inheritdoc cref="OptionalIf{T}(Parser{Token, T}, TokenKind, string)"/>
    public static Parser<Token, Maybe<T>> OptionalIf<T>(this Parser<Token, T> parser, KindSet first, [CallerMemberName] string rule = "")
    {
        Claim($"{rule}, optional part", first, parser);
        return new OptionalParser<T>(parser, first);
    }

    /// <summary>Like <c>parser.Many()</c> (with the items as an array), for a parser that can start only with <paramref name="first"/>.</summary>
    public static Parser<Token, ImmutableArray<T>> ManyIf<T>(this Parser<Token, T> parser, TokenKind first, [CallerMemberName] string rule = "") =>
        parser.ManyIf(KindSet.Of(first), rule);

    /// <inheritdoc cref="ManyIf{T}(Parser{Token, T}, TokenKind, string)"/>
    public static Parser<Token, ImmutableArray<T>> ManyIf<T>(this Parser<Token, T> parser, KindSet first, [CallerMemberName] string rule = "")
    {
        Claim($"{rule}, repeated part", first, parser);
        return new ManyParser<T>(parser, first);
    }

    /// <summary>
    /// Like <c>parser.Separated(Tok(separator))</c> (with the items as an array), for a parser that can
    /// start only with <paramref name="first"/>.
    /// </summary>
    public static Parser<Token, ImmutableArray<T>> SeparatedIf<T>(this Parser<Token, T> parser, KindSet first, TokenKind separator,
        [CallerMemberName] string rule = "")
    {
        Claim($"{rule}, list item", first, parser);
        return new SeparatedParser<T>(parser, first, separator);
    }

    /// <summary>Like <c>parser.Labelled(label)</c>.</summary>
    public static Parser<Token, T> Named<T>(this Parser<Token, T> parser, string label) => new LabelledParser<T>(parser, label);

    /// <summary>
    /// <paramref name="seed"/> followed by any number of <paramref name="step"/>s, each folded into the
    /// result as it is read: like <c>Map((x, steps) => steps.Aggregate(x, fold), seed, step.Many())</c>
    /// without the list. A loop, so a long chain (<c>a.b.c...</c>) does not recurse.
    /// </summary>
    public static Parser<Token, T> Fold<T, TStep>(Parser<Token, T> seed, KindSet stepFirst, Parser<Token, TStep> step, Func<T, TStep, T> fold,
        [CallerMemberName] string rule = "")
    {
        Claim($"{rule}, repeated step", stepFirst, step);
        return new FoldParser<T, TStep>(seed, stepFirst, step, fold);
    }

    /// <summary>
    /// Items up to a closing '}' or the end of the file: like
    /// <c>Lookahead(Token(t => t.Kind is not (RBrace or EndOfFile))).Then(CurrentOffset).Then(start => item...).Many()</c>
    /// without building a parser per item. <paramref name="item"/> recovers from its own errors
    /// (<see cref="Parser{TToken, T}.RecoverWith"/>); while it runs, <see cref="ParseContext.ItemStart"/>
    /// is the offset it started at, which is where the recovery looks back to.
    /// </summary>
    public static Parser<Token, ImmutableArray<T>> Items<T>(Parser<Token, T> item) => new ItemsParser<T>(item);

    /// <summary>
    /// <c>operand (operator operand)*</c> with the operators folded by precedence, all left-associative:
    /// like <c>operand.Then(Kind(operators, label).Then(operand, ...).Many(), fold)</c>. The operands and
    /// operators wait on two stacks while the chain is read (shunting-yard), so a chain of thousands
    /// of operators neither recurses nor allocates more than its nodes.
    /// </summary>
    public static Parser<Token, T> Infix<T>(Parser<Token, T> operand, KindSet operators, string label,
        Func<TokenKind, int> precedence, Func<Token, T, T, T> combine) =>
        new InfixParser<T>(operand, operators, label, precedence, combine);

    /// <summary>
    /// Fails with <paramref name="message"/> when it returns a message for the result of <paramref name="parser"/>:
    /// like <c>parser.Then(x => message(x) is { } m ? Fail&lt;T&gt;(m) : Return(x))</c> without building a parser per result.
    /// </summary>
    public static Parser<Token, T> Check<T>(this Parser<Token, T> parser, Func<T, string?> message) => new CheckParser<T>(parser, message);

    /// <summary>
    /// The items of the lists being read on this thread, innermost list on top: a list reads its
    /// items onto the stack and takes them off as one array of the right size when it is complete,
    /// so reading a list allocates nothing but that array.
    /// </summary>
    private static class Pending<T>
    {
        [ThreadStatic] private static List<T>? t_items;

        public static List<T> Items => t_items ??= new List<T>();

        /// <summary>The items from <paramref name="start"/> up, as an array; the stack is cut back to <paramref name="start"/>.</summary>
        public static ImmutableArray<T> Take(List<T> items, int start)
        {
            int count = items.Count - start;
            if (count == 0) return ImmutableArray<T>.Empty;
            var array = new T[count];
            items.CopyTo(start, array, 0, count);
            items.RemoveRange(start, count);
            return ImmutableCollectionsMarshal.AsImmutableArray(array);
        }

        /// <summary>Cuts the stack back to <paramref name="start"/> (after a list failed).</summary>
        public static void Drop(List<T> items, int start) => items.RemoveRange(start, items.Count - start);
    }

    private static void TruncateTo(ref PooledList<Expected<Token>> expecteds, int count)
    {
        while (expecteds.Count > count) expecteds.Pop();
    }

    /// <summary>Sets the error a failed <c>Token(predicate)</c> sets.</summary>
    private static void SetTokenError(ref ParseState<Token> state)
    {
        if (state.HasCurrent) state.SetError(Pidgin.Maybe.Just(state.LookAhead(1)[0]), false, state.Location, null);
        else state.SetError(Pidgin.Maybe.Nothing<Token>(), true, state.Location, null);
    }

    private sealed class KindParser(KindSet kinds, string? label) : Parser<Token, Token>
    {
        private readonly Expected<Token> _expected = label is null ? default : new Expected<Token>(label);

        public override bool TryParse(ref ParseState<Token> state, ref PooledList<Expected<Token>> expecteds, [MaybeNullWhen(false)] out Token result)
        {
            var next = state.LookAhead(1);
            if (next.Length > 0 && kinds.Contains(next[0].Kind))
            {
                result = next[0];
                state.Advance();
                return true;
            }
            SetTokenError(ref state);
            if (label is not null) expecteds.Add(_expected);
            result = default;
            return false;
        }
    }

    internal sealed class SwitchParser<T> : Parser<Token, T>
    {
        private readonly KindSet _guard;
        private readonly string? _label;
        private readonly Expected<Token> _expected;
        private readonly Alternative<T>[] _alternatives;
        private readonly int[][] _candidates; // by kind: the alternatives that can start with it, in order
        private readonly Parser<Token, T> _oneOf;

        public SwitchParser(KindSet guard, string? label, Alternative<T>[] alternatives)
        {
            _guard = guard;
            _label = label;
            _expected = label is null ? default : new Expected<Token>(label);
            _alternatives = alternatives;
            _oneOf = Pidgin.Parser.OneOf(alternatives.Select(a => a.Parser));
            var kinds = Enum.GetValues<TokenKind>();
            _candidates = new int[kinds.Max(k => (int)k) + 1][];
            foreach (var kind in kinds)
                _candidates[(int)kind] = Enumerable.Range(0, alternatives.Length).Where(i => alternatives[i].First.Contains(kind)).ToArray();
        }

        /// <summary>The alternatives, for tests that check each one's first tokens.</summary>
        public IReadOnlyList<Alternative<T>> Alternatives => _alternatives;

        public override bool TryParse(ref ParseState<Token> state, ref PooledList<Expected<Token>> expecteds, [MaybeNullWhen(false)] out T result)
        {
            var next = state.LookAhead(1);
            if (next.Length == 0)
            {
                if (_label is null) return _oneOf.TryParse(ref state, ref expecteds, out result);
                SetTokenError(ref state);
                expecteds.Add(_expected);
                result = default;
                return false;
            }
            ref readonly var token = ref next[0];
            if (_label is not null && !_guard.Contains(token.Kind))
            {
                SetTokenError(ref state);
                expecteds.Add(_expected);
                result = default;
                return false;
            }
            int index = -1;
            foreach (int candidate in _candidates[(int)token.Kind])
            {
                if (_alternatives[candidate].Filter is { } filter && !filter(token)) continue;
                index = candidate;
                break;
            }
            if (index < 0) return _oneOf.TryParse(ref state, ref expecteds, out result);
            long start = state.Location;
            int mark = expecteds.Count;
            if (_alternatives[index].Parser.TryParse(ref state, ref expecteds, out result))
            {
                TruncateTo(ref expecteds, mark);
                return true;
            }
            if (state.Location > start) return false; // failed after consuming: OneOf reports just this one
            TruncateTo(ref expecteds, mark);
            return _oneOf.TryParse(ref state, ref expecteds, out result);
        }
    }

    /// <summary>Whether the next token is of a kind in <paramref name="kinds"/>.</summary>
    private static bool NextIs(ref ParseState<Token> state, KindSet kinds)
    {
        var next = state.LookAhead(1);
        return next.Length > 0 && kinds.Contains(next[0].Kind);
    }

    private sealed class OptionalParser<T>(Parser<Token, T> parser, KindSet first) : Parser<Token, Maybe<T>>
    {
        public override bool TryParse(ref ParseState<Token> state, ref PooledList<Expected<Token>> expecteds, [MaybeNullWhen(false)] out Maybe<T> result)
        {
            if (!NextIs(ref state, first))
            {
                result = Pidgin.Maybe.Nothing<T>();
                return true;
            }
            long start = state.Location;
            int mark = expecteds.Count;
            if (parser.TryParse(ref state, ref expecteds, out var value))
            {
                TruncateTo(ref expecteds, mark);
                result = Pidgin.Maybe.Just(value);
                return true;
            }
            if (state.Location > start)
            {
                result = default;
                return false;
            }
            TruncateTo(ref expecteds, mark);
            result = Pidgin.Maybe.Nothing<T>();
            return true;
        }
    }

    private sealed class ManyParser<T>(Parser<Token, T> parser, KindSet first) : Parser<Token, ImmutableArray<T>>
    {
        public override bool TryParse(ref ParseState<Token> state, ref PooledList<Expected<Token>> expecteds, [MaybeNullWhen(false)] out ImmutableArray<T> result)
        {
            if (!NextIs(ref state, first))
            {
                result = ImmutableArray<T>.Empty;
                return true;
            }
            var items = Pending<T>.Items;
            int itemsStart = items.Count;
            int mark = expecteds.Count;
            try
            {
                while (NextIs(ref state, first))
                {
                    long start = state.Location;
                    if (parser.TryParse(ref state, ref expecteds, out var item))
                    {
                        if (state.Location <= start) throw new InvalidOperationException("Many() used with a parser which consumed no input");
                        TruncateTo(ref expecteds, mark);
                        items.Add(item);
                        continue;
                    }
                    if (state.Location > start)
                    {
                        result = default;
                        return false;
                    }
                    TruncateTo(ref expecteds, mark);
                    break;
                }
                result = Pending<T>.Take(items, itemsStart);
                return true;
            }
            finally
            {
                if (items.Count > itemsStart) Pending<T>.Drop(items, itemsStart);
            }
        }
    }

    private sealed class SeparatedParser<T>(Parser<Token, T> parser, KindSet first, TokenKind separator) : Parser<Token, ImmutableArray<T>>
    {
        private readonly KindSet _separator = KindSet.Of(separator);

        public override bool TryParse(ref ParseState<Token> state, ref PooledList<Expected<Token>> expecteds, [MaybeNullWhen(false)] out ImmutableArray<T> result)
        {
            result = ImmutableArray<T>.Empty;
            if (!NextIs(ref state, first)) return true;
            long start = state.Location;
            int mark = expecteds.Count;
            if (!parser.TryParse(ref state, ref expecteds, out var item))
            {
                if (state.Location > start) return false;
                TruncateTo(ref expecteds, mark);
                return true;
            }
            TruncateTo(ref expecteds, mark);
            if (!NextIs(ref state, _separator))
            {
                result = ImmutableCollectionsMarshal.AsImmutableArray(new[] { item });
                return true;
            }
            var items = Pending<T>.Items;
            int itemsStart = items.Count;
            try
            {
                items.Add(item);
                while (NextIs(ref state, _separator))
                {
                    state.Advance(); // the separator; the item after it fails after consuming, if it fails
                    if (!parser.TryParse(ref state, ref expecteds, out item))
                    {
                        result = default;
                        return false;
                    }
                    TruncateTo(ref expecteds, mark);
                    items.Add(item);
                }
                result = Pending<T>.Take(items, itemsStart);
                return true;
            }
            finally
            {
                if (items.Count > itemsStart) Pending<T>.Drop(items, itemsStart);
            }
        }
    }

    private sealed class LabelledParser<T>(Parser<Token, T> parser, string label) : Parser<Token, T>
    {
        private readonly Expected<Token> _expected = new(label);

        public override bool TryParse(ref ParseState<Token> state, ref PooledList<Expected<Token>> expecteds, [MaybeNullWhen(false)] out T result)
        {
            int mark = expecteds.Count;
            bool success = parser.TryParse(ref state, ref expecteds, out result);
            TruncateTo(ref expecteds, mark);
            if (!success) expecteds.Add(_expected);
            return success;
        }
    }

    private sealed class FoldParser<T, TStep>(Parser<Token, T> seed, KindSet stepFirst, Parser<Token, TStep> step, Func<T, TStep, T> fold) : Parser<Token, T>
    {
        public override bool TryParse(ref ParseState<Token> state, ref PooledList<Expected<Token>> expecteds, [MaybeNullWhen(false)] out T result)
        {
            if (!seed.TryParse(ref state, ref expecteds, out result)) return false;
            int mark = expecteds.Count;
            while (NextIs(ref state, stepFirst))
            {
                long start = state.Location;
                if (step.TryParse(ref state, ref expecteds, out var next))
                {
                    if (state.Location <= start) throw new InvalidOperationException("Many() used with a parser which consumed no input");
                    TruncateTo(ref expecteds, mark);
                    result = fold(result, next);
                    continue;
                }
                if (state.Location > start)
                {
                    result = default;
                    return false;
                }
                TruncateTo(ref expecteds, mark);
                return true;
            }
            return true;
        }
    }

    private sealed class ItemsParser<T>(Parser<Token, T> item) : Parser<Token, ImmutableArray<T>>
    {
        private static readonly KindSet s_end = KindSet.Of(TokenKind.RBrace, TokenKind.EndOfFile);

        public override bool TryParse(ref ParseState<Token> state, ref PooledList<Expected<Token>> expecteds, [MaybeNullWhen(false)] out ImmutableArray<T> result)
        {
            var context = ParseContext.Current;
            int outerItemStart = context.ItemStart;
            var items = Pending<T>.Items;
            int itemsStart = items.Count;
            int mark = expecteds.Count;
            try
            {
                while (true)
                {
                    var next = state.LookAhead(1);
                    if (next.Length == 0 || s_end.Contains(next[0].Kind)) break;
                    long start = state.Location;
                    context.ItemStart = (int)start;
                    if (!item.TryParse(ref state, ref expecteds, out var value))
                    {
                        if (state.Location > start)
                        {
                            result = default;
                            return false;
                        }
                        TruncateTo(ref expecteds, mark);
                        break;
                    }
                    if (state.Location <= start) throw new InvalidOperationException("Many() used with a parser which consumed no input");
                    TruncateTo(ref expecteds, mark);
                    items.Add(value);
                }
                result = Pending<T>.Take(items, itemsStart);
                return true;
            }
            finally
            {
                context.ItemStart = outerItemStart;
                if (items.Count > itemsStart) Pending<T>.Drop(items, itemsStart);
            }
        }
    }

    private sealed class InfixParser<T>(Parser<Token, T> operand, KindSet operators, string label,
        Func<TokenKind, int> precedence, Func<Token, T, T, T> combine) : Parser<Token, T>
    {
        // Shared by all chains on this thread; a chain uses the part above where the stacks stood when it began.
        [ThreadStatic] private static List<T>? t_operands;
        [ThreadStatic] private static List<Token>? t_operators;

        private readonly Parser<Token, Token> _operator = Kind(operators, label);

        public override bool TryParse(ref ParseState<Token> state, ref PooledList<Expected<Token>> expecteds, [MaybeNullWhen(false)] out T result)
        {
            if (!operand.TryParse(ref state, ref expecteds, out result)) return false;
            if (!NextIs(ref state, operators)) return true;
            var operands = t_operands ??= new List<T>();
            var ops = t_operators ??= new List<Token>();
            int operandBase = operands.Count;
            int operatorBase = ops.Count;
            try
            {
                operands.Add(result);
                int mark = expecteds.Count;
                while (NextIs(ref state, operators))
                {
                    _operator.TryParse(ref state, ref expecteds, out var op);
                    if (!operand.TryParse(ref state, ref expecteds, out var right))
                    {
                        result = default;
                        return false; // after the operator: a failure after consuming input
                    }
                    TruncateTo(ref expecteds, mark);
                    int level = precedence(op.Kind);
                    while (ops.Count > operatorBase && precedence(ops[^1].Kind) >= level) Reduce(operands, ops);
                    ops.Add(op);
                    operands.Add(right);
                }
                while (ops.Count > operatorBase) Reduce(operands, ops);
                result = operands[operandBase];
                return true;
            }
            finally
            {
                operands.RemoveRange(operandBase, operands.Count - operandBase);
                ops.RemoveRange(operatorBase, ops.Count - operatorBase);
            }
        }

        private void Reduce(List<T> operands, List<Token> ops)
        {
            var op = ops[^1];
            ops.RemoveAt(ops.Count - 1);
            var right = operands[^1];
            operands.RemoveAt(operands.Count - 1);
            operands[^1] = combine(op, operands[^1], right);
        }
    }

    private sealed class CheckParser<T>(Parser<Token, T> parser, Func<T, string?> message) : Parser<Token, T>
    {
        public override bool TryParse(ref ParseState<Token> state, ref PooledList<Expected<Token>> expecteds, [MaybeNullWhen(false)] out T result)
        {
            if (!parser.TryParse(ref state, ref expecteds, out result)) return false;
            if (message(result) is not { } failure) return true;
            state.SetError(Pidgin.Maybe.Nothing<Token>(), false, state.Location, failure);
            expecteds.Add(s_failExpected);
            result = default;
            return false;
        }
    }
}

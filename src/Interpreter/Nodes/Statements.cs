using DriverScript.Language.Binding;
using DriverScript.Language.Text;

namespace DriverScript.Interpreter.Nodes;

/// <summary>How a statement ended.</summary>
internal enum Completion : byte { Normal, Break, Continue, Return }

/// <summary>A prepared statement. Steps (§11) are counted per statement by blocks and per iteration by loops.</summary>
internal abstract class Stmt(SourceSpan span)
{
    public SourceSpan Span { get; } = span;

    public abstract Completion Execute(ScriptFrame f);
}

internal sealed class Block(SourceSpan span, Stmt[] statements) : Stmt(span)
{
    private readonly Stmt[] _statements = statements;

    public override Completion Execute(ScriptFrame f)
    {
        var ctx = f.Execution;
        foreach (var statement in _statements)
        {
            if (--ctx.Budget < 0) ctx.OnBudgetExhausted(statement.Span);
            var completion = statement.Execute(f);
            if (completion != Completion.Normal) return completion;
        }
        return Completion.Normal;
    }
}

internal sealed class ExpressionStatement(SourceSpan span, Expr expression) : Stmt(span)
{
    private readonly Expr _expression = expression;

    public override Completion Execute(ScriptFrame f)
    {
        _expression.Exec(f);
        return Completion.Normal;
    }
}

internal sealed class If(SourceSpan span, Expr[] conditions, Stmt[] bodies, Stmt? otherwise) : Stmt(span)
{
    private readonly Expr[] _conditions = conditions;
    private readonly Stmt[] _bodies = bodies;
    private readonly Stmt? _else = otherwise;

    public override Completion Execute(ScriptFrame f)
    {
        for (int i = 0; i < _conditions.Length; i++)
            if (_conditions[i].EvalBool(f)) return _bodies[i].Execute(f);
        return _else is null ? Completion.Normal : _else.Execute(f);
    }
}

/// <summary><c>if c { }</c> with one clause and no else: the common case, one node.</summary>
internal sealed class IfThen(SourceSpan span, Expr condition, Stmt body) : Stmt(span)
{
    private readonly Expr _condition = condition;
    private readonly Stmt _body = body;

    public override Completion Execute(ScriptFrame f) => _condition.EvalBool(f) ? _body.Execute(f) : Completion.Normal;
}

internal sealed class IfElse(SourceSpan span, Expr condition, Stmt then, Stmt otherwise) : Stmt(span)
{
    private readonly Expr _condition = condition;
    private readonly Stmt _then = then;
    private readonly Stmt _else = otherwise;

    public override Completion Execute(ScriptFrame f) => _condition.EvalBool(f) ? _then.Execute(f) : _else.Execute(f);
}

internal sealed class While(SourceSpan span, Expr condition, Stmt body) : Stmt(span)
{
    private readonly Expr _condition = condition;
    private readonly Stmt _body = body;

    public override Completion Execute(ScriptFrame f)
    {
        var ctx = f.Execution;
        while (_condition.EvalBool(f))
        {
            var completion = _body.Execute(f);
            if (completion == Completion.Break) break;
            if (completion == Completion.Return) return completion;
            if (--ctx.Budget < 0) ctx.OnBudgetExhausted(Span); // the back-edge: `while true {}` is stopped too
        }
        return Completion.Normal;
    }
}

/// <summary><c>for i in a..b</c>: half-open, the end evaluated once; TC is the type's "less than".</summary>
internal sealed class ForRange<TC>(SourceSpan span, int slot, Expr start, Expr end, Stmt body) : Stmt(span) where TC : struct, ICompare
{
    private readonly int _slot = slot;
    private readonly Expr _start = start;
    private readonly Expr _end = end;
    private readonly Stmt _body = body;

    public override Completion Execute(ScriptFrame f)
    {
        var ctx = f.Execution;
        ulong end = _end.Eval(f);
        // The counter cannot wrap: it only grows while it is below the end, which fits the type.
        for (ulong i = _start.Eval(f); TC.Test(i, end); i = unchecked(i + 1))
        {
            Slots.Scalar(f, _slot) = i;
            var completion = _body.Execute(f);
            if (completion == Completion.Break) break;
            if (completion == Completion.Return) return completion;
            if (--ctx.Budget < 0) ctx.OnBudgetExhausted(Span);
        }
        return Completion.Normal;
    }
}

internal sealed class ForEachByte(SourceSpan span, int slot, Expr collection, Stmt body) : Stmt(span)
{
    private readonly int _slot = slot;
    private readonly Expr _collection = collection;
    private readonly Stmt _body = body;

    public override Completion Execute(ScriptFrame f)
    {
        var ctx = f.Execution;
        var bytes = (ScriptBytes)_collection.EvalRef(f)!;
        for (int i = 0; i < bytes.Length; i++)
        {
            Slots.Scalar(f, _slot) = bytes[i];
            var completion = _body.Execute(f);
            if (completion == Completion.Break) break;
            if (completion == Completion.Return) return completion;
            if (--ctx.Budget < 0) ctx.OnBudgetExhausted(Span);
        }
        return Completion.Normal;
    }
}

/// <summary><c>for x in list</c>: walks the live list by index, so elements pushed in the body are visited and popped ones are not.</summary>
internal sealed class ForEachElement(SourceSpan span, int slot, bool scalar, Expr collection, Stmt body) : Stmt(span)
{
    private readonly int _slot = slot;
    private readonly bool _scalar = scalar;
    private readonly Expr _collection = collection;
    private readonly Stmt _body = body;

    public override Completion Execute(ScriptFrame f)
    {
        var ctx = f.Execution;
        var list = (ScriptList)_collection.EvalRef(f)!;
        for (int i = 0; i < list.Count; i++)
        {
            if (_scalar) Slots.Scalar(f, _slot) = ((ScalarList)list).Items[i];
            else Slots.Ref(f, _slot) = ((RefList)list).Items[i];
            var completion = _body.Execute(f);
            if (completion == Completion.Break) break;
            if (completion == Completion.Return) return completion;
            if (--ctx.Budget < 0) ctx.OnBudgetExhausted(Span);
        }
        return Completion.Normal;
    }
}

/// <summary><c>match</c> on a scalar: arms tested in order; an arm with <c>_</c> matches anything.</summary>
internal sealed class MatchScalar(SourceSpan span, Expr subject, ulong[][] values, bool[] isDefault, Stmt[] bodies) : Stmt(span)
{
    private readonly Expr _subject = subject;
    private readonly ulong[][] _values = values;
    private readonly bool[] _isDefault = isDefault;
    private readonly Stmt[] _bodies = bodies;

    public override Completion Execute(ScriptFrame f)
    {
        ulong v = _subject.Eval(f);
        for (int arm = 0; arm < _bodies.Length; arm++)
        {
            if (_isDefault[arm] || Array.IndexOf(_values[arm], v) >= 0) return _bodies[arm].Execute(f);
        }
        return Completion.Normal;
    }
}

internal sealed class MatchString(SourceSpan span, Expr subject, string[][] values, bool[] isDefault, Stmt[] bodies) : Stmt(span)
{
    private readonly Expr _subject = subject;
    private readonly string[][] _values = values;
    private readonly bool[] _isDefault = isDefault;
    private readonly Stmt[] _bodies = bodies;

    public override Completion Execute(ScriptFrame f)
    {
        var v = (string)_subject.EvalRef(f)!;
        for (int arm = 0; arm < _bodies.Length; arm++)
        {
            if (_isDefault[arm]) return _bodies[arm].Execute(f);
            foreach (var candidate in _values[arm])
                if (string.Equals(candidate, v, StringComparison.Ordinal)) return _bodies[arm].Execute(f);
        }
        return Completion.Normal;
    }
}

internal sealed class Break(SourceSpan span) : Stmt(span)
{
    public override Completion Execute(ScriptFrame f) => Completion.Break;
}

internal sealed class Continue(SourceSpan span) : Stmt(span)
{
    public override Completion Execute(ScriptFrame f) => Completion.Continue;
}

internal sealed class ReturnVoid(SourceSpan span) : Stmt(span)
{
    public override Completion Execute(ScriptFrame f) => Completion.Return;
}

internal sealed class ReturnScalar(SourceSpan span, Expr value) : Stmt(span)
{
    private readonly Expr _value = value;

    public override Completion Execute(ScriptFrame f)
    {
        f.ReturnScalar = _value.Eval(f);
        return Completion.Return;
    }
}

internal sealed class ReturnRef(SourceSpan span, Expr value) : Stmt(span)
{
    private readonly Expr _value = value;

    public override Completion Execute(ScriptFrame f)
    {
        f.ReturnRef = _value.EvalRef(f);
        return Completion.Return;
    }
}

// ------------------------------------------------------------------ statements handed to the runtime

internal sealed class With(RuntimeSite<BoundWith> site, Expr @lock, Stmt body) : Stmt(site.Span)
{
    private readonly RuntimeSite<BoundWith> _site = site;
    private readonly Expr _lock = @lock;
    private readonly Stmt _body = body;

    public override Completion Execute(ScriptFrame f)
    {
        var runtime = f.Execution.Runtime;
        var token = runtime.EnterLock(_site, f, _lock.EvalValue(f));
        try
        {
            return _body.Execute(f);
        }
        finally
        {
            runtime.ExitLock(_site, f, token);
        }
    }
}

/// <summary><c>after d { }</c>: the body runs later over a snapshot of this frame.</summary>
internal sealed class After(RuntimeSite<BoundAfter> site, Expr delay, Stmt body) : Stmt(site.Span)
{
    private readonly RuntimeSite<BoundAfter> _site = site;
    private readonly Expr _delay = delay;
    private readonly Stmt _body = body;

    public override Completion Execute(ScriptFrame f)
    {
        ulong delay = _delay.Eval(f);
        f.Execution.Runtime.ScheduleAfter(_site, f, delay, new ScriptContinuation(_body, f.Snapshot()));
        return Completion.Normal;
    }
}

internal sealed class Pulse(RuntimeSite<BoundPulse> site) : Stmt(site.Span)
{
    private readonly RuntimeSite<BoundPulse> _site = site;

    public override Completion Execute(ScriptFrame f)
    {
        f.Execution.Runtime.Pulse(_site, f);
        return Completion.Normal;
    }
}

internal sealed class ExpectBugcheck(RuntimeSite<BoundExpectBugcheck> site, Expr code, Stmt body) : Stmt(site.Span)
{
    private readonly RuntimeSite<BoundExpectBugcheck> _site = site;
    private readonly Expr _code = code;
    private readonly Stmt _body = body;

    public override Completion Execute(ScriptFrame f)
    {
        uint code = (uint)_code.Eval(f);
        f.Execution.Runtime.ExpectBugcheck(_site, f, code, new ScriptContinuation(_body, f));
        return Completion.Normal;
    }
}

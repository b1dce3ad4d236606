using System.Globalization;
using System.Text;

namespace DriverScript.Interpreter.Tests.Jit;

/// <summary>What a generated program is meant to do when it runs.</summary>
internal enum ProgramKind
{
    /// <summary>Bounded loops and recursion: ends normally or with a run-time error (DS3xxx).</summary>
    Normal,

    /// <summary>Contains a loop that never ends; run with a small step limit, so it stops with DS4001.</summary>
    StepLimit,

    /// <summary>Recurses far deeper than its small recursion limit, so it stops with DS4002.</summary>
    DepthLimit,

    /// <summary>
    /// A <see cref="Normal"/> program run with a tiny step limit (sometimes also a tiny memory
    /// limit), so it stops wherever the count runs out: mid-function, at a loop's back-edge, in a
    /// call (DS4001, DS4003).
    /// </summary>
    Truncated,
}

/// <summary>A top-level function of a generated program, with integer or bool parameters only (so C# can call it).</summary>
internal sealed record GeneratedFunction(string Name, IReadOnlyList<string> ParameterTypes, string? ReturnType, bool Recursive);

/// <summary>A call the comparison makes through <see cref="ScriptExecution.CallFunction"/>: arguments as the script's bits.</summary>
internal sealed record GeneratedCall(string Function, IReadOnlyList<string> ParameterTypes, IReadOnlyList<ulong> Arguments);

/// <summary>One generated program: its text, its limits, and the direct function calls to compare besides the top level.</summary>
internal sealed record GeneratedProgram(int Seed, ProgramKind Kind, string Text, ScriptLimits Limits,
    IReadOnlyList<GeneratedFunction> Functions, IReadOnlyList<GeneratedCall> Calls)
{
    public override string ToString() => $"seed {Seed} ({Kind})";
}

/// <summary>
/// A seeded generator of random, well-typed DriverScript programs for differential testing of the
/// execution tiers (issue 6, item 4). Every expression is built for an exact static type, so the
/// front end accepts every program (a test checks that). Loops are bounded by counters the body
/// never assigns, recursion by a depth argument, and calls by a static cost estimate, so a
/// <see cref="ProgramKind.Normal"/> program ends; values are drawn mostly from each type's edges
/// (0, 1, -1, the maximum, the minimum, the width...), so wrap-around, division by zero, indexes
/// out of range and shifts by the width or more happen regularly.
/// </summary>
internal sealed class ProgramGenerator
{
    public static readonly string[] IntTypes = { "u8", "u16", "u32", "u64", "i32", "i64" };

    /// <summary>A rough bound on the steps one function (with what it calls) may take.</summary>
    private const long MaxFunctionCost = 6_000;

    /// <summary>A rough bound on the steps the top level may take.</summary>
    private const long MaxTopLevelCost = 20_000;

    private readonly Random _rng;
    private readonly int _seed;
    private readonly StringBuilder _out = new();
    private readonly List<Fn> _functions = new();
    private readonly List<Var> _constants = new();
    private int _names;

    /// <summary>
    /// Parentheses only where precedence needs them (LANGUAGE.md §4), for some programs, so the
    /// parser's precedence climbing is exercised too; the others parenthesize every operation.
    /// </summary>
    private bool _minimalParentheses;

    /// <summary>The precedence level of each operation's text (§4's table: 1 <c>||</c> ... 11 unary, 12 <c>as</c>); absent: an atom.</summary>
    private readonly Dictionary<string, int> _levels = new(StringComparer.Ordinal);

    private ProgramGenerator(int seed)
    {
        _seed = seed;
        _rng = new Random(seed);
    }

    /// <summary>The program for <paramref name="seed"/>: the same seed always gives the same text.</summary>
    public static GeneratedProgram Generate(int seed) => new ProgramGenerator(seed).Build();

    // ------------------------------------------------------------------ model

    private sealed class Var(string name, string type, bool mutable)
    {
        public string Name { get; } = name;
        public string Type { get; } = type;
        public bool Mutable { get; } = mutable;

        /// <summary>A loop counter or a list being iterated: read, never assigned or resized.</summary>
        public bool Frozen { get; set; }
    }

    private sealed class Fn(string name, List<Var> parameters, string? returnType, bool recursive)
    {
        public string Name { get; } = name;
        public List<Var> Parameters { get; } = parameters;
        public string? ReturnType { get; } = returnType;
        public bool Recursive { get; } = recursive;
        public long Cost { get; set; }
        public bool Spins { get; set; }
    }

    /// <summary>The body being generated: its scopes, loops and cost so far.</summary>
    private sealed class Body
    {
        public List<List<Var>> Scopes { get; } = new() { new List<Var>() };
        public Fn? Function { get; init; }
        public string? ReturnType => Function?.ReturnType;
        public bool TopLevel => Function is null;
        public int Loops { get; set; }
        public long Multiplier { get; set; } = 1;
        public long Cost { get; set; }
        public long MaxCost { get; init; }

        public IEnumerable<Var> Visible => Scopes.SelectMany(s => s);
    }

    // ------------------------------------------------------------------ randomness

    private int Next(int max) => _rng.Next(max);

    private bool Chance(double p) => _rng.NextDouble() < p;

    private T Pick<T>(IReadOnlyList<T> items) => items[_rng.Next(items.Count)];

    private string NewName(string prefix) => prefix + (_names++).ToString(CultureInfo.InvariantCulture);

    private static bool IsSigned(string t) => t is "i32" or "i64";

    private static bool IsInt(string t) => Array.IndexOf(IntTypes, t) >= 0;

    public static int Width(string t) => t switch { "u8" => 8, "u16" => 16, "u32" or "i32" => 32, _ => 64 };

    /// <summary>The types <paramref name="t"/> widens to implicitly (LANGUAGE.md §3).</summary>
    private static readonly Dictionary<string, string[]> s_narrower = new()
    {
        ["u8"] = Array.Empty<string>(),
        ["u16"] = new[] { "u8" },
        ["u32"] = new[] { "u8", "u16" },
        ["u64"] = new[] { "u8", "u16", "u32" },
        ["i32"] = Array.Empty<string>(),
        ["i64"] = new[] { "i32", "u8", "u16", "u32" },
    };

    /// <summary>An edge value of <paramref name="t"/> (as its exact value), now and then a random one.</summary>
    private Int128 EdgeValue(string t)
    {
        int w = Width(t);
        Int128 max = IsSigned(t) ? (Int128.One << (w - 1)) - 1 : (Int128.One << w) - 1;
        Int128 min = IsSigned(t) ? -(Int128.One << (w - 1)) : 0;
        switch (Next(16))
        {
            case 0: return 0;
            case 1: return 1;
            case 2: return 2;
            case 3: return max;
            case 4: return max - 1;
            case 5: return IsSigned(t) ? min : max >> 1;
            case 6: return IsSigned(t) ? min + 1 : (max >> 1) + 1;
            case 7: return IsSigned(t) ? -1 : 3;
            case 8: return w;
            case 9: return w - 1;
            case 10: return IsSigned(t) ? -2 : 7;
            case 11: return 0x5A;
            case 12: return Next(10);
            case 13: return Next(100);
            default:
            {
                ulong bits = (ulong)_rng.NextInt64() ^ ((ulong)_rng.NextInt64() << 1);
                Int128 v = (Int128)(bits & (ulong)(max - min));
                return min + (v % (max - min + 1));
            }
        }
    }

    private static string LiteralText(Int128 value) => value < 0
        ? "-" + (-value).ToString(CultureInfo.InvariantCulture)
        : value.ToString(CultureInfo.InvariantCulture);

    /// <summary>A literal of exactly type <paramref name="t"/>: <c>(200 as u8)</c>, <c>((-1) as i32)</c>.</summary>
    private string TypedLiteral(string t)
    {
        var v = EdgeValue(t);
        return v < 0 ? $"(({LiteralText(v)}) as {t})" : $"({LiteralText(v)} as {t})";
    }

    /// <summary>A bare literal whose type comes from its context: it must fit <paramref name="t"/>.</summary>
    private string BareLiteral(string t)
    {
        string text = LiteralText(EdgeValue(t));
        return text.StartsWith('-') ? Register(text, 11) : text;
    }

    /// <summary>The value as the 64 bits the runtime keeps for <paramref name="t"/>.</summary>
    public static ulong Bits(Int128 value, string t)
    {
        ulong bits = (ulong)(value & ulong.MaxValue);
        return t switch
        {
            "bool" => bits & 1,
            "u8" => bits & 0xFF,
            "u16" => bits & 0xFFFF,
            "u32" => bits & 0xFFFF_FFFF,
            "i32" => unchecked((ulong)(long)(int)(uint)bits),
            _ => bits,
        };
    }

    // ------------------------------------------------------------------ program

    private GeneratedProgram Build()
    {
        var kind = Next(100) switch { < 66 => ProgramKind.Normal, < 80 => ProgramKind.Truncated, < 94 => ProgramKind.StepLimit, _ => ProgramKind.DepthLimit };
        _minimalParentheses = Chance(0.4);
        _out.Append("// generated program, seed ").Append(_seed).Append(", ").Append(kind).Append('\n');

        int constants = 1 + Next(3);
        for (int i = 0; i < constants; i++)
        {
            string t = Pick(IntTypes);
            var c = new Var(NewName("K"), t, false);
            _out.Append($"const {c.Name}: {t} = {BareLiteral(t)};\n");
            _constants.Add(c);
        }

        int functions = 2 + Next(3);
        int spinner = kind == ProgramKind.StepLimit ? Next(functions) : -1;
        for (int i = 0; i < functions; i++)
        {
            bool recursive = kind == ProgramKind.DepthLimit ? i == 0 : Chance(0.3);
            GenerateFunction(recursive, spin: i == spinner);
        }

        var top = new Body { MaxCost = MaxTopLevelCost };
        int globals = 1 + Next(3);
        for (int i = 0; i < globals; i++) Declaration(top, 0, global: true);
        int statements = 2 + Next(4);
        for (int i = 0; i < statements; i++) Statement(top, 0, 2);
        // Each function's value once; a spinner last, as the step limit stops the run there.
        foreach (var f in _functions.OrderBy(f => f.Spins))
        {
            if (f.ReturnType is null) continue;
            if (top.Cost + f.Cost > top.MaxCost && !f.Spins) continue;
            top.Cost += f.Cost;
            _out.Append($"print({CallText(top, f, 1, allowLarge: false)});\n");
        }
        if (kind == ProgramKind.DepthLimit)
        {
            var r = _functions.First(f => f.Recursive);
            _out.Append($"print({r.Name}({1000 + Next(100_000)}{string.Concat(r.Parameters.Skip(1).Select(p => ", " + Slot(top, p.Type, 1)))}));\n");
        }

        var limits = kind switch
        {
            ProgramKind.StepLimit => ScriptLimits.Default with { MaxSteps = 2_000 + Next(6_000), MaxDepth = 200 },
            ProgramKind.DepthLimit => ScriptLimits.Default with { MaxSteps = 1_000_000, MaxDepth = 20 + Next(60) },
            ProgramKind.Truncated => ScriptLimits.Default with
            {
                MaxSteps = 1 + Next(Chance(0.5) ? 60 : 400), MaxDepth = 200, MaxMemoryBytes = Chance(0.3) ? 64 + Next(400) : 1L << 30,
            },
            _ => ScriptLimits.Default with { MaxSteps = 400_000, MaxDepth = 200 },
        };

        var signatures = _functions.Select(f => new GeneratedFunction(f.Name, f.Parameters.Select(p => p.Type).ToArray(), f.ReturnType, f.Recursive)).ToArray();
        var calls = new List<GeneratedCall>();
        int callCount = 2 + Next(5);
        for (int i = 0; i < callCount; i++)
        {
            var f = Pick(_functions);
            var args = new List<ulong>();
            foreach (var p in f.Parameters)
            {
                if (f.Recursive && args.Count == 0 && p.Type == "u32")
                    args.Add(kind == ProgramKind.DepthLimit && Chance(0.5) ? (ulong)(100 + Next(1000)) : (ulong)Next(13));
                else args.Add(p.Type == "bool" ? (ulong)Next(2) : Bits(EdgeValue(p.Type), p.Type));
            }
            calls.Add(new GeneratedCall(f.Name, f.Parameters.Select(p => p.Type).ToArray(), args));
        }
        return new GeneratedProgram(_seed, kind, _out.ToString(), limits, signatures, calls);
    }

    private void GenerateFunction(bool recursive, bool spin)
    {
        var parameters = new List<Var>();
        if (recursive) parameters.Add(new Var(NewName("n"), "u32", false));
        int count = Next(4);
        for (int i = 0; i < count; i++) parameters.Add(new Var(NewName("p"), Chance(0.85) ? Pick(IntTypes) : "bool", false));
        string? ret = recursive || spin || Chance(0.8) ? (Chance(0.85) ? Pick(IntTypes) : "bool") : null;
        var fn = new Fn(NewName(recursive ? "rec" : spin ? "spin" : "f"), parameters, ret, recursive) { Spins = spin };
        var body = new Body { Function = fn, MaxCost = MaxFunctionCost, Multiplier = recursive ? 13 : 1 };
        body.Scopes[0].AddRange(parameters);

        _out.Append($"fn {fn.Name}({string.Join(", ", parameters.Select(p => $"{p.Name}: {p.Type}"))})");
        if (ret is not null) _out.Append($" -> {ret}");
        _out.Append(" {\n");
        if (recursive)
        {
            var n = parameters[0];
            Line(1, $"if {n.Name} == 0 {{");
            Line(2, $"return {Slot(body, ret!, 2)};");
            Line(1, "}");
            int before = Next(3);
            for (int i = 0; i < before; i++) Statement(body, 1, 2);
            var rv = new Var(NewName("r"), ret!, false);
            var args = new List<string> { $"{n.Name} - 1" };
            args.AddRange(parameters.Skip(1).Select(p => Slot(body, p.Type, 2)));
            Line(1, $"let {rv.Name}: {ret} = {fn.Name}({string.Join(", ", args)});");
            body.Scopes[0].Add(rv);
            int after = Next(3);
            for (int i = 0; i < after; i++) Statement(body, 1, 2);
            Line(1, $"return {Slot(body, ret!, 3)};");
        }
        else
        {
            int statements = 2 + Next(4);
            for (int i = 0; i < statements; i++) Statement(body, 1, 2 + Next(2));
            if (spin) Spin(body, 1);
            else if (ret is not null) Line(1, $"return {Slot(body, ret, 3)};");
        }
        _out.Append("}\n");
        fn.Cost = body.Cost + 1;
        _functions.Add(fn);
    }

    /// <summary>A loop that does not end: <c>while true</c>, or a counter towards a bound out of reach.</summary>
    private void Spin(Body body, int indent)
    {
        var acc = new Var(NewName("acc"), body.ReturnType ?? "u64", true);
        Line(indent, $"var {acc.Name}: {acc.Type} = {Slot(body, acc.Type, 2)};");
        body.Scopes[^1].Add(acc);
        int shape = Next(3);
        var loopScope = new List<Var>();
        switch (shape)
        {
            case 0:
                Line(indent, "while true {");
                break;
            case 1:
            {
                var i = new Var(NewName("i"), "u64", true) { Frozen = true };
                Line(indent, $"var {i.Name}: u64 = 0;");
                body.Scopes[^1].Add(i);
                Line(indent, $"while {i.Name} < 0xFFFF_FFFF_FFFF {{");
                Line(indent + 1, $"{i.Name} += 1;");
                break;
            }
            default:
            {
                var i = new Var(NewName("i"), "u64", false) { Frozen = true };
                Line(indent, $"for {i.Name} in (0 as u64)..0x1_0000_0000_0000 {{");
                loopScope.Add(i);
                break;
            }
        }
        body.Scopes.Add(loopScope);
        body.Loops++;
        Line(indent + 1, $"{acc.Name} = {Slot(body, acc.Type, 3)};");
        int n = 1 + Next(3);
        for (int k = 0; k < n; k++) Statement(body, indent + 1, 2, noExit: true);
        body.Loops--;
        body.Scopes.RemoveAt(body.Scopes.Count - 1);
        Line(indent, "}");
        // `while true` without `break` ends every path; the other loops need a return after them.
        if (shape != 0) Line(indent, $"return {acc.Name};");
    }

    private void Line(int indent, string text) => _out.Append(' ', indent * 4).Append(text).Append('\n');

    // ------------------------------------------------------------------ precedence

    private int Level(string text) => _levels.TryGetValue(text, out int level) ? level : 100;

    /// <summary>Wraps <paramref name="text"/> in parentheses unless it is an atom.</summary>
    private string P(string text) => Level(text) == 100 ? text : "(" + text + ")";

    /// <summary>A binary operation at <paramref name="level"/> (all binary operators are left-associative).</summary>
    private string Binary(int level, string left, string op, string right)
    {
        if (!_minimalParentheses) return $"({left} {op} {right})";
        string l = Level(left) < level ? "(" + left + ")" : left;
        string r = Level(right) <= level ? "(" + right + ")" : right;
        return Register($"{l} {op} {r}", level);
    }

    private string Unary(string op, string operand)
    {
        if (!_minimalParentheses) return $"({op}{operand})";
        return Register(op + (Level(operand) <= 11 ? "(" + operand + ")" : operand), 11);
    }

    private string Cast(string operand, string t)
    {
        if (!_minimalParentheses) return $"({operand} as {t})";
        return Register($"{(Level(operand) < 12 ? "(" + operand + ")" : operand)} as {t}", 12);
    }

    private string Register(string text, int level)
    {
        _levels[text] = level;
        return text;
    }

    private static int LevelOf(string op) => op switch
    {
        "||" => 1, "&&" => 2, "==" or "!=" => 3, "<" or "<=" or ">" or ">=" => 4, "|" => 5, "^" => 6, "&" => 7, "<<" or ">>" => 8,
        "+" or "-" => 9, _ => 10,
    };

    // ------------------------------------------------------------------ statements

    private void Statement(Body body, int indent, int depth, bool noExit = false)
    {
        body.Cost += body.Multiplier;
        int roll = Next(100);
        if (depth <= 0 && roll >= 40 && roll < 75) roll = Next(40);
        switch (roll)
        {
            case < 14: Declaration(body, indent, global: false); return;
            case < 30: Assignment(body, indent); return;
            case < 38: Print(body, indent); return;
            case < 40: Collection(body, indent); return;
            case < 52: If(body, indent, depth, noExit); return;
            case < 60: While(body, indent, depth, noExit); return;
            case < 68: For(body, indent, depth, noExit); return;
            case < 75: Match(body, indent, depth, noExit); return;
            case < 84: ListStatement(body, indent); return;
            case < 90: CallStatement(body, indent); return;
            case < 94: TextStatement(body, indent); return;
            default: Declaration(body, indent, global: false); return;
        }
    }

    private void Block(Body body, int indent, int depth, int count, bool noExit, string? exit = null)
    {
        body.Scopes.Add(new List<Var>());
        for (int i = 0; i < count; i++) Statement(body, indent, depth - 1, noExit);
        if (exit is not null) Line(indent, exit);
        body.Scopes.RemoveAt(body.Scopes.Count - 1);
    }

    private void Declaration(Body body, int indent, bool global)
    {
        string t = Chance(0.85) ? Pick(IntTypes) : "bool";
        bool mutable = Chance(0.6);
        var v = new Var(NewName(global ? "g" : mutable ? "v" : "c"), t, mutable);
        string keyword = mutable ? "var" : "let";
        if (Chance(0.3)) Line(indent, $"{keyword} {v.Name} = {(t == "bool" ? Bool(body, 2) : Int(body, t, 2))};");
        else Line(indent, $"{keyword} {v.Name}: {t} = {Slot(body, t, 2)};");
        body.Scopes[^1].Add(v);
    }

    private static readonly string[] s_compound = { "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=", "<<=", ">>=" };

    private void Assignment(Body body, int indent)
    {
        var targets = body.Visible.Where(v => v.Mutable && !v.Frozen && (IsInt(v.Type) || v.Type == "bool")).ToList();
        if (targets.Count == 0)
        {
            Declaration(body, indent, global: false);
            return;
        }
        var v = Pick(targets);
        if (v.Type == "bool" || Chance(0.35))
        {
            Line(indent, $"{v.Name} = {(v.Type == "bool" ? Bool(body, 2) : Slot(body, v.Type, 2))};");
            return;
        }
        string op = Pick(s_compound);
        string value = op switch
        {
            "<<=" or ">>=" => ShiftCount(body, 1),
            "/=" or "%=" => Divisor(body, v.Type, 1),
            _ => Slot(body, v.Type, 2),
        };
        Line(indent, $"{v.Name} {op} {value};");
    }

    private void Print(Body body, int indent)
    {
        int n = 1 + Next(2);
        var args = new List<string>();
        for (int i = 0; i < n; i++) args.Add(AnyValue(body, 2));
        Line(indent, $"print({string.Join(", ", args)});");
    }

    private string AnyValue(Body body, int depth) => Next(10) switch
    {
        < 7 => Int(body, Pick(IntTypes), depth),
        < 9 => Bool(body, depth),
        _ => body.Visible.FirstOrDefault(v => v.Type.StartsWith("list<", StringComparison.Ordinal) || v.Type is "string" or "bytes") is { } c ? c.Name : Int(body, "u32", depth),
    };

    private void If(Body body, int indent, int depth, bool noExit)
    {
        Line(indent, $"if {Bool(body, 2)} {{");
        Block(body, indent + 1, depth, 1 + Next(2), noExit, ExitStatement(body, noExit));
        int elseIfs = Chance(0.4) ? 1 + Next(2) : 0;
        for (int i = 0; i < elseIfs; i++)
        {
            Line(indent, $"}} else if {Bool(body, 2)} {{");
            Block(body, indent + 1, depth, 1 + Next(2), noExit, ExitStatement(body, noExit));
        }
        if (Chance(0.5))
        {
            Line(indent, "} else {");
            Block(body, indent + 1, depth, 1 + Next(2), noExit, ExitStatement(body, noExit));
        }
        Line(indent, "}");
    }

    /// <summary>Now and then a <c>break</c>, <c>continue</c> or <c>return</c> to end a block with.</summary>
    private string? ExitStatement(Body body, bool noExit)
    {
        if (noExit || !Chance(0.3)) return null;
        var options = new List<string>();
        if (body.Loops > 0) { options.Add("break;"); options.Add("continue;"); }
        if (!body.TopLevel && !body.Function!.Spins)
            options.Add(body.ReturnType is null ? "return;" : $"return {Slot(body, body.ReturnType, 2)};");
        return options.Count == 0 ? null : Pick(options);
    }

    /// <summary>How many times a loop may run: small, so nested loops and calls stay cheap.</summary>
    private int LoopBound() => Next(10) switch { < 3 => 1 + Next(3), < 8 => 3 + Next(5), _ => 8 + Next(9) };

    private void While(Body body, int indent, int depth, bool noExit)
    {
        int bound = LoopBound();
        var counter = new Var(NewName("w"), Pick(new[] { "u32", "u8", "i32", "i64", "u64" }), true) { Frozen = true };
        bool down = Chance(0.4);
        string condition = down ? $"{counter.Name} > 0" : $"{counter.Name} < {bound}";
        if (Chance(0.3)) condition += $" && {P(Bool(body, 1))}";
        Line(indent, $"var {counter.Name}: {counter.Type} = {(down ? bound : 0)};");
        body.Scopes[^1].Add(counter);
        Line(indent, $"while {condition} {{");
        Line(indent + 1, $"{counter.Name} {(down ? "-=" : "+=")} 1;");
        EnterLoop(body, bound);
        Block(body, indent + 1, depth, 1 + Next(2), noExit, ExitStatement(body, noExit));
        LeaveLoop(body, bound);
        Line(indent, "}");
    }

    private void For(Body body, int indent, int depth, bool noExit)
    {
        int bound = LoopBound();
        string t = Pick(IntTypes);
        var i = new Var(NewName("i"), t, false) { Frozen = true };
        string range;
        var mutableInts = body.Visible.Where(v => v.Mutable && !v.Frozen && IsInt(v.Type)).ToList();
        switch (Next(5))
        {
            case 0:
                range = $"0..{bound}";
                break;
            case 4 when mutableInts.Count > 0:
                // The end is a variable the body may change: the range is evaluated once, before the loop.
                range = $"0..({P(Cast(Pick(mutableInts).Name, "u32"))} % {bound + 1})";
                break;
            case 1:
            {
                // Near the top of the type: the end wraps or sits at the maximum.
                int w = Width(t);
                Int128 max = IsSigned(t) ? (Int128.One << (w - 1)) - 1 : (Int128.One << w) - 1;
                range = $"({LiteralText(max - bound)} as {t})..({LiteralText(max)} as {t})";
                break;
            }
            case 2 when IsSigned(t):
                range = $"((-{bound / 2 + 1}) as {t})..({bound / 2} as {t})";
                break;
            default:
            {
                var lo = new Var(NewName("lo"), t, false);
                Line(indent, $"let {lo.Name}: {t} = {Slot(body, t, 2)};");
                body.Scopes[^1].Add(lo);
                // lo + bound may wrap below lo: the range is then empty.
                range = $"{lo.Name}..({lo.Name} + ({bound} as {t}))";
                break;
            }
        }
        if (range.StartsWith("0..", StringComparison.Ordinal)) i = new Var(i.Name, "u32", false) { Frozen = true };
        Line(indent, $"for {i.Name} in {range} {{");
        body.Scopes.Add(new List<Var> { i });
        EnterLoop(body, bound);
        Block(body, indent + 1, depth, 1 + Next(2), noExit, ExitStatement(body, noExit));
        LeaveLoop(body, bound);
        body.Scopes.RemoveAt(body.Scopes.Count - 1);
        Line(indent, "}");
    }

    private static void EnterLoop(Body body, int bound)
    {
        body.Loops++;
        body.Multiplier *= bound + 1;
    }

    private static void LeaveLoop(Body body, int bound)
    {
        body.Loops--;
        body.Multiplier /= bound + 1;
    }

    private void Match(Body body, int indent, int depth, bool noExit)
    {
        string t = Pick(IntTypes);
        Line(indent, $"match {Int(body, t, 2)} {{");
        var used = new HashSet<string>();
        int arms = 1 + Next(4);
        for (int a = 0; a < arms; a++)
        {
            var patterns = new List<string>();
            int n = 1 + (Chance(0.3) ? 1 : 0);
            for (int k = 0; k < n; k++)
            {
                string p;
                var constant = _constants.Where(c => c.Type == t).ToList();
                p = constant.Count > 0 && Chance(0.2) ? Pick(constant).Name : BareLiteral(t);
                string key = p;
                if (constant.Count > 0 && constant.Any(c => c.Name == p)) key = "const:" + p;
                if (used.Add(key)) patterns.Add(p);
            }
            if (patterns.Count == 0) continue;
            Line(indent + 1, $"{string.Join(" | ", patterns)} => {{");
            Block(body, indent + 2, depth, 1 + Next(2), noExit, ExitStatement(body, noExit));
            Line(indent + 1, "}");
        }
        if (Chance(0.7))
        {
            Line(indent + 1, "_ => {");
            Block(body, indent + 2, depth, 1 + Next(2), noExit, null);
            Line(indent + 1, "}");
        }
        Line(indent, "}");
    }

    private List<Var> Lists(Body body) => body.Visible.Where(v => v.Type.StartsWith("list<", StringComparison.Ordinal)).ToList();

    private static string ElementType(Var list) => list.Type[5..^1];

    private void Collection(Body body, int indent)
    {
        string t = Chance(0.6) ? "u32" : Pick(IntTypes);
        var l = new Var(NewName("l"), $"list<{t}>", true);
        int n = Next(5);
        var items = Enumerable.Range(0, n).Select(_ => Slot(body, t, 1));
        Line(indent, $"var {l.Name}: list<{t}> = [{string.Join(", ", items)}];");
        body.Scopes[^1].Add(l);
    }

    private void ListStatement(Body body, int indent)
    {
        var lists = Lists(body);
        if (lists.Count == 0)
        {
            Collection(body, indent);
            return;
        }
        var l = Pick(lists);
        string t = ElementType(l);
        string index = Int(body, "u32", 1);
        switch (Next(8))
        {
            case 0 or 1 when !l.Frozen:
                Line(indent, $"{l.Name}.push({Slot(body, t, 2)});");
                return;
            case 2 when !l.Frozen:
                // pop of an empty list is DS3005
                if (Chance(0.6)) Line(indent, $"if len({l.Name}) > 0 {{ print({l.Name}.pop()); }}");
                else Line(indent, $"{l.Name}.pop();");
                return;
            case 3:
                // unguarded: out of range (DS3002) when the list is empty or short
                Line(indent, $"{l.Name}[{P(index)} % {4 + Next(6)}] = {Slot(body, t, 2)};");
                return;
            case 4:
                Line(indent, $"if len({l.Name}) > 0 {{ {l.Name}[{P(index)} % len({l.Name})] {Pick(new[] { "+=", "^=", "*=", "-=" })} {Slot(body, t, 1)}; }}");
                return;
            case 5 when !l.Frozen && body.Loops < 2:
            {
                var e = new Var(NewName("e"), t, false);
                Line(indent, $"for {e.Name} in {l.Name} {{");
                l.Frozen = true;
                body.Scopes.Add(new List<Var> { e });
                EnterLoop(body, 8);
                Block(body, indent + 1, 1, 1 + Next(2), noExit: false, ExitStatement(body, false));
                LeaveLoop(body, 8);
                body.Scopes.RemoveAt(body.Scopes.Count - 1);
                l.Frozen = false;
                Line(indent, "}");
                return;
            }
            default:
                Line(indent, $"print(len({l.Name}), {l.Name});");
                return;
        }
    }

    private void CallStatement(Body body, int indent)
    {
        var callees = Callable(body).ToList();
        if (callees.Count == 0)
        {
            Print(body, indent);
            return;
        }
        var f = Pick(callees);
        body.Cost += body.Multiplier * f.Cost;
        Line(indent, $"{CallText(body, f, 1, allowLarge: false)};");
    }

    private void TextStatement(Body body, int indent)
    {
        switch (Next(4))
        {
            case 0:
            {
                var s = new Var(NewName("s"), "string", true);
                Line(indent, $"var {s.Name}: string = \"{Pick(new[] { "", "a", "ab\\n", "xyz", "\\x41\\t" })}\";");
                Line(indent, $"{s.Name} = {s.Name} + \"{Pick(new[] { "q", "", "rs" })}\";");
                Line(indent, $"print({s.Name}, len({s.Name}), {s.Name} == \"a\");");
                body.Scopes[^1].Add(s);
                return;
            }
            case 1:
            {
                var b = new Var(NewName("b"), "bytes", false);
                Line(indent, $"let {b.Name}: bytes = b\"{Pick(new[] { "", "ab", "\\x00\\xff", "hello" })}\" + zeros({Next(3)}) + fill({Slot(body, "u8", 1)}, {Next(3)});");
                body.Scopes[^1].Add(b);
                Line(indent, $"print(len({b.Name}), {b.Name});");
                return;
            }
            case 2:
            {
                var b = body.Visible.Where(v => v.Type == "bytes").ToList();
                if (b.Count == 0) goto case 1;
                var bv = Pick(b);
                // index and slice may be out of range: DS3002 / DS3003
                Line(indent, $"print({bv.Name}[{P(Int(body, "u32", 1))} % {1 + Next(6)}]);");
                return;
            }
            default:
            {
                var b = body.Visible.Where(v => v.Type == "bytes").ToList();
                if (b.Count == 0) goto case 1;
                var bv = Pick(b);
                Line(indent, $"print({bv.Name}[{Next(3)}..{Next(6)}]);");
                return;
            }
        }
    }

    // ------------------------------------------------------------------ expressions

    /// <summary>The functions this body may call: those declared before it (never itself, never a spinner unless top level).</summary>
    private IEnumerable<Fn> Callable(Body body) =>
        _functions.Where(f => !f.Spins && body.Cost + body.Multiplier * f.Cost <= body.MaxCost);

    private string CallText(Body body, Fn f, int depth, bool allowLarge)
    {
        var args = new List<string>();
        foreach (var p in f.Parameters)
        {
            if (f.Recursive && args.Count == 0)
                args.Add(allowLarge ? "1000" : $"{P(Int(body, "u32", depth))} % 13");
            else args.Add(p.Type == "bool" ? Bool(body, depth) : Slot(body, p.Type, depth));
        }
        return $"{f.Name}({string.Join(", ", args)})";
    }

    /// <summary>
    /// A value for a place that converts it to <paramref name="t"/>: an exact-typed expression, a bare
    /// literal (typed by the context), or an expression of a type that widens to <paramref name="t"/>.
    /// </summary>
    private string Slot(Body body, string t, int depth)
    {
        if (t == "bool") return Bool(body, depth);
        int roll = Next(10);
        if (roll < 2) return BareLiteral(t);
        if (roll < 3 && s_narrower[t].Length > 0) return Int(body, Pick(s_narrower[t]), depth);
        return Int(body, t, depth);
    }

    /// <summary>A divisor: mostly made odd (so never 0, though -1 happens), sometimes raw (0 happens: DS3001).</summary>
    private string Divisor(Body body, string t, int depth) =>
        Chance(0.8) ? Binary(5, Int(body, t, depth), "|", "1") : Slot(body, t, depth);

    /// <summary>A shift count: of any integer type, mostly small, sometimes the width or more (or negative).</summary>
    private string ShiftCount(Body body, int depth) => Next(10) switch
    {
        < 5 => Next(66).ToString(CultureInfo.InvariantCulture),
        < 7 => TypedLiteral(Pick(IntTypes)),
        _ => Int(body, Pick(IntTypes), depth),
    };

    /// <summary>A variable, a constant, another integer variable converted, or a literal, of exactly type <paramref name="t"/>.</summary>
    private string Leaf(Body body, string t)
    {
        int roll = Next(20);
        if (roll < 12)
        {
            var vars = body.Visible.Where(v => v.Type == t).ToList();
            if (vars.Count > 0) return Pick(vars).Name;
        }
        if (roll < 16)
        {
            var others = body.Visible.Where(v => IsInt(v.Type)).ToList();
            if (others.Count > 0) return Cast(Pick(others).Name, t);
        }
        if (roll < 17)
        {
            var constants = _constants.Where(c => c.Type == t).ToList();
            if (constants.Count > 0) return Pick(constants).Name;
        }
        return TypedLiteral(t);
    }

    private static readonly string[] s_arithmetic = { "+", "-", "*", "/", "%", "&", "|", "^" };

    /// <summary>An expression of exactly type <paramref name="t"/>.</summary>
    private string Int(Body body, string t, int depth)
    {
        if (depth <= 0 || Chance(0.25)) return Leaf(body, t);
        int roll = Next(26);
        int production = roll switch { < 8 => 0, < 11 => 1, < 13 => 2, < 16 => 3, < 18 => 4, < 21 => 5, < 23 => 6, < 24 => 7, _ => 8 };
        switch (production)
        {
            case 0:
            {
                string op = Pick(s_arithmetic);
                string right = op is "/" or "%" ? Divisor(body, t, depth - 1) : Slot(body, t, depth - 1);
                return Binary(LevelOf(op), Int(body, t, depth - 1), op, right);
            }
            case 1:
                return Binary(8, Int(body, t, depth - 1), Chance(0.5) ? "<<" : ">>", ShiftCount(body, depth - 1));
            case 2:
                return Unary(IsSigned(t) && Chance(0.5) ? "-" : "~", Int(body, t, depth - 1));
            case 3:
                return Cast(Int(body, Pick(IntTypes), depth - 1), t);
            case 4:
                return $"{(Chance(0.5) ? "min" : "max")}({Int(body, t, depth - 1)}, {Slot(body, t, depth - 1)})";
            case 5:
            {
                var callees = Callable(body).Where(f => f.ReturnType == t).ToList();
                if (callees.Count == 0) goto case 0;
                var f = Pick(callees);
                body.Cost += body.Multiplier * f.Cost;
                return CallText(body, f, depth - 1, allowLarge: false);
            }
            case 6:
            {
                var lists = Lists(body).Where(l => ElementType(l) == t).ToList();
                if (lists.Count == 0) goto case 3;
                var l = Pick(lists);
                // in range unless the list is empty (then DS3001 from % 0, or DS3002)
                return Chance(0.7)
                    ? $"{l.Name}[{P(Int(body, "u32", depth - 1))} % (len({l.Name}) + 1)]"
                    : $"{l.Name}[{P(Int(body, "u32", depth - 1))} % len({l.Name})]";
            }
            case 7 when t == "u32":
            {
                var sized = body.Visible.Where(v => v.Type.StartsWith("list<", StringComparison.Ordinal) || v.Type is "string" or "bytes").ToList();
                if (sized.Count == 0) goto case 3;
                return $"len({Pick(sized).Name})";
            }
            case 7 when t == "u8":
            {
                var b = body.Visible.Where(v => v.Type == "bytes").ToList();
                if (b.Count == 0) goto case 3;
                return $"{Pick(b).Name}[{P(Int(body, "u32", depth - 1))} % 4]";
            }
            case 7:
                goto case 3;
            default:
                return $"({Int(body, t, depth - 1)})";
        }
    }

    private static readonly string[] s_comparisons = { "==", "!=", "<", "<=", ">", ">=" };

    private string Bool(Body body, int depth)
    {
        if (depth <= 0 || Chance(0.15))
        {
            var vars = body.Visible.Where(v => v.Type == "bool").ToList();
            if (vars.Count > 0 && Chance(0.7)) return Pick(vars).Name;
            if (Chance(0.3)) return Chance(0.5) ? "true" : "false";
            string ct = Pick(IntTypes);
            string cmp = Pick(s_comparisons);
            return Binary(LevelOf(cmp), Leaf(body, ct), cmp, Slot(body, ct, 0));
        }
        int roll = Next(12);
        switch (roll < 5 ? 0 : roll)
        {
            case 0:
            {
                string t = Pick(IntTypes);
                string cmp = Pick(s_comparisons);
                return Binary(LevelOf(cmp), Int(body, t, depth - 1), cmp, Slot(body, t, depth - 1));
            }
            case 5 or 6: return Binary(2, Bool(body, depth - 1), "&&", Bool(body, depth - 1));
            case 7 or 8: return Binary(1, Bool(body, depth - 1), "||", Bool(body, depth - 1));
            case 9: return Unary("!", Bool(body, depth - 1));
            case 10: return Binary(3, Bool(body, depth - 1), Chance(0.5) ? "==" : "!=", Bool(body, depth - 1));
            default:
            {
                var callees = Callable(body).Where(f => f.ReturnType == "bool").ToList();
                if (callees.Count == 0) goto case 0;
                var f = Pick(callees);
                body.Cost += body.Multiplier * f.Cost;
                return CallText(body, f, depth - 1, allowLarge: false);
            }
        }
    }
}

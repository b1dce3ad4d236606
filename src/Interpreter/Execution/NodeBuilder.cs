using DriverScript.Interpreter.Nodes;
using DriverScript.Language.Binding;
using DriverScript.Language.Symbols;
using DriverScript.Language.Text;

namespace DriverScript.Interpreter;

/// <summary>
/// Turns bound code into prepared nodes, once per body: every decision that depends on types,
/// operators, operand shapes or targets is taken here, so running a node never switches on a node
/// kind. The one place that knows which bound construct becomes which node.
/// </summary>
internal sealed class NodeBuilder
{
    private readonly PreparedProgram _program;
    private readonly int _frameSize;
    private readonly Dictionary<BoundNode, object>? _nodes;
    private int _temporaries;

    private NodeBuilder(PreparedProgram program, int frameSize, Dictionary<BoundNode, object>? nodes = null)
    {
        _program = program;
        _frameSize = frameSize;
        _nodes = nodes;
    }

    /// <summary>
    /// Prepares a body. A <paramref name="name"/>d body is tiered (LANGUAGE.md §12): its root is a
    /// <see cref="Jit.TieredBody"/> that runs the prepared nodes until the body is hot, then IL
    /// compiled from the same bound tree; the nodes made for each bound node are kept for the code
    /// the compiler leaves to the interpreter.
    /// </summary>
    public static PreparedCode BuildBody(PreparedProgram program, BoundBlock body, int frameSize, string? name = null)
    {
        var nodes = name is null ? null : new Dictionary<BoundNode, object>(ReferenceEqualityComparer.Instance);
        var builder = new NodeBuilder(program, frameSize, nodes);
        var root = builder.Block(body);
        int size = frameSize + builder._temporaries;
        if (nodes is null) return new PreparedCode(root, size);
        return new PreparedCode(new Jit.TieredBody(program, body, root, nodes, size, name!), size);
    }

    public static PreparedCode BuildExpression(PreparedProgram program, BoundExpression expression)
    {
        var builder = new NodeBuilder(program, 0);
        var root = builder.Expression(expression);
        return new PreparedCode(new ExpressionStatement(root.Span, root), builder._temporaries, root);
    }

    private static bool IsScalar(TypeSymbol type) => ValueLayout.IsScalar(type);

    private static SourceSpan SpanOf(BoundNode node) => node.Syntax.Span;

    private int Temporary() => _frameSize + _temporaries++;

    private int Slot(LocalSymbol local) =>
        local.Slot >= 0 && local.Slot < _frameSize ? local.Slot
            : throw new InvalidOperationException($"local '{local.Name}' has slot {local.Slot} outside its frame of {_frameSize}");

    // ================================================================== statements

    private Stmt Block(BoundBlock block)
    {
        var statements = new Stmt[block.Statements.Length];
        for (int i = 0; i < statements.Length; i++) statements[i] = Statement(block.Statements[i]);
        var node = new Nodes.Block(SpanOf(block), statements);
        if (_nodes is not null) _nodes[block] = node;
        return node;
    }

    private Stmt Statement(BoundStatement statement)
    {
        var node = StatementCore(statement);
        if (_nodes is not null) _nodes[statement] = node;
        return node;
    }

    private Stmt StatementCore(BoundStatement statement)
    {
        var span = SpanOf(statement);
        switch (statement)
        {
            case BoundBlock b: return Block(b);
            case BoundLocalDeclaration d:
            {
                var value = Expression(d.Initializer);
                int slot = Slot(d.Local);
                return IsScalar(d.Local.Type) ? new AssignLocalScalar(span, slot, value) : new AssignLocalRef(span, slot, value);
            }
            case BoundGlobalDeclaration g:
            {
                var value = Expression(g.Initializer);
                return IsScalar(g.Global.Type) ? new AssignGlobalScalar(span, g.Global.Slot, value) : new AssignGlobalRef(span, g.Global.Slot, value);
            }
            case BoundAssignment a: return Assign(span, a.Target, Expression(a.Value));
            case BoundCompoundAssignment c: return Compound(span, c);
            case BoundIf i: return If(span, i);
            case BoundWhile w: return new While(span, Expression(w.Condition), Block(w.Body));
            case BoundForRange r:
            {
                int slot = Slot(r.Variable);
                var start = Expression(r.Start);
                var end = Expression(r.End);
                var body = Block(r.Body);
                return r.Variable.Type.IsSignedInteger
                    ? new ForRange<LtS>(span, slot, start, end, body)
                    : new ForRange<LtU>(span, slot, start, end, body);
            }
            case BoundForEach e:
            {
                int slot = Slot(e.Variable);
                var collection = Expression(e.Collection);
                var body = Block(e.Body);
                return e.Collection.Type.Kind == TypeKind.Bytes
                    ? new ForEachByte(span, slot, collection, body)
                    : new ForEachElement(span, slot, IsScalar(e.Variable.Type), collection, body);
            }
            case BoundMatch m: return Match(span, m);
            case BoundWith w: return new With(new RuntimeSite<BoundWith>(w), Expression(w.Lock), Block(w.Body));
            case BoundAfter a: return new After(new RuntimeSite<BoundAfter>(a), Expression(a.Delay), Block(a.Body));
            case BoundPulse p: return new Nodes.Pulse(new RuntimeSite<BoundPulse>(p));
            case BoundExpect e: return Expect(span, e);
            case BoundExpectBugcheck e: return new Nodes.ExpectBugcheck(new RuntimeSite<BoundExpectBugcheck>(e), Expression(e.Code), Block(e.Body));
            case BoundBreak: return new Nodes.Break(span);
            case BoundContinue: return new Nodes.Continue(span);
            case BoundReturn r:
                if (r.Value is null) return new ReturnVoid(span);
                return IsScalar(r.Value.Type) ? new ReturnScalar(span, Expression(r.Value)) : new ReturnRef(span, Expression(r.Value));
            case BoundExpressionStatement e: return new ExpressionStatement(span, Expression(e.Expression));
            default: throw new InvalidOperationException($"cannot run a {statement.Kind} statement at {span}");
        }
    }

    private Stmt If(SourceSpan span, BoundIf i)
    {
        if (i.Clauses.Length == 1)
        {
            var condition = Expression(i.Clauses[0].Condition);
            var then = Block(i.Clauses[0].Body);
            return i.Else is null ? new IfThen(span, condition, then) : new IfElse(span, condition, then, Block(i.Else));
        }
        var conditions = new Expr[i.Clauses.Length];
        var bodies = new Stmt[i.Clauses.Length];
        for (int k = 0; k < conditions.Length; k++)
        {
            conditions[k] = Expression(i.Clauses[k].Condition);
            bodies[k] = Block(i.Clauses[k].Body);
        }
        return new Nodes.If(span, conditions, bodies, i.Else is null ? null : Block(i.Else));
    }

    private Stmt Match(SourceSpan span, BoundMatch m)
    {
        var subject = Expression(m.Subject);
        var isDefault = new bool[m.Arms.Length];
        var bodies = new Stmt[m.Arms.Length];
        for (int k = 0; k < bodies.Length; k++)
        {
            isDefault[k] = m.Arms[k].IsDefault;
            bodies[k] = Block(m.Arms[k].Body);
        }
        if (m.Subject.Type.Kind == TypeKind.String)
        {
            var strings = new string[m.Arms.Length][];
            for (int k = 0; k < strings.Length; k++) strings[k] = m.Arms[k].Values.Select(v => v.String!).ToArray();
            return new MatchString(span, subject, strings, isDefault, bodies);
        }
        var values = new ulong[m.Arms.Length][];
        for (int k = 0; k < values.Length; k++) values[k] = m.Arms[k].Values.Select(v => v.Bits).ToArray();
        return new MatchScalar(span, subject, values, isDefault, bodies);
    }

    private Stmt Expect(SourceSpan span, BoundExpect e)
    {
        var message = e.Message is null ? null : Expression(e.Message);
        switch (e.Condition)
        {
            case BoundBinary b when b.Operator is >= BoundBinaryOperatorKind.Equal and <= BoundBinaryOperatorKind.GreaterEqual:
                return new ExpectComparison(span, Expression(b.Left), Expression(b.Right), b.Operator, b.OperandType, message, e.ConditionText);
            case BoundOptionalTest t:
                return new ExpectNone(span, Expression(t.Operand), t.IsNoneTest, message, e.ConditionText);
            default:
                return new Nodes.Expect(span, Expression(e.Condition), message, e.ConditionText);
        }
    }

    // ------------------------------------------------------------------ assignments

    private Stmt Assign(SourceSpan span, BoundExpression target, Expr value)
    {
        switch (target)
        {
            case BoundLocalAccess l:
                return IsScalar(l.Type) ? new AssignLocalScalar(span, Slot(l.Local), value) : new AssignLocalRef(span, Slot(l.Local), value);
            case BoundGlobalAccess g:
                return IsScalar(g.Type) ? new AssignGlobalScalar(span, g.Global.Slot, value) : new AssignGlobalRef(span, g.Global.Slot, value);
            case BoundSelfField s:
                return IsScalar(s.Type) ? new AssignStateScalar(span, s.Field.Index, value) : new AssignStateRef(span, s.Field.Index, value);
            case BoundHardwareStateField h:
                return IsScalar(h.Type) ? new AssignStateScalar(span, h.Field.Index, value) : new AssignStateRef(span, h.Field.Index, value);
            case BoundRegisterAccess r:
                return new AssignRegister(new RuntimeSite<BoundRegisterAccess>(r), span, Device(r.Device), value);
            case BoundMemoryAccess m:
                return new AssignMemory(new RuntimeSite<BoundMemoryAccess>(m), span, Device(m.Device), null, null, value, singleByte: false);
            case BoundIndex { Target: BoundMemoryAccess m } i:
                return new AssignMemory(new RuntimeSite<BoundMemoryAccess>(m), span, Device(m.Device), Expression(i.Index), null, value, singleByte: true);
            case BoundSlice { Target: BoundMemoryAccess m } s:
                return new AssignMemory(new RuntimeSite<BoundMemoryAccess>(m), span, Device(m.Device), Expression(s.Start), Expression(s.End), value, singleByte: false);
            case BoundIndex i:
                return new AssignListElement(span, Expression(i.Target), Expression(i.Index), value, IsScalar(i.Type));
            default:
                throw new InvalidOperationException($"cannot assign to a {target.Kind} at {span}");
        }
    }

    private Stmt Compound(SourceSpan span, BoundCompoundAssignment c)
    {
        var value = Expression(c.Value);
        var type = c.Target.Type;
        switch (c.Target)
        {
            case BoundIndex { Target: not BoundMemoryAccess } i:
            {
                int temp = Temporary();
                bool scalar = IsScalar(i.Type);
                Expr old = scalar ? new LocalScalar(span, type, temp) : new LocalRef(span, type, temp);
                return new CompoundListElement(span, Expression(i.Target), Expression(i.Index), temp, Operation(c.Operator, c.OperandType, type, span, old, value), scalar);
            }
            case BoundRegisterAccess r:
            {
                int temp = Temporary();
                var operation = Operation(c.Operator, c.OperandType, type, span, new LocalScalar(span, type, temp), value);
                return new CompoundRegister(new RuntimeSite<BoundRegisterAccess>(r), span, Device(r.Device), temp, operation);
            }
            default:
                // Locals, globals and fields read without side effects: `t op= v` is `t = t op v`.
                // (A memory window's index is evaluated twice; such indexes are plain values in practice.)
                return Assign(span, c.Target, Operation(c.Operator, c.OperandType, type, span, Expression(c.Target), value));
        }
    }

    // ================================================================== expressions

    private Expr? Device(BoundExpression? device) => device is null ? null : Expression(device);

    private Expr[] Expressions(IReadOnlyList<BoundExpression> expressions)
    {
        var result = new Expr[expressions.Count];
        for (int i = 0; i < result.Length; i++) result[i] = Expression(expressions[i]);
        return result;
    }

    private Expr Expression(BoundExpression e)
    {
        var node = ExpressionCore(e);
        if (_nodes is not null) _nodes[e] = node;
        return node;
    }

    private Expr ExpressionCore(BoundExpression e)
    {
        var span = SpanOf(e);
        var type = e.Type;
        switch (e)
        {
            case BoundLiteral l: return Literal(span, type, l.Value);
            case BoundLocalAccess a:
                return IsScalar(type) ? new LocalScalar(span, type, Slot(a.Local)) : new LocalRef(span, type, Slot(a.Local));
            case BoundGlobalAccess g:
                return IsScalar(type) ? new GlobalScalar(span, type, g.Global.Slot) : new GlobalRef(span, type, g.Global.Slot);
            case BoundSelfField s:
                return IsScalar(type) ? new StateScalar(span, type, s.Field.Index) : new StateRef(span, type, s.Field.Index);
            case BoundHardwareStateField h:
                return IsScalar(type) ? new StateScalar(span, type, h.Field.Index) : new StateRef(span, type, h.Field.Index);
            case BoundDeviceObject d: return new DeviceObject(new RuntimeSite<BoundDeviceObject>(d));
            case BoundRegisterAccess r: return new RegisterRead(new RuntimeSite<BoundRegisterAccess>(r), Device(r.Device));
            case BoundMemoryAccess m: return new MemoryRead(new RuntimeSite<BoundMemoryAccess>(m), Device(m.Device));
            case BoundHostStateField h: return new HostStateField(new RuntimeSite<BoundHostStateField>(h), Expression(h.Device));
            case BoundUnary u: return Unary(span, u);
            case BoundBinary b: return Binary(span, b);
            case BoundConversion c: return Conversion(span, c);
            case BoundOptionalTest t: return new NoneTest(span, Expression(t.Operand), t.IsNoneTest);
            case BoundUnwrap u:
            {
                var operand = Expression(u.Operand);
                string text = Errors.TextOf(u.Operand.Syntax.Span);
                return IsScalar(type) ? new UnwrapScalar(span, type, operand, text) : new UnwrapRef(span, type, operand, text);
            }
            case BoundListLiteral l: return new ListLiteral(span, (ListTypeSymbol)type, Expressions(l.Elements));
            case BoundBytesFromList b: return new BytesFromList(span, Expressions(b.Elements));
            case BoundIndex i:
            {
                var target = Expression(i.Target);
                var index = Expression(i.Index);
                if (i.Target.Type.Kind == TypeKind.Bytes) return new BytesIndex(span, target, index);
                return IsScalar(type) ? new ScalarListIndex(span, type, target, index) : new RefListIndex(span, type, target, index);
            }
            case BoundSlice s:
            {
                var target = Expression(s.Target);
                var start = Expression(s.Start);
                var end = Expression(s.End);
                return s.Target.Type.Kind == TypeKind.Bytes ? new BytesSlice(span, target, start, end) : new ListSlice(span, type, target, start, end);
            }
            case BoundCall c: return new Call(span, type, _program.Functions[c.Function.Index], Expressions(c.Arguments));
            case BoundIntrinsicCall c: return Intrinsic(span, c);
            case BoundPlug p: return new PlugDevice(new RuntimeSite<BoundPlug>(p));
            default: throw new InvalidOperationException($"cannot run a {e.Kind} expression at {span} (does the program have errors?)");
        }
    }

    private static Expr Literal(SourceSpan span, TypeSymbol type, ConstantValue value) => value.Kind switch
    {
        ConstantKind.String => new ConstRef(span, type, value.String),
        ConstantKind.Bytes => new ConstRef(span, type, ScriptBytes.From(value.Bytes)),
        ConstantKind.None => new ConstRef(span, type, null),
        _ when type is OptionalTypeSymbol => new ConstRef(span, type, ScalarBox.Of(value.Bits)),
        _ => new ConstScalar(span, type, value.Bits),
    };

    private Expr Unary(SourceSpan span, BoundUnary u)
    {
        var operand = Expression(u.Operand);
        return u.Operator switch
        {
            BoundUnaryOperatorKind.LogicalNot => new Not(span, operand),
            BoundUnaryOperatorKind.BitwiseNot => ForWidth(u.Type, new BitwiseNotFactory(span, u.Type, operand)),
            _ => ForWidth(u.Type, new NegateFactory(span, u.Type, operand)),
        };
    }

    private Expr Binary(SourceSpan span, BoundBinary b)
    {
        var left = Expression(b.Left);
        var right = Expression(b.Right);
        return b.Operator switch
        {
            BoundBinaryOperatorKind.LogicalAnd => new AndAlso(span, left, right),
            BoundBinaryOperatorKind.LogicalOr => new OrElse(span, left, right),
            >= BoundBinaryOperatorKind.Equal and <= BoundBinaryOperatorKind.GreaterEqual => Comparison(span, b.Operator, b.OperandType, left, right),
            _ => Operation(b.Operator, b.OperandType, b.Type, span, left, right),
        };
    }

    /// <summary>An arithmetic, bitwise, shift, duration or concatenation operator.</summary>
    private static Expr Operation(BoundBinaryOperatorKind op, TypeSymbol operandType, TypeSymbol resultType, SourceSpan span, Expr left, Expr right)
    {
        bool signed = operandType.IsSignedInteger;
        return op switch
        {
            BoundBinaryOperatorKind.StringConcat => new StringConcat(span, left, right),
            BoundBinaryOperatorKind.BytesConcat => new BytesConcat(span, left, right),
            BoundBinaryOperatorKind.Add or BoundBinaryOperatorKind.DurationAdd => Arithmetic<AddOp>(operandType, span, resultType, left, right),
            BoundBinaryOperatorKind.Subtract or BoundBinaryOperatorKind.DurationSubtract => Arithmetic<SubOp>(operandType, span, resultType, left, right),
            BoundBinaryOperatorKind.Multiply or BoundBinaryOperatorKind.DurationTimesInteger or BoundBinaryOperatorKind.IntegerTimesDuration
                => Arithmetic<MulOp>(operandType, span, resultType, left, right),
            BoundBinaryOperatorKind.Divide or BoundBinaryOperatorKind.DurationDivideInteger or BoundBinaryOperatorKind.DurationDivideDuration
                => signed ? Arithmetic<DivSOp>(operandType, span, resultType, left, right) : Arithmetic<DivUOp>(operandType, span, resultType, left, right),
            BoundBinaryOperatorKind.Remainder
                => signed ? Arithmetic<RemSOp>(operandType, span, resultType, left, right) : Arithmetic<RemUOp>(operandType, span, resultType, left, right),
            BoundBinaryOperatorKind.BitwiseAnd => Arithmetic<AndOp>(operandType, span, resultType, left, right),
            BoundBinaryOperatorKind.BitwiseOr => Arithmetic<OrOp>(operandType, span, resultType, left, right),
            BoundBinaryOperatorKind.BitwiseXor => Arithmetic<XorOp>(operandType, span, resultType, left, right),
            BoundBinaryOperatorKind.ShiftLeft => Arithmetic<ShlOp>(operandType, span, resultType, left, right),
            BoundBinaryOperatorKind.ShiftRight
                => signed ? Arithmetic<ShrSOp>(operandType, span, resultType, left, right) : Arithmetic<ShrUOp>(operandType, span, resultType, left, right),
            _ => throw new InvalidOperationException($"{op} is not an arithmetic operator"),
        };
    }

    private static Expr Arithmetic<TOp>(TypeSymbol operandType, SourceSpan span, TypeSymbol resultType, Expr left, Expr right) where TOp : struct, IScalarOp =>
        ForWidth(operandType, new ArithmeticFactory<TOp>(span, resultType, left, right));

    private static Expr Comparison(SourceSpan span, BoundBinaryOperatorKind op, TypeSymbol operandType, Expr left, Expr right)
    {
        if (!IsScalar(operandType)) return new RefEquals(span, left, right, negate: op == BoundBinaryOperatorKind.NotEqual);
        bool signed = operandType.IsSignedInteger;
        return op switch
        {
            BoundBinaryOperatorKind.Equal => Compare<EqCmp>(span, left, right),
            BoundBinaryOperatorKind.NotEqual => Compare<NeCmp>(span, left, right),
            BoundBinaryOperatorKind.Less => signed ? Compare<LtS>(span, left, right) : Compare<LtU>(span, left, right),
            BoundBinaryOperatorKind.LessEqual => signed ? Compare<LeS>(span, left, right) : Compare<LeU>(span, left, right),
            BoundBinaryOperatorKind.Greater => signed ? Compare<GtS>(span, left, right) : Compare<GtU>(span, left, right),
            _ => signed ? Compare<GeS>(span, left, right) : Compare<GeU>(span, left, right),
        };
    }

    private static Expr Compare<TC>(SourceSpan span, Expr left, Expr right) where TC : struct, ICompare => (left, right) switch
    {
        (LocalScalar l, ConstScalar c) => new CompareLocalConst<TC>(span, l.Slot, c.Value),
        (LocalScalar l, LocalScalar r) => new CompareLocalLocal<TC>(span, l.Slot, r.Slot),
        (_, ConstScalar c) => new CompareExprConst<TC>(span, left, c.Value),
        _ => new Compare<TC>(span, left, right),
    };

    private Expr Conversion(SourceSpan span, BoundConversion c)
    {
        var operand = Expression(c.Operand);
        switch (c.Conversion)
        {
            case ConversionKind.Widening:
                return operand; // unsigned values are zero-extended and signed ones sign-extended already
            case ConversionKind.Numeric:
                if (c.Operand.Type.Kind == c.Type.Kind && c.Type.Kind != TypeKind.Enum) return operand;
                return ForWidth(c.Type, new NarrowFactory(span, c.Type, operand));
            default:
                var underlying = ((OptionalTypeSymbol)c.Type).Underlying;
                return IsScalar(underlying) ? new WrapScalar(span, c.Type, operand) : operand;
        }
    }

    private Expr Intrinsic(SourceSpan span, BoundIntrinsicCall c)
    {
        var args = c.Arguments;
        switch (c.Intrinsic)
        {
            case Language.Symbols.Intrinsic.Min:
            case Language.Symbols.Intrinsic.Max:
            {
                var a = Expression(args[0]);
                var b = Expression(args[1]);
                bool signed = c.Type.IsSignedInteger, min = c.Intrinsic == Language.Symbols.Intrinsic.Min;
                return (min, signed) switch
                {
                    (true, true) => new MinMax<LtS>(span, c.Type, a, b),
                    (true, false) => new MinMax<LtU>(span, c.Type, a, b),
                    (false, true) => new MinMax<GtS>(span, c.Type, a, b),
                    _ => new MinMax<GtU>(span, c.Type, a, b),
                };
            }
            case Language.Symbols.Intrinsic.LenString: return new LenString(span, Expression(args[0]));
            case Language.Symbols.Intrinsic.LenBytes: return new LenBytes(span, Expression(args[0]));
            case Language.Symbols.Intrinsic.LenList: return new LenList(span, Expression(args[0]));
            case Language.Symbols.Intrinsic.Zeros: return new Zeros(span, Expression(args[0]));
            case Language.Symbols.Intrinsic.Fill: return new Fill(span, Expression(args[0]), Expression(args[1]));
            case Language.Symbols.Intrinsic.NtSuccess: return new NtSuccess(span, Expression(args[0]));
            case Language.Symbols.Intrinsic.StatusFromCode: return new Narrow<W32>(span, TypeSymbol.Status, Expression(args[0]));
            case Language.Symbols.Intrinsic.ListPush: return new ListPush(span, Expression(c.Receiver!), Expression(args[0]));
            case Language.Symbols.Intrinsic.ListPop:
                return IsScalar(c.Type) ? new ScalarListPop(span, c.Type, Expression(c.Receiver!)) : new RefListPop(span, c.Type, Expression(c.Receiver!));
            case Language.Symbols.Intrinsic.Print: return new Print(span, Expressions(args));
            default:
                return new RuntimeIntrinsic(new RuntimeSite<BoundIntrinsicCall>(c), c.Receiver is null ? null : Expression(c.Receiver), Expressions(args));
        }
    }

    // ------------------------------------------------------------------ choosing a width

    /// <summary>Makes a node specialised for a width (a struct type argument), chosen once here.</summary>
    private interface IWidthFactory
    {
        Expr Create<TW>() where TW : struct, IWidth;
    }

    private static Expr ForWidth<TF>(TypeSymbol type, TF factory) where TF : IWidthFactory => type.Kind switch
    {
        TypeKind.U8 => factory.Create<W8>(),
        TypeKind.U16 => factory.Create<W16>(),
        TypeKind.I32 => factory.Create<WI32>(),
        TypeKind.U32 or TypeKind.Status or TypeKind.Enum or TypeKind.PowerState or TypeKind.SystemState or TypeKind.RequestKind => factory.Create<W32>(),
        TypeKind.U64 or TypeKind.I64 or TypeKind.Duration => factory.Create<W64>(),
        _ => throw new InvalidOperationException($"no integer width for '{type.Name}'"),
    };

    private readonly record struct ArithmeticFactory<TOp>(SourceSpan Span, TypeSymbol Type, Expr Left, Expr Right) : IWidthFactory
        where TOp : struct, IScalarOp
    {
        public Expr Create<TW>() where TW : struct, IWidth => (Left, Right) switch
        {
            (LocalScalar l, ConstScalar c) => new BinaryLocalConst<TOp, TW>(Span, Type, l.Slot, c.Value),
            (LocalScalar l, LocalScalar r) => new BinaryLocalLocal<TOp, TW>(Span, Type, l.Slot, r.Slot),
            (_, ConstScalar c) => new BinaryExprConst<TOp, TW>(Span, Type, Left, c.Value),
            _ => new Binary<TOp, TW>(Span, Type, Left, Right),
        };
    }

    private readonly record struct NarrowFactory(SourceSpan Span, TypeSymbol Type, Expr Operand) : IWidthFactory
    {
        public Expr Create<TW>() where TW : struct, IWidth => new Narrow<TW>(Span, Type, Operand);
    }

    private readonly record struct BitwiseNotFactory(SourceSpan Span, TypeSymbol Type, Expr Operand) : IWidthFactory
    {
        public Expr Create<TW>() where TW : struct, IWidth => new BitwiseNot<TW>(Span, Type, Operand);
    }

    private readonly record struct NegateFactory(SourceSpan Span, TypeSymbol Type, Expr Operand) : IWidthFactory
    {
        public Expr Create<TW>() where TW : struct, IWidth => new Negate<TW>(Span, Type, Operand);
    }
}

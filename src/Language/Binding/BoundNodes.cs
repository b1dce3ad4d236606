using System.Collections.Immutable;
using DriverScript.Language.Symbols;
using DriverScript.Language.Syntax;

namespace DriverScript.Language.Binding;

// The bound (typed) tree. Every node keeps the syntax it came from (for spans) and every
// expression its type. Names are resolved to slots or symbols, built-ins to an Intrinsic, integer
// literals to their type, implicit widenings to explicit BoundConversion nodes, constants folded.
// Nothing here needs a string lookup at run time.

public enum BoundNodeKind : byte
{
    // expressions
    Literal, LocalAccess, GlobalAccess, SelfField, HardwareStateField, DeviceObject, RegisterAccess, MemoryAccess,
    HostStateField, Unary, Binary, Conversion, OptionalTest, Unwrap, ListLiteral, BytesFromList, Index, Slice,
    Call, IntrinsicCall, Plug, Error,
    // statements
    Block, LocalDeclaration, GlobalDeclaration, Assignment, CompoundAssignment, If, While, ForRange, ForEach, Match,
    With, After, Pulse, Expect, ExpectBugcheck, Break, Continue, Return, ExpressionStatement,
}

public abstract class BoundNode
{
    protected BoundNode(SyntaxNode syntax) => Syntax = syntax;

    /// <summary>The syntax the node was bound from; its <c>Span</c> is where diagnostics and run-time errors point.</summary>
    public SyntaxNode Syntax { get; }

    public abstract BoundNodeKind Kind { get; }
}

// ======================================================================================= expressions

public abstract class BoundExpression : BoundNode
{
    protected BoundExpression(SyntaxNode syntax, TypeSymbol type) : base(syntax) => Type = type;

    public TypeSymbol Type { get; }

    /// <summary>The value when the expression is a compile-time constant (only <see cref="BoundLiteral"/>s are).</summary>
    public virtual ConstantValue? ConstantValue => null;
}

/// <summary>A constant: a literal, a folded expression, or a reference to a <c>const</c>, enum member or built-in value.</summary>
public sealed class BoundLiteral(SyntaxNode syntax, TypeSymbol type, ConstantValue value, Symbol? source = null) : BoundExpression(syntax, type)
{
    public override BoundNodeKind Kind => BoundNodeKind.Literal;

    public ConstantValue Value { get; } = value;

    /// <summary>The constant it names, when it was written as a name (for display).</summary>
    public Symbol? Source { get; } = source;

    public override ConstantValue? ConstantValue => Value;
}

/// <summary>A local, parameter or loop variable: slot <see cref="LocalSymbol.Slot"/> of the current frame.</summary>
public sealed class BoundLocalAccess(SyntaxNode syntax, LocalSymbol local) : BoundExpression(syntax, local.Type)
{
    public override BoundNodeKind Kind => BoundNodeKind.LocalAccess;

    public LocalSymbol Local { get; } = local;
}

public sealed class BoundGlobalAccess(SyntaxNode syntax, GlobalSymbol global) : BoundExpression(syntax, global.Type)
{
    public override BoundNodeKind Kind => BoundNodeKind.GlobalAccess;

    public GlobalSymbol Global { get; } = global;
}

/// <summary><c>self.FIELD</c> in device code: field <see cref="StateFieldSymbol.Index"/> of the running device's context.</summary>
public sealed class BoundSelfField(SyntaxNode syntax, StateFieldSymbol field) : BoundExpression(syntax, field.Type)
{
    public override BoundNodeKind Kind => BoundNodeKind.SelfField;

    public StateFieldSymbol Field { get; } = field;
}

/// <summary>A hardware model's own state field, by name in the model's code.</summary>
public sealed class BoundHardwareStateField(SyntaxNode syntax, StateFieldSymbol field) : BoundExpression(syntax, field.Type)
{
    public override BoundNodeKind Kind => BoundNodeKind.HardwareStateField;

    public StateFieldSymbol Field { get; } = field;
}

/// <summary>A queue, timer, work item or interrupt of the running device, by name (a framework handle).</summary>
public sealed class BoundDeviceObject(SyntaxNode syntax, Symbol symbol, TypeSymbol type) : BoundExpression(syntax, type)
{
    public override BoundNodeKind Kind => BoundNodeKind.DeviceObject;

    /// <summary>A <see cref="QueueSymbol"/>, <see cref="TimerSymbol"/>, <see cref="WorkItemSymbol"/> or <see cref="InterruptSymbol"/>.</summary>
    public Symbol Symbol { get; } = symbol;
}

/// <summary>How a register is reached.</summary>
public enum RegisterPath : byte
{
    /// <summary>The model's own code names the register: reads and assigns the stored value directly, no access semantics, no handlers.</summary>
    Model,
    /// <summary>The driver's <c>hw.REG</c>: a bus access with the register's access mode and handlers.</summary>
    DriverBus,
    /// <summary>A test's <c>dev.hw.REG</c>: a bus access by another bus master.</summary>
    HostBus,
    /// <summary>A test's <c>peek(dev.hw.REG)</c>: the stored value, no side effects.</summary>
    HostPeek,
}

/// <summary>
/// A register (or one field of it, read-modify-write on assignment). Readable as a value, and an
/// assignment target. <see cref="Device"/> is the <c>device_handle</c> expression for host paths.
/// </summary>
public sealed class BoundRegisterAccess(SyntaxNode syntax, RegisterSymbol register, RegisterFieldSymbol? field, RegisterPath path, BoundExpression? device)
    : BoundExpression(syntax, register.Type)
{
    public override BoundNodeKind Kind => BoundNodeKind.RegisterAccess;

    public RegisterSymbol Register { get; } = register;

    public RegisterFieldSymbol? Field { get; } = field;

    public RegisterPath Path { get; } = path;

    public BoundExpression? Device { get; } = device;
}

/// <summary>A device memory window (<c>hw.MEM</c>): reads as <c>bytes</c>; assigning writes from offset 0; <c>hw.MEM[i] = v</c> writes one byte.</summary>
public sealed class BoundMemoryAccess(SyntaxNode syntax, MemorySymbol memory, RegisterPath path, BoundExpression? device)
    : BoundExpression(syntax, TypeSymbol.Bytes)
{
    public override BoundNodeKind Kind => BoundNodeKind.MemoryAccess;

    public MemorySymbol Memory { get; } = memory;

    public RegisterPath Path { get; } = path;

    public BoundExpression? Device { get; } = device;
}

/// <summary><c>dev.state.FIELD</c> in host code.</summary>
public sealed class BoundHostStateField(SyntaxNode syntax, BoundExpression device, StateFieldSymbol field) : BoundExpression(syntax, field.Type)
{
    public override BoundNodeKind Kind => BoundNodeKind.HostStateField;

    public BoundExpression Device { get; } = device;

    public StateFieldSymbol Field { get; } = field;
}

public enum BoundUnaryOperatorKind : byte
{
    /// <summary><c>!b</c> on bool.</summary>
    LogicalNot,
    /// <summary><c>~x</c> on an integer of the node's type.</summary>
    BitwiseNot,
    /// <summary><c>-x</c> on a signed integer (wraps).</summary>
    Negate,
}

public sealed class BoundUnary(SyntaxNode syntax, BoundUnaryOperatorKind op, BoundExpression operand) : BoundExpression(syntax, operand.Type)
{
    public override BoundNodeKind Kind => BoundNodeKind.Unary;

    public BoundUnaryOperatorKind Operator { get; } = op;

    public BoundExpression Operand { get; } = operand;
}

/// <summary>
/// A binary operator resolved for its operand types. Integer operators work on operands of
/// <see cref="BoundBinary.OperandType"/> (both sides already converted to it) and wrap modulo 2^width.
/// </summary>
public enum BoundBinaryOperatorKind : byte
{
    Add, Subtract, Multiply, Divide, Remainder,
    BitwiseAnd, BitwiseOr, BitwiseXor,
    /// <summary>Shift; the right operand is any integer type. A count ≥ the width gives 0 (<c>&gt;&gt;</c> on a signed negative value: -1).</summary>
    ShiftLeft, ShiftRight,
    /// <summary>Equality of any two values of one type (bytes and lists by content, handles by identity).</summary>
    Equal, NotEqual,
    Less, LessEqual, Greater, GreaterEqual,
    /// <summary>Short-circuit.</summary>
    LogicalAnd, LogicalOr,
    StringConcat, BytesConcat,
    DurationAdd, DurationSubtract,
    /// <summary><c>d * n</c>: the right operand is <c>u64</c>.</summary>
    DurationTimesInteger,
    /// <summary><c>n * d</c>: the left operand is <c>u64</c>.</summary>
    IntegerTimesDuration,
    /// <summary><c>d / n</c>: the right operand is <c>u64</c>.</summary>
    DurationDivideInteger,
    /// <summary><c>d1 / d2</c> → <c>u64</c>.</summary>
    DurationDivideDuration,
}

public sealed class BoundBinary(SyntaxNode syntax, BoundBinaryOperatorKind op, BoundExpression left, BoundExpression right, TypeSymbol operandType, TypeSymbol type)
    : BoundExpression(syntax, type)
{
    public override BoundNodeKind Kind => BoundNodeKind.Binary;

    public BoundBinaryOperatorKind Operator { get; } = op;

    public BoundExpression Left { get; } = left;

    public BoundExpression Right { get; } = right;

    /// <summary>The type both operands have (the left one's for shifts and duration products).</summary>
    public TypeSymbol OperandType { get; } = operandType;
}

public enum ConversionKind : byte
{
    /// <summary>Implicit integer widening (§3): zero-extend from unsigned, sign-extend from signed.</summary>
    Widening,
    /// <summary>An <c>as</c> between scalars (integers, enums, statuses, durations, power states): the source's value truncated or sign-extended to the target, as C does.</summary>
    Numeric,
    /// <summary><c>T</c> to <c>T?</c>.</summary>
    WrapOptional,
}

public sealed class BoundConversion(SyntaxNode syntax, BoundExpression operand, TypeSymbol type, ConversionKind conversion, bool isExplicit)
    : BoundExpression(syntax, type)
{
    public override BoundNodeKind Kind => BoundNodeKind.Conversion;

    public BoundExpression Operand { get; } = operand;

    public ConversionKind Conversion { get; } = conversion;

    /// <summary>Written with <c>as</c>.</summary>
    public bool IsExplicit { get; } = isExplicit;
}

/// <summary><c>x == none</c> (<see cref="IsNoneTest"/>) or <c>x != none</c>.</summary>
public sealed class BoundOptionalTest(SyntaxNode syntax, BoundExpression operand, bool isNoneTest) : BoundExpression(syntax, TypeSymbol.Bool)
{
    public override BoundNodeKind Kind => BoundNodeKind.OptionalTest;

    public BoundExpression Operand { get; } = operand;

    public bool IsNoneTest { get; } = isNoneTest;
}

/// <summary><c>x!</c>: the value of an optional; a run-time error when it is none.</summary>
public sealed class BoundUnwrap(SyntaxNode syntax, BoundExpression operand, TypeSymbol type) : BoundExpression(syntax, type)
{
    public override BoundNodeKind Kind => BoundNodeKind.Unwrap;

    public BoundExpression Operand { get; } = operand;
}

/// <summary><c>[a, b]</c> as a <c>list&lt;T&gt;</c>, each element already converted to T.</summary>
public sealed class BoundListLiteral(SyntaxNode syntax, ImmutableArray<BoundExpression> elements, ListTypeSymbol type) : BoundExpression(syntax, type)
{
    public override BoundNodeKind Kind => BoundNodeKind.ListLiteral;

    public ImmutableArray<BoundExpression> Elements { get; } = elements;
}

/// <summary><c>[a, b]</c> where <c>bytes</c> is expected and some element is not constant (each is a <c>u8</c>).</summary>
public sealed class BoundBytesFromList(SyntaxNode syntax, ImmutableArray<BoundExpression> elements) : BoundExpression(syntax, TypeSymbol.Bytes)
{
    public override BoundNodeKind Kind => BoundNodeKind.BytesFromList;

    public ImmutableArray<BoundExpression> Elements { get; } = elements;
}

/// <summary><c>b[i]</c> on bytes (a <c>u8</c>), a list (its element) or a memory window; <see cref="Index"/> is any unsigned integer.</summary>
public sealed class BoundIndex(SyntaxNode syntax, BoundExpression target, BoundExpression index, TypeSymbol type) : BoundExpression(syntax, type)
{
    public override BoundNodeKind Kind => BoundNodeKind.Index;

    public BoundExpression Target { get; } = target;

    public BoundExpression Index { get; } = index;
}

/// <summary><c>b[a..c]</c> on bytes or a list (a new value of the same type).</summary>
public sealed class BoundSlice(SyntaxNode syntax, BoundExpression target, BoundExpression start, BoundExpression end) : BoundExpression(syntax, target.Type)
{
    public override BoundNodeKind Kind => BoundNodeKind.Slice;

    public BoundExpression Target { get; } = target;

    public BoundExpression Start { get; } = start;

    public BoundExpression End { get; } = end;
}

/// <summary>A call of a user function; arguments already converted to the parameter types.</summary>
public sealed class BoundCall(SyntaxNode syntax, FunctionSymbol function, ImmutableArray<BoundExpression> arguments) : BoundExpression(syntax, function.ReturnType)
{
    public override BoundNodeKind Kind => BoundNodeKind.Call;

    public FunctionSymbol Function { get; } = function;

    public ImmutableArray<BoundExpression> Arguments { get; } = arguments;
}

/// <summary>
/// A built-in function, method or member (<c>complete(req, s)</c>, <c>q.start()</c>, <c>req.length</c>,
/// <c>dev.read(5)</c>). <see cref="Receiver"/> is the object for methods and members, null for free
/// functions. Arguments are converted to the parameter types (<c>log</c>/<c>print</c> take any values).
/// </summary>
public sealed class BoundIntrinsicCall(SyntaxNode syntax, Intrinsic intrinsic, BoundExpression? receiver, ImmutableArray<BoundExpression> arguments, TypeSymbol type)
    : BoundExpression(syntax, type)
{
    public override BoundNodeKind Kind => BoundNodeKind.IntrinsicCall;

    public Intrinsic Intrinsic { get; } = intrinsic;

    public BoundExpression? Receiver { get; } = receiver;

    public ImmutableArray<BoundExpression> Arguments { get; } = arguments;
}

/// <summary><c>plug(Device)</c> or <c>plug(Device, Hardware)</c>: a <c>device_handle</c>. <see cref="Hardware"/> is the model plugged in (the explicit one, else the device's <c>uses</c>, else null).</summary>
public sealed class BoundPlug(SyntaxNode syntax, DeviceSymbol device, HardwareModelSymbol? hardware, DeviceHandleTypeSymbol type) : BoundExpression(syntax, type)
{
    public override BoundNodeKind Kind => BoundNodeKind.Plug;

    public DeviceSymbol Device { get; } = device;

    public HardwareModelSymbol? Hardware { get; } = hardware;
}

/// <summary>Stands where an expression had an error (already reported). Never present in a program without errors.</summary>
public sealed class BoundErrorExpression(SyntaxNode syntax) : BoundExpression(syntax, TypeSymbol.Error)
{
    public override BoundNodeKind Kind => BoundNodeKind.Error;
}

// ======================================================================================= statements

public abstract class BoundStatement(SyntaxNode syntax) : BoundNode(syntax);

public sealed class BoundBlock(SyntaxNode syntax, ImmutableArray<BoundStatement> statements) : BoundStatement(syntax)
{
    private static readonly SyntaxNode s_empty = new ErrorStatementSyntax(default);

    public static BoundBlock Empty { get; } = new(s_empty, ImmutableArray<BoundStatement>.Empty);

    public override BoundNodeKind Kind => BoundNodeKind.Block;

    public ImmutableArray<BoundStatement> Statements { get; } = statements;
}

public sealed class BoundLocalDeclaration(SyntaxNode syntax, LocalSymbol local, BoundExpression initializer) : BoundStatement(syntax)
{
    public override BoundNodeKind Kind => BoundNodeKind.LocalDeclaration;

    public LocalSymbol Local { get; } = local;

    public BoundExpression Initializer { get; } = initializer;
}

/// <summary>A top-level <c>let</c>/<c>var</c>: stores into global slot <see cref="GlobalSymbol.Slot"/>.</summary>
public sealed class BoundGlobalDeclaration(SyntaxNode syntax, GlobalSymbol global, BoundExpression initializer) : BoundStatement(syntax)
{
    public override BoundNodeKind Kind => BoundNodeKind.GlobalDeclaration;

    public GlobalSymbol Global { get; } = global;

    public BoundExpression Initializer { get; } = initializer;
}

/// <summary>
/// <c>target = value;</c>. The target is a <see cref="BoundLocalAccess"/>, <see cref="BoundGlobalAccess"/>,
/// <see cref="BoundSelfField"/>, <see cref="BoundHardwareStateField"/>, <see cref="BoundRegisterAccess"/>,
/// <see cref="BoundMemoryAccess"/>, <see cref="BoundHostStateField"/> or a <see cref="BoundIndex"/> on a list or memory window.
/// </summary>
public sealed class BoundAssignment(SyntaxNode syntax, BoundExpression target, BoundExpression value) : BoundStatement(syntax)
{
    public override BoundNodeKind Kind => BoundNodeKind.Assignment;

    public BoundExpression Target { get; } = target;

    public BoundExpression Value { get; } = value;
}

/// <summary><c>target op= value;</c>: the target is evaluated once. <see cref="Value"/> is converted to <see cref="OperandType"/> (for shifts: any integer; for durations times: u64).</summary>
public sealed class BoundCompoundAssignment(SyntaxNode syntax, BoundExpression target, BoundBinaryOperatorKind op, TypeSymbol operandType, BoundExpression value)
    : BoundStatement(syntax)
{
    public override BoundNodeKind Kind => BoundNodeKind.CompoundAssignment;

    public BoundExpression Target { get; } = target;

    public BoundBinaryOperatorKind Operator { get; } = op;

    public TypeSymbol OperandType { get; } = operandType;

    public BoundExpression Value { get; } = value;
}

public sealed record BoundIfClause(BoundExpression Condition, BoundBlock Body);

public sealed class BoundIf(SyntaxNode syntax, ImmutableArray<BoundIfClause> clauses, BoundBlock? @else) : BoundStatement(syntax)
{
    public override BoundNodeKind Kind => BoundNodeKind.If;

    public ImmutableArray<BoundIfClause> Clauses { get; } = clauses;

    public BoundBlock? Else { get; } = @else;
}

public sealed class BoundWhile(SyntaxNode syntax, BoundExpression condition, BoundBlock body) : BoundStatement(syntax)
{
    public override BoundNodeKind Kind => BoundNodeKind.While;

    public BoundExpression Condition { get; } = condition;

    public BoundBlock Body { get; } = body;
}

/// <summary><c>for i in start..end { }</c>: half-open; both bounds are converted to the variable's integer type; the end is evaluated once.</summary>
public sealed class BoundForRange(SyntaxNode syntax, LocalSymbol variable, BoundExpression start, BoundExpression end, BoundBlock body) : BoundStatement(syntax)
{
    public override BoundNodeKind Kind => BoundNodeKind.ForRange;

    public LocalSymbol Variable { get; } = variable;

    public BoundExpression Start { get; } = start;

    public BoundExpression End { get; } = end;

    public BoundBlock Body { get; } = body;
}

/// <summary><c>for x in items { }</c> over <c>bytes</c> (x: u8) or a list.</summary>
public sealed class BoundForEach(SyntaxNode syntax, LocalSymbol variable, BoundExpression collection, BoundBlock body) : BoundStatement(syntax)
{
    public override BoundNodeKind Kind => BoundNodeKind.ForEach;

    public LocalSymbol Variable { get; } = variable;

    public BoundExpression Collection { get; } = collection;

    public BoundBlock Body { get; } = body;
}

/// <summary>One arm: any of <see cref="Values"/> (constants of the subject's type), or the default arm (<c>_</c>).</summary>
public sealed record BoundMatchArm(ImmutableArray<ConstantValue> Values, bool IsDefault, BoundBlock Body, MatchArmSyntax Syntax);

/// <summary><c>match</c> on an integer, enum, status, power state, string or bool; arms tested in order.</summary>
public sealed class BoundMatch(SyntaxNode syntax, BoundExpression subject, ImmutableArray<BoundMatchArm> arms) : BoundStatement(syntax)
{
    public override BoundNodeKind Kind => BoundNodeKind.Match;

    public BoundExpression Subject { get; } = subject;

    public ImmutableArray<BoundMatchArm> Arms { get; } = arms;
}

public enum LockKind : byte { SpinLock, WaitLock, Interrupt }

/// <summary><c>with lock { }</c>: acquire a spin lock (raises to DISPATCH), a wait lock (PASSIVE only) or an interrupt lock (DIRQL) for the block.</summary>
public sealed class BoundWith(SyntaxNode syntax, BoundExpression @lock, LockKind lockKind, BoundBlock body) : BoundStatement(syntax)
{
    public override BoundNodeKind Kind => BoundNodeKind.With;

    public BoundExpression Lock { get; } = @lock;

    public LockKind LockKind { get; } = lockKind;

    public BoundBlock Body { get; } = body;
}

/// <summary>
/// <c>after d { }</c> in hardware code. The body uses the enclosing frame's slots: the runtime
/// must snapshot the frame when it schedules the block.
/// </summary>
public sealed class BoundAfter(SyntaxNode syntax, BoundExpression delay, BoundBlock body) : BoundStatement(syntax)
{
    public override BoundNodeKind Kind => BoundNodeKind.After;

    public BoundExpression Delay { get; } = delay;

    public BoundBlock Body { get; } = body;
}

public sealed class BoundPulse(SyntaxNode syntax, InterruptLineSymbol line) : BoundStatement(syntax)
{
    public override BoundNodeKind Kind => BoundNodeKind.Pulse;

    public InterruptLineSymbol Line { get; } = line;
}

/// <summary><c>expect cond[, message];</c>. When <see cref="Condition"/> is a comparison the runtime reports both sides.</summary>
public sealed class BoundExpect(SyntaxNode syntax, BoundExpression condition, BoundExpression? message, string conditionText) : BoundStatement(syntax)
{
    public override BoundNodeKind Kind => BoundNodeKind.Expect;

    public BoundExpression Condition { get; } = condition;

    public BoundExpression? Message { get; } = message;

    /// <summary>The condition's source text, for the failure message.</summary>
    public string ConditionText { get; } = conditionText;
}

/// <summary><c>expect_bugcheck(code) { }</c>: the block must bug-check with the code (a <c>u32</c>).</summary>
public sealed class BoundExpectBugcheck(SyntaxNode syntax, BoundExpression code, BoundBlock body) : BoundStatement(syntax)
{
    public override BoundNodeKind Kind => BoundNodeKind.ExpectBugcheck;

    public BoundExpression Code { get; } = code;

    public BoundBlock Body { get; } = body;
}

public sealed class BoundBreak(SyntaxNode syntax) : BoundStatement(syntax)
{
    public override BoundNodeKind Kind => BoundNodeKind.Break;
}

public sealed class BoundContinue(SyntaxNode syntax) : BoundStatement(syntax)
{
    public override BoundNodeKind Kind => BoundNodeKind.Continue;
}

/// <summary><c>return;</c> or <c>return e;</c> (e converted to the function's or callback's return type).</summary>
public sealed class BoundReturn(SyntaxNode syntax, BoundExpression? value) : BoundStatement(syntax)
{
    public override BoundNodeKind Kind => BoundNodeKind.Return;

    public BoundExpression? Value { get; } = value;
}

public sealed class BoundExpressionStatement(SyntaxNode syntax, BoundExpression expression) : BoundStatement(syntax)
{
    public override BoundNodeKind Kind => BoundNodeKind.ExpressionStatement;

    public BoundExpression Expression { get; } = expression;
}

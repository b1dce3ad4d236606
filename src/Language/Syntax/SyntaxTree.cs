using System.Collections.Immutable;
using DriverScript.Language.Text;

namespace DriverScript.Language.Syntax;

// The immutable syntax tree. Every node keeps its source span. The tree mirrors the grammar of
// LANGUAGE.md §16; the binder (Binding/) decides what is meaningful.

public abstract record SyntaxNode(SourceSpan Span);

/// <summary>An identifier (or, after '.', a keyword used as a member name) with its span.</summary>
public sealed record NameSyntax(string Text, SourceSpan Span) : SyntaxNode(Span)
{
    public override string ToString() => Text;
}

/// <summary>One parsed file.</summary>
public sealed record CompilationUnitSyntax(SourceText Source, ImmutableArray<DeclarationSyntax> Items, SourceSpan Span) : SyntaxNode(Span);

// ---------------------------------------------------------------- types

public abstract record TypeSyntax(SourceSpan Span) : SyntaxNode(Span);

/// <summary><c>u32</c>, <c>bool</c>, <c>request</c>, <c>queue</c>, an enum name...</summary>
public sealed record NamedTypeSyntax(string Name, SourceSpan Span) : TypeSyntax(Span)
{
    public override string ToString() => Name;
}

public sealed record ListTypeSyntax(TypeSyntax Element, SourceSpan Span) : TypeSyntax(Span)
{
    public override string ToString() => $"list<{Element}>";
}

public sealed record OptionalTypeSyntax(TypeSyntax Inner, SourceSpan Span) : TypeSyntax(Span)
{
    public override string ToString() => $"{Inner}?";
}

// ---------------------------------------------------------------- expressions

public abstract record ExpressionSyntax(SourceSpan Span) : SyntaxNode(Span);

public sealed record IntegerLiteralSyntax(ulong Value, string Text, SourceSpan Span) : ExpressionSyntax(Span);

/// <summary>A duration literal; <see cref="Nanoseconds"/> is its value.</summary>
public sealed record DurationLiteralSyntax(ulong Nanoseconds, string Text, SourceSpan Span) : ExpressionSyntax(Span);

public sealed record StringLiteralSyntax(string Value, SourceSpan Span) : ExpressionSyntax(Span);

public sealed record BytesLiteralSyntax(ImmutableArray<byte> Value, SourceSpan Span) : ExpressionSyntax(Span);

public sealed record BoolLiteralSyntax(bool Value, SourceSpan Span) : ExpressionSyntax(Span);

public sealed record NoneLiteralSyntax(SourceSpan Span) : ExpressionSyntax(Span);

public sealed record NameExpressionSyntax(string Name, SourceSpan Span) : ExpressionSyntax(Span);

public sealed record SelfExpressionSyntax(SourceSpan Span) : ExpressionSyntax(Span);

/// <summary><c>[a, b, c]</c>: a list, or a byte list where <c>bytes</c> is expected.</summary>
public sealed record ListLiteralSyntax(ImmutableArray<ExpressionSyntax> Elements, SourceSpan Span) : ExpressionSyntax(Span);

public sealed record ParenthesizedExpressionSyntax(ExpressionSyntax Inner, SourceSpan Span) : ExpressionSyntax(Span);

public enum UnaryOperator { Not, BitwiseNot, Negate }

public sealed record UnaryExpressionSyntax(UnaryOperator Operator, ExpressionSyntax Operand, SourceSpan OperatorSpan, SourceSpan Span) : ExpressionSyntax(Span);

public enum BinaryOperator
{
    LogicalOr, LogicalAnd,
    Equal, NotEqual,
    Less, LessEqual, Greater, GreaterEqual,
    BitwiseOr, BitwiseXor, BitwiseAnd,
    ShiftLeft, ShiftRight,
    Add, Subtract,
    Multiply, Divide, Remainder,
}

public sealed record BinaryExpressionSyntax(BinaryOperator Operator, ExpressionSyntax Left, ExpressionSyntax Right, SourceSpan OperatorSpan, SourceSpan Span) : ExpressionSyntax(Span);

/// <summary><c>e.member</c>. After '.', keywords are member names (<c>dev.state</c>).</summary>
public sealed record MemberAccessSyntax(ExpressionSyntax Target, NameSyntax Member, SourceSpan Span) : ExpressionSyntax(Span);

public sealed record CallSyntax(ExpressionSyntax Callee, ImmutableArray<ExpressionSyntax> Arguments, SourceSpan Span) : ExpressionSyntax(Span);

public sealed record IndexSyntax(ExpressionSyntax Target, ExpressionSyntax Index, SourceSpan Span) : ExpressionSyntax(Span);

/// <summary><c>e[a..b]</c>.</summary>
public sealed record SliceSyntax(ExpressionSyntax Target, ExpressionSyntax Start, ExpressionSyntax End, SourceSpan Span) : ExpressionSyntax(Span);

/// <summary><c>e!</c>: unwraps an optional.</summary>
public sealed record UnwrapSyntax(ExpressionSyntax Operand, SourceSpan Span) : ExpressionSyntax(Span);

/// <summary><c>e as T</c>.</summary>
public sealed record CastSyntax(ExpressionSyntax Operand, TypeSyntax Type, SourceSpan Span) : ExpressionSyntax(Span);

/// <summary>Stands where an expression could not be parsed; the error is already reported.</summary>
public sealed record ErrorExpressionSyntax(SourceSpan Span) : ExpressionSyntax(Span);

// ---------------------------------------------------------------- statements

public abstract record StatementSyntax(SourceSpan Span) : SyntaxNode(Span);

public sealed record BlockSyntax(ImmutableArray<StatementSyntax> Statements, SourceSpan Span) : SyntaxNode(Span);

/// <summary><c>let x: T = e;</c> or <c>var x = e;</c>.</summary>
public sealed record LetStatementSyntax(bool IsMutable, NameSyntax Name, TypeSyntax? Type, ExpressionSyntax Initializer, SourceSpan Span) : StatementSyntax(Span);

public enum AssignmentOperator
{
    Assign, Add, Subtract, Multiply, Divide, Remainder, BitwiseAnd, BitwiseOr, BitwiseXor, ShiftLeft, ShiftRight,
}

/// <summary><c>place = e;</c> or a compound assignment such as <c>n += 1;</c>.</summary>
public sealed record AssignmentStatementSyntax(ExpressionSyntax Target, AssignmentOperator Operator, ExpressionSyntax Value, SourceSpan OperatorSpan, SourceSpan Span) : StatementSyntax(Span);

public sealed record IfClauseSyntax(ExpressionSyntax Condition, BlockSyntax Body, SourceSpan Span) : SyntaxNode(Span);

/// <summary><c>if a { } else if b { } else { }</c>, kept flat so long chains do not nest.</summary>
public sealed record IfStatementSyntax(ImmutableArray<IfClauseSyntax> Clauses, BlockSyntax? Else, SourceSpan Span) : StatementSyntax(Span);

public sealed record WhileStatementSyntax(ExpressionSyntax Condition, BlockSyntax Body, SourceSpan Span) : StatementSyntax(Span);

/// <summary><c>for i in a..b { }</c> (<see cref="End"/> set) or <c>for x in items { }</c>.</summary>
public sealed record ForStatementSyntax(NameSyntax Variable, ExpressionSyntax Start, ExpressionSyntax? End, BlockSyntax Body, SourceSpan Span) : StatementSyntax(Span);

public abstract record PatternSyntax(SourceSpan Span) : SyntaxNode(Span);

public sealed record IntegerPatternSyntax(ulong Value, bool IsNegative, SourceSpan Span) : PatternSyntax(Span);

public sealed record StringPatternSyntax(string Value, SourceSpan Span) : PatternSyntax(Span);

public sealed record BoolPatternSyntax(bool Value, SourceSpan Span) : PatternSyntax(Span);

/// <summary>A constant by name (<c>IOCTL_RESET</c>, <c>STATUS_SUCCESS</c>) or an enum member (<c>Mode.On</c>).</summary>
public sealed record NamePatternSyntax(NameSyntax Name, NameSyntax? Member, SourceSpan Span) : PatternSyntax(Span);

public sealed record WildcardPatternSyntax(SourceSpan Span) : PatternSyntax(Span);

public sealed record MatchArmSyntax(ImmutableArray<PatternSyntax> Patterns, BlockSyntax Body, SourceSpan Span) : SyntaxNode(Span);

public sealed record MatchStatementSyntax(ExpressionSyntax Subject, ImmutableArray<MatchArmSyntax> Arms, SourceSpan Span) : StatementSyntax(Span);

/// <summary><c>with lock { }</c>: hold a spin lock, wait lock or interrupt lock for the block.</summary>
public sealed record WithStatementSyntax(ExpressionSyntax Lock, BlockSyntax Body, SourceSpan Span) : StatementSyntax(Span);

/// <summary><c>after d { }</c> (hardware code): run the block later on the virtual clock.</summary>
public sealed record AfterStatementSyntax(ExpressionSyntax Delay, BlockSyntax Body, SourceSpan Span) : StatementSyntax(Span);

/// <summary><c>pulse NAME;</c> (hardware code): a message-signaled interrupt.</summary>
public sealed record PulseStatementSyntax(NameSyntax Line, SourceSpan Span) : StatementSyntax(Span);

public sealed record ExpectStatementSyntax(ExpressionSyntax Condition, ExpressionSyntax? Message, SourceSpan Span) : StatementSyntax(Span);

public sealed record ExpectBugcheckStatementSyntax(ExpressionSyntax Code, BlockSyntax Body, SourceSpan Span) : StatementSyntax(Span);

public sealed record BreakStatementSyntax(SourceSpan Span) : StatementSyntax(Span);

public sealed record ContinueStatementSyntax(SourceSpan Span) : StatementSyntax(Span);

public sealed record ReturnStatementSyntax(ExpressionSyntax? Value, SourceSpan Span) : StatementSyntax(Span);

public sealed record ExpressionStatementSyntax(ExpressionSyntax Expression, SourceSpan Span) : StatementSyntax(Span);

/// <summary>Stands where a statement could not be parsed; the error is already reported.</summary>
public sealed record ErrorStatementSyntax(SourceSpan Span) : StatementSyntax(Span);

// ---------------------------------------------------------------- declarations

/// <summary>Anything that stands in a file, a device, a queue or a hardware block.</summary>
public abstract record DeclarationSyntax(SourceSpan Span) : SyntaxNode(Span);

/// <summary>A top-level statement (what <c>drv run</c> executes).</summary>
public sealed record GlobalStatementSyntax(StatementSyntax Statement, SourceSpan Span) : DeclarationSyntax(Span);

public sealed record ImportDeclarationSyntax(string Path, SourceSpan PathSpan, SourceSpan Span) : DeclarationSyntax(Span);

public sealed record ConstDeclarationSyntax(NameSyntax Name, TypeSyntax Type, ExpressionSyntax Value, SourceSpan Span) : DeclarationSyntax(Span);

public sealed record EnumMemberSyntax(NameSyntax Name, ExpressionSyntax? Value, SourceSpan Span) : SyntaxNode(Span);

public sealed record EnumDeclarationSyntax(NameSyntax Name, ImmutableArray<EnumMemberSyntax> Members, SourceSpan Span) : DeclarationSyntax(Span);

/// <summary>A parameter. Callback parameters may leave out the type (it is implied).</summary>
public sealed record ParameterSyntax(NameSyntax Name, TypeSyntax? Type, SourceSpan Span) : SyntaxNode(Span);

public sealed record FunctionDeclarationSyntax(NameSyntax Name, ImmutableArray<ParameterSyntax> Parameters, TypeSyntax? ReturnType, BlockSyntax Body, SourceSpan Span) : DeclarationSyntax(Span);

/// <summary>
/// <c>on NAME(params) -&gt; T { }</c>: a callback of a device, queue, interrupt, timer or work item,
/// or a handler of a register or hardware block. <see cref="Parameters"/> is default when the
/// handler was written without parentheses.
/// </summary>
public sealed record HandlerDeclarationSyntax(NameSyntax Name, ImmutableArray<ParameterSyntax> Parameters, bool HasParameterList, TypeSyntax? ReturnType, BlockSyntax Body, SourceSpan Span) : DeclarationSyntax(Span);

/// <summary><c>name = expr</c> in a device, power policy, timer or <c>registers(...)</c>.</summary>
public sealed record SettingSyntax(NameSyntax Name, ExpressionSyntax Value, SourceSpan Span) : DeclarationSyntax(Span);

public sealed record StateFieldSyntax(NameSyntax Name, TypeSyntax Type, ExpressionSyntax? Initializer, SourceSpan Span) : SyntaxNode(Span);

/// <summary><c>state { name: T = init; ... }</c>: a device context or hardware-model state.</summary>
public sealed record StateBlockSyntax(ImmutableArray<StateFieldSyntax> Fields, SourceSpan Span) : DeclarationSyntax(Span);

public sealed record TestDeclarationSyntax(string Description, SourceSpan DescriptionSpan, BlockSyntax Body, SourceSpan Span) : DeclarationSyntax(Span);

// ---- hardware

public enum AccessMode { ReadWrite, ReadOnly, WriteOnly, WriteOneToClear, WriteOneToSet, ReadToClear }

public sealed record AccessModeSyntax(AccessMode Mode, SourceSpan Span) : SyntaxNode(Span);

public sealed record HardwareDeclarationSyntax(NameSyntax Name, ImmutableArray<DeclarationSyntax> Members, SourceSpan Span) : DeclarationSyntax(Span);

/// <summary><c>registers(size = ..., unmapped = ones, widths = ...) { reg ...; memory ...; access ...; }</c>.</summary>
public sealed record RegistersBlockSyntax(ImmutableArray<SettingSyntax> Settings, ImmutableArray<DeclarationSyntax> Members, SourceSpan Span) : DeclarationSyntax(Span);

/// <summary><c>reg NAME @ offset : type [access] [= reset] ( ; | { fields, locks, handlers } )</c>.</summary>
public sealed record RegisterDeclarationSyntax(NameSyntax Name, ExpressionSyntax Offset, TypeSyntax Type, AccessModeSyntax? Access, ExpressionSyntax? Reset, ImmutableArray<DeclarationSyntax> Members, SourceSpan Span) : DeclarationSyntax(Span);

/// <summary><c>field NAME [hi:lo] : access [= reset];</c> (<see cref="Low"/> is null for one bit).</summary>
public sealed record FieldDeclarationSyntax(NameSyntax Name, ExpressionSyntax High, ExpressionSyntax? Low, AccessModeSyntax Access, ExpressionSyntax? Reset, SourceSpan Span) : DeclarationSyntax(Span);

/// <summary><c>locked when expr;</c> inside a register.</summary>
public sealed record LockedWhenSyntax(ExpressionSyntax Condition, SourceSpan Span) : DeclarationSyntax(Span);

/// <summary><c>memory NAME @ offset : size [hidden];</c>: a device memory window (<see cref="Hidden"/>: not reachable by bus accesses).</summary>
public sealed record MemoryDeclarationSyntax(NameSyntax Name, ExpressionSyntax Offset, ExpressionSyntax Size, bool Hidden, SourceSpan Span) : DeclarationSyntax(Span);

/// <summary><c>access @ start..end : widths = 4 | 8, aligned = true, rejected = zeros;</c>: a width rule for a range of the register space.</summary>
public sealed record AccessRuleSyntax(ExpressionSyntax Start, ExpressionSyntax End, ImmutableArray<SettingSyntax> Settings, SourceSpan Span) : DeclarationSyntax(Span);

/// <summary><c>interrupt NAME = expr;</c> (level-triggered) or <c>interrupt NAME;</c> (pulsed) in a hardware block.</summary>
public sealed record HardwareLineDeclarationSyntax(NameSyntax Name, ExpressionSyntax? Level, SourceSpan Span) : DeclarationSyntax(Span);

// ---- devices

public sealed record DeviceDeclarationSyntax(NameSyntax Name, ImmutableArray<DeclarationSyntax> Members, SourceSpan Span) : DeclarationSyntax(Span);

/// <summary><c>uses Edu;</c>.</summary>
public sealed record UsesDeclarationSyntax(NameSyntax Hardware, SourceSpan Span) : DeclarationSyntax(Span);

public sealed record PowerPolicySyntax(ImmutableArray<SettingSyntax> Settings, SourceSpan Span) : DeclarationSyntax(Span);

public sealed record QueueAttributeSyntax(NameSyntax Name, ExpressionSyntax? Argument, SourceSpan Span) : SyntaxNode(Span);

/// <summary><c>queue NAME : attrs ( ; | { handlers, timers, work items } )</c>.</summary>
public sealed record QueueDeclarationSyntax(NameSyntax Name, ImmutableArray<QueueAttributeSyntax> Attributes, ImmutableArray<DeclarationSyntax> Members, SourceSpan Span) : DeclarationSyntax(Span);

/// <summary><c>route ioctl -&gt; urgent;</c>.</summary>
public sealed record RouteDeclarationSyntax(NameSyntax RequestKind, NameSyntax Queue, SourceSpan Span) : DeclarationSyntax(Span);

public sealed record InterruptDeclarationSyntax(NameSyntax Name, ImmutableArray<DeclarationSyntax> Members, SourceSpan Span) : DeclarationSyntax(Span);

public sealed record TimerDeclarationSyntax(NameSyntax Name, ImmutableArray<SettingSyntax> Settings, ImmutableArray<DeclarationSyntax> Members, SourceSpan Span) : DeclarationSyntax(Span);

public sealed record WorkItemDeclarationSyntax(NameSyntax Name, ImmutableArray<DeclarationSyntax> Members, SourceSpan Span) : DeclarationSyntax(Span);

/// <summary>Stands where a declaration could not be parsed; the error is already reported.</summary>
public sealed record ErrorDeclarationSyntax(SourceSpan Span) : DeclarationSyntax(Span);

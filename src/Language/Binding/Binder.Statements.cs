using System.Collections.Immutable;
using DriverScript.Language.Diagnostics;
using DriverScript.Language.Symbols;
using DriverScript.Language.Syntax;

namespace DriverScript.Language.Binding;

public sealed partial class Binder
{
    /// <summary>
    /// Binds a block. Sets <see cref="_lastCompletes"/> to whether its end is reachable; the first
    /// statement after a return, break or continue is DS1902 (once per block).
    /// </summary>
    private BoundBlock BindBlock(BlockSyntax syntax, bool newScope = true)
    {
        if (!System.Runtime.CompilerServices.RuntimeHelpers.TryEnsureSufficientExecutionStack())
        {
            if (!_depthReported)
            {
                _depthReported = true;
                _diagnostics.Add(DiagnosticCodes.NestingTooDeep, syntax.Span, MaxExpressionDepth);
            }
            _lastCompletes = true;
            return new BoundBlock(syntax, ImmutableArray<BoundStatement>.Empty);
        }
        int mark = newScope ? EnterScope() : -1;
        var statements = ImmutableArray.CreateBuilder<BoundStatement>(syntax.Statements.Length);
        bool reachable = true, warned = false;
        foreach (var statement in syntax.Statements)
        {
            if (!reachable && !warned && statement is not ErrorStatementSyntax)
            {
                _diagnostics.Add(DiagnosticCodes.UnreachableCode, statement.Span);
                warned = true;
            }
            var bound = BindStatement(statement);
            if (bound is not null) statements.Add(bound);
            reachable &= _lastCompletes;
        }
        if (newScope) LeaveScope(mark);
        _lastCompletes = reachable;
        return new BoundBlock(syntax, statements.ToImmutable());
    }

    private BoundStatement? BindStatement(StatementSyntax syntax)
    {
        _lastCompletes = true;
        switch (syntax)
        {
            case LetStatementSyntax s:
            {
                var (type, initializer) = BindDeclarationValue(s);
                var local = DeclareLocal(s.Name, type, s.IsMutable);
                _lastCompletes = true;
                return new BoundLocalDeclaration(s, local, initializer);
            }
            case AssignmentStatementSyntax s: return BindAssignment(s);
            case IfStatementSyntax s: return BindIf(s);
            case WhileStatementSyntax s: return BindWhile(s);
            case ForStatementSyntax s: return BindFor(s);
            case MatchStatementSyntax s: return BindMatch(s);
            case WithStatementSyntax s: return BindWith(s);
            case AfterStatementSyntax s: return BindAfter(s);
            case PulseStatementSyntax s: return BindPulse(s);
            case ExpectStatementSyntax s:
            {
                CheckDomain(OperationDomain.Host, "expect", KeywordSpan(s, "expect"));
                var condition = BindCondition(s.Condition);
                var message = s.Message is null ? null : BindConverted(s.Message, TypeSymbol.String);
                _lastCompletes = true;
                return new BoundExpect(s, condition, message, Describe(s.Condition));
            }
            case ExpectBugcheckStatementSyntax s:
            {
                CheckDomain(OperationDomain.Host, "expect_bugcheck", KeywordSpan(s, "expect_bugcheck"));
                var code = BindConverted(s.Code, TypeSymbol.U32);
                var body = BindBlock(s.Body);
                _lastCompletes = true;
                return new BoundExpectBugcheck(s, code, body);
            }
            case BreakStatementSyntax s:
                if (_loopDepth == 0) _diagnostics.Add(DiagnosticCodes.JumpOutsideLoop, s.Span, "break");
                else _breakTargets[^1] = true;
                _lastCompletes = false;
                return new BoundBreak(s);
            case ContinueStatementSyntax s:
                if (_loopDepth == 0) _diagnostics.Add(DiagnosticCodes.JumpOutsideLoop, s.Span, "continue");
                _lastCompletes = false;
                return new BoundContinue(s);
            case ReturnStatementSyntax s:
            {
                var bound = BindReturn(s);
                _lastCompletes = false;
                return bound;
            }
            case ExpressionStatementSyntax s:
            {
                var e = Materialize(BindValue(s.Expression, null, allowVoid: true), null);
                _lastCompletes = true;
                return new BoundExpressionStatement(s, e);
            }
            default:
                return null;
        }
    }

    private static Text.SourceSpan KeywordSpan(SyntaxNode syntax, string keyword) =>
        new(syntax.Span.Source, syntax.Span.Start, Math.Min(keyword.Length, syntax.Span.Length));

    /// <summary>The type and converted initializer of a <c>let</c>/<c>var</c>.</summary>
    private (TypeSymbol Type, BoundExpression Initializer) BindDeclarationValue(LetStatementSyntax syntax)
    {
        if (syntax.Type is not null)
        {
            var type = BindType(syntax.Type);
            if (type.IsError) return (type, BindExpression(syntax.Initializer));
            return (type, BindConverted(syntax.Initializer, type));
        }
        var bare = syntax.Initializer;
        while (bare is ParenthesizedExpressionSyntax p) bare = p.Inner;
        if (bare is NoneLiteralSyntax || bare is ListLiteralSyntax { Elements.Length: 0 })
        {
            // Nothing to infer from: the error stands at the name that needs a type.
            _diagnostics.Add(DiagnosticCodes.CannotInfer, syntax.Name.Span, syntax.Name.Text, bare is NoneLiteralSyntax ? "'none'" : "an empty list '[]'");
            return (TypeSymbol.Error, Error(syntax.Initializer));
        }
        var initializer = BindExpression(syntax.Initializer);
        return (initializer.Type, initializer);
    }

    private BoundExpression BindCondition(ExpressionSyntax syntax)
    {
        var e = BindExpression(syntax, TypeSymbol.Bool);
        if (e.Type.IsError || e.Type.Kind == TypeKind.Bool) return e;
        _diagnostics.Add(DiagnosticCodes.ConditionNotBool, syntax.Span, e.Type.Name);
        return Error(syntax);
    }

    // ------------------------------------------------------------------ assignment

    private BoundStatement BindAssignment(AssignmentStatementSyntax syntax)
    {
        var target = BindPlace(syntax.Target);
        _lastCompletes = true;
        if (target.Type.IsError)
        {
            BindCore(syntax.Value, null);
            return new BoundExpressionStatement(syntax, target);
        }
        var type = target.Type;
        if (syntax.Operator == AssignmentOperator.Assign)
            return new BoundAssignment(syntax, target, BindConverted(syntax.Value, type));

        BoundBinaryOperatorKind op;
        BoundExpression value;
        TypeSymbol operandType = type;
        switch (syntax.Operator)
        {
            case AssignmentOperator.ShiftLeft or AssignmentOperator.ShiftRight when type.IsInteger:
                op = syntax.Operator == AssignmentOperator.ShiftLeft ? BoundBinaryOperatorKind.ShiftLeft : BoundBinaryOperatorKind.ShiftRight;
                value = BindExpression(syntax.Value);
                if (!value.Type.IsError && !value.Type.IsInteger) return CompoundError(syntax, type, value.Type);
                break;
            case not (AssignmentOperator.ShiftLeft or AssignmentOperator.ShiftRight) when type.IsInteger:
                op = CompoundKind(syntax.Operator);
                value = BindConverted(syntax.Value, type);
                break;
            case AssignmentOperator.Add when type.Kind is TypeKind.String or TypeKind.Bytes:
                op = type.Kind == TypeKind.String ? BoundBinaryOperatorKind.StringConcat : BoundBinaryOperatorKind.BytesConcat;
                value = BindConverted(syntax.Value, type);
                break;
            case AssignmentOperator.Add or AssignmentOperator.Subtract when type.Kind == TypeKind.Duration:
                op = syntax.Operator == AssignmentOperator.Add ? BoundBinaryOperatorKind.DurationAdd : BoundBinaryOperatorKind.DurationSubtract;
                value = BindConverted(syntax.Value, type);
                break;
            case AssignmentOperator.Multiply or AssignmentOperator.Divide when type.Kind == TypeKind.Duration:
                op = syntax.Operator == AssignmentOperator.Multiply ? BoundBinaryOperatorKind.DurationTimesInteger : BoundBinaryOperatorKind.DurationDivideInteger;
                value = BindConverted(syntax.Value, TypeSymbol.U64);
                break;
            default:
            {
                var v = BindExpression(syntax.Value);
                return CompoundError(syntax, type, v.Type);
            }
        }
        return new BoundCompoundAssignment(syntax, target, op, operandType, value);
    }

    private BoundStatement CompoundError(AssignmentStatementSyntax syntax, TypeSymbol target, TypeSymbol value)
    {
        if (!value.IsError)
            _diagnostics.Add(DiagnosticCodes.OperatorTypes, syntax.OperatorSpan, CompoundText(syntax.Operator), $"'{target.Name}' and '{value.Name}'");
        return new BoundExpressionStatement(syntax, Error(syntax.Target));
    }

    private static string CompoundText(AssignmentOperator op) => op switch
    {
        AssignmentOperator.Add => "+=",
        AssignmentOperator.Subtract => "-=",
        AssignmentOperator.Multiply => "*=",
        AssignmentOperator.Divide => "/=",
        AssignmentOperator.Remainder => "%=",
        AssignmentOperator.BitwiseAnd => "&=",
        AssignmentOperator.BitwiseOr => "|=",
        AssignmentOperator.BitwiseXor => "^=",
        AssignmentOperator.ShiftLeft => "<<=",
        AssignmentOperator.ShiftRight => ">>=",
        _ => "=",
    };

    private static BoundBinaryOperatorKind CompoundKind(AssignmentOperator op) => op switch
    {
        AssignmentOperator.Add => BoundBinaryOperatorKind.Add,
        AssignmentOperator.Subtract => BoundBinaryOperatorKind.Subtract,
        AssignmentOperator.Multiply => BoundBinaryOperatorKind.Multiply,
        AssignmentOperator.Divide => BoundBinaryOperatorKind.Divide,
        AssignmentOperator.Remainder => BoundBinaryOperatorKind.Remainder,
        AssignmentOperator.BitwiseAnd => BoundBinaryOperatorKind.BitwiseAnd,
        AssignmentOperator.BitwiseOr => BoundBinaryOperatorKind.BitwiseOr,
        AssignmentOperator.BitwiseXor => BoundBinaryOperatorKind.BitwiseXor,
        AssignmentOperator.ShiftLeft => BoundBinaryOperatorKind.ShiftLeft,
        _ => BoundBinaryOperatorKind.ShiftRight,
    };

    /// <summary>Binds the left side of an assignment; DS1008 when it cannot be assigned.</summary>
    private BoundExpression BindPlace(ExpressionSyntax syntax)
    {
        switch (syntax)
        {
            case ParenthesizedExpressionSyntax p:
                return BindPlace(p.Inner);
            case NameExpressionSyntax name:
            {
                var symbol = LookupName(name.Name);
                switch (symbol)
                {
                    case LocalSymbol local:
                        if (!local.IsMutable)
                            return NotAssignable(syntax, name.Name, local.IsParameter ? "parameters cannot be assigned" : "it is declared with 'let'; use 'var' to make it mutable");
                        return new BoundLocalAccess(name, local);
                    case GlobalSymbol global:
                        if (!global.IsMutable) return NotAssignable(syntax, name.Name, "it is declared with 'let'; use 'var' to make it mutable");
                        return new BoundGlobalAccess(name, global);
                    case RegisterSymbol register:
                        CheckDomain(OperationDomain.Hardware, name.Name, name.Span);
                        return new BoundRegisterAccess(name, register, null, RegisterPath.Model, null);
                    case MemorySymbol memory:
                        return new BoundMemoryAccess(name, memory, RegisterPath.Model, null);
                    case StateFieldSymbol field:
                        return new BoundHardwareStateField(name, field);
                    case ConstantSymbol:
                        return NotAssignable(syntax, name.Name, "it is a constant");
                    case null:
                        return BindName(name); // reports the unknown name (or 'hw')
                    default:
                        return NotAssignable(syntax, name.Name, "it is not a variable");
                }
            }
            case SelfExpressionSyntax:
            {
                var self = BindSelf((SelfExpressionSyntax)syntax);
                if (self.Type.IsError && self is not BoundNamespace) return self;
                return NotAssignable(syntax, "self", "assign one of its fields ('self.NAME')");
            }
            case MemberAccessSyntax member:
            {
                var bound = BindMemberAccess(member);
                switch (bound)
                {
                    case BoundErrorExpression: return bound;
                    case BoundSelfField field:
                        if (field.Type.Kind is TypeKind.SpinLock or TypeKind.WaitLock)
                            return NotAssignable(syntax, Describe(syntax), "a lock is created with the device and cannot be replaced");
                        return bound;
                    case BoundRegisterAccess { Path: not RegisterPath.HostPeek }:
                    case BoundMemoryAccess { Path: not RegisterPath.HostPeek }:
                    case BoundHardwareStateField:
                        return bound;
                    case BoundHostStateField:
                        return NotAssignable(syntax, Describe(syntax), "a test can read a device's state but not change it");
                    default:
                        return NotAssignable(syntax, Describe(syntax), "it is read-only");
                }
            }
            case IndexSyntax index:
            {
                var target = BindExpression(index.Target);
                var i = BindIndexOperand(index.Index);
                if (target.Type.IsError || i.Type.IsError) return Error(syntax);
                if (target is BoundMemoryAccess) return new BoundIndex(index, target, i, TypeSymbol.U8);
                if (target.Type is ListTypeSymbol list) return new BoundIndex(index, target, i, list.Element);
                if (target.Type.Kind == TypeKind.Bytes) return NotAssignable(syntax, Describe(syntax), "bytes are immutable; build new bytes with slices and '+'");
                _diagnostics.Add(DiagnosticCodes.NotIndexable, index.Target.Span, target.Type.Name);
                return Error(syntax);
            }
            case SliceSyntax slice:
            {
                var target = BindExpression(slice.Target);
                var start = BindIndexOperand(slice.Start);
                var end = BindIndexOperand(slice.End);
                if (target.Type.IsError || start.Type.IsError || end.Type.IsError) return Error(syntax);
                if (target is BoundMemoryAccess) return new BoundSlice(slice, target, start, end);
                return NotAssignable(syntax, Describe(syntax), "only a device memory window can be written through a slice ('hw.MEM[a..b] = data')");
            }
            default:
                return NotAssignable(syntax, Describe(syntax), "it is not a variable, a field, an element or a register");
        }
    }

    private BoundExpression NotAssignable(ExpressionSyntax syntax, string name, string reason)
    {
        _diagnostics.Add(DiagnosticCodes.AssignToImmutable, syntax.Span, name, reason);
        return Error(syntax);
    }

    // ------------------------------------------------------------------ control flow

    private BoundStatement BindIf(IfStatementSyntax syntax)
    {
        var clauses = ImmutableArray.CreateBuilder<BoundIfClause>(syntax.Clauses.Length);
        bool completes = false;
        foreach (var clause in syntax.Clauses)
        {
            var condition = BindCondition(clause.Condition);
            var body = BindBlock(clause.Body);
            completes |= _lastCompletes;
            clauses.Add(new BoundIfClause(condition, body));
        }
        BoundBlock? elseBlock = null;
        if (syntax.Else is not null)
        {
            elseBlock = BindBlock(syntax.Else);
            completes |= _lastCompletes;
        }
        else completes = true;
        _lastCompletes = completes;
        return new BoundIf(syntax, clauses.MoveToImmutable(), elseBlock);
    }

    private BoundBlock BindLoopBody(BlockSyntax body, out bool breaks)
    {
        _loopDepth++;
        _breakTargets.Add(false);
        var bound = BindBlock(body);
        breaks = _breakTargets[^1];
        _breakTargets.RemoveAt(_breakTargets.Count - 1);
        _loopDepth--;
        return bound;
    }

    private BoundStatement BindWhile(WhileStatementSyntax syntax)
    {
        var condition = BindCondition(syntax.Condition);
        var body = BindLoopBody(syntax.Body, out bool breaks);
        _lastCompletes = !(condition.ConstantValue is { Bool: true }) || breaks;
        return new BoundWhile(syntax, condition, body);
    }

    private BoundStatement BindFor(ForStatementSyntax syntax)
    {
        int mark = EnterScope();
        BoundStatement result;
        if (syntax.End is not null)
        {
            var start = BindValue(syntax.Start, null);
            var end = BindValue(syntax.End, null);
            (start, end) = MaterializePair(start, end, null);
            TypeSymbol type = TypeSymbol.Error;
            if (!start.Type.IsError && !end.Type.IsError)
            {
                type = start.Type.IsInteger && end.Type.IsInteger ? CommonIntegerType(start.Type, end.Type) ?? TypeSymbol.Error : TypeSymbol.Error;
                if (type.IsError)
                    _diagnostics.Add(DiagnosticCodes.NotIterable, syntax.Start.Span.To(syntax.End.Span), $"{start.Type.Name}..{end.Type.Name}");
                else
                {
                    start = Convert(start, type);
                    end = Convert(end, type);
                }
            }
            var variable = DeclareLocal(syntax.Variable, type, false);
            variable.IsLoopVariable = true;
            var body = BindLoopBody(syntax.Body, out _);
            result = new BoundForRange(syntax, variable, start, end, body);
        }
        else
        {
            var collection = BindExpression(syntax.Start);
            TypeSymbol type = collection.Type switch
            {
                { IsError: true } => TypeSymbol.Error,
                { Kind: TypeKind.Bytes } => TypeSymbol.U8,
                ListTypeSymbol l => l.Element,
                _ => TypeSymbol.Error,
            };
            if (type.IsError && !collection.Type.IsError) _diagnostics.Add(DiagnosticCodes.NotIterable, syntax.Start.Span, collection.Type.Name);
            var variable = DeclareLocal(syntax.Variable, type, false);
            variable.IsLoopVariable = true;
            var body = BindLoopBody(syntax.Body, out _);
            result = new BoundForEach(syntax, variable, collection, body);
        }
        LeaveScope(mark);
        _lastCompletes = true;
        return result;
    }

    private BoundStatement BindWith(WithStatementSyntax syntax)
    {
        bool allowed = CheckDomain(OperationDomain.Driver, "with", KeywordSpan(syntax, "with"));
        var target = BindExpression(syntax.Lock);
        if (!allowed) target = Error(syntax.Lock);
        LockKind kind = LockKind.SpinLock;
        switch (target.Type.Kind)
        {
            case TypeKind.SpinLock: kind = LockKind.SpinLock; break;
            case TypeKind.WaitLock: kind = LockKind.WaitLock; break;
            case TypeKind.Interrupt: kind = LockKind.Interrupt; break;
            case TypeKind.Error: break;
            default:
                _diagnostics.Add(DiagnosticCodes.InvalidLockTarget, syntax.Lock.Span, target.Type.Name);
                target = Error(syntax.Lock);
                break;
        }
        var body = BindBlock(syntax.Body);
        return new BoundWith(syntax, target, kind, body);
    }

    private BoundStatement BindAfter(AfterStatementSyntax syntax)
    {
        CheckDomain(OperationDomain.Hardware, "after", KeywordSpan(syntax, "after"));
        var delay = BindConverted(syntax.Delay, TypeSymbol.Duration);
        // The block runs later, on its own: no enclosing loop, and 'return' ends the block.
        int loopDepth = _loopDepth;
        var rule = _returnRule;
        _loopDepth = 0;
        _returnRule = ReturnRule.None;
        var body = BindBlock(syntax.Body);
        _loopDepth = loopDepth;
        _returnRule = rule;
        _lastCompletes = true;
        return new BoundAfter(syntax, delay, body);
    }

    private BoundStatement? BindPulse(PulseStatementSyntax syntax)
    {
        CheckDomain(OperationDomain.Hardware, "pulse", KeywordSpan(syntax, "pulse"));
        _lastCompletes = true;
        if (_hardwareScope is null) return null;
        if (_hardwareScope.MemberScope.TryGetValue(syntax.Line.Text, out var symbol) && symbol is InterruptLineSymbol line)
        {
            if (line.IsLevelTriggered)
            {
                _diagnostics.Add(DiagnosticCodes.InterruptLine, syntax.Line.Span,
                    $"line '{line.Name}' is level-triggered (declared with '= expr'); only a line declared without a level ('interrupt {line.Name};') can be pulsed");
                return null;
            }
            return new BoundPulse(syntax, line);
        }
        _diagnostics.Add(DiagnosticCodes.UnknownName, syntax.Line.Span, syntax.Line.Text);
        return null;
    }

    private BoundStatement BindReturn(ReturnStatementSyntax syntax)
    {
        switch (_returnRule)
        {
            case ReturnRule.Function:
            {
                var function = _function!;
                if (syntax.Value is null)
                {
                    if (!function.ReturnType.IsVoid && !function.ReturnType.IsError)
                        _diagnostics.Add(DiagnosticCodes.ReturnValueMismatch, syntax.Span, $"'{function.Name}' must return a '{function.ReturnType.Name}'");
                    return new BoundReturn(syntax, null);
                }
                if (function.ReturnType.IsVoid)
                {
                    _diagnostics.Add(DiagnosticCodes.ReturnValueMismatch, syntax.Span, $"'{function.Name}' does not return a value; declare it with '-> TYPE' or remove the value");
                    BindCore(syntax.Value, null);
                    return new BoundReturn(syntax, null);
                }
                return new BoundReturn(syntax, BindConverted(syntax.Value, function.ReturnType));
            }
            case ReturnRule.Callback:
            {
                var callback = _callback!;
                if (syntax.Value is null)
                {
                    if (callback.Descriptor.Return is CallbackReturn.Bool or CallbackReturn.RegisterValue && !callback.ReturnType.IsError)
                        _diagnostics.Add(DiagnosticCodes.ReturnValueMismatch, syntax.Span, $"'on {callback.Name}' must return a '{callback.ReturnType.Name}'");
                    return new BoundReturn(syntax, null);
                }
                if (callback.Descriptor.Return == CallbackReturn.None)
                {
                    _diagnostics.Add(DiagnosticCodes.CallbackCannotFail, syntax.Value.Span, callback.Name);
                    BindCore(syntax.Value, null);
                    return new BoundReturn(syntax, null);
                }
                return new BoundReturn(syntax, BindConverted(syntax.Value, callback.ReturnType));
            }
            case ReturnRule.Test:
                if (syntax.Value is not null)
                {
                    _diagnostics.Add(DiagnosticCodes.ReturnValueMismatch, syntax.Span, "a test does not return a value; 'return;' ends it");
                    BindCore(syntax.Value, null);
                }
                return new BoundReturn(syntax, null);
            case ReturnRule.TopLevel:
                _diagnostics.Add(DiagnosticCodes.ReturnValueMismatch, syntax.Span, "'return' cannot be used in top-level code");
                if (syntax.Value is not null) BindCore(syntax.Value, null);
                return new BoundReturn(syntax, null);
            default:
                if (syntax.Value is not null)
                {
                    _diagnostics.Add(DiagnosticCodes.ReturnValueMismatch, syntax.Span, "an 'after' block does not return a value; 'return;' ends it");
                    BindCore(syntax.Value, null);
                }
                return new BoundReturn(syntax, null);
        }
    }

    // ------------------------------------------------------------------ match

    private BoundStatement BindMatch(MatchStatementSyntax syntax)
    {
        var subject = BindExpression(syntax.Subject);
        var type = subject.Type;
        bool valid = type.IsError || type.IsInteger || type.IsEnumLike || type.Kind is TypeKind.Status or TypeKind.String or TypeKind.Bool;
        if (!valid)
        {
            _diagnostics.Add(DiagnosticCodes.InvalidPattern, syntax.Subject.Span,
                $"cannot match on a value of type '{type.Name}'; match works on integers, enums, statuses, power states, strings and bools");
            type = TypeSymbol.Error;
        }
        var arms = ImmutableArray.CreateBuilder<BoundMatchArm>(syntax.Arms.Length);
        bool completes = false, hasDefault = false;
        var covered = new HashSet<ulong>();
        foreach (var arm in syntax.Arms)
        {
            var values = ImmutableArray.CreateBuilder<ConstantValue>(arm.Patterns.Length);
            bool isDefault = false;
            foreach (var pattern in arm.Patterns)
            {
                if (pattern is WildcardPatternSyntax) { isDefault = true; continue; }
                var value = BindPattern(pattern, type);
                if (value is null) continue;
                values.Add(value);
                if (value.Kind == ConstantKind.Scalar) covered.Add(value.Bits);
            }
            hasDefault |= isDefault;
            var body = BindBlock(arm.Body);
            completes |= _lastCompletes;
            arms.Add(new BoundMatchArm(values.ToImmutable(), isDefault, body, arm));
        }
        bool exhaustive = hasDefault || type.Kind switch
        {
            TypeKind.Bool => covered.Contains(0) && covered.Contains(1),
            TypeKind.Enum => AllCovered(((EnumTypeSymbol)type).Members.Select(m => m.Value), covered),
            TypeKind.PowerState => AllCovered(BuiltinNames.PowerStates.Select(p => (ulong)p.Value), covered),
            TypeKind.SystemState => AllCovered(BuiltinNames.SystemStates.Select(p => (ulong)p.Value), covered),
            TypeKind.RequestKind => AllCovered(BuiltinNames.RequestKinds.Select(p => (ulong)p.Value), covered),
            _ => false,
        };
        _lastCompletes = completes || !exhaustive;
        return new BoundMatch(syntax, subject, arms.MoveToImmutable());
    }

    private static bool AllCovered(IEnumerable<ulong> values, HashSet<ulong> covered)
    {
        bool any = false;
        foreach (var v in values)
        {
            any = true;
            if (!covered.Contains(v)) return false;
        }
        return any;
    }

    /// <summary>A pattern's constant, of the subject's type; null after a diagnostic.</summary>
    private ConstantValue? BindPattern(PatternSyntax pattern, TypeSymbol subject)
    {
        switch (pattern)
        {
            case IntegerPatternSyntax i:
            {
                if (subject.IsError) return null;
                Int128 value = i.IsNegative ? -(Int128)i.Value : i.Value;
                if (!subject.IsInteger) return PatternError(pattern, $"an integer cannot match a value of type '{subject.Name}'");
                if (!Fits(value, subject))
                {
                    _diagnostics.Add(DiagnosticCodes.LiteralOutOfRange, pattern.Span, value.ToString(System.Globalization.CultureInfo.InvariantCulture), subject.Name);
                    return null;
                }
                return ConstantValue.Scalar(ConstantValue.Normalize(unchecked((ulong)value), subject));
            }
            case StringPatternSyntax s:
                if (subject.IsError) return null;
                if (subject.Kind != TypeKind.String) return PatternError(pattern, $"a string cannot match a value of type '{subject.Name}'");
                return ConstantValue.FromString(s.Value);
            case BoolPatternSyntax b:
                if (subject.IsError) return null;
                if (subject.Kind != TypeKind.Bool) return PatternError(pattern, $"'{(b.Value ? "true" : "false")}' cannot match a value of type '{subject.Name}'");
                return ConstantValue.FromBool(b.Value);
            case NamePatternSyntax n when n.Member is null:
            {
                var symbol = LookupName(n.Name.Text);
                switch (symbol)
                {
                    case null:
                        _diagnostics.Add(DiagnosticCodes.UnknownName, n.Name.Span, n.Name.Text);
                        return null;
                    case ConstantSymbol c:
                        EnsureConstant(c);
                        if (c.Type.IsError || subject.IsError) return null;
                        if (TypeSymbol.AreEquivalent(c.Type, subject)) return c.Value;
                        if (CanWiden(c.Type, subject)) return c.Value;
                        return PatternError(pattern, $"'{c.Name}' is a '{c.Type.Name}', but the match is on a '{subject.Name}'");
                    default:
                        return PatternError(pattern, $"'{n.Name.Text}' is not a constant; a pattern is a literal, a constant or an enum member");
                }
            }
            case NamePatternSyntax n:
            {
                var symbol = LookupName(n.Name.Text);
                if (symbol is not EnumTypeSymbol e)
                {
                    if (symbol is null) _diagnostics.Add(DiagnosticCodes.UnknownName, n.Name.Span, n.Name.Text);
                    else PatternError(pattern, $"'{n.Name.Text}' is not an enum; a pattern is a literal, a constant or an enum member");
                    return null;
                }
                var member = e.Find(n.Member!.Text);
                if (member is null)
                {
                    _diagnostics.Add(DiagnosticCodes.UnknownMember, n.Member.Span, e.Name, n.Member.Text);
                    return null;
                }
                if (subject.IsError) return null;
                if (!ReferenceEquals(e, subject)) return PatternError(pattern, $"'{e.Name}.{member.Name}' is a '{e.Name}', but the match is on a '{subject.Name}'");
                return ConstantValue.Scalar(member.Value);
            }
            default:
                return null;
        }
    }

    private ConstantValue? PatternError(PatternSyntax pattern, string message)
    {
        _diagnostics.Add(DiagnosticCodes.InvalidPattern, pattern.Span, message);
        return null;
    }
}

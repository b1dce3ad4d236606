using System.Collections.Immutable;
using DriverScript.Language.Diagnostics;
using DriverScript.Language.Symbols;
using DriverScript.Language.Syntax;

namespace DriverScript.Language.Binding;

/// <summary>Binder-internal: an integer constant whose type the context decides (§3 literal typing).</summary>
internal sealed class BoundUntypedInteger(SyntaxNode syntax, Int128 value) : BoundExpression(syntax, TypeSymbol.UntypedInteger)
{
    public override BoundNodeKind Kind => BoundNodeKind.Literal;

    public Int128 Value { get; } = value;
}

internal enum NamespaceKind : byte { Enum, Self, DriverHw, HostHw, HostState, Function, Builtin, Device, Hardware, Line }

/// <summary>Binder-internal: a name that is not a value by itself (an enum, <c>self</c>, <c>hw</c>, a function...), only before '.', '(' or as a <c>plug</c> argument.</summary>
internal sealed class BoundNamespace(SyntaxNode syntax, NamespaceKind namespaceKind, object? symbol, BoundExpression? device, string text)
    : BoundExpression(syntax, TypeSymbol.Error)
{
    public override BoundNodeKind Kind => BoundNodeKind.Error;

    public NamespaceKind NamespaceKind { get; } = namespaceKind;

    public object? Symbol { get; } = symbol;

    public BoundExpression? Device { get; } = device;

    public string Text { get; } = text;
}

public sealed partial class Binder
{
    private BoundErrorExpression Error(SyntaxNode syntax) => new(syntax);

    /// <summary>Binds a value and gives an untyped literal its type (the expected one when it is an integer type, else §3's default).</summary>
    private BoundExpression BindExpression(ExpressionSyntax syntax, TypeSymbol? expected = null) =>
        Materialize(BindValue(syntax, expected), expected);

    /// <summary>Binds a value and converts it implicitly to <paramref name="target"/> (DS1003 / DS1015 when it cannot be).</summary>
    private BoundExpression BindConverted(ExpressionSyntax syntax, TypeSymbol target) =>
        Convert(BindValue(syntax, target), target);

    /// <summary>Binds an expression that must be a value (not a type, function, <c>self</c>...), possibly still untyped.</summary>
    private BoundExpression BindValue(ExpressionSyntax syntax, TypeSymbol? expected, bool allowVoid = false)
    {
        var e = BindCore(syntax, expected);
        if (e is BoundNamespace ns)
        {
            ReportNotValue(ns);
            return Error(syntax);
        }
        if (!allowVoid && e.Type.IsVoid)
        {
            _diagnostics.Add(DiagnosticCodes.ValueNotUsable, syntax.Span, $"'{Describe(syntax)}' returns no value");
            return Error(syntax);
        }
        return e;
    }

    private void ReportNotValue(BoundNamespace ns)
    {
        string message = ns.NamespaceKind switch
        {
            NamespaceKind.Enum => $"'{ns.Text}' is an enum type, not a value; name a member ('{ns.Text}.NAME')",
            NamespaceKind.Self => "'self' is not a value; name one of its fields ('self.NAME')",
            NamespaceKind.DriverHw or NamespaceKind.HostHw => $"'{ns.Text}' is not a value; name a register ('{ns.Text}.REG')",
            NamespaceKind.HostState => $"'{ns.Text}' is not a value; name a field ('{ns.Text}.NAME')",
            NamespaceKind.Function or NamespaceKind.Builtin => $"'{ns.Text}' is a function; call it",
            NamespaceKind.Device => $"'{ns.Text}' is a device, not a value; 'plug({ns.Text})' makes one",
            NamespaceKind.Hardware => $"'{ns.Text}' is a hardware model, not a value",
            _ => $"'{ns.Text}' is an interrupt line; use 'pulse {ns.Text};'",
        };
        _diagnostics.Add(DiagnosticCodes.ValueNotUsable, ns.Syntax.Span, message);
    }

    private static string Describe(ExpressionSyntax syntax)
    {
        var text = syntax.Span.Source?.Text;
        if (text is null) return "expression";
        int length = Math.Min(syntax.Span.Length, 60);
        return text.Substring(syntax.Span.Start, length);
    }

    private BoundExpression BindCore(ExpressionSyntax syntax, TypeSymbol? expected)
    {
        // The depth limit keeps every later tree walk shallow; the stack probe protects threads with small stacks.
        if (++_depth > MaxExpressionDepth || !System.Runtime.CompilerServices.RuntimeHelpers.TryEnsureSufficientExecutionStack())
        {
            _depth--;
            if (!_depthReported)
            {
                _depthReported = true;
                _diagnostics.Add(DiagnosticCodes.NestingTooDeep, syntax.Span, MaxExpressionDepth);
            }
            return Error(syntax);
        }
        try
        {
            switch (syntax)
            {
                case IntegerLiteralSyntax i: return new BoundUntypedInteger(i, i.Value);
                case DurationLiteralSyntax d: return new BoundLiteral(d, TypeSymbol.Duration, ConstantValue.Scalar(d.Nanoseconds));
                case StringLiteralSyntax s: return new BoundLiteral(s, TypeSymbol.String, ConstantValue.FromString(s.Value));
                case BytesLiteralSyntax b: return new BoundLiteral(b, TypeSymbol.Bytes, ConstantValue.FromBytes(b.Value));
                case BoolLiteralSyntax b: return new BoundLiteral(b, TypeSymbol.Bool, ConstantValue.FromBool(b.Value));
                case NoneLiteralSyntax n: return new BoundLiteral(n, TypeSymbol.NoneType, ConstantValue.None);
                case NameExpressionSyntax n: return BindName(n);
                case SelfExpressionSyntax s: return BindSelf(s);
                case ParenthesizedExpressionSyntax p: return BindCore(p.Inner, expected);
                case ListLiteralSyntax l: return BindListLiteral(l, expected);
                case UnaryExpressionSyntax u: return BindUnary(u, expected);
                case BinaryExpressionSyntax b: return BindBinary(b, expected);
                case MemberAccessSyntax m: return BindMemberAccess(m);
                case CallSyntax c: return BindCall(c);
                case IndexSyntax i: return BindIndex(i);
                case SliceSyntax s: return BindSlice(s);
                case UnwrapSyntax u: return BindUnwrap(u);
                case CastSyntax c: return BindCast(c);
                default: return Error(syntax);
            }
        }
        finally
        {
            _depth--;
        }
    }

    // ------------------------------------------------------------------ names

    private BoundExpression BindName(NameExpressionSyntax syntax)
    {
        var symbol = LookupName(syntax.Name);
        switch (symbol)
        {
            case null:
                if (syntax.Name == "hw") return BindHw(syntax);
                _diagnostics.Add(DiagnosticCodes.UnknownName, syntax.Span, syntax.Name);
                return Error(syntax);
            case LocalSymbol local:
                local.IsRead = true;
                return new BoundLocalAccess(syntax, local);
            case GlobalSymbol global:
                return new BoundGlobalAccess(syntax, global);
            case ConstantSymbol constant:
                EnsureConstant(constant);
                if (constant.Type.IsError) return Error(syntax);
                return new BoundLiteral(syntax, constant.Type, constant.Value, constant);
            case EnumTypeSymbol e:
                return new BoundNamespace(syntax, NamespaceKind.Enum, e, null, syntax.Name);
            case FunctionSymbol f:
                return new BoundNamespace(syntax, NamespaceKind.Function, f, null, syntax.Name);
            case BuiltinFunction b:
                return new BoundNamespace(syntax, NamespaceKind.Builtin, b, null, syntax.Name);
            case DeviceSymbol d:
                return new BoundNamespace(syntax, NamespaceKind.Device, d, null, syntax.Name);
            case HardwareModelSymbol h:
                return new BoundNamespace(syntax, NamespaceKind.Hardware, h, null, syntax.Name);
            case InterruptLineSymbol line:
                return new BoundNamespace(syntax, NamespaceKind.Line, line, null, syntax.Name);
            case QueueSymbol q:
                return new BoundDeviceObject(syntax, q, TypeSymbol.Queue);
            case TimerSymbol t:
                return new BoundDeviceObject(syntax, t, TypeSymbol.Timer);
            case WorkItemSymbol w:
                return new BoundDeviceObject(syntax, w, TypeSymbol.WorkItem);
            case InterruptSymbol i:
                return new BoundDeviceObject(syntax, i, TypeSymbol.Interrupt);
            case StateFieldSymbol f:
                return new BoundHardwareStateField(syntax, f);
            case RegisterSymbol r:
                return new BoundRegisterAccess(syntax, r, null, RegisterPath.Model, null);
            case MemorySymbol m:
                return new BoundMemoryAccess(syntax, m, RegisterPath.Model, null);
            default:
                _diagnostics.Add(DiagnosticCodes.UnknownName, syntax.Span, syntax.Name);
                return Error(syntax);
        }
    }

    private BoundExpression BindHw(NameExpressionSyntax syntax)
    {
        if (_device is null || _bodyKind != BodyKind.Driver)
        {
            _diagnostics.Add(DiagnosticCodes.NoHardware, syntax.Span, "'hw' is only available in the code of a device that 'uses' a hardware model");
            return Error(syntax);
        }
        if (_device.Hardware is null)
        {
            _diagnostics.Add(DiagnosticCodes.NoHardware, syntax.Span,
                $"device '{_device.Name}' does not use a hardware model, so 'hw' is not available; add 'uses NAME;'");
            return Error(syntax);
        }
        return new BoundNamespace(syntax, NamespaceKind.DriverHw, _device.Hardware, null, "hw");
    }

    private BoundExpression BindSelf(SelfExpressionSyntax syntax)
    {
        if (_device is null || _bodyKind != BodyKind.Driver)
        {
            _diagnostics.Add(DiagnosticCodes.SelfOutsideDevice, syntax.Span);
            return Error(syntax);
        }
        return new BoundNamespace(syntax, NamespaceKind.Self, _device, null, "self");
    }

    // ------------------------------------------------------------------ literal typing and conversions

    /// <summary>Gives an untyped integer its type: the expected integer type, else u32 if it fits, else u64; negative: i64.</summary>
    private BoundExpression Materialize(BoundExpression e, TypeSymbol? expected)
    {
        if (e is BoundUntypedInteger u)
        {
            TypeSymbol? target = expected switch
            {
                { IsInteger: true } => expected,
                OptionalTypeSymbol { Underlying.IsInteger: true } o => o.Underlying,
                _ => DefaultIntegerType(u.Value),
            };
            if (target is null || !Fits(u.Value, target))
            {
                _diagnostics.Add(DiagnosticCodes.LiteralOutOfRange, e.Syntax.Span, u.Value.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    (target ?? (u.Value < 0 ? TypeSymbol.I64 : TypeSymbol.U64)).Name);
                return Error(e.Syntax);
            }
            return new BoundLiteral(e.Syntax, target, ConstantValue.Scalar(ConstantValue.Normalize(unchecked((ulong)u.Value), target)));
        }
        if (e.Type.Kind == TypeKind.None)
        {
            if (expected is OptionalTypeSymbol) return new BoundLiteral(e.Syntax, expected, ConstantValue.None);
            _diagnostics.Add(DiagnosticCodes.CannotInfer, e.Syntax.Span, "none", "its use");
            return Error(e.Syntax);
        }
        return e;
    }

    private static TypeSymbol? DefaultIntegerType(Int128 value)
    {
        if (value >= 0)
        {
            if (value <= uint.MaxValue) return TypeSymbol.U32;
            if (value <= ulong.MaxValue) return TypeSymbol.U64;
            return null;
        }
        return value >= long.MinValue ? TypeSymbol.I64 : null;
    }

    private static bool Fits(Int128 value, TypeSymbol type) => type.Kind switch
    {
        TypeKind.U8 => value >= 0 && value <= byte.MaxValue,
        TypeKind.U16 => value >= 0 && value <= ushort.MaxValue,
        TypeKind.U32 => value >= 0 && value <= uint.MaxValue,
        TypeKind.U64 => value >= 0 && value <= ulong.MaxValue,
        TypeKind.I32 => value >= int.MinValue && value <= int.MaxValue,
        TypeKind.I64 => value >= long.MinValue && value <= long.MaxValue,
        _ => false,
    };

    /// <summary>§3: u8→u16→u32→u64, i32→i64, u8/u16/u32→i64.</summary>
    internal static bool CanWiden(TypeSymbol from, TypeSymbol to) => from.Kind switch
    {
        TypeKind.U8 => to.Kind is TypeKind.U16 or TypeKind.U32 or TypeKind.U64 or TypeKind.I64,
        TypeKind.U16 => to.Kind is TypeKind.U32 or TypeKind.U64 or TypeKind.I64,
        TypeKind.U32 => to.Kind is TypeKind.U64 or TypeKind.I64,
        TypeKind.I32 => to.Kind is TypeKind.I64,
        _ => false,
    };

    /// <summary>Whether a value of <paramref name="from"/> converts implicitly to <paramref name="to"/>.</summary>
    internal static bool IsImplicitlyConvertible(TypeSymbol from, TypeSymbol to)
    {
        if (TypeSymbol.AreEquivalent(from, to) || from.IsError || to.IsError) return true;
        if (CanWiden(from, to)) return true;
        if (to is OptionalTypeSymbol o) return from.Kind == TypeKind.None || TypeSymbol.AreEquivalent(from, o.Underlying) || CanWiden(from, o.Underlying);
        return false;
    }

    /// <summary>Converts implicitly (widening, wrapping into an optional); DS1003 otherwise.</summary>
    private BoundExpression Convert(BoundExpression e, TypeSymbol target)
    {
        e = Materialize(e, target);
        var from = e.Type;
        if (from.IsError || target.IsError || TypeSymbol.AreEquivalent(from, target)) return e;
        if (CanWiden(from, target)) return Widen(e, target);
        if (target is OptionalTypeSymbol optional)
        {
            var inner = optional.Underlying;
            if (TypeSymbol.AreEquivalent(from, inner) || CanWiden(from, inner))
                return new BoundConversion(e.Syntax, CanWiden(from, inner) ? Widen(e, inner) : e, target, ConversionKind.WrapOptional, false);
        }
        _diagnostics.Add(DiagnosticCodes.CannotConvert, e.Syntax.Span, from.Name, target.Name);
        return Error(e.Syntax);
    }

    private static BoundExpression Widen(BoundExpression e, TypeSymbol target)
    {
        if (e.ConstantValue is { } c) return new BoundLiteral(e.Syntax, target, c);
        return new BoundConversion(e.Syntax, e, target, ConversionKind.Widening, false);
    }

    // ------------------------------------------------------------------ lists, casts, unwrap, index, slice

    private BoundExpression BindListLiteral(ListLiteralSyntax syntax, TypeSymbol? expected)
    {
        if (expected is OptionalTypeSymbol o) expected = o.Underlying;
        if (expected?.Kind == TypeKind.Bytes)
        {
            var elements = ImmutableArray.CreateBuilder<BoundExpression>(syntax.Elements.Length);
            bool constant = true, error = false;
            foreach (var element in syntax.Elements)
            {
                var bound = BindConverted(element, TypeSymbol.U8);
                error |= bound.Type.IsError;
                constant &= bound.ConstantValue is not null;
                elements.Add(bound);
            }
            if (error) return Error(syntax);
            if (constant)
            {
                var bytes = new byte[elements.Count];
                for (int i = 0; i < bytes.Length; i++) bytes[i] = (byte)elements[i].ConstantValue!.Bits;
                return new BoundLiteral(syntax, TypeSymbol.Bytes, ConstantValue.FromBytes(ImmutableArray.Create(bytes)));
            }
            return new BoundBytesFromList(syntax, elements.MoveToImmutable());
        }
        TypeSymbol? elementType = (expected as ListTypeSymbol)?.Element;
        if (syntax.Elements.Length == 0)
        {
            if (elementType is null)
            {
                _diagnostics.Add(DiagnosticCodes.CannotInfer, syntax.Span, "[]", "an empty list");
                return Error(syntax);
            }
            return new BoundListLiteral(syntax, ImmutableArray<BoundExpression>.Empty, elementType.ListOf());
        }
        var items = ImmutableArray.CreateBuilder<BoundExpression>(syntax.Elements.Length);
        bool failed = false;
        foreach (var element in syntax.Elements)
        {
            BoundExpression bound;
            if (elementType is null)
            {
                bound = BindExpression(element);
                if (!bound.Type.IsError) elementType = bound.Type;
            }
            else bound = BindConverted(element, elementType);
            failed |= bound.Type.IsError;
            items.Add(bound);
        }
        if (failed || elementType is null) return Error(syntax);
        return new BoundListLiteral(syntax, items.MoveToImmutable(), elementType.ListOf());
    }

    private BoundExpression BindCast(CastSyntax syntax)
    {
        var target = BindType(syntax.Type);
        var operand = BindValue(syntax.Operand, null);
        if (target.IsError || operand.Type.IsError) return Error(syntax);
        if (operand is BoundUntypedInteger u)
        {
            if (target.IsInteger && Fits(u.Value, target)) return Relabel(Materialize(u, target), syntax);
            operand = Materialize(u, null);
            if (operand.Type.IsError) return operand;
        }
        if (operand.Type.Kind == TypeKind.None)
        {
            if (target is OptionalTypeSymbol) return new BoundLiteral(syntax, target, ConstantValue.None);
            _diagnostics.Add(DiagnosticCodes.InvalidCast, syntax.Span, "none", target.Name);
            return Error(syntax);
        }
        var from = operand.Type;
        if (TypeSymbol.AreEquivalent(from, target)) return operand;
        if (target is OptionalTypeSymbol && IsImplicitlyConvertible(from, target)) return Convert(operand, target);
        if (IsNumericCast(from, target))
        {
            if (operand.ConstantValue is { } c)
                return new BoundLiteral(syntax, target, ConstantValue.Scalar(ConstantValue.Normalize(c.Bits, target)));
            return new BoundConversion(syntax, operand, target, ConversionKind.Numeric, true);
        }
        _diagnostics.Add(DiagnosticCodes.InvalidCast, syntax.Span, from.Name, target.Name);
        return Error(syntax);
    }

    private static BoundExpression Relabel(BoundExpression e, SyntaxNode syntax) =>
        e is BoundLiteral l ? new BoundLiteral(syntax, l.Type, l.Value) : e;

    /// <summary><c>as</c> between an integer and an integer, enum, status, power state or duration.</summary>
    private static bool IsNumericCast(TypeSymbol from, TypeSymbol to)
    {
        static bool Numeric(TypeSymbol t) => t.IsInteger || t.IsEnumLike || t.Kind is TypeKind.Status or TypeKind.Duration;
        return Numeric(from) && Numeric(to) && (from.IsInteger || to.IsInteger);
    }

    private BoundExpression BindUnwrap(UnwrapSyntax syntax)
    {
        var operand = BindExpression(syntax.Operand);
        if (operand.Type.IsError) return Error(syntax);
        if (operand.Type is OptionalTypeSymbol o) return new BoundUnwrap(syntax, operand, o.Underlying);
        _diagnostics.Add(DiagnosticCodes.NotOptional, syntax.Span, operand.Type.Name);
        return Error(syntax);
    }

    private BoundExpression BindIndexOperand(ExpressionSyntax syntax)
    {
        var index = BindExpression(syntax);
        if (index.Type.IsError || index.Type.IsUnsignedInteger) return index;
        _diagnostics.Add(DiagnosticCodes.CannotConvert, syntax.Span, index.Type.Name, "u32");
        return Error(syntax);
    }

    private BoundExpression BindIndex(IndexSyntax syntax)
    {
        var target = BindExpression(syntax.Target);
        var index = BindIndexOperand(syntax.Index);
        if (target.Type.IsError || index.Type.IsError) return Error(syntax);
        switch (target.Type)
        {
            case { Kind: TypeKind.Bytes }:
                return new BoundIndex(syntax, target, index, TypeSymbol.U8);
            case ListTypeSymbol l:
                return new BoundIndex(syntax, target, index, l.Element);
            default:
                _diagnostics.Add(DiagnosticCodes.NotIndexable, syntax.Target.Span, target.Type.Name);
                return Error(syntax);
        }
    }

    private BoundExpression BindSlice(SliceSyntax syntax)
    {
        var target = BindExpression(syntax.Target);
        var start = BindIndexOperand(syntax.Start);
        var end = BindIndexOperand(syntax.End);
        if (target.Type.IsError || start.Type.IsError || end.Type.IsError) return Error(syntax);
        if (target.Type.Kind is TypeKind.Bytes or TypeKind.List) return new BoundSlice(syntax, target, start, end);
        _diagnostics.Add(DiagnosticCodes.NotIndexable, syntax.Target.Span, target.Type.Name);
        return Error(syntax);
    }
}

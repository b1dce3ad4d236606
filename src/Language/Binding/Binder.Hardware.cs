using System.Collections.Immutable;
using DriverScript.Language.Diagnostics;
using DriverScript.Language.Symbols;
using DriverScript.Language.Syntax;

namespace DriverScript.Language.Binding;

public sealed partial class Binder
{
    private readonly Dictionary<RegisterSymbol, RegisterDeclarationSyntax> _registerSyntax = new();
    private readonly Dictionary<InterruptLineSymbol, HardwareLineDeclarationSyntax> _lineSyntax = new();

    private static TypeSymbol RegisterTypeOfWidth(int bits) => bits switch
    {
        8 => TypeSymbol.U8,
        16 => TypeSymbol.U16,
        64 => TypeSymbol.U64,
        _ => TypeSymbol.U32,
    };

    private void BindExternalHardwareShape(HardwareModelSymbol hardware, ExternalHardwareModel model)
    {
        var registers = ImmutableArray.CreateBuilder<RegisterSymbol>();
        foreach (var r in model.Registers)
        {
            var register = new RegisterSymbol(r.Name, hardware, registers.Count, null)
            {
                Offset = r.Offset,
                Type = RegisterTypeOfWidth(r.WidthBits),
                Access = r.Access,
            };
            var fields = ImmutableArray.CreateBuilder<RegisterFieldSymbol>();
            foreach (var f in r.Fields)
                fields.Add(new RegisterFieldSymbol(f.Name, register, fields.Count, null) { High = f.High, Low = f.Low, Access = f.Access });
            register.Fields = fields.ToImmutable();
            registers.Add(register);
            hardware.MemberScope.TryAdd(r.Name, register);
        }
        var memories = ImmutableArray.CreateBuilder<MemorySymbol>();
        foreach (var m in model.Memories)
        {
            var memory = new MemorySymbol(m.Name, hardware, memories.Count, null) { Offset = m.Offset, Size = m.Size };
            memories.Add(memory);
            hardware.MemberScope.TryAdd(m.Name, memory);
        }
        var lines = ImmutableArray.CreateBuilder<InterruptLineSymbol>();
        foreach (var name in model.InterruptLines)
        {
            var line = new InterruptLineSymbol(name, hardware, lines.Count, null);
            lines.Add(line);
            hardware.MemberScope.TryAdd(name, line);
        }
        hardware.Registers = registers.ToImmutable();
        hardware.Memories = memories.ToImmutable();
        hardware.Lines = lines.ToImmutable();
    }

    private bool DeclareHardwareMember(HardwareModelSymbol hardware, NameSyntax name, Symbol symbol)
    {
        if (hardware.MemberScope.TryGetValue(name.Text, out var existing))
        {
            _diagnostics.Add(DiagnosticCodes.DuplicateDeclaration, name.Span, name.Text, DescribeDeclaration(existing));
            return false;
        }
        hardware.MemberScope.Add(name.Text, symbol);
        return true;
    }

    private void BindHardwareShape(HardwareModelSymbol hardware)
    {
        var registers = new List<RegisterSymbol>();
        var memories = new List<MemorySymbol>();
        var lines = new List<InterruptLineSymbol>();
        var functions = new List<FunctionSymbol>();
        var fields = new List<StateFieldSymbol>();
        var handlers = new List<CallbackSymbol>();
        // Occupied address ranges, in source order, for the overlap check.
        var ranges = new List<(ulong Start, ulong End, string Name)>();
        var widthRules = new List<WidthRule>();
        bool sizeGiven = false;

        foreach (var member in hardware.Syntax!.Members)
        {
            switch (member)
            {
                case RegistersBlockSyntax block:
                {
                    var seen = new HashSet<string>(StringComparer.Ordinal);
                    var spacePolicy = new WidthPolicySettings();
                    foreach (var s in block.Settings)
                    {
                        switch (s.Name.Text)
                        {
                            case "widths" or "aligned" or "rejected":
                                if (!CheckSettingOnce(seen, s, "registers(...)")) break;
                                BindWidthSetting(spacePolicy, s);
                                break;
                            case "narrow":
                                if (!CheckSettingOnce(seen, s, "registers(...)")) break;
                                switch (SettingWord(s.Value))
                                {
                                    case "zero_extend": hardware.NarrowZeroExtends = true; break;
                                    case "unmapped": hardware.NarrowZeroExtends = false; break;
                                    default:
                                        _diagnostics.Add(DiagnosticCodes.UnknownSetting, s.Value.Span, "'narrow' is 'unmapped' or 'zero_extend'");
                                        break;
                                }
                                break;
                            case "size":
                                if (!CheckSettingOnce(seen, s, "registers(...)")) break;
                                if (BindConstantExpression(s.Value, TypeSymbol.U64, "the size of the register space") is { } size)
                                {
                                    hardware.Size = size.Bits;
                                    sizeGiven = true;
                                }
                                break;
                            case "unmapped":
                                if (!CheckSettingOnce(seen, s, "registers(...)")) break;
                                switch (SettingWord(s.Value))
                                {
                                    case "ones": hardware.UnmappedReadsOnes = true; break;
                                    case "zeros": hardware.UnmappedReadsOnes = false; break;
                                    default:
                                        _diagnostics.Add(DiagnosticCodes.UnknownSetting, s.Value.Span, "'unmapped' is 'ones' or 'zeros'");
                                        break;
                                }
                                break;
                            default:
                                _diagnostics.Add(DiagnosticCodes.UnknownSetting, s.Name.Span,
                                    $"unknown registers setting '{s.Name.Text}'; expected size, unmapped, widths, aligned, rejected or narrow");
                                break;
                        }
                    }
                    if (spacePolicy.Given)
                        widthRules.Add(spacePolicy.ToRule(0, sizeGiven ? hardware.Size : ulong.MaxValue));
                    foreach (var item in block.Members)
                    {
                        if (item is RegisterDeclarationSyntax r)
                        {
                            var register = BindRegisterShape(hardware, r, registers.Count);
                            if (register is null) continue;
                            registers.Add(register);
                            CheckRange(hardware, sizeGiven, ranges, r.Name, register.Offset, (ulong)register.WidthBytes);
                        }
                        else if (item is MemoryDeclarationSyntax m)
                        {
                            var memory = new MemorySymbol(m.Name.Text, hardware, memories.Count, m.Name.Span);
                            if (!DeclareHardwareMember(hardware, m.Name, memory)) continue;
                            memories.Add(memory);
                            var offset = BindConstantExpression(m.Offset, TypeSymbol.U64, "a memory window's offset");
                            var size = BindConstantExpression(m.Size, TypeSymbol.U64, "a memory window's size");
                            if (offset is null || size is null) continue;
                            memory.Offset = offset.Bits;
                            memory.Size = size.Bits;
                            memory.Hidden = m.Hidden;
                            CheckRange(hardware, sizeGiven, ranges, m.Name, memory.Offset, memory.Size);
                        }
                        else if (item is AccessRuleSyntax rule && BindAccessRule(hardware, sizeGiven, rule) is { } bound)
                        {
                            widthRules.Add(bound);
                        }
                    }
                    break;
                }
                case HardwareLineDeclarationSyntax l:
                {
                    var line = new InterruptLineSymbol(l.Name.Text, hardware, lines.Count, l.Name.Span);
                    if (!DeclareHardwareMember(hardware, l.Name, line)) break;
                    lines.Add(line);
                    _lineSyntax[line] = l;
                    break;
                }
                case FunctionDeclarationSyntax f:
                {
                    var function = new FunctionSymbol(f.Name.Text, f, hardware);
                    if (!DeclareHardwareMember(hardware, f.Name, function)) break;
                    functions.Add(function);
                    _functions.Add(function);
                    break;
                }
                case StateBlockSyntax state:
                    foreach (var f in state.Fields)
                    {
                        var field = new StateFieldSymbol(f.Name.Text, BindType(f.Type), fields.Count, f.Name.Span);
                        if (!DeclareHardwareMember(hardware, f.Name, field)) continue;
                        fields.Add(field);
                        _stateFieldSyntax[field] = f;
                    }
                    break;
                case HandlerDeclarationSyntax h:
                    CreateCallback(h, CallbackContext.Hardware, hardware, handlers, null);
                    break;
            }
        }
        hardware.Registers = registers.ToImmutableArray();
        hardware.Memories = memories.ToImmutableArray();
        hardware.WidthRules = widthRules.ToImmutableArray();
        hardware.Lines = lines.ToImmutableArray();
        hardware.Functions = functions.ToImmutableArray();
        hardware.StateFields = fields.ToImmutableArray();
        hardware.Reset = handlers.Count > 0 ? handlers[0] : null;
        foreach (var f in functions) BindFunctionSignature(f);
    }

    /// <summary>The <c>widths</c>, <c>aligned</c> and <c>rejected</c> settings of one width rule, with their defaults.</summary>
    private sealed class WidthPolicySettings
    {
        public bool Given { get; set; }

        public int Widths { get; set; } = 1 | 2 | 4 | 8;

        public bool Aligned { get; set; } = true;

        public RejectedReadValue Rejected { get; set; } = RejectedReadValue.Unmapped;

        public WidthRule ToRule(ulong start, ulong end) => new(start, end, Widths, Aligned, Rejected);
    }

    /// <summary>Binds <c>widths = 4 | 8</c>, <c>aligned = false</c> or <c>rejected = zeros</c> into <paramref name="policy"/>.</summary>
    private void BindWidthSetting(WidthPolicySettings policy, SettingSyntax s)
    {
        policy.Given = true;
        switch (s.Name.Text)
        {
            case "widths":
                if (BindWidthSet(s.Value) is { } widths) policy.Widths = widths;
                break;
            case "aligned":
                if (BindConstantExpression(s.Value, TypeSymbol.Bool, "'aligned'") is { } aligned) policy.Aligned = aligned.Bits != 0;
                break;
            default:
                switch (SettingWord(s.Value))
                {
                    case "unmapped": policy.Rejected = RejectedReadValue.Unmapped; break;
                    case "zeros": policy.Rejected = RejectedReadValue.Zeros; break;
                    case "ones": policy.Rejected = RejectedReadValue.Ones; break;
                    default:
                        _diagnostics.Add(DiagnosticCodes.UnknownSetting, s.Value.Span, "'rejected' is 'unmapped', 'zeros' or 'ones'");
                        break;
                }
                break;
        }
    }

    /// <summary>
    /// A set of access widths written as constants joined by <c>|</c> (<c>4 | 8</c>): each must be 1, 2,
    /// 4 or 8, and the set is their union as bit flags. Null (with a diagnostic) when one is not.
    /// </summary>
    private int? BindWidthSet(ExpressionSyntax syntax)
    {
        switch (syntax)
        {
            case ParenthesizedExpressionSyntax p:
                return BindWidthSet(p.Inner);
            case BinaryExpressionSyntax { Operator: BinaryOperator.BitwiseOr } or:
            {
                var left = BindWidthSet(or.Left);
                var right = BindWidthSet(or.Right);
                return left is null || right is null ? null : left | right;
            }
            default:
                if (BindConstantExpression(syntax, TypeSymbol.U64, "an access width") is not { } width) return null;
                if (width.Bits is 1 or 2 or 4 or 8) return (int)width.Bits;
                _diagnostics.Add(DiagnosticCodes.InvalidWidthPolicy, syntax.Span,
                    $"an access width is 1, 2, 4 or 8 bytes, not {width.Bits}; several are joined with '|' (widths = 4 | 8)");
                return null;
        }
    }

    /// <summary><c>access @ start..end : settings;</c>: a width rule over part of the register space.</summary>
    private WidthRule? BindAccessRule(HardwareModelSymbol hardware, bool sizeGiven, AccessRuleSyntax syntax)
    {
        var policy = new WidthPolicySettings();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var s in syntax.Settings)
        {
            if (s.Name.Text is "widths" or "aligned" or "rejected")
            {
                if (CheckSettingOnce(seen, s, "access @ ...")) BindWidthSetting(policy, s);
            }
            else
            {
                _diagnostics.Add(DiagnosticCodes.UnknownSetting, s.Name.Span, $"unknown access setting '{s.Name.Text}'; expected widths, aligned or rejected");
            }
        }
        var start = BindConstantExpression(syntax.Start, TypeSymbol.U64, "the start of an access range");
        var end = BindConstantExpression(syntax.End, TypeSymbol.U64, "the end of an access range");
        if (start is null || end is null) return null;
        var range = syntax.Start.Span.To(syntax.End.Span);
        if (end.Bits <= start.Bits)
        {
            _diagnostics.Add(DiagnosticCodes.InvalidWidthPolicy, range,
                $"the access range 0x{start.Bits:X}..0x{end.Bits:X} is empty; the end is exclusive and comes after the start");
            return null;
        }
        if (sizeGiven && end.Bits > hardware.Size)
        {
            _diagnostics.Add(DiagnosticCodes.InvalidWidthPolicy, range,
                $"the access range 0x{start.Bits:X}..0x{end.Bits:X} ends past the register space of size 0x{hardware.Size:X}");
            return null;
        }
        return policy.ToRule(start.Bits, end.Bits);
    }

    private void CheckRange(HardwareModelSymbol hardware, bool sizeGiven, List<(ulong Start, ulong End, string Name)> ranges, NameSyntax name, ulong offset, ulong length)
    {
        ulong end = offset + length;
        if (sizeGiven && (end > hardware.Size || end < offset))
        {
            _diagnostics.Add(DiagnosticCodes.RegisterOutsideSize, name.Span, name.Text, offset, length, hardware.Size);
            return;
        }
        foreach (var (start, otherEnd, other) in ranges)
        {
            if (offset < otherEnd && start < end)
            {
                _diagnostics.Add(DiagnosticCodes.RegisterOverlap, name.Span, name.Text, offset, other, start);
                return;
            }
        }
        ranges.Add((offset, end, name.Text));
    }

    private RegisterSymbol? BindRegisterShape(HardwareModelSymbol hardware, RegisterDeclarationSyntax syntax, int index)
    {
        var register = new RegisterSymbol(syntax.Name.Text, hardware, index, syntax.Name.Span);
        if (!DeclareHardwareMember(hardware, syntax.Name, register)) return null;
        _registerSyntax[register] = syntax;
        var type = BindType(syntax.Type);
        if (!type.IsError && !type.IsUnsignedInteger)
        {
            _diagnostics.Add(DiagnosticCodes.InvalidRegisterType, syntax.Type.Span, type.Name);
            type = TypeSymbol.U32;
        }
        register.Type = type.IsError ? TypeSymbol.U32 : type;
        register.Offset = BindConstantExpression(syntax.Offset, TypeSymbol.U64, "a register's offset")?.Bits ?? 0;
        register.Access = syntax.Access?.Mode ?? AccessMode.ReadWrite;
        if (syntax.Reset is not null && BindConstantExpression(syntax.Reset, register.Type, $"the reset value of '{register.Name}'") is { } reset)
            register.ResetValue = reset.Bits;

        var fields = new List<RegisterFieldSymbol>();
        var handlers = new List<CallbackSymbol>();
        int width = register.Type.BitWidth;
        foreach (var member in syntax.Members)
        {
            switch (member)
            {
                case FieldDeclarationSyntax f:
                {
                    var field = new RegisterFieldSymbol(f.Name.Text, register, fields.Count, f.Name.Span) { Access = f.Access.Mode };
                    if (register.FindField(f.Name.Text) is not null || fields.Exists(x => x.Name == f.Name.Text))
                    {
                        _diagnostics.Add(DiagnosticCodes.DuplicateDeclaration, f.Name.Span, f.Name.Text, $"as a field of '{register.Name}'");
                        continue;
                    }
                    var hi = BindConstantExpression(f.High, TypeSymbol.U32, "a field's bit number");
                    var lo = f.Low is null ? hi : BindConstantExpression(f.Low, TypeSymbol.U32, "a field's bit number");
                    if (hi is null || lo is null) continue;
                    if (hi.Bits < lo.Bits)
                    {
                        _diagnostics.Add(DiagnosticCodes.FieldOutsideRegister, f.Name.Span,
                            $"field '{f.Name.Text}' is written [{hi.Bits}:{lo.Bits}]; the high bit comes first: [{lo.Bits}:{hi.Bits}]");
                        continue;
                    }
                    if (hi.Bits >= (ulong)width)
                    {
                        _diagnostics.Add(DiagnosticCodes.FieldOutsideRegister, f.Name.Span,
                            $"field '{f.Name.Text}' [{hi.Bits}:{lo.Bits}] lies outside the {width} bits of register '{register.Name}' ({register.Type.Name})");
                        continue;
                    }
                    field.High = (int)hi.Bits;
                    field.Low = (int)lo.Bits;
                    var clash = fields.Find(x => (x.Mask & field.Mask) != 0);
                    if (clash is not null)
                    {
                        _diagnostics.Add(DiagnosticCodes.FieldOutsideRegister, f.Name.Span, $"field '{f.Name.Text}' overlaps field '{clash.Name}' of register '{register.Name}'");
                        continue;
                    }
                    if (f.Reset is not null && BindConstantExpression(f.Reset, register.Type, $"the reset value of field '{f.Name.Text}'") is { } fieldReset)
                    {
                        if (field.Width < 64 && fieldReset.Bits >> field.Width != 0)
                            _diagnostics.Add(DiagnosticCodes.FieldOutsideRegister, f.Reset.Span, $"the reset value {fieldReset.Bits} does not fit in the {field.Width} bits of field '{f.Name.Text}'");
                        else field.ResetValue = fieldReset.Bits;
                    }
                    fields.Add(field);
                    break;
                }
                case HandlerDeclarationSyntax h:
                {
                    var callback = CreateCallback(h, CallbackContext.Register, register, handlers, register);
                    if (callback?.Descriptor.Kind == CallbackKind.RegisterRead) register.ReadHandler = callback;
                    else if (callback?.Descriptor.Kind == CallbackKind.RegisterWrite) register.WriteHandler = callback;
                    break;
                }
            }
        }
        register.Fields = fields.ToImmutableArray();
        return register;
    }

    private BoundExpression BindModelCondition(HardwareModelSymbol hardware, ExpressionSyntax syntax)
    {
        var saved = EnterBody(BodyKind.Hardware, null, hardware);
        var condition = BindCondition(syntax);
        LeaveBody(saved);
        return condition;
    }

    private void BindHardwareBodies(HardwareModelSymbol hardware)
    {
        foreach (var field in hardware.StateFields)
        {
            var syntax = _stateFieldSyntax[field];
            if (syntax.Initializer is null || field.Type.IsError) continue;
            var saved = EnterBody(BodyKind.Hardware, null, hardware);
            field.Initializer = BindConverted(syntax.Initializer, field.Type);
            LeaveBody(saved);
        }
        foreach (var line in hardware.Lines)
        {
            if (_lineSyntax.TryGetValue(line, out var syntax) && syntax.Level is not null)
                line.Level = BindModelCondition(hardware, syntax.Level);
        }
        foreach (var register in hardware.Registers)
        {
            var syntax = _registerSyntax[register];
            foreach (var member in syntax.Members)
            {
                if (member is LockedWhenSyntax locked)
                {
                    if (register.LockedWhen is not null)
                        _diagnostics.Add(DiagnosticCodes.DuplicateDeclaration, locked.Span, "locked when", $"in register '{register.Name}'");
                    else register.LockedWhen = BindModelCondition(hardware, locked.Condition);
                }
            }
            if (register.ReadHandler is not null) BindCallbackBody(register.ReadHandler, BodyKind.Hardware, null, hardware);
            if (register.WriteHandler is not null) BindCallbackBody(register.WriteHandler, BodyKind.Hardware, null, hardware);
        }
        if (hardware.Reset is not null) BindCallbackBody(hardware.Reset, BodyKind.Hardware, null, hardware);
        foreach (var function in hardware.Functions) BindFunctionBody(function);
    }
}

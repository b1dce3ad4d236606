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
        bool sizeGiven = false;

        foreach (var member in hardware.Syntax!.Members)
        {
            switch (member)
            {
                case RegistersBlockSyntax block:
                {
                    var seen = new HashSet<string>(StringComparer.Ordinal);
                    foreach (var s in block.Settings)
                    {
                        switch (s.Name.Text)
                        {
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
                                _diagnostics.Add(DiagnosticCodes.UnknownSetting, s.Name.Span, $"unknown registers setting '{s.Name.Text}'; expected size or unmapped");
                                break;
                        }
                    }
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
                            CheckRange(hardware, sizeGiven, ranges, m.Name, memory.Offset, memory.Size);
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
        hardware.Lines = lines.ToImmutableArray();
        hardware.Functions = functions.ToImmutableArray();
        hardware.StateFields = fields.ToImmutableArray();
        hardware.Reset = handlers.Count > 0 ? handlers[0] : null;
        foreach (var f in functions) BindFunctionSignature(f);
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

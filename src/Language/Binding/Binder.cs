using System.Collections.Immutable;
using DriverScript.Language.Diagnostics;
using DriverScript.Language.Parsing;
using DriverScript.Language.Symbols;
using DriverScript.Language.Syntax;
using DriverScript.Language.Text;

namespace DriverScript.Language.Binding;

/// <summary>
/// Binds and type-checks parsed files into a <see cref="BoundProgram"/>. Passes: (1) declare every
/// global name of every file; (2) resolve declarations' shapes (constants, enums, signatures,
/// hardware maps, device members); (3) bind bodies; (4) whole-program checks: where host, driver
/// and hardware operations are reached through functions, and static IRQL analysis (§6.7).
/// </summary>
public sealed partial class Binder
{
    /// <summary>Expressions nested deeper than this (long operator chains) are DS0008, so no tree walker can overflow the stack.</summary>
    public const int MaxExpressionDepth = 256;

    private readonly DiagnosticBag _diagnostics;
    private readonly CompilationOptions _options;
    private readonly Dictionary<string, object> _globals = new(StringComparer.Ordinal);
    private readonly Dictionary<string, GlobalSymbol> _topLevelGlobals = new(StringComparer.Ordinal);
    private readonly List<ConstantSymbol> _constants = new();
    private readonly List<EnumTypeSymbol> _enums = new();
    private readonly List<FunctionSymbol> _functions = new();
    private readonly List<DeviceSymbol> _devices = new();
    private readonly List<HardwareModelSymbol> _hardware = new();
    private readonly List<GlobalSymbol> _globalSlots = new();
    private readonly List<(FunctionSymbol Callee, SourceSpan Span, BodyKind Context)> _concreteCalls = new();

    private Binder(CompilationOptions options, DiagnosticBag diagnostics)
    {
        _options = options;
        _diagnostics = diagnostics;
    }

    /// <summary>Binds the root file (first) and the files it imports. Never throws on bad input.</summary>
    public static BoundProgram BindProgram(ImmutableArray<ParseResult> files, CompilationOptions options, DiagnosticBag diagnostics)
    {
        // A file with syntax errors has holes (skipped statements and declarations) that would show up
        // as unknown names and the like: its own binding diagnostics are left out, so one mistake gives
        // one error. Its declarations still bind, so other files see them.
        var own = new DiagnosticBag();
        var binder = new Binder(options, own);
        var program = binder.Bind(files);
        var broken = new HashSet<Text.SourceText>(ReferenceEqualityComparer.Instance);
        foreach (var file in files)
            if (file.HasErrors) broken.Add(file.Root.Source);
        foreach (var d in own.Items)
            if (!broken.Contains(d.Span.Source)) diagnostics.Add(d);
        return program;
    }

    private BoundProgram Bind(ImmutableArray<ParseResult> files)
    {
        // Pass 1: names.
        foreach (var file in files) DeclareGlobals(file.Root);
        DeclareExternalModels();

        // Pass 2: shapes.
        foreach (var e in _enumSyntax) BindEnum(e.Symbol, e.Syntax);
        foreach (var f in _functions) BindFunctionSignature(f);
        foreach (var c in _constants) EnsureConstant(c);
        foreach (var h in _hardware) if (h.Syntax is not null) BindHardwareShape(h);
        foreach (var d in _devices) BindDeviceShape(d);

        // Pass 3: bodies.
        foreach (var h in _hardware) if (h.Syntax is not null) BindHardwareBodies(h);
        foreach (var f in _functions) if (f.Hardware is null) BindFunctionBody(f);
        foreach (var d in _devices) BindDeviceBodies(d);
        var tests = ImmutableArray.CreateBuilder<BoundTest>();
        BoundBlock topLevel = BoundBlock.Empty;
        int topLevelFrame = 0;
        for (int i = 0; i < files.Length; i++)
        {
            var (fileTests, block, frame) = BindTestsAndTopLevel(files[i].Root, isRoot: i == 0);
            if (i == 0)
            {
                tests.AddRange(fileTests);
                topLevel = block;
                topLevelFrame = frame;
            }
        }

        // Pass 4: whole-program checks.
        CheckOperationDomainsThroughCalls();
        new IrqlAnalyzer(_diagnostics).Analyze(_devices);

        for (int i = 0; i < _functions.Count; i++) _functions[i].Index = _functionBase + i;
        return new BoundProgram(
            _devices.ToImmutableArray(),
            _hardware.ToImmutableArray(),
            _functions.ToImmutableArray(),
            _constants.ToImmutableArray(),
            _enums.ToImmutableArray(),
            tests.ToImmutable(),
            topLevel,
            topLevelFrame,
            _globalSlots.ToImmutableArray());
    }

    // ------------------------------------------------------------------ pass 1: global names

    private readonly List<(EnumTypeSymbol Symbol, EnumDeclarationSyntax Syntax)> _enumSyntax = new();

    private void DeclareGlobals(CompilationUnitSyntax unit)
    {
        foreach (var item in unit.Items)
        {
            switch (item)
            {
                case ConstDeclarationSyntax c:
                {
                    var symbol = new ConstantSymbol(c.Name.Text, TypeSymbol.Error, ConstantValue.None, c.Name.Span) { Syntax = c };
                    if (TryDeclareGlobal(c.Name, symbol)) _constants.Add(symbol);
                    break;
                }
                case EnumDeclarationSyntax e:
                {
                    var symbol = new EnumTypeSymbol(e.Name.Text, e.Name.Span);
                    if (TryDeclareGlobal(e.Name, symbol))
                    {
                        _enums.Add(symbol);
                        _enumSyntax.Add((symbol, e));
                    }
                    break;
                }
                case FunctionDeclarationSyntax f:
                {
                    var symbol = new FunctionSymbol(f.Name.Text, f, null);
                    if (TryDeclareGlobal(f.Name, symbol)) _functions.Add(symbol);
                    break;
                }
                case HardwareDeclarationSyntax h:
                {
                    var symbol = new HardwareModelSymbol(h.Name.Text, h, null, _hardwareBase + _hardware.Count);
                    if (TryDeclareGlobal(h.Name, symbol)) _hardware.Add(symbol);
                    break;
                }
                case DeviceDeclarationSyntax d:
                {
                    var symbol = new DeviceSymbol(d.Name.Text, d, _deviceBase + _devices.Count);
                    if (TryDeclareGlobal(d.Name, symbol)) _devices.Add(symbol);
                    break;
                }
            }
        }
    }

    private bool TryDeclareGlobal(NameSyntax name, object symbol)
    {
        if (_globals.TryGetValue(name.Text, out var existing))
        {
            _diagnostics.Add(DiagnosticCodes.DuplicateDeclaration, name.Span, name.Text, DescribeDeclaration(existing));
            return false;
        }
        _globals.Add(name.Text, symbol);
        return true;
    }

    private void DeclareExternalModels()
    {
        foreach (var model in _options.HardwareModels)
        {
            if (_globals.ContainsKey(model.Name)) continue; // a declared hardware block of the same name wins
            if (_outer is not null && _outer.ContainsKey(model.Name)) continue; // declared by an earlier submission
            var symbol = new HardwareModelSymbol(model.Name, null, model, _hardwareBase + _hardware.Count);
            BindExternalHardwareShape(symbol, model);
            _globals.Add(model.Name, symbol);
            _hardware.Add(symbol);
        }
    }

    private static string DescribeDeclaration(object existing)
    {
        SourceSpan? span = existing switch
        {
            Symbol s => s.DeclarationSpan,
            EnumTypeSymbol e => e.DeclarationSpan,
            _ => null,
        };
        string what = existing switch
        {
            ConstantSymbol => "as a constant",
            EnumTypeSymbol => "as an enum",
            FunctionSymbol => "as a function",
            HardwareModelSymbol => "as a hardware model",
            DeviceSymbol => "as a device",
            GlobalSymbol => "as a top-level variable",
            LocalSymbol => "as a local",
            QueueSymbol => "as a queue",
            TimerSymbol => "as a timer",
            WorkItemSymbol => "as a work item",
            InterruptSymbol => "as an interrupt",
            StateFieldSymbol => "as a state field",
            RegisterSymbol => "as a register",
            MemorySymbol => "as a memory window",
            InterruptLineSymbol => "as an interrupt line",
            _ => "",
        };
        return span is { } sp ? $"{what} at {sp}" : what + " (built in)";
    }

    // ------------------------------------------------------------------ types

    /// <summary>Resolves a written type; unknown names are DS1005 and give the error type.</summary>
    private TypeSymbol BindType(TypeSyntax syntax)
    {
        switch (syntax)
        {
            case ListTypeSyntax l:
            {
                var element = BindType(l.Element);
                return element.IsError ? TypeSymbol.Error : element.ListOf();
            }
            case OptionalTypeSyntax o:
            {
                var inner = BindType(o.Inner);
                return inner.IsError ? TypeSymbol.Error : inner.OptionalOf();
            }
            case NamedTypeSyntax n:
            {
                var builtin = BuiltinType(n.Name);
                if (builtin is not null) return builtin;
                if (LookupDeclared(n.Name) is EnumTypeSymbol e) return e;
                _diagnostics.Add(DiagnosticCodes.UnknownType, n.Span, n.Name);
                return TypeSymbol.Error;
            }
            default:
                return TypeSymbol.Error;
        }
    }

    internal static TypeSymbol? BuiltinType(string name) => name switch
    {
        "bool" => TypeSymbol.Bool,
        "u8" => TypeSymbol.U8,
        "u16" => TypeSymbol.U16,
        "u32" => TypeSymbol.U32,
        "u64" => TypeSymbol.U64,
        "i32" => TypeSymbol.I32,
        "i64" => TypeSymbol.I64,
        "duration" => TypeSymbol.Duration,
        "string" => TypeSymbol.String,
        "bytes" => TypeSymbol.Bytes,
        "status" => TypeSymbol.Status,
        "power_state" => TypeSymbol.PowerState,
        "system_state" => TypeSymbol.SystemState,
        "request" => TypeSymbol.Request,
        "queue" => TypeSymbol.Queue,
        "timer" => TypeSymbol.Timer,
        "work_item" => TypeSymbol.WorkItem,
        "spinlock" => TypeSymbol.SpinLock,
        "waitlock" => TypeSymbol.WaitLock,
        "interrupt" => TypeSymbol.Interrupt,
        "dma_buffer" => TypeSymbol.DmaBuffer,
        "device_handle" => TypeSymbol.DeviceHandle,
        "result" => TypeSymbol.Result,
        "pending" => TypeSymbol.Pending,
        "violation" => TypeSymbol.Violation,
        _ => null,
    };

    // ------------------------------------------------------------------ enums and constants

    private void BindEnum(EnumTypeSymbol symbol, EnumDeclarationSyntax syntax)
    {
        ulong next = 0;
        int ordinal = 0;
        foreach (var member in syntax.Members)
        {
            ulong value = next;
            if (member.Value is not null)
            {
                var bound = BindConstantExpression(member.Value, TypeSymbol.U32, $"the value of '{symbol.Name}.{member.Name.Text}'");
                if (bound is { } c) value = c.Bits;
            }
            if (!symbol.TryAdd(new EnumMemberSymbol(symbol, member.Name.Text, value, ordinal, member.Name.Span)))
            {
                _diagnostics.Add(DiagnosticCodes.DuplicateDeclaration, member.Name.Span, member.Name.Text, $"in enum '{symbol.Name}'");
                continue;
            }
            ordinal++;
            next = (value + 1) & 0xFFFF_FFFF;
        }
    }

    /// <summary>Binds a <c>const</c> on first use (constants may refer to constants declared later); a cycle is DS1016.</summary>
    private void EnsureConstant(ConstantSymbol symbol)
    {
        if (symbol.BindState == 2 || symbol.Syntax is null) return;
        if (symbol.BindState == 1)
        {
            _diagnostics.Add(DiagnosticCodes.NotConstant, symbol.Syntax.Value.Span, $"the value of '{symbol.Name}' (it refers to itself)");
            symbol.Type = TypeSymbol.Error;
            symbol.BindState = 2;
            return;
        }
        symbol.BindState = 1;
        var type = BindType(symbol.Syntax.Type);
        var value = type.IsError ? null : BindConstantExpression(symbol.Syntax.Value, type, $"the value of '{symbol.Name}'");
        if (symbol.BindState == 2) return; // a cycle was reported while binding the value
        symbol.Type = value is null ? TypeSymbol.Error : type;
        symbol.Value = value ?? ConstantValue.None;
        symbol.BindState = 2;
    }

    /// <summary>Binds an expression that must be a constant of <paramref name="type"/>; null (after a diagnostic) when it is not.</summary>
    private ConstantValue? BindConstantExpression(ExpressionSyntax syntax, TypeSymbol type, string what)
    {
        var saved = EnterBody(BodyKind.Constant, null, null);
        var bound = BindConverted(syntax, type);
        LeaveBody(saved);
        if (bound.Type.IsError) return null;
        if (bound.ConstantValue is null)
        {
            _diagnostics.Add(DiagnosticCodes.NotConstant, syntax.Span, what);
            return null;
        }
        return bound.ConstantValue;
    }

    // ------------------------------------------------------------------ functions

    private void BindFunctionSignature(FunctionSymbol function)
    {
        var syntax = function.Syntax;
        var parameters = ImmutableArray.CreateBuilder<LocalSymbol>(syntax.Parameters.Length);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var p in syntax.Parameters)
        {
            TypeSymbol type;
            if (p.Type is null)
            {
                _diagnostics.Add(DiagnosticCodes.CannotInfer, p.Name.Span, p.Name.Text, "a function's caller");
                type = TypeSymbol.Error;
            }
            else type = BindType(p.Type);
            if (!seen.Add(p.Name.Text))
                _diagnostics.Add(DiagnosticCodes.DuplicateDeclaration, p.Name.Span, p.Name.Text, $"as a parameter of '{function.Name}'");
            parameters.Add(new LocalSymbol(p.Name.Text, type, parameters.Count, false, true, p.Name.Span));
        }
        function.Parameters = parameters.MoveToImmutable();
        function.ReturnType = syntax.ReturnType is null ? TypeSymbol.Void : BindType(syntax.ReturnType);
    }

    private void BindFunctionBody(FunctionSymbol function)
    {
        var kind = function.Hardware is null ? BodyKind.Neutral : BodyKind.Hardware;
        var saved = EnterBody(kind, null, function.Hardware);
        _function = function;
        _returnType = function.ReturnType;
        _returnRule = ReturnRule.Function;
        foreach (var p in function.Parameters) DeclareParameter(p);
        var body = BindBlock(function.Syntax.Body, newScope: false);
        if (_lastCompletes && !function.ReturnType.IsVoid && !function.ReturnType.IsError)
            _diagnostics.Add(DiagnosticCodes.MissingReturn, function.Syntax.Name.Span, function.Name, function.ReturnType.Name);
        function.Body = body;
        function.FrameSize = LeaveBody(saved);
    }

    // ------------------------------------------------------------------ tests and top level

    private (List<BoundTest> Tests, BoundBlock TopLevel, int FrameSize) BindTestsAndTopLevel(CompilationUnitSyntax unit, bool isRoot)
    {
        var tests = new List<BoundTest>();
        var seenTests = new Dictionary<string, SourceSpan>(StringComparer.Ordinal);
        foreach (var item in unit.Items)
        {
            if (item is not TestDeclarationSyntax t) continue;
            if (seenTests.TryGetValue(t.Description, out var first))
                _diagnostics.Add(DiagnosticCodes.DuplicateDeclaration, t.DescriptionSpan, t.Description, $"as a test at {first}");
            else seenTests.Add(t.Description, t.DescriptionSpan);
            var saved = EnterBody(BodyKind.Host, null, null);
            _returnRule = ReturnRule.Test;
            var body = BindBlock(t.Body, newScope: false);
            int frame = LeaveBody(saved);
            tests.Add(new BoundTest(t.Description, t, body, frame));
        }

        // Top-level statements: `let`/`var` directly at the top level are globals (of the root file;
        // an imported file's are checked in a scope of their own and not part of the program).
        var statements = ImmutableArray.CreateBuilder<BoundStatement>();
        var top = EnterBody(BodyKind.Host, null, null);
        _returnRule = ReturnRule.TopLevel;
        _isTopLevel = true;
        _topLevelGlobals.Clear();
        bool reachable = true, warned = false;
        SyntaxNode? firstSyntax = null;
        foreach (var item in unit.Items)
        {
            if (item is not GlobalStatementSyntax g) continue;
            firstSyntax ??= g;
            if (!reachable && !warned)
            {
                _diagnostics.Add(DiagnosticCodes.UnreachableCode, g.Statement.Span);
                warned = true;
            }
            BoundStatement? bound;
            if (g.Statement is LetStatementSyntax let) bound = BindGlobalDeclaration(let, isRoot);
            else bound = BindStatement(g.Statement);
            if (bound is not null) statements.Add(bound);
            reachable &= _lastCompletes;
        }
        int frameSize = LeaveBody(top);
        var block = new BoundBlock(firstSyntax ?? unit, statements.ToImmutable());
        return (tests, block, frameSize);
    }

    private BoundStatement BindGlobalDeclaration(LetStatementSyntax syntax, bool isRoot)
    {
        var (type, initializer) = BindDeclarationValue(syntax);
        _lastCompletes = true;
        object? existing = _topLevelGlobals.TryGetValue(syntax.Name.Text, out var g) ? g
            : _globals.TryGetValue(syntax.Name.Text, out var d) ? d : null;
        if (existing is not null)
        {
            _diagnostics.Add(DiagnosticCodes.DuplicateDeclaration, syntax.Name.Span, syntax.Name.Text, DescribeDeclaration(existing));
            return new BoundExpressionStatement(syntax, initializer);
        }
        var global = new GlobalSymbol(syntax.Name.Text, type, isRoot ? _globalBase + _globalSlots.Count : -1, syntax.IsMutable, syntax.Name.Span);
        if (isRoot) _globalSlots.Add(global);
        _topLevelGlobals.Add(global.Name, global);
        return new BoundGlobalDeclaration(syntax, global, initializer);
    }
}

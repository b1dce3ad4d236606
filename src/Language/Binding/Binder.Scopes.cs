using DriverScript.Language.Diagnostics;
using DriverScript.Language.Symbols;
using DriverScript.Language.Syntax;

namespace DriverScript.Language.Binding;

/// <summary>What kind of code a body is; decides which operations it may use.</summary>
internal enum BodyKind : byte
{
    /// <summary>Tests and top-level statements (§8).</summary>
    Host,
    /// <summary>Device callbacks and device state initializers.</summary>
    Driver,
    /// <summary>Code of a hardware block: handlers, its functions, <c>locked when</c>, line levels.</summary>
    Hardware,
    /// <summary>A top-level function: what it may do is decided by where it is called from.</summary>
    Neutral,
    /// <summary>A constant expression (const values, settings, offsets).</summary>
    Constant,
}

internal enum ReturnRule : byte { Function, Callback, Test, TopLevel, None }

public sealed partial class Binder
{
    // The state of the body being bound. Saved and restored around nested bodies (a constant bound on first use).
    private BodyKind _bodyKind = BodyKind.Constant;
    private DeviceSymbol? _device;
    private HardwareModelSymbol? _hardwareScope;
    private FunctionSymbol? _function;
    private CallbackSymbol? _callback;
    private TypeSymbol _returnType = TypeSymbol.Void;
    private ReturnRule _returnRule = ReturnRule.None;
    private bool _isTopLevel;
    private int _slotCount;
    private int _loopDepth;
    private int _depth;
    private bool _depthReported;
    private bool _lastCompletes = true;
    private Dictionary<string, LocalSymbol> _locals = new(StringComparer.Ordinal);
    private List<LocalSymbol> _scopeStack = new();
    private List<LocalSymbol> _allLocals = new();
    private List<bool> _breakTargets = new();

    private sealed record SavedBody(
        BodyKind Kind, DeviceSymbol? Device, HardwareModelSymbol? Hardware, FunctionSymbol? Function, CallbackSymbol? Callback,
        TypeSymbol ReturnType, ReturnRule ReturnRule, bool IsTopLevel, int SlotCount, int LoopDepth, int Depth, bool LastCompletes,
        Dictionary<string, LocalSymbol> Locals, List<LocalSymbol> ScopeStack, List<LocalSymbol> AllLocals, List<bool> BreakTargets);

    private SavedBody EnterBody(BodyKind kind, DeviceSymbol? device, HardwareModelSymbol? hardware)
    {
        var saved = new SavedBody(_bodyKind, _device, _hardwareScope, _function, _callback, _returnType, _returnRule, _isTopLevel,
            _slotCount, _loopDepth, _depth, _lastCompletes, _locals, _scopeStack, _allLocals, _breakTargets);
        _bodyKind = kind;
        _device = device;
        _hardwareScope = hardware;
        _function = null;
        _callback = null;
        _returnType = TypeSymbol.Void;
        _returnRule = ReturnRule.None;
        _isTopLevel = false;
        _slotCount = 0;
        _loopDepth = 0;
        _depth = 0;
        _lastCompletes = true;
        _locals = new Dictionary<string, LocalSymbol>(StringComparer.Ordinal);
        _scopeStack = new List<LocalSymbol>();
        _allLocals = new List<LocalSymbol>();
        _breakTargets = new List<bool>();
        return saved;
    }

    /// <summary>Ends a body: reports unused locals and returns the frame size.</summary>
    private int LeaveBody(SavedBody saved)
    {
        foreach (var local in _allLocals)
        {
            if (!local.IsRead && !local.Type.IsError && !local.IsParameter && !local.IsLoopVariable && !local.Name.StartsWith('_') && local.DeclarationSpan is { } span)
                _diagnostics.Add(DiagnosticCodes.UnusedLocal, span, local.Name);
        }
        int frameSize = _slotCount;
        _bodyKind = saved.Kind;
        _device = saved.Device;
        _hardwareScope = saved.Hardware;
        _function = saved.Function;
        _callback = saved.Callback;
        _returnType = saved.ReturnType;
        _returnRule = saved.ReturnRule;
        _isTopLevel = saved.IsTopLevel;
        _slotCount = saved.SlotCount;
        _loopDepth = saved.LoopDepth;
        _depth = saved.Depth;
        _lastCompletes = saved.LastCompletes;
        _locals = saved.Locals;
        _scopeStack = saved.ScopeStack;
        _allLocals = saved.AllLocals;
        _breakTargets = saved.BreakTargets;
        return frameSize;
    }

    private void DeclareParameter(LocalSymbol parameter)
    {
        _slotCount = Math.Max(_slotCount, parameter.Slot + 1);
        if (_locals.TryAdd(parameter.Name, parameter)) _scopeStack.Add(parameter);
    }

    /// <summary>Declares a local in the current block; a name already visible in this function is DS1009.</summary>
    private LocalSymbol DeclareLocal(NameSyntax name, TypeSymbol type, bool isMutable)
    {
        var local = new LocalSymbol(name.Text, type, _slotCount++, isMutable, false, name.Span);
        if (_locals.TryGetValue(name.Text, out var existing))
        {
            _diagnostics.Add(DiagnosticCodes.Shadowing, name.Span, name.Text,
                existing.DeclarationSpan is { } s ? s.ToString() : "a parameter");
            local.IsRead = true; // one error is enough
            return local;
        }
        _locals.Add(name.Text, local);
        _scopeStack.Add(local);
        _allLocals.Add(local);
        return local;
    }

    private int EnterScope() => _scopeStack.Count;

    private void LeaveScope(int mark)
    {
        for (int i = _scopeStack.Count - 1; i >= mark; i--) _locals.Remove(_scopeStack[i].Name);
        _scopeStack.RemoveRange(mark, _scopeStack.Count - mark);
    }

    /// <summary>Looks a name up: locals, then the device's or hardware model's members, top-level variables, declarations, built-ins.</summary>
    private object? LookupName(string name)
    {
        if (_locals.TryGetValue(name, out var local)) return local;
        if (_device is not null && _device.MemberScope.TryGetValue(name, out var member)) return member;
        if (_hardwareScope is not null && _hardwareScope.MemberScope.TryGetValue(name, out var hw)) return hw;
        if (_isTopLevel && _topLevelGlobals.TryGetValue(name, out var global)) return global;
        if (LookupDeclared(name) is { } declared && (declared is not GlobalSymbol || _isTopLevel)) return declared;
        if (Builtins.TryGet(name, out var builtin)) return builtin;
        return null;
    }

    /// <summary>
    /// Whether code of the current body may use an operation of a domain; reports DS1021/1022/1023
    /// and returns false when not (the caller then gives the error type, so nothing cascades).
    /// </summary>
    private bool CheckDomain(OperationDomain domain, string op, Text.SourceSpan span)
    {
        if (domain == OperationDomain.Any) return true;
        switch (_bodyKind)
        {
            case BodyKind.Neutral:
            {
                var effects = _function!.Effects;
                switch (domain)
                {
                    case OperationDomain.Host: effects.Host ??= (op, span); break;
                    case OperationDomain.Driver: effects.Driver ??= (op, span); break;
                    case OperationDomain.Hardware: effects.Hardware ??= (op, span); break;
                }
                return true;
            }
            case BodyKind.Host when domain == OperationDomain.Host:
            case BodyKind.Driver when domain == OperationDomain.Driver:
            case BodyKind.Hardware when domain == OperationDomain.Hardware:
                return true;
        }
        ReportDomain(domain, op, span);
        return false;
    }

    private void ReportDomain(OperationDomain domain, string op, Text.SourceSpan span)
    {
        var descriptor = domain switch
        {
            OperationDomain.Host => DiagnosticCodes.HostOnly,
            OperationDomain.Hardware => DiagnosticCodes.HardwareOnly,
            _ => DiagnosticCodes.DriverOnly,
        };
        _diagnostics.Add(descriptor, span, op);
    }

    private static bool Allows(BodyKind kind, OperationDomain domain) => domain switch
    {
        OperationDomain.Any => true,
        OperationDomain.Host => kind == BodyKind.Host,
        OperationDomain.Driver => kind == BodyKind.Driver,
        _ => kind == BodyKind.Hardware,
    };

    /// <summary>
    /// A top-level function may use host, driver or hardware operations; the call that brings it into
    /// code that may not is the error (DS1021/1022/1023 at the call), found once all bodies are bound.
    /// </summary>
    private void CheckOperationDomainsThroughCalls()
    {
        var work = new Queue<FunctionSymbol>(_functions);
        while (work.Count > 0)
        {
            var f = work.Dequeue();
            var e = f.Effects;
            foreach (var caller in e.Callers)
            {
                var c = caller.Effects;
                bool changed = false;
                if (e.Host is not null && c.Host is null) { c.Host = e.Host; changed = true; }
                if (e.Driver is not null && c.Driver is null) { c.Driver = e.Driver; changed = true; }
                if (e.Hardware is not null && c.Hardware is null) { c.Hardware = e.Hardware; changed = true; }
                if (changed) work.Enqueue(caller);
            }
        }
        foreach (var (callee, span, context) in _concreteCalls)
        {
            var e = callee.Effects;
            if (e.Host is { } h && !Allows(context, OperationDomain.Host)) ReportDomain(OperationDomain.Host, h.Op, span);
            else if (e.Driver is { } d && !Allows(context, OperationDomain.Driver)) ReportDomain(OperationDomain.Driver, d.Op, span);
            else if (e.Hardware is { } w && !Allows(context, OperationDomain.Hardware)) ReportDomain(OperationDomain.Hardware, w.Op, span);
        }
    }

    private void RecordCall(FunctionSymbol callee, Text.SourceSpan span)
    {
        if (_bodyKind == BodyKind.Neutral && _function is not null)
        {
            if (!_function.Effects.Callees.Contains(callee))
            {
                _function.Effects.Callees.Add(callee);
                callee.Effects.Callers.Add(_function);
            }
        }
        else if (_bodyKind != BodyKind.Constant)
        {
            _concreteCalls.Add((callee, span, _bodyKind));
        }
    }
}

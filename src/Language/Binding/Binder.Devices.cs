using System.Collections.Immutable;
using DriverScript.Language.Diagnostics;
using DriverScript.Language.Symbols;
using DriverScript.Language.Syntax;

namespace DriverScript.Language.Binding;

public sealed partial class Binder
{
    private readonly Dictionary<StateFieldSymbol, StateFieldSyntax> _stateFieldSyntax = new();

    // ------------------------------------------------------------------ device shape

    private void BindDeviceShape(DeviceSymbol device)
    {
        var queues = new List<QueueSymbol>();
        var timers = new List<TimerSymbol>();
        var workItems = new List<WorkItemSymbol>();
        var interrupts = new List<InterruptSymbol>();
        var callbacks = new List<CallbackSymbol>();
        var fields = new List<StateFieldSymbol>();
        var routes = new List<RouteDeclarationSyntax>();
        var settings = new HashSet<string>(StringComparer.Ordinal);
        UsesDeclarationSyntax? uses = null;

        foreach (var member in device.Syntax.Members)
        {
            switch (member)
            {
                case UsesDeclarationSyntax u:
                    if (uses is not null)
                    {
                        _diagnostics.Add(DiagnosticCodes.UnknownSetting, u.Hardware.Span, $"device '{device.Name}' already uses '{uses.Hardware.Text}'; a device drives one hardware model");
                        break;
                    }
                    uses = u;
                    if (LookupDeclared(u.Hardware.Text) is HardwareModelSymbol model) device.Hardware = model;
                    else _diagnostics.Add(DiagnosticCodes.UnknownHardware, u.Hardware.Span, u.Hardware.Text, BuiltinModelList());
                    break;
                case SettingSyntax s:
                    BindDeviceSetting(device, s, settings);
                    break;
                case PowerPolicySyntax p:
                    BindPowerPolicy(device, p);
                    break;
                case StateBlockSyntax state:
                    foreach (var f in state.Fields)
                    {
                        var field = new StateFieldSymbol(f.Name.Text, BindType(f.Type), fields.Count, f.Name.Span);
                        if (!device.StateScope.TryAdd(field.Name, field))
                        {
                            _diagnostics.Add(DiagnosticCodes.DuplicateDeclaration, f.Name.Span, f.Name.Text, DescribeDeclaration(device.StateScope[field.Name]));
                            continue;
                        }
                        fields.Add(field);
                        _stateFieldSyntax[field] = f;
                    }
                    break;
                case QueueDeclarationSyntax q:
                {
                    var queue = new QueueSymbol(q.Name.Text, device, queues.Count, q);
                    if (!DeclareDeviceMember(device, q.Name, queue)) break;
                    queues.Add(queue);
                    BindQueueAttributes(device, queue);
                    var queueCallbacks = new List<CallbackSymbol>();
                    var queueTimers = new List<TimerSymbol>();
                    var queueWorkItems = new List<WorkItemSymbol>();
                    foreach (var qm in q.Members)
                    {
                        switch (qm)
                        {
                            case HandlerDeclarationSyntax handler:
                                CreateCallback(handler, CallbackContext.Queue, queue, queueCallbacks, null);
                                break;
                            case TimerDeclarationSyntax t:
                                if (BindTimer(device, t, queue, timers) is { } timer) queueTimers.Add(timer);
                                break;
                            case WorkItemDeclarationSyntax w:
                                if (BindWorkItem(device, w, queue, workItems) is { } item) queueWorkItems.Add(item);
                                break;
                        }
                    }
                    queue.Callbacks = queueCallbacks.ToImmutableArray();
                    queue.Timers = queueTimers.ToImmutableArray();
                    queue.WorkItems = queueWorkItems.ToImmutableArray();
                    break;
                }
                case RouteDeclarationSyntax r:
                    routes.Add(r);
                    break;
                case InterruptDeclarationSyntax i:
                {
                    var interrupt = new InterruptSymbol(i.Name.Text, device, interrupts.Count, i.Name.Span);
                    if (!DeclareDeviceMember(device, i.Name, interrupt)) break;
                    interrupts.Add(interrupt);
                    var list = new List<CallbackSymbol>();
                    foreach (var handler in i.Members.OfType<HandlerDeclarationSyntax>())
                        CreateCallback(handler, CallbackContext.Interrupt, interrupt, list, null);
                    interrupt.Callbacks = list.ToImmutableArray();
                    break;
                }
                case TimerDeclarationSyntax t:
                    BindTimer(device, t, null, timers);
                    break;
                case WorkItemDeclarationSyntax w:
                    BindWorkItem(device, w, null, workItems);
                    break;
                case HandlerDeclarationSyntax handler:
                    CreateCallback(handler, CallbackContext.Device, device, callbacks, null);
                    break;
            }
        }

        device.StateFields = fields.ToImmutableArray();
        device.Queues = queues.ToImmutableArray();
        device.Timers = timers.ToImmutableArray();
        device.WorkItems = workItems.ToImmutableArray();
        device.Interrupts = interrupts.ToImmutableArray();
        device.Callbacks = callbacks.ToImmutableArray();
        BindRoutes(device, routes);
        foreach (var interrupt in interrupts) BindInterruptLine(device, interrupt);
        foreach (var callback in device.AllCallbacks())
        {
            var timerExecution = callback.Owner is TimerSymbol t ? t.Execution : ExecutionLevel.Dispatch;
            callback.Irql = callback.Descriptor.IrqlFor(device.Execution, timerExecution);
        }
    }

    private bool DeclareDeviceMember(DeviceSymbol device, NameSyntax name, Symbol symbol)
    {
        if (device.MemberScope.TryGetValue(name.Text, out var existing))
        {
            _diagnostics.Add(DiagnosticCodes.DuplicateDeclaration, name.Span, name.Text, DescribeDeclaration(existing));
            return false;
        }
        device.MemberScope.Add(name.Text, symbol);
        return true;
    }

    /// <summary>The word of a setting such as <c>sync = queue</c> (keywords and <c>none</c> included); null when it is not a bare word.</summary>
    private static string? SettingWord(ExpressionSyntax value) => value switch
    {
        NameExpressionSyntax n => n.Name,
        NoneLiteralSyntax => "none",
        _ => null,
    };

    private bool CheckSettingOnce(HashSet<string> seen, SettingSyntax s, string owner)
    {
        if (seen.Add(s.Name.Text)) return true;
        _diagnostics.Add(DiagnosticCodes.UnknownSetting, s.Name.Span, $"'{s.Name.Text}' is set twice in {owner}");
        return false;
    }

    private void BindDeviceSetting(DeviceSymbol device, SettingSyntax s, HashSet<string> seen)
    {
        switch (s.Name.Text)
        {
            case "sync":
                if (!CheckSettingOnce(seen, s, $"device '{device.Name}'")) return;
                switch (SettingWord(s.Value))
                {
                    case "device": device.Sync = SyncScope.Device; break;
                    case "queue": device.Sync = SyncScope.Queue; break;
                    case "none": device.Sync = SyncScope.None; break;
                    default:
                        _diagnostics.Add(DiagnosticCodes.UnknownSetting, s.Value.Span, "'sync' is 'device', 'queue' or 'none'");
                        break;
                }
                break;
            case "execution":
                if (!CheckSettingOnce(seen, s, $"device '{device.Name}'")) return;
                if (ExecutionWord(s) is { } level) device.Execution = level;
                break;
            default:
                _diagnostics.Add(DiagnosticCodes.UnknownSetting, s.Name.Span, $"unknown device setting '{s.Name.Text}'; a device has 'sync' and 'execution'");
                break;
        }
    }

    private ExecutionLevel? ExecutionWord(SettingSyntax s)
    {
        switch (SettingWord(s.Value))
        {
            case "passive": return ExecutionLevel.Passive;
            case "dispatch": return ExecutionLevel.Dispatch;
            default:
                _diagnostics.Add(DiagnosticCodes.UnknownSetting, s.Value.Span, "'execution' is 'passive' or 'dispatch'");
                return null;
        }
    }

    private void BindPowerPolicy(DeviceSymbol device, PowerPolicySyntax syntax)
    {
        var policy = device.PowerPolicy;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var s in syntax.Settings)
        {
            switch (s.Name.Text)
            {
                case "idle_timeout":
                    if (!CheckSettingOnce(seen, s, "power_policy")) break;
                    if (BindConstantExpression(s.Value, TypeSymbol.Duration, "'idle_timeout'") is { } timeout)
                        policy = policy with { IdleTimeoutNanoseconds = timeout.Bits };
                    break;
                case "idle_state":
                    if (!CheckSettingOnce(seen, s, "power_policy")) break;
                    if (BindConstantExpression(s.Value, TypeSymbol.PowerState, "'idle_state'") is { } state)
                        policy = policy with { IdleState = (uint)state.Bits };
                    break;
                case "wake_from_idle":
                    if (!CheckSettingOnce(seen, s, "power_policy")) break;
                    if (BindConstantExpression(s.Value, TypeSymbol.Bool, "'wake_from_idle'") is { } wake)
                        policy = policy with { WakeFromIdle = wake.Bool };
                    break;
                default:
                    _diagnostics.Add(DiagnosticCodes.UnknownSetting, s.Name.Span,
                        $"unknown power_policy setting '{s.Name.Text}'; expected idle_timeout, idle_state or wake_from_idle");
                    break;
            }
        }
        device.PowerPolicy = policy;
    }

    private void BindQueueAttributes(DeviceSymbol device, QueueSymbol queue)
    {
        QueueAttributeSyntax? dispatch = null, power = null;
        bool unknown = false;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var attribute in queue.Syntax.Attributes)
        {
            string name = attribute.Name.Text;
            bool known = name is "sequential" or "parallel" or "manual" or "default" or "power_managed" or "not_power_managed" or "allow_zero_length";
            if (!known)
            {
                unknown = true;
                _diagnostics.Add(DiagnosticCodes.InvalidQueueAttribute, attribute.Name.Span,
                    $"unknown queue attribute '{name}'; expected sequential, parallel, parallel(N), manual, default, power_managed, not_power_managed or allow_zero_length");
                continue;
            }
            if (!seen.Add(name))
            {
                _diagnostics.Add(DiagnosticCodes.InvalidQueueAttribute, attribute.Name.Span, $"'{name}' is given twice");
                continue;
            }
            if (attribute.Argument is not null && name != "parallel")
                _diagnostics.Add(DiagnosticCodes.InvalidQueueAttribute, attribute.Argument.Span, $"'{name}' takes no argument");
            switch (name)
            {
                case "sequential":
                case "parallel":
                case "manual":
                    if (dispatch is not null)
                    {
                        _diagnostics.Add(DiagnosticCodes.InvalidQueueAttribute, attribute.Name.Span,
                            $"queue '{queue.Name}' has two dispatch types, '{dispatch.Name.Text}' and '{name}'; give exactly one of sequential, parallel or manual");
                        break;
                    }
                    dispatch = attribute;
                    queue.Dispatch = name switch { "sequential" => QueueDispatch.Sequential, "parallel" => QueueDispatch.Parallel, _ => QueueDispatch.Manual };
                    if (attribute.Argument is not null && name == "parallel")
                    {
                        var n = BindConstantExpression(attribute.Argument, TypeSymbol.U32, "the argument of 'parallel'");
                        if (n is null) break;
                        if (n.Bits == 0 || n.Bits > int.MaxValue)
                            _diagnostics.Add(DiagnosticCodes.InvalidQueueAttribute, attribute.Argument.Span, "the argument of 'parallel' must be a positive number of requests");
                        else queue.ParallelLimit = (int)n.Bits;
                    }
                    break;
                case "default":
                    if (device.DefaultQueue is { } existing)
                    {
                        _diagnostics.Add(DiagnosticCodes.DuplicateDefaultQueue, queue.Syntax.Name.Span, queue.Name, existing.Name);
                        break;
                    }
                    queue.IsDefault = true;
                    device.DefaultQueue = queue;
                    break;
                case "power_managed":
                case "not_power_managed":
                    if (power is not null)
                    {
                        _diagnostics.Add(DiagnosticCodes.InvalidQueueAttribute, attribute.Name.Span,
                            $"queue '{queue.Name}' cannot be both '{power.Name.Text}' and '{name}'");
                        break;
                    }
                    power = attribute;
                    queue.PowerManaged = name == "power_managed";
                    break;
                case "allow_zero_length":
                    queue.AllowZeroLength = true;
                    break;
            }
        }
        if (dispatch is null && !unknown)
            _diagnostics.Add(DiagnosticCodes.InvalidQueueAttribute, queue.Syntax.Name.Span,
                $"queue '{queue.Name}' needs a dispatch type: sequential, parallel, parallel(N) or manual");
    }

    private void BindRoutes(DeviceSymbol device, List<RouteDeclarationSyntax> routes)
    {
        var bound = new List<RouteSymbol>();
        foreach (var route in routes)
        {
            RequestType? type = route.RequestKind.Text switch
            {
                "read" => RequestType.Read,
                "write" => RequestType.Write,
                "ioctl" => RequestType.Ioctl,
                _ => null,
            };
            if (type is null)
            {
                _diagnostics.Add(DiagnosticCodes.InvalidRoute, route.RequestKind.Span,
                    $"cannot route '{route.RequestKind.Text}' requests; 'route' takes read, write or ioctl");
                continue;
            }
            if (!device.MemberScope.TryGetValue(route.Queue.Text, out var symbol) || symbol is not QueueSymbol queue)
            {
                _diagnostics.Add(DiagnosticCodes.InvalidRoute, route.Queue.Span, $"device '{device.Name}' has no queue named '{route.Queue.Text}'");
                continue;
            }
            if (queue.IsDefault)
            {
                _diagnostics.Add(DiagnosticCodes.InvalidRoute, route.Queue.Span,
                    $"cannot route to '{queue.Name}': it is the default queue, which already receives every request type not routed elsewhere");
                continue;
            }
            var kind = type switch { RequestType.Read => CallbackKind.IoRead, RequestType.Write => CallbackKind.IoWrite, _ => CallbackKind.IoDeviceControl };
            if (queue.Dispatch != QueueDispatch.Manual && queue.FindCallback(kind) is null && queue.FindCallback(CallbackKind.IoDefault) is null)
            {
                _diagnostics.Add(DiagnosticCodes.InvalidRoute, route.Queue.Span,
                    $"queue '{queue.Name}' has no 'on {route.RequestKind.Text}' or 'on default' callback to receive the {route.RequestKind.Text} requests routed to it");
                continue;
            }
            RouteSymbol? previous = null;
            foreach (var r in bound) if (r.RequestType == type) previous = r;
            if (previous is not null)
            {
                _diagnostics.Add(DiagnosticCodes.InvalidRoute, route.RequestKind.Span,
                    $"{route.RequestKind.Text} requests are already routed to '{previous.Queue.Name}'");
                continue;
            }
            bound.Add(new RouteSymbol(type.Value, queue, route.Span));
        }
        device.Routes = bound.ToImmutableArray();
    }

    private TimerSymbol? BindTimer(DeviceSymbol device, TimerDeclarationSyntax syntax, QueueSymbol? parent, List<TimerSymbol> timers)
    {
        var timer = new TimerSymbol(syntax.Name.Text, device, timers.Count, parent, syntax.Name.Span);
        if (!DeclareDeviceMember(device, syntax.Name, timer)) return null;
        timers.Add(timer);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var s in syntax.Settings)
        {
            switch (s.Name.Text)
            {
                case "period":
                    if (!CheckSettingOnce(seen, s, $"timer '{timer.Name}'")) break;
                    if (BindConstantExpression(s.Value, TypeSymbol.Duration, "the period of a timer") is { } period)
                    {
                        if (period.Bits == 0) _diagnostics.Add(DiagnosticCodes.UnknownSetting, s.Value.Span, "a timer's period must be longer than 0ns; leave it out for a one-shot timer");
                        else timer.PeriodNanoseconds = period.Bits;
                    }
                    break;
                case "execution":
                    if (!CheckSettingOnce(seen, s, $"timer '{timer.Name}'")) break;
                    if (ExecutionWord(s) is { } level) timer.Execution = level;
                    break;
                default:
                    _diagnostics.Add(DiagnosticCodes.UnknownSetting, s.Name.Span, $"unknown timer setting '{s.Name.Text}'; a timer has 'period' and 'execution'");
                    break;
            }
        }
        var list = new List<CallbackSymbol>();
        foreach (var handler in syntax.Members.OfType<HandlerDeclarationSyntax>())
            CreateCallback(handler, CallbackContext.Timer, timer, list, null);
        timer.Expire = list.Count > 0 ? list[0] : null;
        return timer;
    }

    private WorkItemSymbol? BindWorkItem(DeviceSymbol device, WorkItemDeclarationSyntax syntax, QueueSymbol? parent, List<WorkItemSymbol> items)
    {
        var item = new WorkItemSymbol(syntax.Name.Text, device, items.Count, parent, syntax.Name.Span);
        if (!DeclareDeviceMember(device, syntax.Name, item)) return null;
        items.Add(item);
        var list = new List<CallbackSymbol>();
        foreach (var handler in syntax.Members.OfType<HandlerDeclarationSyntax>())
            CreateCallback(handler, CallbackContext.WorkItem, item, list, null);
        item.Run = list.Count > 0 ? list[0] : null;
        return item;
    }

    private void BindInterruptLine(DeviceSymbol device, InterruptSymbol interrupt)
    {
        var hardware = device.Hardware;
        if (hardware is null)
        {
            // Without 'uses' there is no model to take a line from at check time, so an interrupt cannot be
            // connected; plug(Device, Model) does not lift this (docs/diagnostics.md, DS1041).
            bool hasUses = false;
            foreach (var m in device.Syntax.Members) hasUses |= m is UsesDeclarationSyntax;
            if (!hasUses)
                _diagnostics.Add(DiagnosticCodes.InterruptLine, interrupt.DeclarationSpan!.Value,
                    $"interrupt '{interrupt.Name}' has no hardware line to connect to: device '{device.Name}' does not use a hardware model");
            return;
        }
        InterruptLineSymbol? only = hardware.Lines.Length == 1 ? hardware.Lines[0] : null;
        foreach (var line in hardware.Lines)
            if (line.Name == interrupt.Name) { interrupt.Line = line; return; }
        if (only is not null) { interrupt.Line = only; return; }
        string lines = hardware.Lines.Length == 0 ? "it has none" : "it has " + string.Join(", ", hardware.Lines.Select(l => l.Name));
        _diagnostics.Add(DiagnosticCodes.InterruptLine, interrupt.DeclarationSpan!.Value,
            $"interrupt '{interrupt.Name}' must name a line of hardware model '{hardware.Name}', or the model must have exactly one ({lines})");
    }

    // ------------------------------------------------------------------ callbacks

    private static string ContextName(CallbackContext context) => context switch
    {
        CallbackContext.Device => "a device",
        CallbackContext.Queue => "a queue",
        CallbackContext.Interrupt => "an interrupt",
        CallbackContext.Timer => "a timer",
        CallbackContext.WorkItem => "a work item",
        CallbackContext.Register => "a register",
        _ => "a hardware model",
    };

    private static string ContextNoun(CallbackContext context) => context switch
    {
        CallbackContext.WorkItem => "work item",
        CallbackContext.Hardware => "hardware model",
        _ => context.ToString().ToLowerInvariant(),
    };

    /// <summary>Checks an <c>on NAME</c> against the callback table of its context and creates its symbol (the body is bound later).</summary>
    private CallbackSymbol? CreateCallback(HandlerDeclarationSyntax syntax, CallbackContext context, Symbol owner, List<CallbackSymbol> list, RegisterSymbol? register)
    {
        string name = syntax.Name.Text;
        var descriptor = CallbackCatalog.Find(context, name);
        if (descriptor is null)
        {
            var expected = string.Join(", ", CallbackCatalog.In(context).Select(d => d.Name));
            _diagnostics.Add(DiagnosticCodes.UnknownCallback, syntax.Name.Span, name, ContextName(context), expected);
            return null;
        }
        foreach (var existing in list)
        {
            if (existing.Descriptor.Kind == descriptor.Kind)
            {
                _diagnostics.Add(DiagnosticCodes.DuplicateCallback, syntax.Name.Span, name, ContextNoun(context));
                return null;
            }
        }
        var callback = new CallbackSymbol(descriptor, owner, syntax);
        TypeSymbol ImpliedType(CallbackParameter p) => descriptor.Kind == CallbackKind.RegisterWrite ? register!.Type : p.Type;

        // Parameters: leaving the list out is fine; a written list names every parameter.
        var parameters = ImmutableArray.CreateBuilder<LocalSymbol>();
        if (syntax.HasParameterList)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            for (int i = 0; i < syntax.Parameters.Length; i++)
            {
                var p = syntax.Parameters[i];
                TypeSymbol type;
                if (i >= descriptor.Parameters.Length)
                {
                    // Declared anyway (with the error type) so the body does not cascade into unknown names.
                    if (i == descriptor.Parameters.Length)
                    {
                        string expectedList = descriptor.Parameters.Length == 0 ? "no parameters"
                            : "(" + string.Join(", ", descriptor.Parameters.Select(x => $"{x.Name}: {ImpliedType(x).Name}")) + ")";
                        _diagnostics.Add(DiagnosticCodes.CallbackSignature, p.Span,
                            $"'on {name}' takes {expectedList}; '{p.Name.Text}' is one parameter too many");
                    }
                    type = TypeSymbol.Error;
                }
                else
                {
                    type = ImpliedType(descriptor.Parameters[i]);
                    if (p.Type is not null)
                    {
                        var written = BindType(p.Type);
                        if (!written.IsError && !TypeSymbol.AreEquivalent(written, type))
                            _diagnostics.Add(DiagnosticCodes.CallbackSignature, p.Type.Span,
                                $"parameter '{p.Name.Text}' of 'on {name}' is a '{type.Name}', not a '{written.Name}'");
                    }
                }
                if (!seen.Add(p.Name.Text))
                {
                    _diagnostics.Add(DiagnosticCodes.DuplicateDeclaration, p.Name.Span, p.Name.Text, $"as a parameter of 'on {name}'");
                    continue;
                }
                parameters.Add(new LocalSymbol(p.Name.Text, type, parameters.Count, false, true, p.Name.Span));
            }
            if (syntax.Parameters.Length < descriptor.Parameters.Length && syntax.Parameters.Length > 0)
            {
                string expectedList = "(" + string.Join(", ", descriptor.Parameters.Select(x => $"{x.Name}: {ImpliedType(x).Name}")) + ")";
                _diagnostics.Add(DiagnosticCodes.CallbackSignature, syntax.Name.Span,
                    $"'on {name}' takes {expectedList}; name every parameter, or leave the list out");
            }
        }
        callback.Parameters = parameters.ToImmutable();

        TypeSymbol returnType = descriptor.Return switch
        {
            CallbackReturn.OptionalStatus => TypeSymbol.Status,
            CallbackReturn.Bool => TypeSymbol.Bool,
            CallbackReturn.RegisterValue => register!.Type,
            _ => TypeSymbol.Void,
        };
        if (syntax.ReturnType is not null)
        {
            var written = BindType(syntax.ReturnType);
            if (descriptor.Return == CallbackReturn.None)
                _diagnostics.Add(DiagnosticCodes.CallbackCannotFail, syntax.ReturnType.Span, name);
            else if (!written.IsError && !TypeSymbol.AreEquivalent(written, returnType))
            {
                _diagnostics.Add(DiagnosticCodes.CallbackSignature, syntax.ReturnType.Span, $"'on {name}' returns a '{returnType.Name}', not a '{written.Name}'");
                returnType = TypeSymbol.Error; // the body's returns follow the mistake; do not report them again
            }
        }
        callback.ReturnType = returnType;
        list.Add(callback);
        return callback;
    }

    private void BindCallbackBody(CallbackSymbol callback, BodyKind kind, DeviceSymbol? device, HardwareModelSymbol? hardware)
    {
        var saved = EnterBody(kind, device, hardware);
        _callback = callback;
        _returnRule = ReturnRule.Callback;
        _returnType = callback.ReturnType;
        foreach (var p in callback.Parameters) DeclareParameter(p);
        var body = BindBlock(callback.Syntax.Body, newScope: false);
        if (_lastCompletes && callback.Descriptor.Return is CallbackReturn.Bool or CallbackReturn.RegisterValue && !callback.ReturnType.IsError)
            _diagnostics.Add(DiagnosticCodes.MissingReturn, callback.Syntax.Name.Span, $"on {callback.Name}", callback.ReturnType.Name);
        callback.Body = body;
        callback.FrameSize = LeaveBody(saved);
    }

    // ------------------------------------------------------------------ device bodies

    private void BindDeviceBodies(DeviceSymbol device)
    {
        foreach (var field in device.StateFields)
        {
            var syntax = _stateFieldSyntax[field];
            if (syntax.Initializer is null || field.Type.IsError) continue;
            var saved = EnterBody(BodyKind.Driver, device, null);
            field.Initializer = BindConverted(syntax.Initializer, field.Type);
            LeaveBody(saved);
        }
        foreach (var callback in device.AllCallbacks()) BindCallbackBody(callback, BodyKind.Driver, device, null);
    }
}

using System.Collections.Immutable;
using DriverScript.Language.Diagnostics;
using DriverScript.Language.Symbols;
using DriverScript.Language.Syntax;
using DriverScript.Language.Text;

namespace DriverScript.Language.Binding;

public sealed partial class Binder
{
    // ------------------------------------------------------------------ member access (not called)

    private BoundExpression BindMemberAccess(MemberAccessSyntax syntax)
    {
        var target = BindCore(syntax.Target, null);
        string name = syntax.Member.Text;
        if (target.Type.IsError && target is not BoundNamespace) return Error(syntax);
        if (target is BoundNamespace ns) return BindNamespaceMember(syntax, ns, name);
        target = Materialize(target, null);
        if (target.Type.IsError) return Error(syntax);

        // hw.REG.field / REG.field / dev.hw.REG.field
        if (target is BoundRegisterAccess { Field: null } reg)
        {
            var field = reg.Register.FindField(name);
            if (field is null) return UnknownMember(syntax, $"register {reg.Register.Name}", name);
            return new BoundRegisterAccess(syntax, reg.Register, field, reg.Path, reg.Device);
        }

        var type = target.Type;
        if (type is DeviceHandleTypeSymbol handle && (name == "state" || name == "hw"))
            return BindHostNamespace(syntax, target, handle, name);

        if (TryGetProperty(type, name, out var intrinsic, out var resultType))
        {
            if (!CheckDomain(intrinsic.Info().Domain, name, syntax.Member.Span)) return Error(syntax);
            return new BoundIntrinsicCall(syntax, intrinsic, target, ImmutableArray<BoundExpression>.Empty, resultType);
        }
        if (TryGetMethod(type, name, out _, out _, out _))
        {
            _diagnostics.Add(DiagnosticCodes.ValueNotUsable, syntax.Member.Span, $"'{name}' is a method of '{type.Name}'; call it: '{name}(...)'");
            return Error(syntax);
        }
        return UnknownMember(syntax, type.Name, name);
    }

    private BoundExpression UnknownMember(MemberAccessSyntax syntax, string what, string name)
    {
        _diagnostics.Add(DiagnosticCodes.UnknownMember, syntax.Member.Span, what, name);
        return Error(syntax);
    }

    private BoundExpression BindNamespaceMember(MemberAccessSyntax syntax, BoundNamespace ns, string name)
    {
        switch (ns.NamespaceKind)
        {
            case NamespaceKind.Enum:
            {
                var e = (EnumTypeSymbol)ns.Symbol!;
                var member = e.Find(name);
                if (member is null) return UnknownMember(syntax, e.Name, name);
                return new BoundLiteral(syntax, e, ConstantValue.Scalar(member.Value));
            }
            case NamespaceKind.Self:
            {
                var device = (DeviceSymbol)ns.Symbol!;
                if (device.StateScope.TryGetValue(name, out var field)) return new BoundSelfField(syntax, field);
                return UnknownMember(syntax, "self", name);
            }
            case NamespaceKind.DriverHw:
            case NamespaceKind.HostHw:
            {
                var hardware = (HardwareModelSymbol)ns.Symbol!;
                var path = ns.NamespaceKind == NamespaceKind.DriverHw ? RegisterPath.DriverBus : RegisterPath.HostBus;
                if (hardware.MemberScope.TryGetValue(name, out var member))
                {
                    if (member is RegisterSymbol r) return new BoundRegisterAccess(syntax, r, null, path, ns.Device);
                    if (member is MemorySymbol m) return new BoundMemoryAccess(syntax, m, path, ns.Device);
                }
                if (ns.NamespaceKind == NamespaceKind.HostHw && HostHwMethod(name) is not null)
                {
                    _diagnostics.Add(DiagnosticCodes.ValueNotUsable, syntax.Member.Span, $"'{name}' is a method; call it: '{name}(...)'");
                    return Error(syntax);
                }
                return UnknownMember(syntax, $"hardware model {hardware.Name}", name);
            }
            case NamespaceKind.HostState:
            {
                var device = (DeviceSymbol)ns.Symbol!;
                if (device.StateScope.TryGetValue(name, out var field)) return new BoundHostStateField(syntax, ns.Device!, field);
                return UnknownMember(syntax, $"the state of device {device.Name}", name);
            }
            default:
                ReportNotValue(ns);
                return Error(syntax);
        }
    }

    private BoundExpression BindHostNamespace(MemberAccessSyntax syntax, BoundExpression device, DeviceHandleTypeSymbol handle, string name)
    {
        if (!CheckDomain(OperationDomain.Host, $"dev.{name}", syntax.Member.Span)) return Error(syntax);
        if (name == "state")
        {
            if (handle.Device is null)
            {
                _diagnostics.Add(DiagnosticCodes.ValueNotUsable, syntax.Span,
                    "the device of this handle is not known here, so its state fields cannot be named; use the handle 'plug(...)' returned");
                return Error(syntax);
            }
            return new BoundNamespace(syntax, NamespaceKind.HostState, handle.Device, device, Describe(syntax));
        }
        var hardware = handle.Hardware ?? handle.Device?.Hardware;
        if (hardware is null)
        {
            _diagnostics.Add(DiagnosticCodes.NoHardware, syntax.Span,
                handle.Device is null
                    ? "the hardware of this handle is not known here; use the handle 'plug(...)' returned"
                    : $"device '{handle.Device.Name}' was plugged without a hardware model");
            return Error(syntax);
        }
        return new BoundNamespace(syntax, NamespaceKind.HostHw, hardware, device, Describe(syntax));
    }

    /// <summary>Members read like fields: <c>req.length</c>, <c>r.status</c>, <c>dev.violations</c>...</summary>
    private static bool TryGetProperty(TypeSymbol type, string name, out Intrinsic intrinsic, out TypeSymbol result)
    {
        (intrinsic, result) = (type.Kind, name) switch
        {
            (TypeKind.Request, "kind") => (Intrinsic.RequestKind, TypeSymbol.RequestKind),
            (TypeKind.Request, "length") => (Intrinsic.RequestLength, TypeSymbol.U32),
            (TypeKind.Request, "input") => (Intrinsic.RequestInput, TypeSymbol.Bytes),
            (TypeKind.Request, "output_length") => (Intrinsic.RequestOutputLength, TypeSymbol.U32),
            (TypeKind.Request, "code") => (Intrinsic.RequestCode, TypeSymbol.U32),
            (TypeKind.Request, "canceled") => (Intrinsic.RequestCanceled, TypeSymbol.Bool),
            (TypeKind.StopAction, "suspend") => (Intrinsic.StopActionSuspend, TypeSymbol.Bool),
            (TypeKind.StopAction, "purge") => (Intrinsic.StopActionPurge, TypeSymbol.Bool),
            (TypeKind.DmaBuffer, "address") => (Intrinsic.DmaBufferAddress, TypeSymbol.U64),
            (TypeKind.DeviceHandle, "power_state") => (Intrinsic.DevicePowerState, TypeSymbol.PowerState),
            (TypeKind.DeviceHandle, "callbacks") => (Intrinsic.DeviceCallbacks, (TypeSymbol)TypeSymbol.String.ListOf()),
            (TypeKind.DeviceHandle, "violations") => (Intrinsic.DeviceViolations, TypeSymbol.U32),
            (TypeKind.DeviceHandle, "bugcheck") => (Intrinsic.DeviceBugcheck, TypeSymbol.Violation.OptionalOf()),
            (TypeKind.DeviceHandle, "started") => (Intrinsic.DeviceStarted, TypeSymbol.Bool),
            (TypeKind.Pending, "done") => (Intrinsic.PendingDone, TypeSymbol.Bool),
            (TypeKind.Pending, "result") => (Intrinsic.PendingResult, TypeSymbol.Result),
            (TypeKind.Result, "status") => (Intrinsic.ResultStatus, TypeSymbol.Status),
            (TypeKind.Result, "information") => (Intrinsic.ResultInformation, TypeSymbol.U64),
            (TypeKind.Result, "data") => (Intrinsic.ResultData, TypeSymbol.Bytes),
            (TypeKind.Violation, "code") => (Intrinsic.ViolationCode, TypeSymbol.U32),
            (TypeKind.Violation, "rule") => (Intrinsic.ViolationRule, TypeSymbol.String),
            (TypeKind.Violation, "message") => (Intrinsic.ViolationMessage, TypeSymbol.String),
            _ => ((Intrinsic)255, TypeSymbol.Error),
        };
        return !result.IsError;
    }

    /// <summary>Methods: <c>q.start()</c>, <c>t.stop(wait)</c>, <c>dev.read(n)</c>, <c>l.push(x)</c>...</summary>
    private static bool TryGetMethod(TypeSymbol type, string name, out Intrinsic intrinsic, out TypeSymbol[] parameters, out TypeSymbol result)
    {
        var none = Array.Empty<TypeSymbol>();
        (intrinsic, parameters, result) = (type.Kind, name) switch
        {
            (TypeKind.Queue, "start") => (Intrinsic.QueueStart, none, TypeSymbol.Void),
            (TypeKind.Queue, "stop") => (Intrinsic.QueueStop, none, TypeSymbol.Void),
            (TypeKind.Queue, "purge") => (Intrinsic.QueuePurge, none, TypeSymbol.Void),
            (TypeKind.Queue, "drain") => (Intrinsic.QueueDrain, none, TypeSymbol.Void),
            (TypeKind.Queue, "retrieve") => (Intrinsic.QueueRetrieve, none, TypeSymbol.Request.OptionalOf()),
            (TypeKind.Timer, "start") => (Intrinsic.TimerStart, new[] { TypeSymbol.Duration }, TypeSymbol.Bool),
            (TypeKind.Timer, "stop") => (Intrinsic.TimerStop, new[] { TypeSymbol.Bool }, TypeSymbol.Bool),
            (TypeKind.WorkItem, "enqueue") => (Intrinsic.WorkItemEnqueue, none, TypeSymbol.Void),
            (TypeKind.DmaBuffer, "read") => (Intrinsic.DmaBufferRead, new[] { TypeSymbol.U32, TypeSymbol.U32 }, TypeSymbol.Bytes),
            (TypeKind.DmaBuffer, "write") => (Intrinsic.DmaBufferWrite, new[] { TypeSymbol.U32, TypeSymbol.Bytes }, TypeSymbol.Void),
            (TypeKind.DeviceHandle, "read") => (Intrinsic.DeviceRead, new[] { TypeSymbol.U32 }, TypeSymbol.Result),
            (TypeKind.DeviceHandle, "write") => (Intrinsic.DeviceWrite, new[] { TypeSymbol.Bytes }, TypeSymbol.Result),
            (TypeKind.DeviceHandle, "ioctl") => (Intrinsic.DeviceIoctl, new[] { TypeSymbol.U32, TypeSymbol.Bytes, TypeSymbol.U32 }, TypeSymbol.Result),
            (TypeKind.DeviceHandle, "submit_read") => (Intrinsic.DeviceSubmitRead, new[] { TypeSymbol.U32 }, TypeSymbol.Pending),
            (TypeKind.DeviceHandle, "submit_write") => (Intrinsic.DeviceSubmitWrite, new[] { TypeSymbol.Bytes }, TypeSymbol.Pending),
            (TypeKind.DeviceHandle, "submit_ioctl") => (Intrinsic.DeviceSubmitIoctl, new[] { TypeSymbol.U32, TypeSymbol.Bytes, TypeSymbol.U32 }, TypeSymbol.Pending),
            (TypeKind.DeviceHandle, "sleep") => (Intrinsic.DeviceSleep, new[] { TypeSymbol.SystemState }, TypeSymbol.Void),
            (TypeKind.DeviceHandle, "wake") => (Intrinsic.DeviceWake, none, TypeSymbol.Void),
            (TypeKind.DeviceHandle, "stop") => (Intrinsic.DeviceStop, none, TypeSymbol.Void),
            (TypeKind.DeviceHandle, "restart") => (Intrinsic.DeviceRestart, none, TypeSymbol.Void),
            (TypeKind.DeviceHandle, "remove") => (Intrinsic.DeviceRemove, none, TypeSymbol.Void),
            (TypeKind.DeviceHandle, "surprise_remove") => (Intrinsic.DeviceSurpriseRemove, none, TypeSymbol.Void),
            (TypeKind.DeviceHandle, "clear_callbacks") => (Intrinsic.DeviceClearCallbacks, none, TypeSymbol.Void),
            (TypeKind.Pending, "cancel") => (Intrinsic.PendingCancel, none, TypeSymbol.Void),
            (TypeKind.List, "push") => (Intrinsic.ListPush, new[] { ((ListTypeSymbol)type).Element }, TypeSymbol.Void),
            (TypeKind.List, "pop") => (Intrinsic.ListPop, none, ((ListTypeSymbol)type).Element),
            _ => ((Intrinsic)255, none, TypeSymbol.Error),
        };
        return !result.IsError;
    }

    /// <summary><c>dev.hw.read32(offset)</c> and friends.</summary>
    private static (Intrinsic Intrinsic, TypeSymbol Value, bool IsWrite)? HostHwMethod(string name) => name switch
    {
        "read8" => (Intrinsic.DeviceHwRead8, TypeSymbol.U8, false),
        "read16" => (Intrinsic.DeviceHwRead16, TypeSymbol.U16, false),
        "read32" => (Intrinsic.DeviceHwRead32, TypeSymbol.U32, false),
        "read64" => (Intrinsic.DeviceHwRead64, TypeSymbol.U64, false),
        "write8" => (Intrinsic.DeviceHwWrite8, TypeSymbol.U8, true),
        "write16" => (Intrinsic.DeviceHwWrite16, TypeSymbol.U16, true),
        "write32" => (Intrinsic.DeviceHwWrite32, TypeSymbol.U32, true),
        "write64" => (Intrinsic.DeviceHwWrite64, TypeSymbol.U64, true),
        _ => null,
    };

    // ------------------------------------------------------------------ calls

    private BoundExpression BindCall(CallSyntax syntax)
    {
        switch (syntax.Callee)
        {
            case MemberAccessSyntax member:
                return BindMethodCall(syntax, member);
            case NameExpressionSyntax name:
            {
                var callee = BindCore(name, null);
                switch (callee)
                {
                    case BoundNamespace { NamespaceKind: NamespaceKind.Function, Symbol: FunctionSymbol f }:
                        return BindFunctionCall(syntax, name.Span, f);
                    case BoundNamespace { NamespaceKind: NamespaceKind.Builtin, Symbol: BuiltinFunction b }:
                        return BindBuiltinCall(syntax, name, b);
                    case BoundErrorExpression:
                        BindArgumentsForErrors(syntax.Arguments);
                        return Error(syntax);
                }
                _diagnostics.Add(DiagnosticCodes.NotCallable, name.Span, name.Name);
                BindArgumentsForErrors(syntax.Arguments);
                return Error(syntax);
            }
            default:
            {
                var callee = BindCore(syntax.Callee, null);
                if (!callee.Type.IsError || callee is BoundNamespace)
                    _diagnostics.Add(DiagnosticCodes.NotCallable, syntax.Callee.Span, Describe(syntax.Callee));
                BindArgumentsForErrors(syntax.Arguments);
                return Error(syntax);
            }
        }
    }

    /// <summary>Binds arguments only to report the errors inside them (the call itself is already an error).</summary>
    private void BindArgumentsForErrors(ImmutableArray<ExpressionSyntax> arguments)
    {
        foreach (var a in arguments) BindCore(a, null);
    }

    private static string Arguments(int n) => n == 1 ? "1 argument" : $"{n} arguments";

    private static string Given(int n) => n == 1 ? "1 was" : $"{n} were";

    private bool CheckArgumentCount(CallSyntax syntax, SourceSpan nameSpan, string name, int min, int max)
    {
        int n = syntax.Arguments.Length;
        if (n >= min && n <= max) return true;
        string takes = min == max ? Arguments(min) : max == int.MaxValue ? $"at least {Arguments(min)}" : $"{min} or {Arguments(max)}";
        _diagnostics.Add(DiagnosticCodes.ArgumentCount, nameSpan, name, takes, Given(n));
        BindArgumentsForErrors(syntax.Arguments);
        return false;
    }

    /// <summary>Binds arguments converted to the parameter types; false when one failed.</summary>
    private bool BindArguments(CallSyntax syntax, ReadOnlySpan<TypeSymbol> parameters, out ImmutableArray<BoundExpression> arguments)
    {
        var builder = ImmutableArray.CreateBuilder<BoundExpression>(parameters.Length);
        bool ok = true;
        for (int i = 0; i < parameters.Length; i++)
        {
            var a = BindConverted(syntax.Arguments[i], parameters[i]);
            ok &= !a.Type.IsError || parameters[i].IsError;
            builder.Add(a);
        }
        arguments = builder.MoveToImmutable();
        return ok;
    }

    private BoundExpression BindFunctionCall(CallSyntax syntax, SourceSpan nameSpan, FunctionSymbol function)
    {
        if (!CheckArgumentCount(syntax, nameSpan, function.Name, function.Parameters.Length, function.Parameters.Length)) return Error(syntax);
        var types = new TypeSymbol[function.Parameters.Length];
        for (int i = 0; i < types.Length; i++) types[i] = function.Parameters[i].Type;
        bool ok = BindArguments(syntax, types, out var args);
        RecordCall(function, syntax.Span);
        if (!ok || function.ReturnType.IsError) return Error(syntax);
        return new BoundCall(syntax, function, args);
    }

    private BoundExpression BindMethodCall(CallSyntax syntax, MemberAccessSyntax member)
    {
        string name = member.Member.Text;
        var target = BindCore(member.Target, null);
        if (target is BoundNamespace ns)
        {
            if (ns.NamespaceKind == NamespaceKind.HostHw && HostHwMethod(name) is { } hw)
            {
                if (!CheckDomain(OperationDomain.Host, $"dev.hw.{name}", member.Member.Span))
                {
                    BindArgumentsForErrors(syntax.Arguments);
                    return Error(syntax);
                }
                TypeSymbol[] ps = hw.IsWrite ? new[] { TypeSymbol.U64, hw.Value } : new[] { TypeSymbol.U64 };
                if (!CheckArgumentCount(syntax, member.Member.Span, name, ps.Length, ps.Length)) return Error(syntax);
                if (!BindArguments(syntax, ps, out var hwArgs)) return Error(syntax);
                return new BoundIntrinsicCall(syntax, hw.Intrinsic, ns.Device, hwArgs, hw.IsWrite ? TypeSymbol.Void : hw.Value);
            }
            var value = BindNamespaceMember(member, ns, name);
            if (!value.Type.IsError) _diagnostics.Add(DiagnosticCodes.NotCallable, member.Member.Span, name);
            BindArgumentsForErrors(syntax.Arguments);
            return Error(syntax);
        }
        if (target.Type.IsError)
        {
            BindArgumentsForErrors(syntax.Arguments);
            return Error(syntax);
        }
        target = Materialize(target, null);
        if (!TryGetMethod(target.Type, name, out var intrinsic, out var parameters, out var result))
        {
            if (TryGetProperty(target.Type, name, out _, out _) || target is BoundRegisterAccess)
                _diagnostics.Add(DiagnosticCodes.NotCallable, member.Member.Span, name);
            else
                _diagnostics.Add(DiagnosticCodes.UnknownMember, member.Member.Span, target.Type.Name, name);
            BindArgumentsForErrors(syntax.Arguments);
            return Error(syntax);
        }
        if (!CheckDomain(intrinsic.Info().Domain, name, member.Member.Span))
        {
            BindArgumentsForErrors(syntax.Arguments);
            return Error(syntax);
        }
        if (!CheckArgumentCount(syntax, member.Member.Span, name, parameters.Length, parameters.Length)) return Error(syntax);
        if (!BindArguments(syntax, parameters, out var args)) return Error(syntax);
        return new BoundIntrinsicCall(syntax, intrinsic, target, args, result);
    }

    // ------------------------------------------------------------------ built-in functions

    private BoundExpression MakeIntrinsic(CallSyntax syntax, Intrinsic intrinsic, ImmutableArray<BoundExpression> args, TypeSymbol type) =>
        new BoundIntrinsicCall(syntax, intrinsic, null, args, type);

    /// <summary>A built-in with fixed parameter types.</summary>
    private BoundExpression Simple(CallSyntax syntax, NameExpressionSyntax name, Intrinsic intrinsic, TypeSymbol result, params TypeSymbol[] parameters)
    {
        if (!CheckArgumentCount(syntax, name.Span, name.Name, parameters.Length, parameters.Length)) return Error(syntax);
        if (!BindArguments(syntax, parameters, out var args)) return Error(syntax);
        return MakeIntrinsic(syntax, intrinsic, args, result);
    }

    private BoundExpression BindBuiltinCall(CallSyntax syntax, NameExpressionSyntax name, BuiltinFunction builtin)
    {
        var domain = builtin switch
        {
            BuiltinFunction.Now or BuiltinFunction.Log or BuiltinFunction.Min or BuiltinFunction.Max or BuiltinFunction.Len
                or BuiltinFunction.Zeros or BuiltinFunction.Fill or BuiltinFunction.NtSuccess or BuiltinFunction.Status => OperationDomain.Any,
            BuiltinFunction.DmaRead or BuiltinFunction.DmaWrite => OperationDomain.Hardware,
            BuiltinFunction.Plug or BuiltinFunction.Advance or BuiltinFunction.Settle or BuiltinFunction.Print or BuiltinFunction.Peek => OperationDomain.Host,
            _ => OperationDomain.Driver,
        };
        if (!CheckDomain(domain, name.Name, name.Span))
        {
            BindArgumentsForErrors(syntax.Arguments);
            return Error(syntax);
        }
        var req = TypeSymbol.Request;
        switch (builtin)
        {
            case BuiltinFunction.Complete: return BindComplete(syntax, name);
            case BuiltinFunction.Forward: return Simple(syntax, name, Symbols.Intrinsic.Forward, TypeSymbol.Status, req, TypeSymbol.Queue);
            case BuiltinFunction.Requeue: return Simple(syntax, name, Symbols.Intrinsic.Requeue, TypeSymbol.Void, req);
            case BuiltinFunction.MarkCancelable: return Simple(syntax, name, Symbols.Intrinsic.MarkCancelable, TypeSymbol.Status, req);
            case BuiltinFunction.UnmarkCancelable: return Simple(syntax, name, Symbols.Intrinsic.UnmarkCancelable, TypeSymbol.Status, req);
            case BuiltinFunction.StopAcknowledge: return Simple(syntax, name, Symbols.Intrinsic.StopAcknowledge, TypeSymbol.Void, req, TypeSymbol.Bool);
            case BuiltinFunction.QueueDpc: return Simple(syntax, name, Symbols.Intrinsic.QueueDpc, TypeSymbol.Bool);
            case BuiltinFunction.Stall: return Simple(syntax, name, Symbols.Intrinsic.Stall, TypeSymbol.Void, TypeSymbol.Duration);
            case BuiltinFunction.Sleep: return Simple(syntax, name, Symbols.Intrinsic.Sleep, TypeSymbol.Void, TypeSymbol.Duration);
            case BuiltinFunction.Now: return Simple(syntax, name, Symbols.Intrinsic.Now, TypeSymbol.Duration);
            case BuiltinFunction.StopIdle: return Simple(syntax, name, Symbols.Intrinsic.StopIdle, TypeSymbol.Status, TypeSymbol.Bool);
            case BuiltinFunction.ResumeIdle: return Simple(syntax, name, Symbols.Intrinsic.ResumeIdle, TypeSymbol.Void);
            case BuiltinFunction.Bugcheck: return Simple(syntax, name, Symbols.Intrinsic.Bugcheck, TypeSymbol.Void, TypeSymbol.U32);
            case BuiltinFunction.Zeros: return Simple(syntax, name, Symbols.Intrinsic.Zeros, TypeSymbol.Bytes, TypeSymbol.U32);
            case BuiltinFunction.Fill: return Simple(syntax, name, Symbols.Intrinsic.Fill, TypeSymbol.Bytes, TypeSymbol.U8, TypeSymbol.U32);
            case BuiltinFunction.NtSuccess:
            {
                var call = Simple(syntax, name, Symbols.Intrinsic.NtSuccess, TypeSymbol.Bool, TypeSymbol.Status);
                if (call is BoundIntrinsicCall { Arguments: [{ ConstantValue: { } s }] })
                    return new BoundLiteral(syntax, TypeSymbol.Bool, ConstantValue.FromBool((int)(uint)s.Bits >= 0));
                return call;
            }
            case BuiltinFunction.Status:
            {
                var call = Simple(syntax, name, Symbols.Intrinsic.StatusFromCode, TypeSymbol.Status, TypeSymbol.U32);
                if (call is BoundIntrinsicCall { Arguments: [{ ConstantValue: { } c }] })
                    return new BoundLiteral(syntax, TypeSymbol.Status, c);
                return call;
            }
            case BuiltinFunction.Read8: return Simple(syntax, name, Symbols.Intrinsic.Read8, TypeSymbol.U8, TypeSymbol.U64);
            case BuiltinFunction.Read16: return Simple(syntax, name, Symbols.Intrinsic.Read16, TypeSymbol.U16, TypeSymbol.U64);
            case BuiltinFunction.Read32: return Simple(syntax, name, Symbols.Intrinsic.Read32, TypeSymbol.U32, TypeSymbol.U64);
            case BuiltinFunction.Read64: return Simple(syntax, name, Symbols.Intrinsic.Read64, TypeSymbol.U64, TypeSymbol.U64);
            case BuiltinFunction.Write8: return Simple(syntax, name, Symbols.Intrinsic.Write8, TypeSymbol.Void, TypeSymbol.U64, TypeSymbol.U8);
            case BuiltinFunction.Write16: return Simple(syntax, name, Symbols.Intrinsic.Write16, TypeSymbol.Void, TypeSymbol.U64, TypeSymbol.U16);
            case BuiltinFunction.Write32: return Simple(syntax, name, Symbols.Intrinsic.Write32, TypeSymbol.Void, TypeSymbol.U64, TypeSymbol.U32);
            case BuiltinFunction.Write64: return Simple(syntax, name, Symbols.Intrinsic.Write64, TypeSymbol.Void, TypeSymbol.U64, TypeSymbol.U64);
            case BuiltinFunction.DmaBuffer: return Simple(syntax, name, Symbols.Intrinsic.DmaBufferAllocate, TypeSymbol.DmaBuffer, TypeSymbol.U32);
            case BuiltinFunction.DmaRead: return Simple(syntax, name, Symbols.Intrinsic.DmaRead, TypeSymbol.Bytes, TypeSymbol.U64, TypeSymbol.U32);
            case BuiltinFunction.DmaWrite: return Simple(syntax, name, Symbols.Intrinsic.DmaWrite, TypeSymbol.Void, TypeSymbol.U64, TypeSymbol.Bytes);
            case BuiltinFunction.Advance: return Simple(syntax, name, Symbols.Intrinsic.Advance, TypeSymbol.Void, TypeSymbol.Duration);
            case BuiltinFunction.Settle: return Simple(syntax, name, Symbols.Intrinsic.Settle, TypeSymbol.Void);
            case BuiltinFunction.Log:
            case BuiltinFunction.Print:
            {
                var args = ImmutableArray.CreateBuilder<BoundExpression>(syntax.Arguments.Length);
                bool ok = true;
                foreach (var a in syntax.Arguments)
                {
                    var bound = BindExpression(a);
                    ok &= !bound.Type.IsError;
                    args.Add(bound);
                }
                if (!ok) return Error(syntax);
                return MakeIntrinsic(syntax, builtin == BuiltinFunction.Log ? Symbols.Intrinsic.Log : Symbols.Intrinsic.Print, args.MoveToImmutable(), TypeSymbol.Void);
            }
            case BuiltinFunction.Min:
            case BuiltinFunction.Max: return BindMinMax(syntax, name, builtin == BuiltinFunction.Min);
            case BuiltinFunction.Len: return BindLen(syntax, name);
            case BuiltinFunction.Plug: return BindPlug(syntax, name);
            case BuiltinFunction.Peek: return BindPeek(syntax, name);
            default: return Error(syntax);
        }
    }

    private BoundExpression BindComplete(CallSyntax syntax, NameExpressionSyntax name)
    {
        if (!CheckArgumentCount(syntax, name.Span, "complete", 2, 3)) return Error(syntax);
        var request = BindConverted(syntax.Arguments[0], TypeSymbol.Request);
        var status = BindConverted(syntax.Arguments[1], TypeSymbol.Status);
        if (syntax.Arguments.Length == 2)
        {
            if (request.Type.IsError || status.Type.IsError) return Error(syntax);
            return MakeIntrinsic(syntax, Symbols.Intrinsic.Complete, ImmutableArray.Create(request, status), TypeSymbol.Void);
        }
        var third = BindValue(syntax.Arguments[2], null);
        Intrinsic intrinsic;
        if (third.Type.Kind == TypeKind.Bytes)
            intrinsic = Symbols.Intrinsic.CompleteWithData;
        else
        {
            intrinsic = Symbols.Intrinsic.CompleteWithInformation;
            third = Convert(third, TypeSymbol.U64);
        }
        if (request.Type.IsError || status.Type.IsError || third.Type.IsError) return Error(syntax);
        return MakeIntrinsic(syntax, intrinsic, ImmutableArray.Create(request, status, third), TypeSymbol.Void);
    }

    private BoundExpression BindMinMax(CallSyntax syntax, NameExpressionSyntax name, bool isMin)
    {
        if (!CheckArgumentCount(syntax, name.Span, name.Name, 2, 2)) return Error(syntax);
        var a = BindValue(syntax.Arguments[0], null);
        var b = BindValue(syntax.Arguments[1], null);
        if (a.Type.IsError || b.Type.IsError) return Error(syntax);
        (a, b) = MaterializePair(a, b, null);
        if (a.Type.IsError || b.Type.IsError) return Error(syntax);
        TypeSymbol? type = a.Type.IsInteger && b.Type.IsInteger ? CommonIntegerType(a.Type, b.Type)
            : a.Type.Kind == TypeKind.Duration && b.Type.Kind == TypeKind.Duration ? a.Type : null;
        if (type is null)
        {
            _diagnostics.Add(DiagnosticCodes.CannotConvert, syntax.Arguments[1].Span, b.Type.Name, a.Type.Name);
            return Error(syntax);
        }
        a = Convert(a, type);
        b = Convert(b, type);
        if (a.ConstantValue is { } x && b.ConstantValue is { } y)
        {
            bool less = type.IsSignedInteger ? (long)x.Bits < (long)y.Bits : x.Bits < y.Bits;
            return new BoundLiteral(syntax, type, (less == isMin) ? x : y);
        }
        return MakeIntrinsic(syntax, isMin ? Symbols.Intrinsic.Min : Symbols.Intrinsic.Max, ImmutableArray.Create(a, b), type);
    }

    private BoundExpression BindLen(CallSyntax syntax, NameExpressionSyntax name)
    {
        if (!CheckArgumentCount(syntax, name.Span, "len", 1, 1)) return Error(syntax);
        var arg = BindExpression(syntax.Arguments[0]);
        if (arg.Type.IsError) return Error(syntax);
        Intrinsic intrinsic;
        switch (arg.Type.Kind)
        {
            case TypeKind.String:
                if (arg.ConstantValue is { } s) return new BoundLiteral(syntax, TypeSymbol.U32, ConstantValue.Scalar((ulong)System.Text.Encoding.UTF8.GetByteCount(s.String!)));
                intrinsic = Symbols.Intrinsic.LenString;
                break;
            case TypeKind.Bytes:
                if (arg.ConstantValue is { } b) return new BoundLiteral(syntax, TypeSymbol.U32, ConstantValue.Scalar((ulong)b.Bytes.Length));
                intrinsic = Symbols.Intrinsic.LenBytes;
                break;
            case TypeKind.List: intrinsic = Symbols.Intrinsic.LenList; break;
            case TypeKind.Queue:
                intrinsic = Symbols.Intrinsic.LenQueue;
                if (!CheckDomain(OperationDomain.Driver, "len(queue)", name.Span)) return Error(syntax);
                break;
            default:
                _diagnostics.Add(DiagnosticCodes.CannotConvert, syntax.Arguments[0].Span, arg.Type.Name, "string, bytes, a list or a queue");
                return Error(syntax);
        }
        return MakeIntrinsic(syntax, intrinsic, ImmutableArray.Create(arg), TypeSymbol.U32);
    }

    private BoundExpression BindPlug(CallSyntax syntax, NameExpressionSyntax name)
    {
        if (!CheckArgumentCount(syntax, name.Span, "plug", 1, 2)) return Error(syntax);
        var deviceArg = BindCore(syntax.Arguments[0], null);
        DeviceSymbol? device = (deviceArg as BoundNamespace)?.Symbol as DeviceSymbol;
        if (device is null)
        {
            if (!deviceArg.Type.IsError || deviceArg is BoundNamespace)
                _diagnostics.Add(DiagnosticCodes.ValueNotUsable, syntax.Arguments[0].Span, "'plug' takes the name of a device: 'plug(Echo)'");
            if (syntax.Arguments.Length > 1) BindCore(syntax.Arguments[1], null);
            return Error(syntax);
        }
        HardwareModelSymbol? hardware = device.Hardware;
        if (syntax.Arguments.Length == 2)
        {
            var hwArg = BindCore(syntax.Arguments[1], null);
            hardware = (hwArg as BoundNamespace)?.Symbol as HardwareModelSymbol;
            if (hardware is null)
            {
                if (!hwArg.Type.IsError || hwArg is BoundNamespace)
                    _diagnostics.Add(DiagnosticCodes.UnknownHardware, syntax.Arguments[1].Span, Describe(syntax.Arguments[1]), BuiltinModelList());
                return Error(syntax);
            }
        }
        DeviceHandleTypeSymbol type;
        if (hardware is null || ReferenceEquals(hardware, device.Hardware) && device.Hardware is null) type = device.HandleType;
        else if (!device.HandleTypes.TryGetValue(hardware, out type!))
        {
            type = new DeviceHandleTypeSymbol(device, hardware);
            device.HandleTypes.Add(hardware, type);
        }
        return new BoundPlug(syntax, device, hardware, type);
    }

    private BoundExpression BindPeek(CallSyntax syntax, NameExpressionSyntax name)
    {
        if (!CheckArgumentCount(syntax, name.Span, "peek", 1, 1)) return Error(syntax);
        var arg = BindExpression(syntax.Arguments[0]);
        if (arg.Type.IsError) return Error(syntax);
        if (arg is BoundRegisterAccess { Path: RegisterPath.HostBus } r)
            return new BoundRegisterAccess(syntax, r.Register, r.Field, RegisterPath.HostPeek, r.Device);
        if (arg is BoundMemoryAccess { Path: RegisterPath.HostBus } m)
            return new BoundMemoryAccess(syntax, m.Memory, RegisterPath.HostPeek, m.Device);
        _diagnostics.Add(DiagnosticCodes.ValueNotUsable, syntax.Arguments[0].Span, "'peek' takes a register of a plugged device: 'peek(dev.hw.REG)'");
        return Error(syntax);
    }

    private string BuiltinModelList()
    {
        if (_options.HardwareModels.IsDefaultOrEmpty) return "none are registered";
        var names = new List<string>();
        foreach (var m in _options.HardwareModels) names.Add(m.Name);
        return string.Join(", ", names);
    }
}

using System.Text;
using DriverScript.Framework;
using DriverScript.Framework.Drivers;
using DriverScript.Framework.Queues;
using DriverScript.Framework.Requests;
using DriverScript.Framework.Timers;
using DriverScript.Framework.Verifier;
using DriverScript.Framework.WorkItems;
using DriverScript.Language.Binding;
using DriverScript.Language.Diagnostics;
using DriverScript.Language.Symbols;
using DriverScript.Language.Text;
using FwExecutionLevel = DriverScript.Framework.Drivers.ExecutionLevel;
using FwRequestKind = DriverScript.Framework.Requests.RequestKind;
using LangExecutionLevel = DriverScript.Language.Symbols.ExecutionLevel;
using CallbackKind = DriverScript.Language.Symbols.CallbackKind;

namespace DriverScript.Interpreter;

/// <summary>Simulation settings of a run: seed (null: the deterministic strategy), processors, trace, and the hardware behind devices.</summary>
public sealed record SimulationRunOptions
{
    public ulong? Seed { get; init; }

    public int Processors { get; init; } = 2;

    /// <summary>
    /// Let a verifier break continue as KMDF's verifier does after a debugger break (the DDI fails or
    /// proceeds) instead of stopping the machine (<see cref="Framework.SimulationOptions.ContinueOnBreak"/>).
    /// No script can set it; an embedding test can (docs/verifier.md: MultipleIrpComplete).
    /// </summary>
    public bool ContinueOnBreak { get; init; }

    /// <summary>Keep every trace event (for <c>drv run --trace</c>); false leaves the simulation's default.</summary>
    public bool FullTrace { get; init; }

    /// <summary>Called with each device model once it is built on <c>plug</c>, and the clock it runs on (for <c>drv run --vcd</c>).</summary>
    public Action<DriverScript.Hardware.Devices.DeviceModel, DriverScript.Hardware.Time.VirtualClock>? HardwarePlugged { get; init; }

    /// <summary>
    /// The C# hardware models a script may name (<c>uses NAME;</c>, <c>plug(Device, NAME)</c>); null means
    /// the built-ins (<see cref="DriverScript.Hardware.Devices.DeviceModelRegistry.CreateDefault"/>). Compile the
    /// script with <see cref="ScriptHost.CompilationOptionsFor"/> of the same registry so the checker knows their registers.
    /// </summary>
    public DriverScript.Hardware.Devices.DeviceModelRegistry? HardwareModels { get; init; }

    /// <summary>
    /// Register buses that stand in for hardware models, by the model's name (a <c>hardware</c> block's or a
    /// C# model's): a plugged device over that model gets a <see cref="RegisterBusDevice"/> whose declared
    /// registers read and write this bus (an NSubstitute mock, a recorder, a bridge to real hardware)
    /// instead of the model's behaviour.
    /// </summary>
    public IReadOnlyDictionary<string, DriverScript.Hardware.Bus.IRegisterBus>? Buses { get; init; }

    /// <summary>How long (virtual time) a PnP or power transition may wait on the driver before bug check 0x9F; null: 1 s (LANGUAGE.md §11).</summary>
    public TimeSpan? PowerTransitionBudget { get; init; }

    /// <summary>How long (virtual time) an ISR or DPC may run before bug check 0x133; null: 100 ms (LANGUAGE.md §11).</summary>
    public TimeSpan? IsrDpcBudget { get; init; }

    /// <summary>Claims in a row of a level-triggered line, with no virtual time passing, that make an interrupt storm; null: 1,000.</summary>
    public int? InterruptStormThreshold { get; init; }

    public static SimulationRunOptions Default { get; } = new();
}

/// <summary>
/// The <see cref="IDriverRuntime"/> backed by the simulated framework (<c>src/Framework</c>): each run
/// (or test) gets its own <see cref="Framework.Simulation"/>; <c>plug</c> creates a framework driver
/// whose callbacks run the device's <c>on</c> handlers against its context. Operations not covered
/// yet fall back to <see cref="NoSimulationRuntime"/> (DS3007).
/// </summary>
/// <example>
/// <code>
/// var results = script.RunTests(new RunOptions { RuntimeFactory = SimulationRuntime.Factory() });
/// </code>
/// </example>
public sealed partial class SimulationRuntime : NoSimulationRuntime, IDisposable
{
    private readonly ScriptExecution _execution;
    private readonly Simulation _sim;
    private readonly SimulationRunOptions _options;

    public SimulationRuntime(ScriptExecution execution, SimulationRunOptions? options = null)
    {
        _execution = execution ?? throw new ArgumentNullException(nameof(execution));
        options ??= SimulationRunOptions.Default;
        _options = options;
        var simOptions = new SimulationOptions
        {
            Processors = options.Processors,
            Seed = options.Seed,
            HostOperationLimit = execution.Options.Limits.VirtualTimePerHostOperation.Ticks * 100,
            ContinueOnBreak = options.ContinueOnBreak,
        };
        if (options.FullTrace) simOptions = simOptions with { Trace = Framework.Tracing.TraceOptions.Full };
        if (options.PowerTransitionBudget is { } power) simOptions = simOptions with { PowerBudget = power.Ticks * 100 };
        if (options.IsrDpcBudget is { } isrDpc) simOptions = simOptions with { IsrDpcBudget = isrDpc.Ticks * 100 };
        if (options.InterruptStormThreshold is { } storm) simOptions = simOptions with { InterruptStormThreshold = storm };
        _sim = new Simulation(simOptions);
    }

    /// <summary>A <see cref="RunOptions.RuntimeFactory"/> that gives every run and test a fresh simulation.</summary>
    public static Func<ScriptExecution, IDriverRuntime> Factory(SimulationRunOptions? options = null) =>
        execution => new SimulationRuntime(execution, options);

    /// <summary>The simulated machine of this run.</summary>
    public Simulation Simulation => _sim;

    public void Dispose() => _sim.Dispose();

    // ------------------------------------------------------------------ plug

    public override ScriptValue Plug(RuntimeSite<BoundPlug> site, ScriptFrame frame)
    {
        var symbol = site.Node.Device;
        var device = new SimDevice(this, symbol);
        _plugged.Add(device);
        var driver = _sim.CreateDriver(symbol.Name, device.DeviceAdd);
        var hardware = site.Node.Hardware ?? symbol.Hardware;
        device.Plugged = hardware is null
            ? Host(site.Span, () => driver.Plug())
            : Host(site.Span, () => driver.Plug(context =>
            {
                device.Model = BuildModel(hardware, context);
                _options.HardwarePlugged?.Invoke(device.Model.Device, _sim.Clock);
                return device.Model.Device;
            }));
        return ScriptValue.FromRef(device);
    }

    public override ScriptValue GetDeviceObject(RuntimeSite<BoundDeviceObject> site, ScriptFrame frame)
    {
        var device = frame.Device as SimDevice ?? throw NeedsSimulation(site.Node.Symbol.Name, site.Span);
        object? o = site.Node.Symbol switch
        {
            QueueSymbol q => device.Queues[q.Index],
            TimerSymbol t => device.Timers[t.Index],
            WorkItemSymbol w => device.WorkItems[w.Index],
            InterruptSymbol i => device.Interrupts[i.Index],
            _ => null,
        };
        return o is null ? throw NeedsSimulation(site.Node.Symbol.Name, site.Span) : ScriptValue.FromRef(o);
    }

    public override StateStorage GetDeviceState(RuntimeSite<BoundHostStateField> site, ScriptFrame frame, ScriptValue device) =>
        (device.Ref as SimDevice)?.State ?? throw NeedsSimulation("dev.state", site.Span);

    // ------------------------------------------------------------------ built-ins

    public override ScriptValue Invoke(RuntimeSite<BoundIntrinsicCall> site, ScriptFrame frame, ScriptValue receiver, ReadOnlySpan<ScriptValue> arguments)
    {
        // No lambda in this method may capture a local or parameter: the closure would be allocated
        // on every call, driver built-ins included. Host operations, which need closures, are in InvokeHost.
        object location = Location(site);
        if (InvokeHardware(site.Node.Intrinsic, site, frame, receiver, arguments) is { } hardwareResult) return hardwareResult;
        switch (site.Node.Intrinsic)
        {
            // ---- requests
            case Intrinsic.Complete:
                Req(arguments[0]).Complete(new NtStatus((uint)arguments[1].Bits), location);
                return default;
            case Intrinsic.CompleteWithInformation:
                Req(arguments[0]).CompleteWithInformation(new NtStatus((uint)arguments[1].Bits), arguments[2].Bits, location);
                return default;
            case Intrinsic.CompleteWithData:
                Req(arguments[0]).Complete(new NtStatus((uint)arguments[1].Bits), ((ScriptBytes)arguments[2].Ref!).Span, location);
                return default;
            case Intrinsic.Forward:
                return Status(Req(arguments[0]).ForwardToIoQueue((WdfIoQueue)arguments[1].Ref!, location));
            case Intrinsic.Requeue:
                return Status(Req(arguments[0]).Requeue(location));
            case Intrinsic.MarkCancelable:
            {
                var request = Req(arguments[0]);
                var device = (SimDevice)frame.Device!;
                return Status(request.MarkCancelableEx(device.CancelRoutineFor(request), location));
            }
            case Intrinsic.UnmarkCancelable:
                return Status(Req(arguments[0]).UnmarkCancelable(location));
            case Intrinsic.StopAcknowledge:
                Req(arguments[0]).StopAcknowledge(arguments.Length > 1 && arguments[1].AsBool, location);
                return default;
            case Intrinsic.RequestKind:
                return ScriptValue.FromScalar(Req(receiver).Kind switch
                {
                    FwRequestKind.Read => 0,
                    FwRequestKind.Write => 1,
                    _ => 2,
                });
            case Intrinsic.RequestLength:
                return ScriptValue.FromScalar((ulong)Req(receiver).Length);
            case Intrinsic.RequestInput:
                return ScriptValue.FromRef(ScriptBytes.From(Req(receiver).Input.Span));
            case Intrinsic.RequestOutputLength:
                return ScriptValue.FromScalar((ulong)Req(receiver).OutputLength);
            case Intrinsic.RequestCode:
                return ScriptValue.FromScalar(Req(receiver).IoctlCode);
            case Intrinsic.RequestCanceled:
                return ScriptValue.FromBool(Req(receiver).IsCanceled(location));

            case Intrinsic.StopActionSuspend:
                return ScriptValue.FromBool((StopAction(receiver) & WdfRequestStopActionFlags.Suspend) != 0);
            case Intrinsic.StopActionPurge:
                return ScriptValue.FromBool((StopAction(receiver) & WdfRequestStopActionFlags.Purge) != 0);

            // ---- queues, timers, work items
            case Intrinsic.LenQueue:
                return ScriptValue.FromScalar((ulong)((receiver.Ref ?? arguments[0].Ref) as WdfIoQueue)!.QueuedCount);
            case Intrinsic.QueueStart:
                ((WdfIoQueue)receiver.Ref!).Start(location);
                return default;
            case Intrinsic.QueueStop:
                ((WdfIoQueue)receiver.Ref!).Stop(null, location);
                return default;
            case Intrinsic.QueuePurge:
                ((WdfIoQueue)receiver.Ref!).Purge(null, location);
                return default;
            case Intrinsic.QueueDrain:
                ((WdfIoQueue)receiver.Ref!).Drain(null, location);
                return default;
            case Intrinsic.QueueRetrieve:
                ((WdfIoQueue)receiver.Ref!).RetrieveNextRequest(out var next, location);
                return ScriptValue.FromRef(next);
            case Intrinsic.TimerStart:
                return ScriptValue.FromBool(((WdfTimer)receiver.Ref!).Start((long)arguments[0].Bits, location));
            case Intrinsic.TimerStop:
                return ScriptValue.FromBool(((WdfTimer)receiver.Ref!).Stop(arguments.Length > 0 && arguments[0].AsBool, location));
            case Intrinsic.WorkItemEnqueue:
                ((WdfWorkItem)receiver.Ref!).Enqueue(location);
                return default;

            // ---- other driver built-ins
            case Intrinsic.Stall:
                _sim.Stall((long)arguments[0].Bits, location);
                return default;
            case Intrinsic.Sleep:
                _sim.Sleep((long)arguments[0].Bits, location);
                return default;
            case Intrinsic.StopIdle:
                return Status(((SimDevice)frame.Device!).Wdf.StopIdle(arguments.Length > 0 && arguments[0].AsBool, location));
            case Intrinsic.ResumeIdle:
                ((SimDevice)frame.Device!).Wdf.ResumeIdle(location);
                return default;
            case Intrinsic.Bugcheck:
                _sim.BugCheck((uint)arguments[0].Bits, location: location);
                return default;
            case Intrinsic.Now:
                return ScriptValue.FromScalar((ulong)_sim.Now);
            case Intrinsic.Log:
            {
                var sb = new StringBuilder();
                for (int i = 0; i < arguments.Length; i++)
                {
                    if (i > 0) sb.Append(' ');
                    ValueFormatter.Append(sb, arguments[i], site.Node.Arguments[i].Type);
                }
                _sim.Log(sb.ToString());
                frame.Execution.Log?.WriteLine(sb.ToString());
                return default;
            }

            case Intrinsic.ResultStatus:
                return ScriptValue.FromScalar(((RequestResult)receiver.Ref!).Status.Value);
            case Intrinsic.ResultInformation:
                return ScriptValue.FromScalar(((RequestResult)receiver.Ref!).Information);
            case Intrinsic.ResultData:
                return ScriptValue.FromRef(ScriptBytes.From(((RequestResult)receiver.Ref!).Data.Span));
            case Intrinsic.ViolationCode:
                return ScriptValue.FromScalar(((Violation)receiver.Ref!).Code);
            case Intrinsic.ViolationRule:
                return ScriptValue.FromRef(((Violation)receiver.Ref!).Rule);
            case Intrinsic.ViolationMessage:
                return ScriptValue.FromRef(((Violation)receiver.Ref!).Message);
            default:
                return InvokeHost(site, frame, receiver, arguments);
        }
    }

    /// <summary>The host operations of tests and top-level code (they run the simulation, inside <see cref="Host{T}"/>).</summary>
    private ScriptValue InvokeHost(RuntimeSite<BoundIntrinsicCall> site, ScriptFrame frame, ScriptValue receiver, ReadOnlySpan<ScriptValue> arguments)
    {
        var span = site.Span;
        switch (site.Node.Intrinsic)
        {
            case Intrinsic.Advance:
            {
                long d = (long)arguments[0].Bits;
                Host(span, () => _sim.Advance(d));
                return default;
            }
            case Intrinsic.Settle:
                Host(span, _sim.Settle);
                return default;
            case Intrinsic.DeviceRead:
            {
                long n = (long)arguments[0].Bits;
                return ScriptValue.FromRef(Host(span, () => Dev(receiver, span).Plugged.Read(n)));
            }
            case Intrinsic.DeviceWrite:
            {
                var data = ((ScriptBytes)arguments[0].Ref!).Memory;
                return ScriptValue.FromRef(Host(span, () => Dev(receiver, span).Plugged.Write(data)));
            }
            case Intrinsic.DeviceIoctl:
            {
                uint code = (uint)arguments[0].Bits;
                var data = ((ScriptBytes)arguments[1].Ref!).Memory;
                int output = (int)arguments[2].Bits;
                return ScriptValue.FromRef(Host(span, () => Dev(receiver, span).Plugged.Ioctl(code, data, output)));
            }
            case Intrinsic.DeviceSubmitRead:
            {
                long n = (long)arguments[0].Bits;
                return ScriptValue.FromRef(Host(span, () => Dev(receiver, span).Plugged.SubmitRead(n)));
            }
            case Intrinsic.DeviceSubmitWrite:
            {
                var data = ((ScriptBytes)arguments[0].Ref!).Memory;
                return ScriptValue.FromRef(Host(span, () => Dev(receiver, span).Plugged.SubmitWrite(data)));
            }
            case Intrinsic.DeviceSubmitIoctl:
            {
                uint code = (uint)arguments[0].Bits;
                var data = ((ScriptBytes)arguments[1].Ref!).Memory;
                int output = (int)arguments[2].Bits;
                return ScriptValue.FromRef(Host(span, () => Dev(receiver, span).Plugged.SubmitIoctl(code, data, output)));
            }
            case Intrinsic.DeviceSleep:
            {
                // The language numbers S0..S5 from 1 (BuiltinNames.SystemStates), the framework from 0.
                var state = arguments.Length > 0 && arguments[0].Bits > 0 ? (SystemPowerState)(arguments[0].Bits - 1) : SystemPowerState.S3;
                Host(span, () => Dev(receiver, span).Plugged.Sleep(state));
                return default;
            }
            case Intrinsic.DeviceWake:
                Host(span, () => Dev(receiver, span).Plugged.Wake());
                return default;
            case Intrinsic.DeviceStop:
                Host(span, () => Dev(receiver, span).Plugged.Stop());
                return default;
            case Intrinsic.DeviceRestart:
                Host(span, () => Dev(receiver, span).Plugged.Restart());
                return default;
            case Intrinsic.DeviceRemove:
                Host(span, () => Dev(receiver, span).Plugged.Remove());
                return default;
            case Intrinsic.DeviceSurpriseRemove:
                Host(span, () => Dev(receiver, span).Plugged.SurpriseRemove());
                return default;
            case Intrinsic.DevicePowerState:
                return ScriptValue.FromScalar((ulong)Dev(receiver, span).Plugged.PowerState);
            case Intrinsic.DeviceStarted:
                return ScriptValue.FromBool(Dev(receiver, span).Plugged.Started);
            case Intrinsic.DeviceCallbacks:
            {
                var list = (RefList)ValueLayout.NewList(TypeSymbol.String, 0);
                foreach (var text in Dev(receiver, span).Plugged.ScriptCallbacks) list.Push(text);
                return ScriptValue.FromRef(list);
            }
            case Intrinsic.DeviceClearCallbacks:
                Dev(receiver, span).Plugged.ClearCallbacks();
                return default;
            case Intrinsic.DeviceViolations:
                return ScriptValue.FromScalar((ulong)Dev(receiver, span).Plugged.Violations.Count);
            case Intrinsic.DeviceBugcheck:
                return ScriptValue.FromRef(Dev(receiver, span).Plugged.BugCheck);
            case Intrinsic.PendingDone:
                return ScriptValue.FromBool(((WdfRequest)receiver.Ref!).IsCompleted);
            case Intrinsic.PendingResult:
            {
                var request = (WdfRequest)receiver.Ref!;
                if (!request.IsCompleted)
                    throw new ScriptRuntimeException(RuntimeErrorKind.HostError, RuntimeDiagnostics.HostError, span, "the request has not completed ('p.done' is false)");
                return ScriptValue.FromRef(request.Result);
            }
            case Intrinsic.PendingCancel:
            {
                var request = (WdfRequest)receiver.Ref!;
                Host(span, request.Cancel);
                return default;
            }
            default:
                return base.Invoke(site, frame, receiver, arguments);
        }
    }

    public override void ExpectBugcheck(RuntimeSite<BoundExpectBugcheck> site, ScriptFrame frame, uint code, ScriptContinuation body)
    {
        try
        {
            body.Run();
        }
        catch (ScriptRuntimeException e) when (e.Kind == RuntimeErrorKind.HostError && _sim.StopViolation is { } v)
        {
            if (v.Code == code) return;
            throw new ScriptRuntimeException(RuntimeErrorKind.HostError, RuntimeDiagnostics.ExpectBugcheckFailed, site.Span,
                FormattableString.Invariant($"expected bug check 0x{code:X}, but the block stopped with 0x{v.Code:X} ({v.Rule}: {v.Message})"));
        }
        if (_sim.StopViolation is { } stopped && stopped.Code == code) return;
        throw new ScriptRuntimeException(RuntimeErrorKind.HostError, RuntimeDiagnostics.ExpectBugcheckFailed, site.Span,
            FormattableString.Invariant($"expected bug check 0x{code:X}, but the block ran to its end without one"));
    }

    // ------------------------------------------------------------------ helpers

    private static WdfRequest Req(ScriptValue value) => (WdfRequest)value.Ref!;

    /// <summary>
    /// A <c>stop_action</c> is not a scalar type, so it lives in a frame's reference bank: the flags
    /// travel boxed (<see cref="BoxedStopActions"/>), never as raw bits, which that bank would drop.
    /// </summary>
    private static WdfRequestStopActionFlags StopAction(ScriptValue value) =>
        value.Ref is WdfRequestStopActionFlags flags ? flags : (WdfRequestStopActionFlags)value.Bits;

    /// <summary>The boxed stop actions EvtIoStop passes (suspend or purge, optionally with RequestCancelable), cached so a stop does not allocate.</summary>
    private static readonly object[] BoxedStopActions = Enumerable.Range(0, 8)
        .Select(i => (object)((WdfRequestStopActionFlags)(i & 3) | ((i & 4) != 0 ? WdfRequestStopActionFlags.RequestCancelable : 0)))
        .ToArray();

    internal static ScriptValue StopActionValue(WdfRequestStopActionFlags flags)
    {
        const WdfRequestStopActionFlags known = WdfRequestStopActionFlags.Suspend | WdfRequestStopActionFlags.Purge | WdfRequestStopActionFlags.RequestCancelable;
        if ((flags & ~known) != 0) return ScriptValue.FromRef(flags);
        int index = (int)(flags & (WdfRequestStopActionFlags.Suspend | WdfRequestStopActionFlags.Purge)) | ((flags & WdfRequestStopActionFlags.RequestCancelable) != 0 ? 4 : 0);
        return ScriptValue.FromRef(BoxedStopActions[index]);
    }

    private static ScriptValue Status(NtStatus status) => ScriptValue.FromScalar(status.Value);

    private static SimDevice Dev(ScriptValue value, SourceSpan span) =>
        value.Ref as SimDevice ?? throw new ScriptRuntimeException(RuntimeErrorKind.HostError, RuntimeDiagnostics.HostError, span, "not a plugged device");

    private void Host(SourceSpan span, Action action) => Host(span, () => { action(); return 0; });

    /// <summary>Runs a host operation; a bug check, a limit or a script error in a callback becomes a <see cref="ScriptRuntimeException"/> at <paramref name="span"/>.</summary>
    private T Host<T>(SourceSpan span, Func<T> operation)
    {
        try
        {
            return operation();
        }
        catch (ScriptStop stop)
        {
            throw stop.Error;
        }
        catch (SimulationStoppedException stopped)
        {
            throw BugCheckError(span, stopped.Violation);
        }
        catch (SimulationLimitException limit)
        {
            _ = limit;
            throw new ScriptRuntimeException(RuntimeErrorKind.VirtualTimeLimit, RuntimeDiagnostics.VirtualTimeLimit, span,
                span.Source.Text.Substring(span.Start, span.Length), DriverScript.Hardware.Time.VirtualTime.Format(_sim.Options.HostOperationLimit));
        }
        catch (InvalidOperationException e) when (_sim.StopViolation is { } v)
        {
            _ = e;
            throw BugCheckError(span, v);
        }
    }

    private static ScriptRuntimeException BugCheckError(SourceSpan span, Violation v) =>
        new(RuntimeErrorKind.HostError, RuntimeDiagnostics.HostError, span, v.ToString());

    /// <summary>Runs a callback: script errors become bug check 0x1E, limits stop the machine and pass through.</summary>
    internal ScriptValue RunCallback(CallbackSymbol callback, SimDevice device, ReadOnlySpan<ScriptValue> arguments)
    {
        try
        {
            return _execution.InvokeCallback(callback, device.State, device, arguments);
        }
        catch (ScriptRuntimeException e) when (e.IsLimit || e.NtStatus == 0)
        {
            throw new ScriptStop(e);
        }
        catch (ScriptRuntimeException e)
        {
            _sim.RaiseDriverException(e.NtStatus, e.Diagnostic.Message, e.Span);
            return default;
        }
    }

    /// <summary>A limit or a test error inside a callback: passes through the framework and stops the machine.</summary>
    private sealed class ScriptStop(ScriptRuntimeException error) : Exception(error.Message), IHostControlException
    {
        public ScriptRuntimeException Error { get; } = error;
    }

    /// <summary>One plugged device: its symbol, framework objects and context.</summary>
    internal sealed class SimDevice(SimulationRuntime runtime, DeviceSymbol symbol)
    {
        public DeviceSymbol Symbol { get; } = symbol;

        public PluggedDevice Plugged { get; set; } = null!;

        public WdfDevice Wdf { get; private set; } = null!;

        public StateStorage State { get; private set; } = null!;

        public WdfIoQueue[] Queues { get; private set; } = [];

        public WdfTimer[] Timers { get; private set; } = [];

        public WdfWorkItem[] WorkItems { get; private set; } = [];

        public Framework.Interrupts.WdfInterrupt[] Interrupts { get; private set; } = [];

        /// <summary>The interrupt whose ISR is running (for <c>queue_dpc()</c>).</summary>
        public Framework.Interrupts.WdfInterrupt? CurrentInterrupt { get; set; }

        public SimModel? Model { get; set; }

        private readonly Dictionary<WdfIoQueue, QueueSymbol> _queueSymbols = new();

        public NtStatus DeviceAdd(WdfDriver driver, WdfDeviceInit init)
        {
            var p = init.PnpPower;
            CallbackSymbol? Find(CallbackKind kind) => Symbol.FindCallback(kind);
            if (Find(CallbackKind.PrepareHardware) is { } prepare) p.EvtDevicePrepareHardware = _ => St(prepare);
            if (Find(CallbackKind.ReleaseHardware) is { } release) p.EvtDeviceReleaseHardware = _ => St(release);
            if (Find(CallbackKind.D0Entry) is { } d0Entry) p.EvtDeviceD0Entry = (_, s) => St(d0Entry, ScriptValue.FromScalar((ulong)s));
            if (Find(CallbackKind.D0EntryPostInterruptsEnabled) is { } d0Post) p.EvtDeviceD0EntryPostInterruptsEnabled = (_, s) => St(d0Post, ScriptValue.FromScalar((ulong)s));
            if (Find(CallbackKind.D0ExitPreInterruptsDisabled) is { } d0Pre) p.EvtDeviceD0ExitPreInterruptsDisabled = (_, s) => St(d0Pre, ScriptValue.FromScalar((ulong)s));
            if (Find(CallbackKind.D0Exit) is { } d0Exit) p.EvtDeviceD0Exit = (_, s) => St(d0Exit, ScriptValue.FromScalar((ulong)s));
            if (Find(CallbackKind.SelfManagedIoInit) is { } smInit) p.EvtDeviceSelfManagedIoInit = _ => St(smInit);
            if (Find(CallbackKind.SelfManagedIoSuspend) is { } smSuspend) p.EvtDeviceSelfManagedIoSuspend = _ => St(smSuspend);
            if (Find(CallbackKind.SelfManagedIoRestart) is { } smRestart) p.EvtDeviceSelfManagedIoRestart = _ => St(smRestart);
            if (Find(CallbackKind.SelfManagedIoFlush) is { } smFlush) p.EvtDeviceSelfManagedIoFlush = _ => Run(smFlush);
            if (Find(CallbackKind.SelfManagedIoCleanup) is { } smCleanup) p.EvtDeviceSelfManagedIoCleanup = _ => Run(smCleanup);
            if (Find(CallbackKind.SurpriseRemoval) is { } surprise) p.EvtDeviceSurpriseRemoval = _ => Run(surprise);
            if (Find(CallbackKind.QueryStop) is { } queryStop) p.EvtDeviceQueryStop = _ => St(queryStop);
            if (Find(CallbackKind.QueryRemove) is { } queryRemove) p.EvtDeviceQueryRemove = _ => St(queryRemove);
            if (Find(CallbackKind.ArmWake) is { } arm) p.EvtDeviceArmWakeFromS0 = _ => St(arm);
            if (Find(CallbackKind.DisarmWake) is { } disarm) p.EvtDeviceDisarmWakeFromS0 = _ => Run(disarm);
            if (Find(CallbackKind.WakeSignaled) is { } wake) p.EvtDeviceWakeFromS0Triggered = _ => Run(wake);

            Wdf = init.Create();
            State = runtime.CreateDeviceState(this);

            var scope = Symbol.Sync switch
            {
                SyncScope.Device => SynchronizationScope.Device,
                SyncScope.Queue => SynchronizationScope.Queue,
                _ => SynchronizationScope.None,
            };
            var level = Symbol.Execution == LangExecutionLevel.Passive ? FwExecutionLevel.Passive : FwExecutionLevel.Dispatch;

            Queues = new WdfIoQueue[Symbol.Queues.Length];
            foreach (var q in Symbol.Queues)
            {
                var config = new WdfIoQueueConfig(q.Dispatch switch
                {
                    QueueDispatch.Parallel => WdfIoQueueDispatchType.Parallel,
                    QueueDispatch.Manual => WdfIoQueueDispatchType.Manual,
                    _ => WdfIoQueueDispatchType.Sequential,
                })
                {
                    Name = q.Name,
                    DefaultQueue = q.IsDefault,
                    NumberOfPresentedRequests = q.ParallelLimit ?? int.MaxValue,
                    PowerManaged = q.PowerManaged,
                    AllowZeroLengthRequests = q.AllowZeroLength,
                    SynchronizationScope = scope,
                    ExecutionLevel = level,
                    EvtIoRead = q.FindCallback(CallbackKind.IoRead) is { } read ? (_, r, _) => Run(read, ScriptValue.FromRef(r)) : null,
                    EvtIoWrite = q.FindCallback(CallbackKind.IoWrite) is { } write ? (_, r, _) => Run(write, ScriptValue.FromRef(r)) : null,
                    EvtIoDeviceControl = q.FindCallback(CallbackKind.IoDeviceControl) is { } ioctl ? (_, r, _, _, _) => Run(ioctl, ScriptValue.FromRef(r)) : null,
                    EvtIoDefault = q.FindCallback(CallbackKind.IoDefault) is { } dflt ? (_, r) => Run(dflt, ScriptValue.FromRef(r)) : null,
                    EvtIoStop = q.FindCallback(CallbackKind.IoStop) is { } stop
                        ? (_, r, flags) => Run(stop, ScriptValue.FromRef(r), StopActionValue(flags))
                        : null,
                    EvtIoResume = q.FindCallback(CallbackKind.IoResume) is { } resume ? (_, r) => Run(resume, ScriptValue.FromRef(r)) : null,
                    EvtIoCanceledOnQueue = q.FindCallback(CallbackKind.IoCanceledOnQueue) is { } canceled ? (_, r) => Run(canceled, ScriptValue.FromRef(r)) : null,
                };
                var queue = Wdf.CreateQueue(config, location: q.Syntax.Name.Span);
                Queues[q.Index] = queue;
                _queueSymbols[queue] = q;
            }

            foreach (var route in Symbol.Routes)
            {
                var kind = route.RequestType switch
                {
                    RequestType.Read => FwRequestKind.Read,
                    RequestType.Write => FwRequestKind.Write,
                    _ => FwRequestKind.DeviceControl,
                };
                var status = Wdf.ConfigureRequestDispatching(Queues[route.Queue.Index], kind, route.Span);
                if (!status.IsSuccess) return status;
            }

            Timers = new WdfTimer[Symbol.Timers.Length];
            foreach (var t in Symbol.Timers)
            {
                var expire = t.Expire;
                Timers[t.Index] = Wdf.CreateTimer(new WdfTimerConfig(_ => { if (expire is not null) Run(expire); })
                {
                    Name = t.Name,
                    Period = (long)(t.PeriodNanoseconds ?? 0),
                    Parent = t.ParentQueue is { } pq ? Queues[pq.Index] : null,
                    ExecutionLevel = t.Execution == LangExecutionLevel.Passive ? FwExecutionLevel.Passive : FwExecutionLevel.Dispatch,
                }, t.DeclarationSpan);
            }

            WorkItems = new WdfWorkItem[Symbol.WorkItems.Length];
            foreach (var w in Symbol.WorkItems)
            {
                var run = w.Run;
                WorkItems[w.Index] = Wdf.CreateWorkItem(new WdfWorkItemConfig(_ => { if (run is not null) Run(run); })
                {
                    Name = w.Name,
                    Parent = w.ParentQueue is { } pq ? Queues[pq.Index] : null,
                }, w.DeclarationSpan);
            }

            Interrupts = runtime.CreateInterrupts(this);

            if (Symbol.PowerPolicy.IdleTimeoutNanoseconds is { } idle)
            {
                var status = Wdf.AssignS0IdleSettings(new S0IdleSettings((long)idle, (WdfPowerDeviceState)Symbol.PowerPolicy.IdleState, Symbol.PowerPolicy.WakeFromIdle));
                if (!status.IsSuccess) return status;
            }

            if (Symbol.FindCallback(CallbackKind.Add) is { } add) return St(add);
            return NtStatus.Success;
        }

        /// <summary>The cancel routine for a request: the <c>on cancel</c> of its queue, or null.</summary>
        public EvtRequestCancel? CancelRoutineFor(WdfRequest request)
        {
            if (request.Queue is not { } queue || !_queueSymbols.TryGetValue(queue, out var q)) return null;
            return q.FindCallback(CallbackKind.RequestCancel) is { } cancel ? r => Run(cancel, ScriptValue.FromRef(r)) : null;
        }

        private void Run(CallbackSymbol callback, params ReadOnlySpan<ScriptValue> arguments) => runtime.RunCallback(callback, this, arguments);

        private NtStatus St(CallbackSymbol callback, params ReadOnlySpan<ScriptValue> arguments) =>
            new((uint)runtime.RunCallback(callback, this, arguments).Bits);
    }
}

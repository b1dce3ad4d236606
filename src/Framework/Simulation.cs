using DriverScript.Framework.Drivers;
using DriverScript.Framework.Objects;
using DriverScript.Framework.Queues;
using DriverScript.Framework.Requests;
using DriverScript.Framework.Scheduling;
using DriverScript.Framework.Tracing;
using DriverScript.Framework.Verifier;
using DriverScript.Hardware;
using DriverScript.Hardware.Time;

namespace DriverScript.Framework;

/// <summary>The knobs of a <see cref="Simulation"/> (LANGUAGE.md §10, §11).</summary>
public sealed record SimulationOptions
{
    /// <summary>Virtual processors (default 2).</summary>
    public int Processors { get; init; } = 2;

    /// <summary>
    /// The scheduling strategy; null means <see cref="DeterministicStrategy"/>, or a
    /// <see cref="RandomStrategy"/> seeded with <see cref="Seed"/> when a seed is given.
    /// </summary>
    public ISchedulingStrategy? Strategy { get; init; }

    /// <summary>A seed for the default random strategy (null: deterministic FIFO strategy).</summary>
    public ulong? Seed { get; init; }

    /// <summary>Record verifier breaks and go on (a machine without a debugger) instead of stopping.</summary>
    public bool ContinueOnBreak { get; init; }

    /// <summary>KMDF's verifier on (default). Off, verifier breaks are not reported; bug checks still are.</summary>
    public bool VerifierEnabled { get; init; } = true;

    /// <summary>How long a power or PnP transition may wait on the driver before 0x9F (default 1 s virtual).</summary>
    public long PowerBudget { get; init; } = VirtualTime.Seconds(1);

    /// <summary>How long an ISR or DPC may run (stall or spin) before 0x133 (default 100 ms virtual).</summary>
    public long IsrDpcBudget { get; init; } = VirtualTime.Milliseconds(100);

    /// <summary>ISR invocations in a row, with no virtual time passing and the level line still asserted, that make an interrupt storm (default 1000).</summary>
    public int InterruptStormThreshold { get; init; } = 1000;

    /// <summary>Virtual time a synchronous host operation may take (default 10 s).</summary>
    public long HostOperationLimit { get; init; } = VirtualTime.Seconds(10);

    /// <summary>What the trace keeps (default: everything).</summary>
    public TraceOptions Trace { get; init; } = TraceOptions.Full;

    /// <summary>Keep each device's callback log (<see cref="WdfDevice.CallbackLog"/>; default on).</summary>
    public bool RecordCallbacks { get; init; } = true;

    /// <summary>The hardware context (clock, memory, log) to use; null creates one.</summary>
    public HardwareContext? Hardware { get; init; }
}

/// <summary>A host operation ran past <see cref="SimulationOptions.HostOperationLimit"/> of virtual time without finishing.</summary>
public sealed class SimulationLimitException(string message) : Exception(message), IHostControlException;

/// <summary>
/// Marks an exception that ends a run for a reason outside the driver's control (the interpreter's
/// step, recursion or wall-clock limits, a cancellation): it passes through driver callbacks
/// unchanged, instead of becoming bug check 0x1E like an error in driver code, and stops the machine.
/// </summary>
public interface IHostControlException
{
}

/// <summary>
/// One simulated machine: the virtual processors and scheduler on the hardware layer's clock, the
/// drivers and devices, the verifier and the trace. Host code (a test, the interpreter's host
/// operations) drives it: <see cref="CreateDriver"/> and <see cref="WdfDriver.Plug(DriverScript.Hardware.Devices.DeviceModel?, string?)"/>,
/// requests and PnP events on <see cref="PluggedDevice"/>, <see cref="Settle"/> and <see cref="Advance"/>.
/// Driver code (callbacks) calls the framework through the objects it gets and the built-ins here
/// (<see cref="Stall"/>, <see cref="Sleep"/>, <see cref="BugCheck"/>).
/// </summary>
/// <example>
/// <code>
/// using var sim = new Simulation();
/// var driver = sim.CreateDriver("Echo", EchoDriver.DeviceAdd);
/// var dev = driver.Plug();
/// dev.Write("hello"u8.ToArray());
/// sim.Advance(VirtualTime.Seconds(2));
/// File.WriteAllText("echo.json", sim.Trace.ToPerfettoJson());
/// </code>
/// </example>
public sealed class Simulation : IDisposable
{
    internal static readonly string[] PowerStateNames = Enum.GetNames<WdfPowerDeviceState>();

    private readonly List<WdfDriver> drivers = [];
    private readonly List<WdfDevice> devices = [];
    private readonly Activity hostThread;
    private long nextHandle;

    /// <summary>Creates a machine with <paramref name="options"/>.</summary>
    public Simulation(SimulationOptions? options = null)
    {
        Options = options ?? new SimulationOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(Options.Processors, 1);
        Hardware = Options.Hardware ?? new HardwareContext();
        Trace = new Trace(Hardware.Clock, Options.Trace);
        Strategy = Options.Strategy ?? (Options.Seed is { } seed ? new RandomStrategy(seed) : DeterministicStrategy.Instance);
        Scheduler = new Scheduler(this, Hardware.Clock, Options.Processors, Strategy);
        Verifier = new DriverVerifier(this);
        RequestTraceName = Trace.Intern("request");
        hostThread = new Activity { Kind = ActivityKind.Thread, Name = "host thread", Irql = Irql.Passive };
    }

    /// <summary>The options.</summary>
    public SimulationOptions Options { get; }

    /// <summary>The scheduling strategy in use.</summary>
    public ISchedulingStrategy Strategy { get; }

    /// <summary>The clock, system memory and hardware log shared with the device models.</summary>
    public HardwareContext Hardware { get; }

    /// <summary>THE clock of the simulation.</summary>
    public VirtualClock Clock => Hardware.Clock;

    /// <summary>Virtual time in nanoseconds (the language's <c>now()</c>).</summary>
    public long Now => Hardware.Clock.Now;

    /// <summary>The virtual processors.</summary>
    public IReadOnlyList<Processor> Processors => Scheduler.Processors;

    /// <summary>The trace.</summary>
    public Trace Trace { get; }

    /// <summary>The verifier.</summary>
    public DriverVerifier Verifier { get; }

    /// <summary>Every violation so far.</summary>
    public IReadOnlyList<Violation> Violations => Verifier.Violations;

    /// <summary>True once the machine stopped (a bug check, a stopping verifier break, a hang).</summary>
    public bool IsStopped { get; private set; }

    /// <summary>The violation that stopped the machine, or null.</summary>
    public Violation? StopViolation { get; private set; }

    /// <summary>The drivers created.</summary>
    public IReadOnlyList<WdfDriver> Drivers => drivers;

    /// <summary>The devices created.</summary>
    public IReadOnlyList<WdfDevice> Devices => devices;

    /// <summary>The last .NET exception a C# driver callback threw (reported as bug check 0x1E), for debugging.</summary>
    public Exception? LastDriverException { get; private set; }

    internal Scheduler Scheduler { get; }

    internal int RequestTraceName { get; }

    internal int CurrentProcessorId => Scheduler.Current?.Processor?.Id ?? -1;

    /// <summary>Where driver code runs now: processor, IRQL and callbacks (for the interpreter and for tests).</summary>
    public ExecutionInfo Current
    {
        get
        {
            var a = Scheduler.Current;
            return a == null
                ? new ExecutionInfo(-1, Irql.Passive, [], null)
                : new ExecutionInfo(a.Processor?.Id ?? -1, a.Irql, Scheduler.CallbackStack(a.Processor, a), a.FrameCount > 0 ? a.TopFrame.Kind : null);
        }
    }

    internal long NextHandle() => ++nextHandle;

    // ------------------------------------------------------------------ drivers and devices

    /// <summary>WdfDriverCreate: a driver whose EvtDriverDeviceAdd is <paramref name="deviceAdd"/>.</summary>
    public WdfDriver CreateDriver(string name, EvtDriverDeviceAdd deviceAdd)
    {
        var driver = new WdfDriver(this, name, deviceAdd);
        drivers.Add(driver);
        return driver;
    }

    internal void RegisterDevice(WdfDevice device) => devices.Add(device);

    // ------------------------------------------------------------------ driving (host)

    /// <summary>Runs everything runnable now, without advancing time (the language's <c>settle()</c>).</summary>
    public void Settle() => HostRun(null, Now);

    /// <summary>Runs virtual time forward by <paramref name="duration"/> nanoseconds, firing everything due (the language's <c>advance(d)</c>).</summary>
    public void Advance(long duration)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(duration);
        var deadline = Now + duration;
        HostRun(null, deadline);
        if (!IsStopped && Now < deadline)
        {
            Clock.RunUntil(deadline);
        }
    }

    /// <summary>Runs until <paramref name="condition"/> holds or <paramref name="timeout"/> of virtual time passed; returns whether it holds.</summary>
    public bool RunUntil(Func<bool> condition, long timeout)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var deadline = timeout >= long.MaxValue - Now ? long.MaxValue : Now + timeout;
        var done = HostRun(condition, deadline);
        if (!done && !IsStopped && deadline != long.MaxValue && Now < deadline && !Quiescent)
        {
            Clock.RunUntil(deadline);
        }

        return done || condition();
    }

    /// <summary>True when nothing is runnable and nothing is scheduled on the clock.</summary>
    public bool Quiescent => Scheduler.PendingWorkCount == 0 && Clock.IsIdle;

    private bool HostRun(Func<bool>? condition, long deadline)
    {
        ThrowIfStopped();
        try
        {
            return Scheduler.RunUntil(condition, deadline);
        }
        catch (Exception ex)
        {
            OnHostException(ex);
            throw;
        }
    }

    internal void OnHostException(Exception ex)
    {
        if (!IsStopped && ex is not SimulationStoppedException)
        {
            IsStopped = true;
        }

        Scheduler.AbortFibers();
    }

    internal void Stop(Violation violation)
    {
        if (!IsStopped)
        {
            IsStopped = true;
            StopViolation = violation;
        }
    }

    /// <summary>Throws if the machine stopped.</summary>
    internal void ThrowIfStopped()
    {
        if (IsStopped)
        {
            throw StopViolation != null
                ? new SimulationStoppedException(StopViolation)
                : new InvalidOperationException("the simulation stopped (a hang or an error); it cannot run further");
        }
    }

    /// <summary>Puts the host's calling thread on a processor as a PASSIVE_LEVEL task (for a host operation), or runs nested if already on one.</summary>
    internal Activity EnterHostThread(string name)
    {
        ThrowIfStopped();
        if (!Scheduler.OnHost || Scheduler.Current != null)
        {
            throw new InvalidOperationException("host operations cannot be called from driver code");
        }

        var p = Scheduler.ProcessorForHostThread();
        hostThread.Name = name;
        hostThread.Irql = Irql.Passive;
        Scheduler.Enter(hostThread, p);
        return hostThread;
    }

    internal void ExitHostThread(Activity a) => Scheduler.Leave(a);

    /// <summary>Runs <paramref name="body"/> on the host's thread as a task; on failure stops the machine and rethrows.</summary>
    internal void RunOnHostThread(string name, Action body)
    {
        var a = EnterHostThread(name);
        try
        {
            body();
        }
        catch (Exception ex)
        {
            OnHostException(ex);
            throw;
        }

        ExitHostThread(a);
    }

    /// <summary>
    /// Runs <paramref name="body"/> on the current task, or — when a framework operation that runs
    /// callbacks is called from host code (a test) outside any task — on the host's thread as a
    /// PASSIVE_LEVEL task, so the callbacks have a processor and an IRQL.
    /// </summary>
    internal void OnTask(Action body)
    {
        if (Scheduler.Current != null || !Scheduler.OnHost)
        {
            body();
            return;
        }

        RunOnHostThread("host thread", body);
    }

    /// <summary>
    /// Runs <paramref name="driverCode"/> as driver code on the host's thread (a PASSIVE_LEVEL task on a
    /// processor), for host code that needs to call framework operations outside a callback (tests).
    /// </summary>
    public void RunAsDriver(Action driverCode)
    {
        ArgumentNullException.ThrowIfNull(driverCode);
        RunOnHostThread("host thread", driverCode);
    }

    // ------------------------------------------------------------------ framework calls

    /// <summary>
    /// The common entry of every DDI: stops if the machine stopped, checks the caller's IRQL against the
    /// DDI's limit (KmdfIrql: a verifier break, and the DDI fails), and is a scheduling point.
    /// Returns false when the DDI must fail.
    /// </summary>
    internal bool EnterDdi(Ddi ddi, WdfObject obj, object? location, Irql? maximum = null)
    {
        ThrowIfStopped();
        var a = Scheduler.Current;
        if (a == null)
        {
            return true;
        }

        var max = maximum ?? ddi.Info().MaxIrql;
        if (a.Irql > max)
        {
            TraceDdi(ddi, obj, NtStatus.InvalidDeviceRequest);
            Verifier.Report(Finding.KmdfIrql, location,
                $"{ddi.Info().Name} called at {a.Irql.Display()}; its limit is {max.Display()}", (ulong)obj.Handle, (ulong)a.Irql, (ulong)max);
            return false;
        }

        Scheduler.SchedulingPoint();
        return true;
    }

    internal void TraceDdi(Ddi ddi, WdfObject obj, NtStatus status) =>
        Trace.Add(TraceEventKind.FrameworkCall, CurrentProcessorId, Trace.DdiNames[(int)ddi], obj.TraceName, obj.Handle, status.Value, 0);

    internal void TraceDdi(Ddi ddi, WdfObject obj, long result) =>
        Trace.Add(TraceEventKind.FrameworkCall, CurrentProcessorId, Trace.DdiNames[(int)ddi], obj.TraceName, obj.Handle, result, 0);

    internal Activity RequireActivity(Ddi ddi) =>
        Scheduler.Current ?? throw new InvalidOperationException($"{ddi.Info().Name} must be called from driver code (a callback)");

    // ------------------------------------------------------------------ callbacks

    /// <summary>Pushes a callback frame on the current task and records it (trace, the device's callback log).</summary>
    internal void BeginCallback(CallbackKind kind, WdfObject obj, WdfDevice? device, WdfRequest? request, string? argument)
    {
        var a = Scheduler.Current ?? throw new InvalidOperationException($"{kind} outside a task");
        ref var frame = ref a.PushFrame();
        frame.Kind = kind;
        frame.Object = obj;
        frame.Device = device;
        frame.EntryIrql = a.Irql;
        frame.LockDepth = a.LockCount;
        frame.InvocationId = Trace.NextInvocationId();
        frame.StallNanoseconds = 0;
        frame.Request = request;
        Trace.Add(TraceEventKind.CallbackBegin, a.Processor?.Id ?? -1, Trace.CallbackNames[(int)kind], obj.TraceName, frame.InvocationId, (long)kind, (long)a.Irql);
        device?.LogCallback(kind, argument, obj);
    }

    /// <summary>Checks the rules a callback's return must satisfy (locks released, IRQL restored), then pops its frame.</summary>
    internal void EndCallback(long result)
    {
        var a = Scheduler.Current!;
        ref var frame = ref a.TopFrame;
        if (a.LockCount > frame.LockDepth)
        {
            var held = a.Locks[a.LockCount - 1].Lock;
            var finding = held.LockKind switch
            {
                Locks.LockKind.Spin => Finding.WdfSpinlockRelease,
                Locks.LockKind.Wait => Finding.WdfWaitlockRelease,
                _ => Finding.WdfInterruptLockRelease,
            };
            Verifier.Report(finding, null, $"{frame.Kind} returns holding {held.KmdfType} {held.Name}", (ulong)held.Handle);
        }

        if (a.Irql != frame.EntryIrql)
        {
            Verifier.Report(Finding.CallbackIrqlChanged, null,
                $"{frame.Kind} was called at {frame.EntryIrql.Display()} and returns at {a.Irql.Display()}", (ulong)frame.EntryIrql, (ulong)a.Irql);
        }

        Trace.Add(TraceEventKind.CallbackEnd, a.Processor?.Id ?? -1, Trace.CallbackNames[(int)frame.Kind], frame.Object?.TraceName ?? 0, frame.InvocationId, result, 0);
        frame = default;
        a.FrameCount--;
    }

    /// <summary>Runs an object's EvtCleanupCallback/EvtDestroyCallback at PASSIVE_LEVEL (on the current task, or the host's thread).</summary>
    internal void InvokeObjectCallback(CallbackKind kind, WdfObject obj, Action<WdfObject> callback)
    {
        void Run()
        {
            BeginCallback(kind, obj, obj.Device, null, null);
            try
            {
                callback(obj);
            }
            catch (Exception ex) when (IsDriverFault(ex))
            {
                DriverFault(ex);
            }

            EndCallback(-1);
        }

        if (Scheduler.Current != null)
        {
            Run();
        }
        else
        {
            RunOnHostThread("object cleanup", Run);
        }
    }

    /// <summary>True for an exception thrown by driver code, as opposed to the simulation's own control flow.</summary>
    internal bool IsDriverFault(Exception ex) =>
        ex is not (SimulationStoppedException or FiberAbortException or SimulationDeadlockException or ScheduleDivergedException or IHostControlException or OperationCanceledException);

    /// <summary>A C# driver callback threw: bug check 0x1E with the NT exception code closest to the .NET exception.</summary>
    internal void DriverFault(Exception ex)
    {
        LastDriverException = ex;
        uint code = ex switch
        {
            DivideByZeroException => 0xC0000094,
            NullReferenceException or IndexOutOfRangeException or ArgumentOutOfRangeException => 0xC0000005,
            _ => 0xE0434352,
        };
        Verifier.Report(Finding.DriverException, null, $"driver code threw {ex.GetType().Name}: {ex.Message}", p1: code);
    }

    internal bool InSurpriseRemoval(WdfDevice? device)
    {
        var a = Scheduler.Current;
        if (a == null || device == null)
        {
            return false;
        }

        for (var i = 0; i < a.FrameCount; i++)
        {
            if (a.Frames[i].Kind == CallbackKind.EvtDeviceSurpriseRemoval && a.Frames[i].Device == device)
            {
                return true;
            }
        }

        return false;
    }

    internal bool InIoCallbackOf(WdfIoQueue queue)
    {
        var a = Scheduler.Current;
        if (a == null)
        {
            return false;
        }

        for (var i = 0; i < a.FrameCount; i++)
        {
            if (a.Frames[i].Object == queue && a.Frames[i].Kind is >= CallbackKind.EvtIoRead and <= CallbackKind.EvtIoDefault)
            {
                return true;
            }
        }

        return false;
    }

    internal bool InCancelRoutineFor(WdfRequest request)
    {
        var a = Scheduler.Current;
        if (a == null)
        {
            return false;
        }

        for (var i = 0; i < a.FrameCount; i++)
        {
            if (a.Frames[i].Kind == CallbackKind.EvtRequestCancel && a.Frames[i].Request == request)
            {
                return true;
            }
        }

        return false;
    }

    // ------------------------------------------------------------------ waits

    /// <summary>
    /// A wait driver code asks for (a synchronous queue DDI, StopIdle(TRUE), a wait lock, TimerStop(TRUE),
    /// sleep): 0xC4 at DISPATCH_LEVEL or above; inside a PnP or power callback it counts against the power
    /// budget (0x9F). Returns whether <paramref name="condition"/> holds.
    /// </summary>
    internal bool WaitPassive(Func<bool> condition, long deadline, string what, object? location)
    {
        var a = Scheduler.Current ?? throw new InvalidOperationException($"{what}: a wait outside driver code");
        if (a.Irql >= Irql.Dispatch)
        {
            Verifier.Report(Finding.WaitAtRaisedIrql, location, $"{what} waits at {a.Irql.Display()}", (ulong)a.Irql);
        }

        if (condition())
        {
            return true;
        }

        var budgeted = a.PnpDevice != null || (a.FrameCount > 0 && a.TopFrame.Kind.Info().IsPnpPower);
        var effective = budgeted ? Math.Min(deadline, Now + Options.PowerBudget) : deadline;
        var ok = Scheduler.Block(condition, effective);
        if (!ok && budgeted && effective < deadline)
        {
            Verifier.Report(Finding.PowerCallbackTimeout, location,
                $"{what} keeps a PnP/power transition waiting more than {VirtualTime.Format(Options.PowerBudget)}");
        }

        return ok;
    }

    /// <summary>A wait of the framework itself (the PnP worker waiting for queues).</summary>
    internal bool WaitForFramework(Func<bool> condition, long deadline) => Scheduler.Block(condition, deadline);

    /// <summary>Spins (at DISPATCH_LEVEL or above) until <paramref name="condition"/>; beyond the ISR/DPC budget: 0x133.</summary>
    internal void SpinUntil(Func<bool> condition, string what)
    {
        if (!Scheduler.SpinUntil(condition, Now + Options.IsrDpcBudget))
        {
            Verifier.Report(Finding.DpcWatchdog, null, $"spinning on {what} for more than {VirtualTime.Format(Options.IsrDpcBudget)}");
        }
    }

    // ------------------------------------------------------------------ cancel

    internal void CancelRequest(WdfRequest request)
    {
        if (request.IsCompleted)
        {
            return;
        }

        var a = EnterHostThread("IoCancelIrp");
        try
        {
            request.CancelRequested = true;
            if (request.State == RequestState.Queued)
            {
                request.Queue!.CancelQueued(request);
            }
            else if (request.State == RequestState.DriverOwned && request.Cancelable)
            {
                CancelOwnedCancelable(request);
            }
        }
        catch (Exception ex)
        {
            OnHostException(ex);
            throw;
        }

        ExitHostThread(a);
    }

    internal void CancelOwnedCancelable(WdfRequest request)
    {
        request.Cancelable = false;
        request.CancelRoutineOwns = true;
        RunCancelRoutine(request);
    }

    internal void RunCancelRoutine(WdfRequest request) => request.Queue!.InvokeRequestCallback(CallbackKind.EvtRequestCancel, request);

    // ------------------------------------------------------------------ driver built-ins

    /// <summary>KeStallExecutionProcessor (the language's <c>stall(d)</c>): busy-waits <paramref name="duration"/> ns; other processors run meanwhile. In an ISR or DPC beyond the budget: 0x133.</summary>
    public void Stall(long duration, object? location = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(duration);
        ThrowIfStopped();
        var a = Scheduler.Current ?? throw new InvalidOperationException("stall outside driver code");
        Scheduler.SchedulingPoint();
        if ((a.Kind != ActivityKind.Thread || a.Irql >= Irql.Dispatch) && a.FrameCount > 0)
        {
            ref var frame = ref a.TopFrame;
            var allowed = Options.IsrDpcBudget - frame.StallNanoseconds;
            if (duration > allowed)
            {
                StallCore(Math.Max(allowed, 0));
                Verifier.Report(Finding.DpcWatchdog, location,
                    $"{frame.Kind} stalls {VirtualTime.Format(frame.StallNanoseconds + duration)}, beyond the {VirtualTime.Format(Options.IsrDpcBudget)} ISR/DPC budget");
                return;
            }

            frame.StallNanoseconds += duration;
        }

        StallCore(duration);
    }

    private void StallCore(long duration)
    {
        var end = Now + duration;
        if (Scheduler.PendingWorkCount == 0 && (Clock.NextEventTime ?? long.MaxValue) > end)
        {
            Clock.RunUntil(end);
            return;
        }

        Scheduler.SpinUntil(() => Clock.Now >= end, end);
    }

    /// <summary>KeDelayExecutionThread (the language's <c>sleep(d)</c>, PASSIVE_LEVEL): the thread waits <paramref name="duration"/> ns while others run.</summary>
    public void Sleep(long duration, object? location = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(duration);
        ThrowIfStopped();
        var end = Now + duration;
        WaitPassive(() => Clock.Now >= end, end, "sleep", location);
    }

    /// <summary>KeBugCheckEx (the language's <c>bugcheck(code)</c>): stops the machine with the driver's code.</summary>
    public void BugCheck(uint code, ulong parameter1 = 0, ulong parameter2 = 0, ulong parameter3 = 0, ulong parameter4 = 0, object? location = null)
    {
        ThrowIfStopped();
        Verifier.Report(Finding.ExplicitBugCheck, location, $"the driver called KeBugCheckEx(0x{code:X})", parameter2, parameter3, parameter4, code, parameter1);
    }

    /// <summary>A run-time error in driver code (the interpreter's division by zero, bad index, unwrapped none): bug check 0x1E with <paramref name="ntExceptionCode"/> as parameter 1.</summary>
    public void RaiseDriverException(uint ntExceptionCode, string message, object? location = null)
    {
        ThrowIfStopped();
        Verifier.Report(Finding.DriverException, location, message, p1: ntExceptionCode);
    }

    /// <summary>The language's <c>log(...)</c>: a line in the trace, at the current time and processor.</summary>
    public void Log(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        Trace.Add(TraceEventKind.Note, CurrentProcessorId, Trace.Intern(message), 0, 0, 0, 0);
    }

    /// <summary>Ends the simulation: abandons suspended tasks and releases their threads.</summary>
    public void Dispose() => Scheduler.Dispose();
}

/// <summary>Where driver code is running: processor (-1: none), IRQL, the callback stack (outermost first) and the innermost callback.</summary>
public sealed record ExecutionInfo(int Processor, Irql Irql, System.Collections.Immutable.ImmutableArray<string> CallbackStack, CallbackKind? Callback);

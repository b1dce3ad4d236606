using DriverScript.Framework.Dma;
using DriverScript.Framework.Interrupts;
using DriverScript.Framework.Locks;
using DriverScript.Framework.Objects;
using DriverScript.Framework.Pnp;
using DriverScript.Framework.Queues;
using DriverScript.Framework.Requests;
using DriverScript.Framework.Timers;
using DriverScript.Framework.Tracing;
using DriverScript.Framework.Verifier;
using DriverScript.Framework.WorkItems;
using DriverScript.Hardware.Devices;
using DriverScript.Hardware.Time;

namespace DriverScript.Framework.Drivers;

/// <summary>
/// A framework device object (WDFDEVICE): the driver's callbacks, its queues and the other objects
/// it created, its three state machines (<see cref="Machines"/>), its power state and idle policy,
/// and the register space of the hardware model it drives (<see cref="Registers"/>).
/// </summary>
/// <example>
/// <code>
/// var queue = device.CreateQueue(new WdfIoQueueConfig(WdfIoQueueDispatchType.Parallel) { EvtIoDeviceControl = OnIoctl });
/// device.ConfigureRequestDispatching(queue, RequestKind.DeviceControl);
/// var timer = device.CreateTimer(new WdfTimerConfig(OnTick) { Period = VirtualTime.Milliseconds(10) });
/// device.AssignS0IdleSettings(new S0IdleSettings(IdleTimeout: VirtualTime.Milliseconds(200)));
/// uint id = device.Registers.Read32(0x00);
/// </code>
/// </example>
public sealed class WdfDevice : WdfObject
{
    private readonly List<WdfIoQueue> queues = [];
    private readonly List<WdfInterrupt> interrupts = [];
    private readonly WdfIoQueue?[] routes = new WdfIoQueue?[Enum.GetValues<RequestKind>().Length];
    private readonly List<CallbackRecord> callbackLog = [];
    private ScheduledAction? idleTimer;
    private bool selfManagedIoInitialized;
    private bool selfManagedIoRunning;

    internal WdfDevice(WdfDeviceInit init)
        : base(init.Driver.Simulation, init.Driver, null, init.Name)
    {
        Driver = init.Driver;
        Callbacks = init.PnpPower;
        Hardware = init.Hardware;
        SynchronizationScope = init.SynchronizationScope;
        ExecutionLevel = init.ExecutionLevel;
        Context = init.Context;
        EvtCleanupCallback = init.EvtCleanupCallback;
        EvtDestroyCallback = init.EvtDestroyCallback;
        TraceName = Simulation.Trace.Intern(Name);
        Machines = new DeviceStateMachines(this);
        if (SynchronizationScope == SynchronizationScope.Device)
        {
            SyncLock = ExecutionLevel == ExecutionLevel.Passive
                ? new WdfWaitLock(Simulation, this, this, Name + " lock")
                : new WdfSpinLock(Simulation, this, this, Name + " lock");
        }

        Registers = new DeviceRegisters(this, Hardware);
        Simulation.RegisterDevice(this);
    }

    /// <inheritdoc />
    public override string KmdfType => "WDFDEVICE";

    /// <summary>A PnP device object is deleted by the framework at removal, never by the driver.</summary>
    internal override bool NoDeleteDdi => true;

    /// <summary>The driver that created the device.</summary>
    public WdfDriver Driver { get; }

    /// <summary>The PnP and power callbacks registered at creation.</summary>
    public WdfPnpPowerCallbacks Callbacks { get; }

    /// <summary>The hardware model the device drives, or null.</summary>
    public DeviceModel? Hardware { get; }

    /// <summary>The device's register space as the driver reaches it (traced; a scheduling point; checked against the power state).</summary>
    public DeviceRegisters Registers { get; }

    /// <summary>The synchronization scope queues inherit.</summary>
    public SynchronizationScope SynchronizationScope { get; }

    /// <summary>The execution level queues inherit.</summary>
    public ExecutionLevel ExecutionLevel { get; }

    /// <summary>The device-level synchronization lock (scope Device), or null.</summary>
    public LockBase? SyncLock { get; }

    /// <summary>The PnP, power and power-policy machines.</summary>
    public DeviceStateMachines Machines { get; }

    /// <summary>The device's queues, in creation order.</summary>
    public IReadOnlyList<WdfIoQueue> Queues => queues;

    /// <summary>The default queue, or null.</summary>
    public WdfIoQueue? DefaultQueue { get; private set; }

    /// <summary>The device's interrupts, in creation order.</summary>
    public IReadOnlyList<WdfInterrupt> Interrupts => interrupts;

    /// <summary>The device power state: D3Final before start and after stop or removal, D0 when working, Dx when idle or asleep.</summary>
    public WdfPowerDeviceState PowerState { get; private set; } = WdfPowerDeviceState.D3Final;

    /// <summary>True once started (EnableInterfaces reached) and until stopped, failed or removed.</summary>
    public bool IsStarted { get; private set; }

    /// <summary>True once the device was started at least once.</summary>
    public bool EverStarted { get; private set; }

    /// <summary>True after removal (the object tree was deleted).</summary>
    public bool IsRemoved { get; private set; }

    /// <summary>True after surprise removal.</summary>
    public bool SurpriseRemoved { get; internal set; }

    /// <summary>Why the last start failed (or STATUS_SUCCESS).</summary>
    public NtStatus StartStatus { get; internal set; } = NtStatus.Success;

    /// <summary>What the last EvtDeviceQueryStop/QueryRemove returned.</summary>
    public NtStatus LastQueryStatus { get; internal set; } = NtStatus.Success;

    /// <summary>The S0 idle policy, or null when the device does not idle.</summary>
    public S0IdleSettings? IdleSettings { get; private set; }

    /// <summary>Outstanding power references (I/O on power-managed queues, StopIdle).</summary>
    public int PowerReferences { get; private set; }

    /// <summary>The callbacks the framework ran for the device, in order (the host's <c>dev.callbacks</c>).</summary>
    public IReadOnlyList<CallbackRecord> CallbackLog => callbackLog;

    /// <summary>Forgets <see cref="CallbackLog"/> (the host's <c>dev.clear_callbacks()</c>).</summary>
    public void ClearCallbackLog() => callbackLog.Clear();

    internal WdfPowerDeviceState IdleDxState => IdleSettings?.DxState ?? WdfPowerDeviceState.D3;

    /// <summary>Whether power-managed queues created now start powered on.</summary>
    internal bool QueuesPoweredOn => PowerState == WdfPowerDeviceState.D0 && selfManagedIoRunning;

    internal bool HostSurpriseRemoval { get; set; }

    // ------------------------------------------------------------------ object creation DDIs

    /// <summary>WdfIoQueueCreate. A default queue must be the device's only one.</summary>
    public WdfIoQueue CreateQueue(WdfIoQueueConfig config, WdfObject? parent = null, object? location = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        Simulation.EnterDdi(Ddi.WdfIoQueueCreate, this, location);
        if (config.DefaultQueue && DefaultQueue != null)
        {
            throw new InvalidOperationException($"device {Name} already has a default queue");
        }

        var queue = new WdfIoQueue(Simulation, this, parent ?? this, config);
        queues.Add(queue);
        if (config.DefaultQueue)
        {
            DefaultQueue = queue;
        }

        Simulation.TraceDdi(Ddi.WdfIoQueueCreate, queue, NtStatus.Success);
        return queue;
    }

    /// <summary>
    /// WdfDeviceConfigureRequestDispatching: routes <paramref name="kind"/> to <paramref name="queue"/>.
    /// Fails with STATUS_INVALID_PARAMETER on the default queue or a queue without a handler for the
    /// type, STATUS_WDF_BUSY when the type is already routed.
    /// </summary>
    public NtStatus ConfigureRequestDispatching(WdfIoQueue queue, RequestKind kind, object? location = null)
    {
        ArgumentNullException.ThrowIfNull(queue);
        if (!Simulation.EnterDdi(Ddi.WdfDeviceConfigureRequestDispatching, queue, location))
        {
            return NtStatus.InvalidDeviceRequest;
        }

        NtStatus status;
        if (queue.Config.DefaultQueue || queue.Device != this || !HasHandler(queue.Config, kind))
        {
            status = NtStatus.InvalidParameter;
        }
        else if (routes[(int)kind] != null)
        {
            status = NtStatus.WdfBusy;
        }
        else
        {
            routes[(int)kind] = queue;
            queue.IsDispatchTarget = true;
            status = NtStatus.Success;
        }

        Simulation.TraceDdi(Ddi.WdfDeviceConfigureRequestDispatching, queue, status);
        return status;
    }

    private static bool HasHandler(WdfIoQueueConfig config, RequestKind kind) =>
        config.DispatchType == WdfIoQueueDispatchType.Manual || config.EvtIoDefault != null || kind switch
        {
            RequestKind.Read => config.EvtIoRead != null,
            RequestKind.Write => config.EvtIoWrite != null,
            RequestKind.DeviceControl => config.EvtIoDeviceControl != null,
            RequestKind.InternalDeviceControl => config.EvtIoInternalDeviceControl != null,
            _ => false,
        };

    /// <summary>The queue a request of <paramref name="kind"/> goes to, or null.</summary>
    public WdfIoQueue? QueueFor(RequestKind kind) => routes[(int)kind] ?? DefaultQueue;

    /// <summary>WdfTimerCreate.</summary>
    public WdfTimer CreateTimer(WdfTimerConfig config, object? location = null)
    {
        Simulation.EnterDdi(Ddi.WdfTimerCreate, this, location);
        return new WdfTimer(Simulation, this, config);
    }

    /// <summary>WdfWorkItemCreate. Fails (throws) with STATUS_WDF_INCOMPATIBLE_EXECUTION_LEVEL when automatic serialization would need a spin lock.</summary>
    public WdfWorkItem CreateWorkItem(WdfWorkItemConfig config, object? location = null)
    {
        Simulation.EnterDdi(Ddi.WdfWorkItemCreate, this, location);
        return new WdfWorkItem(Simulation, this, config);
    }

    /// <summary>WdfDpcCreate.</summary>
    public WdfDpc CreateDpc(WdfDpcConfig config, object? location = null)
    {
        Simulation.EnterDdi(Ddi.WdfDpcCreate, this, location);
        return new WdfDpc(Simulation, this, config);
    }

    /// <summary>WdfInterruptCreate (PASSIVE_LEVEL, in EvtDriverDeviceAdd): binds to the hardware model's interrupt line or message source.</summary>
    public WdfInterrupt CreateInterrupt(WdfInterruptConfig config, object? location = null)
    {
        Simulation.EnterDdi(Ddi.WdfInterruptCreate, this, location);
        var interrupt = new WdfInterrupt(Simulation, this, config);
        interrupts.Add(interrupt);
        return interrupt;
    }

    /// <summary>WdfSpinLockCreate.</summary>
    public WdfSpinLock CreateSpinLock(WdfObject? parent = null, string? name = null, object? location = null)
    {
        Simulation.EnterDdi(Ddi.WdfSpinLockCreate, this, location);
        return new WdfSpinLock(Simulation, parent ?? this, this, name);
    }

    /// <summary>WdfWaitLockCreate.</summary>
    public WdfWaitLock CreateWaitLock(WdfObject? parent = null, string? name = null, object? location = null)
    {
        Simulation.EnterDdi(Ddi.WdfWaitLockCreate, this, location);
        return new WdfWaitLock(Simulation, parent ?? this, this, name);
    }

    /// <summary>WdfCommonBufferCreate (PASSIVE_LEVEL): a DMA buffer in system memory the device reaches by address (the language's <c>dma_buffer(size)</c>).</summary>
    public WdfCommonBuffer? CreateCommonBuffer(int length, object? location = null)
    {
        if (!Simulation.EnterDdi(Ddi.WdfCommonBufferCreate, this, location))
        {
            return null;
        }

        var mask = Hardware?.Dma.AddressMask ?? ulong.MaxValue;
        var buffer = Simulation.Hardware.Memory.AllocateCommonBuffer(length, maximumAddress: mask);
        var common = new WdfCommonBuffer(Simulation, this, buffer);
        Simulation.TraceDdi(Ddi.WdfCommonBufferCreate, common, NtStatus.Success);
        return common;
    }

    /// <summary>WdfDmaEnablerCreate (PASSIVE_LEVEL): the device's DMA profile and maximum fragment length.</summary>
    public WdfDmaEnabler CreateDmaEnabler(WdfDmaEnablerConfig config, object? location = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        Simulation.EnterDdi(Ddi.WdfDmaEnablerCreate, this, location);
        return new WdfDmaEnabler(Simulation, this, config);
    }

    // ------------------------------------------------------------------ idle policy

    /// <summary>WdfDeviceAssignS0IdleSettings (PASSIVE_LEVEL): enables S0 idle with <paramref name="settings"/>.</summary>
    public NtStatus AssignS0IdleSettings(S0IdleSettings settings, object? location = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (!Simulation.EnterDdi(Ddi.WdfDeviceAssignS0IdleSettings, this, location))
        {
            return NtStatus.InvalidDeviceRequest;
        }

        var changed = IdleSettings != null;
        IdleSettings = settings;
        if (changed && IsStarted)
        {
            Machines.Post(PowerPolicyEvent.S0IdlePolicyChanged);
        }

        Simulation.TraceDdi(Ddi.WdfDeviceAssignS0IdleSettings, this, NtStatus.Success);
        return NtStatus.Success;
    }

    /// <summary>
    /// WdfDeviceStopIdle: takes a power reference so the device stays in (or returns to) D0. With
    /// <paramref name="waitForD0"/> (PASSIVE_LEVEL) waits until the device is in D0. Returns
    /// STATUS_SUCCESS when the device is in D0, STATUS_PENDING when a power-up is under way.
    /// </summary>
    public NtStatus StopIdle(bool waitForD0, object? location = null)
    {
        if (!Simulation.EnterDdi(Ddi.WdfDeviceStopIdle, this, location, waitForD0 ? Irql.Passive : Irql.Dispatch))
        {
            return NtStatus.InvalidDeviceRequest;
        }

        PowerReference();
        if (waitForD0 && !Machines.IsPoweredUpStable)
        {
            Simulation.WaitPassive(() => Machines.IsPoweredUpStable, long.MaxValue, "WdfDeviceStopIdle(" + Name + ")", location);
        }

        var status = Machines.IsPoweredUpStable ? NtStatus.Success : NtStatus.Pending;
        Simulation.TraceDdi(Ddi.WdfDeviceStopIdle, this, status);
        return status;
    }

    /// <summary>WdfDeviceResumeIdle: drops the reference <see cref="StopIdle"/> took.</summary>
    public void ResumeIdle(object? location = null)
    {
        if (!Simulation.EnterDdi(Ddi.WdfDeviceResumeIdle, this, location))
        {
            return;
        }

        PowerDereference();
        Simulation.TraceDdi(Ddi.WdfDeviceResumeIdle, this, -1);
    }

    internal void PowerReference()
    {
        PowerReferences++;
        if (PowerReferences != 1)
        {
            return;
        }

        CancelIdleTimer();
        if (Machines.PowerPolicyState is WdfDevicePowerPolicyState.WdfDevStatePwrPolIdleCapableDeviceIdle
            or WdfDevicePowerPolicyState.WdfDevStatePwrPolWakeCapableDeviceIdle
            or WdfDevicePowerPolicyState.WdfDevStatePwrPolWaitingUnarmed
            or WdfDevicePowerPolicyState.WdfDevStatePwrPolWaitingArmed)
        {
            Machines.Post(PowerPolicyEvent.IoPresent);
        }
    }

    internal void PowerDereference()
    {
        if (PowerReferences == 0)
        {
            return;
        }

        PowerReferences--;
        if (PowerReferences == 0)
        {
            ArmIdleTimerIfIdle();
        }
    }

    internal void ArmIdleTimerIfIdle()
    {
        if (IdleSettings is not { } idle || PowerReferences != 0 || idleTimer is { IsPending: true })
        {
            return;
        }

        if (Machines.PowerPolicyState is not (WdfDevicePowerPolicyState.WdfDevStatePwrPolStartedIdleCapable or WdfDevicePowerPolicyState.WdfDevStatePwrPolStartedWakeCapable))
        {
            return;
        }

        idleTimer = Simulation.Clock.ScheduleAfter(idle.IdleTimeout, () => Machines.Post(PowerPolicyEvent.PowerTimeoutExpired), "idle timer " + Name);
    }

    internal void CancelIdleTimer()
    {
        idleTimer?.Cancel();
        idleTimer = null;
    }

    // ------------------------------------------------------------------ callbacks

    internal NtStatus InvokeStatus(CallbackKind kind, EvtDeviceStatus? callback)
    {
        if (callback == null)
        {
            return NtStatus.Success;
        }

        var status = NtStatus.Success;
        Simulation.BeginCallback(kind, this, this, null, null);
        try
        {
            status = callback(this);
        }
        catch (Exception ex) when (Simulation.IsDriverFault(ex))
        {
            Simulation.DriverFault(ex);
        }

        Simulation.EndCallback(status.Value);
        return status;
    }

    internal NtStatus InvokePower(CallbackKind kind, EvtDevicePowerTransition? callback, WdfPowerDeviceState state)
    {
        if (callback == null)
        {
            return NtStatus.Success;
        }

        var status = NtStatus.Success;
        Simulation.BeginCallback(kind, this, this, null, Simulation.PowerStateNames[(int)state]);
        try
        {
            status = callback(this, state);
        }
        catch (Exception ex) when (Simulation.IsDriverFault(ex))
        {
            Simulation.DriverFault(ex);
        }

        Simulation.EndCallback(status.Value);
        return status;
    }

    internal void InvokeNotify(CallbackKind kind, EvtDeviceNotify? callback)
    {
        if (callback == null)
        {
            return;
        }

        Simulation.BeginCallback(kind, this, this, null, null);
        try
        {
            callback(this);
        }
        catch (Exception ex) when (Simulation.IsDriverFault(ex))
        {
            Simulation.DriverFault(ex);
        }

        Simulation.EndCallback(-1);
    }

    internal void LogCallback(CallbackKind kind, string? argument, WdfObject? obj)
    {
        if (Simulation.Options.RecordCallbacks)
        {
            callbackLog.Add(new CallbackRecord(kind, argument, obj == this ? null : obj?.Name, Simulation.Now, Simulation.CurrentProcessorId));
        }
    }

    // ------------------------------------------------------------------ power steps the machines take

    internal void SetPowerState(WdfPowerDeviceState state)
    {
        if (PowerState == state)
        {
            return;
        }

        PowerState = state;
        Simulation.Trace.Add(TraceEventKind.DevicePowerState, Simulation.CurrentProcessorId, 0, TraceName, Handle, (long)state, 0);
    }

    internal NtStatus ConnectInterrupts()
    {
        foreach (var interrupt in interrupts)
        {
            var status = interrupt.ConnectAndEnable();
            if (!status.IsSuccess)
            {
                return status;
            }
        }

        return NtStatus.Success;
    }

    internal void DisconnectInterrupts(bool callDriver)
    {
        for (var i = interrupts.Count - 1; i >= 0; i--)
        {
            interrupts[i].DisableAndDisconnect(callDriver);
        }
    }

    internal void PowerUpQueues()
    {
        foreach (var queue in queues)
        {
            if (queue.PowerManaged && !queue.IsDeleted)
            {
                queue.PowerUp();
            }
        }
    }

    internal void PowerDownQueues(WdfRequestStopActionFlags action)
    {
        foreach (var queue in queues)
        {
            if (queue.PowerManaged && !queue.IsDeleted)
            {
                queue.PowerDown(action);
            }
        }

        var deadline = Simulation.Now + Simulation.Options.PowerBudget;
        if (Simulation.WaitForFramework(PowerManagedQueuesSettled, deadline))
        {
            return;
        }

        foreach (var queue in queues)
        {
            if (queue.PowerManaged && queue.FirstUnsettledRequest is { } request)
            {
                var finding = queue.Config.EvtIoStop != null ? Finding.EvtIoStopCompleteOrStopAck : Finding.DrvAckIoStop;
                Simulation.Verifier.Report(finding, null,
                    queue.Config.EvtIoStop != null
                        ? $"request {request.Handle} given to EvtIoStop on queue {queue.Name} was neither completed nor acknowledged within {VirtualTime.Format(Simulation.Options.PowerBudget)}; the power IRP is blocked"
                        : $"queue {queue.Name} has no EvtIoStop and request {request.Handle} is still not completed after {VirtualTime.Format(Simulation.Options.PowerBudget)}; the power IRP is blocked",
                    (ulong)Handle, p4: (ulong)request.Handle);
                return;
            }
        }
    }

    private bool PowerManagedQueuesSettled()
    {
        foreach (var queue in queues)
        {
            if (queue.PowerManaged && !queue.PowerDownSettled)
            {
                return false;
            }
        }

        return true;
    }

    internal void PurgeQueuesForRemove(bool powerManaged)
    {
        foreach (var queue in queues)
        {
            if (queue.PowerManaged == powerManaged && !queue.IsDeleted)
            {
                queue.PurgeForRemove();
            }
        }

        bool Settled()
        {
            foreach (var queue in queues)
            {
                if (queue.PowerManaged == powerManaged && queue.DriverOwnedCount > 0)
                {
                    return false;
                }
            }

            return true;
        }

        if (!Simulation.WaitForFramework(Settled, Simulation.Now + Simulation.Options.PowerBudget))
        {
            foreach (var queue in queues)
            {
                if (queue.PowerManaged == powerManaged && queue.OwnedRequests.Count > 0)
                {
                    var request = queue.OwnedRequests[0];
                    Simulation.Verifier.Report(Finding.RequestCompleted, null,
                        $"request {request.Handle} of queue {queue.Name} is still not completed when the device is removed", (ulong)request.Handle);
                    return;
                }
            }
        }
    }

    internal NtStatus SelfManagedIoStart()
    {
        NtStatus status;
        if (!selfManagedIoInitialized)
        {
            status = InvokeStatus(CallbackKind.EvtDeviceSelfManagedIoInit, Callbacks.EvtDeviceSelfManagedIoInit);
            selfManagedIoInitialized = status.IsSuccess;
        }
        else
        {
            status = InvokeStatus(CallbackKind.EvtDeviceSelfManagedIoRestart, Callbacks.EvtDeviceSelfManagedIoRestart);
        }

        selfManagedIoRunning = status.IsSuccess;
        return status;
    }

    internal NtStatus SelfManagedIoSuspend()
    {
        if (!selfManagedIoRunning)
        {
            return NtStatus.Success;
        }

        selfManagedIoRunning = false;
        return InvokeStatus(CallbackKind.EvtDeviceSelfManagedIoSuspend, Callbacks.EvtDeviceSelfManagedIoSuspend);
    }

    internal void SelfManagedIoFlush()
    {
        if (selfManagedIoInitialized)
        {
            InvokeNotify(CallbackKind.EvtDeviceSelfManagedIoFlush, Callbacks.EvtDeviceSelfManagedIoFlush);
        }
    }

    internal void SelfManagedIoCleanup()
    {
        if (selfManagedIoInitialized)
        {
            selfManagedIoInitialized = false;
            InvokeNotify(CallbackKind.EvtDeviceSelfManagedIoCleanup, Callbacks.EvtDeviceSelfManagedIoCleanup);
        }
    }

    // ------------------------------------------------------------------ life-cycle notifications

    internal void OnStarted()
    {
        IsStarted = true;
        EverStarted = true;
    }

    internal void OnStopped() => IsStarted = false;

    internal void OnFailed()
    {
        IsStarted = false;
        CancelIdleTimer();
    }

    internal void OnPoweredUp()
    {
    }

    /// <summary>The simulated PnP manager's answer to a failed device: surprise removal (if it had started) and removal.</summary>
    internal void OnWaitingForRemove()
    {
        if (HostSurpriseRemoval)
        {
            return;
        }

        if (EverStarted && !SurpriseRemoved)
        {
            Machines.Post(PnpEvent.SurpriseRemove);
        }

        Machines.Post(PnpEvent.Remove);
    }

    internal void DeleteForRemove()
    {
        IsStarted = false;
        IsRemoved = true;
        CancelIdleTimer();
        SetPowerState(WdfPowerDeviceState.D3Final);
        DeleteTree();
    }

    // ------------------------------------------------------------------ requests

    internal void Submit(WdfRequest request)
    {
        Simulation.Trace.Add(TraceEventKind.RequestSubmitted, Simulation.CurrentProcessorId, 0, TraceName, request.Handle, (long)request.Kind, request.Length);
        var pnp = Machines.PnpState;
        if (IsRemoved || pnp is WdfDevicePnpState.WdfDevStatePnpRemoved or WdfDevicePnpState.WdfDevStatePnpFinal
                or WdfDevicePnpState.WdfDevStatePnpFailed or WdfDevicePnpState.WdfDevStatePnpFailedWaitForRemove || !EverStarted)
        {
            request.CompleteByFramework(IsRemoved || SurpriseRemoved ? NtStatus.DeviceRemoved : NtStatus.NoSuchDevice, 0);
            return;
        }

        var queue = routes[(int)request.Kind] ?? (request.Kind is RequestKind.Create or RequestKind.Close ? null : DefaultQueue);
        if (queue == null)
        {
            request.CompleteByFramework(request.Kind is RequestKind.Create or RequestKind.Close ? NtStatus.Success : NtStatus.InvalidDeviceRequest, 0);
            return;
        }

        queue.Enqueue(request);
    }

    internal void OnRequestQueued(WdfIoQueue queue, WdfRequest request)
    {
        if (queue.PowerManaged && !request.HoldsPowerReference)
        {
            request.HoldsPowerReference = true;
            PowerReference();
        }
    }

    internal void OnRequestCompleted(WdfRequest request)
    {
        if (request.HoldsPowerReference)
        {
            request.HoldsPowerReference = false;
            PowerDereference();
        }
    }

    internal void OnQueueProgress()
    {
    }
}

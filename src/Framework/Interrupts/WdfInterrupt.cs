using DriverScript.Framework.Drivers;
using DriverScript.Framework.Locks;
using DriverScript.Framework.Objects;
using DriverScript.Framework.Scheduling;
using DriverScript.Framework.Tracing;
using DriverScript.Framework.Verifier;
using DriverScript.Hardware.Interrupts;

namespace DriverScript.Framework.Interrupts;

/// <summary>EvtInterruptIsr (DIRQL, holding the interrupt lock): returns whether the device was interrupting.</summary>
public delegate bool EvtInterruptIsr(WdfInterrupt interrupt, uint messageId);

/// <summary>EvtInterruptDpc (DISPATCH_LEVEL), queued by <see cref="WdfInterrupt.QueueDpcForIsr"/>.</summary>
public delegate void EvtInterruptDpc(WdfInterrupt interrupt, WdfObject associatedObject);

/// <summary>EvtInterruptEnable / EvtInterruptDisable (DIRQL, holding the interrupt lock).</summary>
public delegate NtStatus EvtInterruptEnableDisable(WdfInterrupt interrupt, WdfDevice device);

/// <summary>EvtInterruptSynchronize (DIRQL, holding the interrupt lock), run by <see cref="WdfInterrupt.Synchronize"/>.</summary>
public delegate bool EvtInterruptSynchronize(WdfInterrupt interrupt, object? context);

/// <summary>WDF_INTERRUPT_CONFIG.</summary>
public sealed class WdfInterruptConfig
{
    /// <summary>Creates a configuration with its ISR.</summary>
    public WdfInterruptConfig(EvtInterruptIsr isr) => EvtInterruptIsr = isr ?? throw new ArgumentNullException(nameof(isr));

    public EvtInterruptIsr EvtInterruptIsr { get; }

    public EvtInterruptDpc? EvtInterruptDpc { get; init; }

    public EvtInterruptEnableDisable? EvtInterruptEnable { get; init; }

    public EvtInterruptEnableDisable? EvtInterruptDisable { get; init; }

    /// <summary>Run the DPC under the device's synchronization lock (never the ISR).</summary>
    public bool AutomaticSerialization { get; init; }

    /// <summary>The hardware model's interrupt line or message source to bind (the language's <c>interrupt NAME</c>); null: its level line, else its message source.</summary>
    public string? Source { get; init; }

    /// <summary>A name for traces.</summary>
    public string? Name { get; init; }
}

/// <summary>
/// An interrupt object (WDFINTERRUPT, KMDF.md B4): bound to a hardware model's level-triggered line or
/// message-signaled source, connected while the device is in D0. A pending interrupt preempts the
/// processor that takes it at DIRQL and runs EvtInterruptIsr holding the interrupt lock; the ISR
/// queues its DPC with <see cref="QueueDpcForIsr"/>. While the device sleeps armed for wake, an
/// assertion is a wake signal.
/// </summary>
public sealed class WdfInterrupt : WdfObject
{
    private readonly InterruptLine? line;
    private readonly MessageSignaledInterrupt? messages;
    private readonly Queue<int> pendingMessages = new();
    private readonly InterruptLock interruptLock;
    private long lastIsrTime = -1;
    private int consecutiveRuns;
    private bool spurious;
    private long nextFlow;

    internal WdfInterrupt(Simulation simulation, WdfDevice device, WdfInterruptConfig config)
        : base(simulation, device, device, config.Name ?? config.Source ?? "interrupt")
    {
        Config = config;
        TraceName = simulation.Trace.Intern(Name);
        var hardware = device.Hardware ?? throw new InvalidOperationException($"device {device.Name} has no hardware model to take an interrupt from");
        if (config.Source != null)
        {
            line = hardware.FindInterruptLine(config.Source);
            messages = line == null ? hardware.FindMessageInterrupt(config.Source) : null;
            if (line == null && messages == null)
            {
                throw new ArgumentException($"{hardware.Name} has no interrupt named '{config.Source}'");
            }
        }
        else if (hardware.InterruptLines.Count > 0)
        {
            line = hardware.InterruptLines[0];
        }
        else if (hardware.MessageInterrupts.Count > 0)
        {
            messages = hardware.MessageInterrupts[0];
        }
        else
        {
            throw new ArgumentException($"{hardware.Name} has no interrupt line");
        }

        if (line != null)
        {
            line.LevelChanged += OnLevelChanged;
        }

        if (messages != null)
        {
            messages.Signaled += OnMessage;
        }

        interruptLock = new InterruptLock(simulation, this);
        IsrWork = new IsrTask(this);
        DpcWork = new DpcTask(this);
        IsrName = Name + " EvtInterruptIsr";
    }

    /// <inheritdoc />
    public override string KmdfType => "WDFINTERRUPT";

    internal override bool NoDeleteDdi => true;

    /// <summary>The configuration.</summary>
    public WdfInterruptConfig Config { get; }

    /// <summary>True while connected (the device is in D0).</summary>
    public bool IsConnected { get; private set; }

    /// <summary>True after EvtInterruptEnable succeeded, until disabled.</summary>
    public bool IsEnabled { get; private set; }

    /// <summary>How many times the ISR ran.</summary>
    public long IsrCount { get; private set; }

    /// <summary>The level line bound, or null.</summary>
    public InterruptLine? Line => line;

    internal Work IsrWork { get; }

    internal Work DpcWork { get; }

    internal string IsrName { get; }

    internal bool CanDeliver => IsConnected && !interruptLock.IsHeld && (spurious || pendingMessages.Count > 0 || (line?.Level ?? false));

    // ------------------------------------------------------------------ hardware side

    private void OnLevelChanged(InterruptLine source, bool level)
    {
        Simulation.Trace.Add(TraceEventKind.InterruptLine, Simulation.CurrentProcessorId, TraceName, Device!.TraceName, 0, level ? 1 : 0, 0);
        if (level)
        {
            Signal();
        }
        else if (!spurious)
        {
            Simulation.Scheduler.InterruptNoLongerPending(this);
        }
    }

    private void OnMessage(MessageSignaledInterrupt source, int vector)
    {
        Simulation.Trace.Add(TraceEventKind.InterruptMessage, Simulation.CurrentProcessorId, TraceName, Device!.TraceName, 0, vector, 0);
        if (IsConnected)
        {
            pendingMessages.Enqueue(vector);
        }

        Signal();
    }

    private void Signal()
    {
        if (IsConnected)
        {
            Simulation.Scheduler.InterruptPending(this);
        }
        else if (Device!.Machines.ArmedForWake)
        {
            Device.Machines.OnWakeSignal();
        }
    }

    /// <summary>Makes the ISR run once although the device is not interrupting (another device on a shared line): the ISR must return FALSE.</summary>
    public void TriggerSpurious()
    {
        spurious = true;
        if (IsConnected)
        {
            Simulation.Scheduler.InterruptPending(this);
        }
    }

    // ------------------------------------------------------------------ connection (PnP worker)

    internal NtStatus ConnectAndEnable()
    {
        IsConnected = true;
        var status = NtStatus.Success;
        if (Config.EvtInterruptEnable != null)
        {
            status = RunUnderLock(CallbackKind.EvtInterruptEnable, Config.EvtInterruptEnable);
        }

        IsEnabled = status.IsSuccess;
        if (!IsEnabled)
        {
            IsConnected = false;
            return status;
        }

        if (line?.Level ?? false)
        {
            Simulation.Scheduler.InterruptPending(this);
        }

        return status;
    }

    internal void DisableAndDisconnect(bool callDriver)
    {
        if (IsEnabled && callDriver && Config.EvtInterruptDisable != null)
        {
            RunUnderLock(CallbackKind.EvtInterruptDisable, Config.EvtInterruptDisable);
        }

        IsEnabled = false;
        IsConnected = false;
        pendingMessages.Clear();
        spurious = false;
        Simulation.Scheduler.InterruptNoLongerPending(this);
    }

    private NtStatus RunUnderLock(CallbackKind kind, EvtInterruptEnableDisable callback)
    {
        var a = Simulation.Scheduler.Current!;
        interruptLock.AcquireForFramework(a);
        var status = NtStatus.Success;
        Simulation.BeginCallback(kind, this, Device, null, null);
        try
        {
            status = callback(this, Device!);
        }
        catch (Exception ex) when (Simulation.IsDriverFault(ex))
        {
            Simulation.DriverFault(ex);
        }

        Simulation.EndCallback(status.Value);
        interruptLock.ReleaseForFramework(a);
        return status;
    }

    // ------------------------------------------------------------------ the ISR

    private void RunIsr()
    {
        var a = Simulation.Scheduler.Current!;
        var now = Simulation.Now;
        consecutiveRuns = now == lastIsrTime ? consecutiveRuns + 1 : 1;
        lastIsrTime = now;
        var messageId = pendingMessages.Count > 0 ? (uint)pendingMessages.Dequeue() : 0u;
        var interrupting = (line?.Level ?? false) || messages != null && !spurious;
        spurious = false;
        IsrCount++;
        interruptLock.AcquireForFramework(a);
        var claimed = false;
        Simulation.BeginCallback(CallbackKind.EvtInterruptIsr, this, Device, null, null);
        try
        {
            claimed = Config.EvtInterruptIsr(this, messageId);
        }
        catch (Exception ex) when (Simulation.IsDriverFault(ex))
        {
            Simulation.DriverFault(ex);
        }

        Simulation.EndCallback(claimed ? 1 : 0);
        interruptLock.ReleaseForFramework(a);
        if (claimed && !interrupting)
        {
            Simulation.Verifier.Report(Finding.IsrClaimedUnassertedInterrupt, null,
                $"EvtInterruptIsr of {Name} returned TRUE but {Device!.Name} was not interrupting", (ulong)Handle);
        }

        if (IsConnected && (line?.Level ?? false))
        {
            if (consecutiveRuns >= Simulation.Options.InterruptStormThreshold)
            {
                Simulation.Verifier.Report(Finding.InterruptStorm, null,
                    $"level line {Device!.Name}.{line!.Name} is still asserted after its ISR ran {consecutiveRuns} times in a row with no virtual time passing",
                    (ulong)Handle, (ulong)consecutiveRuns, 1);
            }

            Simulation.Scheduler.InterruptPending(this);
        }
        else if (pendingMessages.Count > 0)
        {
            Simulation.Scheduler.InterruptPending(this);
        }
    }

    // ------------------------------------------------------------------ DDIs

    /// <summary>WdfInterruptQueueDpcForIsr (any IRQL): queues the interrupt's DPC on this processor. FALSE if it was already queued.</summary>
    public bool QueueDpcForIsr(object? location = null)
    {
        if (!Simulation.EnterDdi(Ddi.WdfInterruptQueueDpcForIsr, this, location))
        {
            return false;
        }

        var flow = ++nextFlow + (Handle << 32);
        var queued = Simulation.Scheduler.QueueDpc(DpcWork);
        if (queued)
        {
            ((DpcTask)DpcWork).Flow = flow;
            Simulation.Trace.Add(TraceEventKind.DpcQueued, Simulation.CurrentProcessorId, TraceName, Device!.TraceName, flow, 0, 0);
        }

        Simulation.TraceDdi(Ddi.WdfInterruptQueueDpcForIsr, this, queued ? 1 : 0);
        return queued;
    }

    /// <summary>WdfInterruptAcquireLock (at most DISPATCH_LEVEL): raises to DIRQL and takes the interrupt lock (the language's <c>with irq { }</c>).</summary>
    public void AcquireLock(object? location = null)
    {
        Simulation.ThrowIfStopped();
        var a = Simulation.RequireActivity(Ddi.WdfInterruptAcquireLock);
        if (interruptLock.Owner == a || (interruptLock.Owner?.Processor != null && interruptLock.Owner.Processor == a.Processor))
        {
            // Checked before the IRQL: a holder runs at DIRQL, so KMDF would only see the IRQL; the recursion is the bug.
            Simulation.Verifier.Report(Finding.WdfInterruptLockRecursive, location,
                $"interrupt lock of {Name} acquired again on {a.Processor?.Name}", (ulong)Handle);
            return;
        }

        if (!Simulation.EnterDdi(Ddi.WdfInterruptAcquireLock, this, location))
        {
            return;
        }

        if (!IsConnected)
        {
            Simulation.Verifier.Report(Finding.WdfInterruptLockNotConnected, location,
                $"WdfInterruptAcquireLock on {Name} while it is not connected", (ulong)Handle);
            return;
        }

        interruptLock.AcquireForFramework(a);
        Simulation.TraceDdi(Ddi.WdfInterruptAcquireLock, this, -1);
    }

    /// <summary>WdfInterruptReleaseLock.</summary>
    public void ReleaseLock(object? location = null)
    {
        if (!Simulation.EnterDdi(Ddi.WdfInterruptReleaseLock, this, location))
        {
            return;
        }

        var a = Simulation.RequireActivity(Ddi.WdfInterruptReleaseLock);
        if (interruptLock.Owner != a)
        {
            Simulation.Verifier.Report(Finding.WdfInterruptLockNotHeld, location,
                $"interrupt lock of {Name} released by {a.Name}, which does not hold it", (ulong)Handle, interruptLock.Owner == null ? 0UL : 1UL);
            return;
        }

        interruptLock.ReleaseForFramework(a);
        Simulation.TraceDdi(Ddi.WdfInterruptReleaseLock, this, -1);
    }

    /// <summary>WdfInterruptSynchronize (at most DISPATCH_LEVEL): runs <paramref name="callback"/> at DIRQL holding the interrupt lock.</summary>
    public bool Synchronize(EvtInterruptSynchronize callback, object? context = null, object? location = null)
    {
        ArgumentNullException.ThrowIfNull(callback);
        if (!Simulation.EnterDdi(Ddi.WdfInterruptSynchronize, this, location))
        {
            return false;
        }

        var a = Simulation.RequireActivity(Ddi.WdfInterruptSynchronize);
        interruptLock.AcquireForFramework(a);
        var result = false;
        Simulation.BeginCallback(CallbackKind.EvtInterruptSynchronize, this, Device, null, null);
        try
        {
            result = callback(this, context);
        }
        catch (Exception ex) when (Simulation.IsDriverFault(ex))
        {
            Simulation.DriverFault(ex);
        }

        Simulation.EndCallback(result ? 1 : 0);
        interruptLock.ReleaseForFramework(a);
        return result;
    }

    private protected override void OnDeleting()
    {
        if (line != null)
        {
            line.LevelChanged -= OnLevelChanged;
        }

        if (messages != null)
        {
            messages.Signaled -= OnMessage;
        }

        Simulation.Scheduler.CancelDpc(DpcWork);
        Simulation.Scheduler.InterruptNoLongerPending(this);
    }

    private sealed class IsrTask(WdfInterrupt interrupt) : Work
    {
        internal override Irql Irql => Irql.Dirql;

        internal override string Name => interrupt.IsrName;

        internal override void Execute() => interrupt.RunIsr();
    }

    private sealed class DpcTask(WdfInterrupt interrupt) : Work
    {
        private readonly string name = interrupt.Name + " EvtInterruptDpc";

        internal long Flow { get; set; }

        internal override Irql Irql => Irql.Dispatch;

        internal override string Name => name;

        internal override void Execute()
        {
            var sim = interrupt.Simulation;
            sim.Trace.Add(TraceEventKind.DpcStarted, sim.CurrentProcessorId, interrupt.TraceName, interrupt.Device!.TraceName, Flow, 0, 0);
            if (interrupt.Config.EvtInterruptDpc is not { } dpc || interrupt.IsDeleted)
            {
                return;
            }

            var a = sim.Scheduler.Current!;
            var lockObject = interrupt.Config.AutomaticSerialization ? interrupt.Device!.SyncLock : null;
            if (lockObject != null && lockObject.Owner == a)
            {
                lockObject = null;
            }

            lockObject?.AcquireForFramework(a);
            sim.BeginCallback(CallbackKind.EvtInterruptDpc, interrupt, interrupt.Device, null, null);
            try
            {
                dpc(interrupt, interrupt.Device!);
            }
            catch (Exception ex) when (sim.IsDriverFault(ex))
            {
                sim.DriverFault(ex);
            }

            sim.EndCallback(-1);
            lockObject?.ReleaseForFramework(a);
        }
    }

    /// <summary>The interrupt's spin lock: at DIRQL.</summary>
    private sealed class InterruptLock : LockBase
    {
        internal InterruptLock(Simulation simulation, WdfInterrupt owner)
            : base(simulation, owner, owner.Device, owner.Name + " lock")
        {
        }

        public override string KmdfType => "WDFINTERRUPT lock";

        public override LockKind LockKind => LockKind.Interrupt;

        internal override void AcquireForFramework(Activity a)
        {
            var previous = a.Irql;
            if (previous < Irql.Dirql)
            {
                Simulation.Scheduler.SetIrql(a, Irql.Dirql);
            }

            if (Owner != null && Owner != a)
            {
                Simulation.SpinUntil(() => Owner == null, "interrupt lock " + Name);
            }

            TakeOwnership(a, previous);
        }

        internal override void ReleaseForFramework(Activity a)
        {
            var previous = a.RemoveLock(this) ?? a.Irql;
            Owner = null;
            if (previous != a.Irql)
            {
                Simulation.Scheduler.SetIrql(a, previous);
            }
        }
    }
}

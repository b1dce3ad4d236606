using DriverScript.Framework.Drivers;
using DriverScript.Framework.Locks;
using DriverScript.Framework.Objects;
using DriverScript.Framework.Queues;
using DriverScript.Framework.Scheduling;
using DriverScript.Hardware.Time;

namespace DriverScript.Framework.Timers;

/// <summary>EvtTimerFunc.</summary>
public delegate void EvtTimerFunc(WdfTimer timer);

/// <summary>WDF_TIMER_CONFIG plus the timer's parent.</summary>
public sealed class WdfTimerConfig
{
    /// <summary>Creates a configuration (AutomaticSerialization on, as WDF_TIMER_CONFIG_INIT sets it).</summary>
    public WdfTimerConfig(EvtTimerFunc callback) => EvtTimerFunc = callback ?? throw new ArgumentNullException(nameof(callback));

    public EvtTimerFunc EvtTimerFunc { get; }

    /// <summary>Nanoseconds between expirations; 0 for a one-shot timer.</summary>
    public long Period { get; init; }

    /// <summary>Run the callback under the parent's synchronization lock (default true).</summary>
    public bool AutomaticSerialization { get; init; } = true;

    /// <summary>PASSIVE_LEVEL runs the callback from a work item; null or DISPATCH_LEVEL from a DPC.</summary>
    public ExecutionLevel ExecutionLevel { get; init; } = ExecutionLevel.Dispatch;

    /// <summary>The parent: the device (default) or one of its queues (the timer then serializes with the queue).</summary>
    public WdfObject? Parent { get; init; }

    /// <summary>A name for traces.</summary>
    public string? Name { get; init; }
}

/// <summary>
/// A timer (WDFTIMER, KMDF.md B4): one-shot or periodic on the simulation's clock; on expiry its DPC
/// (or, for a passive timer, a work item) runs EvtTimerFunc, under the parent's lock when automatically
/// serialized. A periodic timer is re-armed at each due time, independently of how long its callback runs.
/// </summary>
/// <example>
/// <code>
/// var timer = device.CreateTimer(new WdfTimerConfig(OnTick) { Period = VirtualTime.Milliseconds(2000), Parent = queue });
/// timer.Start(VirtualTime.Milliseconds(100));   // first tick at +100 ms, then every 2 s
/// timer.Stop(wait: true);                       // PASSIVE_LEVEL: waits for a callback in flight
/// </code>
/// </example>
public sealed class WdfTimer : WdfObject
{
    private readonly LockBase? serializationLock;
    private ScheduledAction? due;
    private int running;

    internal WdfTimer(Simulation simulation, WdfDevice device, WdfTimerConfig config)
        : base(simulation, config.Parent ?? device, device, config.Name ?? "timer")
    {
        Config = config;
        TraceName = simulation.Trace.Intern(Name);
        if (config.AutomaticSerialization)
        {
            serializationLock = config.Parent is WdfIoQueue queue ? queue.SyncLock : device.SyncLock;
            if (serializationLock != null && (config.ExecutionLevel == ExecutionLevel.Passive) != (serializationLock.LockKind == LockKind.Wait))
            {
                throw new WdfCallFailedException(NtStatus.WdfIncompatibleExecutionLevel,
                    $"timer {Name}: AutomaticSerialization with a {config.ExecutionLevel}-level timer needs a {(config.ExecutionLevel == ExecutionLevel.Passive ? "wait" : "spin")} lock, but its parent's lock is a {serializationLock.LockKind} lock");
            }
        }

        Work = config.ExecutionLevel == ExecutionLevel.Passive ? new TimerWork(this, Irql.Passive) : new TimerWork(this, Irql.Dispatch);
    }

    /// <inheritdoc />
    public override string KmdfType => "WDFTIMER";

    /// <summary>The configuration.</summary>
    public WdfTimerConfig Config { get; }

    /// <summary>True while the timer is set (waiting to expire).</summary>
    public bool IsPending => due is { IsPending: true };

    /// <summary>When the timer expires next (virtual ns), or null.</summary>
    public long? DueTime => IsPending ? due!.Time : null;

    /// <summary>How many times EvtTimerFunc ran.</summary>
    public long ExpirationCount { get; private set; }

    private TimerWork Work { get; }

    /// <summary>WdfTimerStart: sets the timer to expire <paramref name="dueTime"/> ns from now (relative). Returns TRUE if it was already set (it is reset).</summary>
    public bool Start(long dueTime, object? location = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(dueTime);
        if (!Simulation.EnterDdi(Ddi.WdfTimerStart, this, location))
        {
            return false;
        }

        var wasPending = due?.Cancel() ?? false;
        due = Simulation.Clock.ScheduleAfter(dueTime, Expire, Name);
        Simulation.TraceDdi(Ddi.WdfTimerStart, this, wasPending ? 1 : 0);
        return wasPending;
    }

    /// <summary>
    /// WdfTimerStop: cancels the timer. With <paramref name="wait"/> (PASSIVE_LEVEL) also waits until a
    /// queued or running callback has finished. Returns TRUE if the timer was set.
    /// </summary>
    public bool Stop(bool wait, object? location = null)
    {
        if (!Simulation.EnterDdi(Ddi.WdfTimerStop, this, location, wait ? Irql.Passive : Irql.Dispatch))
        {
            return false;
        }

        var wasPending = due?.Cancel() ?? false;
        due = null;
        Simulation.TraceDdi(Ddi.WdfTimerStop, this, wasPending ? 1 : 0);
        if (wait && (Work.IsQueued || running > 0))
        {
            Simulation.WaitPassive(() => !Work.IsQueued && running == 0, long.MaxValue, "WdfTimerStop(" + Name + ", TRUE)", location);
        }

        return wasPending;
    }

    private void Expire()
    {
        if (IsDeleted)
        {
            return;
        }

        if (Config.Period > 0)
        {
            due = Simulation.Clock.Schedule(Simulation.Now + Config.Period, Expire, Name);
        }
        else
        {
            due = null;
        }

        if (Work.Irql == Irql.Passive)
        {
            Simulation.Scheduler.QueuePassiveWork(Work);
        }
        else
        {
            var target = Simulation.Scheduler.ChooseProcessor(Scheduling.DecisionKind.DpcTarget, null, idleOnly: false);
            Simulation.Scheduler.QueueDpc(Work, target, allowInline: false);
        }
    }

    private void Run()
    {
        if (IsDeleted)
        {
            return;
        }

        running++;
        var a = Simulation.Scheduler.Current!;
        var lockObject = serializationLock != null && serializationLock.Owner != a ? serializationLock : null;
        lockObject?.AcquireForFramework(a);
        ExpirationCount++;
        Simulation.BeginCallback(CallbackKind.EvtTimerFunc, this, Device, null, null);
        try
        {
            Config.EvtTimerFunc(this);
        }
        catch (Exception ex) when (Simulation.IsDriverFault(ex))
        {
            Simulation.DriverFault(ex);
        }

        Simulation.EndCallback(-1);
        lockObject?.ReleaseForFramework(a);
        running--;
    }

    private protected override void OnDeleting()
    {
        due?.Cancel();
        due = null;
        Simulation.Scheduler.CancelDpc(Work);
        Simulation.Scheduler.CancelPassiveWork(Work);
    }

    private sealed class TimerWork(WdfTimer timer, Irql irql) : Work
    {
        private readonly string name = timer.Name + " EvtTimerFunc";

        internal override Irql Irql => irql;

        internal override string Name => name;

        internal override void Execute() => timer.Run();
    }
}

/// <summary>A framework object could not be created (KMDF returns the status from the Create DDI).</summary>
public sealed class WdfCallFailedException(NtStatus status, string message) : Exception(message)
{
    /// <summary>The status KMDF would return.</summary>
    public NtStatus Status { get; } = status;
}

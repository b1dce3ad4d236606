using DriverScript.Framework.Drivers;
using DriverScript.Framework.Locks;
using DriverScript.Framework.Objects;
using DriverScript.Framework.Queues;
using DriverScript.Framework.Scheduling;
using DriverScript.Framework.Timers;

namespace DriverScript.Framework.WorkItems;

/// <summary>EvtWorkItem (PASSIVE_LEVEL).</summary>
public delegate void EvtWorkItem(WdfWorkItem workItem);

/// <summary>WDF_WORKITEM_CONFIG plus the parent.</summary>
public sealed class WdfWorkItemConfig
{
    /// <summary>Creates a configuration (AutomaticSerialization on, as WDF_WORKITEM_CONFIG_INIT sets it).</summary>
    public WdfWorkItemConfig(EvtWorkItem callback) => EvtWorkItem = callback ?? throw new ArgumentNullException(nameof(callback));

    public EvtWorkItem EvtWorkItem { get; }

    /// <summary>Run under the parent's synchronization lock, which must then be a wait lock (passive execution level).</summary>
    public bool AutomaticSerialization { get; init; } = true;

    /// <summary>The parent: the device (default) or a queue.</summary>
    public WdfObject? Parent { get; init; }

    /// <summary>A name for traces.</summary>
    public string? Name { get; init; }
}

/// <summary>A work item (WDFWORKITEM, KMDF.md B4): EvtWorkItem runs at PASSIVE_LEVEL on a system worker thread.</summary>
/// <example>
/// <code>
/// var flush = device.CreateWorkItem(new WdfWorkItemConfig(w => Persist(w.Device!)) { AutomaticSerialization = false });
/// flush.Enqueue();          // from a DPC, say
/// </code>
/// </example>
public sealed class WdfWorkItem : WdfObject
{
    private readonly LockBase? serializationLock;
    private readonly ItemWork work;
    private int running;

    internal WdfWorkItem(Simulation simulation, WdfDevice device, WdfWorkItemConfig config)
        : base(simulation, config.Parent ?? device, device, config.Name ?? "work item")
    {
        Config = config;
        TraceName = simulation.Trace.Intern(Name);
        if (config.AutomaticSerialization)
        {
            serializationLock = config.Parent is WdfIoQueue queue ? queue.SyncLock : device.SyncLock;
            if (serializationLock is { LockKind: not LockKind.Wait })
            {
                throw new WdfCallFailedException(NtStatus.WdfIncompatibleExecutionLevel,
                    $"work item {Name}: AutomaticSerialization needs the parent's lock to be a wait lock (passive execution level), but it is a spin lock");
            }
        }

        work = new ItemWork(this);
    }

    /// <inheritdoc />
    public override string KmdfType => "WDFWORKITEM";

    /// <summary>The configuration.</summary>
    public WdfWorkItemConfig Config { get; }

    /// <summary>True while queued.</summary>
    public bool IsQueued => work.IsQueued;

    /// <summary>How many times EvtWorkItem ran.</summary>
    public long RunCount { get; private set; }

    /// <summary>WdfWorkItemEnqueue (at most DISPATCH_LEVEL): queues the item unless it is already queued.</summary>
    public void Enqueue(object? location = null)
    {
        if (!Simulation.EnterDdi(Ddi.WdfWorkItemEnqueue, this, location))
        {
            return;
        }

        var queued = Simulation.Scheduler.QueuePassiveWork(work);
        Simulation.TraceDdi(Ddi.WdfWorkItemEnqueue, this, queued ? 1 : 0);
    }

    /// <summary>WdfWorkItemFlush (PASSIVE_LEVEL): waits until the item is neither queued nor running.</summary>
    public void Flush(object? location = null)
    {
        if (!Simulation.EnterDdi(Ddi.WdfWorkItemFlush, this, location))
        {
            return;
        }

        Simulation.WaitPassive(() => !work.IsQueued && running == 0, long.MaxValue, "WdfWorkItemFlush(" + Name + ")", location);
        Simulation.TraceDdi(Ddi.WdfWorkItemFlush, this, -1);
    }

    private void Run()
    {
        if (IsDeleted)
        {
            return;
        }

        running++;
        RunCount++;
        var a = Simulation.Scheduler.Current!;
        var lockObject = serializationLock != null && serializationLock.Owner != a ? serializationLock : null;
        lockObject?.AcquireForFramework(a);
        Simulation.BeginCallback(CallbackKind.EvtWorkItem, this, Device, null, null);
        try
        {
            Config.EvtWorkItem(this);
        }
        catch (Exception ex) when (Simulation.IsDriverFault(ex))
        {
            Simulation.DriverFault(ex);
        }

        Simulation.EndCallback(-1);
        lockObject?.ReleaseForFramework(a);
        running--;
    }

    private protected override void OnDeleting() => Simulation.Scheduler.CancelPassiveWork(work);

    private sealed class ItemWork(WdfWorkItem item) : Work
    {
        private readonly string name = item.Name + " EvtWorkItem";

        internal override Irql Irql => Irql.Passive;

        internal override string Name => name;

        internal override void Execute() => item.Run();
    }
}

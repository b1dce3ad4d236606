using DriverScript.Framework.Drivers;
using DriverScript.Framework.Locks;
using DriverScript.Framework.Objects;
using DriverScript.Framework.Queues;
using DriverScript.Framework.Scheduling;

namespace DriverScript.Framework.Interrupts;

/// <summary>EvtDpcFunc (DISPATCH_LEVEL).</summary>
public delegate void EvtDpcFunc(WdfDpc dpc);

/// <summary>WDF_DPC_CONFIG plus the parent.</summary>
public sealed class WdfDpcConfig
{
    public WdfDpcConfig(EvtDpcFunc callback) => EvtDpcFunc = callback ?? throw new ArgumentNullException(nameof(callback));

    public EvtDpcFunc EvtDpcFunc { get; }

    /// <summary>Run under the parent's synchronization (spin) lock.</summary>
    public bool AutomaticSerialization { get; init; } = true;

    /// <summary>The parent: the device (default) or a queue.</summary>
    public WdfObject? Parent { get; init; }

    public string? Name { get; init; }
}

/// <summary>A DPC object (WDFDPC): <see cref="Enqueue"/> queues it to the current processor (the language's <c>queue_dpc()</c> outside an ISR).</summary>
public sealed class WdfDpc : WdfObject
{
    private readonly LockBase? serializationLock;
    private readonly DpcWork work;

    internal WdfDpc(Simulation simulation, WdfDevice device, WdfDpcConfig config)
        : base(simulation, config.Parent ?? device, device, config.Name ?? "dpc")
    {
        Config = config;
        TraceName = simulation.Trace.Intern(Name);
        if (config.AutomaticSerialization)
        {
            serializationLock = config.Parent is WdfIoQueue queue ? queue.SyncLock : device.SyncLock;
        }

        work = new DpcWork(this);
    }

    /// <inheritdoc />
    public override string KmdfType => "WDFDPC";

    public WdfDpcConfig Config { get; }

    /// <summary>WdfDpcEnqueue (any IRQL): FALSE if already queued.</summary>
    public bool Enqueue(object? location = null)
    {
        if (!Simulation.EnterDdi(Ddi.WdfDpcEnqueue, this, location))
        {
            return false;
        }

        var queued = Simulation.Scheduler.QueueDpc(work);
        Simulation.TraceDdi(Ddi.WdfDpcEnqueue, this, queued ? 1 : 0);
        return queued;
    }

    private void Run()
    {
        if (IsDeleted)
        {
            return;
        }

        var a = Simulation.Scheduler.Current!;
        var lockObject = serializationLock != null && serializationLock.Owner != a ? serializationLock : null;
        lockObject?.AcquireForFramework(a);
        Simulation.BeginCallback(CallbackKind.EvtDpcFunc, this, Device, null, null);
        try
        {
            Config.EvtDpcFunc(this);
        }
        catch (Exception ex) when (Simulation.IsDriverFault(ex))
        {
            Simulation.DriverFault(ex);
        }

        Simulation.EndCallback(-1);
        lockObject?.ReleaseForFramework(a);
    }

    private protected override void OnDeleting() => Simulation.Scheduler.CancelDpc(work);

    private sealed class DpcWork(WdfDpc dpc) : Work
    {
        private readonly string name = dpc.Name + " EvtDpcFunc";

        internal override Irql Irql => Irql.Dispatch;

        internal override string Name => name;

        internal override void Execute() => dpc.Run();
    }
}

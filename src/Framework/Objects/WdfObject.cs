using DriverScript.Framework.Drivers;
using DriverScript.Framework.Verifier;

namespace DriverScript.Framework.Objects;

/// <summary>
/// The base of every framework object (KMDF.md B5): a handle, a parent, children, a context slot,
/// and the two deletion callbacks. Deleting an object deletes its children first; each object's
/// <see cref="EvtCleanupCallback"/> runs before its parent's, and <see cref="EvtDestroyCallback"/>
/// runs when its last reference goes.
/// </summary>
/// <example>
/// <code>
/// var timer = device.CreateTimer(new WdfTimerConfig(OnTick) { Parent = queue });
/// timer.EvtCleanupCallback = o => log.Add("timer cleanup");   // runs before the queue's
/// timer.Context = new TimerState();
/// </code>
/// </example>
public abstract class WdfObject
{
    private readonly WdfDevice? device;
    private Extras? extras;
    private int references = 1;

    private protected WdfObject(Simulation simulation, WdfObject? parent, WdfDevice? device, string name)
    {
        Simulation = simulation;
        Parent = parent;
        this.device = device;
        Name = name;
        Handle = simulation.NextHandle();
        parent?.AddChild(this);
    }

    /// <summary>The simulation the object lives in.</summary>
    public Simulation Simulation { get; }

    /// <summary>A unique number in the simulation (the object's "handle").</summary>
    public long Handle { get; }

    /// <summary>The parent object (deleting it deletes this one), or null for the driver.</summary>
    public WdfObject? Parent { get; }

    /// <summary>The device the object belongs to, or null (the driver).</summary>
    public WdfDevice? Device => device ?? this as WdfDevice;

    /// <summary>A display name: the object's declared name, or its type and handle.</summary>
    public string Name { get; }

    /// <summary>KMDF's handle type: <c>WDFQUEUE</c>, <c>WDFTIMER</c>...</summary>
    public abstract string KmdfType { get; }

    /// <summary>The children, in creation order.</summary>
    public IReadOnlyList<WdfObject> Children => (IReadOnlyList<WdfObject>?)extras?.Children ?? [];

    /// <summary>The object's context (KMDF's typed context space): anything the driver keeps with it.</summary>
    public object? Context
    {
        get => extras?.Context;
        set => (extras ??= new Extras()).Context = value;
    }

    /// <summary>EvtCleanupCallback: runs at PASSIVE_LEVEL when deletion starts, after the children's.</summary>
    public Action<WdfObject>? EvtCleanupCallback
    {
        get => extras?.Cleanup;
        set => (extras ??= new Extras()).Cleanup = value;
    }

    /// <summary>EvtDestroyCallback: runs when the last reference is gone; only the context may be touched.</summary>
    public Action<WdfObject>? EvtDestroyCallback
    {
        get => extras?.Destroy;
        set => (extras ??= new Extras()).Destroy = value;
    }

    /// <summary>True once deletion started.</summary>
    public bool IsDeleted { get; private set; }

    /// <summary>Objects KMDF marks MarkNoDeleteDDI (a PnP device, the default queue, an interrupt...): WdfObjectDelete on them is a verifier break.</summary>
    internal virtual bool NoDeleteDdi => false;

    internal int TraceName { get; set; }

    /// <summary>WdfObjectDelete: deletes the object and its children (cleanup callbacks children first).</summary>
    public void Delete(object? location = null)
    {
        if (!Simulation.EnterDdi(Ddi.WdfObjectDelete, this, location))
        {
            return;
        }

        if (NoDeleteDdi)
        {
            Simulation.Verifier.Report(Finding.DeleteNoDeleteObject, location,
                $"WdfObjectDelete on {KmdfType} {Name}, which the driver may not delete", (ulong)Handle);
            return;
        }

        DeleteTree();
    }

    /// <summary>WdfObjectReference: takes a reference (pair it with <see cref="Dereference"/>).</summary>
    public void Reference(object? location = null)
    {
        if (Simulation.EnterDdi(Ddi.WdfObjectReference, this, location))
        {
            references++;
        }
    }

    /// <summary>WdfObjectDereference: drops a reference; reaching zero without a delete is 0x10D/0x7.</summary>
    public void Dereference(object? location = null)
    {
        if (!Simulation.EnterDdi(Ddi.WdfObjectDereference, this, location))
        {
            return;
        }

        references--;
        if (references <= 0)
        {
            if (!IsDeleted)
            {
                Simulation.Verifier.Report(Finding.DereferencedToZero, location,
                    $"{KmdfType} {Name} was dereferenced to zero without WdfObjectDelete", (ulong)Handle);
            }
            else
            {
                RunDestroy();
            }
        }
    }

    private void AddChild(WdfObject child) => ((extras ??= new Extras()).Children ??= []).Add(child);

    /// <summary>Deletes the subtree: children first (last created first), then this object's teardown, cleanup and (without extra references) destroy.</summary>
    internal void DeleteTree()
    {
        if (IsDeleted)
        {
            return;
        }

        IsDeleted = true;
        var children = extras?.Children;
        if (children != null)
        {
            for (var i = children.Count - 1; i >= 0; i--)
            {
                children[i].DeleteTree();
            }
        }

        OnDeleting();
        if (EvtCleanupCallback is { } cleanup)
        {
            Simulation.InvokeObjectCallback(CallbackKind.EvtCleanupCallback, this, cleanup);
        }

        references--;
        if (references <= 0)
        {
            RunDestroy();
        }
    }

    private void RunDestroy()
    {
        if (EvtDestroyCallback is { } destroy)
        {
            EvtDestroyCallback = null;
            Simulation.InvokeObjectCallback(CallbackKind.EvtDestroyCallback, this, destroy);
        }
    }

    /// <summary>Type-specific teardown when deletion starts (a timer stops, a queue purges).</summary>
    private protected virtual void OnDeleting()
    {
    }

    /// <inheritdoc />
    public override string ToString() => $"{KmdfType} {Name}";

    /// <summary>What most objects never use (requests, above all), kept out of line so an object stays small.</summary>
    private sealed class Extras
    {
        public List<WdfObject>? Children;
        public object? Context;
        public Action<WdfObject>? Cleanup;
        public Action<WdfObject>? Destroy;
    }
}

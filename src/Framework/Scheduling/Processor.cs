namespace DriverScript.Framework.Scheduling;

/// <summary>
/// A virtual processor: it runs one task at a time at an IRQL; a task at a higher IRQL preempts the
/// one below it (the processor holds a stack of activities, innermost on top); DPCs queued to it run
/// when its IRQL drops below DISPATCH_LEVEL.
/// </summary>
public sealed class Processor
{
    internal Processor(int id)
    {
        Id = id;
        Name = "CPU" + id.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The processor's number, from 0.</summary>
    public int Id { get; }

    /// <summary><c>CPU0</c>, <c>CPU1</c>...</summary>
    public string Name { get; }

    /// <summary>The IRQL the processor runs at: its innermost task's, PASSIVE_LEVEL when idle.</summary>
    public Irql Irql => Top?.Irql ?? Irql.Passive;

    /// <summary>True when no task is on the processor.</summary>
    public bool IsIdle => Top == null;

    /// <summary>The number of DPCs waiting in the processor's queue.</summary>
    public int QueuedDpcCount { get; internal set; }

    internal Activity? Top { get; set; }

    internal Work? DpcHead { get; set; }

    internal Work? DpcTail { get; set; }

    internal Irql TracedIrql { get; set; }

    internal void EnqueueDpc(Work dpc)
    {
        dpc.Next = null;
        if (DpcTail == null)
        {
            DpcHead = dpc;
        }
        else
        {
            DpcTail.Next = dpc;
        }

        DpcTail = dpc;
        QueuedDpcCount++;
    }

    internal Work? DequeueDpc()
    {
        var head = DpcHead;
        if (head != null)
        {
            DpcHead = head.Next;
            if (DpcHead == null)
            {
                DpcTail = null;
            }

            head.Next = null;
            QueuedDpcCount--;
        }

        return head;
    }

    internal bool RemoveDpc(Work dpc)
    {
        Work? previous = null;
        for (var w = DpcHead; w != null; previous = w, w = w.Next)
        {
            if (w == dpc)
            {
                if (previous == null)
                {
                    DpcHead = w.Next;
                }
                else
                {
                    previous.Next = w.Next;
                }

                if (DpcTail == w)
                {
                    DpcTail = previous;
                }

                w.Next = null;
                QueuedDpcCount--;
                return true;
            }
        }

        return false;
    }

    /// <inheritdoc />
    public override string ToString() => $"{Name} at {Irql.Display()}";
}

/// <summary>
/// A unit of deferred work the scheduler runs: a DPC (at DISPATCH_LEVEL, queued to a processor) or
/// passive work (a work item, a passive timer, a device's PnP worker, queued to the system worker
/// queue). One object per source, queued at most once at a time (as KeInsertQueueDpc and work items behave).
/// </summary>
internal abstract class Work
{
    internal Work? Next { get; set; }

    /// <summary>True while waiting in a queue.</summary>
    internal bool IsQueued { get; set; }

    /// <summary>The processor whose DPC queue holds it (DPCs only).</summary>
    internal Processor? QueuedOn { get; set; }

    /// <summary>DISPATCH_LEVEL for DPCs, PASSIVE_LEVEL for passive work.</summary>
    internal abstract Irql Irql { get; }

    /// <summary>A label for scheduling options and logs.</summary>
    internal abstract string Name { get; }

    /// <summary>Runs the work on the current activity (already on its processor at <see cref="Irql"/>).</summary>
    internal abstract void Execute();
}

/// <summary>A <see cref="Work"/> that runs a delegate: for framework-internal deferrals.</summary>
internal sealed class DelegateWork(string name, Irql irql, Action action) : Work
{
    internal override Irql Irql => irql;

    internal override string Name => name;

    internal override void Execute() => action();
}

using DriverScript.Framework.Drivers;
using DriverScript.Framework.Locks;
using DriverScript.Framework.Objects;
using DriverScript.Framework.Requests;

namespace DriverScript.Framework.Scheduling;

/// <summary>What kind of task an activity is; decides what it may do (only threads may block).</summary>
internal enum ActivityKind : byte
{
    /// <summary>A thread at PASSIVE_LEVEL: the host's caller, a system worker (work items, passive timers), the PnP worker.</summary>
    Thread,

    /// <summary>A DPC at DISPATCH_LEVEL.</summary>
    Dpc,

    /// <summary>An ISR at DIRQL.</summary>
    Isr,
}

internal enum ActivityState : byte
{
    Running,

    /// <summary>Switched away from at a scheduling point; still on its processor.</summary>
    Paused,

    /// <summary>Busy-waiting on its processor (a spin on a held lock, a stall) until its condition holds.</summary>
    Spinning,

    /// <summary>Waiting off-processor (a PASSIVE wait) until its condition holds or its deadline passes.</summary>
    Blocked,

    Finished,
}

/// <summary>One callback invocation on an activity's stack.</summary>
internal struct CallbackFrame
{
    public CallbackKind Kind;
    public WdfObject? Object;
    public WdfDevice? Device;
    public Irql EntryIrql;
    public int LockDepth;
    public long InvocationId;
    public long StallNanoseconds;

    /// <summary>For EvtIoStop: the request it was given.</summary>
    public WdfRequest? Request;
}

/// <summary>A lock an activity holds, with the IRQL to return to on release.</summary>
internal struct HeldLock
{
    public LockBase Lock;
    public Irql PreviousIrql;
}

/// <summary>
/// A task in progress: the stack of callbacks it runs, its IRQL, the locks it holds, the processor
/// it is on and the execution context (the host's thread or a fiber) that runs its code.
/// </summary>
internal sealed class Activity
{
    private static int nextId;

    internal Activity() => Id = Interlocked.Increment(ref nextId);

    internal int Id { get; }

    internal ActivityKind Kind { get; set; }

    internal string Name { get; set; } = "";

    internal Processor? Processor { get; set; }

    /// <summary>The activity this one preempted on its processor.</summary>
    internal Activity? Below { get; set; }

    internal Irql Irql { get; set; }

    internal CallbackFrame[] Frames { get; private set; } = new CallbackFrame[4];

    internal int FrameCount { get; set; }

    internal HeldLock[] Locks { get; private set; } = new HeldLock[4];

    internal int LockCount { get; set; }

    internal ExecContext? Context { get; set; }

    /// <summary>The activity its context was running before this one started (restored when it ends).</summary>
    internal Activity? SavedContextActivity { get; set; }

    internal ActivityState State { get; set; }

    /// <summary>When <see cref="State"/> is Spinning or Blocked: what lets it continue.</summary>
    internal Func<bool>? WakeCondition { get; set; }

    /// <summary>When blocked or spinning: the time it gives up waiting (long.MaxValue: never).</summary>
    internal long Deadline { get; set; } = long.MaxValue;

    /// <summary>The processor it last ran on (a resumed thread prefers it).</summary>
    internal Processor? LastProcessor { get; set; }

    /// <summary>A fiber's choice at a scheduling point, for the host to carry out.</summary>
    internal bool HasDirective { get; set; }

    internal Scheduler.Choice Directive { get; set; }

    /// <summary>True while the activity runs a device's PnP/power machines (waits count against the power budget).</summary>
    internal WdfDevice? PnpDevice { get; set; }

    internal bool IsResumable(long now) =>
        State switch
        {
            ActivityState.Paused => true,
            ActivityState.Spinning or ActivityState.Blocked => now >= Deadline || (WakeCondition?.Invoke() ?? true),
            _ => false,
        };

    internal ref CallbackFrame PushFrame()
    {
        if (FrameCount == Frames.Length)
        {
            var bigger = new CallbackFrame[Frames.Length * 2];
            Frames.AsSpan().CopyTo(bigger);
            Frames = bigger;
        }

        return ref Frames[FrameCount++];
    }

    internal ref CallbackFrame TopFrame => ref Frames[FrameCount - 1];

    internal void PushLock(LockBase lockObject, Irql previous)
    {
        if (LockCount == Locks.Length)
        {
            var bigger = new HeldLock[Locks.Length * 2];
            Locks.AsSpan().CopyTo(bigger);
            Locks = bigger;
        }

        Locks[LockCount++] = new HeldLock { Lock = lockObject, PreviousIrql = previous };
    }

    /// <summary>Removes <paramref name="lockObject"/> from the held list; returns the IRQL to go back to, or null if not held.</summary>
    internal Irql? RemoveLock(LockBase lockObject)
    {
        for (var i = LockCount - 1; i >= 0; i--)
        {
            if (Locks[i].Lock == lockObject)
            {
                var previous = Locks[i].PreviousIrql;
                Array.Copy(Locks, i + 1, Locks, i, LockCount - i - 1);
                LockCount--;
                Locks[LockCount] = default;
                return previous;
            }
        }

        return null;
    }

    internal bool Holds(LockBase lockObject)
    {
        for (var i = 0; i < LockCount; i++)
        {
            if (Locks[i].Lock == lockObject)
            {
                return true;
            }
        }

        return false;
    }

    internal void Reset()
    {
        Processor = null;
        Below = null;
        Array.Clear(Frames, 0, FrameCount);
        FrameCount = 0;
        Array.Clear(Locks, 0, LockCount);
        LockCount = 0;
        Context = null;
        SavedContextActivity = null;
        State = ActivityState.Running;
        WakeCondition = null;
        Deadline = long.MaxValue;
        HasDirective = false;
        PnpDevice = null;
    }

    public override string ToString() => $"{Name} ({Kind}, {State})";
}

namespace DriverScript.Hardware.Time;

/// <summary>
/// The one clock of a simulation: a deterministic discrete-event scheduler counting virtual
/// nanoseconds. Device latencies, DMA completions, the framework's timers and virtual processors
/// are all actions on this clock. Time moves only when the owner runs it
/// (<see cref="RunUntil"/>, <see cref="RunFor"/>, <see cref="Step"/>, <see cref="RunUntilIdle"/>);
/// nothing here reads wall time.
/// </summary>
/// <remarks>
/// Actions due at the same time run in the order they were scheduled (FIFO), including actions
/// scheduled for the current time by a running action, which run in the same pass. Actions may
/// schedule and cancel others, and may run the clock themselves (a nested run never moves time
/// backwards). The clock is not thread-safe: one simulation, one thread.
/// </remarks>
/// <example>
/// <code>
/// var clock = new VirtualClock();
/// clock.ScheduleAfter(VirtualTime.Microseconds(10), () => Console.WriteLine($"done at {clock.Now}"));
/// clock.RunFor(VirtualTime.Milliseconds(1));   // prints "done at 10000"; Now is 1000000
/// </code>
/// </example>
public sealed class VirtualClock
{
    private const int CompactionThreshold = 1024;

    private readonly PriorityQueue<ScheduledAction, ActionKey> queue = new();
    private long nextSequence;
    private int pending;
    private int canceledInQueue;

    /// <summary>Creates a clock at time zero.</summary>
    public VirtualClock()
    {
    }

    /// <summary>Creates a clock starting at <paramref name="start"/> nanoseconds.</summary>
    public VirtualClock(long start)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        Now = start;
    }

    /// <summary>The current virtual time in nanoseconds.</summary>
    public long Now { get; private set; }

    /// <summary>The number of actions waiting to run.</summary>
    public int PendingCount => pending;

    /// <summary>True when no action is waiting.</summary>
    public bool IsIdle => pending == 0;

    /// <summary>The total number of actions run so far.</summary>
    public long ExecutedCount { get; private set; }

    /// <summary>The time of the earliest waiting action, or null when idle.</summary>
    public long? NextEventTime => TryPeekLive(out var next) ? next.Time : null;

    /// <summary>
    /// Schedules <paramref name="action"/> at absolute time <paramref name="time"/> (nanoseconds,
    /// not before <see cref="Now"/>).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="time"/> is in the past.</exception>
    public ScheduledAction Schedule(long time, Action action, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(action);
        if (time < Now)
        {
            throw new ArgumentOutOfRangeException(nameof(time), time,
                $"cannot schedule at {VirtualTime.Format(time)}: the clock is already at {VirtualTime.Format(Now)}");
        }

        var scheduled = new ScheduledAction(this, time, nextSequence++, action, name);
        queue.Enqueue(scheduled, new ActionKey(time, scheduled.Sequence));
        pending++;
        return scheduled;
    }

    /// <summary>Schedules <paramref name="action"/> <paramref name="delay"/> nanoseconds from now.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="delay"/> is negative or overflows.</exception>
    public ScheduledAction ScheduleAfter(long delay, Action action, string? name = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(delay);
        if (delay > long.MaxValue - Now)
        {
            throw new ArgumentOutOfRangeException(nameof(delay), delay, "the due time overflows the clock");
        }

        return Schedule(Now + delay, action, name);
    }

    /// <summary>Cancels a pending action; the same as <see cref="ScheduledAction.Cancel"/>.</summary>
    public bool Cancel(ScheduledAction action)
    {
        ArgumentNullException.ThrowIfNull(action);
        return action.Cancel();
    }

    /// <summary>
    /// Runs the earliest waiting action, first advancing <see cref="Now"/> to its time.
    /// Returns false (and does nothing) when idle.
    /// </summary>
    public bool Step() => RunNext(long.MaxValue);

    /// <summary>
    /// Runs every action due at or before <paramref name="time"/>, in time order, then sets
    /// <see cref="Now"/> to <paramref name="time"/>. Returns the number of actions run.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="time"/> is in the past.</exception>
    public int RunUntil(long time)
    {
        if (time < Now)
        {
            throw new ArgumentOutOfRangeException(nameof(time), time,
                $"cannot run back to {VirtualTime.Format(time)}: the clock is already at {VirtualTime.Format(Now)}");
        }

        var ran = 0;
        while (RunNext(time))
        {
            ran++;
        }

        if (Now < time)
        {
            Now = time;
        }

        return ran;
    }

    /// <summary>Runs the clock forward by <paramref name="duration"/> nanoseconds; see <see cref="RunUntil"/>.</summary>
    public int RunFor(long duration)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(duration);
        return RunUntil(duration > long.MaxValue - Now ? long.MaxValue : Now + duration);
    }

    /// <summary>
    /// Runs the actions due now (at <see cref="Now"/>), including those they schedule for now,
    /// without advancing time. Returns the number run.
    /// </summary>
    public int RunDue() => RunUntil(Now);

    /// <summary>
    /// Runs actions in time order until none is waiting, or until the next one is due after
    /// <paramref name="deadline"/>. Unlike <see cref="RunUntil"/>, time stops at the last action run.
    /// Returns true if the clock went idle.
    /// </summary>
    public bool RunUntilIdle(long deadline = long.MaxValue)
    {
        while (RunNext(deadline))
        {
        }

        return IsIdle;
    }

    internal void OnCanceled()
    {
        pending--;
        canceledInQueue++;
        if (canceledInQueue > CompactionThreshold && canceledInQueue > pending)
        {
            Compact();
        }
    }

    private bool RunNext(long limit)
    {
        if (!TryPeekLive(out var next) || next.Time > limit)
        {
            return false;
        }

        queue.Dequeue();
        pending--;
        var action = next.Take()!;
        if (next.Time > Now)
        {
            Now = next.Time;
        }

        ExecutedCount++;
        action();
        return true;
    }

    private bool TryPeekLive(out ScheduledAction next)
    {
        while (queue.TryPeek(out next!, out _))
        {
            if (next.IsPending)
            {
                return true;
            }

            queue.Dequeue();
            canceledInQueue--;
        }

        return false;
    }

    private void Compact()
    {
        // Rebuilding from the unordered items heapifies in O(n); the order actions run in does not
        // depend on the heap's layout because (time, sequence) is a total order.
        var live = new List<(ScheduledAction, ActionKey)>(pending);
        foreach (var (item, key) in queue.UnorderedItems)
        {
            if (item.IsPending)
            {
                live.Add((item, key));
            }
        }

        queue.Clear();
        queue.EnqueueRange(live);
        canceledInQueue = 0;
    }

    /// <summary>Orders actions by time, then by scheduling order: a total order, so runs are reproducible.</summary>
    private readonly record struct ActionKey(long Time, long Sequence) : IComparable<ActionKey>
    {
        public int CompareTo(ActionKey other)
        {
            var byTime = Time.CompareTo(other.Time);
            return byTime != 0 ? byTime : Sequence.CompareTo(other.Sequence);
        }
    }
}

namespace DriverScript.Hardware.Time;

/// <summary>
/// An action scheduled on a <see cref="VirtualClock"/>: the handle returned by
/// <see cref="VirtualClock.Schedule(long, Action, string?)"/>, used to cancel it or ask whether it ran.
/// </summary>
/// <example>
/// <code>
/// var timeout = clock.ScheduleAfter(VirtualTime.Seconds(1), OnTimeout, "watchdog");
/// // ...
/// timeout.Cancel();   // true if it had not run yet
/// </code>
/// </example>
public sealed class ScheduledAction
{
    private readonly VirtualClock clock;
    private Action? action;

    internal ScheduledAction(VirtualClock clock, long time, long sequence, Action action, string? name)
    {
        this.clock = clock;
        this.action = action;
        Time = time;
        Sequence = sequence;
        Name = name;
    }

    /// <summary>The virtual time, in nanoseconds, at which the action runs.</summary>
    public long Time { get; }

    /// <summary>An optional label for traces and debugging.</summary>
    public string? Name { get; }

    /// <summary>The order of scheduling; among actions due at the same time, lower runs first.</summary>
    internal long Sequence { get; }

    /// <summary>What the action is: waiting, ran, or canceled.</summary>
    public ScheduledActionState State { get; private set; }

    /// <summary>True while the action is still waiting to run.</summary>
    public bool IsPending => State == ScheduledActionState.Pending;

    /// <summary>
    /// Cancels the action if it has not run yet. Returns true if this call canceled it; false if it had
    /// already run or been canceled.
    /// </summary>
    public bool Cancel()
    {
        if (State != ScheduledActionState.Pending)
        {
            return false;
        }

        State = ScheduledActionState.Canceled;
        action = null;
        clock.OnCanceled();
        return true;
    }

    /// <summary>Marks the action as run and returns what to invoke (null if it was canceled).</summary>
    internal Action? Take()
    {
        if (State != ScheduledActionState.Pending)
        {
            return null;
        }

        State = ScheduledActionState.Ran;
        var toRun = action;
        action = null;
        return toRun;
    }

    /// <inheritdoc />
    public override string ToString() =>
        $"{Name ?? "action"} @ {VirtualTime.Format(Time)} ({State})";
}

/// <summary>The life cycle of a <see cref="ScheduledAction"/>.</summary>
public enum ScheduledActionState
{
    /// <summary>Waiting for its time.</summary>
    Pending,

    /// <summary>Ran (or is running).</summary>
    Ran,

    /// <summary>Canceled before it ran.</summary>
    Canceled,
}

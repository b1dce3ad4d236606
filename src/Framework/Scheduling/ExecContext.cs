namespace DriverScript.Framework.Scheduling;

/// <summary>
/// A stack that runs activities: the host's thread, or a fiber (a dedicated OS thread used as a
/// coroutine). Exactly one context of a simulation runs at a time; control passes between them
/// only by <see cref="Scheduler.SwitchTo"/>, so thread timing never reaches the simulation.
/// </summary>
internal abstract class ExecContext
{
    internal SemaphoreSlim Signal { get; } = new(0);

    /// <summary>The innermost activity this context runs (the scheduler's current activity while it holds control).</summary>
    internal Activity? Activity { get; set; }

    internal abstract string Name { get; }
}

/// <summary>The thread that calls into the simulation: it runs host operations and the scheduler's loops.</summary>
internal sealed class HostContext : ExecContext
{
    internal override string Name => "host";
}

/// <summary>Raised inside a fiber to unwind its task when the simulation stops or is disposed.</summary>
internal sealed class FiberAbortException : Exception
{
    internal FiberAbortException()
        : base("the simulation stopped; the task is abandoned")
    {
    }
}

/// <summary>
/// A coroutine on its own thread: it runs one task at a time for the scheduler, can suspend in the
/// middle (a wait, a spin, a switch at a scheduling point) and be resumed later. Only the slow paths
/// use fibers: tasks that start while another task's stack is busy, and passive work that may block.
/// </summary>
internal sealed class FiberContext : ExecContext
{
    private static int nextId;
    private readonly Scheduler scheduler;
    private readonly Thread thread;
    private Action? work;
    private bool exit;

    internal FiberContext(Scheduler scheduler)
    {
        this.scheduler = scheduler;
        Id = Interlocked.Increment(ref nextId);
        thread = new Thread(Main, 16 * 1024 * 1024)
        {
            IsBackground = true,
            Name = "DriverScript fiber " + Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        thread.Start();
    }

    internal int Id { get; }

    internal override string Name => "fiber " + Id.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>True while a task is assigned (running or suspended in it).</summary>
    internal bool Busy { get; private set; }

    internal bool AbortRequested { get; set; }

    /// <summary>An exception the task ended with, for the host to rethrow.</summary>
    internal Exception? Fault { get; set; }

    internal void Assign(Action task)
    {
        work = task;
        Busy = true;
        Fault = null;
        AbortRequested = false;
    }

    internal void Exit()
    {
        exit = true;
        Signal.Release();
    }

    private void Main()
    {
        while (true)
        {
            Signal.Wait();
            if (exit)
            {
                return;
            }

            try
            {
                work!();
            }
            catch (FiberAbortException)
            {
            }
            catch (Exception ex)
            {
                Fault = ex;
            }

            work = null;
            Busy = false;
            Activity = null;
            scheduler.FiberFinished(this);
        }
    }
}

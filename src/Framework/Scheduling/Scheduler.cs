using System.Runtime.ExceptionServices;
using DriverScript.Framework.Interrupts;
using DriverScript.Framework.Tracing;
using DriverScript.Hardware.Time;

namespace DriverScript.Framework.Scheduling;

/// <summary>How a scheduler loop may run the tasks it picks.</summary>
internal enum LoopKind : byte
{
    /// <summary>The host's thread is free (a host operation drives the simulation): DPCs and ISRs run inline on it.</summary>
    TopLevel,

    /// <summary>The host's thread waits in a PASSIVE-level task (it holds no spin lock): DPCs and ISRs may run inline.</summary>
    Wait,

    /// <summary>The host's thread is inside a task that spins, stalls or was switched away from (it may hold spin locks): new DPCs get their own fibers.</summary>
    Busy,
}

/// <summary>No task can make progress and nothing is scheduled: the simulation would hang forever.</summary>
public sealed class SimulationDeadlockException(string message) : Exception(message);

/// <summary>
/// The deterministic scheduler: virtual processors on the hardware clock, activities (tasks) on
/// them at IRQLs, DPC and worker queues, pending interrupts, and the loops that pick what runs next.
/// Every choice with more than one option goes through the <see cref="ISchedulingStrategy"/>.
/// </summary>
/// <remarks>
/// Tasks run inline on the host's thread whenever that thread is free; a task that must be able to
/// suspend while another stack is busy (passive work, DPCs started while a task spins) runs on a
/// fiber. Only one context runs at a time (<see cref="SwitchTo"/>), so runs are reproducible.
/// docs/framework.md describes the model.
/// </remarks>
internal sealed class Scheduler : IDisposable
{
    private readonly Simulation sim;
    private readonly VirtualClock clock;
    private readonly ISchedulingStrategy strategy;
    private readonly HostContext host = new();
    private readonly List<FiberContext> idleFibers = [];
    private readonly List<FiberContext> allFibers = [];
    private readonly List<Activity> suspended = [];
    private readonly Stack<Activity> activityPool = new();
    private readonly List<WdfInterrupt> pendingInterrupts = [];
    private SchedulingOption[] options = new SchedulingOption[16];
    private Choice[] choices = new Choice[16];
    private ExecContext current;
    private Work? workHead;
    private Work? workTail;
    private int workCount;
    private int queuedDpcs;
    private int hostBusyDepth;
    private Processor? hostBusyProcessor;
    private bool disposed;
    private Activity? hostWaiter;
    private readonly bool alwaysFirst;

    internal Scheduler(Simulation sim, VirtualClock clock, int processorCount, ISchedulingStrategy strategy)
    {
        this.sim = sim;
        this.clock = clock;
        this.strategy = strategy;
        alwaysFirst = strategy is DeterministicStrategy;
        Processors = new Processor[processorCount];
        for (var i = 0; i < processorCount; i++)
        {
            Processors[i] = new Processor(i);
        }

        current = host;
    }

    /// <summary>What a loop or a scheduling point can do next.</summary>
    internal readonly record struct Choice(SchedulingOptionKind Kind, Processor? Processor, Work? Work, Activity? Activity, WdfInterrupt? Interrupt);

    internal Processor[] Processors { get; }

    /// <summary>The activity whose code runs now, or null (the host outside any task, or a hardware action).</summary>
    internal Activity? Current => current.Activity;

    internal bool OnHost => current == host;

    internal int PendingWorkCount => workCount + queuedDpcs + pendingInterrupts.Count + suspended.Count;

    internal IReadOnlyList<WdfInterrupt> PendingInterrupts => pendingInterrupts;

    // ------------------------------------------------------------------ activities

    internal Activity RentActivity(ActivityKind kind, string name, Irql irql)
    {
        var a = activityPool.Count > 0 ? activityPool.Pop() : new Activity();
        a.Kind = kind;
        a.Name = name;
        a.Irql = irql;
        a.State = ActivityState.Running;
        return a;
    }

    internal void ReturnActivity(Activity a)
    {
        if (a.LockCount > 0)
        {
            // It ended holding locks (a driver bug the verifier reported): it stays their owner, never reused.
            a.State = ActivityState.Finished;
            return;
        }

        a.Reset();
        a.State = ActivityState.Finished;
        activityPool.Push(a);
    }

    /// <summary>Puts <paramref name="a"/> on top of <paramref name="p"/> and makes it the current context's activity.</summary>
    internal void Enter(Activity a, Processor p)
    {
        a.Processor = p;
        a.LastProcessor = p;
        a.Below = p.Top;
        p.Top = a;
        a.Context = current;
        a.SavedContextActivity = current.Activity;
        current.Activity = a;
        a.State = ActivityState.Running;
        TraceIrql(p);
    }

    /// <summary>Takes <paramref name="a"/> off its processor; runs the processor's DPCs if its IRQL dropped below DISPATCH_LEVEL.</summary>
    internal void Leave(Activity a)
    {
        var p = a.Processor!;
        p.Top = a.Below;
        a.Processor = null;
        a.Below = null;
        current.Activity = a.SavedContextActivity;
        a.State = ActivityState.Finished;
        TraceIrql(p);
        if (p.DpcHead != null && p.Irql < Irql.Dispatch && InlineDispatchSafeOn(p))
        {
            DrainDpcs(p);
        }
    }

    internal void SetIrql(Activity a, Irql irql)
    {
        var lowered = irql < a.Irql;
        a.Irql = irql;
        var p = a.Processor;
        if (p == null || p.Top != a)
        {
            return;
        }

        TraceIrql(p);
        if (lowered)
        {
            if (irql < Irql.Dispatch && p.DpcHead != null)
            {
                DrainDpcs(p);
            }

            if (pendingInterrupts.Count != 0)
            {
                DeliverInterruptsHere(a);
            }
        }
    }

    private void TraceIrql(Processor p)
    {
        var irql = p.Irql;
        if (irql != p.TracedIrql)
        {
            p.TracedIrql = irql;
            sim.Trace.Add(TraceEventKind.Irql, p.Id, 0, 0, 0, (long)irql, 0);
        }
    }

    /// <summary>Whether DPCs of <paramref name="p"/> may run inline on the current context now (no spin lock holder of another processor below on this stack).</summary>
    private bool InlineDispatchSafeOn(Processor p) => current != host || hostBusyDepth == 0 || p == hostBusyProcessor;

    // ------------------------------------------------------------------ DPCs, passive work, interrupts

    /// <summary>KeInsertQueueDpc: queues <paramref name="dpc"/> on <paramref name="target"/> (default: the current processor, or one the strategy picks). False if already queued.</summary>
    internal bool QueueDpc(Work dpc, Processor? target = null, bool allowInline = true)
    {
        if (dpc.IsQueued)
        {
            return false;
        }

        target ??= Current?.Processor ?? ChooseProcessor(DecisionKind.DpcTarget, null, idleOnly: false);
        dpc.IsQueued = true;
        dpc.QueuedOn = target;
        target.EnqueueDpc(dpc);
        queuedDpcs++;
        var self = Current;
        if (allowInline && self != null && self.Processor == target && target.Top == self && target.Irql < Irql.Dispatch)
        {
            DrainDpcs(target);
        }

        return true;
    }

    internal bool CancelDpc(Work dpc)
    {
        if (!dpc.IsQueued || dpc.QueuedOn == null)
        {
            return false;
        }

        if (dpc.QueuedOn.RemoveDpc(dpc))
        {
            queuedDpcs--;
        }

        dpc.IsQueued = false;
        dpc.QueuedOn = null;
        return true;
    }

    private void DrainDpcs(Processor p)
    {
        while (p.Irql < Irql.Dispatch && p.DequeueDpc() is { } dpc)
        {
            queuedDpcs--;
            dpc.IsQueued = false;
            dpc.QueuedOn = null;
            RunInline(dpc, p, ActivityKind.Dpc);
        }
    }

    /// <summary>Queues passive work for a system worker thread. False if already queued.</summary>
    internal bool QueuePassiveWork(Work work)
    {
        if (work.IsQueued)
        {
            return false;
        }

        work.IsQueued = true;
        work.Next = null;
        if (workTail == null)
        {
            workHead = work;
        }
        else
        {
            workTail.Next = work;
        }

        workTail = work;
        workCount++;
        return true;
    }

    internal bool CancelPassiveWork(Work work)
    {
        Work? previous = null;
        for (var w = workHead; w != null; previous = w, w = w.Next)
        {
            if (w == work)
            {
                if (previous == null)
                {
                    workHead = w.Next;
                }
                else
                {
                    previous.Next = w.Next;
                }

                if (workTail == w)
                {
                    workTail = previous;
                }

                w.Next = null;
                w.IsQueued = false;
                workCount--;
                return true;
            }
        }

        return false;
    }

    private Work DequeuePassiveWork()
    {
        var w = workHead!;
        workHead = w.Next;
        if (workHead == null)
        {
            workTail = null;
        }

        w.Next = null;
        w.IsQueued = false;
        workCount--;
        return w;
    }

    internal void InterruptPending(WdfInterrupt interrupt)
    {
        if (!pendingInterrupts.Contains(interrupt))
        {
            pendingInterrupts.Add(interrupt);
        }
    }

    internal void InterruptNoLongerPending(WdfInterrupt interrupt) => pendingInterrupts.Remove(interrupt);

    /// <summary>At a point where the current task may be preempted: delivers pending interrupts to its processor (option 0 of <see cref="DecisionKind.InterruptDelivery"/>).</summary>
    internal void DeliverInterruptsHere(Activity self)
    {
        var p = self.Processor;
        if (p == null || p.Top != self)
        {
            return;
        }

        for (var i = 0; i < pendingInterrupts.Count && p.Irql < Irql.Dirql; i++)
        {
            var interrupt = pendingInterrupts[i];
            if (!interrupt.CanDeliver)
            {
                continue;
            }

            options[0] = new SchedulingOption(SchedulingOptionKind.Interrupt, p.Id, interrupt.IsrName);
            options[1] = new SchedulingOption(SchedulingOptionKind.Defer, -1, interrupt.IsrName);
            if (strategy.Choose(DecisionKind.InterruptDelivery, options.AsSpan(0, 2)) != 0)
            {
                continue;
            }

            pendingInterrupts.RemoveAt(i);
            i--;
            RunInline(interrupt.IsrWork, p, ActivityKind.Isr);
        }
    }

    // ------------------------------------------------------------------ running work

    internal void RunInline(Work work, Processor p, ActivityKind kind)
    {
        var a = RentActivity(kind, work.Name, work.Irql);
        Enter(a, p);
        work.Execute();
        Leave(a);
        ReturnActivity(a);
    }

    private void RunInFiber(Work work, Processor p, ActivityKind kind)
    {
        var a = RentActivity(kind, work.Name, work.Irql);
        var fiber = RentFiber();
        fiber.Assign(() =>
        {
            Enter(a, p);
            work.Execute();
            Leave(a);
            ReturnActivity(a);
        });
        SwitchTo(fiber);
        AfterSwitchBack(fiber);
    }

    private FiberContext RentFiber()
    {
        if (idleFibers.Count > 0)
        {
            var f = idleFibers[^1];
            idleFibers.RemoveAt(idleFibers.Count - 1);
            return f;
        }

        var fiber = new FiberContext(this);
        allFibers.Add(fiber);
        return fiber;
    }

    /// <summary>Passes control to <paramref name="target"/> and waits until some context passes it back.</summary>
    internal void SwitchTo(ExecContext target)
    {
        var self = current;
        current = target;
        target.Signal.Release();
        self.Signal.Wait();
        if (self is FiberContext { AbortRequested: true })
        {
            throw new FiberAbortException();
        }
    }

    /// <summary>Called on a fiber's thread when its task ended: control goes back to the host.</summary>
    internal void FiberFinished(FiberContext fiber)
    {
        current = host;
        host.Signal.Release();
    }

    private void AfterSwitchBack(FiberContext fiber)
    {
        if (!fiber.Busy && !idleFibers.Contains(fiber))
        {
            idleFibers.Add(fiber);
        }

        if (fiber.Fault is { } fault)
        {
            fiber.Fault = null;
            ExceptionDispatchInfo.Capture(fault).Throw();
        }

        foreach (var a in suspended)
        {
            if (a.Context == fiber && a.HasDirective)
            {
                a.HasDirective = false;
                Execute(a.Directive, LoopKind.Busy, null);
                break;
            }
        }
    }

    // ------------------------------------------------------------------ choices

    private int AddOption(int n, SchedulingOption option, Choice choice)
    {
        if (n == options.Length)
        {
            Array.Resize(ref options, n * 2);
            Array.Resize(ref choices, n * 2);
        }

        options[n] = option;
        choices[n] = choice;
        return n + 1;
    }

    private bool AnyIdleProcessor()
    {
        foreach (var p in Processors)
        {
            if (p.Top == null)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Picks a processor: idle ones only, or any. Options are ordered so the first is the natural
    /// choice: <paramref name="preferred"/> when it qualifies, then idle processors with no queued DPC,
    /// then idle ones, then busy ones, each by number.
    /// </summary>
    internal Processor ChooseProcessor(DecisionKind kind, Processor? preferred, bool idleOnly)
    {
        if (alwaysFirst)
        {
            // The deterministic strategy takes option 0 of every list; computing only that option is the same choice.
            if (preferred != null && (!idleOnly || preferred.Top == null))
            {
                return preferred;
            }

            for (var pass = 0; pass < 3; pass++)
            {
                foreach (var p in Processors)
                {
                    var rank = p.Top == null ? (p.DpcHead == null ? 0 : 1) : 2;
                    if (rank == pass && (!idleOnly || p.Top == null))
                    {
                        return p;
                    }
                }
            }

            throw new InvalidOperationException("no processor is available");
        }

        var n = 0;
        if (preferred != null && (!idleOnly || preferred.Top == null))
        {
            n = AddOption(n, new SchedulingOption(SchedulingOptionKind.Processor, preferred.Id, preferred.Name), new Choice(SchedulingOptionKind.Processor, preferred, null, null, null));
        }

        for (var pass = 0; pass < 3; pass++)
        {
            foreach (var p in Processors)
            {
                var rank = p.Top == null ? (p.DpcHead == null ? 0 : 1) : 2;
                if (p != preferred && rank == pass && (!idleOnly || p.Top == null))
                {
                    n = AddOption(n, new SchedulingOption(SchedulingOptionKind.Processor, p.Id, p.Name), new Choice(SchedulingOptionKind.Processor, p, null, null, null));
                }
            }
        }

        if (n == 0)
        {
            throw new InvalidOperationException("no processor is available");
        }

        return choices[n == 1 ? 0 : Decide(kind, n)].Processor!;
    }

    private int Decide(DecisionKind kind, int n)
    {
        var index = strategy.Choose(kind, options.AsSpan(0, n));
        if ((uint)index >= (uint)n)
        {
            throw new InvalidOperationException($"the scheduling strategy chose option {index} of {n}");
        }

        return index;
    }

    private int CollectOptions(Activity? self, bool atPoint)
    {
        var n = 0;
        var now = clock.Now;
        if (atPoint)
        {
            n = AddOption(n, new SchedulingOption(SchedulingOptionKind.Continue, self!.Processor?.Id ?? -1, self.Name), new Choice(SchedulingOptionKind.Continue, self.Processor, null, self, null));
        }
        else if (self != null && self.IsResumable(now))
        {
            if (self.State == ActivityState.Blocked ? AnyIdleProcessor() : self.Processor?.Top == self)
            {
                n = AddOption(n, new SchedulingOption(SchedulingOptionKind.Resume, self.Processor?.Id ?? -1, self.Name), new Choice(SchedulingOptionKind.Resume, self.Processor, null, self, null));
            }
        }

        foreach (var interrupt in pendingInterrupts)
        {
            if (!interrupt.CanDeliver)
            {
                continue;
            }

            foreach (var p in Processors)
            {
                if (p.Irql < Irql.Dirql && !(atPoint && p == self!.Processor))
                {
                    n = AddOption(n, new SchedulingOption(SchedulingOptionKind.Interrupt, p.Id, interrupt.IsrName), new Choice(SchedulingOptionKind.Interrupt, p, null, null, interrupt));
                }
            }
        }

        if (queuedDpcs != 0)
        {
            foreach (var p in Processors)
            {
                if (p.DpcHead != null && p.Irql < Irql.Dispatch)
                {
                    n = AddOption(n, new SchedulingOption(SchedulingOptionKind.Dpc, p.Id, p.DpcHead.Name), new Choice(SchedulingOptionKind.Dpc, p, null, null, null));
                }
            }
        }

        foreach (var a in suspended)
        {
            if (a == self || !a.IsResumable(now))
            {
                continue;
            }

            if (a.State == ActivityState.Blocked ? AnyIdleProcessor() : a.Processor?.Top == a)
            {
                n = AddOption(n, new SchedulingOption(SchedulingOptionKind.Resume, a.Processor?.Id ?? -1, a.Name), new Choice(SchedulingOptionKind.Resume, a.Processor, null, a, null));
            }
        }

        // A fiber may hand control back to the task the host's thread is waiting in (paused, spinning or blocked).
        var waiter = hostWaiter;
        if (current != host && waiter != null && waiter != self && waiter.IsResumable(now) &&
            (waiter.State == ActivityState.Blocked ? AnyIdleProcessor() : waiter.Processor?.Top == waiter))
        {
            n = AddOption(n, new SchedulingOption(SchedulingOptionKind.Resume, waiter.Processor?.Id ?? -1, waiter.Name), new Choice(SchedulingOptionKind.Resume, waiter.Processor, null, waiter, null));
        }

        if (workHead != null && AnyIdleProcessor())
        {
            n = AddOption(n, new SchedulingOption(SchedulingOptionKind.PassiveWork, -1, workHead.Name), new Choice(SchedulingOptionKind.PassiveWork, null, workHead, null, null));
        }

        return n;
    }

    private void Execute(Choice choice, LoopKind kind, Activity? self)
    {
        switch (choice.Kind)
        {
            case SchedulingOptionKind.Interrupt:
                pendingInterrupts.Remove(choice.Interrupt!);
                RunInline(choice.Interrupt!.IsrWork, choice.Processor!, ActivityKind.Isr);
                break;
            case SchedulingOptionKind.Dpc:
            {
                var p = choice.Processor!;
                var dpc = p.DequeueDpc()!;
                queuedDpcs--;
                dpc.IsQueued = false;
                dpc.QueuedOn = null;
                if (kind == LoopKind.Busy || current != host)
                {
                    RunInFiber(dpc, p, ActivityKind.Dpc);
                }
                else
                {
                    RunInline(dpc, p, ActivityKind.Dpc);
                }

                break;
            }

            case SchedulingOptionKind.PassiveWork:
            {
                var p = ChooseProcessor(DecisionKind.Processor, null, idleOnly: true);
                var work = DequeuePassiveWork();
                RunInFiber(work, p, ActivityKind.Thread);
                break;
            }

            case SchedulingOptionKind.Resume:
                ResumeFiberActivity(choice.Activity!);
                break;
        }
    }

    private void ResumeOnProcessor(Activity a)
    {
        if (a.State == ActivityState.Blocked)
        {
            var p = ChooseProcessor(DecisionKind.Processor, a.LastProcessor, idleOnly: true);
            a.Processor = p;
            a.LastProcessor = p;
            a.Below = p.Top;
            p.Top = a;
            TraceIrql(p);
        }

        a.State = ActivityState.Running;
    }

    private void ResumeFiberActivity(Activity a)
    {
        suspended.Remove(a);
        ResumeOnProcessor(a);
        var fiber = (FiberContext)a.Context!;
        SwitchTo(fiber);
        AfterSwitchBack(fiber);
    }

    // ------------------------------------------------------------------ loops

    /// <summary>
    /// Runs scheduling steps until <paramref name="done"/> holds (host loops) or <paramref name="self"/>
    /// is resumed (wait loops). Returns false when nothing can run before <paramref name="deadline"/>.
    /// </summary>
    private bool RunLoop(LoopKind kind, Activity? self, Func<bool>? done, long deadline)
    {
        var savedWaiter = hostWaiter;
        if (self != null)
        {
            hostWaiter = self;
        }

        try
        {
            return RunLoopCore(kind, self, done, deadline);
        }
        finally
        {
            hostWaiter = savedWaiter;
        }
    }

    private bool RunLoopCore(LoopKind kind, Activity? self, Func<bool>? done, long deadline)
    {
        while (true)
        {
            sim.ThrowIfStopped();
            if (self == null && done != null && done())
            {
                return true;
            }

            var n = CollectOptions(self, atPoint: false);
            if (n > 0)
            {
                var index = n == 1 ? 0 : Decide(kind == LoopKind.TopLevel ? DecisionKind.NextTask : DecisionKind.WhileWaiting, n);
                var choice = choices[index];
                if (choice.Kind == SchedulingOptionKind.Resume && choice.Activity == self)
                {
                    ResumeOnProcessor(self!);
                    return true;
                }

                Execute(choice, kind, self);
                continue;
            }

            var next = clock.NextEventTime;
            if (next.HasValue && next.Value <= deadline)
            {
                // Everything due at the new instant happens before tasks are picked: timers expiring
                // together queue their DPCs together, as one clock interrupt would.
                clock.Step();
                clock.RunDue();
                continue;
            }

            return false;
        }
    }

    /// <summary>Host operation: runs until <paramref name="done"/> holds or nothing can happen before <paramref name="deadline"/> (time then stops at the last event).</summary>
    internal bool RunUntil(Func<bool>? done, long deadline)
    {
        if (current != host || current.Activity != null)
        {
            throw new InvalidOperationException("the simulation can only be driven from the host, not from inside a callback");
        }

        return RunLoop(LoopKind.TopLevel, null, done, deadline);
    }

    /// <summary>
    /// The current task reached a scheduling point (a framework call, a register access, a lock
    /// operation): pending interrupts may preempt it, and the strategy may switch to another task.
    /// </summary>
    internal void SchedulingPoint()
    {
        var self = current.Activity;
        if (self == null)
        {
            return;
        }

        if (pendingInterrupts.Count != 0)
        {
            DeliverInterruptsHere(self);
        }

        if ((workCount | queuedDpcs | suspended.Count | pendingInterrupts.Count) == 0 && (hostWaiter == null || current == host))
        {
            return;
        }

        var n = CollectOptions(self, atPoint: true);
        if (n <= 1)
        {
            return;
        }

        var index = Decide(DecisionKind.SchedulingPoint, n);
        if (index == 0)
        {
            return;
        }

        var choice = choices[index];
        self.State = ActivityState.Paused;
        if (current == host)
        {
            EnterBusy(self);
            var savedWaiter = hostWaiter;
            hostWaiter = self;
            try
            {
                Execute(choice, LoopKind.Busy, self);
                RunLoop(LoopKind.Busy, self, null, long.MaxValue);
            }
            finally
            {
                hostWaiter = savedWaiter;
                ExitBusy();
            }
        }
        else
        {
            // Yielding to the host's waiting task needs no directive: its loop decides afresh.
            self.HasDirective = choice.Activity == null || choice.Activity != hostWaiter;
            self.Directive = choice;
            suspended.Add(self);
            SwitchTo(host);
        }

        self.State = ActivityState.Running;
    }

    private Processor? savedBusyProcessor;

    private void EnterBusy(Activity self)
    {
        hostBusyDepth++;
        savedBusyProcessor = hostBusyProcessor;
        hostBusyProcessor = self.Processor;
    }

    private void ExitBusy()
    {
        hostBusyDepth--;
        hostBusyProcessor = hostBusyDepth == 0 ? null : savedBusyProcessor;
    }

    /// <summary>
    /// The current task busy-waits on its processor until <paramref name="condition"/> holds (a spin
    /// on a held lock, a stall) or <paramref name="deadline"/> passes; other processors' work runs
    /// meanwhile. Returns whether the condition holds.
    /// </summary>
    internal bool SpinUntil(Func<bool> condition, long deadline)
    {
        var self = current.Activity ?? throw new InvalidOperationException("spinning outside a task");
        if (condition())
        {
            return true;
        }

        self.State = ActivityState.Spinning;
        self.WakeCondition = condition;
        self.Deadline = deadline;
        var timer = deadline != long.MaxValue ? clock.Schedule(Math.Max(deadline, clock.Now), static () => { }, "deadline") : null;
        try
        {
            if (current == host)
            {
                EnterBusy(self);
                try
                {
                    if (!RunLoop(LoopKind.Busy, self, null, long.MaxValue))
                    {
                        throw Deadlock(self);
                    }
                }
                finally
                {
                    ExitBusy();
                }
            }
            else
            {
                suspended.Add(self);
                SwitchTo(host);
            }
        }
        finally
        {
            timer?.Cancel();
            self.WakeCondition = null;
            self.Deadline = long.MaxValue;
            self.State = ActivityState.Running;
        }

        return condition();
    }

    /// <summary>
    /// The current PASSIVE_LEVEL task waits off its processor until <paramref name="condition"/>
    /// holds or <paramref name="deadline"/> passes; returns whether the condition holds.
    /// </summary>
    internal bool Block(Func<bool> condition, long deadline)
    {
        var self = current.Activity ?? throw new InvalidOperationException("waiting outside a task");
        if (condition())
        {
            return true;
        }

        var p = self.Processor!;
        p.Top = self.Below;
        self.Processor = null;
        self.Below = null;
        TraceIrql(p);
        self.State = ActivityState.Blocked;
        self.WakeCondition = condition;
        self.Deadline = deadline;
        var timer = deadline != long.MaxValue ? clock.Schedule(Math.Max(deadline, clock.Now), static () => { }, "deadline") : null;
        try
        {
            if (current == host)
            {
                if (!RunLoop(LoopKind.Wait, self, null, long.MaxValue))
                {
                    throw Deadlock(self);
                }
            }
            else
            {
                suspended.Add(self);
                SwitchTo(host);
            }
        }
        finally
        {
            timer?.Cancel();
            self.WakeCondition = null;
            self.Deadline = long.MaxValue;
        }

        return condition();
    }

    private SimulationDeadlockException Deadlock(Activity self) =>
        new($"{self.Name} waits at {VirtualTime.Format(clock.Now)} but no task can run and nothing is scheduled: the simulation would hang");

    /// <summary>The host thread's processor for a host operation: an idle one (the strategy picks), after running other work if none is idle.</summary>
    internal Processor ProcessorForHostThread()
    {
        if (!AnyIdleProcessor())
        {
            RunLoop(LoopKind.TopLevel, null, AnyIdleProcessor, long.MaxValue);
        }

        return ChooseProcessor(DecisionKind.Processor, null, idleOnly: true);
    }

    /// <summary>The callbacks running on <paramref name="p"/>, outermost first (KMDF names).</summary>
    internal System.Collections.Immutable.ImmutableArray<string> CallbackStack(Processor? p, Activity? fallback)
    {
        var builder = System.Collections.Immutable.ImmutableArray.CreateBuilder<string>();
        var chain = new List<Activity>();
        for (var a = p?.Top ?? fallback; a != null; a = a.Below)
        {
            chain.Add(a);
        }

        for (var i = chain.Count - 1; i >= 0; i--)
        {
            var a = chain[i];
            for (var f = 0; f < a.FrameCount; f++)
            {
                builder.Add(a.Frames[f].Kind.ToString());
            }
        }

        return builder.ToImmutable();
    }

    /// <summary>Unwinds every suspended fiber task (after the machine stopped).</summary>
    internal void AbortFibers()
    {
        if (current != host)
        {
            return;
        }

        foreach (var a in suspended.ToArray())
        {
            if (a.Context is FiberContext { Busy: true } fiber)
            {
                fiber.AbortRequested = true;
                SwitchTo(fiber);
                fiber.Fault = null;
                if (!idleFibers.Contains(fiber))
                {
                    idleFibers.Add(fiber);
                }
            }
        }

        suspended.Clear();
    }

    public void Dispose()
    {
        if (disposed)
        {
            return;
        }

        disposed = true;
        AbortFibers();
        foreach (var fiber in allFibers)
        {
            fiber.Exit();
        }
    }
}

using System.Globalization;
using System.Text;

namespace DriverScript.Framework.Scheduling;

/// <summary>Where in the simulation a scheduling choice is made.</summary>
public enum DecisionKind : byte
{
    /// <summary>The scheduler is free: which runnable task runs next (option order: interrupts, DPCs, resumable tasks, passive work).</summary>
    NextTask,

    /// <summary>A running task reached a scheduling point (a framework call, a register access, a lock operation): option 0 continues it, the others switch.</summary>
    SchedulingPoint,

    /// <summary>A task blocked (a wait, a spin on a held lock, a stall): which runnable task runs meanwhile; option "resume" appears once it may continue.</summary>
    WhileWaiting,

    /// <summary>Which idle processor a thread (the host's caller, a resumed thread) runs on.</summary>
    Processor,

    /// <summary>Which processor a timer's or device's DPC is queued to.</summary>
    DpcTarget,

    /// <summary>An interrupt is pending while a task runs: option 0 delivers it now to this processor (preempting), option 1 defers it.</summary>
    InterruptDelivery,
}

/// <summary>What choosing an option would do.</summary>
public enum SchedulingOptionKind : byte
{
    /// <summary>Keep running the current task.</summary>
    Continue,

    /// <summary>Resume a task that was paused or blocked (the one asking, in a wait).</summary>
    Resume,

    /// <summary>Run a pending ISR.</summary>
    Interrupt,

    /// <summary>Run the DPC at the head of a processor's DPC queue.</summary>
    Dpc,

    /// <summary>Run the passive work (work item, passive timer, PnP worker) at the head of the worker queue.</summary>
    PassiveWork,

    /// <summary>A processor, for <see cref="DecisionKind.Processor"/> and <see cref="DecisionKind.DpcTarget"/>.</summary>
    Processor,

    /// <summary>Defer an interrupt.</summary>
    Defer,
}

/// <summary>One choice offered to a strategy.</summary>
/// <param name="Kind">What it does.</param>
/// <param name="Processor">The processor it would run on, or -1.</param>
/// <param name="Name">A label (the callback or task), for logs.</param>
public readonly record struct SchedulingOption(SchedulingOptionKind Kind, int Processor, string Name);

/// <summary>
/// Decides every scheduling choice of a simulation. The framework asks only when there are at
/// least two options; the answer is an index into the options. A strategy that answers
/// from a seed, or from a recorded list, makes runs reproducible; wrapping one in
/// <see cref="RecordingStrategy"/> captures the choices so <see cref="ReplayStrategy"/> can replay them.
/// </summary>
/// <example>
/// <code>
/// var recorder = new RecordingStrategy(new RandomStrategy(seed: 42));
/// using (var sim = new Simulation(new SimulationOptions { Strategy = recorder })) { /* run */ }
/// var replay = new ReplayStrategy(recorder.Schedule);      // same choices, same trace
/// </code>
/// </example>
public interface ISchedulingStrategy
{
    /// <summary>Returns the index of the option to take, in <c>[0, options.Length)</c>.</summary>
    int Choose(DecisionKind kind, ReadOnlySpan<SchedulingOption> options);
}

/// <summary>
/// The default: always the first option. The scheduler orders options so that this means: a running
/// task continues until it finishes or blocks, interrupts are delivered at once to the processor that
/// raised them, and ready work runs in priority then FIFO order on the lowest-numbered processor.
/// </summary>
public sealed class DeterministicStrategy : ISchedulingStrategy
{
    /// <summary>The shared instance.</summary>
    public static DeterministicStrategy Instance { get; } = new();

    /// <inheritdoc />
    public int Choose(DecisionKind kind, ReadOnlySpan<SchedulingOption> options) => 0;
}

/// <summary>
/// Chooses uniformly at random from a seed (SplitMix64, implemented here so the sequence never depends
/// on the .NET version). Same seed, same choices.
/// </summary>
public sealed class RandomStrategy : ISchedulingStrategy
{
    private ulong state;

    /// <summary>Creates the strategy from <paramref name="seed"/>.</summary>
    public RandomStrategy(ulong seed)
    {
        Seed = seed;
        state = seed;
    }

    /// <summary>The seed.</summary>
    public ulong Seed { get; }

    /// <inheritdoc />
    public int Choose(DecisionKind kind, ReadOnlySpan<SchedulingOption> options) => (int)(Next() % (ulong)options.Length);

    private ulong Next()
    {
        var z = state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}

/// <summary>One recorded choice: where, how many options there were, which was taken.</summary>
public readonly record struct ScheduleEntry(DecisionKind Kind, int OptionCount, int Choice);

/// <summary>A list of choices; <see cref="ToString"/> and <see cref="Parse"/> give a stable text form (one <c>kind count choice</c> per line) to store next to a bug.</summary>
public sealed class Schedule
{
    private readonly List<ScheduleEntry> entries;

    /// <summary>Creates a schedule from <paramref name="entries"/>.</summary>
    public Schedule(IEnumerable<ScheduleEntry>? entries = null) => this.entries = entries?.ToList() ?? [];

    /// <summary>The choices in order.</summary>
    public IReadOnlyList<ScheduleEntry> Entries => entries;

    internal void Add(ScheduleEntry entry) => entries.Add(entry);

    /// <summary>Parses the text form.</summary>
    public static Schedule Parse(string text)
    {
        var schedule = new Schedule();
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            schedule.Add(new ScheduleEntry(Enum.Parse<DecisionKind>(parts[0]),
                int.Parse(parts[1], CultureInfo.InvariantCulture), int.Parse(parts[2], CultureInfo.InvariantCulture)));
        }

        return schedule;
    }

    /// <inheritdoc />
    public override string ToString()
    {
        var sb = new StringBuilder();
        foreach (var e in entries)
        {
            sb.Append(e.Kind).Append(' ').Append(e.OptionCount.ToString(CultureInfo.InvariantCulture)).Append(' ')
              .Append(e.Choice.ToString(CultureInfo.InvariantCulture)).Append('\n');
        }

        return sb.ToString();
    }
}

/// <summary>Passes every choice to an inner strategy and records it.</summary>
public sealed class RecordingStrategy : ISchedulingStrategy
{
    private readonly ISchedulingStrategy inner;

    /// <summary>Records the choices of <paramref name="inner"/>.</summary>
    public RecordingStrategy(ISchedulingStrategy inner) => this.inner = inner ?? throw new ArgumentNullException(nameof(inner));

    /// <summary>The choices made so far.</summary>
    public Schedule Schedule { get; } = new();

    /// <inheritdoc />
    public int Choose(DecisionKind kind, ReadOnlySpan<SchedulingOption> options)
    {
        var choice = inner.Choose(kind, options);
        Schedule.Add(new ScheduleEntry(kind, options.Length, choice));
        return choice;
    }
}

/// <summary>Replays a recorded <see cref="Schedule"/>; after it runs out, takes option 0.</summary>
public sealed class ReplayStrategy : ISchedulingStrategy
{
    private readonly Schedule schedule;
    private int next;

    /// <summary>Replays <paramref name="schedule"/>.</summary>
    public ReplayStrategy(Schedule schedule) => this.schedule = schedule ?? throw new ArgumentNullException(nameof(schedule));

    /// <summary>How many recorded choices were used.</summary>
    public int Position => next;

    /// <inheritdoc />
    /// <exception cref="ScheduleDivergedException">The run asked a different question than the recording holds.</exception>
    public int Choose(DecisionKind kind, ReadOnlySpan<SchedulingOption> options)
    {
        if (next >= schedule.Entries.Count)
        {
            return 0;
        }

        var entry = schedule.Entries[next];
        if (entry.Kind != kind || entry.OptionCount != options.Length)
        {
            throw new ScheduleDivergedException(
                $"choice {next}: the schedule recorded {entry.Kind} with {entry.OptionCount} options, the run asks {kind} with {options.Length}");
        }

        next++;
        return entry.Choice;
    }
}

/// <summary>A replayed run asked a question the recording does not match (the driver or the options changed).</summary>
public sealed class ScheduleDivergedException(string message) : Exception(message);

using System.Text;

namespace DriverScript.Framework.Pnp;

/// <summary>
/// One row of a state machine's table, as KMDF writes them (<c>{entry fn, {event, target}...}</c>):
/// the state, the function run on entry (which returns the next state, or the machine's Null state
/// to wait for an event), the event transitions, and every state the entry function may move to.
/// </summary>
public sealed class StateRow<TState, TEvent>
    where TState : struct, Enum
    where TEvent : struct, Enum
{
    internal StateRow(TState state, string? entryName, Func<DeviceStateMachines, TState>? entry,
        IReadOnlyList<(TEvent Event, TState Target)> transitions, IReadOnlyList<TState> autoTargets)
    {
        State = state;
        EntryName = entryName;
        Entry = entry;
        Transitions = transitions;
        AutoTargets = autoTargets;
    }

    /// <summary>The state.</summary>
    public TState State { get; }

    /// <summary>The entry function's name (KMDF's, e.g. <c>PnpEventHardwareAvailable</c>), or null when the state only waits.</summary>
    public string? EntryName { get; }

    internal Func<DeviceStateMachines, TState>? Entry { get; }

    /// <summary>(event, target) pairs: what the state does with each event it accepts; others are ignored.</summary>
    public IReadOnlyList<(TEvent Event, TState Target)> Transitions { get; }

    /// <summary>The states the entry function may return (its automatic transitions).</summary>
    public IReadOnlyList<TState> AutoTargets { get; }
}

/// <summary>
/// A state machine as data: the rows of (state, event) → state with entry functions, so the machine
/// can be printed (<see cref="ToMermaid"/>) and tested. The framework's three machines are
/// <see cref="DeviceStateMachines.PnpTable"/>, <see cref="DeviceStateMachines.PowerTable"/> and
/// <see cref="DeviceStateMachines.PowerPolicyTable"/>.
/// </summary>
public sealed class StateTable<TState, TEvent>
    where TState : struct, Enum
    where TEvent : struct, Enum
{
    private readonly Dictionary<TState, StateRow<TState, TEvent>> byState = [];
    private readonly List<StateRow<TState, TEvent>> rows = [];

    internal StateTable(string machine, string statePrefix, string eventPrefix, TState initial)
    {
        Machine = machine;
        StatePrefix = statePrefix;
        EventPrefix = eventPrefix;
        Initial = initial;
    }

    /// <summary>The machine's name: <c>PnP</c>, <c>Power</c>, <c>PowerPolicy</c>.</summary>
    public string Machine { get; }

    /// <summary>The prefix KMDF's state names share (<c>WdfDevStatePnp</c>).</summary>
    public string StatePrefix { get; }

    /// <summary>The prefix KMDF's event names share (<c>PnpEvent</c>).</summary>
    public string EventPrefix { get; }

    /// <summary>The state a new machine is in.</summary>
    public TState Initial { get; }

    /// <summary>The rows, in the order they were declared.</summary>
    public IReadOnlyList<StateRow<TState, TEvent>> Rows => rows;

    /// <summary>The row of <paramref name="state"/>.</summary>
    /// <exception cref="KeyNotFoundException">The state is not in the table.</exception>
    public StateRow<TState, TEvent> Row(TState state) =>
        byState.TryGetValue(state, out var row) ? row : throw new KeyNotFoundException($"{Machine} machine has no state {state}");

    /// <summary>True if the table has <paramref name="state"/>.</summary>
    public bool Contains(TState state) => byState.ContainsKey(state);

    /// <summary>The target of <paramref name="e"/> in <paramref name="state"/>, if the state accepts it.</summary>
    public bool TryGetTransition(TState state, TEvent e, out TState target)
    {
        foreach (var (ev, to) in Row(state).Transitions)
        {
            if (EqualityComparer<TEvent>.Default.Equals(ev, e))
            {
                target = to;
                return true;
            }
        }

        target = default;
        return false;
    }

    /// <summary>The state's name without KMDF's prefix (<c>Started</c>).</summary>
    public string ShortName(TState state)
    {
        var name = state.ToString();
        return name.StartsWith(StatePrefix, StringComparison.Ordinal) ? name[StatePrefix.Length..] : name;
    }

    /// <summary>
    /// A Mermaid <c>stateDiagram-v2</c> of the table: event transitions labelled with the event, automatic
    /// ones (an entry function's outcomes) drawn dashed-style with the label <c>auto</c>.
    /// </summary>
    public string ToMermaid()
    {
        var sb = new StringBuilder();
        sb.Append("stateDiagram-v2\n");
        sb.Append("    [*] --> ").Append(ShortName(Initial)).Append('\n');
        foreach (var row in rows)
        {
            var from = ShortName(row.State);
            foreach (var (ev, to) in row.Transitions)
            {
                sb.Append("    ").Append(from).Append(" --> ").Append(ShortName(to)).Append(" : ").Append(ev).Append('\n');
            }

            foreach (var to in row.AutoTargets)
            {
                sb.Append("    ").Append(from).Append(" --> ").Append(ShortName(to)).Append(" : auto\n");
            }
        }

        return sb.ToString();
    }

    internal void Add(StateRow<TState, TEvent> row)
    {
        if (!byState.TryAdd(row.State, row))
        {
            throw new InvalidOperationException($"{Machine}: state {row.State} declared twice");
        }

        rows.Add(row);
    }

    /// <summary>Checks every target names a state of the table.</summary>
    internal StateTable<TState, TEvent> Validate()
    {
        foreach (var row in rows)
        {
            foreach (var (ev, to) in row.Transitions)
            {
                if (!byState.ContainsKey(to))
                {
                    throw new InvalidOperationException($"{Machine}: {row.State} --{ev}--> {to}, which is not in the table");
                }
            }

            foreach (var to in row.AutoTargets)
            {
                if (!byState.ContainsKey(to))
                {
                    throw new InvalidOperationException($"{Machine}: {row.State} --auto--> {to}, which is not in the table");
                }
            }
        }

        return this;
    }
}

/// <summary>Fluent construction of a <see cref="StateTable{TState, TEvent}"/>.</summary>
internal sealed class StateTableBuilder<TState, TEvent>(string machine, string statePrefix, string eventPrefix, TState initial)
    where TState : struct, Enum
    where TEvent : struct, Enum
{
    private readonly StateTable<TState, TEvent> table = new(machine, statePrefix, eventPrefix, initial);

    /// <summary>A state with an optional entry function (<paramref name="auto"/>: the states it may return), and its event transitions.</summary>
    internal StateTableBuilder<TState, TEvent> State(TState state, string? entryName = null, Func<DeviceStateMachines, TState>? entry = null,
        TState[]? auto = null, params (TEvent Event, TState Target)[] on)
    {
        table.Add(new StateRow<TState, TEvent>(state, entryName, entry, on, auto ?? []));
        return this;
    }

    internal StateTable<TState, TEvent> Build() => table.Validate();
}

using DriverScript.Framework.Drivers;
using DriverScript.Framework.Scheduling;
using DriverScript.Framework.Tracing;

namespace DriverScript.Framework.Pnp;

/// <summary>Events of the PnP machine (KMDF's <c>PnpEvent*</c>, fxpnpstatemachine.hpp).</summary>
public enum PnpEvent : byte
{
    AddDevice,
    StartDevice,
    QueryStop,
    QueryRemove,
    CancelStop,
    CancelRemove,
    Stop,
    Remove,
    SurpriseRemove,
    PwrPolStarted,
    PwrPolStartFailed,
    PwrPolStopped,
    PwrPolStopFailed,
    PwrPolRemoved,
    PowerUpFailed,
    PowerDownFailed,
    DeviceInD0,
}

/// <summary>Events of the power machine (KMDF's <c>Power*</c>, fxpowerstatemachine.hpp).</summary>
public enum PowerEvent : byte
{
    ImplicitD0,
    ImplicitD3,
    D0,
    Dx,
    CompleteD0,
    CompleteDx,
}

/// <summary>Events of the power-policy machine (KMDF's <c>PwrPol*</c>, fxpowerpolicystatemachine.hpp).</summary>
public enum PowerPolicyEvent : byte
{
    Start,
    Stop,
    Remove,
    SurpriseRemove,
    Sx,
    S0,
    PowerUp,
    PowerUpFailed,
    PowerUpHwStarted,
    PowerDown,
    PowerDownFailed,
    PowerDownIoStopped,
    PowerTimeoutExpired,
    IoPresent,
    WakeArrived,
    WakeSuccess,
    S0IdlePolicyChanged,
}

/// <summary>
/// A device's three KMDF state machines — PnP, power, and power policy (the device is always its
/// power-policy owner) — run from one event queue by the device's PnP worker at PASSIVE_LEVEL. Entry
/// functions call the driver's callbacks in KMDF's order (KMDF.md B1). The tables are static data
/// (<see cref="PnpTable"/>, <see cref="PowerTable"/>, <see cref="PowerPolicyTable"/>).
/// </summary>
public sealed partial class DeviceStateMachines
{
    private readonly Queue<(byte Machine, byte Event)> events = new();
    private WdfDevicePnpState pnp = WdfDevicePnpState.WdfDevStatePnpObjectCreated;
    private WdfDevicePowerState power = WdfDevicePowerState.WdfDevStatePowerObjectCreated;
    private WdfDevicePowerPolicyState policy = WdfDevicePowerPolicyState.WdfDevStatePwrPolObjectCreated;

    internal DeviceStateMachines(WdfDevice device)
    {
        Device = device;
        Worker = new PnpWorker(this);
    }

    internal WdfDevice Device { get; }

    private Simulation Sim => Device.Simulation;

    /// <summary>The PnP machine's state.</summary>
    public WdfDevicePnpState PnpState => pnp;

    /// <summary>The power machine's state.</summary>
    public WdfDevicePowerState PowerState => power;

    /// <summary>The power-policy machine's state.</summary>
    public WdfDevicePowerPolicyState PowerPolicyState => policy;

    /// <summary>True while the worker processes events.</summary>
    internal bool Processing { get; private set; }

    /// <summary>True when events wait or the worker runs.</summary>
    internal bool Busy => Processing || events.Count > 0;

    internal PnpWorker Worker { get; }

    /// <summary>Set while a host operation posts events and runs the worker itself.</summary>
    internal bool HostDriving { get; set; }

    internal void Post(PnpEvent e) => Enqueue(0, (byte)e);

    internal void Post(PowerEvent e) => Enqueue(1, (byte)e);

    internal void Post(PowerPolicyEvent e) => Enqueue(2, (byte)e);

    private void Enqueue(byte machine, byte e)
    {
        events.Enqueue((machine, e));
        if (!Processing && !HostDriving)
        {
            Sim.Scheduler.QueuePassiveWork(Worker);
        }
    }

    /// <summary>Processes queued events until none is left (on the current PASSIVE_LEVEL activity).</summary>
    internal void ProcessAll()
    {
        if (Processing)
        {
            return;
        }

        Processing = true;
        var activity = Sim.Scheduler.Current;
        var savedDevice = activity?.PnpDevice;
        if (activity != null)
        {
            activity.PnpDevice = Device;
        }

        try
        {
            while (events.TryDequeue(out var item))
            {
                switch (item.Machine)
                {
                    case 0:
                        Handle(PnpTable, ref pnp, 0, (PnpEvent)item.Event);
                        break;
                    case 1:
                        Handle(PowerTable, ref power, 1, (PowerEvent)item.Event);
                        break;
                    default:
                        Handle(PowerPolicyTable, ref policy, 2, (PowerPolicyEvent)item.Event);
                        break;
                }
            }
        }
        finally
        {
            Processing = false;
            if (activity != null)
            {
                activity.PnpDevice = savedDevice;
            }
        }
    }

    private void Handle<TState, TEvent>(StateTable<TState, TEvent> table, ref TState current, int machine, TEvent e)
        where TState : struct, Enum
        where TEvent : struct, Enum
    {
        if (!table.TryGetTransition(current, e, out var target))
        {
            Sim.Trace.Add(TraceEventKind.Note, Sim.CurrentProcessorId,
                Sim.Trace.Intern($"{table.Machine}: {table.EventPrefix}{e} ignored in {current}"), Device.TraceName, 0, 0, 0);
            return;
        }

        var cause = Sim.Trace.Intern(table.EventPrefix + e);
        while (true)
        {
            var from = current;
            current = target;
            Sim.Trace.Add(TraceEventKind.StateTransition, Sim.CurrentProcessorId, Sim.Trace.Intern(target.ToString()), Device.TraceName,
                cause, machine, Sim.Trace.Intern(from.ToString()));
            var row = table.Row(target);
            if (row.Entry == null)
            {
                return;
            }

            var next = row.Entry(this);
            if (EqualityComparer<TState>.Default.Equals(next, default))
            {
                return;
            }

            if (!row.AutoTargets.Contains(next))
            {
                throw new InvalidOperationException($"{table.Machine}: the entry of {target} went to {next}, which its row does not declare");
            }

            target = next;
            cause = -1;
        }
    }

    /// <summary>The device's PnP worker: a system thread running the machines.</summary>
    internal sealed class PnpWorker(DeviceStateMachines machines) : Work
    {
        internal override Irql Irql => Irql.Passive;

        internal override string Name => "PnP worker " + machines.Device.Name;

        internal override void Execute() => machines.ProcessAll();
    }
}

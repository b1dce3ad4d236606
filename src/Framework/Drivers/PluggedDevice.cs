using DriverScript.Framework.Pnp;
using DriverScript.Framework.Requests;
using DriverScript.Framework.Tracing;
using DriverScript.Framework.Verifier;
using DriverScript.Hardware.Bus;
using DriverScript.Hardware.Devices;

namespace DriverScript.Framework.Drivers;

/// <summary>
/// The host's handle on a plugged device (the language's <c>device_handle</c>, LANGUAGE.md §8): send
/// requests and wait for them, raise PnP and power events, access the hardware as another bus master,
/// and read the callbacks, power state and verifier findings. Every operation is synchronous: it runs
/// the simulation until the operation finished (bounded by <see cref="SimulationOptions.HostOperationLimit"/>).
/// </summary>
/// <example>
/// <code>
/// var dev = driver.Plug(new QemuEdu(sim.Hardware));
/// var result = dev.Write("hello"u8.ToArray());
/// var pending = dev.SubmitRead(5);    // returns at once
/// sim.Advance(VirtualTime.Seconds(2));
/// dev.Sleep(SystemPowerState.S3); dev.Wake();
/// dev.Remove();
/// </code>
/// </example>
public sealed class PluggedDevice
{
    private readonly Simulation sim;
    private IRegisterBus? hostBus;

    internal PluggedDevice(WdfDriver driver, DeviceModel? hardware, string name)
    {
        Driver = driver;
        Hardware = hardware;
        Name = name;
        sim = driver.Simulation;
    }

    /// <summary>The driver.</summary>
    public WdfDriver Driver { get; }

    /// <summary>The device object, or null if EvtDriverDeviceAdd failed or created none.</summary>
    public WdfDevice? Device { get; private set; }

    /// <summary>The hardware model, or null.</summary>
    public DeviceModel? Hardware { get; }

    /// <summary>The device's name.</summary>
    public string Name { get; }

    /// <summary>What EvtDriverDeviceAdd returned.</summary>
    public NtStatus AddStatus { get; private set; }

    /// <summary>True while the device is started (the language's <c>dev.started</c>).</summary>
    public bool Started => Device?.IsStarted ?? false;

    /// <summary>The device power state (the language's <c>dev.power_state</c>).</summary>
    public WdfPowerDeviceState PowerState => Device?.PowerState ?? WdfPowerDeviceState.D3Final;

    /// <summary>The callbacks run so far (the language's <c>dev.callbacks</c>).</summary>
    public IReadOnlyList<CallbackRecord> Callbacks => Device?.CallbackLog ?? [];

    /// <summary>The callbacks in the language's notation: <c>d0_entry(D3Final)</c>.</summary>
    public IReadOnlyList<string> ScriptCallbacks => Callbacks.Select(c => c.ScriptText).ToList();

    /// <summary>The callbacks in KMDF's notation: <c>EvtDeviceD0Entry(D3Final)</c>.</summary>
    public IReadOnlyList<string> KmdfCallbacks => Callbacks.Select(c => c.KmdfText).ToList();

    /// <summary>Forgets the callbacks (the language's <c>dev.clear_callbacks()</c>).</summary>
    public void ClearCallbacks() => Device?.ClearCallbackLog();

    /// <summary>The machine's verifier findings (the language's <c>dev.violations</c> counts them).</summary>
    public IReadOnlyList<Violation> Violations => sim.Violations;

    /// <summary>The violation that stopped the machine, or null (the language's <c>dev.bugcheck</c>).</summary>
    public Violation? BugCheck => sim.StopViolation;

    /// <summary>The hardware as another bus master sees it (the language's <c>dev.hw</c>): traced, no power checks.</summary>
    public IRegisterBus Bus => hostBus ??= Hardware?.Bus.ObservedBy(new TracingBusObserver(sim, sim.Trace.Intern(Hardware.Name), sim.Trace.Intern("host")))
        ?? throw new InvalidOperationException($"{Name} has no hardware model");

    // ------------------------------------------------------------------ requests

    /// <summary>Sends a read of <paramref name="length"/> bytes; returns at once.</summary>
    public WdfRequest SubmitRead(long length) => Submit(RequestKind.Read, length, ReadOnlyMemory<byte>.Empty, 0, 0);

    /// <summary>Sends a write of <paramref name="data"/>; returns at once.</summary>
    public WdfRequest SubmitWrite(ReadOnlyMemory<byte> data) => Submit(RequestKind.Write, data.Length, data, 0, 0);

    /// <summary>Sends an IOCTL; returns at once.</summary>
    public WdfRequest SubmitIoctl(uint code, ReadOnlyMemory<byte> input, int outputLength) =>
        Submit(RequestKind.DeviceControl, 0, input, outputLength, code);

    /// <summary>Sends an internal IOCTL; returns at once.</summary>
    public WdfRequest SubmitInternalIoctl(uint code, ReadOnlyMemory<byte> input, int outputLength) =>
        Submit(RequestKind.InternalDeviceControl, 0, input, outputLength, code);

    /// <summary>Sends a create (open) or close request; returns at once.</summary>
    public WdfRequest SubmitFileRequest(RequestKind kind) =>
        kind is RequestKind.Create or RequestKind.Close ? Submit(kind, 0, ReadOnlyMemory<byte>.Empty, 0, 0) : throw new ArgumentOutOfRangeException(nameof(kind));

    /// <summary>Reads <paramref name="length"/> bytes: sends the request and runs until it completes.</summary>
    public RequestResult Read(long length) => Wait(SubmitRead(length));

    /// <summary>Writes <paramref name="data"/> and runs until the request completes.</summary>
    public RequestResult Write(ReadOnlyMemory<byte> data) => Wait(SubmitWrite(data));

    /// <summary>Sends an IOCTL and runs until it completes.</summary>
    public RequestResult Ioctl(uint code, ReadOnlyMemory<byte> input, int outputLength) => Wait(SubmitIoctl(code, input, outputLength));

    /// <summary>
    /// Runs the simulation until <paramref name="request"/> completes. If nothing can complete it —
    /// the driver owns it and no task, timer or device activity is left — that is a
    /// DeferredRequestCompleted violation; past <see cref="SimulationOptions.HostOperationLimit"/>, a
    /// <see cref="SimulationLimitException"/>.
    /// </summary>
    public RequestResult Wait(WdfRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!request.IsCompleted && !sim.RunUntil(() => request.IsCompleted, sim.Options.HostOperationLimit))
        {
            if (request.State == RequestState.DriverOwned && sim.Quiescent)
            {
                var a = sim.EnterHostThread("host wait");
                try
                {
                    sim.Verifier.Report(Finding.DeferredRequestCompleted, null,
                        $"request {request.Handle} ({request.Kind}) is owned by the driver but nothing is left that could complete it", (ulong)request.Handle);
                }
                catch (Exception ex)
                {
                    sim.OnHostException(ex);
                    throw;
                }

                sim.ExitHostThread(a);
            }

            throw new SimulationLimitException(
                $"request {request.Handle} ({request.Kind}) did not complete within {Hardware_Format(sim.Options.HostOperationLimit)} of virtual time");
        }

        return request.Result;
    }

    private static string Hardware_Format(long ns) => DriverScript.Hardware.Time.VirtualTime.Format(ns);

    private WdfRequest Submit(RequestKind kind, long length, ReadOnlyMemory<byte> input, int outputLength, uint code)
    {
        var device = Device ?? throw new InvalidOperationException($"{Name} has no device (EvtDriverDeviceAdd failed)");
        var request = new WdfRequest(sim, device, kind, length, input, outputLength, code);
        var a = sim.EnterHostThread("host thread");
        try
        {
            device.Submit(request);
        }
        catch (Exception ex)
        {
            sim.OnHostException(ex);
            throw;
        }

        sim.ExitHostThread(a);
        return request;
    }

    // ------------------------------------------------------------------ PnP and power

    internal void RunPlug()
    {
        Driver.TraceHostOperation("plug", null);
        var init = new WdfDeviceInit(Driver, Hardware, Name);
        var status = NtStatus.Success;
        sim.RunOnHostThread("PnP manager", () =>
        {
            var a = sim.Scheduler.Current!;
            var driverObject = Driver;
            sim.BeginCallback(CallbackKind.EvtDriverDeviceAdd, driverObject, null, null, null);
            try
            {
                status = Driver.DeviceAdd(Driver, init);
            }
            catch (Exception ex) when (sim.IsDriverFault(ex))
            {
                sim.DriverFault(ex);
            }

            sim.EndCallback(status.Value);
            _ = a;
        });
        AddStatus = status;
        Device = status.IsSuccess ? init.Device : null;
        if (Device == null)
        {
            return;
        }

        Device.LogCallback(CallbackKind.EvtDriverDeviceAdd, null, Driver);
        RunPnp("start", PnpEvent.AddDevice, PnpEvent.StartDevice);
    }

    /// <summary>System sleep: the device goes to D3 (the language's <c>dev.sleep(S3)</c>).</summary>
    public void Sleep(SystemPowerState state = SystemPowerState.S3) => RunPolicy("sleep(" + state + ")", PowerPolicyEvent.Sx);

    /// <summary>System wake (S0).</summary>
    public void Wake() => RunPolicy("wake", PowerPolicyEvent.S0);

    /// <summary>IRP_MN_QUERY_STOP_DEVICE: asks the driver (EvtDeviceQueryStop) and brings the device to D0. Returns false if the driver vetoed.</summary>
    public bool QueryStop()
    {
        RunPnp("query stop", PnpEvent.QueryStop);
        return Device?.Machines.PnpState == WdfDevicePnpState.WdfDevStatePnpQueryStopPending;
    }

    /// <summary>IRP_MN_CANCEL_STOP_DEVICE after <see cref="QueryStop"/>: back to started without calling the driver.</summary>
    public void CancelStop() => RunPnp("cancel stop", PnpEvent.CancelStop);

    /// <summary>Query-stop (unless already queried) then stop, for a rebalance. Returns false if the driver vetoed the query.</summary>
    public bool Stop()
    {
        if (Device?.Machines.PnpState != WdfDevicePnpState.WdfDevStatePnpQueryStopPending && !QueryStop())
        {
            return false;
        }

        RunPnp("stop", PnpEvent.Stop);
        return true;
    }

    /// <summary>Start after a stop (the language's <c>dev.restart()</c>).</summary>
    public void Restart() => RunPnp("restart", PnpEvent.StartDevice);

    /// <summary>IRP_MN_QUERY_REMOVE_DEVICE: asks the driver (EvtDeviceQueryRemove) and brings the device to D0. Returns false if the driver vetoed.</summary>
    public bool QueryRemove()
    {
        RunPnp("query remove", PnpEvent.QueryRemove);
        return Device?.Machines.PnpState == WdfDevicePnpState.WdfDevStatePnpQueryRemovePending;
    }

    /// <summary>IRP_MN_CANCEL_REMOVE_DEVICE after <see cref="QueryRemove"/>.</summary>
    public void CancelRemove() => RunPnp("cancel remove", PnpEvent.CancelRemove);

    /// <summary>Query-remove (unless already queried) then remove. Returns false if the driver vetoed the query.</summary>
    public bool Remove()
    {
        if (Device?.Machines.PnpState != WdfDevicePnpState.WdfDevStatePnpQueryRemovePending && !QueryRemove())
        {
            return false;
        }

        RunPnp("remove", PnpEvent.Remove);
        return true;
    }

    /// <summary>Surprise removal, then removal (the language's <c>dev.surprise_remove()</c>).</summary>
    public void SurpriseRemove()
    {
        SurpriseRemoveOnly();
        RunPnp("remove", PnpEvent.Remove);
    }

    /// <summary>Surprise removal alone: the device waits for the REMOVE the PnP manager sends once handles close (<see cref="RemoveAfterSurpriseRemoval"/>).</summary>
    public void SurpriseRemoveOnly()
    {
        if (Device != null)
        {
            Device.HostSurpriseRemoval = true;
        }

        RunPnp("surprise remove", PnpEvent.SurpriseRemove);
    }

    /// <summary>The REMOVE after <see cref="SurpriseRemoveOnly"/>.</summary>
    public void RemoveAfterSurpriseRemoval() => RunPnp("remove", PnpEvent.Remove);

    private void RunPnp(string operation, params PnpEvent[] events)
    {
        var device = Device;
        if (device == null)
        {
            return;
        }

        Driver.TraceHostOperation(operation, device);
        RunMachines(device, () =>
        {
            foreach (var e in events)
            {
                device.Machines.Post(e);
            }
        });
    }

    private void RunPolicy(string operation, PowerPolicyEvent e)
    {
        var device = Device;
        if (device == null)
        {
            return;
        }

        Driver.TraceHostOperation(operation, device);
        RunMachines(device, () => device.Machines.Post(e));
    }

    private void RunMachines(WdfDevice device, Action post)
    {
        sim.ThrowIfStopped();
        var machines = device.Machines;
        if (machines.Busy)
        {
            sim.RunUntil(() => !machines.Busy, sim.Options.HostOperationLimit);
        }

        machines.HostDriving = true;
        try
        {
            post();
            sim.RunOnHostThread("PnP worker " + device.Name, machines.ProcessAll);
        }
        finally
        {
            machines.HostDriving = false;
        }

        sim.Settle();
    }

    /// <inheritdoc />
    public override string ToString() => $"{Name} ({Device?.Machines.PnpState}, {PowerState})";
}

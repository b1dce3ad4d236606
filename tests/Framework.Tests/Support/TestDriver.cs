using DriverScript.Framework;
using DriverScript.Framework.Drivers;
using DriverScript.Framework.Interrupts;
using DriverScript.Framework.Queues;
using DriverScript.Framework.Requests;
using DriverScript.Hardware.Devices.Edu;

namespace DriverScript.Framework.Tests.Support;

/// <summary>How a <see cref="TestDriver"/> behaves.</summary>
public sealed class TestDriverOptions
{
    /// <summary>Callbacks that return STATUS_UNSUCCESSFUL.</summary>
    public HashSet<CallbackKind> Fail { get; } = [];

    /// <summary>Register every PnP/power callback (default) or only the ones named in <see cref="Register"/>.</summary>
    public bool AllPnpCallbacks { get; set; } = true;

    /// <summary>Create an interrupt on the edu device's INTx line with Enable/Disable/ISR/DPC.</summary>
    public bool WithInterrupt { get; set; } = true;

    /// <summary>S0 idle settings, or null.</summary>
    public S0IdleSettings? Idle { get; set; }

    /// <summary>The default queue's dispatch type.</summary>
    public WdfIoQueueDispatchType Dispatch { get; set; } = WdfIoQueueDispatchType.Sequential;

    /// <summary>Power-managed default queue (default true).</summary>
    public bool PowerManaged { get; set; } = true;

    /// <summary>Reads are kept by the driver (not completed) and listed in <see cref="TestDriver.Held"/>.</summary>
    public bool HoldReads { get; set; }

    /// <summary>Register EvtIoStop; what it does with the request.</summary>
    public StopBehavior Stop { get; set; } = StopBehavior.NotRegistered;

    /// <summary>Register EvtIoResume.</summary>
    public bool Resume { get; set; }

    /// <summary>Extra setup after the queue is created.</summary>
    public Action<WdfDevice, TestDriver>? Configure { get; set; }

    /// <summary>The device's synchronization scope.</summary>
    public SynchronizationScope Scope { get; set; }
}

public enum StopBehavior
{
    NotRegistered,
    Complete,
    AcknowledgeRequeue,
    AcknowledgeNoRequeue,
    Ignore,
}

/// <summary>
/// A driver for tests over QEMU's edu device that registers every callback (so callback sequences
/// are complete), can fail any of them, and keeps reads when asked.
/// </summary>
public sealed class TestDriver
{
    private TestDriver(TestDriverOptions options) => Options = options;

    public TestDriverOptions Options { get; }

    public List<WdfRequest> Held { get; } = [];

    public WdfDevice Device { get; private set; } = null!;

    public WdfIoQueue Queue { get; private set; } = null!;

    public WdfInterrupt? Interrupt { get; private set; }

    public int DpcCount { get; private set; }

    public static (Simulation Sim, PluggedDevice Dev, TestDriver Driver) Plug(TestDriverOptions? options = null, SimulationOptions? simulation = null)
    {
        var sim = new Simulation(simulation);
        var driver = new TestDriver(options ?? new TestDriverOptions());
        var dev = sim.CreateDriver("Test", driver.DeviceAdd).Plug(new QemuEdu(sim.Hardware), "test");
        return (sim, dev, driver);
    }

    private NtStatus Result(CallbackKind kind) => Options.Fail.Contains(kind) ? NtStatus.Unsuccessful : NtStatus.Success;

    private NtStatus DeviceAdd(WdfDriver driver, WdfDeviceInit init)
    {
        if (Options.Fail.Contains(CallbackKind.EvtDriverDeviceAdd))
        {
            return NtStatus.Unsuccessful;
        }

        var cb = init.PnpPower;
        cb.EvtDevicePrepareHardware = _ => Result(CallbackKind.EvtDevicePrepareHardware);
        cb.EvtDeviceReleaseHardware = _ => Result(CallbackKind.EvtDeviceReleaseHardware);
        cb.EvtDeviceD0Entry = (_, _) => Result(CallbackKind.EvtDeviceD0Entry);
        cb.EvtDeviceD0EntryPostInterruptsEnabled = (_, _) => Result(CallbackKind.EvtDeviceD0EntryPostInterruptsEnabled);
        cb.EvtDeviceD0ExitPreInterruptsDisabled = (_, _) => Result(CallbackKind.EvtDeviceD0ExitPreInterruptsDisabled);
        cb.EvtDeviceD0Exit = (_, _) => Result(CallbackKind.EvtDeviceD0Exit);
        cb.EvtDeviceSelfManagedIoInit = _ => Result(CallbackKind.EvtDeviceSelfManagedIoInit);
        cb.EvtDeviceSelfManagedIoSuspend = _ => Result(CallbackKind.EvtDeviceSelfManagedIoSuspend);
        cb.EvtDeviceSelfManagedIoRestart = _ => Result(CallbackKind.EvtDeviceSelfManagedIoRestart);
        cb.EvtDeviceSelfManagedIoFlush = _ => { };
        cb.EvtDeviceSelfManagedIoCleanup = _ => { };
        cb.EvtDeviceSurpriseRemoval = _ => { };
        cb.EvtDeviceQueryStop = _ => Result(CallbackKind.EvtDeviceQueryStop);
        cb.EvtDeviceQueryRemove = _ => Result(CallbackKind.EvtDeviceQueryRemove);
        cb.EvtDeviceArmWakeFromS0 = _ => Result(CallbackKind.EvtDeviceArmWakeFromS0);
        cb.EvtDeviceDisarmWakeFromS0 = _ => { };
        cb.EvtDeviceWakeFromS0Triggered = _ => { };
        init.SynchronizationScope = Options.Scope;
        init.EvtCleanupCallback = _ => { };
        Device = init.Create();

        Queue = Device.CreateQueue(new WdfIoQueueConfig(Options.Dispatch)
        {
            Name = "main",
            DefaultQueue = true,
            PowerManaged = Options.PowerManaged,
            EvtIoRead = OnRead,
            EvtIoWrite = (q, r, length) => r.CompleteWithInformation(NtStatus.Success, (ulong)length),
            EvtIoStop = Options.Stop == StopBehavior.NotRegistered ? null : OnStop,
            EvtIoResume = Options.Resume ? (q, r) => { } : null,
            EvtRequestCancel = r => r.CompleteWithInformation(NtStatus.Cancelled, 0),
        });

        if (Options.WithInterrupt)
        {
            Interrupt = Device.CreateInterrupt(new WdfInterruptConfig(Isr)
            {
                Name = "irq",
                EvtInterruptDpc = (i, _) => DpcCount++,
                EvtInterruptEnable = (i, d) => Result(CallbackKind.EvtInterruptEnable),
                EvtInterruptDisable = (i, d) => Result(CallbackKind.EvtInterruptDisable),
            });
        }

        if (Options.Idle != null)
        {
            Device.AssignS0IdleSettings(Options.Idle);
        }

        Options.Configure?.Invoke(Device, this);
        return NtStatus.Success;
    }

    private bool Isr(WdfInterrupt interrupt, uint messageId)
    {
        var registers = interrupt.Device!.Registers;
        var status = registers.Read32((long)EduRegister.InterruptStatus);
        if (status == 0)
        {
            return false;
        }

        registers.Write32((long)EduRegister.InterruptAcknowledge, status);
        interrupt.QueueDpcForIsr();
        return true;
    }

    private void OnRead(WdfIoQueue queue, WdfRequest request, long length)
    {
        if (Options.HoldReads)
        {
            Held.Add(request);
            return;
        }

        request.CompleteWithInformation(NtStatus.Success, (ulong)length);
    }

    private void OnStop(WdfIoQueue queue, WdfRequest request, WdfRequestStopActionFlags action)
    {
        switch (Options.Stop)
        {
            case StopBehavior.Complete:
                Held.Remove(request);
                request.CompleteWithInformation(NtStatus.Cancelled, 0);
                break;
            case StopBehavior.AcknowledgeRequeue:
                Held.Remove(request);
                request.StopAcknowledge(requeue: true);
                break;
            case StopBehavior.AcknowledgeNoRequeue:
                request.StopAcknowledge(requeue: false);
                break;
        }
    }
}

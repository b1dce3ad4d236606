using DriverScript.Framework;
using DriverScript.Framework.Drivers;
using DriverScript.Framework.Pnp;
using DriverScript.Framework.Tests.Support;
using DriverScript.Hardware.Time;

namespace DriverScript.Framework.Tests.Pnp;

/// <summary>
/// One test per callback sequence of KMDF.md B1 (first start, each start failure, Dx and back, idle
/// with and without wake, system sleep, stop/restart, removal, surprise removal in D0 and in Dx,
/// cancel-stop/cancel-remove, run-time power failures), comparing the exact ordered list of callbacks.
/// </summary>
public sealed class CallbackSequenceTests
{
    private static readonly string[] FirstStart =
    [
        "EvtDriverDeviceAdd", "EvtDevicePrepareHardware", "EvtDeviceD0Entry(D3Final)", "EvtInterruptEnable",
        "EvtDeviceD0EntryPostInterruptsEnabled(D3Final)", "EvtDeviceSelfManagedIoInit",
    ];

    private static readonly string[] PowerDownToD3 =
    [
        "EvtDeviceSelfManagedIoSuspend", "EvtDeviceD0ExitPreInterruptsDisabled(D3)", "EvtInterruptDisable", "EvtDeviceD0Exit(D3)",
    ];

    private static readonly string[] PowerUpFromD3 =
    [
        "EvtDeviceD0Entry(D3)", "EvtInterruptEnable", "EvtDeviceD0EntryPostInterruptsEnabled(D3)", "EvtDeviceSelfManagedIoRestart",
    ];

    private static readonly string[] PowerDownToD3Final =
    [
        "EvtDeviceSelfManagedIoSuspend", "EvtDeviceD0ExitPreInterruptsDisabled(D3Final)", "EvtInterruptDisable", "EvtDeviceD0Exit(D3Final)",
    ];

    private static (Simulation Sim, PluggedDevice Dev, TestDriver Driver) Plug(Action<TestDriverOptions>? configure = null)
    {
        var options = new TestDriverOptions();
        configure?.Invoke(options);
        return TestDriver.Plug(options);
    }

    private static void ShouldHaveCallbacks(PluggedDevice dev, params string[][] parts) =>
        dev.KmdfCallbacks.ShouldBe(parts.SelectMany(p => p).ToArray());

    // ---------------------------------------------------------------- B1a first start and its failures

    [Fact]
    public void First_start()
    {
        var (sim, dev, _) = Plug();
        using var _s = sim;
        ShouldHaveCallbacks(dev, FirstStart);
        dev.Started.ShouldBeTrue();
        dev.Device!.Machines.PnpState.ShouldBe(WdfDevicePnpState.WdfDevStatePnpStarted);
        dev.Device.Machines.PowerState.ShouldBe(WdfDevicePowerState.WdfDevStatePowerD0);
        dev.Device.Machines.PowerPolicyState.ShouldBe(WdfDevicePowerPolicyState.WdfDevStatePwrPolStarted);
    }

    [Fact]
    public void Add_device_failure_creates_no_device()
    {
        var (sim, dev, _) = Plug(o => o.Fail.Add(CallbackKind.EvtDriverDeviceAdd));
        using var _s = sim;
        dev.Device.ShouldBeNull();
        dev.Started.ShouldBeFalse();
        dev.AddStatus.ShouldBe(NtStatus.Unsuccessful);
    }

    [Fact]
    public void Prepare_hardware_failure_still_releases_hardware()
    {
        var (sim, dev, _) = Plug(o => o.Fail.Add(CallbackKind.EvtDevicePrepareHardware));
        using var _s = sim;
        ShouldHaveCallbacks(dev, ["EvtDriverDeviceAdd", "EvtDevicePrepareHardware", "EvtDeviceReleaseHardware", "EvtCleanupCallback"]);
        dev.Started.ShouldBeFalse();
        dev.Device!.IsRemoved.ShouldBeTrue();
        dev.Device.StartStatus.ShouldBe(NtStatus.Unsuccessful);
    }

    [Fact]
    public void D0_entry_failure_has_no_d0_exit_then_releases_hardware()
    {
        var (sim, dev, _) = Plug(o => o.Fail.Add(CallbackKind.EvtDeviceD0Entry));
        using var _s = sim;
        ShouldHaveCallbacks(dev, ["EvtDriverDeviceAdd", "EvtDevicePrepareHardware", "EvtDeviceD0Entry(D3Final)", "EvtDeviceReleaseHardware", "EvtCleanupCallback"]);
        dev.Device!.StartStatus.ShouldBe(NtStatus.DevicePowerFailure);
        dev.Started.ShouldBeFalse();
    }

    [Fact]
    public void Interrupt_enable_failure_unwinds_with_d0_exit()
    {
        var (sim, dev, _) = Plug(o => o.Fail.Add(CallbackKind.EvtInterruptEnable));
        using var _s = sim;
        ShouldHaveCallbacks(dev, ["EvtDriverDeviceAdd", "EvtDevicePrepareHardware", "EvtDeviceD0Entry(D3Final)", "EvtInterruptEnable",
            "EvtDeviceD0Exit(D3Final)", "EvtDeviceReleaseHardware", "EvtCleanupCallback"]);
    }

    [Fact]
    public void Post_interrupts_enabled_failure_disables_interrupts_then_d0_exit()
    {
        var (sim, dev, _) = Plug(o => o.Fail.Add(CallbackKind.EvtDeviceD0EntryPostInterruptsEnabled));
        using var _s = sim;
        ShouldHaveCallbacks(dev, ["EvtDriverDeviceAdd", "EvtDevicePrepareHardware", "EvtDeviceD0Entry(D3Final)", "EvtInterruptEnable",
            "EvtDeviceD0EntryPostInterruptsEnabled(D3Final)", "EvtInterruptDisable", "EvtDeviceD0Exit(D3Final)", "EvtDeviceReleaseHardware", "EvtCleanupCallback"]);
    }

    [Fact]
    public void Self_managed_io_init_failure_stops_queues_then_unwinds()
    {
        var (sim, dev, _) = Plug(o => o.Fail.Add(CallbackKind.EvtDeviceSelfManagedIoInit));
        using var _s = sim;
        ShouldHaveCallbacks(dev, FirstStart, ["EvtDeviceD0ExitPreInterruptsDisabled(D3Final)", "EvtInterruptDisable", "EvtDeviceD0Exit(D3Final)",
            "EvtDeviceReleaseHardware", "EvtCleanupCallback"]);
        dev.Device!.DefaultQueue!.IsPoweredOn.ShouldBeFalse();
    }

    // ---------------------------------------------------------------- B1b / B1c: Dx and back

    [Fact]
    public void Idle_power_down_without_wake_and_io_wakes_the_device()
    {
        var (sim, dev, _) = Plug(o => o.Idle = new S0IdleSettings(VirtualTime.Milliseconds(200)));
        using var _s = sim;
        dev.ClearCallbacks();
        sim.Advance(VirtualTime.Milliseconds(199));
        dev.PowerState.ShouldBe(WdfPowerDeviceState.D0);
        sim.Advance(VirtualTime.Milliseconds(1));
        dev.PowerState.ShouldBe(WdfPowerDeviceState.D3);
        ShouldHaveCallbacks(dev, PowerDownToD3);
        dev.Device!.Machines.PowerPolicyState.ShouldBe(WdfDevicePowerPolicyState.WdfDevStatePwrPolWaitingUnarmed);

        dev.ClearCallbacks();
        dev.Read(4).Status.ShouldBe(NtStatus.Success);
        // The queues resume before self-managed I/O restarts, and the queued read is presented right away.
        ShouldHaveCallbacks(dev, ["EvtDeviceD0Entry(D3)", "EvtInterruptEnable", "EvtDeviceD0EntryPostInterruptsEnabled(D3)", "EvtIoRead", "EvtDeviceSelfManagedIoRestart"]);
        dev.PowerState.ShouldBe(WdfPowerDeviceState.D0);
        sim.Violations.ShouldBeEmpty();
    }

    [Fact]
    public void Idle_power_down_with_wake_arms_after_suspend_and_io_disarms_before_restart()
    {
        var (sim, dev, _) = Plug(o => o.Idle = new S0IdleSettings(VirtualTime.Milliseconds(200), WakeFromS0: true));
        using var _s = sim;
        dev.ClearCallbacks();
        sim.Advance(VirtualTime.Milliseconds(200));
        ShouldHaveCallbacks(dev, ["EvtDeviceSelfManagedIoSuspend", "EvtDeviceArmWakeFromS0",
            "EvtDeviceD0ExitPreInterruptsDisabled(D3)", "EvtInterruptDisable", "EvtDeviceD0Exit(D3)"]);
        dev.Device!.Machines.ArmedForWake.ShouldBeTrue();
        dev.Device.Machines.PowerPolicyState.ShouldBe(WdfDevicePowerPolicyState.WdfDevStatePwrPolWaitingArmed);

        dev.ClearCallbacks();
        dev.Read(2).Status.ShouldBe(NtStatus.Success);
        ShouldHaveCallbacks(dev, ["EvtDeviceD0Entry(D3)", "EvtInterruptEnable", "EvtDeviceD0EntryPostInterruptsEnabled(D3)",
            "EvtDeviceDisarmWakeFromS0", "EvtIoRead", "EvtDeviceSelfManagedIoRestart"]);
        dev.Device.Machines.ArmedForWake.ShouldBeFalse();
        sim.Violations.ShouldBeEmpty();
    }

    [Fact]
    public void Power_down_with_an_owned_request_calls_EvtIoStop_and_power_up_EvtIoResume()
    {
        var (sim, dev, _) = Plug(o =>
        {
            o.HoldReads = true;
            o.Stop = StopBehavior.AcknowledgeNoRequeue;
            o.Resume = true;
        });
        using var _s = sim;
        var held = dev.SubmitRead(4);
        dev.ClearCallbacks();
        dev.Sleep();
        ShouldHaveCallbacks(dev, ["EvtDeviceSelfManagedIoSuspend", "EvtIoStop(suspend)", "EvtDeviceD0ExitPreInterruptsDisabled(D3)",
            "EvtInterruptDisable", "EvtDeviceD0Exit(D3)"]);
        dev.ClearCallbacks();
        dev.Wake();
        ShouldHaveCallbacks(dev, ["EvtDeviceD0Entry(D3)", "EvtInterruptEnable", "EvtDeviceD0EntryPostInterruptsEnabled(D3)",
            "EvtIoResume", "EvtDeviceSelfManagedIoRestart"]);
        held.IsCompleted.ShouldBeFalse();
        sim.Violations.ShouldBeEmpty();
    }

    [Fact]
    public void A_request_acknowledged_with_requeue_goes_back_to_the_queue_head_without_resume()
    {
        var (sim, dev, driver) = Plug(o =>
        {
            o.HoldReads = true;
            o.Stop = StopBehavior.AcknowledgeRequeue;
            o.Resume = true;
        });
        using var _s = sim;
        var first = dev.SubmitRead(1);
        var second = dev.SubmitRead(2);
        dev.ClearCallbacks();
        dev.Sleep();
        dev.Device!.DefaultQueue!.QueuedRequests.ShouldBe([first, second]);
        dev.ClearCallbacks();
        dev.Wake();
        ShouldHaveCallbacks(dev, ["EvtDeviceD0Entry(D3)", "EvtInterruptEnable", "EvtDeviceD0EntryPostInterruptsEnabled(D3)", "EvtIoRead", "EvtDeviceSelfManagedIoRestart"]);
        driver.Held.ShouldBe([first]);
    }

    [Fact]
    public void A_wake_signal_in_dx_runs_wake_triggered_then_disarm()
    {
        var (sim, dev, _) = Plug(o => o.Idle = new S0IdleSettings(VirtualTime.Milliseconds(100), WakeFromS0: true));
        using var _s = sim;
        sim.Advance(VirtualTime.Milliseconds(100));
        dev.PowerState.ShouldBe(WdfPowerDeviceState.D3);
        dev.ClearCallbacks();
        dev.Bus.Write32(0x60, 0x4);      // the device raises its interrupt while armed: a wake signal
        sim.Settle();
        ShouldHaveCallbacks(dev, ["EvtDeviceD0Entry(D3)", "EvtInterruptEnable", "EvtDeviceD0EntryPostInterruptsEnabled(D3)",
            "EvtDeviceWakeFromS0Triggered", "EvtDeviceDisarmWakeFromS0", "EvtDeviceSelfManagedIoRestart", "EvtInterruptIsr", "EvtInterruptDpc"]);
        dev.PowerState.ShouldBe(WdfPowerDeviceState.D0);
    }

    [Fact]
    public void Arm_wake_failure_completes_the_power_down_then_powers_back_up()
    {
        var (sim, dev, _) = Plug(o =>
        {
            o.Idle = new S0IdleSettings(VirtualTime.Milliseconds(100), WakeFromS0: true);
            o.Fail.Add(CallbackKind.EvtDeviceArmWakeFromS0);
        });
        using var _s = sim;
        dev.ClearCallbacks();
        sim.Advance(VirtualTime.Milliseconds(100));
        ShouldHaveCallbacks(dev, ["EvtDeviceSelfManagedIoSuspend", "EvtDeviceArmWakeFromS0", "EvtDeviceD0ExitPreInterruptsDisabled(D3)",
            "EvtInterruptDisable", "EvtDeviceD0Exit(D3)"], PowerUpFromD3);
        dev.PowerState.ShouldBe(WdfPowerDeviceState.D0);
        dev.Device!.Machines.PowerPolicyState.ShouldBe(WdfDevicePowerPolicyState.WdfDevStatePwrPolStartedWakeCapable);
    }

    [Fact]
    public void Stop_idle_keeps_the_device_in_d0_until_resume_idle()
    {
        var (sim, dev, _) = Plug(o => o.Idle = new S0IdleSettings(VirtualTime.Milliseconds(100)));
        using var _s = sim;
        var device = dev.Device!;
        var status = NtStatus.Unsuccessful;
        var work = device.CreateWorkItem(new WorkItems.WdfWorkItemConfig(_ => status = device.StopIdle(waitForD0: true)) { AutomaticSerialization = false });
        sim.Advance(VirtualTime.Milliseconds(150));
        dev.PowerState.ShouldBe(WdfPowerDeviceState.D3);
        dev.ClearCallbacks();
        work.Enqueue();
        sim.Settle();
        status.ShouldBe(NtStatus.Success);
        ShouldHaveCallbacks(dev, ["EvtWorkItem", "EvtDeviceD0Entry(D3)", "EvtInterruptEnable", "EvtDeviceD0EntryPostInterruptsEnabled(D3)", "EvtDeviceSelfManagedIoRestart"]);
        sim.Advance(VirtualTime.Seconds(1));
        dev.PowerState.ShouldBe(WdfPowerDeviceState.D0);
        device.ResumeIdle();
        sim.Advance(VirtualTime.Milliseconds(100));
        dev.PowerState.ShouldBe(WdfPowerDeviceState.D3);
    }

    [Fact]
    public void System_sleep_and_wake()
    {
        var (sim, dev, _) = Plug();
        using var _s = sim;
        dev.ClearCallbacks();
        dev.Sleep();
        dev.PowerState.ShouldBe(WdfPowerDeviceState.D3);
        ShouldHaveCallbacks(dev, PowerDownToD3);
        dev.ClearCallbacks();
        dev.Wake();
        dev.PowerState.ShouldBe(WdfPowerDeviceState.D0);
        ShouldHaveCallbacks(dev, PowerUpFromD3);
    }

    [Fact]
    public void An_idle_device_stays_in_dx_after_system_wake_until_io_arrives()
    {
        var (sim, dev, _) = Plug(o => o.Idle = new S0IdleSettings(VirtualTime.Milliseconds(100)));
        using var _s = sim;
        sim.Advance(VirtualTime.Milliseconds(100));
        dev.ClearCallbacks();
        dev.Sleep();
        dev.Wake();
        dev.Callbacks.ShouldBeEmpty();
        dev.PowerState.ShouldBe(WdfPowerDeviceState.D3);
        dev.Read(1).Status.ShouldBe(NtStatus.Success);
        dev.PowerState.ShouldBe(WdfPowerDeviceState.D0);
    }

    [Fact]
    public void System_sleep_while_armed_in_dx_disarms_in_d0_then_sleeps()
    {
        var (sim, dev, _) = Plug(o => o.Idle = new S0IdleSettings(VirtualTime.Milliseconds(100), WakeFromS0: true));
        using var _s = sim;
        sim.Advance(VirtualTime.Milliseconds(100));
        dev.ClearCallbacks();
        dev.Sleep();
        ShouldHaveCallbacks(dev, ["EvtDeviceD0Entry(D3)", "EvtInterruptEnable", "EvtDeviceD0EntryPostInterruptsEnabled(D3)", "EvtDeviceDisarmWakeFromS0",
            "EvtDeviceSelfManagedIoRestart"], PowerDownToD3);
        dev.PowerState.ShouldBe(WdfPowerDeviceState.D3);
    }

    [Fact]
    public void Power_up_failure_from_dx_fails_and_removes_the_device()
    {
        var (sim, dev, driver) = Plug(o => o.Idle = new S0IdleSettings(VirtualTime.Milliseconds(100)));
        using var _s = sim;
        sim.Advance(VirtualTime.Milliseconds(100));
        driver.Options.Fail.Add(CallbackKind.EvtDeviceD0Entry);
        dev.ClearCallbacks();
        var read = dev.SubmitRead(1);
        sim.Settle();
        ShouldHaveCallbacks(dev, ["EvtDeviceD0Entry(D3)", "EvtDeviceReleaseHardware", "EvtDeviceSelfManagedIoFlush", "EvtDeviceSurpriseRemoval",
            "EvtDeviceSelfManagedIoCleanup", "EvtCleanupCallback"]);
        read.Result.Status.ShouldBe(NtStatus.Cancelled);
        dev.Device!.IsRemoved.ShouldBeTrue();
    }

    [Fact]
    public void Power_down_failure_fails_and_removes_the_device()
    {
        var (sim, dev, driver) = Plug(o =>
        {
            o.Idle = new S0IdleSettings(VirtualTime.Milliseconds(100));
            o.Fail.Add(CallbackKind.EvtDeviceD0Exit);
        });
        using var _s = sim;
        dev.ClearCallbacks();
        sim.Advance(VirtualTime.Milliseconds(100));
        ShouldHaveCallbacks(dev, PowerDownToD3, ["EvtDeviceReleaseHardware", "EvtDeviceSelfManagedIoFlush", "EvtDeviceSurpriseRemoval",
            "EvtDeviceSelfManagedIoCleanup", "EvtCleanupCallback"]);
        dev.Device!.Machines.PnpState.ShouldBe(WdfDevicePnpState.WdfDevStatePnpFinal);
    }

    [Fact]
    public void Self_managed_io_restart_failure_unwinds_the_power_up()
    {
        var (sim, dev, driver) = Plug();
        using var _s = sim;
        dev.Sleep();
        driver.Options.Fail.Add(CallbackKind.EvtDeviceSelfManagedIoRestart);
        dev.ClearCallbacks();
        dev.Wake();
        ShouldHaveCallbacks(dev, PowerUpFromD3, ["EvtDeviceD0ExitPreInterruptsDisabled(D3)", "EvtInterruptDisable", "EvtDeviceD0Exit(D3)",
            "EvtDeviceReleaseHardware", "EvtDeviceSelfManagedIoFlush", "EvtDeviceSurpriseRemoval", "EvtDeviceSelfManagedIoCleanup", "EvtCleanupCallback"]);
    }

    // ---------------------------------------------------------------- B1d: stop, remove, surprise removal

    [Fact]
    public void Query_stop_stop_and_restart_hold_the_queues_and_resume_them()
    {
        var (sim, dev, _) = Plug(o =>
        {
            o.HoldReads = true;
            o.Stop = StopBehavior.AcknowledgeNoRequeue;
            o.Resume = true;
        });
        using var _s = sim;
        var held = dev.SubmitRead(3);
        var queued = dev.SubmitRead(5);
        dev.ClearCallbacks();
        dev.Stop().ShouldBeTrue();
        ShouldHaveCallbacks(dev, ["EvtDeviceQueryStop", "EvtDeviceSelfManagedIoSuspend", "EvtIoStop(suspend)",
            "EvtDeviceD0ExitPreInterruptsDisabled(D3Final)", "EvtInterruptDisable", "EvtDeviceD0Exit(D3Final)", "EvtDeviceReleaseHardware"]);
        dev.PowerState.ShouldBe(WdfPowerDeviceState.D3Final);
        dev.Device!.Machines.PnpState.ShouldBe(WdfDevicePnpState.WdfDevStatePnpStopped);
        queued.IsCompleted.ShouldBeFalse();

        dev.ClearCallbacks();
        dev.Restart();
        ShouldHaveCallbacks(dev, ["EvtDevicePrepareHardware", "EvtDeviceD0Entry(D3Final)", "EvtInterruptEnable", "EvtDeviceD0EntryPostInterruptsEnabled(D3Final)",
            "EvtIoResume", "EvtDeviceSelfManagedIoRestart"]);
        dev.Started.ShouldBeTrue();
        held.IsCompleted.ShouldBeFalse();
    }

    [Fact]
    public void Query_stop_veto_keeps_the_device_started()
    {
        var (sim, dev, _) = Plug(o => o.Fail.Add(CallbackKind.EvtDeviceQueryStop));
        using var _s = sim;
        dev.ClearCallbacks();
        dev.Stop().ShouldBeFalse();
        ShouldHaveCallbacks(dev, ["EvtDeviceQueryStop"]);
        dev.Started.ShouldBeTrue();
        dev.PowerState.ShouldBe(WdfPowerDeviceState.D0);
    }

    [Fact]
    public void Cancel_stop_returns_to_started_without_calling_the_driver()
    {
        var (sim, dev, _) = Plug();
        using var _s = sim;
        dev.ClearCallbacks();
        dev.QueryStop().ShouldBeTrue();
        dev.CancelStop();
        ShouldHaveCallbacks(dev, ["EvtDeviceQueryStop"]);
        dev.Device!.Machines.PnpState.ShouldBe(WdfDevicePnpState.WdfDevStatePnpStarted);
    }

    [Fact]
    public void Cancel_remove_returns_to_started_without_calling_the_driver()
    {
        var (sim, dev, _) = Plug();
        using var _s = sim;
        dev.ClearCallbacks();
        dev.QueryRemove().ShouldBeTrue();
        dev.CancelRemove();
        ShouldHaveCallbacks(dev, ["EvtDeviceQueryRemove"]);
        dev.Device!.Machines.PnpState.ShouldBe(WdfDevicePnpState.WdfDevStatePnpStarted);
    }

    [Fact]
    public void Query_stop_of_an_idle_device_wakes_it_first()
    {
        var (sim, dev, _) = Plug(o => o.Idle = new S0IdleSettings(VirtualTime.Milliseconds(100)));
        using var _s = sim;
        sim.Advance(VirtualTime.Milliseconds(100));
        dev.ClearCallbacks();
        dev.Stop().ShouldBeTrue();
        ShouldHaveCallbacks(dev, ["EvtDeviceQueryStop"], PowerUpFromD3, PowerDownToD3Final, ["EvtDeviceReleaseHardware"]);
    }

    [Fact]
    public void Orderly_removal()
    {
        var (sim, dev, _) = Plug();
        using var _s = sim;
        dev.ClearCallbacks();
        dev.Remove().ShouldBeTrue();
        ShouldHaveCallbacks(dev, ["EvtDeviceQueryRemove"], PowerDownToD3Final, ["EvtDeviceReleaseHardware",
            "EvtDeviceSelfManagedIoFlush", "EvtDeviceSelfManagedIoCleanup", "EvtCleanupCallback"]);
        dev.Device!.Machines.PnpState.ShouldBe(WdfDevicePnpState.WdfDevStatePnpFinal);
        dev.PowerState.ShouldBe(WdfPowerDeviceState.D3Final);
    }

    [Fact]
    public void Query_remove_veto_keeps_the_device_started()
    {
        var (sim, dev, _) = Plug(o => o.Fail.Add(CallbackKind.EvtDeviceQueryRemove));
        using var _s = sim;
        dev.ClearCallbacks();
        dev.Remove().ShouldBeFalse();
        ShouldHaveCallbacks(dev, ["EvtDeviceQueryRemove"]);
        dev.Started.ShouldBeTrue();
    }

    [Fact]
    public void Removal_purges_queued_requests_and_stops_owned_ones()
    {
        var (sim, dev, driver) = Plug(o =>
        {
            o.HoldReads = true;
            o.Stop = StopBehavior.Complete;
        });
        using var _s = sim;
        var owned = dev.SubmitRead(1);
        var queued = dev.SubmitRead(2);
        dev.ClearCallbacks();
        dev.Remove().ShouldBeTrue();
        ShouldHaveCallbacks(dev, ["EvtDeviceQueryRemove", "EvtDeviceSelfManagedIoSuspend", "EvtIoStop(suspend)", "EvtDeviceD0ExitPreInterruptsDisabled(D3Final)",
            "EvtInterruptDisable", "EvtDeviceD0Exit(D3Final)", "EvtDeviceReleaseHardware", "EvtDeviceSelfManagedIoFlush", "EvtDeviceSelfManagedIoCleanup", "EvtCleanupCallback"]);
        owned.Result.Status.ShouldBe(NtStatus.Cancelled);
        queued.Result.Status.ShouldBe(NtStatus.Cancelled);
    }

    [Fact]
    public void Removal_of_an_idle_device_wakes_it_first()
    {
        var (sim, dev, _) = Plug(o => o.Idle = new S0IdleSettings(VirtualTime.Milliseconds(100)));
        using var _s = sim;
        sim.Advance(VirtualTime.Milliseconds(100));
        dev.ClearCallbacks();
        dev.Remove().ShouldBeTrue();
        ShouldHaveCallbacks(dev, ["EvtDeviceQueryRemove"], PowerUpFromD3, PowerDownToD3Final, ["EvtDeviceReleaseHardware",
            "EvtDeviceSelfManagedIoFlush", "EvtDeviceSelfManagedIoCleanup", "EvtCleanupCallback"]);
    }

    [Fact]
    public void Surprise_removal_in_d0()
    {
        var (sim, dev, _) = Plug();
        using var _s = sim;
        dev.ClearCallbacks();
        dev.SurpriseRemoveOnly();
        ShouldHaveCallbacks(dev, ["EvtDeviceSurpriseRemoval"], PowerDownToD3Final, ["EvtDeviceReleaseHardware", "EvtDeviceSelfManagedIoFlush"]);
        dev.Device!.Machines.PnpState.ShouldBe(WdfDevicePnpState.WdfDevStatePnpFailedWaitForRemove);
        dev.ClearCallbacks();
        dev.RemoveAfterSurpriseRemoval();
        ShouldHaveCallbacks(dev, ["EvtDeviceSelfManagedIoCleanup", "EvtCleanupCallback"]);
        dev.Device.Machines.PnpState.ShouldBe(WdfDevicePnpState.WdfDevStatePnpFinal);
        sim.Violations.ShouldBeEmpty();
    }

    [Fact]
    public void Surprise_removal_in_dx_releases_hardware_directly()
    {
        var (sim, dev, _) = Plug(o => o.Idle = new S0IdleSettings(VirtualTime.Milliseconds(100)));
        using var _s = sim;
        sim.Advance(VirtualTime.Milliseconds(100));
        dev.ClearCallbacks();
        dev.SurpriseRemove();
        ShouldHaveCallbacks(dev, ["EvtDeviceSurpriseRemoval", "EvtDeviceReleaseHardware", "EvtDeviceSelfManagedIoFlush",
            "EvtDeviceSelfManagedIoCleanup", "EvtCleanupCallback"]);
        dev.PowerState.ShouldBe(WdfPowerDeviceState.D3Final);
    }

    [Fact]
    public void Surprise_removal_after_query_remove()
    {
        var (sim, dev, _) = Plug();
        using var _s = sim;
        dev.ClearCallbacks();
        dev.QueryRemove().ShouldBeTrue();
        dev.SurpriseRemove();
        ShouldHaveCallbacks(dev, ["EvtDeviceQueryRemove", "EvtDeviceSurpriseRemoval"], PowerDownToD3Final,
            ["EvtDeviceReleaseHardware", "EvtDeviceSelfManagedIoFlush", "EvtDeviceSelfManagedIoCleanup", "EvtCleanupCallback"]);
    }

    [Fact]
    public void Release_hardware_failure_at_stop_fails_and_removes_the_device()
    {
        var (sim, dev, _) = Plug(o => o.Fail.Add(CallbackKind.EvtDeviceReleaseHardware));
        using var _s = sim;
        dev.ClearCallbacks();
        dev.Stop().ShouldBeTrue();
        ShouldHaveCallbacks(dev, ["EvtDeviceQueryStop"], PowerDownToD3Final, ["EvtDeviceReleaseHardware", "EvtDeviceSelfManagedIoFlush",
            "EvtDeviceSurpriseRemoval", "EvtDeviceSelfManagedIoCleanup", "EvtCleanupCallback"]);
        dev.Device!.Machines.PnpState.ShouldBe(WdfDevicePnpState.WdfDevStatePnpFinal);
    }

    [Fact]
    public void Prepare_hardware_failure_at_restart_fails_and_removes_the_device()
    {
        var (sim, dev, driver) = Plug();
        using var _s = sim;
        dev.Stop().ShouldBeTrue();
        driver.Options.Fail.Add(CallbackKind.EvtDevicePrepareHardware);
        dev.ClearCallbacks();
        dev.Restart();
        ShouldHaveCallbacks(dev, ["EvtDevicePrepareHardware", "EvtDeviceReleaseHardware", "EvtDeviceSelfManagedIoFlush",
            "EvtDeviceSurpriseRemoval", "EvtDeviceSelfManagedIoCleanup", "EvtCleanupCallback"]);
        dev.Started.ShouldBeFalse();
    }

    [Fact]
    public void Self_managed_io_suspend_failure_fails_the_power_down()
    {
        var (sim, dev, _) = Plug(o =>
        {
            o.Idle = new S0IdleSettings(VirtualTime.Milliseconds(100));
            o.Fail.Add(CallbackKind.EvtDeviceSelfManagedIoSuspend);
        });
        using var _s = sim;
        dev.ClearCallbacks();
        sim.Advance(VirtualTime.Milliseconds(100));
        ShouldHaveCallbacks(dev, ["EvtDeviceSelfManagedIoSuspend", "EvtDeviceReleaseHardware", "EvtDeviceSelfManagedIoFlush",
            "EvtDeviceSurpriseRemoval", "EvtDeviceSelfManagedIoCleanup", "EvtCleanupCallback"]);
        dev.Device!.Machines.PnpState.ShouldBe(WdfDevicePnpState.WdfDevStatePnpFinal);
    }
}

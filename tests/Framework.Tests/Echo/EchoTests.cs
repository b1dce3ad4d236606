using DriverScript.Framework;
using DriverScript.Framework.Drivers;
using DriverScript.Framework.Requests;
using DriverScript.Hardware.Time;

namespace DriverScript.Framework.Tests.Echo;

public sealed class EchoTests : IDisposable
{
    private readonly Simulation sim = new();
    private readonly PluggedDevice dev;

    public EchoTests()
    {
        dev = sim.CreateDriver("Echo", EchoDriver.DeviceAdd).Plug();
    }

    public void Dispose() => sim.Dispose();

    [Fact]
    public void Starts_with_the_self_managed_io_start_callback()
    {
        dev.Started.ShouldBeTrue();
        dev.PowerState.ShouldBe(WdfPowerDeviceState.D0);
        dev.KmdfCallbacks.ShouldBe(["EvtDriverDeviceAdd", "EvtDeviceSelfManagedIoInit"]);
        sim.Violations.ShouldBeEmpty();
    }

    [Fact]
    public void Zero_length_reads_and_writes_are_completed_by_the_framework()
    {
        dev.ClearCallbacks();
        dev.Read(0).ShouldBe(new RequestResult(NtStatus.Success, 0, ReadOnlyMemory<byte>.Empty));
        dev.Write(Array.Empty<byte>()).Status.ShouldBe(NtStatus.Success);
        dev.Callbacks.ShouldBeEmpty();
    }

    [Fact]
    public void Ioctls_are_invalid_and_create_close_succeed()
    {
        dev.Ioctl(0x222000, new byte[] { 1 }, 4).Status.ShouldBe(NtStatus.InvalidDeviceRequest);
        var create = dev.SubmitFileRequest(RequestKind.Create);
        var close = dev.SubmitFileRequest(RequestKind.Close);
        create.Result.Status.ShouldBe(NtStatus.Success);
        close.Result.Status.ShouldBe(NtStatus.Success);
    }

    [Fact]
    public void A_read_before_any_write_completes_at_once_with_nothing()
    {
        var read = dev.SubmitRead(16);
        read.IsCompleted.ShouldBeTrue();
        read.Result.Status.ShouldBe(NtStatus.Success);
        read.Result.Information.ShouldBe(0UL);
    }

    [Fact]
    public void A_write_completes_on_the_first_tick_100ms_after_start()
    {
        var write = dev.SubmitWrite("hello"u8.ToArray());
        write.IsCompleted.ShouldBeFalse();
        sim.Advance(VirtualTime.Milliseconds(99));
        write.IsCompleted.ShouldBeFalse();
        sim.Advance(VirtualTime.Milliseconds(1));
        write.IsCompleted.ShouldBeTrue();
        write.Result.Status.ShouldBe(NtStatus.Success);
        write.Result.Information.ShouldBe(5UL);
    }

    [Fact]
    public void Reads_return_the_written_data_without_consuming_it()
    {
        dev.Write("hello world"u8.ToArray()).Information.ShouldBe(11UL);
        var first = dev.Read(5);
        first.Status.ShouldBe(NtStatus.Success);
        first.Data.ToArray().ShouldBe("hello"u8.ToArray());
        var second = dev.Read(100);
        second.Information.ShouldBe(11UL);
        second.Data.ToArray().ShouldBe("hello world"u8.ToArray());
    }

    [Fact]
    public void Each_request_completes_on_the_next_tick_two_seconds_apart()
    {
        dev.Write("x"u8.ToArray());                       // first tick: 100 ms
        sim.Now.ShouldBe(VirtualTime.Milliseconds(100));
        dev.Read(1);                                      // next tick: 2100 ms
        sim.Now.ShouldBe(VirtualTime.Milliseconds(2100));
    }

    [Fact]
    public void At_most_one_request_is_outstanding_and_the_next_waits_in_the_queue()
    {
        var w1 = dev.SubmitWrite("one"u8.ToArray());
        var w2 = dev.SubmitWrite("two"u8.ToArray());
        var queue = dev.Device!.DefaultQueue!;
        queue.DriverOwnedCount.ShouldBe(1);
        queue.QueuedCount.ShouldBe(1);
        sim.Advance(VirtualTime.Milliseconds(100));
        w1.IsCompleted.ShouldBeTrue();
        w2.IsCompleted.ShouldBeFalse();
        sim.Advance(VirtualTime.Milliseconds(2000));
        w2.IsCompleted.ShouldBeTrue();
        dev.Read(3).Data.ToArray().ShouldBe("two"u8.ToArray());
    }

    [Fact]
    public void Writes_over_40960_bytes_overflow()
    {
        var result = dev.Write(new byte[EchoDriver.MaxWriteLength + 1]);
        result.Status.ShouldBe(NtStatus.BufferOverflow);
        result.Information.ShouldBe(0UL);
        dev.Write(new byte[EchoDriver.MaxWriteLength]).Status.ShouldBe(NtStatus.Success);
    }

    [Fact]
    public void A_canceled_request_is_completed_by_the_cancel_routine_and_the_timer_leaves_it()
    {
        var write = dev.SubmitWrite("abc"u8.ToArray());
        sim.Advance(VirtualTime.Milliseconds(50));
        write.Cancel();
        write.IsCompleted.ShouldBeTrue();
        write.Result.Status.ShouldBe(NtStatus.Cancelled);
        write.Result.Information.ShouldBe(0UL);
        sim.Advance(VirtualTime.Milliseconds(100));   // the tick finds no current request
        sim.Violations.ShouldBeEmpty();
        dev.KmdfCallbacks.ShouldContain("EvtRequestCancel");
    }

    [Fact]
    public void A_queued_request_canceled_before_presentation_is_completed_by_the_framework()
    {
        var w1 = dev.SubmitWrite("one"u8.ToArray());
        var w2 = dev.SubmitWrite("two"u8.ToArray());
        w2.Cancel();
        w2.Result.Status.ShouldBe(NtStatus.Cancelled);
        sim.Advance(VirtualTime.Milliseconds(100));
        w1.Result.Status.ShouldBe(NtStatus.Success);
        sim.Violations.ShouldBeEmpty();
    }

    [Fact]
    public void The_timer_runs_at_dispatch_level_under_the_queue_lock()
    {
        dev.Write("a"u8.ToArray());
        var begin = sim.Trace.Events.First(e => e.Kind == DriverScript.Framework.Tracing.TraceEventKind.CallbackBegin && (CallbackKind)e.A == CallbackKind.EvtTimerFunc);
        ((Irql)begin.B).ShouldBe(Irql.Dispatch);
        dev.Device!.DefaultQueue!.SyncLock!.AcquireCount.ShouldBeGreaterThan(1);
    }

    [Fact]
    public void Sleep_and_wake_suspend_and_restart_the_queue_and_timer()
    {
        dev.Sleep();
        dev.PowerState.ShouldBe(WdfPowerDeviceState.D3);
        dev.Wake();
        dev.PowerState.ShouldBe(WdfPowerDeviceState.D0);
        dev.KmdfCallbacks.ShouldBe(["EvtDriverDeviceAdd", "EvtDeviceSelfManagedIoInit", "EvtDeviceSelfManagedIoSuspend", "EvtDeviceSelfManagedIoRestart"]);
        var write = dev.SubmitWrite("again"u8.ToArray());
        sim.Advance(VirtualTime.Milliseconds(100));
        write.Result.Status.ShouldBe(NtStatus.Success);
        sim.Violations.ShouldBeEmpty();
    }

    [Fact]
    public void Removal_runs_the_queue_context_destroy_callback()
    {
        dev.Write("data"u8.ToArray());
        dev.Remove().ShouldBeTrue();
        dev.Device!.IsRemoved.ShouldBeTrue();
        dev.KmdfCallbacks.ShouldContain("EvtDestroyCallback");
        sim.Violations.ShouldBeEmpty();
    }
}

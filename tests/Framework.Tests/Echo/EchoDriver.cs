using DriverScript.Framework;
using DriverScript.Framework.Drivers;
using DriverScript.Framework.Queues;
using DriverScript.Framework.Requests;
using DriverScript.Framework.Timers;
using DriverScript.Hardware.Time;

namespace DriverScript.Framework.Tests.Echo;

/// <summary>
/// A hand-written C# port of the KMDF echo sample, AutoSync variant (Windows-driver-samples
/// general/echo/kmdf/driver/AutoSync; KMDF.md B9a): one sequential, power-managed default queue with
/// SynchronizationScope = Queue, a 2000 ms periodic timer parented to the queue (first tick 100 ms
/// after start), read before write, non-consuming reads, cancelation. It is also the baseline the
/// interpreter's benchmarks compare against.
/// </summary>
public static class EchoDriver
{
    /// <summary>MAX_WRITE_LENGTH in queue.c.</summary>
    public const int MaxWriteLength = 1024 * 40;

    /// <summary>TIMER_PERIOD in queue.c: 2000 ms.</summary>
    public static readonly long TimerPeriod = VirtualTime.Milliseconds(2000);

    /// <summary>The first tick after EchoEvtDeviceSelfManagedIoStart: WdfTimerStart(WDF_REL_TIMEOUT_IN_MS(100)).</summary>
    public static readonly long FirstTick = VirtualTime.Milliseconds(100);

    /// <summary>QUEUE_CONTEXT.</summary>
    public sealed class QueueContext
    {
        public byte[]? Buffer { get; set; }

        public int Length { get; set; }

        public WdfTimer Timer { get; set; } = null!;

        public WdfRequest? CurrentRequest { get; set; }

        public NtStatus CurrentStatus { get; set; }
    }

    /// <summary>DEVICE_CONTEXT (the sample keeps nothing else).</summary>
    public sealed class DeviceContext
    {
        public WdfIoQueue Queue { get; set; } = null!;
    }

    /// <summary>EchoEvtDeviceAdd (device.c) + EchoQueueInitialize (queue.c).</summary>
    public static NtStatus DeviceAdd(WdfDriver driver, WdfDeviceInit init)
    {
        init.PnpPower.EvtDeviceSelfManagedIoInit = SelfManagedIoStart;
        init.PnpPower.EvtDeviceSelfManagedIoRestart = SelfManagedIoStart;
        init.PnpPower.EvtDeviceSelfManagedIoSuspend = SelfManagedIoSuspend;
        var device = init.Create();

        var context = new QueueContext();
        var queue = device.CreateQueue(new WdfIoQueueConfig(WdfIoQueueDispatchType.Sequential)
        {
            Name = "echo queue",
            DefaultQueue = true,
            SynchronizationScope = SynchronizationScope.Queue,
            EvtIoRead = Read,
            EvtIoWrite = Write,
        });
        queue.Context = context;
        queue.EvtDestroyCallback = _ => context.Buffer = null;   // EchoEvtIoQueueContextDestroy frees the buffer
        context.Timer = device.CreateTimer(new WdfTimerConfig(TimerTick) { Period = TimerPeriod, Parent = queue, Name = "echo timer" });
        device.Context = new DeviceContext { Queue = queue };
        return NtStatus.Success;
    }

    private static QueueContext ContextOf(WdfIoQueue queue) => (QueueContext)queue.Context!;

    /// <summary>EchoEvtDeviceSelfManagedIoStart: restart the queue and the periodic timer.</summary>
    private static NtStatus SelfManagedIoStart(WdfDevice device)
    {
        var queue = ((DeviceContext)device.Context!).Queue;
        queue.Start();
        ContextOf(queue).Timer.Start(FirstTick);
        return NtStatus.Success;
    }

    /// <summary>EchoEvtDeviceSelfManagedIoSuspend: stop the queue (waiting for the request in flight) and the timer.</summary>
    private static NtStatus SelfManagedIoSuspend(WdfDevice device)
    {
        var queue = ((DeviceContext)device.Context!).Queue;
        queue.StopSynchronously();
        ContextOf(queue).Timer.Stop(wait: true);
        return NtStatus.Success;
    }

    /// <summary>EchoEvtIoRead.</summary>
    private static void Read(WdfIoQueue queue, WdfRequest request, long length)
    {
        var context = ContextOf(queue);
        if (context.Buffer == null)
        {
            request.CompleteWithInformation(NtStatus.Success, 0);
            return;
        }

        var n = (int)Math.Min(length, context.Length);
        var status = request.WriteOutput(context.Buffer.AsSpan(0, n));
        if (!status.IsSuccess)
        {
            request.CompleteWithInformation(status, 0);
            return;
        }

        request.SetInformation((ulong)n);
        request.MarkCancelable(RequestCancel);
        context.CurrentRequest = request;
        context.CurrentStatus = status;
    }

    /// <summary>EchoEvtIoWrite.</summary>
    private static void Write(WdfIoQueue queue, WdfRequest request, long length)
    {
        if (length > MaxWriteLength)
        {
            request.CompleteWithInformation(NtStatus.BufferOverflow, 0);
            return;
        }

        var context = ContextOf(queue);
        context.Buffer = null;   // ExFreePool of the previous buffer: the data is gone even if allocation fails
        context.Buffer = request.Input.ToArray();
        context.Length = (int)length;
        request.SetInformation((ulong)length);
        request.MarkCancelable(RequestCancel);
        context.CurrentRequest = request;
        context.CurrentStatus = NtStatus.Success;
    }

    /// <summary>EchoEvtTimerFunc: completes the pending request unless it was canceled.</summary>
    private static void TimerTick(WdfTimer timer)
    {
        var queue = (WdfIoQueue)timer.Parent!;
        var context = ContextOf(queue);
        var request = context.CurrentRequest;
        if (request == null)
        {
            return;
        }

        var status = request.UnmarkCancelable();
        if (status != NtStatus.Cancelled)
        {
            context.CurrentRequest = null;
            request.Complete(context.CurrentStatus);
        }
    }

    /// <summary>EchoEvtRequestCancel.</summary>
    private static void RequestCancel(WdfRequest request)
    {
        var context = ContextOf(request.Queue!);
        request.CompleteWithInformation(NtStatus.Cancelled, 0);
        context.CurrentRequest = null;
    }
}

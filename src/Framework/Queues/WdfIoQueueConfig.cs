using DriverScript.Framework.Drivers;
using DriverScript.Framework.Requests;

namespace DriverScript.Framework.Queues;

/// <summary>How a queue presents requests (WDF_IO_QUEUE_DISPATCH_TYPE).</summary>
public enum WdfIoQueueDispatchType : byte
{
    /// <summary>One request at a time: nothing more is presented while the driver owns one.</summary>
    Sequential = 1,

    /// <summary>Up to <see cref="WdfIoQueueConfig.NumberOfPresentedRequests"/> at once.</summary>
    Parallel = 2,

    /// <summary>Never presented: the driver retrieves them.</summary>
    Manual = 3,
}

/// <summary>EvtIoRead / EvtIoWrite: a read or write of <paramref name="length"/> bytes.</summary>
public delegate void EvtIoReadWrite(WdfIoQueue queue, WdfRequest request, long length);

/// <summary>EvtIoDeviceControl / EvtIoInternalDeviceControl.</summary>
public delegate void EvtIoDeviceControl(WdfIoQueue queue, WdfRequest request, int outputBufferLength, int inputBufferLength, uint ioControlCode);

/// <summary>EvtIoDefault, EvtIoResume, EvtIoCanceledOnQueue: a request of the queue.</summary>
public delegate void EvtIoRequest(WdfIoQueue queue, WdfRequest request);

/// <summary>EvtIoStop: the device leaves D0 or the queue is purged while the driver owns <paramref name="request"/>.</summary>
public delegate void EvtIoStop(WdfIoQueue queue, WdfRequest request, WdfRequestStopActionFlags actionFlags);

/// <summary>EvtIoQueueState: a manual queue became non-empty, or a Stop/Drain/Purge finished.</summary>
public delegate void EvtIoQueueState(WdfIoQueue queue);

/// <summary>EvtRequestCancel: a cancelable request was canceled; the routine must complete it.</summary>
public delegate void EvtRequestCancel(WdfRequest request);

/// <summary>
/// WDF_IO_QUEUE_CONFIG plus the queue's object attributes: dispatch type, default queue, power
/// management, zero-length handling, and the event callbacks as delegates.
/// </summary>
/// <example>
/// <code>
/// var queue = device.CreateQueue(new WdfIoQueueConfig(WdfIoQueueDispatchType.Sequential)
/// {
///     DefaultQueue = true,
///     EvtIoRead = (q, request, length) => request.CompleteWithInformation(NtStatus.Success, 0),
/// });
/// </code>
/// </example>
public sealed class WdfIoQueueConfig
{
    /// <summary>Creates a configuration with <paramref name="dispatchType"/>.</summary>
    public WdfIoQueueConfig(WdfIoQueueDispatchType dispatchType) => DispatchType = dispatchType;

    /// <summary>The dispatch type.</summary>
    public WdfIoQueueDispatchType DispatchType { get; }

    /// <summary>The queue's name (for traces and the language's queue names).</summary>
    public string? Name { get; init; }

    /// <summary>The device's default queue: gets every request type not routed elsewhere.</summary>
    public bool DefaultQueue { get; init; }

    /// <summary>Parallel queues: at most this many requests presented at once (default: unlimited).</summary>
    public int NumberOfPresentedRequests { get; init; } = int.MaxValue;

    /// <summary>Power-managed (default): stopped while the device is not in D0; a request arriving then powers the device up.</summary>
    public bool PowerManaged { get; init; } = true;

    /// <summary>Present zero-length reads and writes instead of completing them with STATUS_SUCCESS, 0.</summary>
    public bool AllowZeroLengthRequests { get; init; }

    /// <summary>The queue's synchronization scope; null inherits the device's.</summary>
    public SynchronizationScope? SynchronizationScope { get; init; }

    /// <summary>The queue's execution level; null inherits the device's.</summary>
    public ExecutionLevel? ExecutionLevel { get; init; }

    public EvtIoReadWrite? EvtIoRead { get; init; }

    public EvtIoReadWrite? EvtIoWrite { get; init; }

    public EvtIoDeviceControl? EvtIoDeviceControl { get; init; }

    public EvtIoDeviceControl? EvtIoInternalDeviceControl { get; init; }

    public EvtIoRequest? EvtIoDefault { get; init; }

    public EvtIoStop? EvtIoStop { get; init; }

    public EvtIoRequest? EvtIoResume { get; init; }

    public EvtIoRequest? EvtIoCanceledOnQueue { get; init; }

    /// <summary>Manual queues: called when the queue goes from empty to non-empty (WdfIoQueueReadyNotify).</summary>
    public EvtIoQueueState? EvtIoQueueState { get; init; }

    /// <summary>The cancel routine <see cref="WdfRequest.MarkCancelableEx"/> uses when given none (the language's <c>on cancel</c>).</summary>
    public EvtRequestCancel? EvtRequestCancel { get; init; }
}

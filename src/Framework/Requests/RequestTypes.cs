namespace DriverScript.Framework.Requests;

/// <summary>A request's major function (the language's <c>req.kind</c>: READ, WRITE, IOCTL).</summary>
public enum RequestKind : byte
{
    Create,
    Close,
    Read,
    Write,
    DeviceControl,
    InternalDeviceControl,
}

/// <summary>Where a request is in its life cycle (KMDF.md B3).</summary>
public enum RequestState : byte
{
    /// <summary>Created by the host, not yet routed.</summary>
    Created,

    /// <summary>In a queue, waiting to be presented or retrieved.</summary>
    Queued,

    /// <summary>Presented to (or retrieved by) the driver, which must complete, forward or requeue it.</summary>
    DriverOwned,

    /// <summary>Completed: terminal; the driver's handle is invalid.</summary>
    Completed,
}

/// <summary>EvtIoStop's action (WDF_REQUEST_STOP_ACTION_FLAGS).</summary>
[Flags]
public enum WdfRequestStopActionFlags : uint
{
    Invalid = 0,

    /// <summary>The device is leaving D0 (power-down, stop): complete the request or acknowledge it.</summary>
    Suspend = 1,

    /// <summary>The queue is being purged (removal): complete or cancel the request.</summary>
    Purge = 2,

    /// <summary>The request is cancelable.</summary>
    RequestCancelable = 0x10000000,
}

/// <summary>What the host sees of a completed request.</summary>
/// <param name="Status">The completion status (after KMDF's mapping of STATUS_WDF_* codes).</param>
/// <param name="Information">The completion information (bytes transferred).</param>
/// <param name="Data">The bytes the driver returned: the first <see cref="Information"/> bytes of the output buffer for a read or IOCTL.</param>
public readonly record struct RequestResult(NtStatus Status, ulong Information, ReadOnlyMemory<byte> Data);

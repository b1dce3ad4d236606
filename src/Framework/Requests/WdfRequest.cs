using DriverScript.Framework.Drivers;
using DriverScript.Framework.Objects;
using DriverScript.Framework.Queues;
using DriverScript.Framework.Tracing;
using DriverScript.Framework.Verifier;

namespace DriverScript.Framework.Requests;

/// <summary>
/// An I/O request (WDFREQUEST): sent by the host, routed to a queue, presented to the driver, and
/// completed, forwarded or requeued by it — the life cycle of KMDF.md B3. The driver side is the
/// KMDF DDIs (<see cref="Complete(NtStatus, object?)"/>, <see cref="ForwardToIoQueue"/>,
/// <see cref="MarkCancelableEx"/>...); every DDI on a completed request is a verifier finding.
/// The host side (<see cref="IsCompleted"/>, <see cref="Result"/>, <see cref="Cancel"/>) stays valid.
/// </summary>
/// <example>
/// <code>
/// void OnRead(WdfIoQueue queue, WdfRequest request, long length)
/// {
///     request.Complete(NtStatus.Success, "hello"u8);      // copies data, Information = 5
/// }
/// var pending = device.SubmitRead(5);
/// sim.Settle();
/// pending.Result.Data;                                    // "hello"
/// </code>
/// </example>
public sealed class WdfRequest : WdfObject
{
    private byte[]? output;
    private ulong information;

    internal WdfRequest(Simulation simulation, WdfDevice device, RequestKind kind, long length, ReadOnlyMemory<byte> input, int outputLength, uint ioctlCode)
        : base(simulation, null, device, "request")
    {
        Kind = kind;
        length0 = length;
        input0 = input;
        outputLength0 = outputLength;
        ioctlCode0 = ioctlCode;
        TraceName = simulation.RequestTraceName;
    }

    private readonly long length0;
    private readonly ReadOnlyMemory<byte> input0;
    private readonly int outputLength0;
    private readonly uint ioctlCode0;

    /// <inheritdoc />
    public override string KmdfType => "WDFREQUEST";

    internal override bool NoDeleteDdi => true;

    /// <summary>The major function (reading it is allowed after completion: it is host-side information too).</summary>
    public RequestKind Kind { get; }

    /// <summary>Where the request is in its life cycle.</summary>
    public RequestState State { get; internal set; }

    /// <summary>The queue the request is in, or was last presented from.</summary>
    public WdfIoQueue? Queue { get; internal set; }

    // ---------------------------------------------------------------- driver-side parameters (InvalidReqAccess after completion)

    /// <summary>Bytes to read, or bytes written (WDF_REQUEST_PARAMETERS Length); the language's <c>req.length</c>.</summary>
    public long Length => ValidFor(null) ? length0 : 0;

    /// <summary>The bytes written, or the IOCTL's input buffer; the language's <c>req.input</c>.</summary>
    public ReadOnlyMemory<byte> Input => ValidFor(null) ? input0 : ReadOnlyMemory<byte>.Empty;

    /// <summary>The IOCTL's output buffer length; the language's <c>req.output_length</c>.</summary>
    public int OutputLength => ValidFor(null) ? outputLength0 : 0;

    /// <summary>The IOCTL code; the language's <c>req.code</c>.</summary>
    public uint IoctlCode => ValidFor(null) ? ioctlCode0 : 0;

    /// <summary>The length of the buffer the driver may fill: a read's length, an IOCTL's output length.</summary>
    internal long OutputCapacity => Kind == RequestKind.Read ? length0 : Kind is RequestKind.DeviceControl or RequestKind.InternalDeviceControl ? outputLength0 : 0;

    /// <summary>The completion limit for Information: the buffer a successful read, write or IOCTL transferred into or from.</summary>
    internal long InformationLimit => Kind switch
    {
        RequestKind.Read or RequestKind.Write => length0,
        RequestKind.DeviceControl or RequestKind.InternalDeviceControl => Math.Max(outputLength0, 0),
        _ => long.MaxValue,
    };

    /// <summary>Checks the request is still valid for the driver; reports InvalidReqAccess (with <paramref name="location"/>) if it was completed.</summary>
    public bool ValidFor(object? location)
    {
        if (State != RequestState.Completed)
        {
            return true;
        }

        Simulation.Verifier.Report(Finding.InvalidReqAccess, location,
            $"request {Handle} is used after it was completed", (ulong)Handle);
        return false;
    }

    // ---------------------------------------------------------------- state the framework keeps

    internal bool EverPresented { get; set; }

    /// <summary>The IRP's cancel flag (IoCancelIrp was called).</summary>
    internal bool CancelRequested { get; set; }

    internal bool Cancelable { get; set; }

    internal EvtRequestCancel? CancelRoutine { get; set; }

    /// <summary>The cancel routine owns the request (it ran, or Unmark returned CANCELLED): only it may complete.</summary>
    internal bool CancelRoutineOwns { get; set; }

    /// <summary>UnmarkCancelable returned STATUS_CANCELLED (CompleteCanceledReq if the caller then completes).</summary>
    internal bool UnmarkReturnedCancelled { get; set; }

    internal bool StopNotified { get; set; }

    /// <summary>Acknowledged with Requeue = FALSE: still owned; EvtIoResume when the queue powers up.</summary>
    internal bool StopAcknowledgedNoRequeue { get; set; }

    internal bool HoldsPowerReference { get; set; }

    internal WdfRequest? Next { get; set; }

    internal WdfRequest? Previous { get; set; }

    // ---------------------------------------------------------------- host side

    /// <summary>True once completed (the host's <c>p.done</c>).</summary>
    public bool IsCompleted => State == RequestState.Completed;

    /// <summary>The completion status, once completed.</summary>
    public NtStatus Status { get; private set; }

    /// <summary>The information so far (<see cref="SetInformation"/> or the completion's).</summary>
    public ulong Information => information;

    /// <summary>The result the host sees (valid once <see cref="IsCompleted"/>).</summary>
    public RequestResult Result
    {
        get
        {
            if (!IsCompleted)
            {
                throw new InvalidOperationException($"request {Handle} is not completed yet");
            }

            var data = ReadOnlyMemory<byte>.Empty;
            if (Kind is RequestKind.Read or RequestKind.DeviceControl or RequestKind.InternalDeviceControl && information > 0)
            {
                var n = (int)Math.Min(information, (ulong)Math.Max(OutputCapacityUnchecked, 0));
                output ??= new byte[n];
                data = output.AsMemory(0, Math.Min(n, output.Length));
            }

            return new RequestResult(Status, information, data);
        }
    }

    private long OutputCapacityUnchecked => Kind == RequestKind.Read ? length0 : outputLength0;

    /// <summary>Called when the request completes (host side).</summary>
    public event Action<WdfRequest>? Completed;

    /// <summary>IoCancelIrp from the host: cancels the request (KMDF.md B3 cancel rules).</summary>
    public void Cancel() => Simulation.CancelRequest(this);

    // ---------------------------------------------------------------- DDIs

    /// <summary>WdfRequestComplete: completes with <paramref name="status"/> and the information set so far.</summary>
    public void Complete(NtStatus status, object? location = null) =>
        CompleteCore(Ddi.WdfRequestComplete, status, information, location);

    /// <summary>WdfRequestCompleteWithInformation.</summary>
    public void CompleteWithInformation(NtStatus status, ulong information, object? location = null) =>
        CompleteCore(Ddi.WdfRequestCompleteWithInformation, status, information, location);

    /// <summary>
    /// The language's <c>complete(req, status, data)</c>: copies <paramref name="data"/> to the output
    /// buffer and completes with Information = its length (more than the buffer holds is a violation,
    /// 0x10D/0x6).
    /// </summary>
    public void Complete(NtStatus status, ReadOnlySpan<byte> data, object? location = null)
    {
        if (State != RequestState.Completed && State == RequestState.DriverOwned)
        {
            var capacity = (int)Math.Max(OutputCapacityUnchecked, 0);
            if (data.Length > 0)
            {
                output ??= new byte[Math.Max(capacity, 0)];
                data[..Math.Min(data.Length, output.Length)].CopyTo(output);
            }
        }

        CompleteCore(Ddi.WdfRequestCompleteWithInformation, status, (ulong)data.Length, location);
    }

    /// <summary>WdfRequestSetInformation.</summary>
    public void SetInformation(ulong value, object? location = null)
    {
        if (!Simulation.EnterDdi(Ddi.WdfRequestSetInformation, this, location) || !ValidFor(location))
        {
            return;
        }

        information = value;
    }

    /// <summary>WdfRequestRetrieveOutputBuffer + a copy: writes <paramref name="data"/> at <paramref name="offset"/> of the output buffer.</summary>
    public NtStatus WriteOutput(ReadOnlySpan<byte> data, int offset = 0, object? location = null)
    {
        if (!Simulation.EnterDdi(Ddi.WdfRequestRetrieveOutputBuffer, this, location) || !ValidFor(location) || !OwnedBy(location))
        {
            return NtStatus.InvalidDeviceRequest;
        }

        var capacity = OutputCapacityUnchecked;
        if (offset < 0 || offset + (long)data.Length > capacity)
        {
            return NtStatus.BufferTooSmall;
        }

        output ??= new byte[capacity];
        data.CopyTo(output.AsSpan(offset));
        return NtStatus.Success;
    }

    /// <summary>WdfRequestIsCanceled (the language's <c>req.canceled</c>).</summary>
    public bool IsCanceled(object? location = null)
    {
        if (!Simulation.EnterDdi(Ddi.WdfRequestIsCanceled, this, location) || !ValidFor(location))
        {
            return false;
        }

        return CancelRequested;
    }

    /// <summary>
    /// WdfRequestMarkCancelableEx: makes the request cancelable with <paramref name="cancelRoutine"/>
    /// (default: the queue's <see cref="WdfIoQueueConfig.EvtRequestCancel"/>). Returns STATUS_CANCELLED,
    /// without calling the routine, if the request was already canceled.
    /// </summary>
    public NtStatus MarkCancelableEx(EvtRequestCancel? cancelRoutine = null, object? location = null) =>
        MarkCore(Ddi.WdfRequestMarkCancelableEx, cancelRoutine, location);

    /// <summary>WdfRequestMarkCancelable: like <see cref="MarkCancelableEx"/>, but a request already canceled has its cancel routine called.</summary>
    public void MarkCancelable(EvtRequestCancel? cancelRoutine = null, object? location = null) =>
        MarkCore(Ddi.WdfRequestMarkCancelable, cancelRoutine, location);

    private NtStatus MarkCore(Ddi ddi, EvtRequestCancel? cancelRoutine, object? location)
    {
        if (!Simulation.EnterDdi(ddi, this, location) || !ValidFor(location) || !OwnedBy(location))
        {
            return NtStatus.InvalidDeviceRequest;
        }

        if (Cancelable)
        {
            Simulation.Verifier.Report(Finding.MarkCancOnCancReqLocal, location,
                $"request {Handle} is marked cancelable twice", (ulong)Handle);
            return NtStatus.InvalidDeviceRequest;
        }

        var routine = cancelRoutine ?? Queue?.Config.EvtRequestCancel;
        if (routine == null)
        {
            throw new InvalidOperationException($"request {Handle}: MarkCancelable needs a cancel routine (pass one, or set the queue's EvtRequestCancel)");
        }

        if (CancelRequested)
        {
            if (ddi == Ddi.WdfRequestMarkCancelableEx)
            {
                Simulation.TraceDdi(ddi, this, NtStatus.Cancelled);
                return NtStatus.Cancelled;
            }

            CancelRoutine = routine;
            CancelRoutineOwns = true;
            Simulation.TraceDdi(ddi, this, NtStatus.Success);
            Simulation.RunCancelRoutine(this);
            return NtStatus.Success;
        }

        Cancelable = true;
        CancelRoutine = routine;
        Simulation.TraceDdi(ddi, this, NtStatus.Success);
        return NtStatus.Success;
    }

    /// <summary>WdfRequestUnmarkCancelable: STATUS_SUCCESS, or STATUS_CANCELLED when the cancel routine has run or will run (the driver must then not complete the request).</summary>
    public NtStatus UnmarkCancelable(object? location = null)
    {
        if (!Simulation.EnterDdi(Ddi.WdfRequestUnmarkCancelable, this, location) || !ValidFor(location) || !OwnedBy(location))
        {
            return NtStatus.InvalidDeviceRequest;
        }

        if (Cancelable)
        {
            Cancelable = false;
            CancelRoutine = null;
            Simulation.TraceDdi(Ddi.WdfRequestUnmarkCancelable, this, NtStatus.Success);
            return NtStatus.Success;
        }

        if (CancelRoutineOwns)
        {
            UnmarkReturnedCancelled = true;
            Simulation.TraceDdi(Ddi.WdfRequestUnmarkCancelable, this, NtStatus.Cancelled);
            return NtStatus.Cancelled;
        }

        Simulation.Verifier.Report(Finding.ReqNotCanceledLocal, location,
            $"UnmarkCancelable on request {Handle}, which is not cancelable", (ulong)Handle);
        return NtStatus.InvalidDeviceRequest;
    }

    /// <summary>WdfRequestForwardToIoQueue: moves an owned, non-cancelable request to another queue of the same device.</summary>
    public NtStatus ForwardToIoQueue(WdfIoQueue destination, object? location = null)
    {
        ArgumentNullException.ThrowIfNull(destination);
        if (!Simulation.EnterDdi(Ddi.WdfRequestForwardToIoQueue, this, location) || !ValidFor(location) || !OwnedBy(location))
        {
            return NtStatus.InvalidDeviceRequest;
        }

        if (Cancelable || destination == Queue || destination.Device != Device)
        {
            Simulation.Verifier.Report(Finding.ForwardToSameQueue, location,
                Cancelable ? $"request {Handle} is forwarded while cancelable"
                : destination == Queue ? $"request {Handle} is forwarded to the queue it came from"
                : $"request {Handle} is forwarded to another device's queue", (ulong)Handle);
            return NtStatus.InvalidDeviceRequest;
        }

        var status = destination.AcceptForwarded(this);
        Simulation.TraceDdi(Ddi.WdfRequestForwardToIoQueue, this, status);
        return status;
    }

    /// <summary>WdfRequestRequeue: returns an owned request to the head of its (manual) queue.</summary>
    public NtStatus Requeue(object? location = null)
    {
        if (!Simulation.EnterDdi(Ddi.WdfRequestRequeue, this, location) || !ValidFor(location) || !OwnedBy(location))
        {
            return NtStatus.InvalidDeviceRequest;
        }

        if (Queue == null || Queue.DispatchType != WdfIoQueueDispatchType.Manual || Cancelable)
        {
            Simulation.Verifier.Report(Finding.RequeueNotManual, location,
                Cancelable ? $"request {Handle} is requeued while cancelable" : $"request {Handle} is requeued to a {Queue?.DispatchType} queue; only manual queues take requeued requests",
                (ulong)Handle);
            return NtStatus.InvalidDeviceRequest;
        }

        Queue.Requeue(this);
        Simulation.TraceDdi(Ddi.WdfRequestRequeue, this, NtStatus.Success);
        return NtStatus.Success;
    }

    /// <summary>WdfRequestStopAcknowledge: answers EvtIoStop. Requeue = TRUE puts the request back at the head of its queue; FALSE keeps it (EvtIoResume follows at D0).</summary>
    public void StopAcknowledge(bool requeue, object? location = null)
    {
        if (!Simulation.EnterDdi(Ddi.WdfRequestStopAcknowledge, this, location) || !ValidFor(location) || !OwnedBy(location))
        {
            return;
        }

        if (!StopNotified)
        {
            Simulation.Verifier.Report(Finding.StopAckWithinEvtIoStop, location,
                $"StopAcknowledge on request {Handle}, which was not given to EvtIoStop", (ulong)Handle);
            return;
        }

        if (!requeue && Queue?.Config.EvtIoResume == null)
        {
            Simulation.Verifier.Report(Finding.EvtIoStopResume, location,
                $"StopAcknowledge(Requeue = FALSE) on request {Handle}, but queue {Queue?.Name} has no EvtIoResume", (ulong)Handle);
        }

        StopNotified = false;
        Simulation.TraceDdi(Ddi.WdfRequestStopAcknowledge, this, -1);
        if (requeue)
        {
            Queue!.RequeueAfterStop(this);
        }
        else
        {
            StopAcknowledgedNoRequeue = true;
            Queue!.OnStopAcknowledged();
        }
    }

    private bool OwnedBy(object? location)
    {
        if (State == RequestState.DriverOwned)
        {
            return true;
        }

        Simulation.Verifier.Report(Finding.RequestNotOwned, location,
            $"request {Handle} is {State}, not owned by the driver", (ulong)Handle);
        return false;
    }

    private void CompleteCore(Ddi ddi, NtStatus status, ulong info, object? location)
    {
        if (!Simulation.EnterDdi(ddi, this, location))
        {
            return;
        }

        if (State == RequestState.Completed)
        {
            Simulation.Verifier.Report(Finding.DoubleCompletion, location,
                $"request {Handle} is completed twice", (ulong)Handle);
            // A machine without a debugger goes on: the second completion reaches the IRP (KMDF.md A2).
            Simulation.Verifier.Report(Finding.MultipleIrpComplete, location,
                $"IRP of request {Handle} completed twice", (ulong)Handle);
            return;
        }

        if (!OwnedBy(location))
        {
            return;
        }

        if (UnmarkReturnedCancelled || (CancelRoutineOwns && !Simulation.InCancelRoutineFor(this)))
        {
            Simulation.Verifier.Report(Finding.CompleteCanceledReq, location,
                $"request {Handle} is completed although its cancel routine owns it", (ulong)Handle);
            return;
        }

        if (Cancelable)
        {
            Simulation.Verifier.Report(Finding.ReqNotCanceledLocal, location,
                $"request {Handle} is completed while still cancelable (call UnmarkCancelable first)", (ulong)Handle);
            Cancelable = false;
            CancelRoutine = null;
        }

        if (Simulation.InSurpriseRemoval(Device))
        {
            Simulation.Verifier.Report(status == NtStatus.Cancelled ? Finding.NoCancelFromEvtSurpriseRemove : Finding.EvtSurpriseRemoveNoRequestComplete,
                location, $"EvtDeviceSurpriseRemoval completes request {Handle} with {status}", (ulong)Handle);
        }

        if (status.IsSuccess && (long)Math.Min(info, long.MaxValue) > InformationLimit)
        {
            Simulation.Verifier.Report(Finding.InformationExceedsBuffer, location,
                $"request {Handle} ({Kind}) completes with Information {info} but its buffer holds {InformationLimit} bytes",
                p3: (ulong)Handle, p4: info);
        }

        FinishCompletion(status, info);
        Simulation.TraceDdi(ddi, this, status);
    }

    /// <summary>Completes the request on the framework's own behalf (routing failures, zero-length, purge): no driver rules apply.</summary>
    internal void CompleteByFramework(NtStatus status, ulong info) => FinishCompletion(status, info);

    private void FinishCompletion(NtStatus status, ulong info)
    {
        var queue = State == RequestState.DriverOwned ? Queue : null;
        var wasQueued = State == RequestState.Queued ? Queue : null;
        information = info;
        Status = status.ForCompletion();
        State = RequestState.Completed;
        Cancelable = false;
        CancelRoutine = null;
        StopNotified = false;
        Simulation.Trace.Add(TraceEventKind.RequestCompleted, Simulation.CurrentProcessorId, 0, Device!.TraceName, Handle, Status.Value, (long)Math.Min(info, long.MaxValue));
        wasQueued?.RemoveQueued(this);
        queue?.OnOwnedRequestGone(this);
        Device.OnRequestCompleted(this);
        Completed?.Invoke(this);
    }
}

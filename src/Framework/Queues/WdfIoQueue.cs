using DriverScript.Framework.Drivers;
using DriverScript.Framework.Locks;
using DriverScript.Framework.Objects;
using DriverScript.Framework.Requests;
using DriverScript.Framework.Scheduling;
using DriverScript.Framework.Verifier;

namespace DriverScript.Framework.Queues;

/// <summary>
/// An I/O queue (WDFQUEUE, KMDF.md B3): holds requests, presents them to the driver by its dispatch
/// type, and follows the driver's Start/Stop/Drain/Purge and the device's power state. Queue state
/// bits are KMDF's: <see cref="IsAccepting"/> and <see cref="IsDispatching"/>; a power-managed queue
/// also needs the device in D0 (<see cref="IsPoweredOn"/>).
/// </summary>
/// <example>
/// <code>
/// queue.Stop(q => log.Add("stopped"));   // fires when the driver owns nothing from the queue
/// queue.Start();
/// var status = manual.RetrieveNextRequest(out var request);
/// </code>
/// </example>
public sealed class WdfIoQueue : WdfObject
{
    private WdfRequest? head;
    private WdfRequest? tail;
    private WdfRequest? ownedHead;
    private QueueStateChange pendingChange;
    private EvtIoQueueState? pendingCallback;
    private bool dispatching;
    private bool redispatch;
    private Work? deferredDispatch;

    internal WdfIoQueue(Simulation simulation, WdfDevice device, WdfObject parent, WdfIoQueueConfig config)
        : base(simulation, parent, device, config.Name ?? (config.DefaultQueue ? "default queue" : "queue"))
    {
        Config = config;
        TraceName = simulation.Trace.Intern(Name);
        Scope = config.SynchronizationScope ?? device.SynchronizationScope;
        Level = config.ExecutionLevel ?? device.ExecutionLevel;
        if (Scope == SynchronizationScope.Queue)
        {
            SyncLock = Level == ExecutionLevel.Passive
                ? new WdfWaitLock(simulation, this, device, Name + " lock")
                : new WdfSpinLock(simulation, this, device, Name + " lock");
        }
        else if (Scope == SynchronizationScope.Device)
        {
            SyncLock = device.SyncLock;
        }

        IsAccepting = true;
        IsDispatching = true;
        IsPoweredOn = !config.PowerManaged || device.QueuesPoweredOn;
    }

    private enum QueueStateChange : byte
    {
        None,
        Stop,
        Drain,
        Purge,
    }

    /// <inheritdoc />
    public override string KmdfType => "WDFQUEUE";

    /// <summary>The default queue and queues set with ConfigureRequestDispatching may not be deleted by the driver.</summary>
    internal override bool NoDeleteDdi => Config.DefaultQueue || IsDispatchTarget;

    internal bool IsDispatchTarget { get; set; }

    /// <summary>The configuration the queue was created with.</summary>
    public WdfIoQueueConfig Config { get; }

    /// <summary>The dispatch type.</summary>
    public WdfIoQueueDispatchType DispatchType => Config.DispatchType;

    /// <summary>True when power-managed.</summary>
    public bool PowerManaged => Config.PowerManaged;

    /// <summary>The effective synchronization scope.</summary>
    public SynchronizationScope Scope { get; }

    /// <summary>The effective execution level.</summary>
    public ExecutionLevel Level { get; }

    /// <summary>The lock held around the queue's callbacks (the queue's or the device's), or null.</summary>
    public LockBase? SyncLock { get; }

    /// <summary>Queue state bit Accept: new requests are taken (otherwise completed with STATUS_INVALID_DEVICE_STATE).</summary>
    public bool IsAccepting { get; private set; }

    /// <summary>Queue state bit Dispatch: requests are presented (or may be retrieved).</summary>
    public bool IsDispatching { get; private set; }

    /// <summary>False while a power-managed queue's device is not in D0.</summary>
    public bool IsPoweredOn { get; private set; }

    /// <summary>Requests waiting in the queue (the language's <c>len(q)</c>).</summary>
    public int QueuedCount { get; private set; }

    /// <summary>Requests from this queue the driver owns (KMDF's DriverIoCount).</summary>
    public int DriverOwnedCount { get; private set; }

    private int PresentLimit => DispatchType == WdfIoQueueDispatchType.Sequential ? 1 : Math.Max(1, Config.NumberOfPresentedRequests);

    // ------------------------------------------------------------------ driver DDIs

    /// <summary>WdfIoQueueStart: accept and dispatch.</summary>
    public void Start(object? location = null)
    {
        if (!Simulation.EnterDdi(Ddi.WdfIoQueueStart, this, location))
        {
            return;
        }

        IsAccepting = true;
        IsDispatching = true;
        Simulation.TraceDdi(Ddi.WdfIoQueueStart, this, -1);
        DispatchEvents();
    }

    /// <summary>WdfIoQueueStop: keep accepting, stop presenting; <paramref name="stopComplete"/> runs once the driver owns no request from the queue.</summary>
    public void Stop(EvtIoQueueState? stopComplete = null, object? location = null) =>
        ChangeState(Ddi.WdfIoQueueStop, QueueStateChange.Stop, accept: true, dispatch: false, purge: false, stopComplete, location);

    /// <summary>WdfIoQueueDrain: stop accepting, keep presenting; <paramref name="drainComplete"/> runs when the queue is empty and nothing is owned.</summary>
    public void Drain(EvtIoQueueState? drainComplete = null, object? location = null) =>
        ChangeState(Ddi.WdfIoQueueDrain, QueueStateChange.Drain, accept: false, dispatch: true, purge: false, drainComplete, location);

    /// <summary>WdfIoQueuePurge: stop accepting, cancel queued requests (and owned cancelable ones); <paramref name="purgeComplete"/> runs when nothing is owned.</summary>
    public void Purge(EvtIoQueueState? purgeComplete = null, object? location = null) =>
        ChangeState(Ddi.WdfIoQueuePurge, QueueStateChange.Purge, accept: false, dispatch: IsDispatching, purge: true, purgeComplete, location);

    /// <summary>WdfIoQueueStopAndPurge: keep accepting, stop presenting, cancel queued requests.</summary>
    public void StopAndPurge(EvtIoQueueState? stopAndPurgeComplete = null, object? location = null) =>
        ChangeState(Ddi.WdfIoQueueStopAndPurge, QueueStateChange.Purge, accept: true, dispatch: false, purge: true, stopAndPurgeComplete, location);

    /// <summary>WdfIoQueueStopSynchronously (PASSIVE_LEVEL): stops and waits until the driver owns no request from the queue.</summary>
    public void StopSynchronously(object? location = null) =>
        ChangeStateSynchronously(Ddi.WdfIoQueueStopSynchronously, QueueStateChange.Stop, accept: true, dispatch: false, purge: false, location);

    /// <summary>WdfIoQueueDrainSynchronously (PASSIVE_LEVEL).</summary>
    public void DrainSynchronously(object? location = null) =>
        ChangeStateSynchronously(Ddi.WdfIoQueueDrainSynchronously, QueueStateChange.Drain, accept: false, dispatch: true, purge: false, location);

    /// <summary>WdfIoQueuePurgeSynchronously (PASSIVE_LEVEL).</summary>
    public void PurgeSynchronously(object? location = null) =>
        ChangeStateSynchronously(Ddi.WdfIoQueuePurgeSynchronously, QueueStateChange.Purge, accept: false, dispatch: IsDispatching, purge: true, location);

    /// <summary>WdfIoQueueStopAndPurgeSynchronously (PASSIVE_LEVEL).</summary>
    public void StopAndPurgeSynchronously(object? location = null) =>
        ChangeStateSynchronously(Ddi.WdfIoQueueStopAndPurgeSynchronously, QueueStateChange.Purge, accept: true, dispatch: false, purge: true, location);

    /// <summary>
    /// WdfIoQueueRetrieveNextRequest: takes the next request of a manual queue. STATUS_WDF_PAUSED when
    /// the queue is stopped or powered off, STATUS_NO_MORE_ENTRIES when empty, STATUS_INVALID_DEVICE_STATE
    /// for a queue that presents requests itself.
    /// </summary>
    public NtStatus RetrieveNextRequest(out WdfRequest? request, object? location = null)
    {
        request = null;
        if (!Simulation.EnterDdi(Ddi.WdfIoQueueRetrieveNextRequest, this, location))
        {
            return NtStatus.InvalidDeviceRequest;
        }

        NtStatus status;
        if (DispatchType != WdfIoQueueDispatchType.Manual)
        {
            status = NtStatus.InvalidDeviceState;
        }
        else if (!IsDispatching || !IsPoweredOn)
        {
            status = NtStatus.WdfPaused;
        }
        else if (head == null)
        {
            status = NtStatus.NoMoreEntries;
        }
        else
        {
            request = DequeueHead();
            MakeOwned(request);
            status = NtStatus.Success;
        }

        Simulation.TraceDdi(Ddi.WdfIoQueueRetrieveNextRequest, this, status);
        return status;
    }

    private void ChangeState(Ddi ddi, QueueStateChange change, bool accept, bool dispatch, bool purge, EvtIoQueueState? callback, object? location)
    {
        if (!Simulation.EnterDdi(ddi, this, location))
        {
            return;
        }

        CheckStateChangeAllowed(ddi, callback != null, location);
        ApplyState(accept, dispatch, purge);
        Simulation.TraceDdi(ddi, this, -1);
        if (callback != null)
        {
            pendingChange = change;
            pendingCallback = callback;
        }

        DispatchEvents();
    }

    private void ChangeStateSynchronously(Ddi ddi, QueueStateChange change, bool accept, bool dispatch, bool purge, object? location)
    {
        if (!Simulation.EnterDdi(ddi, this, location))
        {
            return;
        }

        CheckStateChangeAllowed(ddi, true, location);
        if (Simulation.InIoCallbackOf(this))
        {
            Simulation.Verifier.Report(Finding.NoIoQueuePurgeSynchronously, location,
                $"{ddi.Info().Name} on queue {Name} from its own I/O callback would wait for itself", (ulong)Handle);
            return;
        }

        ApplyState(accept, dispatch, purge);
        Simulation.TraceDdi(ddi, this, -1);
        pendingChange = change;
        DispatchEvents();
        Simulation.WaitPassive(() => StateChangeDone(change), long.MaxValue, $"{ddi.Info().Name}({Name})", location);
        pendingChange = QueueStateChange.None;
    }

    private void CheckStateChangeAllowed(Ddi ddi, bool withCompletion, object? location)
    {
        if (Simulation.InSurpriseRemoval(Device))
        {
            Simulation.Verifier.Report(Finding.EvtSurpriseRemoveNoSuspendQueue, location,
                $"EvtDeviceSurpriseRemoval calls {ddi.Info().Name} on queue {Name}", (ulong)Handle);
        }

        if (pendingChange != QueueStateChange.None && withCompletion)
        {
            Simulation.Verifier.Report(Finding.ChangeQueueState, location,
                $"{ddi.Info().Name} on queue {Name} while its {pendingChange} has not completed", (ulong)Handle);
        }
    }

    private void ApplyState(bool accept, bool dispatch, bool purge)
    {
        IsAccepting = accept;
        IsDispatching = dispatch;
        if (purge)
        {
            CancelQueuedRequests();
            CancelOwnedCancelableRequests();
        }
    }

    private bool StateChangeDone(QueueStateChange change) => change switch
    {
        QueueStateChange.Stop or QueueStateChange.Purge => DriverOwnedCount == 0,
        QueueStateChange.Drain => DriverOwnedCount == 0 && QueuedCount == 0,
        _ => true,
    };

    // ------------------------------------------------------------------ arrival and presentation

    /// <summary>A request routed to the queue by the device.</summary>
    internal void Enqueue(WdfRequest request)
    {
        request.Queue = this;
        if (!IsAccepting)
        {
            request.CompleteByFramework(NtStatus.InvalidDeviceState, 0);
            return;
        }

        if (request.Kind is RequestKind.Read or RequestKind.Write && request.Length == 0 && !Config.AllowZeroLengthRequests)
        {
            request.CompleteByFramework(NtStatus.Success, 0);
            return;
        }

        InsertTail(request);
        DispatchEvents();
    }

    internal NtStatus AcceptForwarded(WdfRequest request)
    {
        if (!IsAccepting)
        {
            return NtStatus.WdfBusy;
        }

        var source = request.Queue!;
        source.RemoveOwned(request);
        request.Queue = this;
        InsertTail(request);
        source.DispatchEvents();
        DispatchEvents();
        return NtStatus.Success;
    }

    internal void Requeue(WdfRequest request)
    {
        RemoveOwned(request);
        InsertHead(request);
        DispatchEvents();
    }

    internal void RequeueAfterStop(WdfRequest request)
    {
        RemoveOwned(request);
        InsertHead(request);
        Device!.OnQueueProgress();
    }

    internal void OnStopAcknowledged() => Device!.OnQueueProgress();

    /// <summary>Presents queued requests while the queue's state and type allow (KMDF's DispatchEvents), then fires a finished Stop/Drain/Purge's callback.</summary>
    internal void DispatchEvents()
    {
        if (Simulation.Scheduler.Current == null)
        {
            Simulation.OnTask(DispatchEvents);
            return;
        }

        if (dispatching)
        {
            redispatch = true;
            return;
        }

        dispatching = true;
        try
        {
            do
            {
                redispatch = false;
                while (head != null && IsDispatching && IsPoweredOn && DispatchType != WdfIoQueueDispatchType.Manual && DriverOwnedCount < PresentLimit)
                {
                    if (MustDefer())
                    {
                        ScheduleDeferredDispatch();
                        break;
                    }

                    var request = DequeueHead();
                    MakeOwned(request);
                    Present(request);
                    if (Simulation.IsStopped)
                    {
                        return;
                    }
                }

                CheckStateChangeCompletion();
            }
            while (redispatch);
        }
        finally
        {
            dispatching = false;
        }
    }

    /// <summary>KMDF defers presentation to a DPC or work item when the presentation lock is already held here, or a passive-level queue is reached at DISPATCH_LEVEL.</summary>
    private bool MustDefer()
    {
        var a = Simulation.Scheduler.Current;
        if (a == null)
        {
            return true;
        }

        if (SyncLock != null && SyncLock.Owner == a)
        {
            return true;
        }

        return Level == ExecutionLevel.Passive && a.Irql > Irql.Passive;
    }

    private void ScheduleDeferredDispatch()
    {
        deferredDispatch ??= new DelegateWork("dispatch " + Name, Level == ExecutionLevel.Passive ? Irql.Passive : Irql.Dispatch, DispatchEvents);
        if (deferredDispatch.Irql == Irql.Passive)
        {
            Simulation.Scheduler.QueuePassiveWork(deferredDispatch);
        }
        else
        {
            Simulation.Scheduler.QueueDpc(deferredDispatch);
        }
    }

    private void Present(WdfRequest request)
    {
        request.EverPresented = true;
        CallbackKind kind;
        switch (request.Kind)
        {
            case RequestKind.Read when Config.EvtIoRead != null:
                kind = CallbackKind.EvtIoRead;
                break;
            case RequestKind.Write when Config.EvtIoWrite != null:
                kind = CallbackKind.EvtIoWrite;
                break;
            case RequestKind.DeviceControl when Config.EvtIoDeviceControl != null:
                kind = CallbackKind.EvtIoDeviceControl;
                break;
            case RequestKind.InternalDeviceControl when Config.EvtIoInternalDeviceControl != null:
                kind = CallbackKind.EvtIoInternalDeviceControl;
                break;
            default:
                if (Config.EvtIoDefault == null)
                {
                    request.CompleteByFramework(NtStatus.InvalidDeviceRequest, 0);
                    return;
                }

                kind = CallbackKind.EvtIoDefault;
                break;
        }

        var a = Simulation.Scheduler.Current!;
        var lockObject = SyncLock;
        lockObject?.AcquireForFramework(a);
        Simulation.BeginCallback(kind, this, Device, request, null);
        try
        {
            switch (kind)
            {
                case CallbackKind.EvtIoRead:
                    Config.EvtIoRead!(this, request, request.Length);
                    break;
                case CallbackKind.EvtIoWrite:
                    Config.EvtIoWrite!(this, request, request.Length);
                    break;
                case CallbackKind.EvtIoDeviceControl:
                    Config.EvtIoDeviceControl!(this, request, request.OutputLength, request.Input.Length, request.IoctlCode);
                    break;
                case CallbackKind.EvtIoInternalDeviceControl:
                    Config.EvtIoInternalDeviceControl!(this, request, request.OutputLength, request.Input.Length, request.IoctlCode);
                    break;
                default:
                    Config.EvtIoDefault!(this, request);
                    break;
            }
        }
        catch (Exception ex) when (Simulation.IsDriverFault(ex))
        {
            Simulation.DriverFault(ex);
        }

        Simulation.EndCallback(-1);
        lockObject?.ReleaseForFramework(a);
    }

    /// <summary>Runs a queue callback about <paramref name="request"/> (EvtIoStop, EvtIoResume, EvtIoCanceledOnQueue, EvtRequestCancel) under the queue's synchronization lock.</summary>
    internal void InvokeRequestCallback(CallbackKind kind, WdfRequest request, WdfRequestStopActionFlags action = WdfRequestStopActionFlags.Invalid)
    {
        if (Simulation.Scheduler.Current == null)
        {
            InvokeRequestCallbackOnHost(kind, request, action);
            return;
        }

        var a = Simulation.Scheduler.Current!;
        var lockObject = SyncLock != null && SyncLock.Owner != a ? SyncLock : null;
        lockObject?.AcquireForFramework(a);
        Simulation.BeginCallback(kind, this, Device, request,
            kind == CallbackKind.EvtIoStop ? ((action & WdfRequestStopActionFlags.Purge) != 0 ? "purge" : "suspend") : null);
        try
        {
            switch (kind)
            {
                case CallbackKind.EvtIoStop:
                    Config.EvtIoStop!(this, request, action);
                    break;
                case CallbackKind.EvtIoResume:
                    Config.EvtIoResume!(this, request);
                    break;
                case CallbackKind.EvtIoCanceledOnQueue:
                    Config.EvtIoCanceledOnQueue!(this, request);
                    break;
                case CallbackKind.EvtRequestCancel:
                    request.CancelRoutine?.Invoke(request);
                    break;
            }
        }
        catch (Exception ex) when (Simulation.IsDriverFault(ex))
        {
            Simulation.DriverFault(ex);
        }

        Simulation.EndCallback(-1);
        lockObject?.ReleaseForFramework(a);
    }

    private void InvokeRequestCallbackOnHost(CallbackKind kind, WdfRequest request, WdfRequestStopActionFlags action) =>
        Simulation.OnTask(() => InvokeRequestCallback(kind, request, action));

    private void CheckStateChangeCompletion()
    {
        if (pendingCallback == null || !StateChangeDone(pendingChange))
        {
            return;
        }

        var callback = pendingCallback;
        pendingCallback = null;
        pendingChange = QueueStateChange.None;
        FireQueueState(callback);
    }

    // Separate from its callers so the closure is only allocated when a callback fires from host code.
    private void FireQueueState(EvtIoQueueState callback)
    {
        if (Simulation.Scheduler.Current == null)
        {
            Simulation.OnTask(() => InvokeQueueState(callback));
            return;
        }

        InvokeQueueState(callback);
    }

    private void InvokeQueueState(EvtIoQueueState callback)
    {
        Simulation.BeginCallback(CallbackKind.EvtIoQueueState, this, Device, null, null);
        try
        {
            callback(this);
        }
        catch (Exception ex) when (Simulation.IsDriverFault(ex))
        {
            Simulation.DriverFault(ex);
        }

        Simulation.EndCallback(-1);
    }

    // ------------------------------------------------------------------ cancel and purge

    /// <summary>A queued request canceled by the host (IoCancelIrp) or by a purge.</summary>
    internal void CancelQueued(WdfRequest request)
    {
        RemoveQueued(request);
        if (request.EverPresented && Config.EvtIoCanceledOnQueue != null)
        {
            MakeOwned(request);
            InvokeRequestCallback(CallbackKind.EvtIoCanceledOnQueue, request);
        }
        else
        {
            request.CompleteByFramework(NtStatus.Cancelled, 0);
        }
    }

    private void CancelQueuedRequests()
    {
        while (head != null)
        {
            head.CancelRequested = true;
            CancelQueued(head);
        }
    }

    private void CancelOwnedCancelableRequests()
    {
        foreach (var request in OwnedSnapshot())
        {
            if (request.Cancelable && request.State == RequestState.DriverOwned)
            {
                request.CancelRequested = true;
                Simulation.CancelOwnedCancelable(request);
            }
        }
    }

    // ------------------------------------------------------------------ power

    internal void PowerDown(WdfRequestStopActionFlags action)
    {
        IsPoweredOn = false;
        NotifyOwnedOfStop(action);
    }

    private void NotifyOwnedOfStop(WdfRequestStopActionFlags action)
    {
        if (Config.EvtIoStop == null)
        {
            return;
        }

        foreach (var request in OwnedSnapshot())
        {
            if (request.State != RequestState.DriverOwned || request.CancelRequested || request.StopNotified ||
                (request.StopAcknowledgedNoRequeue && action == WdfRequestStopActionFlags.Suspend))
            {
                continue;
            }

            request.StopNotified = true;
            var flags = action | (request.Cancelable ? WdfRequestStopActionFlags.RequestCancelable : 0);
            InvokeRequestCallback(CallbackKind.EvtIoStop, request, flags);
            if (Simulation.IsStopped)
            {
                return;
            }
        }
    }

    /// <summary>True when every owned request is handled for a power-down: completed, or acknowledged (queues with EvtIoStop).</summary>
    internal bool PowerDownSettled
    {
        get
        {
            for (var r = ownedHead; r != null; r = r.Next)
            {
                if (Config.EvtIoStop == null || !r.StopAcknowledgedNoRequeue)
                {
                    return false;
                }
            }

            return true;
        }
    }

    /// <summary>Requests still blocking a power-down, for the 0x9F report.</summary>
    internal WdfRequest? FirstUnsettledRequest
    {
        get
        {
            for (var r = ownedHead; r != null; r = r.Next)
            {
                if (Config.EvtIoStop == null || !r.StopAcknowledgedNoRequeue)
                {
                    return r;
                }
            }

            return null;
        }
    }

    internal void PowerUp()
    {
        foreach (var request in OwnedSnapshot())
        {
            if (request.StopAcknowledgedNoRequeue && request.State == RequestState.DriverOwned)
            {
                request.StopAcknowledgedNoRequeue = false;
                if (Config.EvtIoResume != null)
                {
                    InvokeRequestCallback(CallbackKind.EvtIoResume, request);
                }
            }
        }

        IsPoweredOn = true;
        DispatchEvents();
    }

    /// <summary>Purge at removal (KMDF.md B1d step 5/7): queued requests canceled, owned cancelable ones canceled, other owned ones get EvtIoStop(Purge).</summary>
    internal void PurgeForRemove()
    {
        IsAccepting = false;
        CancelQueuedRequests();
        CancelOwnedCancelableRequests();
        NotifyOwnedOfStop(WdfRequestStopActionFlags.Purge);
    }

    // ------------------------------------------------------------------ lists

    private List<WdfRequest> OwnedSnapshot()
    {
        var list = new List<WdfRequest>(DriverOwnedCount);
        for (var r = ownedHead; r != null; r = r.Next)
        {
            list.Add(r);
        }

        return list;
    }

    /// <summary>The requests waiting in the queue, oldest first.</summary>
    public IReadOnlyList<WdfRequest> QueuedRequests
    {
        get
        {
            var list = new List<WdfRequest>(QueuedCount);
            for (var r = head; r != null; r = r.Next)
            {
                list.Add(r);
            }

            return list;
        }
    }

    /// <summary>The requests the driver owns from this queue.</summary>
    public IReadOnlyList<WdfRequest> OwnedRequests => OwnedSnapshot();

    private void InsertTail(WdfRequest request)
    {
        var wasEmpty = head == null;
        request.State = RequestState.Queued;
        request.Next = null;
        request.Previous = tail;
        if (tail == null)
        {
            head = request;
        }
        else
        {
            tail.Next = request;
        }

        tail = request;
        QueuedCount++;
        Device!.OnRequestQueued(this, request);
        if (wasEmpty && DispatchType == WdfIoQueueDispatchType.Manual && Config.EvtIoQueueState != null)
        {
            FireQueueState(Config.EvtIoQueueState);
        }
    }

    private void InsertHead(WdfRequest request)
    {
        request.State = RequestState.Queued;
        request.Previous = null;
        request.Next = head;
        if (head == null)
        {
            tail = request;
        }
        else
        {
            head.Previous = request;
        }

        head = request;
        QueuedCount++;
    }

    private WdfRequest DequeueHead()
    {
        var request = head!;
        head = request.Next;
        if (head == null)
        {
            tail = null;
        }
        else
        {
            head.Previous = null;
        }

        request.Next = null;
        request.State = RequestState.Created;
        QueuedCount--;
        return request;
    }

    internal void RemoveQueued(WdfRequest request)
    {
        if (request.State != RequestState.Queued)
        {
            return;
        }

        if (request.Previous == null)
        {
            head = request.Next;
        }
        else
        {
            request.Previous.Next = request.Next;
        }

        if (request.Next == null)
        {
            tail = request.Previous;
        }
        else
        {
            request.Next.Previous = request.Previous;
        }

        request.Next = null;
        request.Previous = null;
        request.State = RequestState.Created;
        QueuedCount--;
    }

    private void MakeOwned(WdfRequest request)
    {
        request.State = RequestState.DriverOwned;
        request.Queue = this;
        request.Previous = null;
        request.Next = ownedHead;
        if (ownedHead != null)
        {
            ownedHead.Previous = request;
        }

        ownedHead = request;
        DriverOwnedCount++;
    }

    private void RemoveOwned(WdfRequest request)
    {
        if (request.Previous == null)
        {
            ownedHead = request.Next;
        }
        else
        {
            request.Previous.Next = request.Next;
        }

        if (request.Next != null)
        {
            request.Next.Previous = request.Previous;
        }

        request.Next = null;
        request.Previous = null;
        request.StopNotified = false;
        request.StopAcknowledgedNoRequeue = false;
        DriverOwnedCount--;
    }

    /// <summary>An owned request left the driver (completed): count it down and present the next one.</summary>
    internal void OnOwnedRequestGone(WdfRequest request)
    {
        RemoveOwned(request);
        Device!.OnQueueProgress();
        DispatchEvents();
    }

    /// <summary>Teardown at deletion: whatever is still queued is canceled.</summary>
    private protected override void OnDeleting()
    {
        IsAccepting = false;
        while (head != null)
        {
            DequeueHead().CompleteByFramework(NtStatus.Cancelled, 0);
        }
    }
}

using DriverScript.Framework.Drivers;
using DriverScript.Framework.Objects;
using DriverScript.Framework.Requests;
using DriverScript.Framework.Verifier;
using DriverScript.Hardware.Memory;

namespace DriverScript.Framework.Dma;

/// <summary>WDF_DMA_PROFILE: the packet profiles are modeled (one fragment at a time, bounced through map registers).</summary>
public enum WdfDmaProfile : byte
{
    Packet,
    ScatterGather,
    Packet64,
    ScatterGather64,
}

/// <summary>WDF_DMA_DIRECTION.</summary>
public enum WdfDmaDirection : byte
{
    /// <summary>The device writes system memory (a read request).</summary>
    ReadFromDevice = 0,

    /// <summary>The device reads system memory (a write request).</summary>
    WriteToDevice = 1,
}

/// <summary>A transaction's state (KMDF.md B6).</summary>
public enum WdfDmaTransactionState : byte
{
    Created,
    Initialized,
    Transfer,
    TransferCompleted,
    TransferFailed,
    Released,
    Deleted,
}

/// <summary>One element of the scatter/gather list EvtProgramDma receives: a device-visible address and a length.</summary>
public readonly record struct ScatterGatherElement(ulong Address, int Length);

/// <summary>EvtProgramDma (DISPATCH_LEVEL): program the device for <paramref name="fragment"/>; TRUE if the hardware was programmed.</summary>
public delegate bool EvtProgramDma(WdfDmaTransaction transaction, WdfDevice device, object? context, WdfDmaDirection direction, IReadOnlyList<ScatterGatherElement> fragment);

/// <summary>WDF_DMA_ENABLER_CONFIG.</summary>
/// <param name="Profile">The DMA profile.</param>
/// <param name="MaximumLength">The largest fragment the device transfers at once.</param>
public sealed record WdfDmaEnablerConfig(WdfDmaProfile Profile, int MaximumLength);

/// <summary>A DMA enabler (WDFDMAENABLER): the device's DMA profile and fragment size, and the factory of transactions.</summary>
public sealed class WdfDmaEnabler : WdfObject
{
    internal WdfDmaEnabler(Simulation simulation, WdfDevice device, WdfDmaEnablerConfig config)
        : base(simulation, device, device, "dma enabler")
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(config.MaximumLength);
        Config = config;
        TraceName = simulation.Trace.Intern(Name);
    }

    /// <inheritdoc />
    public override string KmdfType => "WDFDMAENABLER";

    /// <summary>The configuration.</summary>
    public WdfDmaEnablerConfig Config { get; }

    /// <summary>WdfDmaTransactionCreate.</summary>
    public WdfDmaTransaction CreateTransaction(object? location = null)
    {
        Simulation.EnterDdi(Ddi.WdfDmaTransactionCreate, this, location);
        return new WdfDmaTransaction(Simulation, this);
    }
}

/// <summary>
/// A DMA transaction (WDFDMATRANSACTION, KMDF.md B6), packet profile: the request's buffer is
/// transferred in fragments of at most the enabler's maximum length through a bounce buffer in system
/// memory (the map registers), which is what the device's DMA engine reaches. Execute programs the
/// first fragment (EvtProgramDma at DISPATCH_LEVEL); each DmaCompleted copies a finished read fragment
/// to the request and programs the next, until it returns TRUE. Operations in the wrong state are
/// bug check 0x10D/0x8.
/// </summary>
/// <example>
/// <code>
/// transaction.InitializeUsingRequest(request, ProgramDma, WdfDmaDirection.ReadFromDevice);
/// transaction.Execute(context);
/// // in the DPC, after the device's DMA interrupt:
/// if (transaction.DmaCompleted(out var status)) { transaction.Release(); request.CompleteWithInformation(status, transaction.BytesTransferred); }
/// </code>
/// </example>
public sealed class WdfDmaTransaction : WdfObject
{
    private WdfRequest? request;
    private EvtProgramDma? program;
    private CommonBuffer? mapRegisters;
    private object? context;
    private long length;
    private long offset;
    private int fragment;

    internal WdfDmaTransaction(Simulation simulation, WdfDmaEnabler enabler)
        : base(simulation, enabler, enabler.Device, "dma transaction")
    {
        Enabler = enabler;
        TraceName = simulation.Trace.Intern(Name);
    }

    /// <inheritdoc />
    public override string KmdfType => "WDFDMATRANSACTION";

    /// <summary>The enabler.</summary>
    public WdfDmaEnabler Enabler { get; }

    /// <summary>The transaction's state.</summary>
    public WdfDmaTransactionState State { get; private set; }

    /// <summary>The direction of the transfer.</summary>
    public WdfDmaDirection Direction { get; private set; }

    /// <summary>WdfDmaTransactionGetBytesTransferred.</summary>
    public ulong BytesTransferred => (ulong)offset;

    /// <summary>The fragment being transferred (what EvtProgramDma was last given).</summary>
    public ScatterGatherElement CurrentFragment => new(mapRegisters?.Address ?? 0, fragment);

    /// <summary>WdfDmaTransactionInitializeUsingRequest: a read request transfers from the device, a write request to it.</summary>
    public NtStatus InitializeUsingRequest(WdfRequest request, EvtProgramDma evtProgramDma, WdfDmaDirection direction, object? location = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(evtProgramDma);
        if (!Simulation.EnterDdi(Ddi.WdfDmaTransactionInitializeUsingRequest, this, location) || !request.ValidFor(location))
        {
            return NtStatus.InvalidDeviceRequest;
        }

        if (State is not (WdfDmaTransactionState.Created or WdfDmaTransactionState.Released))
        {
            WrongState("InitializeUsingRequest", location);
            return NtStatus.InvalidDeviceState;
        }

        this.request = request;
        program = evtProgramDma;
        Direction = direction;
        length = direction == WdfDmaDirection.WriteToDevice ? request.Input.Length : request.OutputCapacity;
        offset = 0;
        var size = (int)Math.Max(1, Math.Min(length, Enabler.Config.MaximumLength));
        mapRegisters = Simulation.Hardware.Memory.AllocateCommonBuffer(size, maximumAddress: Device?.Hardware?.Dma.AddressMask ?? ulong.MaxValue);
        State = WdfDmaTransactionState.Initialized;
        Simulation.TraceDdi(Ddi.WdfDmaTransactionInitializeUsingRequest, this, NtStatus.Success);
        return NtStatus.Success;
    }

    /// <summary>WdfDmaTransactionExecute: programs the first fragment.</summary>
    public NtStatus Execute(object? context = null, object? location = null)
    {
        if (!Simulation.EnterDdi(Ddi.WdfDmaTransactionExecute, this, location))
        {
            return NtStatus.InvalidDeviceRequest;
        }

        if (State != WdfDmaTransactionState.Initialized)
        {
            WrongState("Execute", location);
            return NtStatus.InvalidDeviceState;
        }

        this.context = context;
        State = WdfDmaTransactionState.Transfer;
        Simulation.TraceDdi(Ddi.WdfDmaTransactionExecute, this, NtStatus.Success);
        ProgramNextFragment();
        return NtStatus.Success;
    }

    /// <summary>WdfDmaTransactionDmaCompleted: the current fragment is done. TRUE when the whole transfer is (status SUCCESS); FALSE when the next fragment was programmed (status MORE_PROCESSING_REQUIRED).</summary>
    public bool DmaCompleted(out NtStatus status, object? location = null) =>
        Completed(Ddi.WdfDmaTransactionDmaCompleted, fragment, final: false, out status, location);

    /// <summary>WdfDmaTransactionDmaCompletedWithLength: the device transferred <paramref name="transferred"/> bytes of the fragment (0 retries it).</summary>
    public bool DmaCompletedWithLength(int transferred, out NtStatus status, object? location = null) =>
        Completed(Ddi.WdfDmaTransactionDmaCompletedWithLength, Math.Clamp(transferred, 0, fragment), final: false, out status, location);

    /// <summary>WdfDmaTransactionDmaCompletedFinal: the transfer ends now, after <paramref name="transferred"/> bytes of the fragment (an error). Always TRUE.</summary>
    public bool DmaCompletedFinal(int transferred, out NtStatus status, object? location = null) =>
        Completed(Ddi.WdfDmaTransactionDmaCompletedFinal, Math.Clamp(transferred, 0, fragment), final: true, out status, location);

    /// <summary>WdfDmaTransactionRelease: frees the map registers; the transaction may be initialized again.</summary>
    public NtStatus Release(object? location = null)
    {
        if (!Simulation.EnterDdi(Ddi.WdfDmaTransactionRelease, this, location))
        {
            return NtStatus.InvalidDeviceRequest;
        }

        if (State == WdfDmaTransactionState.Transfer)
        {
            WrongState("Release", location);
            return NtStatus.InvalidDeviceState;
        }

        FreeMapRegisters();
        request = null;
        program = null;
        State = WdfDmaTransactionState.Released;
        Simulation.TraceDdi(Ddi.WdfDmaTransactionRelease, this, NtStatus.Success);
        return NtStatus.Success;
    }

    private bool Completed(Ddi ddi, int transferred, bool final, out NtStatus status, object? location)
    {
        status = NtStatus.InvalidDeviceState;
        if (!Simulation.EnterDdi(ddi, this, location))
        {
            return false;
        }

        if (State != WdfDmaTransactionState.Transfer)
        {
            WrongState(ddi.Info().Name, location);
            return false;
        }

        if (Direction == WdfDmaDirection.ReadFromDevice && transferred > 0)
        {
            request!.WriteOutput(mapRegisters!.Read(0, transferred), (int)offset);
        }

        offset += transferred;
        if (final || offset >= length)
        {
            State = final && offset < length ? WdfDmaTransactionState.TransferFailed : WdfDmaTransactionState.TransferCompleted;
            status = NtStatus.Success;
            Simulation.TraceDdi(ddi, this, status);
            return true;
        }

        status = NtStatus.MoreProcessingRequired;
        Simulation.TraceDdi(ddi, this, status);
        ProgramNextFragment();
        return false;
    }

    private void ProgramNextFragment()
    {
        fragment = (int)Math.Min(length - offset, Enabler.Config.MaximumLength);
        if (Direction == WdfDmaDirection.WriteToDevice && fragment > 0)
        {
            mapRegisters!.Write(0, request!.Input.Span.Slice((int)offset, fragment));
        }

        var a = Simulation.Scheduler.Current ?? throw new InvalidOperationException("DMA transactions run from driver code");
        var previous = a.Irql;
        if (previous < Irql.Dispatch)
        {
            Simulation.Scheduler.SetIrql(a, Irql.Dispatch);
        }

        Simulation.BeginCallback(CallbackKind.EvtProgramDma, this, Device, request, null);
        try
        {
            program!(this, Device!, context, Direction, [new ScatterGatherElement(mapRegisters!.Address, fragment)]);
        }
        catch (Exception ex) when (Simulation.IsDriverFault(ex))
        {
            Simulation.DriverFault(ex);
        }

        Simulation.EndCallback(-1);
        if (previous < Irql.Dispatch)
        {
            Simulation.Scheduler.SetIrql(a, previous);
        }
    }

    private void WrongState(string operation, object? location) =>
        Simulation.Verifier.Report(Finding.DmaTransactionState, location,
            $"{operation} on DMA transaction {Handle} in state {State}", (ulong)Handle, (ulong)State);

    private void FreeMapRegisters()
    {
        if (mapRegisters is { IsFreed: false })
        {
            Simulation.Hardware.Memory.FreeCommonBuffer(mapRegisters);
        }

        mapRegisters = null;
    }

    private protected override void OnDeleting()
    {
        if (State == WdfDmaTransactionState.Transfer)
        {
            WrongState("WdfObjectDelete", null);
        }

        FreeMapRegisters();
        State = WdfDmaTransactionState.Deleted;
    }
}

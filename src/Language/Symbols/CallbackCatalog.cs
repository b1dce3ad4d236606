using System.Collections.Immutable;

namespace DriverScript.Language.Symbols;

/// <summary>Where an <c>on NAME</c> handler stands.</summary>
public enum CallbackContext : byte { Device, Queue, Interrupt, Timer, WorkItem, Register, Hardware }

/// <summary>Every callback and handler of LANGUAGE.md §6.1–§6.4 and §7, one value each.</summary>
public enum CallbackKind : byte
{
    // device: PnP and power (§6.3), in the order §10 gives
    Add, PrepareHardware, ReleaseHardware, D0Entry, D0EntryPostInterruptsEnabled, D0ExitPreInterruptsDisabled, D0Exit,
    SelfManagedIoInit, SelfManagedIoSuspend, SelfManagedIoRestart, SelfManagedIoFlush, SelfManagedIoCleanup,
    SurpriseRemoval, QueryStop, QueryRemove, ArmWake, DisarmWake, WakeSignaled, Cleanup,
    // queue (§6.1)
    IoRead, IoWrite, IoDeviceControl, IoDefault, IoStop, IoResume, IoCanceledOnQueue, RequestCancel,
    // interrupt (§6.4)
    InterruptIsr, InterruptDpc, InterruptEnable, InterruptDisable,
    // timer, work item
    TimerExpire, WorkItemRun,
    // hardware models (§7)
    RegisterRead, RegisterWrite, HardwareReset,
}

/// <summary>What a callback returns.</summary>
public enum CallbackReturn : byte
{
    /// <summary>Nothing; <c>return;</c> only.</summary>
    None,
    /// <summary>May <c>return</c> a <c>status</c>; falling off the end returns <c>STATUS_SUCCESS</c> (§6.3).</summary>
    OptionalStatus,
    /// <summary>Must return a <c>bool</c> on every path (<c>on isr</c>).</summary>
    Bool,
    /// <summary>Must return a value of the register's type on every path (<c>on read</c> of a register).</summary>
    RegisterValue,
}

/// <summary>How a callback's IRQL is decided (KMDF.md B1, B4).</summary>
public enum CallbackIrqlRule : byte
{
    Passive,
    Dispatch,
    Dirql,
    /// <summary>DISPATCH under the device's <c>execution = dispatch</c> (the default), PASSIVE under <c>execution = passive</c>.</summary>
    DeviceExecution,
    /// <summary>DISPATCH, or PASSIVE with the timer's <c>execution = passive</c>.</summary>
    TimerExecution,
    /// <summary>Hardware-model code: no IRQL.</summary>
    NotApplicable,
}

/// <summary>A parameter a callback receives; its type is implied (§16: callback parameter types may be left out).</summary>
public sealed record CallbackParameter(string Name, TypeSymbol Type);

/// <summary>One row of the callback table.</summary>
public sealed record CallbackDescriptor(
    CallbackKind Kind,
    CallbackContext Context,
    string Name,
    string? KmdfName,
    ImmutableArray<CallbackParameter> Parameters,
    CallbackReturn Return,
    CallbackIrqlRule IrqlRule)
{
    /// <summary>KMDF lets this callback fail: it may <c>return</c> a <c>status</c> (§6.3).</summary>
    public bool CanFail => Return == CallbackReturn.OptionalStatus;

    /// <summary>The IRQL the callback runs at, given the device's and timer's execution levels.</summary>
    public Irql IrqlFor(ExecutionLevel deviceExecution, ExecutionLevel timerExecution = ExecutionLevel.Dispatch) => IrqlRule switch
    {
        CallbackIrqlRule.Passive => Irql.Passive,
        CallbackIrqlRule.Dispatch => Irql.Dispatch,
        CallbackIrqlRule.Dirql => Irql.Dirql,
        CallbackIrqlRule.DeviceExecution => deviceExecution == ExecutionLevel.Passive ? Irql.Passive : Irql.Dispatch,
        CallbackIrqlRule.TimerExecution => timerExecution == ExecutionLevel.Passive ? Irql.Passive : Irql.Dispatch,
        _ => Irql.Passive,
    };

    public override string ToString() => $"on {Name}";
}

/// <summary>
/// The table of callbacks per context: names, implied parameter types, whether they may return a
/// <c>status</c>, their KMDF names (KMDF.md A4) and IRQLs (B1, B4). The framework and the
/// interpreter use it to know what to call and how.
/// </summary>
public static class CallbackCatalog
{
    private static readonly TypeSymbol RegisterValuePlaceholder = TypeSymbol.Error;

    public static ImmutableArray<CallbackDescriptor> All { get; } = Build();

    private static readonly Dictionary<(CallbackContext, string), CallbackDescriptor> s_byName = Index();

    private static readonly CallbackDescriptor[] s_byKind = All.OrderBy(d => d.Kind).ToArray();

    public static CallbackDescriptor Get(CallbackKind kind) => s_byKind[(int)kind];

    public static CallbackDescriptor? Find(CallbackContext context, string name) =>
        s_byName.TryGetValue((context, name), out var d) ? d : null;

    /// <summary>The callbacks allowed in a context, in table order.</summary>
    public static IEnumerable<CallbackDescriptor> In(CallbackContext context)
    {
        foreach (var d in All) if (d.Context == context) yield return d;
    }

    private static Dictionary<(CallbackContext, string), CallbackDescriptor> Index()
    {
        var d = new Dictionary<(CallbackContext, string), CallbackDescriptor>();
        foreach (var c in All) d[(c.Context, c.Name)] = c;
        return d;
    }

    private static ImmutableArray<CallbackDescriptor> Build()
    {
        var none = ImmutableArray<CallbackParameter>.Empty;
        var from = ImmutableArray.Create(new CallbackParameter("from", TypeSymbol.PowerState));
        var to = ImmutableArray.Create(new CallbackParameter("to", TypeSymbol.PowerState));
        var req = ImmutableArray.Create(new CallbackParameter("req", TypeSymbol.Request));
        var b = ImmutableArray.CreateBuilder<CallbackDescriptor>();

        void Device(CallbackKind kind, string name, string kmdf, ImmutableArray<CallbackParameter> ps, bool canFail) =>
            b.Add(new(kind, CallbackContext.Device, name, kmdf, ps, canFail ? CallbackReturn.OptionalStatus : CallbackReturn.None, CallbackIrqlRule.Passive));

        Device(CallbackKind.Add, "add", "EvtDriverDeviceAdd", none, true);
        Device(CallbackKind.PrepareHardware, "prepare_hardware", "EvtDevicePrepareHardware", none, true);
        Device(CallbackKind.ReleaseHardware, "release_hardware", "EvtDeviceReleaseHardware", none, true);
        Device(CallbackKind.D0Entry, "d0_entry", "EvtDeviceD0Entry", from, true);
        Device(CallbackKind.D0EntryPostInterruptsEnabled, "d0_entry_post_interrupts_enabled", "EvtDeviceD0EntryPostInterruptsEnabled", from, true);
        Device(CallbackKind.D0ExitPreInterruptsDisabled, "d0_exit_pre_interrupts_disabled", "EvtDeviceD0ExitPreInterruptsDisabled", to, true);
        Device(CallbackKind.D0Exit, "d0_exit", "EvtDeviceD0Exit", to, true);
        Device(CallbackKind.SelfManagedIoInit, "self_managed_io_init", "EvtDeviceSelfManagedIoInit", none, true);
        Device(CallbackKind.SelfManagedIoSuspend, "self_managed_io_suspend", "EvtDeviceSelfManagedIoSuspend", none, true);
        Device(CallbackKind.SelfManagedIoRestart, "self_managed_io_restart", "EvtDeviceSelfManagedIoRestart", none, true);
        Device(CallbackKind.SelfManagedIoFlush, "self_managed_io_flush", "EvtDeviceSelfManagedIoFlush", none, false);
        Device(CallbackKind.SelfManagedIoCleanup, "self_managed_io_cleanup", "EvtDeviceSelfManagedIoCleanup", none, false);
        Device(CallbackKind.SurpriseRemoval, "surprise_removal", "EvtDeviceSurpriseRemoval", none, false);
        Device(CallbackKind.QueryStop, "query_stop", "EvtDeviceQueryStop", none, true);
        Device(CallbackKind.QueryRemove, "query_remove", "EvtDeviceQueryRemove", none, true);
        Device(CallbackKind.ArmWake, "arm_wake", "EvtDeviceArmWakeFromS0", none, true);
        Device(CallbackKind.DisarmWake, "disarm_wake", "EvtDeviceDisarmWakeFromS0", none, false);
        Device(CallbackKind.WakeSignaled, "wake_signaled", "EvtDeviceWakeFromS0Triggered", none, false);
        Device(CallbackKind.Cleanup, "cleanup", "EvtCleanupCallback", none, false);

        void Queue(CallbackKind kind, string name, string kmdf, ImmutableArray<CallbackParameter> ps) =>
            b.Add(new(kind, CallbackContext.Queue, name, kmdf, ps, CallbackReturn.None, CallbackIrqlRule.DeviceExecution));

        Queue(CallbackKind.IoRead, "read", "EvtIoRead", req);
        Queue(CallbackKind.IoWrite, "write", "EvtIoWrite", req);
        Queue(CallbackKind.IoDeviceControl, "ioctl", "EvtIoDeviceControl", req);
        Queue(CallbackKind.IoDefault, "default", "EvtIoDefault", req);
        Queue(CallbackKind.IoStop, "stop", "EvtIoStop", ImmutableArray.Create(
            new CallbackParameter("req", TypeSymbol.Request), new CallbackParameter("action", TypeSymbol.StopAction)));
        Queue(CallbackKind.IoResume, "resume", "EvtIoResume", req);
        Queue(CallbackKind.IoCanceledOnQueue, "canceled", "EvtIoCanceledOnQueue", req);
        Queue(CallbackKind.RequestCancel, "cancel", "EvtRequestCancel", req);

        b.Add(new(CallbackKind.InterruptIsr, CallbackContext.Interrupt, "isr", "EvtInterruptIsr",
            ImmutableArray.Create(new CallbackParameter("message", TypeSymbol.U32)), CallbackReturn.Bool, CallbackIrqlRule.Dirql));
        b.Add(new(CallbackKind.InterruptDpc, CallbackContext.Interrupt, "dpc", "EvtInterruptDpc", none, CallbackReturn.None, CallbackIrqlRule.Dispatch));
        b.Add(new(CallbackKind.InterruptEnable, CallbackContext.Interrupt, "enable", "EvtInterruptEnable", none, CallbackReturn.None, CallbackIrqlRule.Dirql));
        b.Add(new(CallbackKind.InterruptDisable, CallbackContext.Interrupt, "disable", "EvtInterruptDisable", none, CallbackReturn.None, CallbackIrqlRule.Dirql));

        b.Add(new(CallbackKind.TimerExpire, CallbackContext.Timer, "expire", "EvtTimerFunc", none, CallbackReturn.None, CallbackIrqlRule.TimerExecution));
        b.Add(new(CallbackKind.WorkItemRun, CallbackContext.WorkItem, "run", "EvtWorkItem", none, CallbackReturn.None, CallbackIrqlRule.Passive));

        b.Add(new(CallbackKind.RegisterRead, CallbackContext.Register, "read", null, none, CallbackReturn.RegisterValue, CallbackIrqlRule.NotApplicable));
        b.Add(new(CallbackKind.RegisterWrite, CallbackContext.Register, "write", null,
            ImmutableArray.Create(new CallbackParameter("v", RegisterValuePlaceholder)), CallbackReturn.None, CallbackIrqlRule.NotApplicable));
        b.Add(new(CallbackKind.HardwareReset, CallbackContext.Hardware, "reset", null, none, CallbackReturn.None, CallbackIrqlRule.NotApplicable));
        return b.ToImmutable();
    }
}

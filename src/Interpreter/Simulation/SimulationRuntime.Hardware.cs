using DriverScript.Framework.Dma;
using DriverScript.Framework.Interrupts;
using DriverScript.Hardware;
using DriverScript.Hardware.Devices;
using DriverScript.Hardware.Devices.Pci;
using DriverScript.Hardware.Devices.Scripted;
using DriverScript.Hardware.Memory;
using DriverScript.Hardware.Registers;
using DriverScript.Language.Binding;
using DriverScript.Language.Symbols;
using DriverScript.Language.Syntax;
using CallbackKind = DriverScript.Language.Symbols.CallbackKind;

namespace DriverScript.Interpreter;

public sealed partial class SimulationRuntime
{
    private static readonly DeviceModelRegistry s_models = DeviceModelRegistry.CreateDefault();

    /// <summary>A hardware model of a plugged device: the C# or scripted model, its registers and memories by symbol index, its state.</summary>
    internal sealed class SimModel(HardwareModelSymbol symbol, DeviceModel device)
    {
        public HardwareModelSymbol Symbol { get; } = symbol;

        public DeviceModel Device { get; } = device;

        public ScriptedDevice? Scripted => Device as ScriptedDevice;

        public StateStorage? State { get; set; }

        public Register?[] Registers { get; } = new Register?[symbol.Registers.Length];

        public DeviceMemory?[] Memories { get; } = new DeviceMemory?[symbol.Memories.Length];

        public DriverScript.Hardware.Interrupts.MessageSignaledInterrupt?[] Pulses { get; } = new DriverScript.Hardware.Interrupts.MessageSignaledInterrupt?[symbol.Lines.Length];
    }

    private static string Keyword(AccessMode mode) => mode switch
    {
        AccessMode.ReadOnly => "ro",
        AccessMode.WriteOnly => "wo",
        AccessMode.WriteOneToClear => "w1c",
        AccessMode.WriteOneToSet => "w1s",
        AccessMode.ReadToClear => "rc",
        _ => "rw",
    };

    /// <summary>Creates the model of <paramref name="symbol"/> on <paramref name="context"/>.</summary>
    internal SimModel BuildModel(HardwareModelSymbol symbol, HardwareContext context)
    {
        if (_options.Buses is { } buses && buses.TryGetValue(symbol.Name, out var bus)) return BuildBusModel(symbol, bus, context);
        if (symbol.IsExternal)
        {
            var external = (_options.HardwareModels ?? s_models).Create(symbol.External!.Name, context);
            // What the PnP manager's PCI bus driver does before it starts a device: memory decoding and
            // bus mastering on (without BME, QemuEdu refuses every DMA).
            if (external is IPciDevice pci) pci.Config.EnableMemoryAndBusMaster();
            var model = new SimModel(symbol, external);
            foreach (var r in symbol.Registers) model.Registers[r.Index] = external.Registers.GetRegister(r.Name);
            return model;
        }

        var device = new ScriptedDevice(symbol.Name, context, (long)symbol.Size, symbol.UnmappedReadsOnes ? UnmappedValue.Ones : UnmappedValue.Zeros);
        var sim = new SimModel(symbol, device);
        sim.State = _execution.CreateState(symbol.StateFields, sim);
        ApplyWidthPolicy(symbol, device.Registers);
        foreach (var r in symbol.Registers)
        {
            var register = device.Registers.Define((long)r.Offset, r.WidthBytes, r.Name, r.ResetValue, FieldModes.Parse(Keyword(r.Access)));
            foreach (var f in r.Fields)
                register.DefineValueField(f.Low, f.Width, FieldModes.Parse(Keyword(f.Access)), name: f.Name, resetValue: f.ResetValue);
            if (r.WriteHandler is { } write)
                register.WithWriteCallback((_, v) => _execution.InvokeCallback(write, sim.State, sim, [ScriptValue.FromScalar(v)]));
            if (r.ReadHandler is { } read)
                register.WithValueProvider(_ => _execution.InvokeCallback(read, sim.State, sim, []).Bits);
            if (r.LockedWhen is { } locked)
                register.LockedWhen(() => _execution.Evaluate(locked, sim.State, sim).AsBool);
            sim.Registers[r.Index] = register;
        }
        foreach (var m in symbol.Memories) sim.Memories[m.Index] = device.DefineMemory(m.Name, (long)m.Offset, (int)m.Size, mmioVisible: !m.Hidden);
        foreach (var line in symbol.Lines)
        {
            if (line.Level is { } level) device.DeclareInterrupt(line.Name, () => _execution.Evaluate(level, sim.State, sim).AsBool);
            else sim.Pulses[line.Index] = device.DeclarePulse(line.Name);
        }
        if (symbol.Reset is { } reset) device.OnReset(() => _execution.InvokeCallback(reset, sim.State, sim, []));
        device.PowerOn();
        return sim;
    }

    /// <summary>
    /// <c>narrow = ...</c> and the width rules of <c>registers(widths = ...)</c> and <c>access @ a..b : ...</c>,
    /// in their checking order, as the register map's own width policy (<see cref="RegisterMap.RestrictWidths"/>).
    /// </summary>
    private static void ApplyWidthPolicy(HardwareModelSymbol symbol, RegisterMap registers)
    {
        registers.NarrowAccess = symbol.NarrowZeroExtends ? NarrowAccess.ZeroExtend : NarrowAccess.Unmapped;
        foreach (var rule in symbol.WidthRules)
        {
            var rejected = rule.Rejected switch
            {
                RejectedReadValue.Zeros => RejectedRead.Zeros,
                RejectedReadValue.Ones => RejectedRead.Ones,
                _ => RejectedRead.Unmapped,
            };
            long end = rule.End > long.MaxValue ? long.MaxValue : (long)rule.End;
            registers.RestrictWidths((long)rule.Start, end, (AccessWidths)rule.Widths, rule.Aligned, rejected);
        }
    }

    private static SimModel ModelOf(ScriptFrame frame, ScriptValue device) => device.Ref switch
    {
        SimDevice d => d.Model!,
        _ => frame.Device switch
        {
            SimModel m => m,
            SimDevice d => d.Model!,
            _ => throw new InvalidOperationException("no hardware model here"),
        },
    };

    public override ulong ReadRegister(RuntimeSite<BoundRegisterAccess> site, ScriptFrame frame, ScriptValue device)
    {
        var node = site.Node;
        var model = ModelOf(frame, device);
        var register = model.Registers[node.Register.Index] ?? throw NeedsSimulation(node.Register.Name, site.Span);
        ulong value;
        switch (node.Path)
        {
            case RegisterPath.Model:
            case RegisterPath.HostPeek:
                value = register.Value;
                break;
            case RegisterPath.DriverBus:
                value = ((SimDevice)frame.Device!).Wdf.Registers.Read((long)node.Register.Offset, node.Register.WidthBytes, Location(site));
                break;
            default:
                value = HostRead(site, device);
                break;
        }
        return node.Field is { } f ? (value & f.Mask) >> f.Low : value;
    }

    /// <summary>
    /// The site's span as the framework's <c>location</c> object, boxed once per site and kept in
    /// <see cref="RuntimeSite{TNode}.RuntimeData"/>, so that a register access or a built-in call
    /// allocates nothing (a <see cref="Language.Text.SourceSpan"/> is a struct).
    /// </summary>
    private static object Location<TNode>(RuntimeSite<TNode> site) where TNode : BoundNode => site.RuntimeData ??= site.Span;

    /// <summary>A test's <c>dev.hw.REG</c> read: a host bus access (kept out of <see cref="ReadRegister"/>, whose driver path must not allocate a closure).</summary>
    private ulong HostRead(RuntimeSite<BoundRegisterAccess> site, ScriptValue device)
    {
        var plugged = Dev(device, site.Span).Plugged;
        long offset = (long)site.Node.Register.Offset;
        int width = site.Node.Register.WidthBytes;
        return Host(site.Span, () => width switch
        {
            1 => plugged.Bus.Read8(offset),
            2 => plugged.Bus.Read16(offset),
            4 => plugged.Bus.Read32(offset),
            _ => plugged.Bus.Read64(offset),
        });
    }

    public override void WriteRegister(RuntimeSite<BoundRegisterAccess> site, ScriptFrame frame, ScriptValue device, ulong value)
    {
        var node = site.Node;
        var model = ModelOf(frame, device);
        var register = model.Registers[node.Register.Index] ?? throw NeedsSimulation(node.Register.Name, site.Span);
        if (node.Path == RegisterPath.Model)
        {
            if (node.Field is { } mf) register.Value = (register.Value & ~mf.Mask) | ((value << mf.Low) & mf.Mask);
            else register.Value = value;
            return;
        }
        if (node.Field is { } f)
        {
            ulong old = register.Value;
            value = (old & ~f.Mask) | ((value << f.Low) & f.Mask);
        }
        long offset = (long)node.Register.Offset;
        int width = node.Register.WidthBytes;
        if (node.Path == RegisterPath.DriverBus)
        {
            ((SimDevice)frame.Device!).Wdf.Registers.Write(offset, width, value, Location(site));
            return;
        }
        HostWrite(site, device, offset, width, value);
    }

    /// <summary>A test's <c>dev.hw.REG = v</c>: a host bus access (kept out of <see cref="WriteRegister"/>, whose driver path must not allocate a closure).</summary>
    private void HostWrite(RuntimeSite<BoundRegisterAccess> site, ScriptValue device, long offset, int width, ulong value)
    {
        var plugged = Dev(device, site.Span).Plugged;
        Host(site.Span, () =>
        {
            switch (width)
            {
                case 1: plugged.Bus.Write8(offset, (byte)value); break;
                case 2: plugged.Bus.Write16(offset, (ushort)value); break;
                case 4: plugged.Bus.Write32(offset, (uint)value); break;
                default: plugged.Bus.Write64(offset, value); break;
            }
        });
    }

    public override ScriptBytes ReadMemory(RuntimeSite<BoundMemoryAccess> site, ScriptFrame frame, ScriptValue device)
    {
        var memory = ModelOf(frame, device).Memories[site.Node.Memory.Index] ?? throw NeedsSimulation(site.Node.Memory.Name, site.Span);
        return ScriptBytes.From(memory.Span);
    }

    public override void WriteMemory(RuntimeSite<BoundMemoryAccess> site, ScriptFrame frame, ScriptValue device, ulong offset, ScriptBytes data)
    {
        var memory = ModelOf(frame, device).Memories[site.Node.Memory.Index] ?? throw NeedsSimulation(site.Node.Memory.Name, site.Span);
        if (offset > (ulong)memory.Size || (ulong)data.Length > (ulong)memory.Size - offset)
            throw new ScriptRuntimeException(RuntimeErrorKind.IndexOutOfRange, RuntimeDiagnostics.IndexOutOfRange, site.Span, offset, memory.Size);
        memory.Write((int)offset, data.Span);
    }

    public override void ScheduleAfter(RuntimeSite<BoundAfter> site, ScriptFrame frame, ulong delayNanoseconds, ScriptContinuation body)
    {
        var model = frame.Device as SimModel ?? throw NeedsSimulation("after", site.Span);
        var scripted = model.Scripted ?? throw NeedsSimulation("after", site.Span);
        scripted.After((long)delayNanoseconds, body.Run);
    }

    public override void Pulse(RuntimeSite<BoundPulse> site, ScriptFrame frame)
    {
        var model = frame.Device as SimModel ?? throw NeedsSimulation("pulse", site.Span);
        var pulse = model.Pulses[site.Node.Line.Index] ?? throw NeedsSimulation("pulse", site.Span);
        pulse.Pulse();
    }

    public override object? EnterLock(RuntimeSite<BoundWith> site, ScriptFrame frame, ScriptValue lockHandle)
    {
        switch (lockHandle.Ref)
        {
            case WdfInterrupt interrupt:
                interrupt.AcquireLock(site.Span);
                return interrupt;
            case Framework.Locks.WdfSpinLock spin:
                spin.Acquire(site.Span);
                return spin;
            case Framework.Locks.WdfWaitLock wait:
                wait.Acquire(null, site.Span);
                return wait;
            default:
                return base.EnterLock(site, frame, lockHandle);
        }
    }

    public override void ExitLock(RuntimeSite<BoundWith> site, ScriptFrame frame, object? token)
    {
        switch (token)
        {
            case WdfInterrupt interrupt: interrupt.ReleaseLock(site.Span); break;
            case Framework.Locks.WdfSpinLock spin: spin.Release(site.Span); break;
            case Framework.Locks.WdfWaitLock wait: wait.Release(site.Span); break;
        }
    }

    /// <summary>The device whose context is being created (locks in <c>state</c> belong to it).</summary>
    private SimDevice? _creating;

    public override object CreateLock(StateFieldSymbol field)
    {
        var device = _creating ?? throw new ScriptRuntimeException(RuntimeErrorKind.NeedsSimulation, RuntimeDiagnostics.NeedsSimulation, field.DeclarationSpan!.Value, field.Type.Name);
        return field.Type.Kind == TypeKind.WaitLock
            ? device.Wdf.CreateWaitLock(null, field.Name, field.DeclarationSpan)
            : device.Wdf.CreateSpinLock(null, field.Name, field.DeclarationSpan);
    }

    internal StateStorage CreateDeviceState(SimDevice device)
    {
        _creating = device;
        try
        {
            return _execution.CreateState(device.Symbol.StateFields, device);
        }
        finally
        {
            _creating = null;
        }
    }

    /// <summary>The hardware-related built-ins; null when <paramref name="intrinsic"/> is not one.</summary>
    private ScriptValue? InvokeHardware(Intrinsic intrinsic, RuntimeSite<BoundIntrinsicCall> site, ScriptFrame frame, ScriptValue receiver, ReadOnlySpan<ScriptValue> arguments)
    {
        object location = Location(site);
        switch (intrinsic)
        {
            case Intrinsic.QueueDpc:
            {
                var device = (SimDevice)frame.Device!;
                var interrupt = device.CurrentInterrupt ?? (device.Interrupts.Length == 1 ? device.Interrupts[0] : null);
                return ScriptValue.FromBool(interrupt?.QueueDpcForIsr(location) ?? false);
            }
            case Intrinsic.DmaBufferAllocate:
                return ScriptValue.FromRef(((SimDevice)frame.Device!).Wdf.CreateCommonBuffer((int)arguments[0].Bits, location));
            case Intrinsic.DmaBufferAddress:
                return ScriptValue.FromScalar(((WdfCommonBuffer)receiver.Ref!).LogicalAddress);
            case Intrinsic.DmaBufferRead:
                return ScriptValue.FromRef(ScriptBytes.From(((WdfCommonBuffer)receiver.Ref!).Read((int)arguments[0].Bits, (int)arguments[1].Bits)));
            case Intrinsic.DmaBufferWrite:
                ((WdfCommonBuffer)receiver.Ref!).Write((int)arguments[0].Bits, ((ScriptBytes)arguments[1].Ref!).Span);
                return default(ScriptValue);
            case Intrinsic.DmaRead:
            {
                var model = (SimModel)frame.Device!;
                return ScriptValue.FromRef(ScriptBytes.From(model.Scripted!.DmaRead(arguments[0].Bits, (int)arguments[1].Bits)));
            }
            case Intrinsic.DmaWrite:
            {
                var model = (SimModel)frame.Device!;
                model.Scripted!.DmaWrite(arguments[0].Bits, ((ScriptBytes)arguments[1].Ref!).Span);
                return default(ScriptValue);
            }
            case Intrinsic.Read8 or Intrinsic.Read16 or Intrinsic.Read32 or Intrinsic.Read64:
                return ScriptValue.FromScalar(((SimDevice)frame.Device!).Wdf.Registers.Read((long)arguments[0].Bits, Width(intrinsic), location));
            case Intrinsic.Write8 or Intrinsic.Write16 or Intrinsic.Write32 or Intrinsic.Write64:
                ((SimDevice)frame.Device!).Wdf.Registers.Write((long)arguments[0].Bits, Width(intrinsic), arguments[1].Bits, location);
                return default(ScriptValue);
            case Intrinsic.DeviceHwRead8 or Intrinsic.DeviceHwRead16 or Intrinsic.DeviceHwRead32 or Intrinsic.DeviceHwRead64:
            {
                var bus = Dev(receiver, site.Span).Plugged.Bus;
                long offset = (long)arguments[0].Bits;
                int width = Width(intrinsic);
                return ScriptValue.FromScalar(Host(site.Span, () => width switch
                {
                    1 => bus.Read8(offset),
                    2 => bus.Read16(offset),
                    4 => bus.Read32(offset),
                    _ => bus.Read64(offset),
                }));
            }
            case Intrinsic.DeviceHwWrite8 or Intrinsic.DeviceHwWrite16 or Intrinsic.DeviceHwWrite32 or Intrinsic.DeviceHwWrite64:
            {
                var bus = Dev(receiver, site.Span).Plugged.Bus;
                long offset = (long)arguments[0].Bits;
                ulong value = arguments[1].Bits;
                int width = Width(intrinsic);
                Host(site.Span, () =>
                {
                    switch (width)
                    {
                        case 1: bus.Write8(offset, (byte)value); break;
                        case 2: bus.Write16(offset, (ushort)value); break;
                        case 4: bus.Write32(offset, (uint)value); break;
                        default: bus.Write64(offset, value); break;
                    }
                });
                return default(ScriptValue);
            }
            default:
                return null;
        }
    }

    private static int Width(Intrinsic intrinsic) => intrinsic switch
    {
        Intrinsic.Read8 or Intrinsic.Write8 or Intrinsic.DeviceHwRead8 or Intrinsic.DeviceHwWrite8 => 1,
        Intrinsic.Read16 or Intrinsic.Write16 or Intrinsic.DeviceHwRead16 or Intrinsic.DeviceHwWrite16 => 2,
        Intrinsic.Read32 or Intrinsic.Write32 or Intrinsic.DeviceHwRead32 or Intrinsic.DeviceHwWrite32 => 4,
        _ => 8,
    };

    /// <summary>Creates the device's interrupts (after the queues, in EvtDriverDeviceAdd).</summary>
    internal WdfInterrupt[] CreateInterrupts(SimDevice device)
    {
        var result = new WdfInterrupt[device.Symbol.Interrupts.Length];
        foreach (var i in device.Symbol.Interrupts)
        {
            var isr = i.FindCallback(CallbackKind.InterruptIsr);
            var dpc = i.FindCallback(CallbackKind.InterruptDpc);
            var enable = i.FindCallback(CallbackKind.InterruptEnable);
            var disable = i.FindCallback(CallbackKind.InterruptDisable);
            var config = new WdfInterruptConfig((interrupt, message) =>
            {
                if (isr is null) return false;
                var previous = device.CurrentInterrupt;
                device.CurrentInterrupt = interrupt;
                try
                {
                    return RunCallback(isr, device, [ScriptValue.FromScalar(message)]).AsBool;
                }
                finally
                {
                    device.CurrentInterrupt = previous;
                }
            })
            {
                Name = i.Name,
                Source = i.Line?.Name,
                EvtInterruptDpc = dpc is null ? null : (_, _) => RunCallback(dpc, device, []),
                EvtInterruptEnable = enable is null ? null : (_, _) => new Framework.NtStatus((uint)RunCallback(enable, device, []).Bits),
                EvtInterruptDisable = disable is null ? null : (_, _) => new Framework.NtStatus((uint)RunCallback(disable, device, []).Bits),
                AutomaticSerialization = device.Symbol.Sync != SyncScope.None,
            };
            result[i.Index] = device.Wdf.CreateInterrupt(config, i.DeclarationSpan);
        }
        return result;
    }
}

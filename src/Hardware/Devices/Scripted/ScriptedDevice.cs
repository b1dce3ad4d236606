using DriverScript.Hardware.Interrupts;
using DriverScript.Hardware.Memory;
using DriverScript.Hardware.Registers;
using DriverScript.Hardware.Time;

namespace DriverScript.Hardware.Devices.Scripted;

/// <summary>
/// A device model assembled at run time: what the interpreter builds from a language
/// <c>hardware { }</c> block (<c>LANGUAGE.md</c> §7). Every piece is a public call on the same classes
/// C# models use: registers and fields on <see cref="DeviceModel.Registers"/> (with callbacks,
/// value providers and <c>locked when</c>), level lines whose level is an expression re-evaluated after
/// every register change, message-signaled pulses, <c>after</c> actions on the shared clock, device
/// memories and DMA to system memory.
/// </summary>
/// <remarks>
/// Mapping from the language: <c>registers(size = S, unmapped = ones)</c> → the constructor;
/// <c>widths = 4 | 8, aligned = …, rejected = …</c> and each <c>access @ a..b : …;</c> →
/// <see cref="RegisterMap.RestrictWidths"/>; <c>narrow = zero_extend</c> → <see cref="RegisterMap.NarrowAccess"/>;
/// <c>reg N @ o : u32 ro = r</c> → <c>Registers.Define32(o, "N", r, FieldModes.ReadOnly)</c>;
/// <c>field F [hi:lo] : rw = r;</c> → <see cref="Register.DefineValueField"/>;
/// <c>on write(v) { }</c> → <see cref="Register.WithWriteCallback"/>;
/// <c>on read -> T { }</c> → <see cref="Register.WithValueProvider"/>;
/// assigning a register or field inside model code → <c>Value</c> (no handlers re-run);
/// <c>locked when e;</c> → <see cref="Register.LockedWhen"/>;
/// <c>after d { }</c> → <see cref="After"/>; <c>interrupt irq = e;</c> → <see cref="DeclareInterrupt"/>;
/// <c>pulse p;</c> → <see cref="DeclarePulse"/> then <see cref="MessageSignaledInterrupt.Pulse"/>;
/// <c>memory M @ o : n;</c> → <see cref="DefineMemory"/> (<c>hidden</c>: <c>mmioVisible: false</c>); <c>dma_read</c>/<c>dma_write</c> →
/// <see cref="DmaRead"/>/<see cref="DmaWrite"/>; <c>on reset { }</c> → <see cref="OnReset"/>, run by
/// <see cref="PowerOn"/>.
/// </remarks>
/// <example>
/// <code>
/// var device = new ScriptedDevice("Edu", context, size: 0x100000, UnmappedValue.Ones);
/// var status = device.Registers.Define32(0x24, "INT_STATUS", mode: FieldModes.ReadOnly);
/// device.Registers.Define32(0x60, "INT_RAISE", mode: FieldModes.WriteOnly)
///       .WithWriteCallback((_, v) => status.Value |= v);
/// device.DeclareInterrupt("irq", () => status.Value != 0);
/// device.PowerOn();
/// device.Bus.Write32(0x60, 1);   // irq asserted once the write completes
/// </code>
/// </example>
public sealed class ScriptedDevice : DeviceModel
{
    private readonly List<Action> resetHandlers = [];

    /// <summary>Creates an empty device with a register space of <paramref name="size"/> bytes.</summary>
    public ScriptedDevice(string name, HardwareContext context, long size, UnmappedValue unmapped = UnmappedValue.Zeros)
        : base(name, context, size, unmapped)
    {
    }

    /// <summary>
    /// Declares a level-triggered line whose level is <paramref name="level"/>, re-evaluated after every
    /// bus access, <see cref="After"/> action or model change that altered a register.
    /// </summary>
    public InterruptLine DeclareInterrupt(string name, Func<bool> level)
    {
        ArgumentNullException.ThrowIfNull(level);
        return AddInterruptLine(name, level);
    }

    /// <summary>Declares a message-signaled (edge) output; send with <see cref="MessageSignaledInterrupt.Pulse"/>.</summary>
    public MessageSignaledInterrupt DeclarePulse(string name, int vectors = 1) => AddMessageInterrupt(name, vectors);

    /// <summary>Declares a device memory; see <see cref="RegisterMap.DefineMemory"/>.</summary>
    public DeviceMemory DefineMemory(string name, long offset, int size, bool mmioVisible = true) =>
        Registers.DefineMemory(offset, size, name, mmioVisible);

    /// <summary>Runs <paramref name="action"/> <paramref name="delay"/> nanoseconds from now, as one batch of changes.</summary>
    public new ScheduledAction After(long delay, Action action, string? name = null) => base.After(delay, action, name);

    /// <summary>Adds a handler run by <see cref="PowerOn"/> and <see cref="Reset"/>, after the registers took their reset values.</summary>
    public void OnReset(Action handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        resetHandlers.Add(handler);
    }

    /// <summary>Brings the device to its power-on state: register reset values, then the reset handlers, then one interrupt evaluation.</summary>
    public void PowerOn() => Reset();

    /// <inheritdoc />
    public override void Reset()
    {
        using (Registers.BeginBatch())
        {
            Registers.Reset();
            foreach (var handler in resetHandlers)
            {
                handler();
            }
        }

        EvaluateLevelExpressions();
    }

    /// <summary>Runs model code (a <c>fn</c> called from a test, say) as one batch of changes.</summary>
    public void Batch(Action action)
    {
        ArgumentNullException.ThrowIfNull(action);
        using (Registers.BeginBatch())
        {
            action();
        }
    }

    /// <summary>Reads system memory through the device's DMA engine (the language's <c>dma_read</c>).</summary>
    public byte[] DmaRead(ulong address, int length) => Dma.Read(address, length);

    /// <summary>Writes system memory through the device's DMA engine (the language's <c>dma_write</c>).</summary>
    public bool DmaWrite(ulong address, ReadOnlySpan<byte> data) => Dma.Write(address, data);
}

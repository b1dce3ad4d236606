using DriverScript.Hardware;
using DriverScript.Hardware.Bus;
using DriverScript.Hardware.Devices;
using DriverScript.Hardware.Interrupts;
using DriverScript.Hardware.Memory;
using DriverScript.Hardware.Registers;
using DriverScript.Language.Symbols;

namespace DriverScript.Interpreter;

/// <summary>
/// A hardware model whose registers are any <see cref="IRegisterBus"/> (LANGUAGE.md §15): made on
/// <c>plug</c> for a model named in <see cref="SimulationRunOptions.Buses"/>. It declares the model's
/// registers (name, offset, width), memory windows and interrupt lines as the script sees them; a bus
/// access to a register goes to <see cref="Target"/> at the register's offset and width
/// (<c>hw.CTRL = 1</c> on a <c>u32</c> register is <c>Target.Write32(offset, 1)</c>; a read returns what
/// <c>Target.Read32(offset)</c> returns). Nothing of the model's own behaviour runs: no <c>on write</c>
/// handlers, no fields' access modes, no <c>on reset</c>. Accesses at offsets with no register read the
/// unmapped value and do not reach the target; memory windows are plain memory. Interrupt lines stay
/// low until the embedder raises them (<see cref="SetLine"/>, <see cref="Pulse"/>).
/// </summary>
/// <example>
/// <code>
/// var bus = Substitute.For&lt;IRegisterBus&gt;();
/// bus.Read32(0x00).Returns(0x010000edu);
/// var options = new RunOptions { RuntimeFactory = SimulationRuntime.Factory(new SimulationRunOptions
/// {
///     Buses = new Dictionary&lt;string, IRegisterBus&gt; { ["QemuEdu"] = bus },
/// }) };
/// script.RunTest("starts the device", options);
/// bus.Received().Write32(0x20, 0x80);
/// </code>
/// </example>
public sealed class RegisterBusDevice : DeviceModel
{
    private readonly Dictionary<string, InterruptLine> _lines = new(StringComparer.Ordinal);
    private readonly Dictionary<string, MessageSignaledInterrupt> _pulses = new(StringComparer.Ordinal);

    internal RegisterBusDevice(HardwareModelSymbol symbol, IRegisterBus target, HardwareContext context)
        : base(symbol.Name, context, SpaceSize(symbol), symbol.UnmappedReadsOnes ? UnmappedValue.Ones : UnmappedValue.Zeros)
    {
        Target = target ?? throw new ArgumentNullException(nameof(target));
        Symbol = symbol;
        RegistersBySymbol = new Register[symbol.Registers.Length];
        foreach (var r in symbol.Registers)
        {
            long offset = (long)r.Offset;
            int width = r.WidthBytes;
            RegistersBySymbol[r.Index] = Registers.Define(offset, width, r.Name)
                .WithValueProvider(_ => ReadTarget(offset, width))
                .WithWriteCallback((_, value) => WriteTarget(offset, width, value));
        }
        MemoriesBySymbol = new DeviceMemory[symbol.Memories.Length];
        foreach (var m in symbol.Memories) MemoriesBySymbol[m.Index] = Registers.DefineMemory((long)m.Offset, (int)m.Size, m.Name);
        PulsesBySymbol = new MessageSignaledInterrupt?[symbol.Lines.Length];
        foreach (var line in symbol.Lines)
        {
            // A C# model's lines are level lines; a hardware block's are level lines or pulse sources.
            if (symbol.IsExternal || line.IsLevelTriggered) _lines[line.Name] = AddInterruptLine(line.Name);
            else PulsesBySymbol[line.Index] = _pulses[line.Name] = AddMessageInterrupt(line.Name);
        }
    }

    /// <summary>The bus the registers are forwarded to.</summary>
    public IRegisterBus Target { get; }

    /// <summary>The model this device stands in for.</summary>
    public HardwareModelSymbol Symbol { get; }

    internal Register[] RegistersBySymbol { get; }

    internal DeviceMemory[] MemoriesBySymbol { get; }

    internal MessageSignaledInterrupt?[] PulsesBySymbol { get; }

    /// <summary>Drives the level-triggered line <paramref name="name"/> (as the model's <c>interrupt NAME = expr</c> would).</summary>
    /// <exception cref="ArgumentException">The model has no level-triggered line of that name.</exception>
    public void SetLine(string name, bool asserted)
    {
        if (!_lines.TryGetValue(name, out var line)) throw new ArgumentException($"{Name} has no level-triggered interrupt line '{name}'", nameof(name));
        line.Set(asserted);
    }

    /// <summary>Sends one message on the pulse source <paramref name="name"/> (as the model's <c>pulse NAME;</c> would).</summary>
    /// <exception cref="ArgumentException">The model has no pulse source of that name.</exception>
    public void Pulse(string name)
    {
        if (!_pulses.TryGetValue(name, out var pulse)) throw new ArgumentException($"{Name} has no pulsed interrupt '{name}'", nameof(name));
        pulse.Pulse();
    }

    private ulong ReadTarget(long offset, int width) => width switch
    {
        1 => Target.Read8(offset),
        2 => Target.Read16(offset),
        4 => Target.Read32(offset),
        _ => Target.Read64(offset),
    };

    private void WriteTarget(long offset, int width, ulong value)
    {
        switch (width)
        {
            case 1: Target.Write8(offset, (byte)value); break;
            case 2: Target.Write16(offset, (ushort)value); break;
            case 4: Target.Write32(offset, (uint)value); break;
            default: Target.Write64(offset, value); break;
        }
    }

    private static long SpaceSize(HardwareModelSymbol symbol)
    {
        ulong size = Math.Max(symbol.Size, 1);
        foreach (var r in symbol.Registers) size = Math.Max(size, r.Offset + (ulong)r.WidthBytes);
        foreach (var m in symbol.Memories) size = Math.Max(size, m.Offset + m.Size);
        return (long)size;
    }
}

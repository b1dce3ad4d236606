using System.Runtime.CompilerServices;
using DriverScript.Hardware.Bus;
using DriverScript.Hardware.Diagnostics;
using DriverScript.Hardware.Memory;

namespace DriverScript.Hardware.Registers;

/// <summary>
/// A device's register space (a PCI BAR, a peripheral's MMIO window): registers keyed by offset,
/// device memories, and the device's policies for unmapped offsets and access widths. It is the
/// device's <see cref="IRegisterBus"/>. Renode's <c>RegisterCollection</c> and QEMU's
/// <c>MemoryRegionOps</c> in one.
/// </summary>
/// <remarks>
/// <para>An access is resolved in this order: the <see cref="AccessRule"/>s (first rejection wins:
/// the read returns the rule's value, the write is dropped and logged); the register at exactly that
/// offset (an access narrower than the register follows <see cref="NarrowAccess"/>, a wider one is
/// unmapped; a register with no readable bits reads the unmapped value); a bus-visible
/// <see cref="DeviceMemory"/> covering the whole access; otherwise the offset is unmapped: reads return
/// <see cref="Unmapped"/>, writes are dropped, and both are logged.</para>
/// <para>Every change of a stored value is reported to <see cref="ValueChanged"/> (for waveforms) and,
/// once the bus access or batch that caused it has finished, to the owning device so it can
/// recompute its interrupt levels (<see cref="Devices.DeviceModel.UpdateInterrupts"/>).</para>
/// <para>The lookup is an array indexed by offset for maps whose registers end below 64 KiB, a binary
/// search otherwise; a plain read or write of a register with no callbacks allocates nothing and
/// takes a few nanoseconds.</para>
/// </remarks>
/// <example>
/// <code>
/// var map = new RegisterMap("edu", size: 0x100000, log, UnmappedValue.Ones)
/// {
///     NarrowAccess = NarrowAccess.ZeroExtend,
/// };
/// map.RestrictWidths(0, 0x100000, AccessWidths.DWord | AccessWidths.QWord, rejected: RejectedRead.Zeros);
/// map.RestrictWidths(0, 0x80, AccessWidths.DWord, rejected: RejectedRead.Unmapped);
/// map.Define32(0x00, "ID", resetValue: 0x010000ED, mode: FieldModes.ReadOnly);
/// map.Read32(0x00);   // 0x010000ED
/// map.Read32(0x0C);   // 0xFFFFFFFF: unmapped
/// </code>
/// </example>
public sealed class RegisterMap : IRegisterBus
{
    private const int MaxDirectTable = 1 << 16;
    private const int MaxSettleRounds = 1000;

    private readonly List<Register> registers = [];
    private readonly List<DeviceMemory> memories = [];
    private Register?[] slots = [];
    private long[] sortedOffsets = [];
    private Register[] sortedRegisters = [];
    private AccessRule[] rules = [];
    private ulong unmappedPattern;
    private UnmappedValue unmapped;
    private int accessDepth;
    private bool dirty;
    private bool settling;

    /// <summary>Creates an empty map of <paramref name="size"/> bytes.</summary>
    /// <param name="name">The device or region name used in log entries.</param>
    /// <param name="size">The size of the address space in bytes.</param>
    /// <param name="log">Where warnings go; a private log when null.</param>
    /// <param name="unmapped">What unmapped reads return.</param>
    public RegisterMap(string name, long size, HardwareLog? log = null, UnmappedValue unmapped = UnmappedValue.Zeros)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(size);
        Name = name;
        Size = size;
        Log = log ?? new HardwareLog();
        Unmapped = unmapped;
    }

    /// <summary>The name used in log entries.</summary>
    public string Name { get; }

    /// <summary>The size of the address space in bytes.</summary>
    public long Size { get; }

    /// <summary>Where unmapped accesses, rejected widths and questionable writes are logged.</summary>
    public HardwareLog Log { get; }

    /// <summary>What unmapped reads return (default zeros).</summary>
    public UnmappedValue Unmapped
    {
        get => unmapped;
        set
        {
            unmapped = value;
            unmappedPattern = value == UnmappedValue.Ones ? ulong.MaxValue : 0;
        }
    }

    /// <summary>How accesses narrower than the register at their offset behave (default: unmapped).</summary>
    public NarrowAccess NarrowAccess { get; set; }

    /// <summary>The registers, by increasing offset.</summary>
    public IReadOnlyList<Register> Registers => registers;

    /// <summary>The device memories, by increasing offset.</summary>
    public IReadOnlyList<DeviceMemory> Memories => memories;

    /// <summary>The width rules, in the order they are checked.</summary>
    public IReadOnlyList<AccessRule> AccessRules => rules;

    /// <summary>
    /// Raised whenever a register's stored value changes, by a bus access or by model code:
    /// (register, old value, new value). Waveform recorders listen here.
    /// </summary>
    public event Action<Register, ulong, ulong>? ValueChanged;

    internal IRegisterMapHost? Host { get; set; }

    /// <summary>True when <see cref="Host"/> has interrupt logic to run after changes; false keeps plain writes at a few ns.</summary>
    internal bool HostListens;

    // ---- Declaration ---------------------------------------------------------------------------

    /// <summary>Declares an 8-bit register; see <see cref="Define"/>.</summary>
    public Register Define8(long offset, string name, ulong resetValue = 0, FieldMode mode = FieldModes.ReadWrite) =>
        Define(offset, 1, name, resetValue, mode);

    /// <summary>Declares a 16-bit register; see <see cref="Define"/>.</summary>
    public Register Define16(long offset, string name, ulong resetValue = 0, FieldMode mode = FieldModes.ReadWrite) =>
        Define(offset, 2, name, resetValue, mode);

    /// <summary>Declares a 32-bit register; see <see cref="Define"/>.</summary>
    public Register Define32(long offset, string name, ulong resetValue = 0, FieldMode mode = FieldModes.ReadWrite) =>
        Define(offset, 4, name, resetValue, mode);

    /// <summary>Declares a 64-bit register; see <see cref="Define"/>.</summary>
    public Register Define64(long offset, string name, ulong resetValue = 0, FieldMode mode = FieldModes.ReadWrite) =>
        Define(offset, 8, name, resetValue, mode);

    /// <summary>
    /// Declares a register of <paramref name="width"/> bytes at <paramref name="offset"/>. Until fields
    /// are declared on it, the whole register behaves as one field of <paramref name="mode"/>.
    /// </summary>
    /// <exception cref="ArgumentException">
    /// The register lies outside the map, overlaps a register or memory, or its name is taken.
    /// </exception>
    public Register Define(long offset, int width, string name, ulong resetValue = 0, FieldMode mode = FieldModes.ReadWrite)
    {
        ArgumentNullException.ThrowIfNull(name);
        CheckPlacement(offset, width, name);
        if (FindRegister(name) != null)
        {
            throw new ArgumentException($"{Name}: a register named '{name}' already exists", nameof(name));
        }

        var register = new Register(this, offset, width, name, resetValue, mode);
        var index = 0;
        while (index < registers.Count && registers[index].Offset < offset)
        {
            index++;
        }

        registers.Insert(index, register);
        RebuildLookup();
        return register;
    }

    /// <summary>
    /// Declares <paramref name="count"/> registers of <paramref name="width"/> bytes starting at
    /// <paramref name="offset"/>, <paramref name="stride"/> bytes apart, named <c>prefix0</c>,
    /// <c>prefix1</c>… (SystemRDL's <c>r[16] @0x1000 += 0x10</c>). <paramref name="setup"/> declares
    /// each one's fields.
    /// </summary>
    public IReadOnlyList<Register> DefineMany(long offset, int count, long stride, int width, string prefix,
        Action<Register, int>? setup = null, ulong resetValue = 0, FieldMode mode = FieldModes.ReadWrite)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        ArgumentOutOfRangeException.ThrowIfLessThan(stride, (long)width);
        var defined = new Register[count];
        for (var i = 0; i < count; i++)
        {
            var register = Define(offset + (i * stride), width,
                prefix + i.ToString(System.Globalization.CultureInfo.InvariantCulture), resetValue, mode);
            setup?.Invoke(register, i);
            defined[i] = register;
        }

        return defined;
    }

    /// <summary>
    /// Declares a device memory of <paramref name="size"/> bytes at <paramref name="offset"/>; when
    /// <paramref name="mmioVisible"/> is false the range stays unmapped for the bus (edu's DMA buffer).
    /// </summary>
    public DeviceMemory DefineMemory(long offset, int size, string name, bool mmioVisible = true)
    {
        ArgumentNullException.ThrowIfNull(name);
        CheckPlacement(offset, size, name);
        var memory = new DeviceMemory(name, offset, size, mmioVisible);
        var index = 0;
        while (index < memories.Count && memories[index].Offset < offset)
        {
            index++;
        }

        memories.Insert(index, memory);
        return memory;
    }

    /// <summary>
    /// Adds a width rule: accesses starting in [<paramref name="start"/>, <paramref name="end"/>) must
    /// have one of <paramref name="widths"/> (and be aligned when <paramref name="requireAlignment"/>);
    /// others read <paramref name="rejected"/> and their writes are dropped. Rules are checked in order.
    /// </summary>
    public RegisterMap RestrictWidths(long start, long end, AccessWidths widths, bool requireAlignment = true,
        RejectedRead rejected = RejectedRead.Unmapped)
    {
        if (start < 0 || end <= start)
        {
            throw new ArgumentException($"{Name}: empty or negative width-rule range [0x{start:X}, 0x{end:X})");
        }

        rules = [.. rules, new AccessRule(start, end, widths, requireAlignment, rejected)];
        return this;
    }

    // ---- Lookup --------------------------------------------------------------------------------

    /// <summary>The register starting at <paramref name="offset"/>, or null.</summary>
    public Register? FindRegister(long offset)
    {
        if ((ulong)offset < (ulong)slots.Length)
        {
            return slots[offset];
        }

        var index = Array.BinarySearch(sortedOffsets, offset);
        return index >= 0 ? sortedRegisters[index] : null;
    }

    /// <summary>The register named <paramref name="name"/> (ordinal), or null.</summary>
    public Register? FindRegister(string name)
    {
        foreach (var register in registers)
        {
            if (string.Equals(register.Name, name, StringComparison.Ordinal))
            {
                return register;
            }
        }

        return null;
    }

    /// <summary>The register named <paramref name="name"/>.</summary>
    /// <exception cref="KeyNotFoundException">No register has that name.</exception>
    public Register GetRegister(string name) =>
        FindRegister(name) ?? throw new KeyNotFoundException($"{Name} has no register '{name}'");

    /// <summary>The memory named <paramref name="name"/> (ordinal), or null.</summary>
    public DeviceMemory? FindMemory(string name)
    {
        foreach (var memory in memories)
        {
            if (string.Equals(memory.Name, name, StringComparison.Ordinal))
            {
                return memory;
            }
        }

        return null;
    }

    // ---- State ---------------------------------------------------------------------------------

    /// <summary>Restores every register's reset value (no callbacks), then lets the device recompute its interrupts once.</summary>
    public void Reset()
    {
        BeginAccess();
        try
        {
            foreach (var register in registers)
            {
                register.Reset();
            }
        }
        finally
        {
            EndAccess();
        }
    }

    /// <summary>
    /// Groups model-side changes: interrupt levels are recomputed once, when the returned batch is
    /// disposed, instead of after each change. Bus accesses and device <c>after</c> actions are batches
    /// already.
    /// </summary>
    /// <example>
    /// <code>
    /// using (map.BeginBatch())
    /// {
    ///     status.Value = 0;
    ///     result.Value = 120;
    /// }   // the interrupt level is re-evaluated here, once
    /// </code>
    /// </example>
    public ChangeBatch BeginBatch()
    {
        BeginAccess();
        return new ChangeBatch(this);
    }

    // ---- Bus -----------------------------------------------------------------------------------

    /// <inheritdoc />
    public byte Read8(long offset) => (byte)Read(offset, 1);

    /// <inheritdoc />
    public ushort Read16(long offset) => (ushort)Read(offset, 2);

    /// <inheritdoc />
    public uint Read32(long offset) => (uint)Read(offset, 4);

    /// <inheritdoc />
    public ulong Read64(long offset) => Read(offset, 8);

    /// <inheritdoc />
    public void Write8(long offset, byte value) => Write(offset, 1, value);

    /// <inheritdoc />
    public void Write16(long offset, ushort value) => Write(offset, 2, value);

    /// <inheritdoc />
    public void Write32(long offset, uint value) => Write(offset, 4, value);

    /// <inheritdoc />
    public void Write64(long offset, ulong value) => Write(offset, 8, value);

    /// <summary>A bus read of <paramref name="width"/> bytes (1, 2, 4, 8) at <paramref name="offset"/>, zero-extended.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong Read(long offset, int width)
    {
        var table = slots;
        if ((ulong)offset < (ulong)table.Length && rules.Length == 0)
        {
            var register = table[offset];
            if (register != null && register.Width == width && register.IsPlainRead)
            {
                return register.StoredValue & register.ReadableMask;
            }
        }

        return ReadSlow(offset, width);
    }

    /// <summary>A bus write of the low <paramref name="width"/> bytes (1, 2, 4, 8) of <paramref name="value"/> at <paramref name="offset"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Write(long offset, int width, ulong value)
    {
        var table = slots;
        if ((ulong)offset < (ulong)table.Length && rules.Length == 0)
        {
            var register = table[offset];
            if (register != null && register.Width == width)
            {
                register.Write(value);
                return;
            }
        }

        WriteSlow(offset, width, value);
    }

    private ulong ReadSlow(long offset, int width)
    {
        CheckWidth(width);
        var mask = Bits.ByteMask(width);
        foreach (var rule in rules)
        {
            if (rule.Rejects(offset, width))
            {
                Log.Add(Name, HardwareLogKind.RejectedAccessWidth,
                    $"{width}-byte read at 0x{offset:X} rejected by the width policy");
                return rule.Rejected switch
                {
                    RejectedRead.Zeros => 0,
                    RejectedRead.Ones => mask,
                    _ => unmappedPattern & mask,
                };
            }
        }

        var register = FindRegister(offset);
        if (register != null)
        {
            if (register.Width == width)
            {
                return register.IsReadable ? register.Read() : unmappedPattern & mask;
            }

            if (width < register.Width && NarrowAccess == NarrowAccess.ZeroExtend)
            {
                return register.IsReadable ? register.Read() & mask : unmappedPattern & mask;
            }
        }
        else if (FindVisibleMemory(offset, width) is { } memory)
        {
            return memory.ReadLittleEndian((int)(offset - memory.Offset), width);
        }

        Log.Add(Name, HardwareLogKind.UnmappedRead, $"{width}-byte read of unmapped offset 0x{offset:X}");
        return unmappedPattern & mask;
    }

    private void WriteSlow(long offset, int width, ulong value)
    {
        CheckWidth(width);
        value &= Bits.ByteMask(width);
        foreach (var rule in rules)
        {
            if (rule.Rejects(offset, width))
            {
                Log.Add(Name, HardwareLogKind.RejectedAccessWidth,
                    $"{width}-byte write of 0x{value:X} at 0x{offset:X} rejected by the width policy");
                return;
            }
        }

        var register = FindRegister(offset);
        if (register != null)
        {
            if (register.Width == width || (width < register.Width && NarrowAccess == NarrowAccess.ZeroExtend))
            {
                register.Write(value);
                return;
            }
        }
        else if (FindVisibleMemory(offset, width) is { } memory)
        {
            memory.WriteLittleEndian((int)(offset - memory.Offset), width, value);
            return;
        }

        Log.Add(Name, HardwareLogKind.UnmappedWrite, $"{width}-byte write of 0x{value:X} to unmapped offset 0x{offset:X} dropped");
    }

    private DeviceMemory? FindVisibleMemory(long offset, int width)
    {
        foreach (var memory in memories)
        {
            if (memory.MmioVisible && offset >= memory.Offset && offset + width <= memory.Offset + memory.Size)
            {
                return memory;
            }
        }

        return null;
    }

    private static void CheckWidth(int width)
    {
        if (width is not (1 or 2 or 4 or 8))
        {
            throw new ArgumentOutOfRangeException(nameof(width), width, "an access is 1, 2, 4 or 8 bytes wide");
        }
    }

    // ---- Change notification -------------------------------------------------------------------

    internal void OnStoredValueChanged(Register register, ulong oldValue, ulong newValue)
    {
        ValueChanged?.Invoke(register, oldValue, newValue);
        if (HostListens)
        {
            dirty = true;
            if (accessDepth == 0)
            {
                Settle();
            }
        }
    }

    internal void BeginAccess() => accessDepth++;

    internal void EndAccess()
    {
        accessDepth--;
        if (accessDepth == 0 && dirty)
        {
            Settle();
        }
    }

    private void Settle()
    {
        if (settling || Host is not { } host)
        {
            return;
        }

        settling = true;
        try
        {
            var rounds = 0;
            while (dirty)
            {
                if (++rounds > MaxSettleRounds)
                {
                    throw new InvalidOperationException(
                        $"{Name}: registers keep changing while interrupt levels are recomputed (more than {MaxSettleRounds} rounds)");
                }

                dirty = false;
                host.OnRegistersChanged();
            }
        }
        finally
        {
            settling = false;
        }
    }

    private void CheckPlacement(long offset, long size, string name)
    {
        if (offset < 0 || offset > Size - size)
        {
            throw new ArgumentException(
                $"{Name}: '{name}' at 0x{offset:X} ({size} bytes) lies outside the {Size}-byte register space");
        }

        var end = offset + size;
        foreach (var register in registers)
        {
            if (offset < register.Offset + register.Width && register.Offset < end)
            {
                throw new ArgumentException(
                    $"{Name}: '{name}' at 0x{offset:X} overlaps register {register.Name} at 0x{register.Offset:X}");
            }
        }

        foreach (var memory in memories)
        {
            if (offset < memory.Offset + memory.Size && memory.Offset < end)
            {
                throw new ArgumentException(
                    $"{Name}: '{name}' at 0x{offset:X} overlaps memory {memory.Name} at 0x{memory.Offset:X}");
            }
        }
    }

    private void RebuildLookup()
    {
        sortedOffsets = new long[registers.Count];
        sortedRegisters = new Register[registers.Count];
        long end = 0;
        for (var i = 0; i < registers.Count; i++)
        {
            sortedOffsets[i] = registers[i].Offset;
            sortedRegisters[i] = registers[i];
            end = Math.Max(end, registers[i].Offset + registers[i].Width);
        }

        if (end <= MaxDirectTable)
        {
            var table = new Register?[end];
            foreach (var register in registers)
            {
                table[register.Offset] = register;
            }

            slots = table;
        }
        else
        {
            slots = [];
        }
    }

    /// <summary>A scope of model-side changes; see <see cref="BeginBatch"/>.</summary>
    public readonly struct ChangeBatch : IDisposable
    {
        private readonly RegisterMap? map;

        internal ChangeBatch(RegisterMap map) => this.map = map;

        /// <summary>Ends the batch; interrupt levels are recomputed if a register changed.</summary>
        public void Dispose() => map?.EndAccess();
    }
}

/// <summary>The owner a <see cref="RegisterMap"/> tells when registers changed (a device model).</summary>
internal interface IRegisterMapHost
{
    void OnRegistersChanged();
}

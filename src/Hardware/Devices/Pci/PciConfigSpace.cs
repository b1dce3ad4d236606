using System.Buffers.Binary;
using DriverScript.Hardware.Bus;

namespace DriverScript.Hardware.Devices.Pci;

/// <summary>
/// The 256-byte configuration space of a conventional PCI function (type 0 header), modelled as
/// QEMU's PCI core does: a byte array with a writable mask and a write-one-to-clear mask per byte.
/// Accesses of 1, 2 or 4 bytes at any offset; beyond 0xFF reads return all ones and writes are
/// dropped. BAR sizing works as on hardware (write all ones, read back the size mask).
/// </summary>
/// <example>
/// <code>
/// var config = new PciConfigSpace(new PciIdentity(0x1234, 0x11E8, 0x10, 0xFF0000, 0x1AF4, 0x1100, InterruptPin: 1));
/// config.AddBar(new PciBar(0, 1 &lt;&lt; 20, PciBarKind.Memory32));
/// config.AddMsiCapability(vectors: 1, is64Bit: true);
/// config.Write32(0x10, 0xFFFFFFFF);
/// config.Read32(0x10);   // 0xFFF00000: a 1 MiB 32-bit memory BAR
/// </code>
/// </example>
public sealed class PciConfigSpace : IRegisterBus
{
    /// <summary>The size of a conventional configuration space.</summary>
    public const int Size = 256;

    /// <summary>Command register bits.</summary>
    public const ushort CommandIo = 0x0001, CommandMemory = 0x0002, CommandBusMaster = 0x0004,
        CommandParity = 0x0040, CommandSerr = 0x0100, CommandInterruptDisable = 0x0400;

    /// <summary>Status register bits.</summary>
    public const ushort StatusInterrupt = 0x0008, StatusCapabilityList = 0x0010;

    private const int CommandOffset = 0x04, StatusOffset = 0x06, CapabilityPointerOffset = 0x34;
    private const int FirstCapabilityOffset = 0x40;
    private const byte MsiCapabilityId = 0x05;

    private readonly byte[] config = new byte[Size];
    private readonly byte[] writable = new byte[Size];
    private readonly byte[] writeOneToClear = new byte[Size];
    private byte[] powerOn = new byte[Size];
    private int nextCapability = FirstCapabilityOffset;
    private int lastCapability;

    /// <summary>Creates a type 0 header with the given identity.</summary>
    public PciConfigSpace(PciIdentity identity)
    {
        Identity = identity ?? throw new ArgumentNullException(nameof(identity));
        Set16(0x00, identity.VendorId);
        Set16(0x02, identity.DeviceId);
        config[0x08] = identity.Revision;
        config[0x09] = (byte)identity.ClassCode;
        config[0x0A] = (byte)(identity.ClassCode >> 8);
        config[0x0B] = (byte)(identity.ClassCode >> 16);
        config[0x0E] = 0x00;
        Set16(0x2C, identity.SubsystemVendorId);
        Set16(0x2E, identity.SubsystemId);
        config[0x3D] = identity.InterruptPin;

        SetMask16(writable, CommandOffset,
            CommandIo | CommandMemory | CommandBusMaster | CommandParity | CommandSerr | CommandInterruptDisable);
        SetMask16(writeOneToClear, StatusOffset, 0xF900);
        writable[0x0C] = 0xFF;   // cache line size
        writable[0x3C] = 0xFF;   // interrupt line
        SavePowerOnState();
    }

    /// <summary>The identity the space was built with.</summary>
    public PciIdentity Identity { get; }

    /// <summary>The offset of the MSI capability, or 0 if there is none.</summary>
    public int MsiCapabilityOffset { get; private set; }

    /// <summary>The Command register.</summary>
    public ushort Command => Get16(CommandOffset);

    /// <summary>The Status register.</summary>
    public ushort Status => Get16(StatusOffset);

    /// <summary>Command.MSE: memory decoding on.</summary>
    public bool MemorySpaceEnabled => (Command & CommandMemory) != 0;

    /// <summary>Command.BME: the function may master the bus (DMA, MSI writes).</summary>
    public bool BusMasterEnabled => (Command & CommandBusMaster) != 0;

    /// <summary>Command.InterruptDisable: INTx is masked.</summary>
    public bool InterruptDisable => (Command & CommandInterruptDisable) != 0;

    /// <summary>Status.InterruptStatus: the function's INTx pin state, before the disable bit (set by the device).</summary>
    public bool InterruptStatus
    {
        get => (Status & StatusInterrupt) != 0;
        set => Set16(StatusOffset, (ushort)(value ? Status | StatusInterrupt : Status & ~StatusInterrupt));
    }

    /// <summary>True when the function has an MSI capability and software enabled it.</summary>
    public bool MsiEnabled => MsiCapabilityOffset != 0 && (Get16(MsiCapabilityOffset + 2) & 1) != 0;

    /// <summary>The MSI message address software programmed.</summary>
    public ulong MsiAddress
    {
        get
        {
            if (MsiCapabilityOffset == 0)
            {
                return 0;
            }

            var low = Get32(MsiCapabilityOffset + 4);
            return Is64BitMsi ? low | ((ulong)Get32(MsiCapabilityOffset + 8) << 32) : low;
        }
    }

    /// <summary>The MSI message data software programmed.</summary>
    public ushort MsiData => MsiCapabilityOffset == 0 ? (ushort)0 : Get16(MsiCapabilityOffset + (Is64BitMsi ? 12 : 8));

    private bool Is64BitMsi => MsiCapabilityOffset != 0 && (Get16(MsiCapabilityOffset + 2) & 0x80) != 0;

    /// <summary>Raised after every configuration write, so the device can react (INTx disable, MSI enable).</summary>
    public event Action<PciConfigSpace>? Changed;

    /// <summary>Declares a BAR: its type bits are fixed and its address bits become writable above the size.</summary>
    public void AddBar(PciBar bar)
    {
        ArgumentNullException.ThrowIfNull(bar);
        if (bar.Index is < 0 or > 5 || (bar.Kind == PciBarKind.Memory64 && bar.Index == 5))
        {
            throw new ArgumentOutOfRangeException(nameof(bar), bar.Index, "BAR slots are 0 to 5 (a 64-bit BAR takes two)");
        }

        if (bar.Size < (bar.Kind == PciBarKind.Io ? 4 : 16) || (bar.Size & (bar.Size - 1)) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(bar), bar.Size, "a BAR's size is a power of two, at least 16 bytes (4 for I/O)");
        }

        var offset = 0x10 + (bar.Index * 4);
        var sizeMask = ~(ulong)(bar.Size - 1);
        uint flags = bar.Kind switch
        {
            PciBarKind.Io => 0x1,
            PciBarKind.Memory64 => 0x4u | (bar.Prefetchable ? 0x8u : 0),
            _ => bar.Prefetchable ? 0x8u : 0,
        };
        var lowMask = (uint)sizeMask & (bar.Kind == PciBarKind.Io ? 0xFFFFFFFCu : 0xFFFFFFF0u);
        Set32(offset, flags);
        SetMask32(writable, offset, lowMask);
        if (bar.Kind == PciBarKind.Memory64)
        {
            SetMask32(writable, offset + 4, (uint)(sizeMask >> 32));
        }

        SavePowerOnState();
    }

    /// <summary>
    /// Adds an MSI capability (ID 0x05) with <paramref name="vectors"/> vectors (a power of two, 1 to 32),
    /// 64-bit addressing if asked, and no per-vector masking. Returns its offset.
    /// </summary>
    public int AddMsiCapability(int vectors, bool is64Bit)
    {
        if (vectors is < 1 or > 32 || (vectors & (vectors - 1)) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(vectors), vectors, "MSI offers 1, 2, 4, 8, 16 or 32 vectors");
        }

        if (MsiCapabilityOffset != 0)
        {
            throw new InvalidOperationException("the function already has an MSI capability");
        }

        var size = is64Bit ? 14 : 10;
        var offset = AddCapability(MsiCapabilityId, size);
        var multipleMessageCapable = System.Numerics.BitOperations.Log2((uint)vectors);
        Set16(offset + 2, (ushort)((is64Bit ? 0x80 : 0) | (multipleMessageCapable << 1)));
        SetMask16(writable, offset + 2, 0x0071);   // MSI enable and multiple message enable
        SetMask32(writable, offset + 4, 0xFFFFFFFC);
        if (is64Bit)
        {
            SetMask32(writable, offset + 8, 0xFFFFFFFF);
            SetMask16(writable, offset + 12, 0xFFFF);
        }
        else
        {
            SetMask16(writable, offset + 8, 0xFFFF);
        }

        MsiCapabilityOffset = offset;
        SavePowerOnState();
        return offset;
    }

    /// <summary>
    /// Sets Command.MSE and Command.BME, as the PnP manager's PCI bus driver does before it starts a
    /// driver. QEMU leaves them clear at power-on, and edu's DMA needs bus mastering.
    /// </summary>
    public void EnableMemoryAndBusMaster() => Write16(CommandOffset, (ushort)(Command | CommandMemory | CommandBusMaster));

    /// <summary>Restores the power-on contents (a PCI reset: command, BAR addresses, MSI state cleared).</summary>
    public void Reset()
    {
        powerOn.CopyTo(config, 0);
        Changed?.Invoke(this);
    }

    /// <summary>The raw byte at <paramref name="offset"/>, without side effects.</summary>
    public byte Peek(int offset) => config[offset];

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

    private ulong Read(long offset, int width)
    {
        if (offset < 0 || offset > Size - width)
        {
            return width == 8 ? ulong.MaxValue : (1UL << (width * 8)) - 1;
        }

        ulong value = 0;
        for (var i = width - 1; i >= 0; i--)
        {
            value = (value << 8) | config[offset + i];
        }

        return value;
    }

    private void Write(long offset, int width, ulong value)
    {
        if (offset < 0 || offset > Size - width)
        {
            return;
        }

        for (var i = 0; i < width; i++)
        {
            var index = (int)offset + i;
            var written = (byte)(value >> (i * 8));
            var mask = writable[index];
            config[index] = (byte)((config[index] & ~mask) | (written & mask));
            config[index] &= (byte)~(written & writeOneToClear[index]);
        }

        Changed?.Invoke(this);
    }

    private int AddCapability(byte id, int size)
    {
        var offset = nextCapability;
        if (offset + size > Size)
        {
            throw new InvalidOperationException("no room left for another capability");
        }

        config[offset] = id;
        config[offset + 1] = 0;
        if (lastCapability == 0)
        {
            config[CapabilityPointerOffset] = (byte)offset;
            Set16(StatusOffset, (ushort)(Status | StatusCapabilityList));
        }
        else
        {
            config[lastCapability + 1] = (byte)offset;
        }

        lastCapability = offset;
        nextCapability = (offset + size + 3) & ~3;
        return offset;
    }

    private void SavePowerOnState() => powerOn = (byte[])config.Clone();

    private ushort Get16(int offset) => BinaryPrimitives.ReadUInt16LittleEndian(config.AsSpan(offset));

    private uint Get32(int offset) => BinaryPrimitives.ReadUInt32LittleEndian(config.AsSpan(offset));

    private void Set16(int offset, ushort value) => BinaryPrimitives.WriteUInt16LittleEndian(config.AsSpan(offset), value);

    private void Set32(int offset, uint value) => BinaryPrimitives.WriteUInt32LittleEndian(config.AsSpan(offset), value);

    private static void SetMask16(byte[] mask, int offset, ushort value) =>
        BinaryPrimitives.WriteUInt16LittleEndian(mask.AsSpan(offset), value);

    private static void SetMask32(byte[] mask, int offset, uint value) =>
        BinaryPrimitives.WriteUInt32LittleEndian(mask.AsSpan(offset), value);
}

using DriverScript.Hardware.Bus;
using DriverScript.Hardware.Devices.Pci;
using DriverScript.Hardware.Diagnostics;
using DriverScript.Hardware.Dma;
using DriverScript.Hardware.Interrupts;
using DriverScript.Hardware.Memory;
using DriverScript.Hardware.Registers;

namespace DriverScript.Hardware.Devices.Edu;

/// <summary>
/// QEMU's educational PCI device (<c>hw/misc/edu.c</c>), register for register: identification,
/// liveness check, factorial with a virtual latency, interrupt status with raise/acknowledge over
/// INTx (a level) or MSI (a pulse per raise), and a 4 KiB DMA buffer with a 100 ms virtual transfer.
/// Registered as <see cref="ModelName"/>; <c>HARDWARE.md</c> §2 is the specification and every
/// conformance check there is a test.
/// </summary>
/// <remarks>
/// <para>Deliberate choices where QEMU is undefined or nondeterministic: the factorial takes
/// <see cref="QemuEduOptions.FactorialLatency"/> of virtual time (QEMU: however long its thread
/// takes); a DMA whose buffer range is out of bounds is logged and its copy skipped (QEMU logs and
/// proceeds into undefined behaviour), the command still completes.</para>
/// <para>Like QEMU, the device has no reset handler: <see cref="Reset"/> resets only what QEMU's PCI
/// core resets (configuration space, INTx deasserted); registers, the DMA buffer and pending work
/// survive.</para>
/// </remarks>
/// <example>
/// <code>
/// var context = new HardwareContext();
/// var edu = new QemuEdu(context);
/// edu.Bus.Write32(0x20, 0x80);          // interrupt when the factorial is done
/// edu.Bus.Write32(0x08, 5);
/// context.Clock.RunFor(VirtualTime.Microseconds(10));
/// edu.Bus.Read32(0x08);                 // 120
/// edu.Intx.Level;                       // true: irq_status is 0x1
/// </code>
/// </example>
public sealed class QemuEdu : DeviceModel, IPciDevice
{
    /// <summary>The name the model is registered under.</summary>
    public const string ModelName = "QemuEdu";

    /// <summary>The identification register's value: major 1, minor 0.</summary>
    public const uint Identification = 0x010000ED;

    /// <summary>The BAR0 size: 1 MiB.</summary>
    public const long Bar0Size = 1 << 20;

    /// <summary>Where the DMA buffer sits in the device's DMA address space.</summary>
    public const long DmaBufferAddress = 0x40000;

    /// <summary>The DMA buffer's size.</summary>
    public const int DmaBufferSize = 4096;

    /// <summary>Interrupt status bit raised when a factorial completes with IRQFACT set.</summary>
    public const uint FactorialInterrupt = 0x1;

    /// <summary>Interrupt status bit raised when a DMA completes with its IRQ bit set.</summary>
    public const uint DmaInterrupt = 0x100;

    private const ulong DmaRun = 0x1, DmaToRam = 0x2, DmaIrq = 0x4;

    private readonly Register liveness, factorial, interruptStatus;
    private readonly FlagField computing;
    private readonly FlagField irqOnDone;
    private readonly Register dmaSource, dmaDestination, dmaCount, dmaCommand;
    private bool intxPin;

    /// <summary>Creates the device in its power-on state (all registers zero, INTx deasserted, MSI off).</summary>
    public QemuEdu(HardwareContext context, QemuEduOptions? options = null)
        : base("edu", context, Bar0Size, UnmappedValue.Ones)
    {
        Options = options ?? new QemuEduOptions();
        ArgumentOutOfRangeException.ThrowIfNegative(Options.FactorialLatency);
        ArgumentOutOfRangeException.ThrowIfNegative(Options.DmaLatency);

        Config = new PciConfigSpace(new PciIdentity(VendorId: 0x1234, DeviceId: 0x11E8, Revision: 0x10,
            ClassCode: 0xFF0000, SubsystemVendorId: 0x1AF4, SubsystemId: 0x1100, InterruptPin: 1));
        Config.AddBar(new PciBar(0, Bar0Size, PciBarKind.Memory32));
        Config.AddMsiCapability(vectors: 1, is64Bit: true);
        Config.Changed += _ => UpdateInterrupts();

        Intx = AddInterruptLine("irq");
        Msi = AddMessageInterrupt("msi");
        Dma.AddressMask = Options.DmaMask;
        Dma.BusMasterEnabled = () => Config.BusMasterEnabled;

        // QEMU's memory core accepts 4- and 8-byte aligned accesses (.valid); others read 0.
        // edu_mmio_read/write then accept only 4 bytes below 0x80 (others read ~0).
        Registers.NarrowAccess = NarrowAccess.ZeroExtend;
        Registers.RestrictWidths(0, Bar0Size, AccessWidths.DWord | AccessWidths.QWord, rejected: RejectedRead.Zeros);
        Registers.RestrictWidths(0, 0x80, AccessWidths.DWord, rejected: RejectedRead.Unmapped);

        Registers.Define32((long)EduRegister.Identification, "ID", Identification, FieldModes.ReadOnly);

        liveness = Registers.Define32((long)EduRegister.Liveness, "LIVENESS")
            .WithWriteCallback((_, written) => liveness!.Value = ~written & 0xFFFF_FFFF);

        factorial = Registers.Define32((long)EduRegister.Factorial, "FACTORIAL")
            .LockedWhen(() => computing!.Value)
            .WithWriteCallback((_, operand) => StartFactorial((uint)operand));

        Registers.Define32((long)EduRegister.Status, "STATUS")
            .WithFlag(0, out computing, FieldModes.ReadOnly, name: "computing")
            .WithIgnoredBits(1, 6)
            .WithFlag(7, out irqOnDone, FieldModes.ReadWrite, name: "irq_on_done")
            .WithIgnoredBits(8, 24);

        interruptStatus = Registers.Define32((long)EduRegister.InterruptStatus, "INT_STATUS", mode: FieldModes.ReadOnly);

        Registers.Define32((long)EduRegister.InterruptRaise, "INT_RAISE", mode: FieldModes.WriteOnly)
            .WithWriteCallback((_, bits) => Raise((uint)bits));

        Registers.Define32((long)EduRegister.InterruptAcknowledge, "INT_ACK", mode: FieldModes.WriteOnly)
            .WithWriteCallback((_, bits) => Acknowledge((uint)bits));

        dmaSource = Registers.Define64((long)EduRegister.DmaSource, "DMA_SRC").LockedWhen(IsDmaRunning);
        dmaDestination = Registers.Define64((long)EduRegister.DmaDestination, "DMA_DST").LockedWhen(IsDmaRunning);
        dmaCount = Registers.Define64((long)EduRegister.DmaCount, "DMA_CNT").LockedWhen(IsDmaRunning);
        dmaCommand = Registers.Define64((long)EduRegister.DmaCommand, "DMA_CMD")
            .LockedWhen(IsDmaRunning)
            .IgnoreWritesWhen(command => (command & DmaRun) == 0)
            .WithWriteCallback((_, _) => After(Options.DmaLatency, CompleteDma, "edu dma"));

        DmaBuffer = Registers.DefineMemory(DmaBufferAddress, DmaBufferSize, "DMA_BUF", mmioVisible: false);
    }

    /// <summary>The model's parameters.</summary>
    public QemuEduOptions Options { get; }

    /// <inheritdoc />
    public PciConfigSpace Config { get; }

    /// <summary>The INTA# line, named <c>irq</c>: asserted while the interrupt status is nonzero (MSI off, INTx not disabled).</summary>
    public InterruptLine Intx { get; }

    /// <summary>The MSI source: one message per raise while MSI is enabled.</summary>
    public MessageSignaledInterrupt Msi { get; }

    /// <summary>The 4 KiB DMA buffer at device address 0x40000; not visible through BAR0.</summary>
    public DeviceMemory DmaBuffer { get; }

    /// <summary>The interrupt status word (register 0x24), without side effects.</summary>
    public uint InterruptStatus => (uint)interruptStatus.Value;

    /// <inheritdoc />
    public IRegisterBus? GetBar(int index) => index == 0 ? Registers : null;

    /// <summary>
    /// What QEMU's PCI core does on a device reset; edu itself has no reset handler, so its registers,
    /// DMA buffer and pending factorial or DMA survive.
    /// </summary>
    public override void Reset()
    {
        Config.Reset();
        intxPin = false;
        UpdateInterrupts();
    }

    /// <summary>The 32-bit factorial edu computes: <c>ret *= n--</c> wrapping modulo 2^32, 0! = 1.</summary>
    public static uint Factorial(uint n)
    {
        // 34! and above have at least 32 factors of two, so the wrapped product is 0: no need to loop 4 billion times.
        if (n >= 34)
        {
            return 0;
        }

        uint result = 1;
        while (n > 0)
        {
            result = unchecked(result * n--);
        }

        return result;
    }

    /// <summary>
    /// The INTx output follows the pin QEMU drives (raised by a raise with MSI off, dropped by an
    /// acknowledge that empties the status with MSI off), masked by Command.InterruptDisable.
    /// </summary>
    protected override void UpdateInterrupts()
    {
        Config.InterruptStatus = intxPin;
        Intx.Set(intxPin && !Config.InterruptDisable);
    }

    private bool IsDmaRunning() => (dmaCommand.Value & DmaRun) != 0;

    private void StartFactorial(uint operand)
    {
        computing.Value = true;
        After(Options.FactorialLatency, () =>
        {
            factorial.Value = Factorial(operand);
            computing.Value = false;
            if (irqOnDone.Value)
            {
                Raise(FactorialInterrupt);
            }
        }, "edu factorial");
    }

    private void Raise(uint bits)
    {
        interruptStatus.Value |= bits;
        if (interruptStatus.Value != 0)
        {
            if (Config.MsiEnabled)
            {
                Msi.Pulse();
            }
            else
            {
                intxPin = true;
            }
        }

        UpdateInterrupts();
    }

    private void Acknowledge(uint bits)
    {
        interruptStatus.Value &= ~(ulong)bits;
        if (interruptStatus.Value == 0 && !Config.MsiEnabled)
        {
            intxPin = false;
        }

        UpdateInterrupts();
    }

    private void CompleteDma()
    {
        var command = dmaCommand.Value;
        if ((command & DmaRun) == 0)
        {
            return;
        }

        var count = dmaCount.Value;
        if ((command & DmaToRam) == 0)
        {
            var destination = dmaDestination.Value;
            if (CheckBufferRange(destination, count))
            {
                Dma.Copy(DmaPlace.System(dmaSource.Value),
                    DmaPlace.Device(DmaBuffer, (int)(destination - DmaBufferAddress)), (int)count);
            }
        }
        else
        {
            var source = dmaSource.Value;
            if (CheckBufferRange(source, count))
            {
                Dma.Copy(DmaPlace.Device(DmaBuffer, (int)(source - DmaBufferAddress)),
                    DmaPlace.System(dmaDestination.Value), (int)count);
            }
        }

        dmaCommand.Value = command & ~DmaRun;
        if ((command & DmaIrq) != 0)
        {
            Raise(DmaInterrupt);
        }
    }

    private bool CheckBufferRange(ulong start, ulong count)
    {
        if (DmaBuffer.Contains(start, count))
        {
            return true;
        }

        Log.Add(Name, HardwareLogKind.DmaRejected,
            $"DMA range 0x{start:X16}-0x{unchecked(start + count - 1):X16} out of bounds " +
            $"(0x{DmaBufferAddress:X16}-0x{DmaBufferAddress + DmaBufferSize - 1:X16}); transfer skipped");
        return false;
    }
}

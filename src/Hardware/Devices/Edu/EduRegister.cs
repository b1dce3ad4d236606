namespace DriverScript.Hardware.Devices.Edu;

/// <summary>Offsets of the edu device's registers in BAR0 (QEMU docs/specs/edu.rst).</summary>
public enum EduRegister : long
{
    /// <summary>0x00, read-only: <c>0x010000ED</c> (major 1, minor 0).</summary>
    Identification = 0x00,

    /// <summary>0x04: a write stores the bitwise inverse; a read returns it.</summary>
    Liveness = 0x04,

    /// <summary>0x08: a write starts a factorial (ignored while computing); a read returns the operand, then the result.</summary>
    Factorial = 0x08,

    /// <summary>0x20: bit 0 computing (read-only), bit 7 raise IRQ 0x1 when the factorial completes.</summary>
    Status = 0x20,

    /// <summary>0x24, read-only: the interrupt status word.</summary>
    InterruptStatus = 0x24,

    /// <summary>0x60, write-only: ORs the value into the interrupt status and signals.</summary>
    InterruptRaise = 0x60,

    /// <summary>0x64, write-only: clears the written bits of the interrupt status.</summary>
    InterruptAcknowledge = 0x64,

    /// <summary>0x80: DMA source address (64-bit).</summary>
    DmaSource = 0x80,

    /// <summary>0x88: DMA destination address (64-bit).</summary>
    DmaDestination = 0x88,

    /// <summary>0x90: DMA transfer count (64-bit).</summary>
    DmaCount = 0x90,

    /// <summary>0x98: DMA command: bit 0 run, bit 1 direction (1: device → RAM), bit 2 IRQ 0x100 on completion.</summary>
    DmaCommand = 0x98,
}

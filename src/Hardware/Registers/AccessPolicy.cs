namespace DriverScript.Hardware.Registers;

/// <summary>What a read of an offset with no register (or a register that cannot be read) returns.</summary>
public enum UnmappedValue
{
    /// <summary>All zeros (Renode's default, and the language's).</summary>
    Zeros,

    /// <summary>All ones (QEMU edu).</summary>
    Ones,
}

/// <summary>Access widths in bytes, as flags: <c>DWord | QWord</c> accepts 4- and 8-byte accesses.</summary>
[Flags]
public enum AccessWidths
{
    /// <summary>No width.</summary>
    None = 0,

    /// <summary>1-byte accesses.</summary>
    Byte = 1,

    /// <summary>2-byte accesses.</summary>
    Word = 2,

    /// <summary>4-byte accesses.</summary>
    DWord = 4,

    /// <summary>8-byte accesses.</summary>
    QWord = 8,

    /// <summary>Every width.</summary>
    All = Byte | Word | DWord | QWord,
}

/// <summary>What a read rejected by an <see cref="AccessRule"/> returns (the write is always dropped).</summary>
public enum RejectedRead
{
    /// <summary>The map's <see cref="UnmappedValue"/> (edu: an 8-byte read below 0x80 reads all ones).</summary>
    Unmapped,

    /// <summary>Zero (QEMU's memory core for accesses failing <c>.valid</c>: 1-, 2-byte and unaligned).</summary>
    Zeros,

    /// <summary>All ones.</summary>
    Ones,
}

/// <summary>
/// How an access narrower than the register at its offset is treated.
/// </summary>
public enum NarrowAccess
{
    /// <summary>As unmapped: the read returns the unmapped value, the write is dropped (Renode without translations).</summary>
    Unmapped,

    /// <summary>
    /// The read returns the low bytes of a full register read; the write is a full register write of the
    /// value zero-extended (QEMU edu: a 4-byte write to a 64-bit DMA register clears its upper half).
    /// </summary>
    ZeroExtend,
}

/// <summary>
/// One width rule of a <see cref="RegisterMap"/>: accesses that start in [<see cref="Start"/>,
/// <see cref="End"/>) must have one of <see cref="Widths"/> (and be naturally aligned when
/// <see cref="RequireAlignment"/>); others read <see cref="Rejected"/> and their writes are dropped.
/// Rules are checked in the order they were added; the first that rejects decides the value.
/// </summary>
/// <param name="Start">First offset the rule covers.</param>
/// <param name="End">Offset just past the covered range.</param>
/// <param name="Widths">Accepted widths.</param>
/// <param name="RequireAlignment">Whether the offset must be a multiple of the width.</param>
/// <param name="Rejected">What a rejected read returns.</param>
public readonly record struct AccessRule(long Start, long End, AccessWidths Widths, bool RequireAlignment, RejectedRead Rejected)
{
    /// <summary>True if the rule covers <paramref name="offset"/> and rejects an access of <paramref name="width"/> bytes there.</summary>
    public bool Rejects(long offset, int width) =>
        offset >= Start && offset < End
        && (((int)Widths & width) == 0 || (RequireAlignment && (offset & (width - 1)) != 0));
}

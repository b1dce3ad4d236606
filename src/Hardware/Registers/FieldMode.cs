namespace DriverScript.Hardware.Registers;

/// <summary>
/// How a field reacts to bus reads and writes; Renode's <c>FieldMode</c>, bit for bit. A field has at
/// most one read behaviour (<see cref="Read"/>, <see cref="ReadToClear"/>, <see cref="ReadToSet"/>)
/// and at most one write behaviour (the others); <see cref="FieldModes.IsValid"/> checks that.
/// SystemRDL names map as: rclr→<see cref="ReadToClear"/>, rset→<see cref="ReadToSet"/>,
/// woset→<see cref="Set"/>, woclr→<see cref="WriteOneToClear"/>, wot→<see cref="Toggle"/>,
/// wzs→<see cref="WriteZeroToSet"/>, wzc→<see cref="WriteZeroToClear"/>,
/// wzt→<see cref="WriteZeroToToggle"/>, wclr→<see cref="WriteToClear"/>, wset→<see cref="WriteToSet"/>.
/// </summary>
/// <example>
/// <code>
/// reg.WithFlag(0, out var pending, FieldMode.Read | FieldMode.WriteOneToClear, name: "PENDING");
/// </code>
/// </example>
[Flags]
public enum FieldMode
{
    /// <summary>Reads return the stored bits.</summary>
    Read = 1,

    /// <summary>Writes store the written bits.</summary>
    Write = 2,

    /// <summary>Writing 1 sets the bit; writing 0 leaves it (SystemRDL woset, "w1s").</summary>
    Set = 4,

    /// <summary>Writing 1 toggles the bit (SystemRDL wot).</summary>
    Toggle = 8,

    /// <summary>Writing 1 clears the bit (SystemRDL woclr, "w1c").</summary>
    WriteOneToClear = 16,

    /// <summary>Writing 0 clears the bit (SystemRDL wzc).</summary>
    WriteZeroToClear = 32,

    /// <summary>Reads return the stored bits, then clear them (SystemRDL rclr, "rc").</summary>
    ReadToClear = 64,

    /// <summary>Writing 0 sets the bit (SystemRDL wzs).</summary>
    WriteZeroToSet = 128,

    /// <summary>Writing 0 toggles the bit (SystemRDL wzt).</summary>
    WriteZeroToToggle = 256,

    /// <summary>Reads return the stored bits, then set them all (SystemRDL rset).</summary>
    ReadToSet = 2048,

    /// <summary>Any write clears the whole field (SystemRDL wclr).</summary>
    WriteToClear = 4096,

    /// <summary>Any write sets the whole field (SystemRDL wset).</summary>
    WriteToSet = 8192,
}

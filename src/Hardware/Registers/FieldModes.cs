using System.Numerics;

namespace DriverScript.Hardware.Registers;

/// <summary>
/// Named <see cref="FieldMode"/> combinations (the access keywords of <c>LANGUAGE.md</c> §7 and
/// SystemRDL) and checks over them.
/// </summary>
/// <example>
/// <code>
/// FieldModes.Parse("w1c")    // FieldMode.Read | FieldMode.WriteOneToClear
/// FieldModes.TryParse("woset", out var mode)
/// </code>
/// </example>
public static class FieldModes
{
    /// <summary><c>rw</c>: read and write the stored bits.</summary>
    public const FieldMode ReadWrite = FieldMode.Read | FieldMode.Write;

    /// <summary><c>ro</c>: reads return the stored bits; writes are ignored.</summary>
    public const FieldMode ReadOnly = FieldMode.Read;

    /// <summary><c>wo</c>: writes store; reads of a register with no readable bits return the device's unmapped value.</summary>
    public const FieldMode WriteOnly = FieldMode.Write;

    /// <summary><c>w1c</c>: readable; writing 1 clears.</summary>
    public const FieldMode WriteOneToClear = FieldMode.Read | FieldMode.WriteOneToClear;

    /// <summary><c>w1s</c>: readable; writing 1 sets.</summary>
    public const FieldMode WriteOneToSet = FieldMode.Read | FieldMode.Set;

    /// <summary><c>rc</c>: reads return the bits and clear them; writes are ignored.</summary>
    public const FieldMode ReadToClear = FieldMode.ReadToClear;

    private const FieldMode ReadBits = FieldMode.Read | FieldMode.ReadToClear | FieldMode.ReadToSet;

    private static readonly (string Name, FieldMode Mode)[] Names =
    [
        ("rw", ReadWrite),
        ("ro", ReadOnly),
        ("r", ReadOnly),
        ("wo", WriteOnly),
        ("w", WriteOnly),
        ("w1c", WriteOneToClear),
        ("woclr", WriteOneToClear),
        ("w1s", WriteOneToSet),
        ("woset", WriteOneToSet),
        ("rc", ReadToClear),
        ("rclr", ReadToClear),
        ("rs", FieldMode.ReadToSet),
        ("rset", FieldMode.ReadToSet),
        ("wrc", FieldMode.ReadToClear | FieldMode.Write),
        ("wot", FieldMode.Read | FieldMode.Toggle),
        ("w1t", FieldMode.Read | FieldMode.Toggle),
        ("wzc", FieldMode.Read | FieldMode.WriteZeroToClear),
        ("w0c", FieldMode.Read | FieldMode.WriteZeroToClear),
        ("wzs", FieldMode.Read | FieldMode.WriteZeroToSet),
        ("w0s", FieldMode.Read | FieldMode.WriteZeroToSet),
        ("wzt", FieldMode.Read | FieldMode.WriteZeroToToggle),
        ("w0t", FieldMode.Read | FieldMode.WriteZeroToToggle),
        ("wclr", FieldMode.Read | FieldMode.WriteToClear),
        ("wset", FieldMode.Read | FieldMode.WriteToSet),
    ];

    /// <summary>The access keywords <see cref="Parse"/> accepts, in a fixed order.</summary>
    public static IEnumerable<string> Keywords
    {
        get
        {
            foreach (var (name, _) in Names)
            {
                yield return name;
            }
        }
    }

    /// <summary>True if the mode has at most one read behaviour and at most one write behaviour, and at least one of either.</summary>
    public static bool IsValid(this FieldMode mode)
    {
        var read = mode & ReadBits;
        var write = mode & ~ReadBits;
        return mode != 0
            && BitOperations.PopCount((uint)read) <= 1
            && BitOperations.PopCount((uint)write) <= 1
            && (mode & ~AllDefined) == 0;
    }

    /// <summary>True if reads return the field's bits.</summary>
    public static bool IsReadable(this FieldMode mode) => (mode & ReadBits) != 0;

    /// <summary>True if some write can change the field.</summary>
    public static bool IsWritable(this FieldMode mode) => (mode & ~ReadBits) != 0;

    /// <summary>Parses an access keyword (<c>rw ro wo w1c w1s rc</c>, SystemRDL's <c>woset woclr wot wzs wzc wzt wclr wset rclr rset</c>…).</summary>
    /// <exception cref="FormatException">Not a known keyword.</exception>
    public static FieldMode Parse(string keyword) =>
        TryParse(keyword, out var mode) ? mode : throw new FormatException($"unknown access mode '{keyword}'");

    /// <summary>Parses an access keyword; false if unknown. Keywords are lower case.</summary>
    public static bool TryParse(string keyword, out FieldMode mode)
    {
        foreach (var (name, value) in Names)
        {
            if (string.Equals(name, keyword, StringComparison.Ordinal))
            {
                mode = value;
                return true;
            }
        }

        mode = 0;
        return false;
    }

    /// <summary>The short keyword for a mode (<c>rw</c>, <c>w1c</c>…), or its flags when it has none.</summary>
    public static string ToKeyword(this FieldMode mode)
    {
        foreach (var (name, value) in Names)
        {
            if (value == mode)
            {
                return name;
            }
        }

        return mode.ToString();
    }

    private const FieldMode AllDefined = FieldMode.Read | FieldMode.Write | FieldMode.Set | FieldMode.Toggle
        | FieldMode.WriteOneToClear | FieldMode.WriteZeroToClear | FieldMode.ReadToClear | FieldMode.WriteZeroToSet
        | FieldMode.WriteZeroToToggle | FieldMode.ReadToSet | FieldMode.WriteToClear | FieldMode.WriteToSet;
}

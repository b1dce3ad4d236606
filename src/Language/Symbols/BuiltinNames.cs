using System.Globalization;
using System.Text;

namespace DriverScript.Language.Symbols;

/// <summary>
/// The named values every script sees (LANGUAGE.md §3): NTSTATUS codes, device and system power
/// states, request kinds. Values are the Windows ones (<c>WDF_POWER_DEVICE_STATE</c>: D0 = 1 ... D3Final = 5;
/// <c>SYSTEM_POWER_STATE</c>: S0 = 1 ... S5 = 6).
/// </summary>
public static class BuiltinNames
{
    public static IReadOnlyList<(string Name, uint Value)> Statuses { get; } = new (string, uint)[]
    {
        ("STATUS_SUCCESS", 0x00000000),
        ("STATUS_PENDING", 0x00000103),
        ("STATUS_CANCELLED", 0xC0000120),
        ("STATUS_INVALID_PARAMETER", 0xC000000D),
        ("STATUS_BUFFER_TOO_SMALL", 0xC0000023),
        ("STATUS_INSUFFICIENT_RESOURCES", 0xC000009A),
        ("STATUS_DEVICE_NOT_READY", 0xC00000A3),
        ("STATUS_DEVICE_BUSY", 0x80000011),
        ("STATUS_NOT_SUPPORTED", 0xC00000BB),
        ("STATUS_INVALID_DEVICE_REQUEST", 0xC0000010),
        ("STATUS_NO_SUCH_DEVICE", 0xC000000E),
        ("STATUS_UNSUCCESSFUL", 0xC0000001),
        ("STATUS_TIMEOUT", 0x00000102),
        ("STATUS_BUFFER_OVERFLOW", 0x80000005),
        ("STATUS_INVALID_DEVICE_STATE", 0xC0000184),
        ("STATUS_INVALID_BUFFER_SIZE", 0xC0000206),
        ("STATUS_DEVICE_CONFIGURATION_ERROR", 0xC0000182),
        ("STATUS_DEVICE_POWER_FAILURE", 0xC000028E),
    };

    public static IReadOnlyList<(string Name, uint Value)> PowerStates { get; } = new (string, uint)[]
    {
        ("D0", 1), ("D1", 2), ("D2", 3), ("D3", 4), ("D3Final", 5),
    };

    public static IReadOnlyList<(string Name, uint Value)> SystemStates { get; } = new (string, uint)[]
    {
        ("S0", 1), ("S1", 2), ("S2", 3), ("S3", 4), ("S4", 5), ("S5", 6),
    };

    /// <summary><c>req.kind</c> values.</summary>
    public static IReadOnlyList<(string Name, uint Value)> RequestKinds { get; } = new (string, uint)[]
    {
        ("READ", 0), ("WRITE", 1), ("IOCTL", 2),
    };

    public static string? StatusName(ulong value) => Find(Statuses, value);

    public static string? PowerStateName(ulong value) => Find(PowerStates, value);

    public static string? SystemStateName(ulong value) => Find(SystemStates, value);

    public static string? RequestKindName(ulong value) => Find(RequestKinds, value);

    private static string? Find(IReadOnlyList<(string Name, uint Value)> table, ulong value)
    {
        for (int i = 0; i < table.Count; i++) if (table[i].Value == value) return table[i].Name;
        return null;
    }

    /// <summary>A duration as the shortest exact literal: <c>10us</c>, <c>500ms</c>, <c>1500ns</c>.</summary>
    public static string FormatDuration(ulong nanoseconds)
    {
        if (nanoseconds == 0) return "0ns";
        if (nanoseconds % 1_000_000_000 == 0) return (nanoseconds / 1_000_000_000).ToString(CultureInfo.InvariantCulture) + "s";
        if (nanoseconds % 1_000_000 == 0) return (nanoseconds / 1_000_000).ToString(CultureInfo.InvariantCulture) + "ms";
        if (nanoseconds % 1_000 == 0) return (nanoseconds / 1_000).ToString(CultureInfo.InvariantCulture) + "us";
        return nanoseconds.ToString(CultureInfo.InvariantCulture) + "ns";
    }

    /// <summary>Bytes with the escapes of §2, as inside <c>b"..."</c>.</summary>
    public static string EscapeBytes(ReadOnlySpan<byte> bytes)
    {
        var sb = new StringBuilder(bytes.Length);
        foreach (byte b in bytes)
        {
            switch (b)
            {
                case (byte)'\n': sb.Append("\\n"); break;
                case (byte)'\r': sb.Append("\\r"); break;
                case (byte)'\t': sb.Append("\\t"); break;
                case 0: sb.Append("\\0"); break;
                case (byte)'\\': sb.Append("\\\\"); break;
                case (byte)'"': sb.Append("\\\""); break;
                default:
                    if (b >= 0x20 && b < 0x7F) sb.Append((char)b);
                    else sb.Append("\\x").Append(b.ToString("x2", CultureInfo.InvariantCulture));
                    break;
            }
        }
        return sb.ToString();
    }
}

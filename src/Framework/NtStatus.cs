using System.Globalization;

namespace DriverScript.Framework;

/// <summary>
/// An NTSTATUS value: what every framework operation and request completion reports. Success and
/// informational codes have the top bit clear (<see cref="IsSuccess"/>, the kernel's <c>NT_SUCCESS</c>).
/// </summary>
/// <example>
/// <code>
/// request.Complete(NtStatus.Success, information: 5);
/// if (!status.IsSuccess) { return status; }
/// NtStatus.Cancelled.ToString();   // "STATUS_CANCELLED"
/// </code>
/// </example>
public readonly record struct NtStatus(uint Value)
{
    public static readonly NtStatus Success = new(0x00000000);
    public static readonly NtStatus Timeout = new(0x00000102);
    public static readonly NtStatus Pending = new(0x00000103);
    public static readonly NtStatus BufferOverflow = new(0x80000005);
    public static readonly NtStatus DeviceBusy = new(0x80000011);
    public static readonly NtStatus NoMoreEntries = new(0x8000001A);
    public static readonly NtStatus Unsuccessful = new(0xC0000001);
    public static readonly NtStatus InvalidParameter = new(0xC000000D);
    public static readonly NtStatus NoSuchDevice = new(0xC000000E);
    public static readonly NtStatus InvalidDeviceRequest = new(0xC0000010);
    public static readonly NtStatus MoreProcessingRequired = new(0xC0000016);
    public static readonly NtStatus BufferTooSmall = new(0xC0000023);
    public static readonly NtStatus InsufficientResources = new(0xC000009A);
    public static readonly NtStatus DeviceNotReady = new(0xC00000A3);
    public static readonly NtStatus NotSupported = new(0xC00000BB);
    public static readonly NtStatus InternalError = new(0xC00000E5);
    public static readonly NtStatus Cancelled = new(0xC0000120);
    public static readonly NtStatus DeviceConfigurationError = new(0xC0000182);
    public static readonly NtStatus InvalidDeviceState = new(0xC0000184);
    public static readonly NtStatus InvalidBufferSize = new(0xC0000206);
    public static readonly NtStatus DevicePowerFailure = new(0xC000028E);
    public static readonly NtStatus DeviceRemoved = new(0xC00002B6);
    public static readonly NtStatus WdfPaused = new(0xC0200203);
    public static readonly NtStatus WdfBusy = new(0xC0200204);
    public static readonly NtStatus WdfIncompatibleExecutionLevel = new(0xC020020C);

    private static readonly (uint Value, string Name)[] Names =
    [
        (0x00000000, "STATUS_SUCCESS"), (0x00000102, "STATUS_TIMEOUT"), (0x00000103, "STATUS_PENDING"),
        (0x80000005, "STATUS_BUFFER_OVERFLOW"), (0x80000011, "STATUS_DEVICE_BUSY"), (0x8000001A, "STATUS_NO_MORE_ENTRIES"),
        (0xC0000001, "STATUS_UNSUCCESSFUL"), (0xC000000D, "STATUS_INVALID_PARAMETER"), (0xC000000E, "STATUS_NO_SUCH_DEVICE"),
        (0xC0000010, "STATUS_INVALID_DEVICE_REQUEST"), (0xC0000016, "STATUS_MORE_PROCESSING_REQUIRED"),
        (0xC0000023, "STATUS_BUFFER_TOO_SMALL"), (0xC000009A, "STATUS_INSUFFICIENT_RESOURCES"),
        (0xC00000A3, "STATUS_DEVICE_NOT_READY"), (0xC00000BB, "STATUS_NOT_SUPPORTED"), (0xC00000E5, "STATUS_INTERNAL_ERROR"),
        (0xC0000120, "STATUS_CANCELLED"), (0xC0000182, "STATUS_DEVICE_CONFIGURATION_ERROR"),
        (0xC0000184, "STATUS_INVALID_DEVICE_STATE"), (0xC0000206, "STATUS_INVALID_BUFFER_SIZE"),
        (0xC000028E, "STATUS_DEVICE_POWER_FAILURE"), (0xC00002B6, "STATUS_DEVICE_REMOVED"),
        (0xC0200203, "STATUS_WDF_PAUSED"), (0xC0200204, "STATUS_WDF_BUSY"),
        (0xC020020C, "STATUS_WDF_INCOMPATIBLE_EXECUTION_LEVEL"),
    ];

    /// <summary>True for success and informational codes (the kernel's <c>NT_SUCCESS</c>).</summary>
    public bool IsSuccess => (int)Value >= 0;

    /// <summary>The symbolic name (<c>STATUS_CANCELLED</c>), or the hexadecimal value for codes without one.</summary>
    public string Name
    {
        get
        {
            foreach (var (value, name) in Names)
            {
                if (value == Value)
                {
                    return name;
                }
            }

            return "0x" + Value.ToString("X8", CultureInfo.InvariantCulture);
        }
    }

    /// <summary>
    /// What a request completed with this status reports to its sender: KMDF turns
    /// <c>STATUS_WDF_PAUSED</c> and <c>STATUS_WDF_BUSY</c> into <c>STATUS_DEVICE_BUSY</c> and other
    /// <c>STATUS_WDF_*</c> errors into <c>STATUS_INVALID_DEVICE_REQUEST</c> (shared/core/fxrequest.cpp).
    /// </summary>
    public NtStatus ForCompletion() =>
        (Value & 0xFFFF0000) == 0xC0200000
            ? (Value == WdfPaused.Value || Value == WdfBusy.Value ? DeviceBusy : InvalidDeviceRequest)
            : this;

    /// <inheritdoc />
    public override string ToString() => Name;
}

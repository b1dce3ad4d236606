using System.Globalization;

namespace DriverScript.Hardware.Time;

/// <summary>
/// Units of virtual time. The simulation counts time in whole nanoseconds held in a <see cref="long"/>
/// (about 292 years), the same resolution as Renode's ticks.
/// </summary>
/// <example>
/// <code>
/// clock.ScheduleAfter(VirtualTime.Milliseconds(100), CompleteDma);
/// VirtualTime.Format(10_000) // "10us"
/// </code>
/// </example>
public static class VirtualTime
{
    /// <summary>One nanosecond, the clock's tick.</summary>
    public const long Nanosecond = 1;

    /// <summary>Nanoseconds in a microsecond.</summary>
    public const long Microsecond = 1_000;

    /// <summary>Nanoseconds in a millisecond.</summary>
    public const long Millisecond = 1_000_000;

    /// <summary>Nanoseconds in a second.</summary>
    public const long Second = 1_000_000_000;

    /// <summary>Converts microseconds to nanoseconds.</summary>
    public static long Microseconds(long count) => checked(count * Microsecond);

    /// <summary>Converts milliseconds to nanoseconds.</summary>
    public static long Milliseconds(long count) => checked(count * Millisecond);

    /// <summary>Converts seconds to nanoseconds.</summary>
    public static long Seconds(long count) => checked(count * Second);

    /// <summary>
    /// Formats a duration in the largest unit that divides it exactly: <c>100ms</c>, <c>10us</c>,
    /// <c>1500ns</c>, <c>0ns</c>. The result is culture-independent.
    /// </summary>
    public static string Format(long nanoseconds)
    {
        if (nanoseconds != 0)
        {
            if (nanoseconds % Second == 0)
            {
                return (nanoseconds / Second).ToString(CultureInfo.InvariantCulture) + "s";
            }

            if (nanoseconds % Millisecond == 0)
            {
                return (nanoseconds / Millisecond).ToString(CultureInfo.InvariantCulture) + "ms";
            }

            if (nanoseconds % Microsecond == 0)
            {
                return (nanoseconds / Microsecond).ToString(CultureInfo.InvariantCulture) + "us";
            }
        }

        return nanoseconds.ToString(CultureInfo.InvariantCulture) + "ns";
    }
}

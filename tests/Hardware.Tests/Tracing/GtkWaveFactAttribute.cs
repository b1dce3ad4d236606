namespace DriverScript.Hardware.Tests.Tracing;

/// <summary>
/// A fact that needs gtkwave's <c>vcd2fst</c> and <c>fst2vcd</c> (Debian package <c>gtkwave</c>; <c>.ci/run</c>
/// installs it). Where they are not on PATH the test is reported as skipped, with the reason, instead
/// of passing silently or failing.
/// </summary>
public sealed class GtkWaveFactAttribute : FactAttribute
{
    public GtkWaveFactAttribute()
    {
        if (GtkWave.Vcd2Fst is null || GtkWave.Fst2Vcd is null)
        {
            Skip = "gtkwave's vcd2fst/fst2vcd are not installed (apt-get install gtkwave)";
        }
    }
}

internal static class GtkWave
{
    public static string? Vcd2Fst { get; } = FindOnPath("vcd2fst");

    public static string? Fst2Vcd { get; } = FindOnPath("fst2vcd");

    private static string? FindOnPath(string tool)
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        foreach (var directory in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(directory, tool);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}

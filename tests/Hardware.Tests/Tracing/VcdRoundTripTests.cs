using System.Diagnostics;

namespace DriverScript.Hardware.Tests.Tracing;

/// <summary>
/// Checks our VCD with an independent implementation: gtkwave's <c>vcd2fst</c> must accept it, and the
/// values <c>fst2vcd</c> gives back must be the ones we wrote.
/// </summary>
public class VcdRoundTripTests
{
    [GtkWaveFact]
    public void Values_survive_a_round_trip_through_gtkwaves_fst_converter()
    {
        var directory = Directory.CreateTempSubdirectory("driverscript-vcd-");
        try
        {
            var original = EduWaveform.Record();
            var vcdPath = Path.Combine(directory.FullName, "edu.vcd");
            var fstPath = Path.Combine(directory.FullName, "edu.fst");
            File.WriteAllText(vcdPath, original);

            Run(GtkWave.Vcd2Fst!, vcdPath, fstPath);
            var roundTripped = Run(GtkWave.Fst2Vcd!, fstPath);

            var expected = VcdReader.Parse(original);
            var actual = VcdReader.Parse(roundTripped);
            actual.Timescale!.Replace(" ", "").ShouldBe("1ns");
            actual.Signals.Select(s => s.FullName).Order().ShouldBe(expected.Signals.Select(s => s.FullName).Order());
            foreach (var signal in expected.Signals)
            {
                var back = actual[signal.FullName];
                back.Width.ShouldBe(signal.Width, signal.FullName);
                Collapse(back.Values()).ShouldBe(Collapse(signal.Values()), signal.FullName);
            }

            actual["edu.msi"].Changes.Count.ShouldBe(2);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    /// <summary>Drops repeated values: a converter may restate a value, which changes nothing.</summary>
    private static List<(long, ulong?)> Collapse(List<(long Time, ulong? Value)> values)
    {
        var result = new List<(long, ulong?)>();
        foreach (var (time, value) in values)
        {
            if (result.Count == 0 || result[^1].Item2 != value || value is null)
            {
                result.Add((time, value));
            }
        }

        return result;
    }

    private static string Run(string tool, params string[] arguments)
    {
        var start = new ProcessStartInfo(tool)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        process.WaitForExit(30_000).ShouldBeTrue($"{tool} timed out");
        process.ExitCode.ShouldBe(0, $"{tool} failed: {error.Result}");
        return output.Result;
    }
}

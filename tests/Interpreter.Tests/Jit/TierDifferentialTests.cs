using System.Globalization;
using System.Text;

namespace DriverScript.Interpreter.Tests.Jit;

/// <summary>
/// Differential testing of the execution tiers (issue 6, item 4; LANGUAGE.md §12): thousands of
/// random well-typed programs from <see cref="ProgramGenerator"/> run with <c>JitMode.Off</c>, with
/// <c>JitMode.Always</c> and with <c>JitMode.Auto</c> at threshold 1, and must agree on everything
/// observable: success or the error's kind, code, message and span, printed output, steps,
/// allocated bytes, final globals, and the values, errors and step counts of direct function calls.
/// A mismatch names the seed, the tier and the first differing line, and prints the program.
/// </summary>
/// <remarks>
/// <c>DRV_JITDIFF_PROGRAMS</c> (programs per batch) and <c>DRV_JITDIFF_SEED</c> (the first seed)
/// widen or move the search locally; CI runs the defaults.
/// </remarks>
public class TierDifferentialTests
{
    private const int Batches = 8;
    private const int DefaultProgramsPerBatch = 250;
    private const int DefaultFirstSeed = 1_000_000;

    private static int ProgramsPerBatch => EnvironmentNumber("DRV_JITDIFF_PROGRAMS") ?? DefaultProgramsPerBatch;

    private static int FirstSeed => EnvironmentNumber("DRV_JITDIFF_SEED") ?? DefaultFirstSeed;

    private static int? EnvironmentNumber(string name) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out int n) ? n : null;

    public static TheoryData<int> BatchNumbers()
    {
        var data = new TheoryData<int>();
        for (int i = 0; i < Batches; i++) data.Add(i);
        return data;
    }

    [Theory]
    [MemberData(nameof(BatchNumbers))]
    public void Generated_programs_behave_identically_in_every_tier(int batch)
    {
        int first = FirstSeed + batch * ProgramsPerBatch;
        for (int seed = first; seed < first + ProgramsPerBatch; seed++)
        {
            string? mismatch = Compare(seed);
            if (mismatch is not null) Assert.Fail(mismatch);
        }
    }

    [Fact]
    public void A_tier_that_stops_one_step_early_is_caught_with_its_seed_and_program()
    {
        // The interpreter with a step limit one lower stands in for a compiled tier that counts one step too many.
        var skewed = new Tier("skewed", JitMode.Off, 16, o => o with { Limits = o.Limits with { MaxSteps = o.Limits.MaxSteps - 1 } });
        var program = Enumerable.Range(FirstSeed, 200).Select(ProgramGenerator.Generate).First(p =>
            p.Kind == ProgramKind.StepLimit && Script.Compile(p.Text, "gen.drv").Run(Tier.Interpreter.Options(p.Limits)).Error?.Diagnostic.Code == "DS4001");
        var report = Compare(program.Seed, new[] { skewed });
        report.ShouldNotBeNull();
        report.ShouldContain($"seed {program.Seed}");
        report.ShouldContain("tier 'skewed' differs from the interpreter at line 1 of the transcript");
        report.ShouldContain(ProgramGeneratorTests.Numbered(program.Text));
    }

    [Fact]
    public void A_tier_that_prints_differently_is_caught()
    {
        // Output sent elsewhere is output the comparison does not see: the transcripts must differ.
        var silent = new Tier("silent", JitMode.Off, 16, o => o with { Output = TextWriter.Null });
        var program = Enumerable.Range(FirstSeed, 50).Select(ProgramGenerator.Generate)
            .First(p => !string.IsNullOrEmpty(Script.Compile(p.Text, "gen.drv").Run(Tier.Interpreter.Options(p.Limits)).Output));
        Compare(program.Seed, new[] { silent }).ShouldNotBeNull().ShouldContain("output:");
    }

    [Fact]
    public void A_tier_that_crashes_is_reported_with_the_exception()
    {
        var crashing = new Tier("crashing", JitMode.Off, 16, o => o with { RuntimeFactory = _ => throw new InvalidOperationException("emitted code is broken") });
        var report = Compare(FirstSeed, new[] { crashing });
        report.ShouldNotBeNull().ShouldContain("tier 'crashing' crashed");
        report.ShouldContain("InvalidOperationException: emitted code is broken");
    }

    /// <summary>Null when every compiled tier agrees with the interpreter on the program of <paramref name="seed"/>; otherwise why not.</summary>
    internal static string? Compare(int seed) => Compare(seed, Tier.Compiled);

    internal static string? Compare(int seed, IEnumerable<Tier> tiers)
    {
        var program = ProgramGenerator.Generate(seed);
        var script = Script.Compile(program.Text, "gen.drv");
        if (script.HasErrors)
            return Report(program, "the generated program does not compile:\n" + string.Join("\n", script.Diagnostics.Where(d => d.IsError).Take(5)));
        string expected = TierTranscript.Of(script, program, Tier.Interpreter);
        if (expected.Contains("CRASH", StringComparison.Ordinal))
            return Report(program, "the interpreter crashed (not a tier difference, but a bug):\n" + expected);
        foreach (var tier in tiers)
        {
            string actual = TierTranscript.Of(script, program, tier);
            if (actual.Contains("CRASH", StringComparison.Ordinal))
                return Report(program, $"tier '{tier}' crashed:\n{actual}");
            if (actual != expected)
            {
                return Report(program, $"tier '{tier}' differs from the interpreter at {TierTranscript.FirstDifference(expected, actual)}\n"
                    + $"--- interpreter transcript ---\n{expected}\n--- '{tier}' transcript ---\n{actual}");
            }
        }
        return null;
    }

    private static string Report(GeneratedProgram program, string what)
    {
        var text = new StringBuilder();
        text.Append($"{program}, limits: steps {program.Limits.MaxSteps}, depth {program.Limits.MaxDepth}: {what}\n");
        text.Append($"reproduce: ProgramGenerator.Generate({program.Seed}) or TierDifferentialTests.Compare({program.Seed})\n");
        text.Append("--- program (gen.drv) ---\n").Append(ProgramGeneratorTests.Numbered(program.Text));
        return text.ToString();
    }
}

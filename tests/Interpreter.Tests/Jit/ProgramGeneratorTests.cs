using System.Text.RegularExpressions;

namespace DriverScript.Interpreter.Tests.Jit;

/// <summary>
/// The program generator of the differential tier tests stays useful: its programs are well typed,
/// reproducible from their seed, and exercise what the tier comparison relies on (output, run-time
/// errors, both limits, every integer type and operator), so it cannot silently degrade into
/// programs that agree trivially.
/// </summary>
public class ProgramGeneratorTests
{
    private const int SampleSize = 500;
    private const int FirstSeed = 1;

    private static IEnumerable<GeneratedProgram> Sample() => Enumerable.Range(FirstSeed, SampleSize).Select(ProgramGenerator.Generate);

    [Fact]
    public void Every_generated_program_compiles_without_errors()
    {
        foreach (var program in Sample())
        {
            var script = Script.Compile(program.Text, "gen.drv");
            if (script.HasErrors)
            {
                var errors = string.Join("\n", script.Diagnostics.Where(d => d.IsError).Take(5));
                Assert.Fail($"{program} does not compile:\n{errors}\n--- program ---\n{Numbered(program.Text)}");
            }
        }
    }

    [Fact]
    public void The_same_seed_gives_the_same_program()
    {
        ProgramGenerator.Generate(4242).Text.ShouldBe(ProgramGenerator.Generate(4242).Text);
        ProgramGenerator.Generate(4242).Text.ShouldNotBe(ProgramGenerator.Generate(4243).Text);
    }

    [Fact]
    public void Generated_programs_use_every_integer_type_operator_and_statement()
    {
        var programs = Sample().Select(p => p.Text).ToArray();
        int Share(string pattern) => programs.Count(t => Regex.IsMatch(t, pattern));
        var required = new Dictionary<string, string>
        {
            ["u8"] = @"\bu8\b", ["u16"] = @"\bu16\b", ["u32"] = @"\bu32\b", ["u64"] = @"\bu64\b", ["i32"] = @"\bi32\b", ["i64"] = @"\bi64\b",
            ["+"] = @" \+ ", ["-"] = @" - ", ["*"] = @" \* ", ["/"] = @" / ", ["%"] = @" % ", ["&"] = @" & ", ["|"] = @" \| ", ["^"] = @" \^ ",
            ["<<"] = " << ", [">>"] = " >> ", ["unary -"] = @"\(-[a-zA-Z(]", ["~"] = @"\(~", ["!"] = @"\(!",
            ["=="] = " == ", ["!="] = " != ", ["<"] = " < ", ["<="] = " <= ", [">"] = " > ", [">="] = " >= ", ["&&"] = " && ", ["||"] = @" \|\| ",
            ["as"] = " as ", ["min"] = @"\bmin\(", ["max"] = @"\bmax\(",
            ["let"] = @"\blet ", ["var"] = @"\bvar ", ["compound"] = @" (\+|-|\*|/|%|&|\||\^|<<|>>)= ",
            ["if"] = @"\bif ", ["else if"] = @"\belse if ", ["else"] = @"\belse \{", ["while"] = @"\bwhile ", ["for"] = @"\bfor \w+ in \S+\.\.",
            ["for each"] = @"\bfor \w+ in [a-z]\w*\s*\{", ["match"] = @"\bmatch ", ["break"] = @"\bbreak;", ["continue"] = @"\bcontinue;",
            ["return"] = @"\breturn\b", ["recursion"] = @"\brec\d+\(n\d+ - 1", ["const"] = @"\bconst ", ["global"] = @"(?m)^var g\d+|^let g\d+",
            ["list"] = @"list<", ["push"] = @"\.push\(", ["pop"] = @"\.pop\(\)", ["index"] = @"l\d+\[", ["string"] = "\"", ["bytes"] = @"\bb""",
            ["print"] = @"\bprint\(",
            ["shift by the width or more"] = @"(<<|>>)=? \(?(3[2-9]|[4-9]\d|\d{3,})\b", ["u64 max"] = "18446744073709551615", ["u32 max"] = "4294967295",
            ["i64 min"] = "-9223372036854775808", ["i32 min"] = "-2147483648", ["i32 max"] = "2147483647", ["-1"] = @"-1\b",
            ["minimal parentheses"] = @"\w as u\d+ [-+*/%&|^]",
        };
        var rare = required.Select(r => (r.Key, Count: Share(r.Value))).Where(r => r.Count < SampleSize / 20).ToList();
        rare.ShouldBeEmpty("each construct should appear in at least 5% of the programs: " + string.Join(", ", rare.Select(r => $"{r.Key} in {r.Count}")));
    }

    [Fact]
    public void Generated_programs_print_fail_and_hit_the_limits_in_useful_proportions()
    {
        int printed = 0, untruncated = 0, succeeded = 0, calls = 0;
        var codes = new Dictionary<string, int>();
        var byKind = new Dictionary<ProgramKind, (int Total, int AsMeant)>();
        foreach (var program in Sample())
        {
            var script = Script.Compile(program.Text, "gen.drv");
            var result = script.Run(Tier.Interpreter.Options(program.Limits));
            if (program.Kind != ProgramKind.Truncated) untruncated++;
            if (program.Kind != ProgramKind.Truncated && !string.IsNullOrEmpty(result.Output)) printed++;
            if (result.Succeeded) succeeded++;
            else codes[result.Error!.Diagnostic.Code] = codes.GetValueOrDefault(result.Error!.Diagnostic.Code) + 1;
            calls += program.Calls.Count;
            bool asMeant = program.Kind switch
            {
                ProgramKind.StepLimit => result.Error?.Diagnostic.Code == "DS4001",
                ProgramKind.DepthLimit => result.Error?.Diagnostic.Code == "DS4002",
                ProgramKind.Truncated => result.Error?.Diagnostic.Code is "DS4001" or "DS4003",
                _ => result.Error is not { IsLimit: true },
            };
            var (total, ok) = byKind.GetValueOrDefault(program.Kind);
            byKind[program.Kind] = (total + 1, ok + (asMeant ? 1 : 0));
        }
        string summary = $"printed {printed} of {untruncated} untruncated, succeeded {succeeded}, errors {string.Join(", ", codes.OrderBy(c => c.Key).Select(c => $"{c.Key}: {c.Value}"))}; "
            + string.Join(", ", byKind.Select(k => $"{k.Key}: {k.Value.AsMeant}/{k.Value.Total} as meant"));
        printed.ShouldBeGreaterThan(untruncated * 9 / 10, summary);
        succeeded.ShouldBeGreaterThan(SampleSize * 3 / 10, summary);
        succeeded.ShouldBeLessThan(SampleSize * 9 / 10, summary);
        codes.GetValueOrDefault("DS3001").ShouldBeGreaterThan(SampleSize / 50, summary);
        codes.GetValueOrDefault("DS3002").ShouldBeGreaterThan(SampleSize / 50, summary);
        codes.GetValueOrDefault("DS4001").ShouldBeGreaterThan(SampleSize / 20, summary);
        codes.GetValueOrDefault("DS4002").ShouldBeGreaterThan(SampleSize / 100, summary);
        // Normal programs are bounded (a limit there means the cost estimate is broken); limit programs mostly reach theirs.
        byKind[ProgramKind.Normal].AsMeant.ShouldBe(byKind[ProgramKind.Normal].Total, summary);
        byKind[ProgramKind.StepLimit].AsMeant.ShouldBeGreaterThan(byKind[ProgramKind.StepLimit].Total * 4 / 10, summary);
        byKind[ProgramKind.DepthLimit].AsMeant.ShouldBeGreaterThan(byKind[ProgramKind.DepthLimit].Total * 4 / 10, summary);
        byKind[ProgramKind.Truncated].AsMeant.ShouldBeGreaterThan(byKind[ProgramKind.Truncated].Total * 4 / 10, summary);
        codes.GetValueOrDefault("DS4003").ShouldBeGreaterThan(0, summary);
        calls.ShouldBeGreaterThan(SampleSize * 2, summary);
    }

    internal static string Numbered(string text) =>
        string.Join("\n", text.Split('\n').Select((line, i) => $"{i + 1,4}  {line}"));
}

using System.Text.RegularExpressions;
using DriverScript.Framework.Verifier;

namespace DriverScript.Interpreter.Tests.Simulation;

/// <summary>
/// <c>examples/buggy/*.drv</c>: one driver per verifier finding a script can reach, each with tests
/// expecting its bug check; and the table in docs/verifier.md that says, for every finding of the
/// catalogue, which example breaks it or why none can.
/// </summary>
public sealed partial class BuggyExampleTests
{
    private static string BuggyDirectory => Path.Combine(ExampleTests.ExamplesDirectory, "buggy");

    private static string VerifierDoc => Path.Combine(ExampleTests.ExamplesDirectory, "..", "docs", "verifier.md");

    private static IEnumerable<string> BuggyFiles =>
        Directory.GetFiles(BuggyDirectory, "*.drv").Select(Path.GetFileName).Order(StringComparer.Ordinal)!;

    public static TheoryData<string, string> AllTests()
    {
        var data = new TheoryData<string, string>();
        foreach (var file in BuggyFiles)
        {
            foreach (var row in ExampleTests.Tests(Path.Combine("buggy", file))) data.Add((string)row[0], (string)row[1]);
        }

        return data;
    }

    public static TheoryData<string> Files() => new(BuggyFiles);

    [Theory]
    [MemberData(nameof(AllTests))]
    public void Buggy_example_test_passes(string file, string name) => ExampleTests.Run(file, name);

    [Theory]
    [MemberData(nameof(Files))]
    public void Buggy_example_stops_with_the_rule_kind_code_and_parameters_of_its_finding(string file)
    {
        var finding = DeclaredFinding(file);
        finding.ShouldNotBeNull($"{file}: its first line must name the finding ('Finding: NAME')");
        var rule = VerifierRules.Get(finding.Value);

        var script = Script.CompileFile(Path.Combine(BuggyDirectory, file));
        script.Diagnostics.Where(d => d.IsError).Select(d => d.ToString()).ShouldBeEmpty();
        var runtimes = new List<SimulationRuntime>();
        var options = new RunOptions { RuntimeFactory = e => { var r = new SimulationRuntime(e); runtimes.Add(r); return r; } };
        foreach (var result in script.RunTests(options)) result.Passed.ShouldBeTrue(result.Failure?.ToString());

        var stops = runtimes.Select(r => r.Simulation.StopViolation).OfType<Violation>().ToList();
        stops.ShouldNotBeEmpty($"{file}: no test stopped the machine");
        stops.ShouldAllBe(v => v.Rule == rule.Rule, $"{file}: every stop should be {rule.Rule}");
        var v = stops[0];
        v.Kind.ShouldBe(rule.Kind);
        if (rule.Code != 0) v.Code.ShouldBe(rule.Code);
        if (rule.Parameter1 != 0 || rule.Kind == ViolationKind.VerifierBreak) v.Parameter1.ShouldBe(rule.Parameter1);
        if (rule.Parameter2 != 0) v.Parameter2.ShouldBe(rule.Parameter2);

        // Findings that share rule, kind, code and parameter 1 with another are told apart by the
        // message: such a file names the fragment its finding's message has ('Message: "..."').
        var message = DeclaredMessage(file);
        if (SharesItsReport(finding.Value)) message.ShouldNotBeNull($"{file}: {finding} shares its report with another finding; name the message fragment ('Message: \"...\"')");
        if (message is not null) stops.ShouldAllBe(s => s.Message.Contains(message, StringComparison.Ordinal), $"{file}: the stop should say '{message}'");
    }

    private static bool SharesItsReport(Finding finding)
    {
        var rule = VerifierRules.Get(finding);
        return VerifierRules.All.Count(r => (r.Rule, r.Kind, r.Code, r.Parameter1) == (rule.Rule, rule.Kind, rule.Code, rule.Parameter1)) > 1;
    }

    private static string? DeclaredMessage(string file) =>
        File.ReadLines(Path.Combine(BuggyDirectory, file)).TakeWhile(l => l.StartsWith("//", StringComparison.Ordinal))
            .Select(l => MessageLine().Match(l)).FirstOrDefault(m => m.Success)?.Groups[1].Value;

    [Fact]
    public void Double_completion_with_breaks_continuing_is_bug_check_0x44()
    {
        // MultipleIrpComplete: the double_completion.drv driver, with the DoubleCompletion break
        // continuing (a machine without a debugger) — only C# can ask for that.
        var text = File.ReadAllText(Path.Combine(BuggyDirectory, "double_completion.drv"));
        var driver = text[..text.IndexOf("\ntest \"", StringComparison.Ordinal)];
        var script = Drv.Compile(driver + """

            test "the second completion reaches the IRP" {
                let dev = plug(Sensor);
                expect_bugcheck(0x44) { dev.read(4); }
                expect dev.bugcheck!.rule == "DoubleCompletion";
            }
            """);
        SimulationRuntime? runtime = null;
        var options = new RunOptions { RuntimeFactory = e => runtime = new SimulationRuntime(e, new SimulationRunOptions { ContinueOnBreak = true }) };
        var result = script.RunTest(script.Tests[0], options);
        result.Passed.ShouldBeTrue(result.Failure?.ToString());

        var rule = VerifierRules.Get(Finding.MultipleIrpComplete);
        var v = runtime!.Simulation.StopViolation.ShouldNotBeNull();
        (v.Rule, v.Kind, v.Code).ShouldBe((rule.Rule, rule.Kind, rule.Code));
        runtime.Simulation.Violations.ShouldContain(b => b.Rule == "DoubleCompletion" && b.Kind == ViolationKind.VerifierBreak);
    }

    [Theory]
    [InlineData("", "dev.sleep(S3);", "[\"suspend\"]")]
    [InlineData(", not_power_managed", "dev.remove();", "[\"purge\"]")]
    public void On_stop_action_says_whether_the_stop_is_a_suspend_or_a_purge(string queueAttribute, string hostOperation, string seen)
    {
        // evt_io_stop_resume.drv found it: a stop_action lives in a frame's reference bank, so the
        // flags must reach the script boxed; as raw bits both members read false.
        var script = Drv.Compile($$"""
            device S {
                state { seen: list<string> = []; }
                queue main : default, sequential{{queueAttribute}} {
                    on read(req) { }
                    on stop(req, action) {
                        if action.suspend { self.seen.push("suspend"); stop_acknowledge(req, true); }
                        if action.purge { self.seen.push("purge"); complete(req, STATUS_CANCELLED); }
                    }
                    on resume(req) { }
                }
            }
            test "t" {
                let dev = plug(S);
                dev.submit_read(4);
                settle();
                {{hostOperation}}
                expect dev.state.seen == {{seen}};
            }
            """);
        var result = script.RunTest(script.Tests[0], ExampleTests.Options);
        result.Passed.ShouldBeTrue(result.Failure?.ToString());
    }

    /// <summary>Findings whose bug the checker rejects before the script runs, with the bug and its diagnostic.</summary>
    public static TheoryData<string, string, string> StaticallyRejected() => new()
    {
        {
            nameof(Finding.KmdfIrql), "DS2001", """
            device Edu {
                uses QemuEdu;
                state { pending: request? = none; }
                queue main : default, sequential { on ioctl(req) { self.pending = req; hw.INT_RAISE = 1; } }
                interrupt irq {
                    on isr(message) -> bool {
                        hw.INT_ACK = hw.INT_STATUS;
                        if self.pending != none { complete(self.pending!, STATUS_SUCCESS); }
                        return true;
                    }
                }
            }
            """
        },
        {
            nameof(Finding.WdfInterruptLockRecursive), "DS2001", """
            device Edu {
                uses QemuEdu;
                state { seen: u32 = 0; }
                interrupt irq {
                    on isr(message) -> bool { queue_dpc(); return true; }
                    on dpc { with irq { with irq { self.seen += 1; } } }
                }
            }
            """
        },
        {
            nameof(Finding.WaitAtRaisedIrql), "DS2001", """
            device Waiter {
                state { lock: spinlock; n: u32 = 0; }
                work_item w { on run { with self.lock { self.n += 1; sleep(1ms); } } }
            }
            """
        },
        {
            nameof(Finding.WaitAtRaisedIrql), "DS2002", """
            device Waiter {
                state { wl: waitlock; n: u32 = 0; }
                timer t { on expire { with self.wl { self.n += 1; } } }
            }
            """
        },
    };

    [Theory]
    [MemberData(nameof(StaticallyRejected))]
    public void Statically_rejected_bug_has_its_diagnostic(string finding, string code, string source)
    {
        Enum.Parse<Finding>(finding);
        var script = Script.Compile(source, "static.drv");
        script.Diagnostics.Where(d => d.IsError).Select(d => d.Code).ShouldContain(code, finding);
    }

    [Fact]
    public void Every_finding_of_the_catalogue_has_an_example_or_a_documented_reason()
    {
        var rows = DocumentedRows();
        rows.Select(r => r.Finding).ShouldBe(Enum.GetNames<Finding>(), ignoreOrder: true, "docs/verifier.md 'Buggy examples' table: one row per finding");

        var staticCases = StaticallyRejected().Select(row => ((string)row[0], (string)row[1])).ToHashSet();
        foreach (var (finding, file, how) in rows)
        {
            how.ShouldMatch(@"^(script|C#|static DS\d{4}|unreachable|missing host operation)[: (]", $"{finding}: the reason must start with script, C#, static DSxxxx, unreachable or missing host operation");
            if (how.StartsWith("script", StringComparison.Ordinal))
            {
                file.ShouldNotBeNull($"{finding}: a 'script' row names its example");
                DeclaredFinding(file).ShouldBe(Enum.Parse<Finding>(finding), $"{file} must declare 'Finding: {finding}' on its first line");
            }
            else if (how.StartsWith("C#", StringComparison.Ordinal))
            {
                file.ShouldNotBeNull($"{finding}: a 'C#' row names the example it runs");
                how.ShouldContain(nameof(BuggyExampleTests) + ".");
            }
            else
            {
                file.ShouldBeNull($"{finding}: a row without an example says '—'");
            }

            if (Regex.Match(how, @"^static (DS\d{4})") is { Success: true } m)
                staticCases.ShouldContain((finding, m.Groups[1].Value), $"{finding}: a static row needs a case in {nameof(StaticallyRejected)}");
            if (file is not null) File.Exists(Path.Combine(BuggyDirectory, file)).ShouldBeTrue(file);
        }

        var documented = rows.Where(r => r.File is not null).Select(r => r.File!).ToHashSet();
        BuggyFiles.Where(f => !documented.Contains(f)).ShouldBeEmpty("examples/buggy files missing from the docs/verifier.md table");
    }

    private static Finding? DeclaredFinding(string file)
    {
        var first = File.ReadLines(Path.Combine(BuggyDirectory, file)).FirstOrDefault() ?? "";
        var m = FindingLine().Match(first);
        return m.Success && Enum.TryParse<Finding>(m.Groups[1].Value, out var f) ? f : null;
    }

    private static List<(string Finding, string? File, string How)> DocumentedRows()
    {
        var text = File.ReadAllText(VerifierDoc).Replace("\r\n", "\n");
        const string begin = "<!-- BEGIN BUGGY EXAMPLES -->", end = "<!-- END BUGGY EXAMPLES -->";
        int start = text.IndexOf(begin, StringComparison.Ordinal), stop = text.IndexOf(end, StringComparison.Ordinal);
        start.ShouldBeGreaterThanOrEqualTo(0, "docs/verifier.md has no buggy-examples table");
        var rows = new List<(string, string?, string)>();
        foreach (var line in text[(start + begin.Length)..stop].Split('\n'))
        {
            var cells = line.Split('|', StringSplitOptions.TrimEntries);
            if (cells.Length < 5 || cells[1] is "Finding" || cells[1].StartsWith("---", StringComparison.Ordinal)) continue;
            var file = ExampleLink().Match(cells[2]) is { Success: true } m ? m.Groups[1].Value : null;
            if (file is null) cells[2].ShouldBe("—", $"{cells[1]}: the example column is a link to examples/buggy/FILE or '—'");
            rows.Add((cells[1], file, cells[3]));
        }

        return rows;
    }

    [GeneratedRegex(@"^// Message: ""([^""]+)""")]
    private static partial Regex MessageLine();

    [GeneratedRegex(@"Finding: (\w+)")]
    private static partial Regex FindingLine();

    [GeneratedRegex(@"^\[`examples/buggy/([\w.]+\.drv)`\]\(\.\./examples/buggy/\1\)$")]
    private static partial Regex ExampleLink();
}

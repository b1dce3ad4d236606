using System.Text;
using DriverScript.Framework.Pnp;
using DriverScript.Framework.Verifier;

namespace DriverScript.Framework.Tests.Pnp;

/// <summary>The machines as data: the tables are consistent, use KMDF's names, print as Mermaid, and the docs show what the tables hold.</summary>
public sealed class StateTableTests
{
    [Fact]
    public void Every_state_is_named_after_kmdf_and_every_target_is_in_its_table()
    {
        Check(DeviceStateMachines.PnpTable);
        Check(DeviceStateMachines.PowerTable);
        Check(DeviceStateMachines.PowerPolicyTable);

        static void Check<TState, TEvent>(StateTable<TState, TEvent> table)
            where TState : struct, Enum
            where TEvent : struct, Enum
        {
            table.Rows.ShouldNotBeEmpty();
            foreach (var row in table.Rows)
            {
                row.State.ToString().ShouldStartWith(table.StatePrefix);
                Convert.ToInt32(row.State).ShouldBeGreaterThan(0);
                if (row.Entry == null)
                {
                    row.AutoTargets.ShouldBeEmpty();
                }

                foreach (var (_, target) in row.Transitions)
                {
                    table.Contains(target).ShouldBeTrue();
                }
            }
        }
    }

    [Fact]
    public void The_tables_cover_the_paths_of_A1()
    {
        DeviceStateMachines.PnpTable.Rows.Count.ShouldBeGreaterThanOrEqualTo(38);
        DeviceStateMachines.PowerTable.Rows.Count.ShouldBeGreaterThanOrEqualTo(40);
        DeviceStateMachines.PowerPolicyTable.Rows.Count.ShouldBeGreaterThanOrEqualTo(70);
        DeviceStateMachines.PnpTable.TryGetTransition(WdfDevicePnpState.WdfDevStatePnpStarted, PnpEvent.SurpriseRemove, out var t).ShouldBeTrue();
        t.ShouldBe(WdfDevicePnpState.WdfDevStatePnpSurpriseRemoveIoStarted);
        DeviceStateMachines.PowerPolicyTable.TryGetTransition(WdfDevicePowerPolicyState.WdfDevStatePwrPolWaitingArmed, PowerPolicyEvent.IoPresent, out var p).ShouldBeTrue();
        p.ShouldBe(WdfDevicePowerPolicyState.WdfDevStatePwrPolWaitingArmedQueryIdle);
    }

    [Fact]
    public void Mermaid_shows_event_and_automatic_transitions()
    {
        var mermaid = DeviceStateMachines.PnpTable.ToMermaid();
        mermaid.ShouldStartWith("stateDiagram-v2\n    [*] --> ObjectCreated\n");
        mermaid.ShouldContain("    Started --> QueryStopStaticCheck : QueryStop\n");
        mermaid.ShouldContain("    HardwareAvailable --> FailedOwnHardware : auto\n");
    }

    [Fact]
    public void KMDF_state_values_are_wdfdevice_h_values()
    {
        ((int)WdfDevicePnpState.WdfDevStatePnpStarted).ShouldBe(0x119);
        ((int)WdfDevicePowerState.WdfDevStatePowerD0).ShouldBe(0x307);
        ((int)WdfDevicePowerPolicyState.WdfDevStatePwrPolStarted).ShouldBe(0x565);
    }

    /// <summary>docs/framework.md's diagrams are generated from the tables (set DRIVERSCRIPT_UPDATE_DOCS=1 to rewrite them).</summary>
    [Fact]
    public void Framework_doc_diagrams_match_the_tables()
    {
        var path = Path.Combine(RepositoryRoot(), "docs", "framework.md");
        var expected = GeneratedDiagrams();
        var text = File.ReadAllText(path);
        const string begin = "<!-- BEGIN GENERATED STATE DIAGRAMS -->\n";
        const string end = "<!-- END GENERATED STATE DIAGRAMS -->";
        var from = text.IndexOf(begin, StringComparison.Ordinal);
        var to = text.IndexOf(end, StringComparison.Ordinal);
        from.ShouldBeGreaterThanOrEqualTo(0);
        to.ShouldBeGreaterThan(from);
        var current = text[(from + begin.Length)..to];
        if (current != expected && Environment.GetEnvironmentVariable("DRIVERSCRIPT_UPDATE_DOCS") == "1")
        {
            File.WriteAllText(path, text[..(from + begin.Length)] + expected + text[to..]);
            return;
        }

        current.ShouldBe(expected, "docs/framework.md is stale: run the tests with DRIVERSCRIPT_UPDATE_DOCS=1");
    }

    /// <summary>docs/verifier.md's rule table is generated from the catalogue.</summary>
    [Fact]
    public void Verifier_doc_lists_every_rule()
    {
        var path = Path.Combine(RepositoryRoot(), "docs", "verifier.md");
        var expected = GeneratedRuleTable();
        var text = File.ReadAllText(path);
        const string begin = "<!-- BEGIN GENERATED RULE TABLE -->\n";
        const string end = "<!-- END GENERATED RULE TABLE -->";
        var from = text.IndexOf(begin, StringComparison.Ordinal);
        var to = text.IndexOf(end, StringComparison.Ordinal);
        from.ShouldBeGreaterThanOrEqualTo(0);
        to.ShouldBeGreaterThan(from);
        var current = text[(from + begin.Length)..to];
        if (current != expected && Environment.GetEnvironmentVariable("DRIVERSCRIPT_UPDATE_DOCS") == "1")
        {
            File.WriteAllText(path, text[..(from + begin.Length)] + expected + text[to..]);
            return;
        }

        current.ShouldBe(expected, "docs/verifier.md is stale: run the tests with DRIVERSCRIPT_UPDATE_DOCS=1");
    }

    internal static string GeneratedDiagrams()
    {
        var sb = new StringBuilder();
        void Section<TState, TEvent>(string title, StateTable<TState, TEvent> table)
            where TState : struct, Enum
            where TEvent : struct, Enum
        {
            sb.Append("### ").Append(title).Append(" (").Append(table.Rows.Count).Append(" states)\n\n```mermaid\n").Append(table.ToMermaid()).Append("```\n\n");
        }

        Section("PnP machine", DeviceStateMachines.PnpTable);
        Section("Power machine", DeviceStateMachines.PowerTable);
        Section("Power-policy machine", DeviceStateMachines.PowerPolicyTable);
        return sb.ToString();
    }

    internal static string GeneratedRuleTable()
    {
        var sb = new StringBuilder();
        sb.Append("| Finding | Rule | Kind | Code | P1 | P2 | What breaks it | Source |\n|---|---|---|---|---|---|---|---|\n");
        foreach (var r in VerifierRules.All)
        {
            sb.Append("| ").Append(r.Finding).Append(" | `").Append(r.Rule).Append("` | ")
              .Append(r.Kind == ViolationKind.BugCheck ? "bug check" : "verifier break").Append(" | ")
              .Append(r.Code == 0 ? "driver's" : "0x" + r.Code.ToString("X")).Append(r.Code == 0 ? "" : " " + BugCheckCodes.Name(r.Code)).Append(" | ")
              .Append(r.Parameter1 == 0 ? "—" : "0x" + r.Parameter1.ToString("X")).Append(" | ")
              .Append(r.Parameter2 == 0 ? "—" : "0x" + r.Parameter2.ToString("X")).Append(" | ")
              .Append(r.Description.Replace("|", "\\|")).Append(" | ")
              .Append(r.Source.Replace("|", "\\|")).Append(" |\n");
        }

        return sb.ToString();
    }

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir != null && !File.Exists(Path.Combine(dir.FullName, "DriverScript.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("repository root not found");
    }
}

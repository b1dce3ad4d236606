using System.Collections.Immutable;
using DriverScript.Framework.Tracing;

namespace DriverScript.Framework.Verifier;

/// <summary>
/// Turns broken rules into <see cref="Violation"/>s (KMDF.md A2): fills in time, processor, callback
/// stack and the caller's location, records and traces them, and stops the machine on a bug check —
/// and on a verifier break unless <see cref="SimulationOptions.ContinueOnBreak"/> is set.
/// </summary>
public sealed class DriverVerifier
{
    private readonly Simulation simulation;
    private readonly List<Violation> violations = [];

    internal DriverVerifier(Simulation simulation)
    {
        this.simulation = simulation;
        VerifierRules.Validate();
    }

    /// <summary>Every violation so far, in order.</summary>
    public IReadOnlyList<Violation> Violations => violations;

    /// <summary>
    /// Reports <paramref name="finding"/>. Returns normally only when the run goes on (a verifier break
    /// with breaks continuing); otherwise throws <see cref="SimulationStoppedException"/>.
    /// </summary>
    internal void Report(Finding finding, object? location, string message, ulong p2 = 0, ulong p3 = 0, ulong p4 = 0, uint? code = null, ulong? p1 = null)
    {
        var rule = VerifierRules.Get(finding);
        if (rule.Kind == ViolationKind.VerifierBreak && !simulation.Options.VerifierEnabled)
        {
            return;
        }

        var scheduler = simulation.Scheduler;
        var activity = scheduler.Current;
        var processor = activity?.Processor;
        var violation = new Violation(
            rule.Rule,
            rule.Kind,
            code ?? rule.Code,
            p1 ?? rule.Parameter1,
            rule.Parameter2 != 0 ? rule.Parameter2 : p2,
            p3,
            p4,
            message,
            location,
            activity != null ? scheduler.CallbackStack(processor, activity) : ImmutableArray<string>.Empty,
            simulation.Now,
            processor?.Id ?? -1);
        violations.Add(violation);
        simulation.Trace.Add(TraceEventKind.Violation, violation.Processor, simulation.Trace.Intern(violation.Rule), 0,
            violations.Count - 1, violation.Code, (long)violation.Parameter1);
        if (rule.Kind == ViolationKind.BugCheck || !simulation.Options.ContinueOnBreak)
        {
            simulation.Stop(violation);
            throw new SimulationStoppedException(violation);
        }
    }
}

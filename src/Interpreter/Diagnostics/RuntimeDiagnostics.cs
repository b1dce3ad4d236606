using DriverScript.Language.Diagnostics;
using static DriverScript.Language.Diagnostics.DiagnosticSeverity;

namespace DriverScript.Interpreter;

/// <summary>
/// Every diagnostic the interpreter reports: DS3xxx run-time errors and DS4xxx limits (§11, §13).
/// The same <see cref="DiagnosticDescriptor"/> type as the front end's catalogue, so formatting
/// (<see cref="DiagnosticFormatter"/>) is shared.
/// </summary>
public static class RuntimeDiagnostics
{
    // ---- DS3xxx: run-time errors ----
    public static readonly DiagnosticDescriptor DivideByZero =
        new("DS3001", Error, "Division by zero", "{0} by zero");
    public static readonly DiagnosticDescriptor IndexOutOfRange =
        new("DS3002", Error, "Index out of range", "index {0} is out of range for {1} of length {2}");
    public static readonly DiagnosticDescriptor SliceOutOfRange =
        new("DS3003", Error, "Slice out of range", "slice {0}..{1} is out of range for {2} of length {3}");
    public static readonly DiagnosticDescriptor UnwrapNone =
        new("DS3004", Error, "Unwrap of none", "'{0}' is none, so '!' cannot unwrap it");
    public static readonly DiagnosticDescriptor PopEmpty =
        new("DS3005", Error, "Pop from an empty list", "pop from an empty list");
    public static readonly DiagnosticDescriptor ExpectFailed =
        new("DS3006", Error, "Expectation failed", "{0}");
    public static readonly DiagnosticDescriptor NeedsSimulation =
        new("DS3007", Error, "Operation needs the simulation", "'{0}' needs the simulated framework and hardware, which this run does not have");
    public static readonly DiagnosticDescriptor HostError =
        new("DS3008", Error, "Host operation failed", "{0}");
    public static readonly DiagnosticDescriptor ExpectBugcheckFailed =
        new("DS3009", Error, "Expected bug check did not happen", "{0}");

    // ---- DS4xxx: limits ----
    public static readonly DiagnosticDescriptor StepLimit =
        new("DS4001", Error, "Step limit exceeded", "the run was stopped after {0} steps (the step limit): does a loop here never end? Raise the limit with --max-steps or RunOptions.Limits.MaxSteps");
    public static readonly DiagnosticDescriptor DepthLimit =
        new("DS4002", Error, "Recursion limit exceeded", "calls nested deeper than {0} (the recursion limit) when calling '{1}': does it recurse without end? Raise the limit with --max-depth or RunOptions.Limits.MaxDepth");
    public static readonly DiagnosticDescriptor MemoryLimit =
        new("DS4003", Error, "Memory limit exceeded", "script values would take more than {0} bytes (the memory limit) with this allocation of {1} bytes; raise the limit with --max-memory or RunOptions.Limits.MaxMemoryBytes");
    public static readonly DiagnosticDescriptor TimeLimit =
        new("DS4004", Error, "Time limit exceeded", "the run was stopped after {0} of wall-clock time (the time limit); raise it with --timeout or RunOptions.Limits.Timeout");
    public static readonly DiagnosticDescriptor Cancelled =
        new("DS4005", Error, "Run cancelled", "the run was cancelled");
    public static readonly DiagnosticDescriptor VirtualTimeLimit =
        new("DS4006", Error, "Virtual time limit exceeded", "'{0}' did not complete within {1} of virtual time (the host-operation limit)");

    /// <summary>Every descriptor above, in code order.</summary>
    public static IReadOnlyList<DiagnosticDescriptor> All { get; } = new[]
    {
        DivideByZero, IndexOutOfRange, SliceOutOfRange, UnwrapNone, PopEmpty, ExpectFailed, NeedsSimulation, HostError,
        ExpectBugcheckFailed, StepLimit, DepthLimit, MemoryLimit, TimeLimit, Cancelled, VirtualTimeLimit,
    };
}

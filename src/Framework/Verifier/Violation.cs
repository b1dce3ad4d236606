using System.Collections.Immutable;
using System.Globalization;

namespace DriverScript.Framework.Verifier;

/// <summary>How a finding is reported (KMDF.md A2).</summary>
public enum ViolationKind
{
    /// <summary>What Windows itself would raise: the simulated machine stops.</summary>
    BugCheck,

    /// <summary>
    /// What KMDF's verifier reports without a bug check. It stops the run like a debugger break
    /// unless <see cref="SimulationOptions.ContinueOnBreak"/> is set; then it is recorded and the
    /// DDI fails (or proceeds) as KMDF's does.
    /// </summary>
    VerifierBreak,
}

/// <summary>
/// A broken rule: what was broken, how it is reported, where and when. The framework produces them;
/// <see cref="Simulation.Violations"/> keeps them in order.
/// </summary>
/// <param name="Rule">The rule's name: SDV's where one exists (<c>DoubleCompletion</c>, <c>KmdfIrql</c>), otherwise DriverScript's (<c>InterruptStorm</c>).</param>
/// <param name="Kind">Bug check or verifier break.</param>
/// <param name="Code">The bug-check code (<c>0x10D</c> WDF_VIOLATION, <c>0x9F</c>...); verifier breaks carry 0x10D (docs/verifier.md).</param>
/// <param name="Parameter1">Bug-check parameter 1 (for 0x10D, KMDF's subcode).</param>
/// <param name="Parameter2">Bug-check parameter 2.</param>
/// <param name="Parameter3">Bug-check parameter 3.</param>
/// <param name="Parameter4">Bug-check parameter 4.</param>
/// <param name="Message">A sentence saying what happened.</param>
/// <param name="Location">The driver location the caller passed with the framework call that broke the rule (the interpreter passes a script span); null if none was given.</param>
/// <param name="CallbackStack">The callbacks running on the processor, outermost first (KMDF names).</param>
/// <param name="Time">Virtual time, nanoseconds.</param>
/// <param name="Processor">The processor the breaking code ran on, or -1 outside any processor (the host).</param>
public sealed record Violation(
    string Rule,
    ViolationKind Kind,
    uint Code,
    ulong Parameter1,
    ulong Parameter2,
    ulong Parameter3,
    ulong Parameter4,
    string Message,
    object? Location,
    ImmutableArray<string> CallbackStack,
    long Time,
    int Processor)
{
    /// <summary>The bug-check's symbolic name (<c>WDF_VIOLATION</c>), or the hexadecimal code.</summary>
    public string CodeName => BugCheckCodes.Name(Code);

    /// <summary>One line: <c>[1.5ms CPU0] DoubleCompletion: WDF_VIOLATION (0x10D, 0x0, ...) — message</c>.</summary>
    public override string ToString()
    {
        var where = Processor >= 0 ? "CPU" + Processor.ToString(CultureInfo.InvariantCulture) : "host";
        var kind = Kind == ViolationKind.BugCheck ? "bug check" : "verifier break";
        var text = FormattableString.Invariant(
            $"[{Hardware.Time.VirtualTime.Format(Time)} {where}] {Rule}: {kind} {CodeName} (0x{Code:X}, 0x{Parameter1:X}, 0x{Parameter2:X}, 0x{Parameter3:X}, 0x{Parameter4:X}) — {Message}");
        if (Location != null)
        {
            text += " at " + Location;
        }

        if (!CallbackStack.IsDefaultOrEmpty)
        {
            text += " in " + string.Join(" > ", CallbackStack);
        }

        return text;
    }
}

/// <summary>
/// Thrown out of the simulation when it stops on a violation (a bug check, or a verifier break
/// while breaks stop the run). Host operations let it through so the caller (a test, the
/// interpreter's <c>expect_bugcheck</c>) sees it; the machine stays stopped afterwards.
/// </summary>
public sealed class SimulationStoppedException : Exception
{
    /// <summary>Creates the exception for <paramref name="violation"/>.</summary>
    public SimulationStoppedException(Violation violation)
        : base(violation.ToString())
    {
        Violation = violation;
    }

    /// <summary>The violation that stopped the machine.</summary>
    public Violation Violation { get; }
}

/// <summary>Names of the bug-check codes the framework raises.</summary>
public static class BugCheckCodes
{
    public const uint IrqlNotLessOrEqual = 0x0A;
    public const uint KmodeExceptionNotHandled = 0x1E;
    public const uint MultipleIrpCompleteRequests = 0x44;
    public const uint DriverPowerStateFailure = 0x9F;
    public const uint DriverVerifierDetectedViolation = 0xC4;
    public const uint DriverIrqlNotLessOrEqual = 0xD1;
    public const uint ManuallyInitiatedCrash = 0xE2;
    public const uint HardwareInterruptStorm = 0xF2;
    public const uint WdfViolation = 0x10D;
    public const uint DpcWatchdogViolation = 0x133;

    /// <summary>The symbolic name of <paramref name="code"/>, or its hexadecimal value.</summary>
    public static string Name(uint code) => code switch
    {
        IrqlNotLessOrEqual => "IRQL_NOT_LESS_OR_EQUAL",
        KmodeExceptionNotHandled => "KMODE_EXCEPTION_NOT_HANDLED",
        MultipleIrpCompleteRequests => "MULTIPLE_IRP_COMPLETE_REQUESTS",
        DriverPowerStateFailure => "DRIVER_POWER_STATE_FAILURE",
        DriverVerifierDetectedViolation => "DRIVER_VERIFIER_DETECTED_VIOLATION",
        DriverIrqlNotLessOrEqual => "DRIVER_IRQL_NOT_LESS_OR_EQUAL",
        ManuallyInitiatedCrash => "MANUALLY_INITIATED_CRASH",
        HardwareInterruptStorm => "HARDWARE_INTERRUPT_STORM",
        WdfViolation => "WDF_VIOLATION",
        DpcWatchdogViolation => "DPC_WATCHDOG_VIOLATION",
        _ => "0x" + code.ToString("X", CultureInfo.InvariantCulture),
    };
}

using DriverScript.Language.Diagnostics;
using DriverScript.Language.Text;

namespace DriverScript.Interpreter;

/// <summary>What went wrong at run time. Values below <see cref="StepLimit"/> are errors in the script; the rest are limits (§11).</summary>
public enum RuntimeErrorKind : byte
{
    DivideByZero,
    IndexOutOfRange,
    UnwrapNone,
    PopEmpty,
    ExpectFailed,
    ExpectBugcheckFailed,
    /// <summary>A framework, hardware or host operation ran without a runtime behind the seam.</summary>
    NeedsSimulation,
    /// <summary>A host operation was misused (reported by the runtime).</summary>
    HostError,
    StepLimit,
    DepthLimit,
    MemoryLimit,
    TimeLimit,
    Cancelled,
    VirtualTimeLimit,
}

/// <summary>
/// A run-time error or exceeded limit, as a diagnostic at the script location. In driver code the
/// runtime turns the faults that have an <see cref="NtStatus"/> into bug check 0x1E
/// (KMODE_EXCEPTION_NOT_HANDLED) with that code as parameter 1 (KMDF.md A2).
/// </summary>
/// <example>
/// <code>
/// try { execution.CallFunction("divide", ScriptValue.FromScalar(0)); }
/// catch (ScriptRuntimeException e) when (e.Kind == RuntimeErrorKind.DivideByZero)
/// {
///     e.NtStatus;               // 0xC0000094 (STATUS_INTEGER_DIVIDE_BY_ZERO)
///     e.Diagnostic.ToString();  // t.drv(3,12): error DS3001: division by zero
/// }
/// </code>
/// </example>
public sealed class ScriptRuntimeException : Exception
{
    /// <summary>STATUS_INTEGER_DIVIDE_BY_ZERO.</summary>
    public const uint StatusIntegerDivideByZero = 0xC0000094;

    /// <summary>STATUS_ACCESS_VIOLATION: a bad index, slice or an unwrapped none.</summary>
    public const uint StatusAccessViolation = 0xC0000005;

    public ScriptRuntimeException(RuntimeErrorKind kind, Diagnostic diagnostic)
        : base(diagnostic.ToString())
    {
        Kind = kind;
        Diagnostic = diagnostic;
    }

    public ScriptRuntimeException(RuntimeErrorKind kind, DiagnosticDescriptor descriptor, SourceSpan span, params object?[] args)
        : this(kind, descriptor.Create(span, args))
    {
    }

    public RuntimeErrorKind Kind { get; }

    public Diagnostic Diagnostic { get; }

    public SourceSpan Span => Diagnostic.Span;

    /// <summary>True for the limits of §11 (DS4xxx).</summary>
    public bool IsLimit => Kind >= RuntimeErrorKind.StepLimit;

    /// <summary>The NT exception code a driver fault raises (0 when the error is not a processor exception).</summary>
    public uint NtStatus => Kind switch
    {
        RuntimeErrorKind.DivideByZero => StatusIntegerDivideByZero,
        RuntimeErrorKind.IndexOutOfRange or RuntimeErrorKind.UnwrapNone or RuntimeErrorKind.PopEmpty => StatusAccessViolation,
        _ => 0,
    };
}

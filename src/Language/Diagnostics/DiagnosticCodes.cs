using static DriverScript.Language.Diagnostics.DiagnosticSeverity;

namespace DriverScript.Language.Diagnostics;

/// <summary>
/// Every diagnostic the front end can report. DS0xxx syntax, DS1xxx names and types, DS2xxx IRQL
/// and framework rules found statically. Each code is documented in <c>docs/diagnostics.md</c> and
/// has a case in <c>tests/Conformance/StaticError</c>.
/// </summary>
public static class DiagnosticCodes
{
    // ---- DS0xxx: lexical and syntax ----
    public static readonly DiagnosticDescriptor UnexpectedCharacter =
        new("DS0001", Error, "Unexpected character", "unexpected character '{0}'");
    public static readonly DiagnosticDescriptor UnterminatedString =
        new("DS0002", Error, "Unterminated string literal", "unterminated string literal: a string must end with '\"' on the line it starts");
    public static readonly DiagnosticDescriptor InvalidEscape =
        new("DS0003", Error, "Invalid escape sequence", "invalid escape sequence '{0}'; valid escapes are \\n \\r \\t \\0 \\\\ \\\" and \\xNN");
    public static readonly DiagnosticDescriptor LiteralTooLarge =
        new("DS0004", Error, "Literal too large", "the literal '{0}' does not fit in 64 bits");
    public static readonly DiagnosticDescriptor MalformedNumber =
        new("DS0005", Error, "Malformed number", "malformed number '{0}': {1}");
    public static readonly DiagnosticDescriptor UnterminatedComment =
        new("DS0006", Error, "Unterminated block comment", "unterminated block comment: '/*' has no matching '*/'");
    public static readonly DiagnosticDescriptor InvalidEncoding =
        new("DS0007", Error, "Invalid source encoding", "the file is not valid UTF-8 text ({0})");
    public static readonly DiagnosticDescriptor NestingTooDeep =
        new("DS0008", Error, "Nesting too deep", "nesting is deeper than {0} levels");
    public static readonly DiagnosticDescriptor SyntaxError =
        new("DS0010", Error, "Syntax error", "expected {0}, found {1}");
    public static readonly DiagnosticDescriptor KeywordAsName =
        new("DS0011", Error, "Keyword used as a name", "'{0}' is a keyword and cannot be used as a name");
    public static readonly DiagnosticDescriptor InvalidAssignmentTarget =
        new("DS0012", Error, "Invalid assignment target", "the left side of '{0}' must be a variable, a field, an element or a register");
    public static readonly DiagnosticDescriptor UnknownAccessMode =
        new("DS0013", Error, "Unknown access mode", "unknown access mode '{0}'; expected rw, ro, wo, w1c, w1s or rc");

    // ---- DS1xxx: names, types and declarations ----
    public static readonly DiagnosticDescriptor UnknownName =
        new("DS1001", Error, "Unknown name", "the name '{0}' does not exist here");
    public static readonly DiagnosticDescriptor DuplicateDeclaration =
        new("DS1002", Error, "Duplicate declaration", "'{0}' is already declared {1}");
    public static readonly DiagnosticDescriptor CannotConvert =
        new("DS1003", Error, "Cannot convert implicitly", "cannot convert '{0}' to '{1}' without 'as'");
    public static readonly DiagnosticDescriptor OperatorTypes =
        new("DS1004", Error, "Operator not defined for the operand types", "operator '{0}' cannot be applied to {1}");
    public static readonly DiagnosticDescriptor UnknownType =
        new("DS1005", Error, "Unknown type", "unknown type '{0}'");
    public static readonly DiagnosticDescriptor UnknownMember =
        new("DS1006", Error, "Unknown member", "'{0}' has no member '{1}'");
    public static readonly DiagnosticDescriptor ArgumentCount =
        new("DS1007", Error, "Wrong number of arguments", "'{0}' takes {1}, but {2} given");
    public static readonly DiagnosticDescriptor AssignToImmutable =
        new("DS1008", Error, "Assignment to something immutable", "cannot assign to '{0}': {1}");
    public static readonly DiagnosticDescriptor Shadowing =
        new("DS1009", Error, "A local shadows another", "'{0}' is already a local or parameter in this function (declared at {1}); choose another name");
    public static readonly DiagnosticDescriptor NotCallable =
        new("DS1010", Error, "Not callable", "'{0}' is not a function");
    public static readonly DiagnosticDescriptor ConditionNotBool =
        new("DS1011", Error, "Condition is not a bool", "a condition must be 'bool', not '{0}'");
    public static readonly DiagnosticDescriptor MissingReturn =
        new("DS1012", Error, "Missing return", "'{0}' must return a '{1}' on every path");
    public static readonly DiagnosticDescriptor ReturnValueMismatch =
        new("DS1013", Error, "Wrong return", "{0}");
    public static readonly DiagnosticDescriptor JumpOutsideLoop =
        new("DS1014", Error, "break or continue outside a loop", "'{0}' can only be used inside a loop");
    public static readonly DiagnosticDescriptor LiteralOutOfRange =
        new("DS1015", Error, "Literal out of range", "the value {0} does not fit in '{1}'");
    public static readonly DiagnosticDescriptor NotConstant =
        new("DS1016", Error, "Constant required", "{0} must be a constant expression");
    public static readonly DiagnosticDescriptor InvalidCast =
        new("DS1017", Error, "Invalid cast", "cannot convert '{0}' to '{1}' with 'as'");
    public static readonly DiagnosticDescriptor NotIndexable =
        new("DS1018", Error, "Not indexable", "a value of type '{0}' cannot be indexed or sliced");
    public static readonly DiagnosticDescriptor CannotInfer =
        new("DS1019", Error, "Cannot infer the type", "cannot infer the type of '{0}' from {1}; write its type");
    public static readonly DiagnosticDescriptor InvalidPattern =
        new("DS1020", Error, "Invalid pattern", "{0}");
    public static readonly DiagnosticDescriptor HostOnly =
        new("DS1021", Error, "Host operation in driver code", "'{0}' is a host operation: it is allowed only in tests and top-level code");
    public static readonly DiagnosticDescriptor HardwareOnly =
        new("DS1022", Error, "Hardware-model operation outside a hardware block", "'{0}' is allowed only in the code of a 'hardware' block");
    public static readonly DiagnosticDescriptor DriverOnly =
        new("DS1023", Error, "Driver operation outside a device", "'{0}' is allowed only in the code of a 'device'");
    public static readonly DiagnosticDescriptor InvalidQueueAttribute =
        new("DS1024", Error, "Invalid queue attribute", "{0}");
    public static readonly DiagnosticDescriptor DuplicateDefaultQueue =
        new("DS1025", Error, "More than one default queue", "queue '{0}' is a second default queue; '{1}' already is");
    public static readonly DiagnosticDescriptor InvalidRoute =
        new("DS1026", Error, "Invalid route", "{0}");
    public static readonly DiagnosticDescriptor UnknownCallback =
        new("DS1027", Error, "Unknown callback", "'on {0}' is not a callback of {1}; expected one of: {2}");
    public static readonly DiagnosticDescriptor CallbackSignature =
        new("DS1028", Error, "Wrong callback signature", "{0}");
    public static readonly DiagnosticDescriptor CallbackCannotFail =
        new("DS1029", Error, "Callback cannot return a status", "'on {0}' cannot return a value; only callbacks KMDF lets fail may return a 'status'");
    public static readonly DiagnosticDescriptor UnknownSetting =
        new("DS1030", Error, "Unknown or invalid setting", "{0}");
    public static readonly DiagnosticDescriptor RegisterOutsideSize =
        new("DS1031", Error, "Register outside the register space", "register '{0}' at 0x{1:X} ({2} bytes) lies outside the register space of size 0x{3:X}");
    public static readonly DiagnosticDescriptor RegisterOverlap =
        new("DS1032", Error, "Registers overlap", "'{0}' at 0x{1:X} overlaps '{2}' at 0x{3:X}");
    public static readonly DiagnosticDescriptor FieldOutsideRegister =
        new("DS1033", Error, "Field outside its register", "{0}");
    public static readonly DiagnosticDescriptor UnknownHardware =
        new("DS1034", Error, "Unknown hardware model", "no hardware model named '{0}' (declare 'hardware {0} {{ ... }}' or use a built-in model: {1})");
    public static readonly DiagnosticDescriptor DuplicateCallback =
        new("DS1035", Error, "Duplicate callback", "'on {0}' is already declared in this {1}");
    public static readonly DiagnosticDescriptor ImportNotFound =
        new("DS1036", Error, "Import not found", "cannot import '{0}': the file does not exist");
    public static readonly DiagnosticDescriptor ImportOutsideTree =
        new("DS1037", Error, "Import outside the script's folder", "cannot import '{0}': imports must stay inside the folder tree of the script being checked");
    public static readonly DiagnosticDescriptor SelfOutsideDevice =
        new("DS1038", Error, "'self' outside a device", "'self' is only available in the code of a device");
    public static readonly DiagnosticDescriptor NoHardware =
        new("DS1039", Error, "No hardware bound", "{0}");
    public static readonly DiagnosticDescriptor NotOptional =
        new("DS1040", Error, "Unwrap of a non-optional", "'!' unwraps an optional, but this is '{0}'");
    public static readonly DiagnosticDescriptor InterruptLine =
        new("DS1041", Error, "No interrupt line to bind", "{0}");
    public static readonly DiagnosticDescriptor ValueNotUsable =
        new("DS1042", Error, "Not a value", "{0}");
    public static readonly DiagnosticDescriptor NotIterable =
        new("DS1043", Error, "Not iterable", "'for' iterates over a range, 'bytes' or a list, not '{0}'");
    public static readonly DiagnosticDescriptor InvalidLockTarget =
        new("DS1044", Error, "Not a lock", "'with' needs a spinlock, a waitlock or an interrupt, not '{0}'");
    public static readonly DiagnosticDescriptor InvalidRegisterType =
        new("DS1045", Error, "Invalid register type", "a register is 'u8', 'u16', 'u32' or 'u64', not '{0}'");
    public static readonly DiagnosticDescriptor InvalidWidthPolicy =
        new("DS1046", Error, "Invalid width policy", "{0}");

    // Warnings
    public static readonly DiagnosticDescriptor UnusedLocal =
        new("DS1901", Warning, "Unused local", "'{0}' is declared but never used");
    public static readonly DiagnosticDescriptor UnreachableCode =
        new("DS1902", Warning, "Unreachable code", "this statement can never run");

    // ---- DS2xxx: IRQL and framework rules found statically ----
    public static readonly DiagnosticDescriptor IrqlTooHigh =
        new("DS2001", Error, "Call above its IRQL (KmdfIrql)", "'{0}' runs at {1}, but '{2}' may only be called at {3} or below (call chain: {4})");
    public static readonly DiagnosticDescriptor WaitLockAtDispatch =
        new("DS2002", Error, "Wait lock at DISPATCH_LEVEL or above (WdfWaitlock)", "'{0}' runs at {1}, but the wait lock '{2}' can only be acquired at PASSIVE_LEVEL (call chain: {3})");
    public static readonly DiagnosticDescriptor StopAckOutsideEvtIoStop =
        new("DS2003", Error, "stop_acknowledge outside EvtIoStop (StopAckWithinEvtIoStop)", "'stop_acknowledge' may only be called inside 'on stop' (EvtIoStop), not in '{0}'");
    public static readonly DiagnosticDescriptor QueueDpcOutsideIsr =
        new("DS2004", Error, "queue_dpc outside an ISR", "'queue_dpc' may only be called inside 'on isr' (WdfInterruptQueueDpcForIsr), not in '{0}'");
    public static readonly DiagnosticDescriptor SurpriseRemovalRule =
        new("DS2005", Error, "Forbidden call in EvtDeviceSurpriseRemoval", "'{0}' must not be called from 'on surprise_removal' ({1})");

    /// <summary>All descriptors, in code order.</summary>
    public static IReadOnlyList<DiagnosticDescriptor> All { get; } =
        typeof(DiagnosticCodes).GetFields(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)
            .Where(f => f.FieldType == typeof(DiagnosticDescriptor))
            .Select(f => (DiagnosticDescriptor)f.GetValue(null)!)
            .OrderBy(d => d.Code, StringComparer.Ordinal)
            .ToArray();
}

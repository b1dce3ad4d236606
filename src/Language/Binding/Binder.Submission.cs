using System.Collections.Immutable;
using DriverScript.Language.Diagnostics;
using DriverScript.Language.Parsing;
using DriverScript.Language.Symbols;

namespace DriverScript.Language.Binding;

/// <summary>
/// Binding of a REPL submission (LANGUAGE.md §14): the files of one submission are bound as a
/// program of their own, against the names of the submissions before it (the outer scope). New
/// functions, devices, hardware models and global slots are numbered after the earlier ones, so the
/// cumulative <see cref="BoundProgram"/> keeps every index and slot stable.
/// </summary>
public sealed partial class Binder
{
    // Outer scope and numbering bases of a submission; null and zero for an ordinary program.
    private IReadOnlyDictionary<string, object>? _outer;
    private int _functionBase;
    private int _deviceBase;
    private int _hardwareBase;
    private int _globalBase;

    /// <summary>A name declared in this program (or submission), else one the earlier submissions declared.</summary>
    private object? LookupDeclared(string name)
    {
        if (_globals.TryGetValue(name, out var declared)) return declared;
        if (_outer is not null && _outer.TryGetValue(name, out var outer)) return outer;
        return null;
    }

    /// <summary>
    /// Binds the files of one submission (its root first) after <paramref name="previous"/>. A
    /// declaration may reuse a name of an earlier submission: it shadows the earlier one from here on,
    /// and code bound before keeps what it was bound to. When the root file's last top-level item is an
    /// expression statement with a value, that value is stored in a new global (<paramref name="result"/>).
    /// </summary>
    internal static BoundProgram BindSubmission(
        ImmutableArray<ParseResult> files, CompilationOptions options, DiagnosticBag diagnostics, SubmissionScope previous,
        out GlobalSymbol? result, out SubmissionScope scope)
    {
        var own = new DiagnosticBag();
        var binder = new Binder(options, own)
        {
            _outer = previous.Names,
            _functionBase = previous.Program?.Functions.Length ?? 0,
            _deviceBase = previous.Program?.Devices.Length ?? 0,
            _hardwareBase = previous.Program?.HardwareModels.Length ?? 0,
            _globalBase = previous.Program?.Globals.Length ?? 0,
        };
        var program = binder.Bind(files);
        var broken = new HashSet<Text.SourceText>(ReferenceEqualityComparer.Instance);
        foreach (var file in files)
            if (file.HasErrors) broken.Add(file.Root.Source);
        foreach (var d in own.Items)
            if (!broken.Contains(d.Span.Source)) diagnostics.Add(d);

        // The lone expression at the end becomes the submission's result, kept in a global slot of its own.
        var topLevel = program.TopLevel;
        var globals = program.Globals;
        result = null;
        if (topLevel.Statements.Length > 0
            && topLevel.Statements[^1] is BoundExpressionStatement { Expression: var value } last
            && !value.Type.IsVoid && !value.Type.IsError)
        {
            result = new GlobalSymbol("$result", value.Type, binder._globalBase + globals.Length, false, last.Syntax.Span);
            topLevel = new BoundBlock(topLevel.Syntax, topLevel.Statements.SetItem(topLevel.Statements.Length - 1, new BoundGlobalDeclaration(last.Syntax, result, value)));
            globals = globals.Add(result);
        }

        var before = previous.Program;
        var cumulative = new BoundProgram(
            Concat(before?.Devices, program.Devices),
            // External models are declared by the first submission only (later ones find them in the outer scope).
            Concat(before?.HardwareModels, program.HardwareModels),
            Concat(before?.Functions, program.Functions),
            Concat(before?.Constants, program.Constants),
            Concat(before?.Enums, program.Enums),
            program.Tests,
            topLevel,
            program.TopLevelFrameSize,
            Concat(before?.Globals, globals));

        // The names the next submission sees: the earlier ones, shadowed by this submission's declarations and globals.
        var names = new Dictionary<string, object>(previous.Names, StringComparer.Ordinal);
        foreach (var (name, symbol) in binder._globals) names[name] = symbol;
        foreach (var global in program.Globals) names[global.Name] = global;
        scope = new SubmissionScope(cumulative, names);
        return cumulative;
    }

    private static ImmutableArray<T> Concat<T>(ImmutableArray<T>? before, ImmutableArray<T> added) =>
        before is { IsDefaultOrEmpty: false } b ? b.AddRange(added) : added;

    /// <summary>The names every script sees without declaring them: built-in functions and named values (<c>STATUS_SUCCESS</c>, <c>D0</c>...).</summary>
    public static IReadOnlyList<string> BuiltinNamesInScope() => Builtins.Names.Order(StringComparer.Ordinal).ToArray();

    /// <summary>The member names <c>value.NAME</c> may use on a value of <paramref name="type"/> (for completion).</summary>
    public static IReadOnlyList<string> MemberNames(TypeSymbol type)
    {
        var names = new SortedSet<string>(StringComparer.Ordinal);
        if (type is EnumTypeSymbol e)
        {
            foreach (var m in e.Members) names.Add(m.Name);
            return names.ToArray();
        }
        foreach (Intrinsic intrinsic in Enum.GetValues<Intrinsic>())
        {
            string name = intrinsic.Info().Name;
            if (TryGetProperty(type, name, out _, out _) || TryGetMethod(type, name, out _, out _, out _)) names.Add(name);
        }
        if (type.Kind == TypeKind.DeviceHandle)
        {
            names.Add("hw");
            if (type is DeviceHandleTypeSymbol { Device: not null }) names.Add("state");
        }
        return names.ToArray();
    }
}

/// <summary>
/// What a REPL submission is bound against: the cumulative program so far and the names visible at
/// the top level (declarations and top-level variables, the later shadowing the earlier).
/// </summary>
public sealed class SubmissionScope
{
    internal SubmissionScope(BoundProgram? program, IReadOnlyDictionary<string, object> names)
    {
        Program = program;
        Names = names;
    }

    /// <summary>The scope before the first submission: nothing declared.</summary>
    public static SubmissionScope Empty { get; } = new(null, new Dictionary<string, object>(StringComparer.Ordinal));

    /// <summary>Every declaration and global of the submissions so far (null before the first).</summary>
    public BoundProgram? Program { get; }

    /// <summary>
    /// Name to symbol: a <see cref="FunctionSymbol"/>, <see cref="DeviceSymbol"/>, <see cref="HardwareModelSymbol"/>,
    /// <see cref="ConstantSymbol"/>, <see cref="EnumTypeSymbol"/> or <see cref="GlobalSymbol"/>.
    /// </summary>
    public IReadOnlyDictionary<string, object> Names { get; }
}

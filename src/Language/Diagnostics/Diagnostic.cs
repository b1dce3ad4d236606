using DriverScript.Language.Text;

namespace DriverScript.Language.Diagnostics;

public enum DiagnosticSeverity
{
    Warning,
    Error,
}

/// <summary>
/// One finding about a script: a code from <see cref="DiagnosticCodes"/>, where it stands, and a
/// message a person understands. Diagnostics are data; nothing in the front end throws them.
/// </summary>
public sealed record Diagnostic(DiagnosticDescriptor Descriptor, SourceSpan Span, string Message)
{
    public string Code => Descriptor.Code;

    public DiagnosticSeverity Severity => Descriptor.Severity;

    public bool IsError => Descriptor.Severity == DiagnosticSeverity.Error;

    public string Path => Span.Path;

    public int Line => Span.Line;

    public int Column => Span.Column;

    /// <summary>The MSBuild canonical form: <c>file(line,col): error DS1003: message</c>.</summary>
    public override string ToString() =>
        $"{Span.Path}({Line},{Column}): {(IsError ? "error" : "warning")} {Code}: {Message}";
}

/// <summary>What a diagnostic code means: its code, severity and message template.</summary>
public sealed record DiagnosticDescriptor(string Code, DiagnosticSeverity Severity, string Title, string MessageFormat)
{
    public Diagnostic Create(SourceSpan span, params object?[] args) =>
        new(this, span, args.Length == 0 ? MessageFormat : string.Format(System.Globalization.CultureInfo.InvariantCulture, MessageFormat, args));
}

/// <summary>Collects diagnostics in the order they are found.</summary>
public sealed class DiagnosticBag
{
    private readonly List<Diagnostic> _items = new();

    public IReadOnlyList<Diagnostic> Items => _items;

    public int Count => _items.Count;

    public bool HasErrors { get; private set; }

    public void Add(Diagnostic diagnostic)
    {
        _items.Add(diagnostic);
        if (diagnostic.IsError) HasErrors = true;
    }

    public void Add(DiagnosticDescriptor descriptor, SourceSpan span, params object?[] args) =>
        Add(descriptor.Create(span, args));

    public void AddRange(IEnumerable<Diagnostic> diagnostics)
    {
        foreach (var d in diagnostics) Add(d);
    }
}

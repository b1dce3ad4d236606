using System.Collections.Immutable;
using DriverScript.Language.Binding;
using DriverScript.Language.Diagnostics;
using DriverScript.Language.Parsing;
using DriverScript.Language.Symbols;
using DriverScript.Language.Syntax;
using DriverScript.Language.Text;

namespace DriverScript.Language;

/// <summary>How a script is compiled.</summary>
public sealed record CompilationOptions
{
    /// <summary>Hardware models written in C# that <c>uses NAME;</c> may name without an import.</summary>
    public ImmutableArray<ExternalHardwareModel> HardwareModels { get; init; } = ImmutableArray<ExternalHardwareModel>.Empty;

    /// <summary>Reads an imported file's bytes; null means "does not exist". Defaults to the file system.</summary>
    public Func<string, byte[]?> ReadFile { get; init; } = path => File.Exists(path) ? File.ReadAllBytes(path) : null;

    public static CompilationOptions Default { get; } = new();
}

/// <summary>
/// The front end's entry point: parses a script and everything it imports, binds and type-checks
/// it, and collects every diagnostic in source order.
/// </summary>
/// <example>
/// <code>
/// var compilation = Compilation.FromText("demo.drv", "let x: u8 = 300;");
/// foreach (var d in compilation.Diagnostics) Console.WriteLine(d); // demo.drv(1,13): error DS1015: ...
/// </code>
/// </example>
public sealed class Compilation
{
    private Compilation(ImmutableArray<ParseResult> files, BoundProgram? program, IReadOnlyList<Diagnostic> diagnostics)
    {
        Files = files;
        Program = program;
        Diagnostics = diagnostics;
    }

    /// <summary>The root file first, then each imported file once, in the order they were loaded.</summary>
    public ImmutableArray<ParseResult> Files { get; }

    /// <summary>The bound, typed program (present even when there are errors; error nodes stand in).</summary>
    public BoundProgram? Program { get; }

    public IReadOnlyList<Diagnostic> Diagnostics { get; }

    public bool HasErrors => Diagnostics.Any(d => d.IsError);

    /// <summary>Compiles a file; its bytes must be UTF-8 text (DS0007 otherwise).</summary>
    public static Compilation FromFile(string path, CompilationOptions? options = null) =>
        FromBytes(path, File.ReadAllBytes(path), options);

    /// <summary>Compiles a file's content given as bytes (decoded as strict UTF-8).</summary>
    public static Compilation FromBytes(string path, ReadOnlySpan<byte> bytes, CompilationOptions? options = null)
    {
        var source = SourceDecoder.Decode(path, bytes, out var encodingError);
        if (encodingError is null) return FromText(path, source.Text, options);
        var parsed = new ParseResult(
            new CompilationUnitSyntax(source, ImmutableArray<DeclarationSyntax>.Empty, source.Span(0, source.Text.Length)),
            new[] { encodingError });
        return new Compilation(ImmutableArray.Create(parsed), null, new[] { encodingError });
    }

    public static Compilation FromText(string path, string text, CompilationOptions? options = null)
    {
        options ??= CompilationOptions.Default;
        var root = new SourceText(path, text);
        var diagnostics = new DiagnosticBag();
        var files = LoadWithImports(root, options, diagnostics);
        foreach (var file in files) diagnostics.AddRange(file.Diagnostics);
        var program = Binder.BindProgram(files, options, diagnostics);
        return new Compilation(files, program, Sort(diagnostics.Items, files));
    }

    internal static ImmutableArray<ParseResult> LoadWithImports(SourceText root, CompilationOptions options, DiagnosticBag diagnostics)
    {
        var files = ImmutableArray.CreateBuilder<ParseResult>();
        var loaded = new HashSet<string>(StringComparer.Ordinal);
        string rootDir = DirectoryOf(root.Path);
        var pending = new Queue<SourceText>();
        pending.Enqueue(root);
        loaded.Add(Normalize(root.Path));
        while (pending.Count > 0)
        {
            var source = pending.Dequeue();
            var parsed = Parser.Parse(source);
            files.Add(parsed);
            foreach (var import in parsed.Root.Items.OfType<ImportDeclarationSyntax>())
            {
                string target = Path.Combine(DirectoryOf(source.Path), import.Path);
                string full = Normalize(target);
                if (Path.IsPathRooted(import.Path) || !IsInside(full, rootDir))
                {
                    diagnostics.Add(DiagnosticCodes.ImportOutsideTree, import.PathSpan, import.Path);
                    continue;
                }
                if (!loaded.Add(full)) continue; // each file is loaded once; cycles are fine
                byte[]? bytes = options.ReadFile(target);
                if (bytes is null)
                {
                    diagnostics.Add(DiagnosticCodes.ImportNotFound, import.PathSpan, import.Path);
                    continue;
                }
                var imported = SourceDecoder.Decode(RelativeDisplayPath(source.Path, import.Path), bytes, out var encodingError);
                if (encodingError is not null)
                {
                    diagnostics.Add(encodingError);
                    continue;
                }
                pending.Enqueue(imported);
            }
        }
        return files.ToImmutable();
    }

    private static string DirectoryOf(string path) => Path.GetDirectoryName(Normalize(path)) ?? Normalize(".");

    private static string Normalize(string path) => Path.GetFullPath(path);

    private static bool IsInside(string fullPath, string directory)
    {
        string dir = directory.EndsWith(Path.DirectorySeparatorChar) ? directory : directory + Path.DirectorySeparatorChar;
        return fullPath.StartsWith(dir, StringComparison.Ordinal);
    }

    /// <summary>An imported file is shown by the path of its importer's folder plus the import's text.</summary>
    private static string RelativeDisplayPath(string importer, string import)
    {
        string? dir = Path.GetDirectoryName(importer);
        return string.IsNullOrEmpty(dir) ? import : Path.Combine(dir, import);
    }

    internal static IReadOnlyList<Diagnostic> Sort(IReadOnlyList<Diagnostic> diagnostics, ImmutableArray<ParseResult> files)
    {
        var fileOrder = new Dictionary<SourceText, int>(ReferenceEqualityComparer.Instance);
        for (int i = 0; i < files.Length; i++) fileOrder[files[i].Root.Source] = i;
        return diagnostics
            .Distinct()
            .OrderBy(d => fileOrder.TryGetValue(d.Span.Source, out var i) ? i : int.MaxValue)
            .ThenBy(d => d.Span.Start)
            .ThenBy(d => d.Code, StringComparer.Ordinal)
            .ToArray();
    }
}

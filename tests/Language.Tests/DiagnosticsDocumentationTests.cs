using System.Text.RegularExpressions;
using DriverScript.Language.Diagnostics;

namespace DriverScript.Language.Tests;

/// <summary>
/// Holds <c>docs/diagnostics.md</c> to the catalogue: every code in <see cref="DiagnosticCodes.All"/>
/// has a <c>### DSxxxx — title</c> heading there, and every such heading names a code that exists.
/// </summary>
public class DiagnosticsDocumentationTests
{
    // The front end's codes: DS0xxx–DS2xxx. DS3xxx and DS4xxx belong to the interpreter's catalogue,
    // checked by tests/Interpreter.Tests/RuntimeDiagnosticsDocumentationTests.cs.
    private static readonly Regex s_heading = new(@"^###\s+(?<code>DS[012]\d{3})\b", RegexOptions.Multiline | RegexOptions.CultureInvariant);

    private static readonly Lazy<IReadOnlyList<string>> s_documented = new(ReadDocumentedCodes);

    [Fact]
    public void Every_diagnostic_code_is_documented()
    {
        var documented = s_documented.Value.ToHashSet(StringComparer.Ordinal);
        var missing = DiagnosticCodes.All.Select(d => d.Code).Where(c => !documented.Contains(c)).ToList();
        missing.ShouldBeEmpty("codes without a '### DSxxxx' heading in docs/diagnostics.md: " + string.Join(", ", missing));
    }

    [Fact]
    public void Every_documented_code_exists()
    {
        var known = DiagnosticCodes.All.Select(d => d.Code).ToHashSet(StringComparer.Ordinal);
        var unknown = s_documented.Value.Where(c => !known.Contains(c)).Distinct().ToList();
        unknown.ShouldBeEmpty("docs/diagnostics.md has headings for codes DiagnosticCodes does not define: " + string.Join(", ", unknown));
    }

    [Fact]
    public void Every_code_is_documented_once()
    {
        var twice = s_documented.Value.GroupBy(c => c, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        twice.ShouldBeEmpty("codes with more than one heading in docs/diagnostics.md: " + string.Join(", ", twice));
    }

    private static IReadOnlyList<string> ReadDocumentedCodes()
    {
        string text = File.ReadAllText(Path.Combine(FindRepositoryRoot(), "docs", "diagnostics.md"));
        return s_heading.Matches(text).Select(m => m.Groups["code"].Value).ToList();
    }

    private static string FindRepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "DriverScript.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException($"cannot find DriverScript.sln above {AppContext.BaseDirectory}");
    }
}

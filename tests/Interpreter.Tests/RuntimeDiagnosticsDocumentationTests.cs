using System.Text.RegularExpressions;

namespace DriverScript.Interpreter.Tests;

public class RuntimeDiagnosticsDocumentationTests
{
    [Fact]
    public void Every_runtime_code_has_a_heading_in_docs_diagnostics()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "DriverScript.sln"))) dir = dir.Parent;
        string doc = File.ReadAllText(Path.Combine(dir!.FullName, "docs", "diagnostics.md"));
        var headings = Regex.Matches(doc, @"^### (DS[34]\d{3}) ", RegexOptions.Multiline).Select(m => m.Groups[1].Value).ToHashSet();
        RuntimeDiagnostics.All.Select(d => d.Code).Where(c => !headings.Contains(c)).ShouldBeEmpty();
        headings.Where(h => RuntimeDiagnostics.All.All(d => d.Code != h)).ShouldBeEmpty();
    }
}

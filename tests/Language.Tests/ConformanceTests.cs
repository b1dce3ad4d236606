using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using DriverScript.Language.Diagnostics;
using Xunit.Abstractions;

namespace DriverScript.Language.Tests;

/// <summary>
/// Runs the conformance corpus (<c>tests/Conformance</c>, STYLE.md): every <c>.drv</c> file under
/// <c>Correct/</c> must check clean, and every file under <c>StaticError/</c> must report exactly the
/// diagnostics its header names, at exactly those positions. Adding a case is adding a file.
/// </summary>
/// <remarks>
/// Header format, in the leading comment lines of a file:
/// <code>
/// // expect: ok                      (Correct: no diagnostics at all, warnings included)
/// // expect: DS1003 at 4:18          (StaticError: one line per diagnostic, 1-based line:column)
/// // covers: what the case is about
/// </code>
/// Files in a <c>lib/</c> folder without an <c>expect:</c> line are helpers imported by cases.
/// </remarks>
public class ConformanceTests
{
    private const string CorrectFolder = "Correct";
    private const string StaticErrorFolder = "StaticError";

    private static readonly CompilationOptions s_options = new() { HardwareModels = TestHardwareModels.All };

    public static IEnumerable<object[]> Cases() => Corpus.Files.Select(f => new object[] { new ConformanceCase(f.RelativePath) });

    [Theory]
    [MemberData(nameof(Cases))]
    public void Case_reports_exactly_its_expected_diagnostics(ConformanceCase file)
    {
        var entry = Corpus.Files.Single(f => f.RelativePath == file.RelativePath);
        var header = entry.Header;
        header.Problems.ShouldBeEmpty($"{file}: malformed header:\n  " + string.Join("\n  ", header.Problems));
        if (entry.Folder == CorrectFolder)
            header.IsOk.ShouldBeTrue($"{file}: a Correct case must say '// expect: ok'");
        else
            header.Expected.ShouldNotBeEmpty($"{file}: a StaticError case must name at least one diagnostic");

        var compilation = Compilation.FromFile(entry.FullPath, s_options);
        var root = compilation.Files[0].Root.Source;

        var actual = compilation.Diagnostics
            .Select(d => new Actual(
                new ExpectedDiagnostic(d.Code, d.Line, d.Column, ReferenceEquals(d.Span.Source, root) ? null : d.Path),
                d.ToString()))
            .ToList();
        var actualKeys = actual.Select(a => a.Key).ToHashSet();
        var expectedKeys = header.Expected.ToHashSet();

        if (actualKeys.SetEquals(expectedKeys) && actual.Count == actualKeys.Count) return;

        var message = new StringBuilder();
        message.AppendLine(CultureInfo.InvariantCulture, $"{file}: the diagnostics differ from the header's expectations.");
        message.AppendLine("expected:");
        if (header.Expected.Count == 0) message.AppendLine("  (none)");
        foreach (var e in header.Expected)
            message.AppendLine(CultureInfo.InvariantCulture, $"  {(actualKeys.Contains(e) ? "  " : "- ")}{e}");
        message.AppendLine("actual:");
        if (actual.Count == 0) message.AppendLine("  (none)");
        foreach (var a in actual)
            message.AppendLine(CultureInfo.InvariantCulture, $"  {(expectedKeys.Contains(a.Key) ? "  " : "+ ")}{a.Key}    {a.Text}");
        message.AppendLine("(- expected but not reported, + reported but not expected)");
        Assert.Fail(message.ToString());
    }

    [Fact]
    public void Every_diagnostic_code_has_a_StaticError_case()
    {
        var covered = Corpus.Files
            .Where(f => f.Folder == StaticErrorFolder)
            .SelectMany(f => f.Header.Expected)
            .Select(e => e.Code)
            .ToHashSet(StringComparer.Ordinal);
        var missing = DiagnosticCodes.All.Select(d => d.Code).Where(c => !covered.Contains(c)).ToList();
        missing.ShouldBeEmpty("codes without a case in tests/Conformance/StaticError: " + string.Join(", ", missing));
    }

    [Fact]
    public void Every_expected_code_exists_in_the_catalogue()
    {
        var known = DiagnosticCodes.All.Select(d => d.Code).ToHashSet(StringComparer.Ordinal);
        var unknown = Corpus.Files
            .SelectMany(f => f.Header.Expected.Select(e => (f.RelativePath, e.Code)))
            .Where(x => !known.Contains(x.Code))
            .Select(x => $"{x.RelativePath}: {x.Code}")
            .ToList();
        unknown.ShouldBeEmpty("headers name codes that DiagnosticCodes does not define:\n" + string.Join("\n", unknown));
    }

    [Fact]
    public void The_corpus_has_at_least_80_cases()
    {
        Corpus.Files.Count.ShouldBeGreaterThanOrEqualTo(80);
        Corpus.Files.Count(f => f.Folder == CorrectFolder).ShouldBeGreaterThanOrEqualTo(45);
        Corpus.Files.Count(f => f.Folder == StaticErrorFolder).ShouldBeGreaterThanOrEqualTo(50);
    }

    [Fact]
    public void Every_case_says_what_it_covers()
    {
        var without = Corpus.Files.Where(f => !f.Header.HasCovers).Select(f => f.RelativePath).ToList();
        without.ShouldBeEmpty("cases without a '// covers:' line: " + string.Join(", ", without));
    }

    /// <summary>
    /// One corpus file by its path relative to <c>tests/Conformance</c>. Serializable, so each file is
    /// its own test case; <see cref="ToString"/> gives the display name in full (strings would be cut).
    /// </summary>
    public sealed class ConformanceCase : IXunitSerializable
    {
        public ConformanceCase() { }

        public ConformanceCase(string relativePath) => RelativePath = relativePath;

        public string RelativePath { get; private set; } = "";

        public void Serialize(IXunitSerializationInfo info) => info.AddValue(nameof(RelativePath), RelativePath);

        public void Deserialize(IXunitSerializationInfo info) => RelativePath = info.GetValue<string>(nameof(RelativePath));

        public override string ToString() => RelativePath;
    }

    private sealed record Actual(ExpectedDiagnostic Key, string Text);

    /// <summary>A diagnostic by code and 1-based position; <see cref="File"/> is set only for one in an imported file.</summary>
    private sealed record ExpectedDiagnostic(string Code, int Line, int Column, string? File = null)
    {
        public override string ToString() =>
            File is null ? $"{Code} at {Line}:{Column}" : $"{Code} at {Line}:{Column} in {File}";
    }

    private sealed record Header(bool HasExpect, bool IsOk, IReadOnlyList<ExpectedDiagnostic> Expected, bool HasCovers, IReadOnlyList<string> Problems);

    private sealed record CorpusFile(string Folder, string RelativePath, string FullPath, Header Header);

    /// <summary>The corpus files, found once from the repository root.</summary>
    private static class Corpus
    {
        // Declared before Files: static fields are initialized in textual order.
        private static readonly Regex s_expectation = new(
            @"^(?<code>DS\d{4})\s+at\s+(?<line>\d+):(?<column>\d+)$", RegexOptions.CultureInvariant);

        public static IReadOnlyList<CorpusFile> Files { get; } = Load();

        private static IReadOnlyList<CorpusFile> Load()
        {
            string conformance = Path.Combine(FindRepositoryRoot(), "tests", "Conformance");
            var files = new List<CorpusFile>();
            foreach (string folder in new[] { CorrectFolder, StaticErrorFolder })
            {
                string dir = Path.Combine(conformance, folder);
                if (!Directory.Exists(dir)) continue;
                foreach (string path in Directory.EnumerateFiles(dir, "*.drv", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
                {
                    string relative = Path.GetRelativePath(conformance, path).Replace('\\', '/');
                    var header = ReadHeader(path);
                    bool helper = relative.Split('/').Contains("lib");
                    if (helper && !header.HasExpect) continue;
                    files.Add(new CorpusFile(folder, relative, path, header));
                }
            }
            return files;
        }

        private static string FindRepositoryRoot()
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "DriverScript.sln"))) dir = dir.Parent;
            return dir?.FullName ?? throw new InvalidOperationException(
                $"cannot find DriverScript.sln above {AppContext.BaseDirectory}");
        }

        /// <summary>Reads the leading comment lines. The bytes are decoded leniently: a case may hold invalid UTF-8 after its header.</summary>
        private static Header ReadHeader(string path)
        {
            bool sawExpect = false, ok = false, covers = false;
            var expected = new List<ExpectedDiagnostic>();
            var problems = new List<string>();
            string text = Encoding.UTF8.GetString(File.ReadAllBytes(path));
            foreach (string raw in text.Split('\n'))
            {
                string line = raw.TrimEnd('\r').Trim();
                if (!line.StartsWith("//", StringComparison.Ordinal)) break;
                string comment = line[2..].Trim();
                if (comment.StartsWith("covers:", StringComparison.Ordinal)) { covers = true; continue; }
                if (!comment.StartsWith("expect:", StringComparison.Ordinal)) continue;
                sawExpect = true;
                foreach (string item in comment["expect:".Length..].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
                {
                    if (item == "ok") { ok = true; continue; }
                    var m = s_expectation.Match(item);
                    if (!m.Success)
                    {
                        problems.Add($"cannot read the expectation '{item}' (write 'ok' or 'DS1234 at LINE:COLUMN')");
                        continue;
                    }
                    expected.Add(new ExpectedDiagnostic(m.Groups["code"].Value,
                        int.Parse(m.Groups["line"].Value, CultureInfo.InvariantCulture),
                        int.Parse(m.Groups["column"].Value, CultureInfo.InvariantCulture)));
                }
            }
            if (ok && expected.Count > 0) problems.Add("'expect: ok' together with expected diagnostics");
            if (!sawExpect) problems.Add("no '// expect:' line at the top of the file");
            return new Header(sawExpect, ok, expected, covers, problems);
        }
    }
}

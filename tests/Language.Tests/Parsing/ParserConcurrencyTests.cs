using System.Collections;
using System.Collections.Immutable;
using System.Reflection;
using System.Text;
using DriverScript.Language.Parsing;
using DriverScript.Language.Text;

namespace DriverScript.Language.Tests.Parsing;

/// <summary>
/// The grammar is built once and shared; per-parse state (the token buffer, the table of names,
/// the operator stacks, the recovery context) lives on the parsing thread. Parsing the same files
/// on many threads at once must give exactly what parsing them one at a time gives.
/// </summary>
public class ParserConcurrencyTests
{
    [Fact]
    public void Parsing_on_many_threads_at_once_gives_the_same_trees_and_diagnostics()
    {
        var files = Directory.GetFiles(Path.Combine(RepoPaths.Root, "tests", "Conformance"), "*.drv", SearchOption.AllDirectories)
            .Concat(Directory.GetFiles(Path.Combine(RepoPaths.Root, "examples"), "*.drv", SearchOption.AllDirectories))
            .OrderBy(p => p, StringComparer.Ordinal)
            .Select(File.ReadAllText)
            .ToArray();
        files.Length.ShouldBeGreaterThan(50);
        // Mistakes too, so recovery runs concurrently as well.
        files = files.Concat(files.Take(40).Select(f => f.Replace(";", " ;;)", StringComparison.Ordinal))).ToArray();
        var expected = files.Select(Render).ToArray();
        var actual = new string[files.Length * 4];
        Parallel.For(0, actual.Length, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i => actual[i] = Render(files[i % files.Length]));
        for (int i = 0; i < actual.Length; i++) actual[i].ShouldBe(expected[i % files.Length]);
    }

    private static string Render(string text)
    {
        var result = Parser.Parse(new SourceText("t.drv", text));
        var sb = new StringBuilder();
        foreach (var d in result.Diagnostics) sb.Append(d).Append('\n');
        Write(sb, result.Root);
        return sb.ToString();
    }

    /// <summary>Every public property of every node, recursively.</summary>
    private static void Write(StringBuilder sb, object? value)
    {
        switch (value)
        {
            case null: sb.Append("null "); return;
            case string s: sb.Append('"').Append(s).Append("\" "); return;
            case SourceSpan span: sb.Append('@').Append(span.Start).Append(':').Append(span.Length).Append(' '); return;
            case SourceText: return;
            case ImmutableArray<byte> bytes: sb.Append(bytes.IsDefault ? "default" : Convert.ToHexString(bytes.AsSpan())).Append(' '); return;
        }
        var type = value.GetType();
        if (type.IsPrimitive || type.IsEnum) { sb.Append(value).Append(' '); return; }
        if (value is IEnumerable items)
        {
            sb.Append('[');
            foreach (var item in items) Write(sb, item);
            sb.Append("] ");
            return;
        }
        sb.Append(type.Name).Append('(');
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).OrderBy(p => p.Name, StringComparer.Ordinal))
        {
            if (property.Name == "EqualityContract" || property.GetIndexParameters().Length > 0) continue;
            Write(sb, property.GetValue(value));
        }
        sb.Append(") ");
    }
}

using System.Text;
using System.Text.Json;

namespace DriverScript.Language.Diagnostics;

/// <summary>
/// Renders diagnostics for people (MSBuild canonical line, the source line, a caret under the
/// span — LANGUAGE.md §13) and for tools (JSON).
/// </summary>
public static class DiagnosticFormatter
{
    /// <summary>
    /// <code>
    /// examples/echo.drv(14,20): error DS1003: cannot convert 'u64' to 'u32' without 'as'
    ///     let n: u32 = total;
    ///                  ^^^^^
    /// </code>
    /// </summary>
    public static string Format(Diagnostic diagnostic)
    {
        var sb = new StringBuilder();
        sb.Append(diagnostic.ToString()).Append('\n');
        var (line, column) = diagnostic.Span.StartPosition;
        string text = diagnostic.Span.Source.GetLine(line);
        if (text.Trim().Length == 0 && diagnostic.Span.Length == 0 && column == 1 && line > 1)
            return sb.ToString(); // an error at the end of the file has no line to show
        int indent = text.Length - text.TrimStart().Length;
        // One character per column: a tab shows as a space, other control characters as '?'.
        string shown = string.Create(text.TrimStart().Length, text.TrimStart(), static (span, line) =>
        {
            for (int i = 0; i < line.Length; i++)
                span[i] = line[i] == '\t' ? ' ' : char.IsControl(line[i]) ? '?' : line[i];
        });
        int caretColumn = Math.Max(0, column - 1 - indent);
        var (endLine, endColumn) = diagnostic.Span.EndPosition;
        int width = endLine == line ? endColumn - column : text.Length - (column - 1);
        width = Math.Clamp(width, 1, Math.Max(1, shown.Length - caretColumn));
        sb.Append("    ").Append(shown).Append('\n');
        sb.Append("    ").Append(' ', caretColumn).Append('^', width).Append('\n');
        return sb.ToString();
    }

    /// <summary>A JSON document: <c>{"diagnostics":[{file,line,column,endLine,endColumn,severity,code,message}],"errors":n,"warnings":n}</c>.</summary>
    public static string FormatJson(IEnumerable<Diagnostic> diagnostics)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            int errors = 0, warnings = 0;
            json.WriteStartObject();
            json.WriteStartArray("diagnostics");
            foreach (var d in diagnostics)
            {
                if (d.IsError) errors++; else warnings++;
                var (line, column) = d.Span.StartPosition;
                var (endLine, endColumn) = d.Span.EndPosition;
                json.WriteStartObject();
                json.WriteString("file", d.Path);
                json.WriteNumber("line", line);
                json.WriteNumber("column", column);
                json.WriteNumber("endLine", endLine);
                json.WriteNumber("endColumn", endColumn);
                json.WriteString("severity", d.IsError ? "error" : "warning");
                json.WriteString("code", d.Code);
                json.WriteString("message", d.Message);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteNumber("errors", errors);
            json.WriteNumber("warnings", warnings);
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }
}

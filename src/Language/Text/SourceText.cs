namespace DriverScript.Language.Text;

/// <summary>
/// The text of one source file with a line index, so spans can be turned into
/// 1-based line and column numbers (a tab counts as one column).
/// </summary>
public sealed class SourceText
{
    private readonly int[] _lineStarts;

    public SourceText(string path, string text)
    {
        Path = path;
        Text = text;
        _lineStarts = ComputeLineStarts(text);
    }

    /// <summary>The path as given by the user (used verbatim in diagnostics).</summary>
    public string Path { get; }

    public string Text { get; }

    public int LineCount => _lineStarts.Length;

    /// <summary>The 1-based line and column of a character offset.</summary>
    public (int Line, int Column) GetLineColumn(int offset)
    {
        offset = Math.Clamp(offset, 0, Text.Length);
        int index = Array.BinarySearch(_lineStarts, offset);
        if (index < 0) index = ~index - 1;
        return (index + 1, offset - _lineStarts[index] + 1);
    }

    /// <summary>The text of a 1-based line without its line terminator.</summary>
    public string GetLine(int line)
    {
        if (line < 1 || line > _lineStarts.Length) return string.Empty;
        int start = _lineStarts[line - 1];
        int end = line < _lineStarts.Length ? _lineStarts[line] : Text.Length;
        while (end > start && (Text[end - 1] == '\n' || Text[end - 1] == '\r')) end--;
        return Text.Substring(start, end - start);
    }

    public SourceSpan Span(int start, int length) => new(this, start, length);

    private static int[] ComputeLineStarts(string text)
    {
        var span = text.AsSpan();
        if (span.IndexOf('\r') < 0)
        {
            // Only '\n' line breaks (the usual case): count them, then fill an array of the exact size.
            var starts = new int[span.Count('\n') + 1];
            int line = 0;
            int pos = 0;
            while (span.Slice(pos).IndexOf('\n') is var at and >= 0)
            {
                pos += at + 1;
                starts[++line] = pos;
            }
            return starts;
        }
        var list = new List<int> { 0 };
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (c == '\r')
            {
                if (i + 1 < text.Length && text[i + 1] == '\n') i++;
                list.Add(i + 1);
            }
            else if (c == '\n')
            {
                list.Add(i + 1);
            }
        }
        return list.ToArray();
    }

    public override string ToString() => Path;
}

/// <summary>A range of characters in a source file. Every syntax node and diagnostic has one.</summary>
public readonly record struct SourceSpan(SourceText Source, int Start, int Length)
{
    public int End => Start + Length;

    public string Path => Source.Path;

    public (int Line, int Column) StartPosition => Source.GetLineColumn(Start);

    public (int Line, int Column) EndPosition => Source.GetLineColumn(End);

    public int Line => StartPosition.Line;

    public int Column => StartPosition.Column;

    /// <summary>The smallest span covering both.</summary>
    public SourceSpan To(SourceSpan other)
    {
        int start = Math.Min(Start, other.Start);
        int end = Math.Max(End, other.End);
        return new SourceSpan(Source, start, end - start);
    }

    /// <summary>An empty span just after this one (where a missing token is reported).</summary>
    public SourceSpan AfterEnd() => new(Source, End, 0);

    public override string ToString()
    {
        var (line, col) = StartPosition;
        return $"{Path}({line},{col})";
    }

    public bool Equals(SourceSpan other) =>
        ReferenceEquals(Source, other.Source) && Start == other.Start && Length == other.Length;

    public override int GetHashCode() => HashCode.Combine(Start, Length);
}

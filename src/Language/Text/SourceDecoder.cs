using System.Text;
using DriverScript.Language.Diagnostics;

namespace DriverScript.Language.Text;

/// <summary>
/// Turns a file's bytes into text. Source is UTF-8 (LANGUAGE.md §2); anything else, including
/// binary data, is DS0007 at the first byte that is not valid text, never an exception.
/// </summary>
public static class SourceDecoder
{
    private static readonly UTF8Encoding s_strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static SourceText Decode(string path, ReadOnlySpan<byte> bytes, out Diagnostic? error)
    {
        error = null;
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF])) bytes = bytes[3..];
        int bad = FirstInvalid(bytes, out string why);
        if (bad < 0)
            return new SourceText(path, s_strict.GetString(bytes));
        // Keep the valid prefix so the position of the bad byte can be shown as a line and column.
        var text = new SourceText(path, s_strict.GetString(bytes[..bad]));
        error = DiagnosticCodes.InvalidEncoding.Create(text.Span(text.Text.Length, 0), why);
        return text;
    }

    private static int FirstInvalid(ReadOnlySpan<byte> bytes, out string why)
    {
        var chars = new char[bytes.Length];
        var status = System.Text.Unicode.Utf8.ToUtf16(bytes, chars, out int read, out _, replaceInvalidSequences: false, isFinalBlock: true);
        int invalid = status == System.Buffers.OperationStatus.Done ? -1 : read;
        int nul = bytes.IndexOf((byte)0);
        if (nul >= 0 && (invalid < 0 || nul < invalid))
        {
            why = $"a NUL byte at offset {nul}; is this a binary file?";
            return nul;
        }
        why = invalid < 0 ? "" : $"the byte 0x{bytes[invalid]:X2} at offset {invalid} is not valid UTF-8";
        return invalid;
    }
}

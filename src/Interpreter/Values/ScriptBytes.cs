using System.Collections.Immutable;
using DriverScript.Language.Symbols;

namespace DriverScript.Interpreter;

/// <summary>
/// An immutable DriverScript <c>bytes</c> value. Slices share the underlying array (the language has
/// no way to change bytes in place, so sharing is safe); equality is by content.
/// </summary>
/// <example>
/// <code>
/// var data = ScriptBytes.From(new byte[] { 0x68, 0x69 });
/// data.Span.ToArray();        // { 0x68, 0x69 }
/// data.ToString();            // b"hi"
/// </code>
/// </example>
public sealed class ScriptBytes : IEquatable<ScriptBytes>
{
    private readonly byte[] _array;
    private readonly int _offset;

    private ScriptBytes(byte[] array, int offset, int length)
    {
        _array = array;
        _offset = offset;
        Length = length;
    }

    public static ScriptBytes Empty { get; } = new(Array.Empty<byte>(), 0, 0);

    public int Length { get; }

    public ReadOnlySpan<byte> Span => new(_array, _offset, Length);

    public ReadOnlyMemory<byte> Memory => new(_array, _offset, Length);

    public byte this[int index] => _array[_offset + index];

    /// <summary>A copy of <paramref name="data"/>.</summary>
    public static ScriptBytes From(ReadOnlySpan<byte> data) => data.Length == 0 ? Empty : new(data.ToArray(), 0, data.Length);

    public static ScriptBytes From(ImmutableArray<byte> data) => From(data.AsSpan());

    /// <summary>Takes ownership of <paramref name="array"/>: the caller must not change it afterwards.</summary>
    internal static ScriptBytes Wrap(byte[] array) => array.Length == 0 ? Empty : new(array, 0, array.Length);

    /// <summary>A slice sharing this value's storage (bounds already checked).</summary>
    internal ScriptBytes Slice(int start, int length) =>
        length == Length ? this : length == 0 ? Empty : new(_array, _offset + start, length);

    public bool Equals(ScriptBytes? other) => other is not null && Span.SequenceEqual(other.Span);

    public override bool Equals(object? obj) => Equals(obj as ScriptBytes);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.AddBytes(Span);
        return hash.ToHashCode();
    }

    /// <summary>As a byte-string literal: <c>b"ab\x00"</c>.</summary>
    public override string ToString() => "b\"" + BuiltinNames.EscapeBytes(Span) + "\"";
}

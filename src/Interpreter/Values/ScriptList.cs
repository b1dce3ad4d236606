using DriverScript.Language.Symbols;

namespace DriverScript.Interpreter;

/// <summary>
/// A DriverScript <c>list&lt;T&gt;</c>: growable, mutable, compared by content. Lists of scalars
/// keep their elements unboxed (<see cref="ScalarList"/>); others keep references (<see cref="RefList"/>).
/// </summary>
/// <example>
/// <code>
/// var run = script.Run();
/// var seen = (ScriptList)run.Globals["seen"].Value.Ref!;
/// seen.Count;        // 3
/// seen[0].Bits;      // 16
/// </code>
/// </example>
public abstract class ScriptList : IEquatable<ScriptList>
{
    private protected ScriptList(TypeSymbol elementType) => ElementType = elementType;

    /// <summary>The element type (<c>u8</c> for a <c>list&lt;u8&gt;</c>).</summary>
    public TypeSymbol ElementType { get; }

    public abstract int Count { get; }

    public abstract ScriptValue this[int index] { get; }

    /// <summary>Bytes a list with <paramref name="capacity"/> slots holds, for the memory limit.</summary>
    internal static long SizeOf(int capacity) => 32 + 8L * capacity;

    internal abstract ScriptList CloneRange(int start, int length);

    public abstract bool Equals(ScriptList? other);

    public override bool Equals(object? obj) => Equals(obj as ScriptList);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        for (int i = 0; i < Count; i++) hash.Add(this[i]);
        return hash.ToHashCode();
    }

    public override string ToString() => ValueFormatter.FormatObject(this);
}

/// <summary>A list whose elements are scalars, held unboxed.</summary>
public sealed class ScalarList : ScriptList
{
    internal ulong[] Items;
    internal int Length;

    internal ScalarList(TypeSymbol elementType, int capacity) : base(elementType) =>
        Items = capacity == 0 ? Array.Empty<ulong>() : new ulong[capacity];

    public override int Count => Length;

    public override ScriptValue this[int index] => (uint)index < (uint)Length ? ScriptValue.FromScalar(Items[index]) : throw new ArgumentOutOfRangeException(nameof(index));

    /// <summary>Adds an element; returns the bytes newly allocated (0 unless the storage grew).</summary>
    internal long Push(ulong value)
    {
        long grown = 0;
        if (Length == Items.Length)
        {
            int capacity = Math.Max(4, Items.Length * 2);
            Array.Resize(ref Items, capacity);
            grown = 8L * capacity;
        }
        Items[Length++] = value;
        return grown;
    }

    internal ulong Pop() => Items[--Length];

    internal override ScriptList CloneRange(int start, int length)
    {
        var copy = new ScalarList(ElementType, length);
        Array.Copy(Items, start, copy.Items, 0, length);
        copy.Length = length;
        return copy;
    }

    public override bool Equals(ScriptList? other) =>
        other is ScalarList s && s.Length == Length && Items.AsSpan(0, Length).SequenceEqual(s.Items.AsSpan(0, Length));
}

/// <summary>A list whose elements are references (strings, bytes, lists, optionals, handles).</summary>
public sealed class RefList : ScriptList
{
    internal object?[] Items;
    internal int Length;

    internal RefList(TypeSymbol elementType, int capacity) : base(elementType) =>
        Items = capacity == 0 ? Array.Empty<object?>() : new object?[capacity];

    public override int Count => Length;

    public override ScriptValue this[int index] => (uint)index < (uint)Length ? ScriptValue.FromRef(Items[index]) : throw new ArgumentOutOfRangeException(nameof(index));

    internal long Push(object? value)
    {
        long grown = 0;
        if (Length == Items.Length)
        {
            int capacity = Math.Max(4, Items.Length * 2);
            Array.Resize(ref Items, capacity);
            grown = 8L * capacity;
        }
        Items[Length++] = value;
        return grown;
    }

    internal object? Pop()
    {
        var value = Items[--Length];
        Items[Length] = null;
        return value;
    }

    internal override ScriptList CloneRange(int start, int length)
    {
        var copy = new RefList(ElementType, length);
        Array.Copy(Items, start, copy.Items, 0, length);
        copy.Length = length;
        return copy;
    }

    public override bool Equals(ScriptList? other)
    {
        if (other is not RefList r || r.Length != Length) return false;
        for (int i = 0; i < Length; i++)
            if (!ValueEquality.AreEqual(Items[i], r.Items[i])) return false;
        return true;
    }
}

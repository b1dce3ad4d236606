namespace DriverScript.Interpreter;

/// <summary><c>==</c> on reference values (§3): strings ordinally, bytes and lists by content, optionals by their value, handles by identity.</summary>
public static class ValueEquality
{
    public static bool AreEqual(object? a, object? b)
    {
        if (ReferenceEquals(a, b)) return true;
        if (a is null || b is null) return false;
        return a switch
        {
            string s => b is string t && string.Equals(s, t, StringComparison.Ordinal),
            ScriptBytes x => x.Equals(b as ScriptBytes),
            ScriptList l => l.Equals(b as ScriptList),
            ScalarBox box => b is ScalarBox other && box.Bits == other.Bits,
            _ => a.Equals(b),
        };
    }

    public static int GetHashCode(object value) => value switch
    {
        string s => StringComparer.Ordinal.GetHashCode(s),
        _ => value.GetHashCode(),
    };
}

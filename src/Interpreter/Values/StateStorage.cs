using DriverScript.Language.Symbols;

namespace DriverScript.Interpreter;

/// <summary>
/// The fields of a device context (<c>state { }</c>) or of a hardware model's own state: field
/// <see cref="StateFieldSymbol.Index"/> lives in <see cref="Scalars"/> or <see cref="Refs"/> by its type.
/// Created by <see cref="ScriptExecution.CreateState"/>; the runtime keeps one per device or model instance.
/// </summary>
/// <example>
/// <code>
/// var state = execution.CreateState(device.StateFields);
/// state.Get(device.StateFields[0]).Bits;   // the initial value of the first field
/// </code>
/// </example>
public sealed class StateStorage
{
    public StateStorage(int size)
    {
        Scalars = new ulong[size];
        Refs = new object?[size];
    }

    internal readonly ulong[] Scalars;
    internal readonly object?[] Refs;

    public int Size => Scalars.Length;

    /// <summary>A larger copy (a REPL session's globals when a submission declares more).</summary>
    internal StateStorage CopyResized(int size)
    {
        var copy = new StateStorage(size);
        Array.Copy(Scalars, copy.Scalars, Scalars.Length);
        Array.Copy(Refs, copy.Refs, Refs.Length);
        return copy;
    }

    public ScriptValue Get(StateFieldSymbol field) =>
        ValueLayout.IsScalar(field.Type) ? ScriptValue.FromScalar(Scalars[field.Index]) : ScriptValue.FromRef(Refs[field.Index]);

    public void Set(StateFieldSymbol field, ScriptValue value)
    {
        if (ValueLayout.IsScalar(field.Type)) Scalars[field.Index] = value.Bits;
        else Refs[field.Index] = value.Ref;
    }
}

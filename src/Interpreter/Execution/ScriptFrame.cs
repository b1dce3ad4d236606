using DriverScript.Language.Text;

namespace DriverScript.Interpreter;

/// <summary>
/// The activation of one function, callback, test or top level: its slots (a <c>ulong</c> bank for
/// scalars and an <c>object?</c> bank for references, both indexed by <c>LocalSymbol.Slot</c>), the
/// device context or hardware-model state it runs against, and the runtime's device instance.
/// </summary>
public sealed class ScriptFrame
{
    internal ulong[] S;
    internal object?[] R;
    internal ulong ReturnScalar;
    internal object? ReturnRef;

    internal ScriptFrame(ScriptExecution execution, int size)
    {
        Execution = execution;
        S = size == 0 ? Array.Empty<ulong>() : new ulong[size];
        R = size == 0 ? Array.Empty<object?>() : new object?[size];
    }

    /// <summary>The run this frame belongs to (limits, output, the runtime).</summary>
    public ScriptExecution Execution { get; }

    /// <summary><c>self</c> in device code, the model's own state in hardware code; null in tests and top-level code.</summary>
    public StateStorage? State { get; internal set; }

    /// <summary>The runtime's object for the device or model instance the code runs for (opaque to the interpreter).</summary>
    public object? Device { get; internal set; }

    internal StateStorage StateOrThrow(SourceSpan span) =>
        State ?? throw new InvalidOperationException($"{span}: state accessed by code that was run without a device context");

    /// <summary>A copy of the slots, for a block that runs later (<c>after</c>).</summary>
    internal ScriptFrame Snapshot()
    {
        var copy = new ScriptFrame(Execution, 0)
        {
            S = (ulong[])S.Clone(),
            R = (object?[])R.Clone(),
            State = State,
            Device = Device,
        };
        return copy;
    }
}

/// <summary>Frames of one function, one per recursion level, reused from call to call within an execution.</summary>
internal sealed class FramePool
{
    private ScriptFrame?[] _frames = new ScriptFrame?[4];
    private int _top;

    public ScriptFrame Rent(ScriptExecution execution, int size)
    {
        if (_top == _frames.Length) Array.Resize(ref _frames, _frames.Length * 2);
        var frame = _frames[_top] ??= new ScriptFrame(execution, size);
        _top++;
        return frame;
    }

    public void Release() => _top--;
}

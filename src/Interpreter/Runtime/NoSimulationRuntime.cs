using System.Text;
using DriverScript.Language.Binding;
using DriverScript.Language.Symbols;

namespace DriverScript.Interpreter;

/// <summary>
/// The runtime of a run without a simulated machine: virtual time stands at 0 (<c>now()</c> is
/// <c>0ns</c>), <c>log</c> writes to <see cref="RunOptions.Log"/>, and every operation that needs the
/// framework, hardware or host simulation stops the run with DS3007 at its location. Methods are
/// virtual so a test can replace one operation.
/// </summary>
/// <example>
/// <code>
/// var run = script.Run(new RunOptions { RuntimeFactory = _ => new NoSimulationRuntime() });
/// </code>
/// </example>
public class NoSimulationRuntime : IDriverRuntime
{
    public virtual ScriptValue Invoke(RuntimeSite<BoundIntrinsicCall> site, ScriptFrame frame, ScriptValue receiver, ReadOnlySpan<ScriptValue> arguments)
    {
        switch (site.Node.Intrinsic)
        {
            case Intrinsic.Now:
                return ScriptValue.FromScalar(0);
            case Intrinsic.Log:
            {
                var log = frame.Execution.Log;
                if (log is null) return default;
                var sb = new StringBuilder();
                for (int i = 0; i < arguments.Length; i++)
                {
                    if (i > 0) sb.Append(' ');
                    ValueFormatter.Append(sb, arguments[i], site.Node.Arguments[i].Type);
                }
                log.WriteLine(sb.ToString());
                return default;
            }
            default:
                throw NeedsSimulation(site.Node.Intrinsic.Info().Name, site.Span);
        }
    }

    public virtual ScriptValue Plug(RuntimeSite<BoundPlug> site, ScriptFrame frame) => throw NeedsSimulation("plug", site.Span);

    public virtual ScriptValue GetDeviceObject(RuntimeSite<BoundDeviceObject> site, ScriptFrame frame) =>
        throw NeedsSimulation(site.Node.Symbol.Name, site.Span);

    public virtual StateStorage GetDeviceState(RuntimeSite<BoundHostStateField> site, ScriptFrame frame, ScriptValue device) =>
        throw NeedsSimulation("dev.state", site.Span);

    public virtual ulong ReadRegister(RuntimeSite<BoundRegisterAccess> site, ScriptFrame frame, ScriptValue device) =>
        throw NeedsSimulation(site.Node.Register.Name, site.Span);

    public virtual void WriteRegister(RuntimeSite<BoundRegisterAccess> site, ScriptFrame frame, ScriptValue device, ulong value) =>
        throw NeedsSimulation(site.Node.Register.Name, site.Span);

    public virtual ScriptBytes ReadMemory(RuntimeSite<BoundMemoryAccess> site, ScriptFrame frame, ScriptValue device) =>
        throw NeedsSimulation(site.Node.Memory.Name, site.Span);

    public virtual void WriteMemory(RuntimeSite<BoundMemoryAccess> site, ScriptFrame frame, ScriptValue device, ulong offset, ScriptBytes data) =>
        throw NeedsSimulation(site.Node.Memory.Name, site.Span);

    public virtual object? EnterLock(RuntimeSite<BoundWith> site, ScriptFrame frame, ScriptValue lockHandle) => throw NeedsSimulation("with", site.Span);

    public virtual void ExitLock(RuntimeSite<BoundWith> site, ScriptFrame frame, object? token)
    {
    }

    public virtual void ScheduleAfter(RuntimeSite<BoundAfter> site, ScriptFrame frame, ulong delayNanoseconds, ScriptContinuation body) =>
        throw NeedsSimulation("after", site.Span);

    public virtual void Pulse(RuntimeSite<BoundPulse> site, ScriptFrame frame) => throw NeedsSimulation("pulse", site.Span);

    public virtual void ExpectBugcheck(RuntimeSite<BoundExpectBugcheck> site, ScriptFrame frame, uint code, ScriptContinuation body) =>
        throw NeedsSimulation("expect_bugcheck", site.Span);

    public virtual object CreateLock(StateFieldSymbol field) =>
        throw new ScriptRuntimeException(RuntimeErrorKind.NeedsSimulation, RuntimeDiagnostics.NeedsSimulation, field.DeclarationSpan!.Value, field.Type.Name);

    protected static ScriptRuntimeException NeedsSimulation(string operation, DriverScript.Language.Text.SourceSpan span) =>
        new(RuntimeErrorKind.NeedsSimulation, RuntimeDiagnostics.NeedsSimulation, span, operation);
}

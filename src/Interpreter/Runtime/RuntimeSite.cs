using DriverScript.Language.Binding;
using DriverScript.Language.Text;

namespace DriverScript.Interpreter;

/// <summary>
/// One place in a script where the interpreter hands an operation to the <see cref="IDriverRuntime"/>:
/// the bound node (symbols, types, intrinsic, span), created once when the code is prepared. The
/// runtime may keep its own per-site data in <see cref="RuntimeData"/> (a resolved register, say),
/// so the hot path needs no lookup by name or by node.
/// </summary>
/// <example>
/// <code>
/// public ulong ReadRegister(RuntimeSite&lt;BoundRegisterAccess&gt; site, ScriptFrame frame, ScriptValue device)
/// {
///     var register = site.RuntimeData as Register ?? (Register)(site.RuntimeData = Resolve(site.Node.Register));
///     return register.Read();
/// }
/// </code>
/// </example>
public sealed class RuntimeSite<TNode> where TNode : BoundNode
{
    internal RuntimeSite(TNode node) => Node = node;

    public TNode Node { get; }

    public SourceSpan Span => Node.Syntax.Span;

    /// <summary>Free for the runtime's own use; null until it sets it. Shared by every run of the script.</summary>
    public object? RuntimeData { get; set; }

    public override string ToString() => $"{Node.Kind} at {Span}";
}

/// <summary>
/// A block the runtime runs later or under its own control: an <c>after d { }</c> body (over a
/// snapshot of the frame that scheduled it) or an <c>expect_bugcheck(c) { }</c> body.
/// </summary>
public sealed class ScriptContinuation
{
    private readonly Nodes.Stmt _body;
    private readonly ScriptFrame _frame;

    internal ScriptContinuation(Nodes.Stmt body, ScriptFrame frame)
    {
        _body = body;
        _frame = frame;
    }

    public ScriptFrame Frame => _frame;

    /// <summary>Runs the block to its end (a <c>return</c> inside it ends it). Run-time errors and limits throw <see cref="ScriptRuntimeException"/>.</summary>
    public void Run() => _body.Execute(_frame);
}

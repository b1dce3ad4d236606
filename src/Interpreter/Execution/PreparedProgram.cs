using System.Collections.Concurrent;
using DriverScript.Interpreter.Nodes;
using DriverScript.Language.Binding;
using DriverScript.Language.Symbols;

namespace DriverScript.Interpreter;

/// <summary>Prepared code of one body: its root statement and the frame size (the binder's slots plus temporaries).</summary>
internal sealed class PreparedCode(Stmt body, int frameSize, Expr? expression = null)
{
    public Stmt Body { get; } = body;

    public int FrameSize { get; } = frameSize;

    /// <summary>For an expression prepared on its own (<c>locked when</c>, interrupt levels, state initializers).</summary>
    public Expr? Expression { get; } = expression;
}

/// <summary>A user function; its body is prepared on the first call (so recursion needs no forward references).</summary>
internal sealed class PreparedFunction(PreparedProgram program, FunctionSymbol symbol)
{
    private readonly PreparedProgram _program = program;

    public FunctionSymbol Symbol { get; } = symbol;

    public int Index => Symbol.Index;

    /// <summary>Null until prepared; then set once (a benign race: two threads build equal trees).</summary>
    public PreparedCode? Code;

    public PreparedCode Prepare() => Code ??= NodeBuilder.BuildBody(_program, Symbol.Body, Symbol.FrameSize, $"fn {Symbol.Name}");
}

/// <summary>
/// The prepared form of a <see cref="BoundProgram"/>, shared by every run of a script. Bodies are
/// prepared lazily, once, and are immutable afterwards, so runs on several threads may share them.
/// </summary>
internal sealed class PreparedProgram
{
    private readonly ConcurrentDictionary<object, PreparedCode> _code;

    /// <param name="program">The bound program.</param>
    /// <param name="previous">For a REPL submission, the program it extends: its prepared functions and bodies are reused.</param>
    public PreparedProgram(BoundProgram program, PreparedProgram? previous = null)
    {
        Program = program;
        _code = previous?._code ?? new(ReferenceEqualityComparer.Instance);
        Functions = new PreparedFunction[program.Functions.Length];
        for (int i = 0; i < Functions.Length; i++)
            Functions[i] = previous is not null && i < previous.Functions.Length && previous.Functions[i].Symbol == program.Functions[i]
                ? previous.Functions[i]
                : new PreparedFunction(this, program.Functions[i]);
    }

    public BoundProgram Program { get; }

    public PreparedFunction[] Functions { get; }

    public PreparedCode TopLevel => _code.GetOrAdd(Program.TopLevel, _ => NodeBuilder.BuildBody(this, Program.TopLevel, Program.TopLevelFrameSize, "top level"));

    public PreparedCode Test(BoundTest test) => _code.GetOrAdd(test, _ => NodeBuilder.BuildBody(this, test.Body, test.FrameSize, $"test {test.Name}"));

    public PreparedCode Callback(CallbackSymbol callback) => _code.GetOrAdd(callback, _ => NodeBuilder.BuildBody(this, callback.Body, callback.FrameSize, $"on {callback.DisplayName}"));

    public PreparedCode Expression(BoundExpression expression) => _code.GetOrAdd(expression, _ => NodeBuilder.BuildExpression(this, expression));
}

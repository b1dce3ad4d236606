using System.Diagnostics;
using System.Reflection;
using System.Reflection.Emit;
using DriverScript.Interpreter.Nodes;
using DriverScript.Language.Binding;
using DriverScript.Language.Symbols;
using DriverScript.Language.Text;

namespace DriverScript.Interpreter.Jit;

/// <summary>A compiled body: the collectible <see cref="DynamicMethod"/>, its delegate, and what it calls (for inspection).</summary>
internal sealed class CompiledBody
{
    internal CompiledBody(string name, Func<ScriptFrame, Completion> run, IReadOnlyList<MethodBase> callTargets, int ilSize, int fallbacks, TimeSpan compileTime)
    {
        Name = name;
        Run = run;
        CallTargets = callTargets;
        IlSize = ilSize;
        Fallbacks = fallbacks;
        CompileTime = compileTime;
    }

    public string Name { get; }

    public Func<ScriptFrame, Completion> Run { get; }

    /// <summary>Every method the generated IL calls (a test demands they are all the runtime's own).</summary>
    public IReadOnlyList<MethodBase> CallTargets { get; }

    public int IlSize { get; }

    /// <summary>Statements and expressions the compiled code hands to their prepared nodes.</summary>
    public int Fallbacks { get; }

    public TimeSpan CompileTime { get; }
}

/// <summary>The constants a compiled body uses (sites, nodes, spans), bound to the delegate as its first argument.</summary>
internal sealed class JitClosure(object?[] constants)
{
    public readonly object?[] Constants = constants;
}

/// <summary>
/// Compiles a bound body to IL (LANGUAGE.md §12). Scalar locals live in IL locals (so the .NET JIT
/// keeps them in registers); references stay in the frame. Everything is done with the same
/// primitives as the interpreter — the operator and width structs of <c>Nodes/Arithmetic.cs</c>,
/// the same step counting per statement and per loop back-edge, the same seam calls with the same
/// sites — so values, errors, locations, limits and traces are the same in both tiers. What the
/// compiler does not compile itself (strings, lists, <c>expect</c>, <c>with</c>, <c>after</c>, …)
/// runs through the prepared node the interpreter made for that bound node: the scalar locals are
/// written to the frame before and read back after, so the node sees and changes the same values.
/// </summary>
internal sealed class IlCompiler
{
    private static readonly Type[] s_parameters = [typeof(JitClosure), typeof(ScriptFrame)];

    private static readonly FieldInfo s_constants = typeof(JitClosure).GetField(nameof(JitClosure.Constants))!;
    private static readonly FieldInfo s_frameS = Field<ScriptFrame>(nameof(ScriptFrame.S));
    private static readonly FieldInfo s_frameR = Field<ScriptFrame>(nameof(ScriptFrame.R));
    private static readonly FieldInfo s_returnScalar = Field<ScriptFrame>(nameof(ScriptFrame.ReturnScalar));
    private static readonly FieldInfo s_returnRef = Field<ScriptFrame>(nameof(ScriptFrame.ReturnRef));
    private static readonly MethodInfo s_frameExecution = typeof(ScriptFrame).GetProperty(nameof(ScriptFrame.Execution))!.GetMethod!;
    private static readonly MethodInfo s_frameState = typeof(ScriptFrame).GetProperty(nameof(ScriptFrame.State))!.GetMethod!;
    private static readonly FieldInfo s_budget = Field<ScriptExecution>(nameof(ScriptExecution.Budget));
    private static readonly MethodInfo s_budgetExhausted = Method<ScriptExecution>(nameof(ScriptExecution.OnBudgetExhausted));
    private static readonly MethodInfo s_globals = typeof(ScriptExecution).GetProperty("Globals", BindingFlags.Instance | BindingFlags.NonPublic)!.GetMethod!;
    private static readonly MethodInfo s_runtime = typeof(ScriptExecution).GetProperty(nameof(ScriptExecution.Runtime))!.GetMethod!;
    private static readonly FieldInfo s_stateScalars = Field<StateStorage>(nameof(StateStorage.Scalars));
    private static readonly FieldInfo s_stateRefs = Field<StateStorage>(nameof(StateStorage.Refs));
    private static readonly MethodInfo s_readRegister = typeof(IDriverRuntime).GetMethod(nameof(IDriverRuntime.ReadRegister))!;
    private static readonly MethodInfo s_writeRegister = typeof(IDriverRuntime).GetMethod(nameof(IDriverRuntime.WriteRegister))!;
    private static readonly MethodInfo s_simReadRegister = typeof(SimulationRuntime).GetMethod(nameof(SimulationRuntime.ReadRegister))!;
    private static readonly MethodInfo s_simWriteRegister = typeof(SimulationRuntime).GetMethod(nameof(SimulationRuntime.WriteRegister))!;
    private static readonly MethodInfo s_getDeviceObject = typeof(IDriverRuntime).GetMethod(nameof(IDriverRuntime.GetDeviceObject))!;
    private static readonly MethodInfo s_enterLock = typeof(IDriverRuntime).GetMethod(nameof(IDriverRuntime.EnterLock))!;
    private static readonly MethodInfo s_exitLock = typeof(IDriverRuntime).GetMethod(nameof(IDriverRuntime.ExitLock))!;
    private static readonly MethodInfo s_pulse = typeof(IDriverRuntime).GetMethod(nameof(IDriverRuntime.Pulse))!;
    private static readonly MethodInfo s_stmtExecute = Method<Stmt>(nameof(Stmt.Execute));
    private static readonly MethodInfo s_exprEval = Method<Expr>(nameof(Expr.Eval));
    private static readonly MethodInfo s_exprEvalBool = Method<Expr>(nameof(Expr.EvalBool));
    private static readonly MethodInfo s_exprEvalRef = Method<Expr>(nameof(Expr.EvalRef));
    private static readonly MethodInfo s_exprExec = Method<Expr>(nameof(Expr.Exec));

    private readonly TieredBody _body;
    private readonly DynamicMethod _method;
    private readonly ILGenerator _il;
    private readonly List<object?> _constants = [];
    private readonly Dictionary<object, int> _constantIndex = new(ReferenceEqualityComparer.Instance);
    private readonly List<MethodBase> _callTargets = [];
    private readonly Dictionary<int, LocalBuilder> _scalarSlots = [];
    private readonly Stack<(Label Break, Label Continue, int TryDepth)> _loops = new();
    private int _tryDepth;
    private readonly Stack<List<(Label Landing, Label Target, int TargetTryDepth)>> _withExits = new();
    private LocalBuilder? _exitCompletion;
    private Label _exit;
    private readonly Dictionary<(int Index, Type Type), LocalBuilder> _hoisted = [];
    private readonly Dictionary<SourceSpan, SpanBox> _spans = [];
    private readonly Dictionary<BoundNode, object> _sites = new(ReferenceEqualityComparer.Instance);
    private readonly List<(LocalBuilder Local, int Index, Type Type)> _hoistOrder = [];
    private LocalBuilder _ctx = null!;
    private LocalBuilder _budget = null!;
    private bool _budgetLive;
    private LocalBuilder _state = null!;
    private LocalBuilder _runtime = null!;
    private LocalBuilder _simulation = null!;
    private int _fallbacks;

    private IlCompiler(TieredBody body)
    {
        _body = body;
        _method = new DynamicMethod("drv: " + body.Name, typeof(Completion), s_parameters, typeof(IlCompiler).Module, skipVisibility: true);
        _il = _method.GetILGenerator();
    }

    public static CompiledBody Compile(TieredBody body)
    {
        long start = Stopwatch.GetTimestamp();
        var compiler = new IlCompiler(body);
        compiler.EmitMethod();
        var closure = new JitClosure([.. compiler._constants]);
        var run = (Func<ScriptFrame, Completion>)compiler._method.CreateDelegate(typeof(Func<ScriptFrame, Completion>), closure);
        var elapsed = Stopwatch.GetElapsedTime(start);
        JitStatistics.RecordCompiled();
        return new CompiledBody(body.Name, run, compiler._callTargets, compiler._il.ILOffset, compiler._fallbacks, elapsed);
    }

    private static FieldInfo Field<T>(string name) =>
        typeof(T).GetField(name, BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic) ?? throw new MissingFieldException(typeof(T).Name, name);

    private static MethodInfo Method<T>(string name) =>
        typeof(T).GetMethod(name, BindingFlags.Instance | BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic) ?? throw new MissingMethodException(typeof(T).Name, name);

    private static MethodInfo Helper(string name) =>
        typeof(JitHelpers).GetMethod(name, BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic) ?? throw new MissingMethodException(nameof(JitHelpers), name);

    private static bool IsScalar(TypeSymbol type) => ValueLayout.IsScalar(type);

    // ================================================================== the method

    private void EmitMethod()
    {
        // Scalar locals: one IL local per slot the body uses, loaded from the frame on entry (the
        // parameters are there; the others hold what the interpreter would see).
        var collector = new SlotCollector();
        collector.VisitBlock(_body.Source);
        foreach (int slot in collector.Slots.Order())
        {
            if (slot < 0 || slot >= _body.FrameSize) throw new InvalidOperationException($"slot {slot} outside the frame of {_body.FrameSize}");
            _scalarSlots[slot] = _il.DeclareLocal(typeof(ulong));
        }
        _ctx = _il.DeclareLocal(typeof(ScriptExecution));
        _budget = _il.DeclareLocal(typeof(long));
        _state = _il.DeclareLocal(typeof(StateStorage));
        _runtime = _il.DeclareLocal(typeof(IDriverRuntime));
        _simulation = _il.DeclareLocal(typeof(SimulationRuntime));

        _exitCompletion = _il.DeclareLocal(typeof(Completion));
        _exit = _il.DefineLabel();

        var prologue = _il.DefineLabel();
        var start = _il.DefineLabel();
        _il.Emit(OpCodes.Br, prologue);
        _il.MarkLabel(start);
        _budgetLive = true;
        Block(_body.Source);
        _il.Emit(OpCodes.Ldc_I4, (int)Completion.Normal);
        Ret();

        // Where a return inside a `with` block's try leaves to.
        _il.MarkLabel(_exit);
        _il.Emit(OpCodes.Ldloc, _exitCompletion);
        Ret();
        _budgetLive = false;

        // The prologue is emitted last so it can load every constant the body hoisted.
        _il.MarkLabel(prologue);
        _il.Emit(OpCodes.Ldarg_1);
        Call(s_frameExecution, pure: true);
        _il.Emit(OpCodes.Stloc, _ctx);
        _il.Emit(OpCodes.Ldarg_1);
        Call(s_frameState, pure: true);
        _il.Emit(OpCodes.Stloc, _state);
        _il.Emit(OpCodes.Ldloc, _ctx);
        Call(s_runtime, pure: true);
        _il.Emit(OpCodes.Stloc, _runtime);
        _il.Emit(OpCodes.Ldloc, _runtime);
        _il.Emit(OpCodes.Isinst, typeof(SimulationRuntime));
        _il.Emit(OpCodes.Stloc, _simulation);
        Reload();
        _il.Emit(OpCodes.Ldloc, _ctx);
        _il.Emit(OpCodes.Ldfld, s_budget);
        _il.Emit(OpCodes.Stloc, _budget);
        foreach (var (local, index, type) in _hoistOrder)
        {
            LoadConstantSlow(index, type);
            _il.Emit(OpCodes.Stloc, local);
        }
        _il.Emit(OpCodes.Br, start);
    }

    /// <summary>
    /// Emits a call. The step budget lives in an IL local while the body runs; a call that may throw,
    /// run script code or read the step count gets it written back before and read again after, so
    /// <see cref="ScriptExecution.Steps"/> and the limits are exact wherever anything can observe them.
    /// <paramref name="pure"/> calls (width, comparison and value helpers that cannot throw) skip that.
    /// </summary>
    private void Call(MethodInfo method, bool pure = false)
    {
        _callTargets.Add(method);
        if (!pure) BudgetOut();
        _il.Emit(method.IsVirtual && !method.DeclaringType!.IsValueType ? OpCodes.Callvirt : OpCodes.Call, method);
        if (!pure) BudgetIn();
    }

    private void BudgetOut()
    {
        if (!_budgetLive) return;
        _il.Emit(OpCodes.Ldloc, _ctx);
        _il.Emit(OpCodes.Ldloc, _budget);
        _il.Emit(OpCodes.Stfld, s_budget);
    }

    private void BudgetIn()
    {
        if (!_budgetLive) return;
        _il.Emit(OpCodes.Ldloc, _ctx);
        _il.Emit(OpCodes.Ldfld, s_budget);
        _il.Emit(OpCodes.Stloc, _budget);
    }

    /// <summary><c>ret</c>, with the step budget written back first.</summary>
    private void Ret()
    {
        BudgetOut();
        _il.Emit(OpCodes.Ret);
    }

    // ------------------------------------------------------------------ constants

    private int ConstantIndex(object value)
    {
        if (!_constantIndex.TryGetValue(value, out int index))
        {
            index = _constants.Count;
            _constants.Add(value);
            _constantIndex[value] = index;
        }
        return index;
    }

    /// <summary>Loads a constant object through a local filled once by the prologue (no array access on the hot path).</summary>
    private void LoadConstant(object value, Type type)
    {
        int index = ConstantIndex(value);
        if (!_hoisted.TryGetValue((index, type), out var local))
        {
            local = _il.DeclareLocal(type);
            _hoisted[(index, type)] = local;
            _hoistOrder.Add((local, index, type));
        }
        _il.Emit(OpCodes.Ldloc, local);
    }

    private void LoadConstantSlow(int index, Type type)
    {
        _il.Emit(OpCodes.Ldarg_0);
        _il.Emit(OpCodes.Ldfld, s_constants);
        _il.Emit(OpCodes.Ldc_I4, index);
        _il.Emit(OpCodes.Ldelem_Ref);
        _il.Emit(type.IsValueType ? OpCodes.Unbox_Any : OpCodes.Castclass, type);
    }

    /// <summary>A source span for a rarely taken path (errors, limits): read from the constants when needed.</summary>
    private void LoadSpan(SourceSpan span)
    {
        if (!_spans.TryGetValue(span, out var box)) _spans[span] = box = new SpanBox(span);
        LoadConstantSlow(ConstantIndex(box), typeof(SpanBox));
        _il.Emit(OpCodes.Ldfld, SpanBox.SpanField);
    }

    /// <summary>The site of a seam call made by compiled code (one per bound node, like the prepared nodes').</summary>
    private RuntimeSite<TNode> Site<TNode>(TNode node) where TNode : BoundNode
    {
        if (!_sites.TryGetValue(node, out var site)) _sites[node] = site = new RuntimeSite<TNode>(node);
        return (RuntimeSite<TNode>)site;
    }

    // ------------------------------------------------------------------ the frame

    /// <summary>Writes the scalar locals to the frame (before a prepared node reads it).</summary>
    private void Spill()
    {
        foreach (var (slot, local) in _scalarSlots)
        {
            _il.Emit(OpCodes.Ldarg_1);
            _il.Emit(OpCodes.Ldfld, s_frameS);
            _il.Emit(OpCodes.Ldc_I4, slot);
            _il.Emit(OpCodes.Ldloc, local);
            _il.Emit(OpCodes.Stelem_I8);
        }
    }

    /// <summary>Reads the scalar locals back from the frame (after a prepared statement may have changed them).</summary>
    private void Reload()
    {
        foreach (var (slot, local) in _scalarSlots)
        {
            _il.Emit(OpCodes.Ldarg_1);
            _il.Emit(OpCodes.Ldfld, s_frameS);
            _il.Emit(OpCodes.Ldc_I4, slot);
            _il.Emit(OpCodes.Ldelem_I8);
            _il.Emit(OpCodes.Stloc, local);
        }
    }

    private LocalBuilder ScalarLocal(LocalSymbol local) =>
        _scalarSlots.TryGetValue(local.Slot, out var l) ? l : throw new InvalidOperationException($"local '{local.Name}' (slot {local.Slot}) was not collected");

    private void LoadRefSlot(int slot)
    {
        _il.Emit(OpCodes.Ldarg_1);
        _il.Emit(OpCodes.Ldfld, s_frameR);
        _il.Emit(OpCodes.Ldc_I4, slot);
        _il.Emit(OpCodes.Ldelem_Ref);
    }

    /// <summary>The device context (<c>self</c>), with the interpreter's error when the code runs without one.</summary>
    private void LoadState(SourceSpan span)
    {
        var ok = _il.DefineLabel();
        _il.Emit(OpCodes.Ldloc, _state);
        _il.Emit(OpCodes.Brtrue, ok);
        _il.Emit(OpCodes.Ldarg_1);
        LoadSpan(span);
        Call(Helper(nameof(JitHelpers.State)));
        _il.Emit(OpCodes.Pop);
        _il.MarkLabel(ok);
        _il.Emit(OpCodes.Ldloc, _state);
    }

    /// <summary>
    /// Pushes the bank and index of a global or a state field: <c>Globals.Scalars</c>/<c>Refs</c> or
    /// <c>self</c>'s, then the slot (for <c>ldelem</c>/<c>stelem</c>). A missing device context is
    /// reported at <c>stateSpan</c> when given (an assignment reports its statement), else at the target.
    /// </summary>
    private void LoadStorageSlot(BoundExpression target, bool scalar, SourceSpan? stateSpan = null)
    {
        int index;
        switch (target)
        {
            case BoundGlobalAccess g:
                LoadGlobals();
                index = g.Global.Slot;
                break;
            case BoundSelfField f:
                LoadState(stateSpan ?? target.Syntax.Span);
                index = f.Field.Index;
                break;
            case BoundHardwareStateField h:
                LoadState(stateSpan ?? target.Syntax.Span);
                index = h.Field.Index;
                break;
            default:
                throw new InvalidOperationException($"a {target.Kind} is not a global or a state field");
        }
        _il.Emit(OpCodes.Ldfld, scalar ? s_stateScalars : s_stateRefs);
        _il.Emit(OpCodes.Ldc_I4, index);
    }

    private void LoadStorageElement(BoundExpression target, bool scalar)
    {
        LoadStorageSlot(target, scalar);
        _il.Emit(scalar ? OpCodes.Ldelem_I8 : OpCodes.Ldelem_Ref);
    }

    private void LoadGlobals()
    {
        _il.Emit(OpCodes.Ldloc, _ctx);
        Call(s_globals, pure: true);
    }

    // ================================================================== statements

    /// <summary>A block: one step per statement before it runs (Nodes.Block).</summary>
    private void Block(BoundBlock block)
    {
        foreach (var statement in block.Statements)
        {
            Step(statement.Syntax.Span);
            Statement(statement);
        }
    }

    /// <summary><c>if (--ctx.Budget &lt; 0) ctx.OnBudgetExhausted(span)</c>.</summary>
    private void Step(SourceSpan span)
    {
        var ok = _il.DefineLabel();
        _il.Emit(OpCodes.Ldloc, _budget);
        _il.Emit(OpCodes.Ldc_I4_1);
        _il.Emit(OpCodes.Conv_I8);
        _il.Emit(OpCodes.Sub);
        _il.Emit(OpCodes.Dup);
        _il.Emit(OpCodes.Stloc, _budget);
        _il.Emit(OpCodes.Ldc_I4_0);
        _il.Emit(OpCodes.Conv_I8);
        _il.Emit(OpCodes.Bge, ok);
        _il.Emit(OpCodes.Ldloc, _ctx);
        LoadSpan(span);
        Call(s_budgetExhausted);
        _il.MarkLabel(ok);
    }

    private void Statement(BoundStatement statement)
    {
        switch (statement)
        {
            case BoundBlock b:
                Block(b);
                return;
            case BoundLocalDeclaration d:
                StoreLocal(d.Local, d.Initializer);
                return;
            case BoundGlobalDeclaration g when IsScalar(g.Global.Type):
                LoadGlobals();
                _il.Emit(OpCodes.Ldfld, s_stateScalars);
                _il.Emit(OpCodes.Ldc_I4, g.Global.Slot);
                Scalar(g.Initializer);
                _il.Emit(OpCodes.Stelem_I8);
                return;
            case BoundAssignment a when TryAssign(a.Syntax.Span, a.Target, () => Value(a.Value)):
                return;
            case BoundCompoundAssignment c when IsScalar(c.Target.Type) && TryCompound(c):
                return;
            case BoundIf i:
                If(i);
                return;
            case BoundWhile w:
                While(w);
                return;
            case BoundForRange r:
                ForRange(r);
                return;
            case BoundForEach e:
                ForEach(e);
                return;
            case BoundWith w:
                With(w);
                return;
            case BoundPulse p:
                Pulse(p);
                return;
            case BoundMatch m when m.Subject.Type.Kind != TypeKind.String && IsScalar(m.Subject.Type):
                Match(m);
                return;
            case BoundBreak:
                Jump(_loops.Peek().Break, _loops.Peek().TryDepth);
                return;
            case BoundContinue:
                Jump(_loops.Peek().Continue, _loops.Peek().TryDepth);
                return;
            case BoundReturn r:
                Return(r);
                return;
            case BoundExpressionStatement e:
                Effect(e.Expression);
                return;
            default:
                FallbackStatement(statement);
                return;
        }
    }

    /// <summary>A statement run by its prepared node, with the frame in step and its completion obeyed.</summary>
    private void FallbackStatement(BoundStatement statement)
    {
        var node = (Stmt)NodeOf(statement);
        _fallbacks++;
        Spill();
        LoadConstant(node, typeof(Stmt));
        _il.Emit(OpCodes.Ldarg_1);
        Call(s_stmtExecute);
        var completion = _il.DeclareLocal(typeof(Completion));
        _il.Emit(OpCodes.Stloc, completion);
        Reload();
        var normal = _il.DefineLabel();
        _il.Emit(OpCodes.Ldloc, completion);
        _il.Emit(OpCodes.Brfalse, normal); // Completion.Normal == 0
        if (_loops.Count > 0)
        {
            var (breakLabel, continueLabel, depth) = _loops.Peek();
            var notBreak = _il.DefineLabel();
            var notContinue = _il.DefineLabel();
            _il.Emit(OpCodes.Ldloc, completion);
            _il.Emit(OpCodes.Ldc_I4, (int)Completion.Break);
            _il.Emit(OpCodes.Bne_Un, notBreak);
            Jump(breakLabel, depth);
            _il.MarkLabel(notBreak);
            _il.Emit(OpCodes.Ldloc, completion);
            _il.Emit(OpCodes.Ldc_I4, (int)Completion.Continue);
            _il.Emit(OpCodes.Bne_Un, notContinue);
            Jump(continueLabel, depth);
            _il.MarkLabel(notContinue);
        }
        _il.Emit(OpCodes.Ldloc, completion);
        ReturnCompletion();
        _il.MarkLabel(normal);
    }

    private object NodeOf(BoundNode node) =>
        _body.Nodes.TryGetValue(node, out var prepared) ? prepared : throw new InvalidOperationException($"no prepared node for the {node.Kind} at {node.Syntax.Span}");

    private void StoreLocal(LocalSymbol local, BoundExpression value)
    {
        if (IsScalar(local.Type))
        {
            Scalar(value);
            _il.Emit(OpCodes.Stloc, ScalarLocal(local));
            return;
        }
        _il.Emit(OpCodes.Ldarg_1);
        _il.Emit(OpCodes.Ldfld, s_frameR);
        _il.Emit(OpCodes.Ldc_I4, local.Slot);
        Ref(value);
        _il.Emit(OpCodes.Stelem_Ref);
    }

    /// <summary>Evaluates an expression of either layout onto the stack (ulong or object).</summary>
    private void Value(BoundExpression e)
    {
        if (IsScalar(e.Type)) Scalar(e);
        else Ref(e);
    }

    /// <summary>Assigns to a local, global, field or register; false for targets left to the prepared node.</summary>
    private bool TryAssign(SourceSpan span, BoundExpression target, Action value)
    {
        switch (target)
        {
            case BoundLocalAccess l when IsScalar(l.Type):
                value();
                _il.Emit(OpCodes.Stloc, ScalarLocal(l.Local));
                return true;
            case BoundLocalAccess l:
            {
                var temp = _il.DeclareLocal(typeof(object));
                value();
                _il.Emit(OpCodes.Stloc, temp);
                _il.Emit(OpCodes.Ldarg_1);
                _il.Emit(OpCodes.Ldfld, s_frameR);
                _il.Emit(OpCodes.Ldc_I4, l.Local.Slot);
                _il.Emit(OpCodes.Ldloc, temp);
                _il.Emit(OpCodes.Stelem_Ref);
                return true;
            }
            case BoundGlobalAccess or BoundSelfField or BoundHardwareStateField:
            {
                bool scalar = IsScalar(target.Type);
                var temp = _il.DeclareLocal(scalar ? typeof(ulong) : typeof(object));
                value(); // the value first, then the storage (Nodes.AssignGlobalScalar, AssignStateScalar)
                _il.Emit(OpCodes.Stloc, temp);
                LoadStorageSlot(target, scalar, span);
                _il.Emit(OpCodes.Ldloc, temp);
                _il.Emit(scalar ? OpCodes.Stelem_I8 : OpCodes.Stelem_Ref);
                return true;
            }
            case BoundRegisterAccess r:
            {
                // Nodes.AssignRegister: the device, then the value, then the write.
                var site = Site(r);
                var device = _il.DeclareLocal(typeof(ScriptValue));
                DeviceValue(r.Device);
                _il.Emit(OpCodes.Stloc, device);
                var temp = _il.DeclareLocal(typeof(ulong));
                value();
                _il.Emit(OpCodes.Stloc, temp);
                RegisterAccess(site, device, temp);
                return true;
            }
            default:
                return false;
        }
    }

    /// <summary>
    /// <c>t op= v</c> on a scalar local, global, field (as <c>t = t op v</c>) or register (one read,
    /// one write: Nodes.CompoundRegister); list elements go to the prepared node.
    /// </summary>
    private bool TryCompound(BoundCompoundAssignment c)
    {
        var span = c.Syntax.Span;
        switch (c.Target)
        {
            case BoundLocalAccess or BoundGlobalAccess or BoundSelfField or BoundHardwareStateField:
                return TryAssign(span, c.Target, () =>
                {
                    Scalar(c.Target);
                    Scalar(c.Value);
                    Operator(c.Operator, c.OperandType, span);
                });
            case BoundRegisterAccess r:
            {
                var site = Site(r);
                var device = _il.DeclareLocal(typeof(ScriptValue));
                DeviceValue(r.Device);
                _il.Emit(OpCodes.Stloc, device);
                var temp = _il.DeclareLocal(typeof(ulong));
                RegisterAccess(site, device, null);
                Scalar(c.Value);
                Operator(c.Operator, c.OperandType, span);
                _il.Emit(OpCodes.Stloc, temp);
                RegisterAccess(site, device, temp);
                return true;
            }
            default:
                return false;
        }
    }

    private void If(BoundIf i)
    {
        var end = _il.DefineLabel();
        foreach (var clause in i.Clauses)
        {
            var next = _il.DefineLabel();
            Bool(clause.Condition);
            _il.Emit(OpCodes.Brfalse, next);
            Block(clause.Body);
            _il.Emit(OpCodes.Br, end);
            _il.MarkLabel(next);
        }
        if (i.Else is not null) Block(i.Else);
        _il.MarkLabel(end);
    }

    /// <summary>Nodes.While: the condition, the body, one step at the back-edge (a <c>continue</c> comes to the step too).</summary>
    private void While(BoundWhile w)
    {
        var top = _il.DefineLabel();
        var backEdge = _il.DefineLabel();
        var exit = _il.DefineLabel();
        _il.MarkLabel(top);
        Bool(w.Condition);
        _il.Emit(OpCodes.Brfalse, exit);
        _loops.Push((exit, backEdge, _tryDepth));
        Block(w.Body);
        _loops.Pop();
        _il.MarkLabel(backEdge);
        Step(w.Syntax.Span);
        _il.Emit(OpCodes.Br, top);
        _il.MarkLabel(exit);
    }

    /// <summary>Nodes.ForRange: the end first, then the start; a hidden counter copied into the variable each iteration.</summary>
    private void ForRange(BoundForRange r)
    {
        var compare = (r.Variable.Type.IsSignedInteger ? typeof(LtS) : typeof(LtU)).GetMethod(nameof(LtU.Test))!;
        var end = _il.DeclareLocal(typeof(ulong));
        var counter = _il.DeclareLocal(typeof(ulong));
        var variable = ScalarLocal(r.Variable);
        Scalar(r.End);
        _il.Emit(OpCodes.Stloc, end);
        Scalar(r.Start);
        _il.Emit(OpCodes.Stloc, counter);
        var test = _il.DefineLabel();
        var backEdge = _il.DefineLabel();
        var exit = _il.DefineLabel();
        _il.MarkLabel(test);
        _il.Emit(OpCodes.Ldloc, counter);
        _il.Emit(OpCodes.Ldloc, end);
        Call(compare, pure: true);
        _il.Emit(OpCodes.Brfalse, exit);
        _il.Emit(OpCodes.Ldloc, counter);
        _il.Emit(OpCodes.Stloc, variable);
        _loops.Push((exit, backEdge, _tryDepth));
        Block(r.Body);
        _loops.Pop();
        _il.MarkLabel(backEdge);
        Step(r.Syntax.Span);
        _il.Emit(OpCodes.Ldloc, counter);
        _il.Emit(OpCodes.Ldc_I4_1);
        _il.Emit(OpCodes.Conv_I8);
        _il.Emit(OpCodes.Add);
        _il.Emit(OpCodes.Stloc, counter);
        _il.Emit(OpCodes.Br, test);
        _il.MarkLabel(exit);
    }

    /// <summary>Nodes.ForEachByte / ForEachElement: the collection once, its length read before each iteration.</summary>
    private void ForEach(BoundForEach e)
    {
        bool bytes = e.Collection.Type.Kind == TypeKind.Bytes;
        bool scalar = IsScalar(e.Variable.Type);
        var collection = _il.DeclareLocal(typeof(object));
        var index = _il.DeclareLocal(typeof(int));
        Ref(e.Collection);
        _il.Emit(OpCodes.Stloc, collection);
        _il.Emit(OpCodes.Ldc_I4_0);
        _il.Emit(OpCodes.Stloc, index);
        var test = _il.DefineLabel();
        var backEdge = _il.DefineLabel();
        var exit = _il.DefineLabel();
        _il.MarkLabel(test);
        _il.Emit(OpCodes.Ldloc, index);
        _il.Emit(OpCodes.Ldloc, collection);
        Call(Ops(bytes ? nameof(CollectionOps.ByteCount) : nameof(CollectionOps.ElementCount)), pure: true);
        _il.Emit(OpCodes.Bge, exit);
        if (scalar)
        {
            _il.Emit(OpCodes.Ldloc, collection);
            _il.Emit(OpCodes.Ldloc, index);
            Call(Ops(bytes ? nameof(CollectionOps.ByteAtUnchecked) : nameof(CollectionOps.ScalarElement)), pure: true);
            _il.Emit(OpCodes.Stloc, ScalarLocal(e.Variable));
        }
        else
        {
            _il.Emit(OpCodes.Ldarg_1);
            _il.Emit(OpCodes.Ldfld, s_frameR);
            _il.Emit(OpCodes.Ldc_I4, e.Variable.Slot);
            _il.Emit(OpCodes.Ldloc, collection);
            _il.Emit(OpCodes.Ldloc, index);
            Call(Ops(nameof(CollectionOps.RefElement)), pure: true);
            _il.Emit(OpCodes.Stelem_Ref);
        }
        _loops.Push((exit, backEdge, _tryDepth));
        Block(e.Body);
        _loops.Pop();
        _il.MarkLabel(backEdge);
        Step(e.Syntax.Span);
        _il.Emit(OpCodes.Ldloc, index);
        _il.Emit(OpCodes.Ldc_I4_1);
        _il.Emit(OpCodes.Add);
        _il.Emit(OpCodes.Stloc, index);
        _il.Emit(OpCodes.Br, test);
        _il.MarkLabel(exit);
    }

    private static MethodInfo Ops(string name) =>
        typeof(CollectionOps).GetMethod(name, BindingFlags.Static | BindingFlags.Public) ?? throw new MissingMethodException(nameof(CollectionOps), name);

    /// <summary>Nodes.MatchScalar: arms in order, the first that lists the value (or is <c>_</c>) runs.</summary>
    private void Match(BoundMatch m)
    {
        var subject = _il.DeclareLocal(typeof(ulong));
        Scalar(m.Subject);
        _il.Emit(OpCodes.Stloc, subject);
        var end = _il.DefineLabel();
        foreach (var arm in m.Arms)
        {
            var body = _il.DefineLabel();
            var next = _il.DefineLabel();
            if (!arm.IsDefault)
            {
                foreach (var value in arm.Values)
                {
                    _il.Emit(OpCodes.Ldloc, subject);
                    _il.Emit(OpCodes.Ldc_I8, unchecked((long)value.Bits));
                    _il.Emit(OpCodes.Beq, body);
                }
                _il.Emit(OpCodes.Br, next);
            }
            _il.MarkLabel(body);
            Block(arm.Body);
            _il.Emit(OpCodes.Br, end);
            _il.MarkLabel(next);
        }
        _il.MarkLabel(end);
    }

    private void Return(BoundReturn r)
    {
        if (r.Value is not null)
        {
            if (IsScalar(r.Value.Type))
            {
                var temp = _il.DeclareLocal(typeof(ulong));
                Scalar(r.Value);
                _il.Emit(OpCodes.Stloc, temp);
                _il.Emit(OpCodes.Ldarg_1);
                _il.Emit(OpCodes.Ldloc, temp);
                _il.Emit(OpCodes.Stfld, s_returnScalar);
            }
            else
            {
                var temp = _il.DeclareLocal(typeof(object));
                Ref(r.Value);
                _il.Emit(OpCodes.Stloc, temp);
                _il.Emit(OpCodes.Ldarg_1);
                _il.Emit(OpCodes.Ldloc, temp);
                _il.Emit(OpCodes.Stfld, s_returnRef);
            }
        }
        _il.Emit(OpCodes.Ldc_I4, (int)Completion.Return);
        ReturnCompletion();
    }

    /// <summary>A branch to a loop's label: <c>leave</c> when it crosses out of a <c>with</c> block's try.</summary>
    private void Jump(Label target, int targetTryDepth)
    {
        if (_tryDepth <= targetTryDepth)
        {
            _il.Emit(OpCodes.Br, target);
            return;
        }
        // Out of the innermost `with`: leave to a landing after its finally, which reloads the budget
        // (releasing the lock may have run script code) and goes on towards the target.
        var landing = _il.DefineLabel();
        _withExits.Peek().Add((landing, target, targetTryDepth));
        Leave(landing);
    }

    /// <summary>
    /// <c>leave</c> out of a <c>with</c> block's try, budget written back first: the finally reads it
    /// from the execution, because after an exception the IL local may be older than the execution's.
    /// </summary>
    private void Leave(Label target)
    {
        BudgetOut();
        _il.Emit(OpCodes.Leave, target);
    }

    /// <summary>Returns the completion on the stack: <c>ret</c>, or through the method's exit when inside a <c>with</c> block's try.</summary>
    private void ReturnCompletion()
    {
        if (_tryDepth == 0)
        {
            Ret();
            return;
        }
        _il.Emit(OpCodes.Stloc, _exitCompletion!);
        Jump(_exit, 0);
    }

    /// <summary>Nodes.With: the lock entered, the body in a try, the lock released in the finally.</summary>
    private void With(BoundWith w)
    {
        var site = Site(w);
        var token = _il.DeclareLocal(typeof(object));
        _il.Emit(OpCodes.Ldloc, _runtime);
        LoadConstant(site, typeof(RuntimeSite<BoundWith>));
        _il.Emit(OpCodes.Ldarg_1);
        BoxedValue(w.Lock);
        Call(s_enterLock);
        _il.Emit(OpCodes.Stloc, token);
        var after = _il.DefineLabel();
        _il.BeginExceptionBlock();
        _tryDepth++;
        _withExits.Push([]);
        Block(w.Body);
        var exits = _withExits.Pop();
        _tryDepth--;
        Leave(after);
        _il.BeginFinallyBlock();
        BudgetIn();
        _il.Emit(OpCodes.Ldloc, _runtime);
        LoadConstant(site, typeof(RuntimeSite<BoundWith>));
        _il.Emit(OpCodes.Ldarg_1);
        _il.Emit(OpCodes.Ldloc, token);
        Call(s_exitLock);
        _il.EndExceptionBlock();
        foreach (var (landing, target, depth) in exits)
        {
            _il.MarkLabel(landing);
            BudgetIn();
            Jump(target, depth);
        }
        _il.MarkLabel(after);
        BudgetIn();
    }

    private void Pulse(BoundPulse p)
    {
        _il.Emit(OpCodes.Ldloc, _runtime);
        LoadConstant(Site(p), typeof(RuntimeSite<BoundPulse>));
        _il.Emit(OpCodes.Ldarg_1);
        Call(s_pulse);
    }

    // ================================================================== expressions

    /// <summary>Evaluates for the side effects (an expression statement).</summary>
    private void Effect(BoundExpression e)
    {
        switch (e)
        {
            case BoundCall c:
                Call(c, CallResult.Void);
                return;
            case BoundIntrinsicCall c when IsRuntimeIntrinsic(c):
                RuntimeIntrinsic(c);
                _il.Emit(OpCodes.Pop);
                return;
        }
        if (e.Type.IsVoid || !IsNative(e))
        {
            FallbackExpression(e, s_exprExec);
            return;
        }
        Value(e);
        _il.Emit(OpCodes.Pop);
    }

    /// <summary>A scalar (ulong on the stack, normalised to its type).</summary>
    private void Scalar(BoundExpression e)
    {
        switch (e)
        {
            case BoundLiteral l when l.Value.Kind is not (ConstantKind.String or ConstantKind.Bytes or ConstantKind.None) && e.Type is not OptionalTypeSymbol:
                _il.Emit(OpCodes.Ldc_I8, unchecked((long)l.Value.Bits));
                return;
            case BoundLocalAccess a:
                _il.Emit(OpCodes.Ldloc, ScalarLocal(a.Local));
                return;
            case BoundGlobalAccess or BoundSelfField or BoundHardwareStateField:
                LoadStorageElement(e, scalar: true);
                return;
            case BoundRegisterAccess r:
            {
                var site = Site(r);
                var device = _il.DeclareLocal(typeof(ScriptValue));
                DeviceValue(r.Device);
                _il.Emit(OpCodes.Stloc, device);
                RegisterAccess(site, device, null);
                return;
            }
            case BoundUnary u when u.Operator == BoundUnaryOperatorKind.LogicalNot:
                Bool(u);
                _il.Emit(OpCodes.Conv_U8);
                return;
            case BoundUnary u when u.Operator == BoundUnaryOperatorKind.BitwiseNot:
                Scalar(u.Operand);
                _il.Emit(OpCodes.Not);
                Normalise(u.Type);
                return;
            case BoundUnary u:
            {
                // Nodes.Negate: 0 - x, normalised.
                var temp = _il.DeclareLocal(typeof(ulong));
                Scalar(u.Operand);
                _il.Emit(OpCodes.Stloc, temp);
                _il.Emit(OpCodes.Ldc_I4_0);
                _il.Emit(OpCodes.Conv_I8);
                _il.Emit(OpCodes.Ldloc, temp);
                _il.Emit(OpCodes.Sub);
                Normalise(u.Type);
                return;
            }
            case BoundBinary b when IsBoolOperator(b):
                Bool(b);
                _il.Emit(OpCodes.Conv_U8);
                return;
            case BoundBinary b when IsScalar(b.Type) && b.Operator is not (BoundBinaryOperatorKind.StringConcat or BoundBinaryOperatorKind.BytesConcat):
                Scalar(b.Left);
                Scalar(b.Right);
                Operator(b.Operator, b.OperandType, b.Syntax.Span);
                return;
            case BoundConversion c when c.Conversion == ConversionKind.Widening:
                Scalar(c.Operand);
                return;
            case BoundConversion c when c.Conversion == ConversionKind.Numeric:
                Scalar(c.Operand);
                if (c.Operand.Type.Kind != c.Type.Kind || c.Type.Kind == TypeKind.Enum) Normalise(c.Type);
                return;
            case BoundCall c:
                Call(c, CallResult.Scalar);
                return;
            case BoundIndex i when i.Target.Type.Kind == TypeKind.Bytes || i.Target.Type is ListTypeSymbol:
                // Nodes.BytesIndex / ScalarListIndex: the target, the index, then the bounds check.
                Ref(i.Target);
                Scalar(i.Index);
                LoadSpan(i.Syntax.Span);
                Call(Ops(i.Target.Type.Kind == TypeKind.Bytes ? nameof(CollectionOps.ByteAt) : nameof(CollectionOps.ScalarAt)));
                return;
            case BoundIntrinsicCall c:
                ScalarIntrinsic(c);
                return;
            case BoundOptionalTest:
                Bool(e);
                _il.Emit(OpCodes.Conv_U8);
                return;
            default:
                FallbackExpression(e, s_exprEval);
                return;
        }
    }

    /// <summary>A condition (int32 0/1 on the stack): comparisons and logic without going through bits.</summary>
    private void Bool(BoundExpression e)
    {
        switch (e)
        {
            case BoundUnary { Operator: BoundUnaryOperatorKind.LogicalNot } u:
                Bool(u.Operand);
                _il.Emit(OpCodes.Ldc_I4_0);
                _il.Emit(OpCodes.Ceq);
                return;
            case BoundBinary { Operator: BoundBinaryOperatorKind.LogicalAnd } b:
            {
                var no = _il.DefineLabel();
                var end = _il.DefineLabel();
                Bool(b.Left);
                _il.Emit(OpCodes.Brfalse, no);
                Bool(b.Right);
                _il.Emit(OpCodes.Br, end);
                _il.MarkLabel(no);
                _il.Emit(OpCodes.Ldc_I4_0);
                _il.MarkLabel(end);
                return;
            }
            case BoundBinary { Operator: BoundBinaryOperatorKind.LogicalOr } b:
            {
                var yes = _il.DefineLabel();
                var end = _il.DefineLabel();
                Bool(b.Left);
                _il.Emit(OpCodes.Brtrue, yes);
                Bool(b.Right);
                _il.Emit(OpCodes.Br, end);
                _il.MarkLabel(yes);
                _il.Emit(OpCodes.Ldc_I4_1);
                _il.MarkLabel(end);
                return;
            }
            case BoundBinary b when b.Operator is >= BoundBinaryOperatorKind.Equal and <= BoundBinaryOperatorKind.GreaterEqual:
                if (!IsScalar(b.OperandType))
                {
                    // Nodes.RefEquals
                    Ref(b.Left);
                    Ref(b.Right);
                    Call(Helper(nameof(JitHelpers.RefEquals)));
                    if (b.Operator == BoundBinaryOperatorKind.NotEqual)
                    {
                        _il.Emit(OpCodes.Ldc_I4_0);
                        _il.Emit(OpCodes.Ceq);
                    }
                    return;
                }
                Scalar(b.Left);
                Scalar(b.Right);
                Call(ComparisonType(b.Operator, b.OperandType.IsSignedInteger).GetMethod(nameof(LtU.Test))!, pure: true);
                return;
            case BoundOptionalTest t:
                // Nodes.NoneTest
                Ref(t.Operand);
                _il.Emit(OpCodes.Ldnull);
                _il.Emit(OpCodes.Ceq);
                if (!t.IsNoneTest)
                {
                    _il.Emit(OpCodes.Ldc_I4_0);
                    _il.Emit(OpCodes.Ceq);
                }
                return;
            case BoundIntrinsicCall { Intrinsic: Intrinsic.NtSuccess } c:
                Scalar(c.Arguments[0]);
                Call(Helper(nameof(JitHelpers.NtSuccess)), pure: true);
                return;
            case BoundLiteral or BoundLocalAccess or BoundGlobalAccess or BoundSelfField or BoundHardwareStateField or BoundRegisterAccess or BoundCall or BoundConversion:
                Scalar(e);
                _il.Emit(OpCodes.Ldc_I4_0);
                _il.Emit(OpCodes.Conv_I8);
                _il.Emit(OpCodes.Cgt_Un);
                return;
            default:
                if (IsNative(e))
                {
                    Scalar(e);
                    _il.Emit(OpCodes.Ldc_I4_0);
                    _il.Emit(OpCodes.Conv_I8);
                    _il.Emit(OpCodes.Cgt_Un);
                    return;
                }
                FallbackExpression(e, s_exprEvalBool);
                return;
        }
    }

    /// <summary>A reference (object on the stack).</summary>
    private void Ref(BoundExpression e)
    {
        switch (e)
        {
            case BoundLiteral when NodeOf(e) is ConstRef constant:
                if (constant.Value is null) _il.Emit(OpCodes.Ldnull);
                else LoadConstant(constant.Value, typeof(object));
                return;
            case BoundDeviceObject d:
                _il.Emit(OpCodes.Ldloc, _runtime);
                LoadConstant(Site(d), typeof(RuntimeSite<BoundDeviceObject>));
                _il.Emit(OpCodes.Ldarg_1);
                Call(s_getDeviceObject);
                Call(Helper(nameof(JitHelpers.RefOf)), pure: true);
                return;
            case BoundLocalAccess a:
                LoadRefSlot(a.Local.Slot);
                return;
            case BoundGlobalAccess or BoundSelfField or BoundHardwareStateField:
                LoadStorageElement(e, scalar: false);
                return;
            case BoundConversion { Conversion: ConversionKind.WrapOptional } c when !IsScalar(c.Operand.Type):
                Ref(c.Operand); // T to T? of a reference: the reference itself (NodeBuilder.Conversion)
                return;
            case BoundCall c:
                Call(c, CallResult.Ref);
                return;
            case BoundIntrinsicCall c when IsRuntimeIntrinsic(c):
                RuntimeIntrinsic(c);
                Call(Helper(nameof(JitHelpers.RefOf)), pure: true);
                return;
            default:
                FallbackExpression(e, s_exprEvalRef);
                return;
        }
    }

    /// <summary>An expression evaluated by its prepared node, after the scalar locals were written to the frame it reads.</summary>
    private void FallbackExpression(BoundExpression e, MethodInfo entry)
    {
        var node = (Expr)NodeOf(e);
        _fallbacks++;
        Spill();
        LoadConstant(node, typeof(Expr));
        _il.Emit(OpCodes.Ldarg_1);
        Call(entry);
    }

    /// <summary>Whether <see cref="Scalar"/> compiles the expression itself (so a condition need not go to a node).</summary>
    private static bool IsNative(BoundExpression e) => e switch
    {
        BoundUnary or BoundOptionalTest or BoundCall => true,
        BoundBinary b => b.Operator is not (BoundBinaryOperatorKind.StringConcat or BoundBinaryOperatorKind.BytesConcat),
        BoundIntrinsicCall c => c.Intrinsic is Intrinsic.Min or Intrinsic.Max or Intrinsic.NtSuccess or Intrinsic.StatusFromCode
            or Intrinsic.LenString or Intrinsic.LenBytes or Intrinsic.LenList || IsRuntimeIntrinsic(c),
        BoundIndex i => IsScalar(i.Type) && (i.Target.Type.Kind == TypeKind.Bytes || i.Target.Type is ListTypeSymbol),
        _ => false,
    };

    private static bool IsBoolOperator(BoundBinary b) =>
        b.Operator is BoundBinaryOperatorKind.LogicalAnd or BoundBinaryOperatorKind.LogicalOr
            or (>= BoundBinaryOperatorKind.Equal and <= BoundBinaryOperatorKind.GreaterEqual);

    // ------------------------------------------------------------------ operators

    /// <summary>Applies a binary operator to the two ulongs on the stack with the interpreter's own operator struct.</summary>
    private void Operator(BoundBinaryOperatorKind op, TypeSymbol operandType, SourceSpan span)
    {
        bool signed = operandType.IsSignedInteger;
        Type opType = op switch
        {
            BoundBinaryOperatorKind.Add or BoundBinaryOperatorKind.DurationAdd => typeof(AddOp),
            BoundBinaryOperatorKind.Subtract or BoundBinaryOperatorKind.DurationSubtract => typeof(SubOp),
            BoundBinaryOperatorKind.Multiply or BoundBinaryOperatorKind.DurationTimesInteger or BoundBinaryOperatorKind.IntegerTimesDuration => typeof(MulOp),
            BoundBinaryOperatorKind.Divide or BoundBinaryOperatorKind.DurationDivideInteger or BoundBinaryOperatorKind.DurationDivideDuration
                => signed ? typeof(DivSOp) : typeof(DivUOp),
            BoundBinaryOperatorKind.Remainder => signed ? typeof(RemSOp) : typeof(RemUOp),
            BoundBinaryOperatorKind.BitwiseAnd => typeof(AndOp),
            BoundBinaryOperatorKind.BitwiseOr => typeof(OrOp),
            BoundBinaryOperatorKind.BitwiseXor => typeof(XorOp),
            BoundBinaryOperatorKind.ShiftLeft => typeof(ShlOp),
            BoundBinaryOperatorKind.ShiftRight => signed ? typeof(ShrSOp) : typeof(ShrUOp),
            _ => throw new NotSupportedException($"{op} is not an arithmetic operator"),
        };
        // The node argument only gives a division by zero its location.
        if (opType == typeof(DivSOp) || opType == typeof(DivUOp) || opType == typeof(RemSOp) || opType == typeof(RemUOp))
            LoadConstant(new ConstScalar(span, operandType, 0), typeof(Expr));
        else
            _il.Emit(OpCodes.Ldnull);
        bool divides = opType == typeof(DivSOp) || opType == typeof(DivUOp) || opType == typeof(RemSOp) || opType == typeof(RemUOp);
        Call(opType.GetMethod(nameof(AddOp.Apply))!.MakeGenericMethod(WidthType(operandType)), pure: !divides);
    }

    private void Normalise(TypeSymbol type)
    {
        var width = WidthType(type);
        if (width == typeof(W64)) return;
        Call(width.GetMethod(nameof(W32.Norm))!, pure: true);
    }

    private static Type WidthType(TypeSymbol type) => type.Kind switch
    {
        TypeKind.U8 => typeof(W8),
        TypeKind.U16 => typeof(W16),
        TypeKind.I32 => typeof(WI32),
        TypeKind.U32 or TypeKind.Status or TypeKind.Enum or TypeKind.PowerState or TypeKind.SystemState or TypeKind.RequestKind => typeof(W32),
        TypeKind.U64 or TypeKind.I64 or TypeKind.Duration => typeof(W64),
        _ => throw new NotSupportedException($"no integer width for '{type.Name}'"),
    };

    private static Type ComparisonType(BoundBinaryOperatorKind op, bool signed) => op switch
    {
        BoundBinaryOperatorKind.Equal => typeof(EqCmp),
        BoundBinaryOperatorKind.NotEqual => typeof(NeCmp),
        BoundBinaryOperatorKind.Less => signed ? typeof(LtS) : typeof(LtU),
        BoundBinaryOperatorKind.LessEqual => signed ? typeof(LeS) : typeof(LeU),
        BoundBinaryOperatorKind.Greater => signed ? typeof(GtS) : typeof(GtU),
        _ => signed ? typeof(GeS) : typeof(GeU),
    };

    // ------------------------------------------------------------------ calls

    private enum CallResult { Scalar, Ref, Void }

    /// <summary>
    /// Nodes.Call: the arguments (left to right), a frame from the pool, the arguments into its
    /// slots, then the helper that runs the callee under the recursion limit.
    /// </summary>
    private void Call(BoundCall c, CallResult result)
    {
        var function = _body.Program.Functions[c.Function.Index];
        var parameters = c.Function.Parameters;
        var values = new LocalBuilder[c.Arguments.Length];
        for (int i = 0; i < values.Length; i++)
        {
            bool scalar = IsScalar(parameters[i].Type);
            values[i] = _il.DeclareLocal(scalar ? typeof(ulong) : typeof(object));
            Value(c.Arguments[i]);
            _il.Emit(OpCodes.Stloc, values[i]);
        }
        var callee = _il.DeclareLocal(typeof(ScriptFrame));
        _il.Emit(OpCodes.Ldarg_1);
        LoadConstant(function, typeof(PreparedFunction));
        Call(Helper(nameof(JitHelpers.RentFrame)));
        _il.Emit(OpCodes.Stloc, callee);
        for (int i = 0; i < values.Length; i++)
        {
            bool scalar = IsScalar(parameters[i].Type);
            _il.Emit(OpCodes.Ldloc, callee);
            _il.Emit(OpCodes.Ldfld, scalar ? s_frameS : s_frameR);
            _il.Emit(OpCodes.Ldc_I4, parameters[i].Slot);
            _il.Emit(OpCodes.Ldloc, values[i]);
            _il.Emit(scalar ? OpCodes.Stelem_I8 : OpCodes.Stelem_Ref);
        }
        _il.Emit(OpCodes.Ldloc, callee);
        LoadConstant(function, typeof(PreparedFunction));
        LoadSpan(c.Syntax.Span);
        Call(Helper(result switch
        {
            CallResult.Scalar => nameof(JitHelpers.CallScalar),
            CallResult.Ref => nameof(JitHelpers.CallRef),
            _ => nameof(JitHelpers.CallVoid),
        }));
    }

    private void ScalarIntrinsic(BoundIntrinsicCall c)
    {
        switch (c.Intrinsic)
        {
            case Intrinsic.Min:
            case Intrinsic.Max:
            {
                // Nodes.MinMax: keep the left operand when it wins or ties.
                bool signed = c.Type.IsSignedInteger, min = c.Intrinsic == Intrinsic.Min;
                var test = (min ? (signed ? typeof(LtS) : typeof(LtU)) : (signed ? typeof(GtS) : typeof(GtU))).GetMethod(nameof(LtU.Test))!;
                var a = _il.DeclareLocal(typeof(ulong));
                var b = _il.DeclareLocal(typeof(ulong));
                var keepLeft = _il.DefineLabel();
                var end = _il.DefineLabel();
                Scalar(c.Arguments[0]);
                _il.Emit(OpCodes.Stloc, a);
                Scalar(c.Arguments[1]);
                _il.Emit(OpCodes.Stloc, b);
                _il.Emit(OpCodes.Ldloc, b);
                _il.Emit(OpCodes.Ldloc, a);
                Call(test, pure: true);
                _il.Emit(OpCodes.Brfalse, keepLeft);
                _il.Emit(OpCodes.Ldloc, b);
                _il.Emit(OpCodes.Br, end);
                _il.MarkLabel(keepLeft);
                _il.Emit(OpCodes.Ldloc, a);
                _il.MarkLabel(end);
                return;
            }
            case Intrinsic.NtSuccess:
                Bool(c);
                _il.Emit(OpCodes.Conv_U8);
                return;
            case Intrinsic.LenString or Intrinsic.LenBytes or Intrinsic.LenList:
                Ref(c.Arguments[0]);
                Call(Ops(c.Intrinsic switch
                {
                    Intrinsic.LenString => nameof(CollectionOps.LenString),
                    Intrinsic.LenBytes => nameof(CollectionOps.LenBytes),
                    _ => nameof(CollectionOps.LenList),
                }), pure: true);
                return;
            case Intrinsic.StatusFromCode:
                Scalar(c.Arguments[0]);
                Call(typeof(W32).GetMethod(nameof(W32.Norm))!, pure: true);
                return;
            default:
                if (IsRuntimeIntrinsic(c))
                {
                    RuntimeIntrinsic(c);
                    Call(Helper(nameof(JitHelpers.BitsOf)), pure: true);
                    return;
                }
                FallbackExpression(c, s_exprEval);
                return;
        }
    }

    /// <summary>The built-ins the interpreter hands to the runtime (NodeBuilder.Intrinsic's default case), with at most four arguments.</summary>
    private static bool IsRuntimeIntrinsic(BoundIntrinsicCall c) => c.Arguments.Length <= 4 && c.Intrinsic is not (
        Intrinsic.Min or Intrinsic.Max or Intrinsic.LenString or Intrinsic.LenBytes or Intrinsic.LenList or Intrinsic.Zeros
        or Intrinsic.Fill or Intrinsic.NtSuccess or Intrinsic.StatusFromCode or Intrinsic.ListPush or Intrinsic.ListPop or Intrinsic.Print);

    /// <summary>Nodes.RuntimeIntrinsic: receiver and arguments as values, then the seam (a ScriptValue on the stack).</summary>
    private void RuntimeIntrinsic(BoundIntrinsicCall c)
    {
        var site = Site(c);
        var receiver = _il.DeclareLocal(typeof(ScriptValue));
        if (c.Receiver is null) Call(Helper(nameof(JitHelpers.NoValue)), pure: true);
        else BoxedValue(c.Receiver);
        _il.Emit(OpCodes.Stloc, receiver);
        var args = new LocalBuilder[c.Arguments.Length];
        for (int i = 0; i < args.Length; i++)
        {
            args[i] = _il.DeclareLocal(typeof(ScriptValue));
            BoxedValue(c.Arguments[i]);
            _il.Emit(OpCodes.Stloc, args[i]);
        }
        _il.Emit(OpCodes.Ldloc, _runtime);
        LoadConstant(site, site.GetType());
        _il.Emit(OpCodes.Ldarg_1);
        _il.Emit(OpCodes.Ldloc, receiver);
        foreach (var a in args) _il.Emit(OpCodes.Ldloc, a);
        Call(Helper("Invoke" + args.Length));
    }

    /// <summary>An expression as a <see cref="ScriptValue"/> (Expr.EvalValue).</summary>
    private void BoxedValue(BoundExpression e)
    {
        if (e.Type.IsVoid) throw new NotSupportedException($"a void value at {e.Syntax.Span}");
        if (IsScalar(e.Type))
        {
            Scalar(e);
            Call(Helper(nameof(JitHelpers.Scalar)), pure: true);
        }
        else
        {
            Ref(e);
            Call(Helper(nameof(JitHelpers.Reference)), pure: true);
        }
    }

    /// <summary>
    /// A register read (no <paramref name="value"/>) or write through the seam: straight to the sealed
    /// <see cref="SimulationRuntime"/> when that is the runtime (no interface dispatch), through
    /// <see cref="IDriverRuntime"/> otherwise.
    /// </summary>
    private void RegisterAccess(RuntimeSite<BoundRegisterAccess> site, LocalBuilder device, LocalBuilder? value)
    {
        var generic = _il.DefineLabel();
        var done = _il.DefineLabel();
        _il.Emit(OpCodes.Ldloc, _simulation);
        _il.Emit(OpCodes.Brfalse, generic);
        _il.Emit(OpCodes.Ldloc, _simulation);
        SeamArguments(site, device, value);
        CallExact(value is null ? s_simReadRegister : s_simWriteRegister);
        _il.Emit(OpCodes.Br, done);
        _il.MarkLabel(generic);
        _il.Emit(OpCodes.Ldloc, _runtime);
        SeamArguments(site, device, value);
        Call(value is null ? s_readRegister : s_writeRegister);
        _il.MarkLabel(done);
    }

    private void SeamArguments(RuntimeSite<BoundRegisterAccess> site, LocalBuilder device, LocalBuilder? value)
    {
        LoadConstant(site, site.GetType());
        _il.Emit(OpCodes.Ldarg_1);
        _il.Emit(OpCodes.Ldloc, device);
        if (value is not null) _il.Emit(OpCodes.Ldloc, value);
    }

    /// <summary>A non-virtual call of a method of a sealed class (the receiver's type is known).</summary>
    private void CallExact(MethodInfo method)
    {
        if (!method.DeclaringType!.IsSealed) throw new InvalidOperationException($"{method.DeclaringType}.{method.Name} is not on a sealed type");
        _callTargets.Add(method);
        BudgetOut();
        _il.Emit(OpCodes.Call, method);
        BudgetIn();
    }

    /// <summary>The device of a register access: none (the running device's own) or a handle.</summary>
    private void DeviceValue(BoundExpression? device)
    {
        if (device is null) Call(Helper(nameof(JitHelpers.NoValue)), pure: true);
        else BoxedValue(device);
    }

    /// <summary>Every scalar local slot a body uses (declared or read), so each gets an IL local.</summary>
    private sealed class SlotCollector : BoundTreeWalker
    {
        public HashSet<int> Slots { get; } = [];

        public override void VisitStatement(BoundStatement node)
        {
            switch (node)
            {
                case BoundLocalDeclaration d when ValueLayout.IsScalar(d.Local.Type): Slots.Add(d.Local.Slot); break;
                case BoundForRange r: Slots.Add(r.Variable.Slot); break;
                case BoundForEach e when ValueLayout.IsScalar(e.Variable.Type): Slots.Add(e.Variable.Slot); break;
            }
            base.VisitStatement(node);
        }

        public override void VisitExpression(BoundExpression node)
        {
            if (node is BoundLocalAccess a && ValueLayout.IsScalar(a.Type)) Slots.Add(a.Local.Slot);
            base.VisitExpression(node);
        }
    }
}

/// <summary>A boxed source span (constants are objects).</summary>
internal sealed class SpanBox(SourceSpan span)
{
    public static readonly FieldInfo SpanField = typeof(SpanBox).GetField(nameof(Span))!;

    public readonly SourceSpan Span = span;
}


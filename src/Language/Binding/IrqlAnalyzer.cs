using DriverScript.Language.Diagnostics;
using DriverScript.Language.Symbols;
using DriverScript.Language.Text;

namespace DriverScript.Language.Binding;

/// <summary>
/// Static IRQL analysis (LANGUAGE.md §6.7, KMDF.md B1/B4/B7). Each callback is walked at its IRQL;
/// <c>with</c> a spin lock raises to DISPATCH, <c>with</c> an interrupt to DIRQL; every built-in has
/// a highest IRQL; user functions are summarized once per (function, IRQL), recursion guarded.
/// A call that can run above its limit is DS2001 at the call inside the callback that starts the
/// chain, once per callback, with the chain (<c>dpc → slow() → sleep()</c>). Also: wait locks at
/// DISPATCH or above (DS2002), <c>stop_acknowledge</c> outside <c>on stop</c> (DS2003),
/// <c>queue_dpc</c> outside <c>on isr</c> (DS2004), and what <c>on surprise_removal</c> must not do
/// directly (DS2005).
/// </summary>
internal sealed class IrqlAnalyzer
{
    private readonly DiagnosticBag _diagnostics;
    private readonly Dictionary<(FunctionSymbol, Irql), Summary> _summaries = new();
    private readonly HashSet<(FunctionSymbol, Irql)> _inProgress = new();

    public IrqlAnalyzer(DiagnosticBag diagnostics) => _diagnostics = diagnostics;

    /// <summary>A problem found below a call: the rest of its chain (after the function's own name) and what it is.</summary>
    private sealed record Finding(List<string> Chain, string Operation, Irql At, Irql Limit);

    /// <summary>What calling a function at an IRQL can lead to.</summary>
    private sealed class Summary
    {
        public Finding? TooHigh;
        public Finding? WaitLock;
        public Finding? StopAcknowledge;
        public Finding? QueueDpc;

        public static readonly Summary Empty = new();
    }

    public void Analyze(List<DeviceSymbol> devices)
    {
        foreach (var device in devices)
            foreach (var callback in device.AllCallbacks())
                new Walker(this, callback).Run();
    }

    private Summary Summarize(FunctionSymbol function, Irql irql)
    {
        var key = (function, irql);
        if (_summaries.TryGetValue(key, out var summary)) return summary;
        if (!_inProgress.Add(key)) return Summary.Empty; // recursion: the cycle adds nothing new at this IRQL
        var walker = new Walker(this, function, irql);
        walker.Run();
        _inProgress.Remove(key);
        summary = walker.Result;
        _summaries[key] = summary;
        return summary;
    }

    /// <summary>Walks one body at an IRQL, either a callback (reports) or a function (summarizes).</summary>
    private sealed class Walker : BoundTreeWalker
    {
        private readonly IrqlAnalyzer _analyzer;
        private readonly CallbackSymbol? _callback;
        private readonly FunctionSymbol? _function;
        private readonly List<string> _withPath = new();
        private Irql _irql;
        private bool _reportedTooHigh, _reportedWaitLock, _reportedStopAck, _reportedQueueDpc, _reportedSurprise;

        public Walker(IrqlAnalyzer analyzer, CallbackSymbol callback)
        {
            _analyzer = analyzer;
            _callback = callback;
            _irql = callback.Irql;
        }

        public Walker(IrqlAnalyzer analyzer, FunctionSymbol function, Irql irql)
        {
            _analyzer = analyzer;
            _function = function;
            _irql = irql;
        }

        public Summary Result { get; } = new();

        public void Run() => VisitBlock(_callback?.Body ?? _function!.Body);

        private CallbackKind? Kind => _callback?.Descriptor.Kind;

        public override void VisitWith(BoundWith node)
        {
            VisitExpression(node.Lock);
            var saved = _irql;
            string name = "with " + LockName(node.Lock);
            switch (node.LockKind)
            {
                case LockKind.SpinLock:
                    CheckLimit(node.Lock.Syntax.Span, name, Irql.Dispatch, null);
                    if (_irql < Irql.Dispatch) _irql = Irql.Dispatch;
                    break;
                case LockKind.Interrupt:
                    CheckLimit(node.Lock.Syntax.Span, name, Irql.Dispatch, null);
                    _irql = Irql.Dirql;
                    break;
                case LockKind.WaitLock:
                    if (_irql > Irql.Passive) WaitLockTooHigh(node.Syntax.Span, LockName(node.Lock));
                    break;
            }
            bool raised = _irql != saved;
            if (raised) _withPath.Add(name);
            VisitBlock(node.Body);
            if (raised) _withPath.RemoveAt(_withPath.Count - 1);
            _irql = saved;
        }

        private static string LockName(BoundExpression node) => node switch
        {
            BoundSelfField f => "self." + f.Field.Name,
            BoundDeviceObject o => o.Symbol.Name,
            BoundLocalAccess l => l.Local.Name,
            _ => "lock",
        };

        public override void VisitIntrinsicCall(BoundIntrinsicCall node)
        {
            base.VisitIntrinsicCall(node);
            var info = node.Intrinsic.Info();
            var limit = info.MaxIrql;
            if (info.LimitDependsOnWaitArgument && node.Arguments.Length > 0 && node.Arguments[0].ConstantValue is { Bool: false })
                limit = Irql.Dispatch;
            var span = node.Syntax.Span;
            CheckLimit(span, info.Name + "()", limit, info.Name);

            switch (node.Intrinsic)
            {
                case Intrinsic.StopAcknowledge when Kind != CallbackKind.IoStop:
                    StopAcknowledgeOutside(span, new List<string>(_withPath) { "stop_acknowledge()" });
                    break;
                case Intrinsic.QueueDpc when Kind != CallbackKind.InterruptIsr:
                    QueueDpcOutside(span, new List<string>(_withPath) { "queue_dpc()" });
                    break;
            }
            if (Kind == CallbackKind.SurpriseRemoval && !_reportedSurprise)
            {
                string? rule = node.Intrinsic switch
                {
                    Intrinsic.Complete or Intrinsic.CompleteWithInformation or Intrinsic.CompleteWithData =>
                        "EvtSurpriseRemoveNoRequestComplete: the framework purges the queues and cancels what is still queued",
                    Intrinsic.QueueStop or Intrinsic.QueueDrain or Intrinsic.QueuePurge =>
                        "EvtSurpriseRemoveNoSuspendQueue: the framework stops and purges power-managed queues itself",
                    _ => null,
                };
                if (rule is not null)
                {
                    _reportedSurprise = true;
                    _analyzer._diagnostics.Add(DiagnosticCodes.SurpriseRemovalRule, span, info.Name, rule);
                }
            }
        }

        public override void VisitCall(BoundCall node)
        {
            base.VisitCall(node);
            var summary = _analyzer.Summarize(node.Function, _irql);
            string me = node.Function.Name + "()";
            var span = node.Syntax.Span;
            if (summary.TooHigh is { } t) TooHigh(span, Prefix(me, t.Chain), t.Operation, t.At, t.Limit);
            if (summary.WaitLock is { } w) WaitLockTooHigh(span, w.Operation, Prefix(me, w.Chain), w.At);
            if (summary.StopAcknowledge is { } s && Kind != CallbackKind.IoStop) StopAcknowledgeOutside(span, Prefix(me, s.Chain));
            if (summary.QueueDpc is { } q && Kind != CallbackKind.InterruptIsr) QueueDpcOutside(span, Prefix(me, q.Chain));
        }

        private List<string> Prefix(string call, List<string> rest)
        {
            var chain = new List<string>(_withPath.Count + 1 + rest.Count);
            chain.AddRange(_withPath);
            chain.Add(call);
            chain.AddRange(rest);
            return chain;
        }

        private void CheckLimit(SourceSpan span, string display, Irql limit, string? builtin)
        {
            if (_irql <= limit) return;
            var chain = new List<string>(_withPath) { display };
            TooHigh(span, chain, builtin ?? display, _irql, limit);
        }

        private string ChainText(List<string> chain) => _callback!.Name + " → " + string.Join(" → ", chain);

        private void TooHigh(SourceSpan span, List<string> chain, string operation, Irql at, Irql limit)
        {
            if (_callback is null)
            {
                Result.TooHigh ??= new Finding(chain, operation, at, limit);
                return;
            }
            if (_reportedTooHigh) return;
            _reportedTooHigh = true;
            _analyzer._diagnostics.Add(DiagnosticCodes.IrqlTooHigh, span, _callback.DisplayName, at.Display(), operation, limit.Display(), ChainText(chain));
        }

        private void WaitLockTooHigh(SourceSpan span, string lockName) =>
            WaitLockTooHigh(span, lockName, new List<string>(_withPath) { "with " + lockName }, _irql);

        private void WaitLockTooHigh(SourceSpan span, string lockName, List<string> chain, Irql at)
        {
            if (_callback is null)
            {
                Result.WaitLock ??= new Finding(chain, lockName, at, Irql.Passive);
                return;
            }
            if (_reportedWaitLock) return;
            _reportedWaitLock = true;
            _analyzer._diagnostics.Add(DiagnosticCodes.WaitLockAtDispatch, span, _callback.DisplayName, at.Display(), lockName, ChainText(chain));
        }

        private void StopAcknowledgeOutside(SourceSpan span, List<string> chain)
        {
            if (_callback is null)
            {
                Result.StopAcknowledge ??= new Finding(chain, "stop_acknowledge", _irql, Irql.High);
                return;
            }
            if (_reportedStopAck) return;
            _reportedStopAck = true;
            _analyzer._diagnostics.Add(DiagnosticCodes.StopAckOutsideEvtIoStop, span, _callback.DisplayName);
        }

        private void QueueDpcOutside(SourceSpan span, List<string> chain)
        {
            if (_callback is null)
            {
                Result.QueueDpc ??= new Finding(chain, "queue_dpc", _irql, Irql.High);
                return;
            }
            if (_reportedQueueDpc) return;
            _reportedQueueDpc = true;
            _analyzer._diagnostics.Add(DiagnosticCodes.QueueDpcOutsideIsr, span, _callback.DisplayName);
        }
    }
}

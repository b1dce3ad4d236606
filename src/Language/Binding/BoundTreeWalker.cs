namespace DriverScript.Language.Binding;

/// <summary>
/// Visits a bound tree: override the node methods you care about and call the base to go on into
/// the children. Depth is bounded by the binder (expressions deeper than
/// <see cref="Binder.MaxExpressionDepth"/> are an error), so recursion is safe.
/// </summary>
public abstract class BoundTreeWalker
{
    public virtual void VisitStatement(BoundStatement node)
    {
        switch (node)
        {
            case BoundBlock n: VisitBlock(n); break;
            case BoundLocalDeclaration n: VisitExpression(n.Initializer); break;
            case BoundGlobalDeclaration n: VisitExpression(n.Initializer); break;
            case BoundAssignment n: VisitExpression(n.Target); VisitExpression(n.Value); break;
            case BoundCompoundAssignment n: VisitExpression(n.Target); VisitExpression(n.Value); break;
            case BoundIf n:
                foreach (var c in n.Clauses) { VisitExpression(c.Condition); VisitBlock(c.Body); }
                if (n.Else is not null) VisitBlock(n.Else);
                break;
            case BoundWhile n: VisitExpression(n.Condition); VisitBlock(n.Body); break;
            case BoundForRange n: VisitExpression(n.Start); VisitExpression(n.End); VisitBlock(n.Body); break;
            case BoundForEach n: VisitExpression(n.Collection); VisitBlock(n.Body); break;
            case BoundMatch n:
                VisitExpression(n.Subject);
                foreach (var a in n.Arms) VisitBlock(a.Body);
                break;
            case BoundWith n: VisitWith(n); break;
            case BoundAfter n: VisitExpression(n.Delay); VisitBlock(n.Body); break;
            case BoundExpect n:
                VisitExpression(n.Condition);
                if (n.Message is not null) VisitExpression(n.Message);
                break;
            case BoundExpectBugcheck n: VisitExpression(n.Code); VisitBlock(n.Body); break;
            case BoundReturn n:
                if (n.Value is not null) VisitExpression(n.Value);
                break;
            case BoundExpressionStatement n: VisitExpression(n.Expression); break;
        }
    }

    public virtual void VisitBlock(BoundBlock block)
    {
        foreach (var s in block.Statements) VisitStatement(s);
    }

    public virtual void VisitWith(BoundWith node)
    {
        VisitExpression(node.Lock);
        VisitBlock(node.Body);
    }

    public virtual void VisitExpression(BoundExpression node)
    {
        switch (node)
        {
            case BoundRegisterAccess n:
                if (n.Device is not null) VisitExpression(n.Device);
                break;
            case BoundMemoryAccess n:
                if (n.Device is not null) VisitExpression(n.Device);
                break;
            case BoundHostStateField n: VisitExpression(n.Device); break;
            case BoundUnary n: VisitExpression(n.Operand); break;
            case BoundBinary n: VisitExpression(n.Left); VisitExpression(n.Right); break;
            case BoundConversion n: VisitExpression(n.Operand); break;
            case BoundOptionalTest n: VisitExpression(n.Operand); break;
            case BoundUnwrap n: VisitExpression(n.Operand); break;
            case BoundListLiteral n: foreach (var e in n.Elements) VisitExpression(e); break;
            case BoundBytesFromList n: foreach (var e in n.Elements) VisitExpression(e); break;
            case BoundIndex n: VisitExpression(n.Target); VisitExpression(n.Index); break;
            case BoundSlice n: VisitExpression(n.Target); VisitExpression(n.Start); VisitExpression(n.End); break;
            case BoundCall n: VisitCall(n); break;
            case BoundIntrinsicCall n: VisitIntrinsicCall(n); break;
        }
    }

    public virtual void VisitCall(BoundCall node)
    {
        foreach (var a in node.Arguments) VisitExpression(a);
    }

    public virtual void VisitIntrinsicCall(BoundIntrinsicCall node)
    {
        if (node.Receiver is not null) VisitExpression(node.Receiver);
        foreach (var a in node.Arguments) VisitExpression(a);
    }
}

using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace HookSafety.Analyzers;

/// <summary>The part of the walk that the power-user rules read: throws, blocking waits, access to previous states.</summary>
internal sealed partial class EffectCollector
{
    private void AddThrow(IThrowOperation throwOperation)
    {
        var thrown = MemberPath.WithoutConversions(throwOperation.Exception)?.Type ?? EnclosingCatchType(throwOperation);
        Add(new Effect(EffectKind.Throw, thrown?.Name ?? "Exception", isGlobal: false, throwOperation)
        {
            ReceiverType = thrown,
            ValueText = throwOperation.Exception is { } exception ? MemberPath.WithoutConversions(exception)?.Syntax.ToString() : null,
        });
    }

    private void AddHazards(IInvocationOperation invocation)
    {
        var method = invocation.TargetMethod;
        if (ThreadingTables.IsBlockingWait(method))
        {
            var call = Outermost(invocation);
            Add(new Effect(EffectKind.BlockingWait, call.Syntax.ToString(), isGlobal: false, call) { Method = method });
        }
        else if (method.Name == "GetPrevious" && SymbolEqualityComparer.Default.Equals(method.ContainingType, _api.PatchStates))
        {
            Add(new Effect(EffectKind.GetPrevious, invocation.Syntax.ToString(), isGlobal: false, Outermost(invocation)) { Method = method });
        }
    }

    /// <summary>The type a <c>throw;</c> rethrows: the enclosing catch clause's.</summary>
    private static ITypeSymbol? EnclosingCatchType(IOperation operation)
    {
        for (var current = operation.Parent; current is not null; current = current.Parent)
        {
            if (current is ICatchClauseOperation clause)
            {
                return clause.ExceptionType;
            }
        }

        return null;
    }
}

using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace HookSafety.CodeFixes;

/// <summary>
/// What code may name to move to another hook: no local or parameter declared outside it but the hook's own parameter
/// (renamed where it lands); and whether it calls a helper of the patch.
/// </summary>
internal sealed partial class PatchEditor
{
    /// <summary>
    /// Whether <paramref name="node"/> can be evaluated in another hook: it names no local variable or parameter declared
    /// outside it, except the hook's own parameter (which <see cref="RenameParameter"/> maps); names inside
    /// <paramref name="except"/> (a part the caller drops) do not count.
    /// </summary>
    public bool IsPortable(SyntaxNode node, IMethodSymbol? hook, SyntaxNode? except = null)
        => IsPortable(node, hook, except, new[] { node });

    /// <summary>Whether <paramref name="nodes"/>, moved together, can be evaluated in another hook: the locals they name are declared among them.</summary>
    public bool IsPortable(IReadOnlyList<SyntaxNode> nodes, IMethodSymbol hook)
        => nodes.All(node => IsPortable(node, hook, null, nodes));

    private bool IsPortable(SyntaxNode node, IMethodSymbol? hook, SyntaxNode? except, IReadOnlyList<SyntaxNode> declaring)
    {
        var model = ModelOf(node);
        foreach (var name in node.DescendantNodesAndSelf().OfType<IdentifierNameSyntax>())
        {
            if (except is not null && except.Span.Contains(name.Span))
            {
                continue;
            }

            var symbol = model.GetSymbolInfo(name, _target.CancellationToken).Symbol;
            if (symbol is ILocalSymbol or IParameterSymbol or IRangeVariableSymbol
                && !(symbol is IParameterSymbol parameter && SymbolEqualityComparer.Default.Equals(parameter.ContainingSymbol, hook))
                && !symbol.DeclaringSyntaxReferences.Any(r => declaring.Any(d => r.SyntaxTree == d.SyntaxTree && d.Span.Contains(r.Span))))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Whether <paramref name="movable"/> calls a method of the patch's own types (a helper, which may do more than one thing).</summary>
    public bool CallsPatchHelper(SyntaxNode movable)
        => (movable is ExpressionStatementSyntax statement ? statement.Expression : movable) is InvocationExpressionSyntax invocation
           && ModelOf(invocation).GetSymbolInfo(invocation, _target.CancellationToken).Symbol is IMethodSymbol method
           && Api.IsPatchOwned(method.ContainingType);
}

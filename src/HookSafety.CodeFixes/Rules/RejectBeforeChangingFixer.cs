using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using HookSafety.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace HookSafety.CodeFixes.Rules;

/// <summary>
/// HS0008 (a <c>PrePatch</c> that rejects after changing global state): moves the check that rejects
/// (<c>if (cond) { return HookResult.Reject(...); }</c>, a statement of <c>PrePatch</c>'s own body) up, to just before
/// the statement that makes the first change, so that the patch refuses before it changes anything. Offered only when
/// the move cannot change what the check finds: the statements it moves above only assign (no calls, no object
/// creation: a call could change anything the check reads), write nothing the check reads, and declare no local it
/// uses. No fix when the check depends on what was changed, or when the rejection is not such an <c>if</c>: undo the
/// change before the <c>return</c> by hand.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(RejectBeforeChangingFixer)), Shared]
public sealed class RejectBeforeChangingFixer : PatchFixer
{
    public const string EquivalenceKey = "HS0008.RejectFirst";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.PrePatchFailure);

    private protected override PatchFix? Plan(FixTarget target)
    {
        if (!target.Is(Descriptors.RejectAfterChange)
            || target.Node.FirstAncestorOrSelf<ReturnStatementSyntax>() is not { } reject
            || FixSyntax.GuardOf(reject) is not { Parent: BlockSyntax { Parent: MethodDeclarationSyntax method } body } check
            || method.Body != body
            || target.Additional.FirstOrDefault() is not { } change
            || change.SyntaxTree != check.SyntaxTree
            || body.Statements.FirstOrDefault(s => s.Span.Contains(change.Span)) is not { } first
            || body.Statements.IndexOf(first) >= body.Statements.IndexOf(check))
        {
            return null;
        }

        var between = body.Statements.Skip(body.Statements.IndexOf(first)).Take(body.Statements.IndexOf(check) - body.Statements.IndexOf(first)).ToList();
        if (!CanMoveAbove(target.Model, check, between, target))
        {
            return null;
        }

        return new PatchFix("Check before changing anything", EquivalenceKey, editor =>
        {
            if (editor.HookDeclaredBy(method, Hooks.PrePatch) is null)
            {
                return false;
            }

            editor.MoveBefore(check, first);
            return true;
        });
    }

    /// <summary>Whether moving <paramref name="check"/> above <paramref name="between"/> leaves what it reads as it was.</summary>
    private static bool CanMoveAbove(SemanticModel model, StatementSyntax check, List<StatementSyntax> between, FixTarget target)
    {
        var written = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
        foreach (var statement in between)
        {
            if (statement is not (ExpressionStatementSyntax or LocalDeclarationStatementSyntax)
                || statement.DescendantNodes().Any(n => n is InvocationExpressionSyntax or ObjectCreationExpressionSyntax or ImplicitObjectCreationExpressionSyntax or AnonymousFunctionExpressionSyntax))
            {
                return false;
            }

            foreach (var node in statement.DescendantNodesAndSelf())
            {
                SyntaxNode? writtenNode = node switch
                {
                    AssignmentExpressionSyntax assignment => assignment.Left,
                    PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.PreIncrementExpression or (int)SyntaxKind.PreDecrementExpression } prefix => prefix.Operand,
                    PostfixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.PostIncrementExpression or (int)SyntaxKind.PostDecrementExpression } postfix => postfix.Operand,
                    VariableDeclaratorSyntax declarator => declarator,
                    _ => null,
                };
                if (writtenNode is VariableDeclaratorSyntax declared && model.GetDeclaredSymbol(declared, target.CancellationToken) is { } local)
                {
                    written.Add(local);
                }
                else if (writtenNode is not null)
                {
                    // Every member on the written path counts: writing Net.Limits.MaxDepth changes what Net.Limits holds.
                    foreach (var name in writtenNode.DescendantNodesAndSelf().OfType<SimpleNameSyntax>())
                    {
                        if (model.GetSymbolInfo(name, target.CancellationToken).Symbol is { } symbol and not ITypeSymbol and not INamespaceSymbol)
                        {
                            written.Add(symbol.OriginalDefinition);
                        }
                    }
                }
            }
        }

        return !check.DescendantNodesAndSelf().OfType<SimpleNameSyntax>()
            .Select(n => model.GetSymbolInfo(n, target.CancellationToken).Symbol)
            .Any(symbol => symbol is not null && written.Contains(symbol.OriginalDefinition));
    }
}

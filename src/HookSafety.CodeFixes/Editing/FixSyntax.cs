using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace HookSafety.CodeFixes;

/// <summary>
/// What every family's fixes read of the code at a diagnostic: the statement it sits in, the <c>if</c> that guards a
/// statement, the member a write changes, and whether a member can be read again without side effects.
/// </summary>
internal static class FixSyntax
{
    /// <summary>The expression statement whose expression is <paramref name="node"/> (or a conditional access ending in it).</summary>
    public static ExpressionStatementSyntax? StatementOf(SyntaxNode node)
    {
        var top = Top(node);
        return top.Parent is ExpressionStatementSyntax statement && statement.Expression == top ? statement : null;
    }

    /// <summary>The <c>if</c> without <c>else</c> whose only statement is <paramref name="statement"/> (in a block or not), or null.</summary>
    public static IfStatementSyntax? GuardOf(StatementSyntax statement) => statement.Parent switch
    {
        IfStatementSyntax { Else: null } guard when guard.Statement == statement => guard,
        BlockSyntax { Statements.Count: 1, Parent: IfStatementSyntax { Else: null } guard } block when guard.Statement == block => guard,
        _ => null,
    };

    /// <summary>The member a write at <paramref name="node"/> changes: the left of an assignment, the operand of <c>++</c>, the one <c>ref</c> argument.</summary>
    public static ExpressionSyntax? WrittenMember(SyntaxNode node) => node switch
    {
        AssignmentExpressionSyntax { Left: not (TupleExpressionSyntax or DeclarationExpressionSyntax) } assignment => assignment.Left,
        PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.PreIncrementExpression or (int)SyntaxKind.PreDecrementExpression } prefix => prefix.Operand,
        PostfixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.PostIncrementExpression or (int)SyntaxKind.PostDecrementExpression } postfix => postfix.Operand,
        InvocationExpressionSyntax invocation when invocation.ArgumentList.Arguments.Where(a => a.RefKindKeyword.IsKind(SyntaxKind.RefKeyword) || a.RefKindKeyword.IsKind(SyntaxKind.OutKeyword)).ToList() is { Count: 1 } refs
            => refs[0].Expression,
        _ => null,
    };

    /// <summary>
    /// The member a <c>ref</c> local stands for (<c>Net.Limit</c> for <c>limit</c> after <c>ref int limit = ref Net.Limit;</c>)
    /// when the local is never pointed elsewhere: a write through it is a write to that member, and the undo names the
    /// member, which the other hook has too. Null for anything else.
    /// </summary>
    public static ExpressionSyntax? RefTarget(SemanticModel model, ExpressionSyntax expression, System.Threading.CancellationToken cancellationToken)
    {
        if (expression is not IdentifierNameSyntax name
            || model.GetSymbolInfo(name, cancellationToken).Symbol is not ILocalSymbol { IsRef: true } local
            || local.DeclaringSyntaxReferences is not { Length: 1 } references
            || references[0].GetSyntax(cancellationToken) is not VariableDeclaratorSyntax { Initializer.Value: RefExpressionSyntax { Expression: var member } } declarator
            || declarator.FirstAncestorOrSelf<BlockSyntax>() is not { } scope)
        {
            return null;
        }

        var repointed = scope.DescendantNodes().OfType<AssignmentExpressionSyntax>().Any(a => a.Right is RefExpressionSyntax
            && a.Left is IdentifierNameSyntax left && left.Identifier.ValueText == name.Identifier.ValueText
            && SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(left, cancellationToken).Symbol, local));
        return repointed ? null : member;
    }

    /// <summary>Whether reading <paramref name="member"/> again has no side effect: names, member accesses and constant indexes only.</summary>
    public static bool IsPlainMember(ExpressionSyntax member)
        => member.DescendantNodesAndSelf().All(n => n is NameSyntax or MemberAccessExpressionSyntax or ThisExpressionSyntax or BaseExpressionSyntax
            or PredefinedTypeSyntax or ElementAccessExpressionSyntax or BracketedArgumentListSyntax or ArgumentSyntax or LiteralExpressionSyntax
            or TypeArgumentListSyntax or ParenthesizedExpressionSyntax);

    /// <summary><paramref name="node"/>, or the conditional access it ends (<c>a?.b</c> for <c>.b</c>), outermost first.</summary>
    public static SyntaxNode Top(SyntaxNode node)
    {
        while (node.Parent is ConditionalAccessExpressionSyntax access && access.WhenNotNull == node)
        {
            node = access;
        }

        return node;
    }
}

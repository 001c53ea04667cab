using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace HookSafety.CodeFixes;

/// <summary>
/// The undo fixes HS0002 and HS0003 share: append a registration's inverse, or save and restore what a change wrote.
/// This part holds the syntax they all build (comparisons, copies, assignments); each other part makes one kind of
/// undo: of a registration (<c>UndoFixes.Registrations.cs</c>), of a write to a member
/// (<c>UndoFixes.Writes.cs</c>), of a collection's entries or items (<c>UndoFixes.Collections.cs</c>), and of a
/// process-wide setting (<c>UndoFixes.ProcessSettings.cs</c>).
/// </summary>
internal static partial class UndoFixes
{
    /// <summary>Whether <paramref name="value"/> names a local declared outside it (which the undo hook does not have).</summary>
    private static bool NamesALocal(SemanticModel model, ExpressionSyntax value, System.Threading.CancellationToken cancellationToken)
        => value.DescendantNodesAndSelf().OfType<IdentifierNameSyntax>().Any(n => model.GetSymbolInfo(n, cancellationToken).Symbol is ILocalSymbol local
            && !local.DeclaringSyntaxReferences.Any(r => value.Span.Contains(r.Span)));

    /// <summary>Whether nullable annotations are enabled at <paramref name="at"/>: a new field of a reference type then says it may be null.</summary>
    private static bool AnnotatesNullability(SemanticModel model, SyntaxNode at)
        => (model.GetNullableContext(at.SpanStart) & NullableContext.AnnotationsEnabled) != 0;

    /// <summary><c>EqualityComparer&lt;T&gt;.Default.Equals(left, right)</c>, with <paramref name="comparer"/> the constructed comparer type.</summary>
    private static InvocationExpressionSyntax AreEqual(PatchEditor editor, INamedTypeSymbol comparer, ExpressionSyntax left, ExpressionSyntax right)
        => InvocationExpression(
            MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression,
                MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, editor.TypeAsExpression(comparer), IdentifierName("Default")),
                IdentifierName("Equals")),
            ArgumentList(SeparatedList(new[] { Argument(left), Argument(right) })));

    /// <summary><c>Enumerable.ToArray(collection)</c>: a copy of a collection's items as they are now.</summary>
    private static InvocationExpressionSyntax ToArray(PatchEditor editor, INamedTypeSymbol enumerable, ExpressionSyntax collection)
        => InvocationExpression(
            MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, editor.TypeAsExpression(enumerable), IdentifierName("ToArray")),
            ArgumentList(SingletonSeparatedList(Argument(collection))));

    /// <summary><c>field is not null</c>.</summary>
    private static IsPatternExpressionSyntax IsNotNull(string field)
        => IsPatternExpression(IdentifierName(field), UnaryPattern(Token(SyntaxKind.NotKeyword), ConstantPattern(LiteralExpression(SyntaxKind.NullLiteralExpression))));

    /// <summary><c>left = right;</c>.</summary>
    private static ExpressionStatementSyntax Assign(ExpressionSyntax left, ExpressionSyntax right)
        => ExpressionStatement(AssignmentExpression(SyntaxKind.SimpleAssignmentExpression, left, right));
}

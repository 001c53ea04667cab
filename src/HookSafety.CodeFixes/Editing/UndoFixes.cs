using System.Collections.Immutable;
using System.Linq;
using HookSafety.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace HookSafety.CodeFixes;

/// <summary>The undo fixes HS0002 and HS0003 share: append a registration's inverse, or save and restore a written member.</summary>
internal static class UndoFixes
{
    /// <summary>Appends the inverse of the registration at the target (<c>-=</c>, the inverse call, <c>Dispose()</c>) to <paramref name="hook"/>.</summary>
    public static LifecycleFix? AppendUnregistration(FixTarget target, string hook, string equivalenceKey)
    {
        if (target.Kind is not (nameof(EffectKind.Call) or nameof(EffectKind.EventAdd) or nameof(EffectKind.StoreDisposable))
            || (target.Kind == nameof(EffectKind.Call) && string.IsNullOrEmpty(target[FindingProperties.Inverse])))
        {
            return null;
        }

        return new LifecycleFix($"Undo it in {hook}", equivalenceKey, editor =>
        {
            if (LifecycleStatements.Unregistration(editor, target, hook) is not { } undo || editor.HookHas(hook, s => s.IsEquivalentTo(undo)))
            {
                return false;
            }

            editor.Title = $"Add {PatchEditor.Quote(undo)} to {hook}";
            return editor.Append(hook, undo);
        });
    }

    /// <summary>
    /// Around the write at the target: <c>s_originalX = M;</c> before it, <c>s_patchedX = M;</c> after it (two new
    /// private static fields of M's type), and in <paramref name="hook"/>
    /// <c>if (EqualityComparer&lt;T&gt;.Default.Equals(M, s_patchedX)) { M = s_originalX; }</c>.
    /// </summary>
    public static LifecycleFix? SaveAndRestore(FixTarget target, string hook, string equivalenceKey)
    {
        if (LifecycleStatements.StatementOf(target.Node) is not { } statement
            || LifecycleStatements.WrittenMember(target.Node) is not { } member
            || !LifecycleStatements.IsPlainMember(member)
            || target[FindingProperties.Hook] is not { } changeHook
            || MemberType(target.Model, member, target.CancellationToken) is not { } memberType
            || target.Model.Compilation.GetTypeByMetadataName("System.Collections.Generic.EqualityComparer`1") is not { } comparer)
        {
            return null;
        }

        return new LifecycleFix($"Save '{member}' and restore it in {hook} if unchanged", equivalenceKey, editor =>
        {
            // Only a statement of the hook's own body: a conditional write would be restored when it never happened.
            if (editor.HookHolding(statement, changeHook) is not { } holder || !editor.IsPortable(member, holder.Symbol)
                || editor.HookHas(hook, s => s.DescendantNodesAndSelf().OfType<AssignmentExpressionSyntax>().Any(a => a.Left.IsEquivalentTo(member))))
            {
                return false;
            }

            var annotations = (target.Model.GetNullableContext(statement.SpanStart) & NullableContext.AnnotationsEnabled) != 0;
            var isReference = !memberType.IsValueType;
            var fieldType = isReference && annotations ? memberType.WithNullableAnnotation(NullableAnnotation.Annotated) : memberType;
            var stem = LifecycleStatements.StemOf(member);
            var names = editor.ReserveNames("s_original" + stem, "s_patched" + stem);
            var (original, patched) = (names[0], names[1]);
            editor.AddStaticField(fieldType, original);
            editor.AddStaticField(fieldType, patched);

            var read = member.WithoutTrivia();
            editor.InsertBefore(statement, Assign(IdentifierName(original), read));
            editor.InsertAfter(statement, Assign(IdentifierName(patched), read));

            ExpressionSyntax saved = IdentifierName(original);
            if (isReference && annotations && memberType.NullableAnnotation != NullableAnnotation.Annotated)
            {
                // Saved from a member that is never null.
                saved = PostfixUnaryExpression(SyntaxKind.SuppressNullableWarningExpression, saved);
            }

            var equals = InvocationExpression(
                MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression,
                    MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression,
                        editor.TypeAsExpression(comparer.Construct(ImmutableArray.Create(fieldType), ImmutableArray.Create(fieldType.NullableAnnotation))),
                        IdentifierName("Default")),
                    IdentifierName("Equals")),
                ArgumentList(SeparatedList(new[] { Argument(read), Argument(IdentifierName(patched)) })));
            var restore = IfStatement(equals, Block(Assign(read, saved)));
            return editor.Append(hook, restore);
        });
    }

    private static ExpressionStatementSyntax Assign(ExpressionSyntax left, ExpressionSyntax right)
        => ExpressionStatement(AssignmentExpression(SyntaxKind.SimpleAssignmentExpression, left, right));

    private static ITypeSymbol? MemberType(SemanticModel model, ExpressionSyntax member, System.Threading.CancellationToken cancellationToken)
    {
        var type = model.GetSymbolInfo(member, cancellationToken).Symbol switch
        {
            IFieldSymbol field => field.Type,
            IPropertySymbol { GetMethod: not null } property => property.Type,
            IPropertySymbol => null,
            _ => model.GetTypeInfo(member, cancellationToken).Type,
        };
        return type is null or IErrorTypeSymbol ? null : type;
    }
}

using System.Linq;
using HookSafety.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace HookSafety.CodeFixes;

/// <summary>
/// Undoing a registration: its inverse appended to the undo hook, with the value it handed out kept in a field first
/// when the undo cannot write it again (a lambda, an expression naming the hook's locals).
/// </summary>
internal static partial class UndoFixes
{
    /// <summary>Appends the inverse of the registration at the target (<c>-=</c>, the inverse call, <c>Dispose()</c>) to <paramref name="hook"/>.</summary>
    public static PatchFix? AppendUnregistration(FixTarget target, string hook, string equivalenceKey)
    {
        if (target.Kind is not (nameof(EffectKind.Call) or nameof(EffectKind.EventAdd) or nameof(EffectKind.StoreDisposable))
            || (target.Kind == nameof(EffectKind.Call) && string.IsNullOrEmpty(target[FindingProperties.Inverse])))
        {
            return null;
        }

        if (KeptValue(target) is { } value)
        {
            return KeepValue(target, value, hook, equivalenceKey);
        }

        return new PatchFix($"Undo it in {hook}", equivalenceKey, editor =>
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
    /// The one value a registration made directly in a hook hands out that its undo cannot write again: a lambda (written
    /// again, it is a new delegate, which removes nothing) or an expression naming the hook's locals
    /// (<c>Event += (s, e) =&gt; ...</c>, <c>Register(handler)</c>, <c>Add(peer)</c>). Null when there is none, or more than one.
    /// </summary>
    private static ExpressionSyntax? KeptValue(FixTarget target)
    {
        var values = FixSyntax.StatementOf(target.Node)?.Expression switch
        {
            AssignmentExpressionSyntax { RawKind: (int)SyntaxKind.AddAssignmentExpression } add => new[] { add.Right },
            InvocationExpressionSyntax invocation when LifecycleStatements.Dropped(invocation, target.Kind, target[FindingProperties.Inverse]) is var dropped
                => invocation.ArgumentList.Arguments.Where(a => dropped is null || !dropped.Span.Contains(a.Span)).Select(a => a.Expression).ToArray(),
            _ => System.Array.Empty<ExpressionSyntax>(),
        };
        var kept = values.Where(v => v is AnonymousFunctionExpressionSyntax || NamesALocal(target.Model, v, target.CancellationToken)).ToList();
        return kept.Count == 1 ? kept[0] : null;
    }

    /// <summary>
    /// A registration whose handed-out value its undo cannot write again (<see cref="KeptValue"/>) keeps that value in a
    /// new field, named after the event (<c>s_onPacketReceived</c>), the local (<c>s_peer</c>) or the parameter it is passed
    /// to (<c>s_handler</c>), registers it through that field and undoes with it in <paramref name="hook"/>. A lambda that
    /// uses nothing of the hook (no local, parameter, <c>this</c> or instance member) initializes a
    /// <c>static readonly</c> field; any other value is stored in the field just before the registration, and the undo,
    /// for a reference, runs only if it was stored and then clears the field (so that nothing is kept alive after it).
    /// </summary>
    private static PatchFix? KeepValue(FixTarget target, ExpressionSyntax value, string hook, string equivalenceKey)
    {
        if (FixSyntax.StatementOf(target.Node) is not { } statement
            || target.Model.GetTypeInfo(value, target.CancellationToken).ConvertedType is not { } type || type is IErrorTypeSymbol
            || target[FindingProperties.Hook] is not { } changeHook)
        {
            return null;
        }

        var constant = value is LambdaExpressionSyntax lambda && type.TypeKind == TypeKind.Delegate && UsesNothingOfItsMethod(target.Model, lambda, target.CancellationToken);
        var stem = (statement.Expression, value) switch
        {
            (AssignmentExpressionSyntax { Left: var left }, _) => "s_on" + LifecycleStatements.StemOf(left),
            (_, IdentifierNameSyntax { Identifier.ValueText: var local }) => "s_" + local.TrimStart('_'),
            (InvocationExpressionSyntax invocation, _) when target.Model.GetSymbolInfo(invocation, target.CancellationToken).Symbol is IMethodSymbol method
                && invocation.ArgumentList.Arguments.IndexOf(a => a.Expression == value) is var index and >= 0 && index < method.Parameters.Length
                => "s_" + method.Parameters[index].Name,
            _ => "s_handler",
        };
        return new PatchFix($"Keep the value in a field and undo with it in {hook}", equivalenceKey, editor =>
        {
            if (editor.HookHolding(statement, changeHook) is not { } holder || !editor.IsPortable(statement, holder.Symbol, value))
            {
                return false;
            }

            var field = editor.ReserveNames(stem)[0];
            var registration = statement.Expression.ReplaceNode(value, IdentifierName(field));
            var renamed = editor.RenameParameter(registration, holder.Symbol.Parameters[0], editor.ParameterName(hook));
            if (LifecycleStatements.InverseOf(renamed, target.Kind, target[FindingProperties.Inverse]) is not { } undo)
            {
                return false;
            }

            editor.Title = $"Keep the value in '{field}' and add {PatchEditor.Quote(ExpressionStatement(undo))} to {hook}";
            if (constant)
            {
                editor.AddStaticReadonlyField(type, field, value);
                editor.ReplaceStatement(statement, statement.WithExpression(registration));
                return editor.Append(hook, ExpressionStatement(undo));
            }

            var annotations = AnnotatesNullability(target.Model, statement);
            editor.AddStaticField(!type.IsValueType && annotations ? type.WithNullableAnnotation(NullableAnnotation.Annotated) : type, field);
            editor.InsertBefore(statement, Assign(IdentifierName(field), value.WithoutTrivia()));
            editor.ReplaceStatement(statement, statement.WithExpression(registration));
            return type.IsValueType
                ? editor.Append(hook, ExpressionStatement(undo))
                : editor.Append(hook, IfStatement(
                    IsNotNull(field),
                    Block(ExpressionStatement(undo), Assign(IdentifierName(field), LiteralExpression(SyntaxKind.NullLiteralExpression)))));
        });
    }

    /// <summary>Whether <paramref name="lambda"/> names no local or parameter declared outside it, no <c>this</c>/<c>base</c> and no instance member.</summary>
    private static bool UsesNothingOfItsMethod(SemanticModel model, LambdaExpressionSyntax lambda, System.Threading.CancellationToken cancellationToken)
    {
        foreach (var node in lambda.DescendantNodes())
        {
            if (node is ThisExpressionSyntax or BaseExpressionSyntax)
            {
                return false;
            }

            if (node is not IdentifierNameSyntax name || model.GetSymbolInfo(name, cancellationToken).Symbol is not { } symbol)
            {
                continue;
            }

            var outsideLocal = symbol is ILocalSymbol or IParameterSymbol && !symbol.DeclaringSyntaxReferences.Any(r => lambda.Span.Contains(r.Span));
            // An instance member named alone stands for this.M; after a dot it is a member of something else.
            var instanceMember = symbol is IFieldSymbol or IPropertySymbol or IMethodSymbol or IEventSymbol && !symbol.IsStatic
                                 && !(name.Parent is MemberAccessExpressionSyntax access && access.Name == name);
            if (outsideLocal || instanceMember)
            {
                return false;
            }
        }

        return true;
    }
}

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
    /// <c>if (EqualityComparer&lt;T&gt;.Default.Equals(M, s_patchedX)) { M = s_originalX; }</c>. A conditional write
    /// (under <c>if</c>/<c>else</c> in the hook, kpatch's "raise it if lower") keeps its condition, and restores only
    /// what it wrote: a third field, <c>s_changedX = true;</c> after the write, is checked by the restore and cleared
    /// after it, so that a later enable that did not write restores nothing. A write in a loop, a lambda or a nested
    /// function gets no fix (the save would run more than once, or not when the hook runs). A write made through a helper
    /// (<c>Raise();</c> in the hook, <c>Net.Limit = 1000;</c> in <c>Raise</c>) is saved around the hook's call instead,
    /// when the member as the helper writes it means the same in the hook (no helper parameter or local in it): whatever
    /// the helper did to it, the restore puts back what the hook found.
    /// </summary>
    public static LifecycleFix? SaveAndRestore(FixTarget target, string hook, string equivalenceKey)
    {
        var written = target.IsDirect ? target.Node : target.Additional.FirstOrDefault(n => LifecycleStatements.WrittenMember(n) is not null);
        if (LifecycleStatements.StatementOf(target.Node) is not { } statement
            || written is null
            || LifecycleStatements.WrittenMember(written) is not { } member
            || !LifecycleStatements.IsPlainMember(member)
            || target[FindingProperties.Hook] is not { } changeHook
            || MemberType(target.Model.Compilation.GetSemanticModel(member.SyntaxTree), member, target.CancellationToken) is not { } memberType
            || target.Model.Compilation.GetTypeByMetadataName("System.Collections.Generic.EqualityComparer`1") is not { } comparer)
        {
            return null;
        }

        var title = target.IsDirect
            ? $"Save '{member}' and restore it in {hook} if unchanged"
            : $"Save '{member}' around '{statement.ToString().Trim()}' and restore it in {hook} if unchanged";
        return new LifecycleFix(title, equivalenceKey, editor =>
        {
            // A statement of the hook's own body, or one under its if/else blocks (then restored only if it was written).
            var holder = editor.HookHolding(statement, changeHook);
            var conditional = holder is null;
            holder ??= ConditionallyIn(editor, statement, changeHook);
            if (holder is not { } found || !editor.IsPortable(member, found.Symbol)
                || editor.HookHas(hook, s => s.DescendantNodesAndSelf().OfType<AssignmentExpressionSyntax>().Any(a => a.Left.IsEquivalentTo(member))))
            {
                return false;
            }

            var annotations = (editor.ModelOf(statement).GetNullableContext(statement.SpanStart) & NullableContext.AnnotationsEnabled) != 0;
            var isReference = !memberType.IsValueType;
            var fieldType = isReference && annotations ? memberType.WithNullableAnnotation(NullableAnnotation.Annotated) : memberType;
            var stem = LifecycleStatements.StemOf(member);
            var names = conditional
                ? editor.ReserveNames("s_original" + stem, "s_patched" + stem, "s_changed" + stem)
                : editor.ReserveNames("s_original" + stem, "s_patched" + stem);
            var (original, patched) = (names[0], names[1]);
            editor.AddStaticField(fieldType, original);
            editor.AddStaticField(fieldType, patched);
            if (conditional)
            {
                editor.AddStaticField(target.Model.Compilation.GetSpecialType(SpecialType.System_Boolean), names[2]);
            }

            var read = member.WithoutTrivia();
            editor.InsertBefore(statement, Assign(IdentifierName(original), read));
            if (conditional)
            {
                editor.InsertAfter(statement, Assign(IdentifierName(names[2]), LiteralExpression(SyntaxKind.TrueLiteralExpression)));
            }

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
            if (!conditional)
            {
                return editor.Append(hook, IfStatement(equals, Block(Assign(read, saved))));
            }

            var changed = IdentifierName(names[2]);
            return editor.Append(hook,
                IfStatement(BinaryExpression(SyntaxKind.LogicalAndExpression, changed, equals), Block(Assign(read, saved))),
                Assign(changed, LiteralExpression(SyntaxKind.FalseLiteralExpression)));
        });
    }

    /// <summary>
    /// The hook <paramref name="hook"/> when <paramref name="statement"/> is a statement of a block under its if/else
    /// blocks only (no loop, lambda, local function, try or switch on the way), or null.
    /// </summary>
    private static (MethodDeclarationSyntax Syntax, IMethodSymbol Symbol)? ConditionallyIn(PatchEditor editor, StatementSyntax statement, string hook)
    {
        if (statement.Parent is not BlockSyntax || editor.FindHook(hook) is not { } found || found.Syntax.Body is not { } body)
        {
            return null;
        }

        for (SyntaxNode? node = statement.Parent; node != body; node = node.Parent)
        {
            if (node is not (BlockSyntax or IfStatementSyntax or ElseClauseSyntax))
            {
                return null; // a loop, a lambda, ...; or not in this hook at all (null)
            }
        }

        return found;
    }

    /// <summary>
    /// Around <c>Environment.SetEnvironmentVariable(name, value)</c> written directly in the change's hook:
    /// <c>s_originalX = Environment.GetEnvironmentVariable(name);</c> before it and <c>s_patchedX = ...</c> after it, and
    /// in <paramref name="hook"/> the original set back if the variable still holds the patch's value. Only for the
    /// two-argument form (the process's own environment) and a name that means the same in the hook.
    /// </summary>
    public static LifecycleFix? SaveAndRestoreEnvironmentVariable(FixTarget target, string hook, string equivalenceKey)
    {
        if (!target.IsDirect
            || LifecycleStatements.StatementOf(target.Node) is not { } statement
            || statement.Expression is not InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "SetEnvironmentVariable" } access, ArgumentList.Arguments: { Count: 2 } arguments }
            || target.Model.GetSymbolInfo(statement.Expression, target.CancellationToken).Symbol is not IMethodSymbol { ContainingType: { Name: "Environment", ContainingNamespace.Name: "System" } }
            || target[FindingProperties.Hook] is not { } changeHook
            || target.Model.Compilation.GetSpecialType(SpecialType.System_String) is not { } stringType)
        {
            return null;
        }

        var written = arguments[0].Expression;
        var name = written.WithoutTrivia();
        return new LifecycleFix($"Save the environment variable {name} and restore it in {hook} if unchanged", equivalenceKey, editor =>
        {
            if (editor.HookHolding(statement, changeHook) is not { } holder || !editor.IsPortable(written, holder.Symbol))
            {
                return false;
            }

            var stem = target.Model.GetConstantValue(written, target.CancellationToken) is { HasValue: true, Value: string constant } ? Pascal(constant) : "Variable";
            var names = editor.ReserveNames("s_original" + stem, "s_patched" + stem);
            var nullableString = stringType.WithNullableAnnotation(NullableAnnotation.Annotated);
            editor.AddStaticField(nullableString, names[0]);
            editor.AddStaticField(nullableString, names[1]);

            var environment = access.Expression.WithoutTrivia();
            ExpressionSyntax Get() => InvocationExpression(
                MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, environment, IdentifierName("GetEnvironmentVariable")),
                ArgumentList(SingletonSeparatedList(Argument(name))));
            editor.InsertBefore(statement, Assign(IdentifierName(names[0]), Get()));
            editor.InsertAfter(statement, Assign(IdentifierName(names[1]), Get()));
            var restore = IfStatement(
                BinaryExpression(SyntaxKind.EqualsExpression, Get(), IdentifierName(names[1])),
                Block(ExpressionStatement(InvocationExpression(
                    MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, environment, IdentifierName("SetEnvironmentVariable")),
                    ArgumentList(SeparatedList(new[] { Argument(name), Argument(IdentifierName(names[0])) }))))));
            return editor.Append(hook, restore);
        });
    }

    /// <summary><c>PARSER_MODE</c> → <c>ParserMode</c>: a field name's stem from an environment variable's name.</summary>
    private static string Pascal(string text)
    {
        var builder = new System.Text.StringBuilder();
        var upper = true;
        foreach (var c in text)
        {
            if (!char.IsLetterOrDigit(c))
            {
                upper = true;
                continue;
            }

            builder.Append(upper ? char.ToUpperInvariant(c) : char.ToLowerInvariant(c));
            upper = false;
        }

        return builder.Length == 0 || char.IsDigit(builder[0]) ? "Variable" + builder : builder.ToString();
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

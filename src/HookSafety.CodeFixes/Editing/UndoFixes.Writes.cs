using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using HookSafety.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace HookSafety.CodeFixes;

/// <summary>
/// Undoing a write to a member: the original and the patched value saved around it (also under <c>if</c>s and in
/// loops, or around the hook's call of a helper that writes it, a dictionary's entry with <c>TryGetValue</c>), or the
/// value <c>Interlocked.Exchange</c> kept, restored in the undo hook if the member still holds the patch's value.
/// </summary>
internal static partial class UndoFixes
{
    /// <summary>
    /// Around the write at the target: <c>s_originalX = M;</c> before it, <c>s_patchedX = M;</c> after it (two new
    /// private static fields of M's type), and in <paramref name="hook"/>
    /// <c>if (EqualityComparer&lt;T&gt;.Default.Equals(M, s_patchedX)) { M = s_originalX; }</c>. A conditional write
    /// (under <c>if</c>/<c>else</c> in the hook, kpatch's "raise it if lower") keeps its condition, and restores only
    /// what it wrote: a third field, <c>s_changedX = true;</c> after the write, is checked by the restore and cleared
    /// after it, so that a later enable that did not write restores nothing. A write in a loop is saved before the
    /// loop and after it, and flagged by the write; a brace-less statement gets braces. A write in a lambda or a nested
    /// function gets no fix (the save would not run when the hook runs). A write made through a helper
    /// (<c>Raise();</c> in the hook, <c>Net.Limit = 1000;</c> in <c>Raise</c>) is saved around the hook's call instead,
    /// when the member as the helper writes it means the same in the hook (no helper parameter or local in it): whatever
    /// the helper did to it, the restore puts back what the hook found.
    /// </summary>
    public static PatchFix? SaveAndRestore(FixTarget target, string hook, string equivalenceKey)
    {
        var written = target.IsDirect ? target.Node : target.Additional.FirstOrDefault(n => FixSyntax.WrittenMember(n) is not null);
        if (FixSyntax.StatementOf(target.Node) is not { } statement
            || written is null
            || FixSyntax.WrittenMember(written) is not { } writtenMember
            || (FixSyntax.RefTarget(target.Model.Compilation.GetSemanticModel(writtenMember.SyntaxTree), writtenMember, target.CancellationToken) ?? writtenMember) is not { } member
            || !FixSyntax.IsPlainMember(member)
            || NamesALocal(target.Model.Compilation.GetSemanticModel(member.SyntaxTree), member, target.CancellationToken)
            || target[FindingProperties.Hook] is not { } changeHook
            || MemberType(target.Model.Compilation.GetSemanticModel(member.SyntaxTree), member, target.CancellationToken) is not { } memberType
            || target.Model.Compilation.GetTypeByMetadataName("System.Collections.Generic.EqualityComparer`1") is not { } comparer)
        {
            return null;
        }

        var title = target.IsDirect
            ? $"Save '{member}' and restore it in {hook} if unchanged"
            : $"Save '{member}' around '{statement.ToString().Trim()}' and restore it in {hook} if unchanged";
        return new PatchFix(title, equivalenceKey, editor =>
        {
            // A statement of the hook's own body, or one under its if/else blocks (then restored only if it was written).
            var holder = editor.HookHolding(statement, changeHook);
            var conditional = holder is null;
            StatementSyntax? loop = null;
            holder ??= ConditionallyIn(editor, statement, changeHook, out loop);
            if (holder is not { } found || !editor.IsPortable(member, found.Symbol)
                || editor.HookHas(hook, s => s.DescendantNodesAndSelf().OfType<AssignmentExpressionSyntax>().Any(a => a.Left.IsEquivalentTo(member))))
            {
                return false;
            }

            var annotations = AnnotatesNullability(editor.ModelOf(statement), statement);
            var isReference = !memberType.IsValueType;
            var fieldType = isReference && annotations ? memberType.WithNullableAnnotation(NullableAnnotation.Annotated) : memberType;
            var stem = LifecycleStatements.StemOf(member);
            var names = conditional
                ? editor.ReserveNames("s_original" + stem, "s_patched" + stem, "s_changed" + stem)
                : editor.ReserveNames("s_original" + stem, "s_patched" + stem);
            var (original, patched) = (names[0], names[1]);
            var boolean = target.Model.Compilation.GetSpecialType(SpecialType.System_Boolean);
            editor.AddStaticField(fieldType, original);
            editor.AddStaticField(fieldType, patched);
            if (conditional)
            {
                editor.AddStaticField(boolean, names[2]);
            }

            // An entry of a dictionary may be missing: its value is read with TryGetValue, and the restore removes an
            // entry the patch added.
            var entry = DictionaryEntry(editor.ModelOf(member), member, target.CancellationToken);
            var had = entry is null ? null : editor.ReserveNames("s_had" + stem)[0];
            if (had is not null)
            {
                editor.AddStaticField(boolean, had);
            }

            // In a loop, the original is saved before the loop and the patched value after it; the flag is set by the write.
            var read = member.WithoutTrivia();
            var saveOriginal = entry is { } found1
                ? Assign(IdentifierName(had!), TryGetValue(found1.Dictionary, found1.Key, Argument(IdentifierName(original))))
                : Assign(IdentifierName(original), read);
            var savePatched = Assign(IdentifierName(patched), read);
            var before = new List<StatementSyntax>();
            var after = new List<StatementSyntax>();
            if (loop is null)
            {
                before.Add(saveOriginal);
                after.Add(savePatched);
            }
            else
            {
                editor.InsertBefore(loop, saveOriginal);
                editor.InsertAfter(loop, savePatched);
            }

            if (conditional)
            {
                after.Add(Assign(IdentifierName(names[2]), LiteralExpression(SyntaxKind.TrueLiteralExpression)));
            }

            if (statement.Parent is BlockSyntax)
            {
                before.ForEach(b => editor.InsertBefore(statement, b));
                ((IEnumerable<StatementSyntax>)after).Reverse().ToList().ForEach(a => editor.InsertAfter(statement, a));
            }
            else
            {
                // The statement of a brace-less if, else or loop: it becomes a block with the saves around it.
                editor.ReplaceStatement(statement, Block(before.Append(statement.WithoutTrivia()).Concat(after)));
            }

            ExpressionSyntax saved = IdentifierName(original);
            if (isReference && annotations && memberType.NullableAnnotation != NullableAnnotation.Annotated)
            {
                // Saved from a member that is never null.
                saved = PostfixUnaryExpression(SyntaxKind.SuppressNullableWarningExpression, saved);
            }

            ExpressionSyntax equals = AreEqual(editor, comparer.Construct(ImmutableArray.Create(fieldType), ImmutableArray.Create(fieldType.NullableAnnotation)),
                entry is null ? read : IdentifierName("current"), IdentifierName(patched));
            StatementSyntax restore = Assign(read, saved);
            if (entry is { } found2)
            {
                // if (d.TryGetValue(k, out var current) && Equals(current, patched)) { if (had) d[k] = original; else d.Remove(k); }
                var current = Argument(DeclarationExpression(IdentifierName("var"), SingleVariableDesignation(Identifier("current"))));
                equals = BinaryExpression(SyntaxKind.LogicalAndExpression, TryGetValue(found2.Dictionary, found2.Key, current), equals);
                restore = IfStatement(IdentifierName(had!), Block(restore), ElseClause(Block(ExpressionStatement(InvocationExpression(
                    MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, found2.Dictionary, IdentifierName("Remove")),
                    ArgumentList(SingletonSeparatedList(Argument(found2.Key))))))));
            }

            if (!conditional)
            {
                return editor.Append(hook, IfStatement(equals, Block(restore)));
            }

            var changed = IdentifierName(names[2]);
            return editor.Append(hook,
                IfStatement(BinaryExpression(SyntaxKind.LogicalAndExpression, changed, equals), Block(restore)),
                Assign(changed, LiteralExpression(SyntaxKind.FalseLiteralExpression)));
        });
    }

    /// <summary>
    /// For <c>s_old = Interlocked.Exchange(ref M, value);</c> made directly in the change's hook, which keeps the value it
    /// replaces in a field already: the patched value saved after it, and in <paramref name="hook"/>
    /// <c>if (EqualityComparer&lt;T&gt;.Default.Equals(M, s_patchedM)) { M = s_old; }</c>.
    /// </summary>
    public static PatchFix? RestoreExchanged(FixTarget target, string hook, string equivalenceKey)
    {
        if (!target.IsDirect
            || target.Node is not InvocationExpressionSyntax invocation
            || invocation.Parent is not AssignmentExpressionSyntax { RawKind: (int)SyntaxKind.SimpleAssignmentExpression } assignment || assignment.Right != invocation
            || assignment.Parent is not ExpressionStatementSyntax statement
            || target.Model.GetSymbolInfo(invocation, target.CancellationToken).Symbol is not IMethodSymbol { Name: "Exchange", ContainingType.Name: "Interlocked" }
            || target.Model.GetSymbolInfo(assignment.Left, target.CancellationToken).Symbol is not IFieldSymbol kept
            || !SymbolEqualityComparer.Default.Equals(kept.ContainingType, target.Model.GetEnclosingSymbol(statement.SpanStart, target.CancellationToken)?.ContainingType)
            || FixSyntax.WrittenMember(invocation) is not { } member
            || !FixSyntax.IsPlainMember(member)
            || target[FindingProperties.Hook] is not { } changeHook
            || MemberType(target.Model, member, target.CancellationToken) is not { } memberType
            || target.Model.Compilation.GetTypeByMetadataName("System.Collections.Generic.EqualityComparer`1") is not { } comparer)
        {
            return null;
        }

        return new PatchFix($"Restore '{member}' from '{assignment.Left}' in {hook} if unchanged", equivalenceKey, editor =>
        {
            if (editor.HookHolding(statement, changeHook) is not { } holder || !editor.IsPortable(member, holder.Symbol)
                || editor.HookHas(hook, s => s.DescendantNodesAndSelf().OfType<AssignmentExpressionSyntax>().Any(a => a.Left.IsEquivalentTo(member))))
            {
                return false;
            }

            var patched = editor.ReserveNames("s_patched" + LifecycleStatements.StemOf(member))[0];
            editor.AddStaticField(memberType, patched);
            var read = member.WithoutTrivia();
            editor.InsertAfter(statement, Assign(IdentifierName(patched), read));
            var equals = AreEqual(editor, comparer.Construct(memberType), read, IdentifierName(patched));
            return editor.Append(hook, IfStatement(equals, Block(Assign(read, assignment.Left.WithoutTrivia()))));
        });
    }

    /// <summary>
    /// For <c>d[key]</c> on a dictionary (a type with <c>TryGetValue(key, out value)</c> and <c>Remove(key)</c>): the
    /// dictionary and the key, as written; null for any other member.
    /// </summary>
    private static (ExpressionSyntax Dictionary, ExpressionSyntax Key)? DictionaryEntry(SemanticModel model, ExpressionSyntax member, System.Threading.CancellationToken cancellationToken)
    {
        if (member is not ElementAccessExpressionSyntax { ArgumentList.Arguments: { Count: 1 } arguments } access
            || model.GetTypeInfo(access.Expression, cancellationToken).Type is not { } type)
        {
            return null;
        }

        var members = type.GetMembers().Concat(type.AllInterfaces.SelectMany(i => i.GetMembers())).OfType<IMethodSymbol>().ToList();
        var lookup = members.Any(m => m is { Name: "TryGetValue", Parameters.Length: 2 } && m.Parameters[1].RefKind == RefKind.Out);
        var remove = members.Any(m => m is { Name: "Remove", Parameters.Length: 1 });
        return lookup && remove ? (access.Expression.WithoutTrivia(), arguments[0].Expression.WithoutTrivia()) : null;
    }

    /// <summary><c>dictionary.TryGetValue(key, out value)</c>, with <paramref name="value"/> the argument written (<c>out</c> is added).</summary>
    private static InvocationExpressionSyntax TryGetValue(ExpressionSyntax dictionary, ExpressionSyntax key, ArgumentSyntax value)
        => InvocationExpression(
            MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, dictionary, IdentifierName("TryGetValue")),
            ArgumentList(SeparatedList(new[] { Argument(key), value.WithRefKindKeyword(Token(SyntaxKind.OutKeyword)) })));

    /// <summary>
    /// The hook <paramref name="hook"/> when <paramref name="statement"/> is under its if/else and loops only (in a block or
    /// not; no lambda, local function, try or switch on the way), with the outermost loop in <paramref name="loop"/>, or null.
    /// </summary>
    private static (MethodDeclarationSyntax Syntax, IMethodSymbol Symbol)? ConditionallyIn(PatchEditor editor, StatementSyntax statement, string hook, out StatementSyntax? loop)
    {
        loop = null;
        if (editor.FindHook(hook) is not { } found || found.Syntax.Body is not { } body)
        {
            return null;
        }

        for (SyntaxNode? node = statement.Parent; node != body; node = node.Parent)
        {
            switch (node)
            {
                case BlockSyntax or IfStatementSyntax or ElseClauseSyntax:
                    break;
                case ForStatementSyntax or ForEachStatementSyntax or WhileStatementSyntax or DoStatementSyntax:
                    loop = (StatementSyntax)node;
                    break;
                default:
                    loop = null;
                    return null; // a lambda, a try, ...; or not in this hook at all (null)
            }
        }

        return found;
    }

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

using System.Collections.Generic;
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
        var values = LifecycleStatements.StatementOf(target.Node)?.Expression switch
        {
            AssignmentExpressionSyntax { RawKind: (int)SyntaxKind.AddAssignmentExpression } add => new[] { add.Right },
            InvocationExpressionSyntax invocation when LifecycleStatements.Dropped(invocation, target.Kind, target[FindingProperties.Inverse]) is var dropped
                => invocation.ArgumentList.Arguments.Where(a => dropped is null || !dropped.Span.Contains(a.Span)).Select(a => a.Expression).ToArray(),
            _ => System.Array.Empty<ExpressionSyntax>(),
        };
        var kept = values.Where(v => v is AnonymousFunctionExpressionSyntax || NamesALocal(target.Model, v, target.CancellationToken)).ToList();
        return kept.Count == 1 ? kept[0] : null;
    }

    private static bool NamesALocal(SemanticModel model, ExpressionSyntax value, System.Threading.CancellationToken cancellationToken)
        => value.DescendantNodesAndSelf().OfType<IdentifierNameSyntax>().Any(n => model.GetSymbolInfo(n, cancellationToken).Symbol is ILocalSymbol local
            && !local.DeclaringSyntaxReferences.Any(r => value.Span.Contains(r.Span)));

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
        if (LifecycleStatements.StatementOf(target.Node) is not { } statement
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

            var annotations = (target.Model.GetNullableContext(statement.SpanStart) & NullableContext.AnnotationsEnabled) != 0;
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
        var written = target.IsDirect ? target.Node : target.Additional.FirstOrDefault(n => LifecycleStatements.WrittenMember(n) is not null);
        if (LifecycleStatements.StatementOf(target.Node) is not { } statement
            || written is null
            || LifecycleStatements.WrittenMember(written) is not { } member
            || !LifecycleStatements.IsPlainMember(member)
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

            var annotations = (editor.ModelOf(statement).GetNullableContext(statement.SpanStart) & NullableContext.AnnotationsEnabled) != 0;
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
    /// For a write to an entry of an array or list whose index is the hook's own (<c>Net.Table[i] = 0;</c> in a loop):
    /// all its entries saved before the hook's statement that holds the write and after it
    /// (<c>Enumerable.ToArray(Net.Table)</c>), and in <paramref name="hook"/> each entry still as the patch left it set
    /// back, if the collection still has as many entries; then the saved copies let go.
    /// </summary>
    public static PatchFix? SaveAndRestoreEntries(FixTarget target, string hook, string equivalenceKey)
    {
        if (!target.IsDirect
            || LifecycleStatements.StatementOf(target.Node) is not { } statement
            || LifecycleStatements.WrittenMember(target.Node) is not ElementAccessExpressionSyntax { ArgumentList.Arguments.Count: 1 } access
            || !NamesALocal(target.Model, access.ArgumentList.Arguments[0].Expression, target.CancellationToken)
            || !LifecycleStatements.IsPlainMember(access.Expression)
            || target.Model.GetTypeInfo(access.Expression, target.CancellationToken).Type is not { } collectionType
            || target.Model.GetTypeInfo(access, target.CancellationToken).Type is not { } elementType || elementType is IErrorTypeSymbol
            || (collectionType is IArrayTypeSymbol { Rank: not 1 })
            || (collectionType is not IArrayTypeSymbol && !collectionType.GetMembers("Count").OfType<IPropertySymbol>().Any())
            || target.Model.Compilation.GetTypeByMetadataName("System.Linq.Enumerable") is not { } enumerable
            || target.Model.Compilation.GetTypeByMetadataName("System.Collections.Generic.EqualityComparer`1") is not { } comparer
            || target[FindingProperties.Hook] is not { } changeHook)
        {
            return null;
        }

        var collection = access.Expression.WithoutTrivia();
        var count = collectionType is IArrayTypeSymbol ? "Length" : "Count";
        return new PatchFix($"Save the entries of '{collection}' and restore those still unchanged in {hook}", equivalenceKey, editor =>
        {
            if (editor.FindHook(changeHook) is not { Syntax.Body: { } body } holder || !editor.IsPortable(access.Expression, holder.Symbol)
                || ConditionallyIn(editor, statement, changeHook, out _) is null && editor.HookHolding(statement, changeHook) is null)
            {
                return false;
            }

            // The hook's statement that holds the write: the entries are saved around it.
            StatementSyntax anchor = statement;
            while (anchor.Parent != body)
            {
                anchor = anchor.Parent!.FirstAncestorOrSelf<StatementSyntax>()!;
            }

            var stem = LifecycleStatements.StemOf(collection);
            var names = editor.ReserveNames("s_original" + stem, "s_patched" + stem);
            var annotations = (target.Model.GetNullableContext(statement.SpanStart) & NullableContext.AnnotationsEnabled) != 0;
            ITypeSymbol array = target.Model.Compilation.CreateArrayTypeSymbol(elementType);
            var fieldType = annotations ? array.WithNullableAnnotation(NullableAnnotation.Annotated) : array;
            editor.AddStaticField(fieldType, names[0]);
            editor.AddStaticField(fieldType, names[1]);
            ExpressionSyntax Copy() => ToArray(editor, enumerable, collection);
            editor.InsertBefore(anchor, Assign(IdentifierName(names[0]), Copy()));
            editor.InsertAfter(anchor, Assign(IdentifierName(names[1]), Copy()));

            ExpressionSyntax Member(ExpressionSyntax of, string name) => MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, of, IdentifierName(name));
            ExpressionSyntax At(ExpressionSyntax of) => ElementAccessExpression(of, BracketedArgumentList(SingletonSeparatedList(Argument(IdentifierName("index")))));
            var equals = AreEqual(editor, comparer.Construct(elementType), At(collection), At(IdentifierName(names[1])));
            var loop = ForStatement(Block(IfStatement(equals, Block(Assign(At(collection), At(IdentifierName(names[0])))))))
                .WithDeclaration(VariableDeclaration(IdentifierName("var"), SingletonSeparatedList(VariableDeclarator("index").WithInitializer(EqualsValueClause(LiteralExpression(SyntaxKind.NumericLiteralExpression, Literal(0)))))))
                .WithCondition(BinaryExpression(SyntaxKind.LessThanExpression, IdentifierName("index"), Member(IdentifierName(names[1]), "Length")))
                .WithIncrementors(SingletonSeparatedList<ExpressionSyntax>(PostfixUnaryExpression(SyntaxKind.PostIncrementExpression, IdentifierName("index"))));
            var unchangedCount = BinaryExpression(SyntaxKind.LogicalAndExpression,
                BinaryExpression(SyntaxKind.LogicalAndExpression, IsNotNull(names[0]), IsNotNull(names[1])),
                BinaryExpression(SyntaxKind.EqualsExpression, Member(collection, count), Member(IdentifierName(names[1]), "Length")));
            return editor.Append(hook,
                IfStatement(unchangedCount, Block(loop)),
                Assign(IdentifierName(names[0]), LiteralExpression(SyntaxKind.NullLiteralExpression)),
                Assign(IdentifierName(names[1]), LiteralExpression(SyntaxKind.NullLiteralExpression)));
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
            || LifecycleStatements.WrittenMember(invocation) is not { } member
            || !LifecycleStatements.IsPlainMember(member)
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

    /// <summary>
    /// Around a process-wide setting changed directly in the change's hook, saved before and after and set back in
    /// <paramref name="hook"/> if it still holds the patch's value:
    /// <c>Environment.SetEnvironmentVariable(name, value[, target])</c> (read with <c>GetEnvironmentVariable</c>, for the
    /// same target) and <c>AppContext.SetSwitch(name, value)</c> (read with <c>TryGetSwitch</c>; a switch that was not
    /// set is set back to <c>false</c>, as <c>AppContext</c> cannot unset one). Only for a name (and target) that means
    /// the same in the hook.
    /// </summary>
    public static PatchFix? SaveAndRestoreProcessSetting(FixTarget target, string hook, string equivalenceKey)
    {
        if (!target.IsDirect
            || LifecycleStatements.StatementOf(target.Node) is not { } statement
            || statement.Expression is not InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access, ArgumentList.Arguments: { Count: 2 or 3 } arguments }
            || target.Model.GetSymbolInfo(statement.Expression, target.CancellationToken).Symbol is not IMethodSymbol { ContainingType.ContainingNamespace.Name: "System", ContainingType.ContainingNamespace.ContainingNamespace.IsGlobalNamespace: true } method
            || target[FindingProperties.Hook] is not { } changeHook)
        {
            return null;
        }

        var isVariable = method is { Name: "SetEnvironmentVariable", ContainingType.Name: "Environment" };
        var isSwitch = method is { Name: "SetSwitch", ContainingType.Name: "AppContext" } && arguments.Count == 2;
        if (!isVariable && !isSwitch)
        {
            return null;
        }

        var written = arguments[0].Expression;
        var name = written.WithoutTrivia();
        var what = isVariable ? "environment variable" : "switch";
        return new PatchFix($"Save the {what} {name} and restore it in {hook} if unchanged", equivalenceKey, editor =>
        {
            var rest = arguments.Skip(2).Select(a => a.Expression).ToList();
            if (editor.HookHolding(statement, changeHook) is not { } holder || !editor.IsPortable(written, holder.Symbol) || !rest.All(r => editor.IsPortable(r, holder.Symbol)))
            {
                return false;
            }

            var stem = target.Model.GetConstantValue(written, target.CancellationToken) is { HasValue: true, Value: string constant } ? Pascal(constant) : "Setting";
            var names = editor.ReserveNames("s_original" + stem, "s_patched" + stem);
            var owner = access.Expression.WithoutTrivia();
            ExpressionSyntax Call(string methodName, params ArgumentSyntax[] callArguments) => InvocationExpression(
                MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, owner, IdentifierName(methodName)),
                ArgumentList(SeparatedList(callArguments)));
            ArgumentSyntax[] With(params ArgumentSyntax[] first) => first.Concat(rest.Select(r => Argument(r.WithoutTrivia()))).ToArray();
            ArgumentSyntax Out(ExpressionSyntax into) => Argument(into).WithRefKindKeyword(Token(SyntaxKind.OutKeyword));

            if (isVariable)
            {
                var nullableString = target.Model.Compilation.GetSpecialType(SpecialType.System_String).WithNullableAnnotation(NullableAnnotation.Annotated);
                editor.AddStaticField(nullableString, names[0]);
                editor.AddStaticField(nullableString, names[1]);
                ExpressionSyntax Get() => Call("GetEnvironmentVariable", With(Argument(name)));
                editor.InsertBefore(statement, Assign(IdentifierName(names[0]), Get()));
                editor.InsertAfter(statement, Assign(IdentifierName(names[1]), Get()));
                return editor.Append(hook, IfStatement(
                    BinaryExpression(SyntaxKind.EqualsExpression, Get(), IdentifierName(names[1])),
                    Block(ExpressionStatement(Call("SetEnvironmentVariable", With(Argument(name), Argument(IdentifierName(names[0]))))))));
            }

            var boolean = target.Model.Compilation.GetSpecialType(SpecialType.System_Boolean);
            editor.AddStaticField(boolean, names[0]);
            editor.AddStaticField(boolean, names[1]);
            editor.InsertBefore(statement, ExpressionStatement(Call("TryGetSwitch", Argument(name), Out(IdentifierName(names[0])))));
            editor.InsertAfter(statement, ExpressionStatement(Call("TryGetSwitch", Argument(name), Out(IdentifierName(names[1])))));
            var current = DeclarationExpression(IdentifierName("var"), SingleVariableDesignation(Identifier("isEnabled")));
            return editor.Append(hook, IfStatement(
                BinaryExpression(SyntaxKind.LogicalAndExpression,
                    Call("TryGetSwitch", Argument(name), Out(current)),
                    BinaryExpression(SyntaxKind.EqualsExpression, IdentifierName("isEnabled"), IdentifierName(names[1]))),
                Block(ExpressionStatement(Call("SetSwitch", Argument(name), Argument(IdentifierName(names[0])))))));
        });
    }

    /// <summary>
    /// For <c>M.Clear()</c> on a collection (an <c>ICollection&lt;T&gt;</c>) made directly in the change's hook: its items
    /// saved just before, <c>s_originalM = Enumerable.ToArray(M);</c>, and in <paramref name="hook"/> added back if the
    /// collection is still as the patch left it (empty), with <c>Add(item)</c> (a dictionary's entries with its indexer),
    /// then the saved items let go. A collection something else filled
    /// again in the meantime is left as it is.
    /// </summary>
    public static PatchFix? SaveAndRefillCollection(FixTarget target, string hook, string equivalenceKey)
    {
        if (!target.IsDirect
            || LifecycleStatements.StatementOf(target.Node) is not { } statement
            || statement.Expression is not InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Clear" } access, ArgumentList.Arguments.Count: 0 }
            || !LifecycleStatements.IsPlainMember(access.Expression)
            || target.Model.GetTypeInfo(access.Expression, target.CancellationToken).Type is not { } collectionType
            || ElementType(collectionType) is not { } elementType
            || target.Model.Compilation.GetTypeByMetadataName("System.Linq.Enumerable") is not { } enumerable
            || target[FindingProperties.Hook] is not { } changeHook)
        {
            return null;
        }

        var member = access.Expression.WithoutTrivia();
        var isDictionary = elementType is INamedTypeSymbol { Name: "KeyValuePair", Arity: 2 }
                           && collectionType.GetMembers().OfType<IPropertySymbol>().Any(p => p is { IsIndexer: true, Parameters.Length: 1, SetMethod: not null });
        return new PatchFix($"Save the items of '{member}' and add them back in {hook} if it is still empty", equivalenceKey, editor =>
        {
            if (editor.HookHolding(statement, changeHook) is not { } holder || !editor.IsPortable(access.Expression, holder.Symbol))
            {
                return false;
            }

            var field = editor.ReserveNames("s_original" + LifecycleStatements.StemOf(member))[0];
            var annotations = (target.Model.GetNullableContext(statement.SpanStart) & NullableContext.AnnotationsEnabled) != 0;
            ITypeSymbol array = target.Model.Compilation.CreateArrayTypeSymbol(elementType);
            editor.AddStaticField(annotations ? array.WithNullableAnnotation(NullableAnnotation.Annotated) : array, field);
            editor.InsertBefore(statement, Assign(IdentifierName(field), ToArray(editor, enumerable, member)));
            // A dictionary's entries go back through its indexer (its Add(KeyValuePair) is often hidden).
            ExpressionSyntax Item(string part) => MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, IdentifierName("item"), IdentifierName(part));
            var add = isDictionary
                ? Assign(ElementAccessExpression(member, BracketedArgumentList(SingletonSeparatedList(Argument(Item("Key"))))), Item("Value"))
                : ExpressionStatement(InvocationExpression(
                    MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, member, IdentifierName("Add")),
                    ArgumentList(SingletonSeparatedList(Argument(IdentifierName("item"))))));
            var refill = ForEachStatement(IdentifierName("var"), Identifier("item"), IdentifierName(field), Block(add));
            var stillEmpty = BinaryExpression(SyntaxKind.LogicalAndExpression,
                IsNotNull(field),
                BinaryExpression(SyntaxKind.EqualsExpression,
                    MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, member, IdentifierName("Count")),
                    LiteralExpression(SyntaxKind.NumericLiteralExpression, Literal(0))));
            return editor.Append(hook, IfStatement(stillEmpty, Block(refill)), Assign(IdentifierName(field), LiteralExpression(SyntaxKind.NullLiteralExpression)));
        });
    }

    /// <summary>The <c>T</c> of the <c>ICollection&lt;T&gt;</c> <paramref name="type"/> is or implements (just one), or null.</summary>
    private static ITypeSymbol? ElementType(ITypeSymbol type)
    {
        var collections = (type is INamedTypeSymbol named ? type.AllInterfaces.Insert(0, named) : type.AllInterfaces)
            .Where(i => i is { Name: "ICollection", Arity: 1, ContainingNamespace: { Name: "Generic", ContainingNamespace: { Name: "Collections", ContainingNamespace.Name: "System" } } })
            .Select(i => i.TypeArguments[0])
            .Distinct<ITypeSymbol>(SymbolEqualityComparer.Default)
            .ToList();
        return collections.Count == 1 ? collections[0] : null;
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

using System.Linq;
using HookSafety.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace HookSafety.CodeFixes;

/// <summary>
/// Undoing a change to a collection's contents: entries written at the hook's own index saved as a whole and restored
/// one by one, and the items <c>Clear()</c> removed saved and added back if the collection is still empty.
/// </summary>
internal static partial class UndoFixes
{
    /// <summary>
    /// For a write to an entry of an array or list whose index is the hook's own (<c>Net.Table[i] = 0;</c> in a loop):
    /// all its entries saved before the hook's statement that holds the write and after it
    /// (<c>Enumerable.ToArray(Net.Table)</c>), and in <paramref name="hook"/> each entry still as the patch left it set
    /// back, if the collection still has as many entries; then the saved copies let go.
    /// </summary>
    public static PatchFix? SaveAndRestoreEntries(FixTarget target, string hook, string equivalenceKey)
    {
        if (!target.IsDirect
            || FixSyntax.StatementOf(target.Node) is not { } statement
            || FixSyntax.WrittenMember(target.Node) is not ElementAccessExpressionSyntax { ArgumentList.Arguments.Count: 1 } access
            || !NamesALocal(target.Model, access.ArgumentList.Arguments[0].Expression, target.CancellationToken)
            || !FixSyntax.IsPlainMember(access.Expression)
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
            var annotations = AnnotatesNullability(target.Model, statement);
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
    /// For <c>M.Clear()</c> on a collection (an <c>ICollection&lt;T&gt;</c>) made directly in the change's hook: its items
    /// saved just before, <c>s_originalM = Enumerable.ToArray(M);</c>, and in <paramref name="hook"/> added back if the
    /// collection is still as the patch left it (empty), with <c>Add(item)</c> (a dictionary's entries with its indexer),
    /// then the saved items let go. A collection something else filled
    /// again in the meantime is left as it is.
    /// </summary>
    public static PatchFix? SaveAndRefillCollection(FixTarget target, string hook, string equivalenceKey)
    {
        if (!target.IsDirect
            || FixSyntax.StatementOf(target.Node) is not { } statement
            || statement.Expression is not InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Clear" } access, ArgumentList.Arguments.Count: 0 }
            || !FixSyntax.IsPlainMember(access.Expression)
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
            var annotations = AnnotatesNullability(target.Model, statement);
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
}

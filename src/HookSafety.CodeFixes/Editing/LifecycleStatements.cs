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
/// The statements the lifecycle fixes build and move: what a move takes from a hook, and the undo of a registration
/// (<c>-=</c>, the inverse call, <c>Dispose()</c>), of a shadow variable (<c>DetachAll()</c>), and the name of a saved
/// copy of a written member. Undos are built from the statement as written (not from the finding's <c>Path</c>, which
/// drops namespaces and indexer arguments), so they bind as it does. What every family reads of the code at a
/// diagnostic is in <see cref="FixSyntax"/>.
/// </summary>
internal static class LifecycleStatements
{
    /// <summary>Undo calls that take no arguments, whatever the call they undo took.</summary>
    private static readonly ImmutableHashSet<string> ArgumentlessInverses = ImmutableHashSet.Create("Pop", "Dequeue", "Join");

    /// <summary>
    /// What a move takes from a hook for the diagnostic at <paramref name="node"/>: its expression statement, with the
    /// <c>if</c>s (without <c>else</c>) that guard it and nothing else (<c>if (c) { x = 1; }</c> moves whole, its
    /// condition with it); or the expression itself when it is a hook's expression body.
    /// </summary>
    public static SyntaxNode? MovableOf(SyntaxNode node)
    {
        var top = FixSyntax.Top(node);
        switch (top.Parent)
        {
            case ExpressionStatementSyntax statement when statement.Expression == top:
                StatementSyntax unit = statement;
                while (FixSyntax.GuardOf(unit) is { } guard)
                {
                    unit = guard;
                }

                return unit;
            case ArrowExpressionClauseSyntax { Parent: MethodDeclarationSyntax }:
                return top;
            default:
                return null;
        }
    }

    /// <summary>
    /// The undo, for <paramref name="undoHook"/>, of the registration the target sits on (<see cref="FindingProperties.Kind"/>
    /// Call with an inverse, EventAdd or StoreDisposable), or null when it would not mean the same there.
    /// </summary>
    public static StatementSyntax? Unregistration(PatchEditor editor, FixTarget target, string undoHook)
    {
        // Through a helper, the registration as the helper's statement (the first additional location) makes it: its
        // undo may then name none of the helper's parameters or locals.
        var node = target.IsDirect ? target.Node : target.Additional.FirstOrDefault();
        if (node?.FirstAncestorOrSelf<MethodDeclarationSyntax>() is not { } method
            || editor.ModelOf(method).GetDeclaredSymbol(method, target.CancellationToken) is not { } holder
            || (target.IsDirect && holder.Parameters.Length != 1))
        {
            return null;
        }

        var hook = target.IsDirect ? holder : null;

        // What the undo leaves out (the value stored, the arguments of Pop()) may be anything; what it keeps must mean the
        // same in the other hook: no local, and no lambda (a new delegate in the undo, which removes nothing). A helper
        // the hook calls directly may name its parameters: the hook's arguments stand in for them.
        // A hook's local that only holds a shared object (var peers = Net.AllowedPeers; peers.Add(...)) stands for it: the
        // undo names the object itself.
        var change = FixSyntax.Top(node);
        var dropped = Dropped(change, target.Kind, target[FindingProperties.Inverse]);
        var standIns = hook is null ? ArgumentsFor(editor, target, holder) : ReceiverAlias(editor, target, change, method);
        if (change.DescendantNodes().OfType<AnonymousFunctionExpressionSyntax>().Any(f => dropped is null || !dropped.Span.Contains(f.Span))
            || (standIns is null ? !editor.IsPortable(change, hook, dropped) : !IsPortableWith(editor, change, dropped, standIns, hook)))
        {
            return null;
        }

        var renamed = standIns is not null
            ? change.ReplaceNodes(
                change.DescendantNodesAndSelf().OfType<IdentifierNameSyntax>().Where(n => editor.ModelOf(n).GetSymbolInfo(n, target.CancellationToken).Symbol is { } symbol
                    && (standIns.ContainsKey(symbol) || (hook is not null && SymbolEqualityComparer.Default.Equals(symbol, hook.Parameters[0])))),
                (original, _) => editor.ModelOf(original).GetSymbolInfo(original, target.CancellationToken).Symbol is { } symbol && standIns.TryGetValue(symbol, out var value)
                    ? ParenthesizedIfNeeded(value).WithTriviaFrom(original)
                    : original.WithIdentifier(Identifier(original.Identifier.LeadingTrivia, editor.ParameterName(undoHook), original.Identifier.TrailingTrivia)))
            : hook is not null ? editor.RenameParameter(change, hook.Parameters[0], editor.ParameterName(undoHook))
            : change;
        var undo = target.Kind == nameof(EffectKind.StoreDisposable)
            ? renamed is AssignmentExpressionSyntax { RawKind: (int)SyntaxKind.SimpleAssignmentExpression } store && change is AssignmentExpressionSyntax original
                ? Dispose(store.Left.WithoutTrivia(), editor.ModelOf(original).GetTypeInfo(original.Left, target.CancellationToken).Type)
                : null
            : InverseOf(renamed, target.Kind, target[FindingProperties.Inverse]);
        return undo is null ? null : ExpressionStatement(undo);
    }

    /// <summary>
    /// The inverse of the registration <paramref name="change"/> (as written in the hook it goes to): <c>-=</c> for
    /// <c>+=</c>, or the inverse call; null for other kinds (a stored disposable's <c>Dispose()</c> is made by
    /// <see cref="Unregistration"/>, which knows the field's type).
    /// </summary>
    public static ExpressionSyntax? InverseOf(SyntaxNode change, string? kind, string? inverse) => kind switch
    {
        nameof(EffectKind.Call) when inverse is { Length: > 0 } => InverseCall(change, inverse),
        nameof(EffectKind.EventAdd) when change is AssignmentExpressionSyntax { RawKind: (int)SyntaxKind.AddAssignmentExpression } add
            => AssignmentExpression(SyntaxKind.SubtractAssignmentExpression, add.Left.WithoutTrivia(), add.Right.WithoutTrivia()),
        _ => null,
    };

    /// <summary>
    /// The arguments the hook's call of <paramref name="helper"/> (the target's node) passes for its parameters, when each
    /// one means the same anywhere in the patch (no local, no parameter, no lambda: a constant, a static member, a method
    /// group), or null.
    /// </summary>
    private static Dictionary<ISymbol, ExpressionSyntax>? ArgumentsFor(PatchEditor editor, FixTarget target, IMethodSymbol helper)
    {
        if (helper.Parameters.Length == 0
            || target.Model.GetOperation(target.Node, target.CancellationToken) is not Microsoft.CodeAnalysis.Operations.IInvocationOperation call
            || !SymbolEqualityComparer.Default.Equals(call.TargetMethod.OriginalDefinition, helper.OriginalDefinition))
        {
            return null;
        }

        var map = new Dictionary<ISymbol, ExpressionSyntax>(SymbolEqualityComparer.Default);
        foreach (var argument in call.Arguments)
        {
            if (argument.Parameter is not { } parameter || argument.Syntax is not ArgumentSyntax { Expression: var value }
                || value.DescendantNodesAndSelf().OfType<AnonymousFunctionExpressionSyntax>().Any() || !editor.IsPortable(value, hook: null))
            {
                return null;
            }

            map[helper.Parameters[parameter.Ordinal]] = value.WithoutTrivia();
        }

        return map;
    }

    /// <summary>
    /// Whether <paramref name="change"/> names no local or parameter but those <paramref name="standIns"/> stand in for (a
    /// helper's parameters, a hook's local holding a shared object) and the parameter of <paramref name="hook"/>.
    /// </summary>
    private static bool IsPortableWith(PatchEditor editor, SyntaxNode change, SyntaxNode? dropped, Dictionary<ISymbol, ExpressionSyntax> standIns, IMethodSymbol? hook)
        => change.DescendantNodesAndSelf().OfType<IdentifierNameSyntax>()
            .Where(n => dropped is null || !dropped.Span.Contains(n.Span))
            .Select(n => editor.ModelOf(n).GetSymbolInfo(n).Symbol)
            .All(symbol => symbol switch
            {
                not null when standIns.ContainsKey(symbol) => true,
                IParameterSymbol parameter => hook is not null && SymbolEqualityComparer.Default.Equals(parameter.ContainingSymbol, hook),
                ILocalSymbol or IRangeVariableSymbol => false,
                _ => true,
            });

    /// <summary>
    /// The receiver of a registration made in a hook, when it is a local of the hook that only holds a shared object: of
    /// reference type, not <c>ref</c>, declared with a member path (<c>var peers = Net.AllowedPeers;</c>: fields and
    /// properties, no call, no <c>new</c>, nothing local) and never written again. The undo then names that member, the
    /// same object. Null otherwise.
    /// </summary>
    private static Dictionary<ISymbol, ExpressionSyntax>? ReceiverAlias(PatchEditor editor, FixTarget target, SyntaxNode change, MethodDeclarationSyntax hook)
    {
        var receiver = change switch
        {
            InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Expression: IdentifierNameSyntax name } } => name,
            _ => null,
        };
        var model = editor.ModelOf(change);
        if (receiver is null
            || model.GetSymbolInfo(receiver, target.CancellationToken).Symbol is not ILocalSymbol { RefKind: RefKind.None, Type.IsReferenceType: true } local
            || local.DeclaringSyntaxReferences is not { Length: 1 } declarations
            || declarations[0].GetSyntax(target.CancellationToken) is not VariableDeclaratorSyntax { Initializer.Value: var value } declarator
            || !hook.Span.Contains(declarator.Span)
            || !IsMemberPath(model, value, target.CancellationToken) || !editor.IsPortable(value, hook: null))
        {
            return null;
        }

        foreach (var name in hook.DescendantNodes().OfType<IdentifierNameSyntax>())
        {
            if (name.Identifier.ValueText == local.Name && IsWritten(name)
                && SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(name, target.CancellationToken).Symbol, local))
            {
                return null;
            }
        }

        return new Dictionary<ISymbol, ExpressionSyntax>(SymbolEqualityComparer.Default) { [local] = value.WithoutTrivia() };
    }

    /// <summary>A field or property reached through fields, properties and type names only: <c>Net.AllowedPeers</c>, <c>Host.Config.Peers</c>.</summary>
    private static bool IsMemberPath(SemanticModel model, ExpressionSyntax expression, System.Threading.CancellationToken cancellationToken)
        => expression is IdentifierNameSyntax or MemberAccessExpressionSyntax { RawKind: (int)SyntaxKind.SimpleMemberAccessExpression }
           && model.GetSymbolInfo(expression, cancellationToken).Symbol is IFieldSymbol or IPropertySymbol
           && (expression is not MemberAccessExpressionSyntax access
               || model.GetSymbolInfo(access.Expression, cancellationToken).Symbol is INamedTypeSymbol or INamespaceSymbol
               || IsMemberPath(model, access.Expression, cancellationToken));

    /// <summary>Whether <paramref name="name"/> is written where it stands: assigned, incremented, or passed by <c>ref</c> or <c>out</c>.</summary>
    private static bool IsWritten(IdentifierNameSyntax name) => name.Parent switch
    {
        AssignmentExpressionSyntax assignment => assignment.Left == name,
        PrefixUnaryExpressionSyntax or PostfixUnaryExpressionSyntax => true,
        ArgumentSyntax argument => !argument.RefKindKeyword.IsKind(SyntaxKind.None),
        _ => false,
    };

    private static ExpressionSyntax ParenthesizedIfNeeded(ExpressionSyntax expression)
        => expression is IdentifierNameSyntax or MemberAccessExpressionSyntax or LiteralExpressionSyntax or InvocationExpressionSyntax or ParenthesizedExpressionSyntax
            ? expression
            : ParenthesizedExpression(expression);

    /// <summary>The part of the change its undo leaves out: the value of a stored disposable, the arguments of a call undone without any.</summary>
    public static SyntaxNode? Dropped(SyntaxNode change, string? kind, string? inverse)
    {
        if (kind == nameof(EffectKind.StoreDisposable) && change is AssignmentExpressionSyntax store)
        {
            return store.Right;
        }

        var node = change;
        while (node is ConditionalAccessExpressionSyntax access)
        {
            node = access.WhenNotNull;
        }

        if (kind != nameof(EffectKind.Call) || inverse is null || node is not InvocationExpressionSyntax invocation)
        {
            return null;
        }

        if (ArgumentlessInverses.Contains(inverse))
        {
            return invocation.ArgumentList;
        }

        // Insert(index, item) is undone by Remove(item): the index is left out.
        return IsInsertUndoneByRemove(invocation, inverse) ? invocation.ArgumentList.Arguments[0] : null;
    }

    private static bool IsInsertUndoneByRemove(InvocationExpressionSyntax invocation, string inverse)
        => inverse == "Remove" && invocation.ArgumentList.Arguments.Count == 2
           && invocation.Expression is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Insert" } or MemberBindingExpressionSyntax { Name.Identifier.ValueText: "Insert" };

    /// <summary>
    /// <c>variable.DetachAll();</c> for the shadow variable attached at <paramref name="node"/>, named as there, or by
    /// <paramref name="path"/> (attached in a helper, or through a local that <c>PostUnpatch</c> does not have:
    /// <paramref name="isLocal"/>).
    /// </summary>
    public static StatementSyntax? DetachAll(SyntaxNode node, string? path, System.Func<ExpressionSyntax, bool> isLocal)
    {
        var variable = FixSyntax.Top(node) is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Attach" or "GetOrAttach" } access }
                       && !isLocal(access.Expression)
            ? access.Expression.WithoutTrivia()
            : path is { Length: > 0 } ? ParseExpression(path) : null;
        return variable is null || variable.ContainsDiagnostics
            ? null
            : ExpressionStatement(InvocationExpression(MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, variable, IdentifierName("DetachAll"))));
    }

    /// <summary>The name a saved copy of <paramref name="member"/> is called by: <c>Net.ChallengeAckLimit</c> → <c>ChallengeAckLimit</c>.</summary>
    public static string StemOf(ExpressionSyntax member)
    {
        var name = member switch
        {
            MemberAccessExpressionSyntax access => access.Name.Identifier.ValueText,
            SimpleNameSyntax simple => simple.Identifier.ValueText,
            ElementAccessExpressionSyntax element => StemOf(element.Expression),
            ParenthesizedExpressionSyntax parenthesized => StemOf(parenthesized.Expression),
            _ => "Value",
        };
        if (name.Length > 2 && name[1] == '_' && char.IsLetter(name[0]))
        {
            name = name.Substring(2);
        }

        name = name.TrimStart('_');
        return name.Length == 0 ? "Value" : char.ToUpperInvariant(name[0]) + name.Substring(1);
    }

    /// <summary><c>recv.Register(h)</c> → <c>recv.Unregister(h)</c>; <c>list?.Add(x)</c> → <c>list?.Remove(x)</c>; <c>stack.Push(x)</c> → <c>stack.Pop()</c>.</summary>
    private static ExpressionSyntax? InverseCall(SyntaxNode change, string inverse)
    {
        var node = change;
        while (node is ConditionalAccessExpressionSyntax access)
        {
            node = access.WhenNotNull;
        }

        if (node is not InvocationExpressionSyntax invocation)
        {
            return null;
        }

        ExpressionSyntax? callee = invocation.Expression switch
        {
            MemberAccessExpressionSyntax access => access.WithName(Rename(access.Name, inverse)),
            MemberBindingExpressionSyntax binding => binding.WithName(Rename(binding.Name, inverse)),
            SimpleNameSyntax name => Rename(name, inverse),
            _ => null,
        };
        if (callee is null)
        {
            return null;
        }

        var call = invocation.WithExpression(callee);
        if (inverse == "Join")
        {
            // A join with a time limit: one without can hang the hook (and every other patch operation) on a thread that loops.
            call = call.WithArgumentList(ArgumentList(SingletonSeparatedList(Argument(ParseExpression(HookSafety.Analyzers.Rules.LifecycleWording.JoinTimeout)))));
        }
        else if (ArgumentlessInverses.Contains(inverse))
        {
            call = call.WithArgumentList(ArgumentList());
        }
        else if (IsInsertUndoneByRemove(invocation, inverse))
        {
            call = call.WithArgumentList(ArgumentList(SingletonSeparatedList(invocation.ArgumentList.Arguments[1])));
        }

        return ((ExpressionSyntax)change.ReplaceNode(invocation, call)).WithoutTrivia();
    }

    private static SimpleNameSyntax Rename(SimpleNameSyntax name, string newName)
        => name is GenericNameSyntax generic
            ? generic.WithIdentifier(Identifier(newName))
            : IdentifierName(newName);

    /// <summary><c>field?.Dispose()</c>; <c>field.Dispose()</c> for a struct.</summary>
    private static ExpressionSyntax Dispose(ExpressionSyntax member, ITypeSymbol? type)
        => type is { IsValueType: true }
            ? InvocationExpression(MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, member, IdentifierName("Dispose")))
            : ConditionalAccessExpression(member, InvocationExpression(MemberBindingExpression(IdentifierName("Dispose"))));
}

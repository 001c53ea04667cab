using System;
using System.Linq;
using HookSafety.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Simplification;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace HookSafety.CodeFixes;

/// <summary>
/// The fixes the concurrency rules (HS0006, HS0007) share, for an access in the root itself (<c>Direct</c>, not through
/// a helper): replace a whole-statement update or store with its atomic form (<c>Interlocked.Increment/Decrement/Add</c>,
/// <c>Volatile.Write</c>), or wrap the statement that makes the access (for a check-then-act, the <c>if</c> that checks
/// the member, so the check and the act run under one lock) in a <c>lock</c>. A statement already under the lock is
/// left alone: in FixAll, a second finding of a statement the first fix wrapped has nothing left to do.
/// </summary>
internal static class ConcurrencyFixes
{
    /// <summary>
    /// <c>x++</c>/<c>++x</c> → <c>Interlocked.Increment(ref x);</c>, <c>x--</c> → <c>Interlocked.Decrement(ref x);</c>,
    /// <c>x += v</c> → <c>Interlocked.Add(ref x, v);</c>, <c>x -= v</c> → <c>Interlocked.Add(ref x, -(v));</c>, for an
    /// <c>int</c> or <c>long</c> field (a property has no <c>ref</c>) updated by a whole expression statement.
    /// </summary>
    public static PatchFix? InterlockedUpdate(FixTarget target, string equivalenceKey)
    {
        if (!target.IsDirect || target.Kind != nameof(Access.Update) || FixSyntax.StatementOf(target.Node) is not { } statement
            || target.Node.Parent != statement)
        {
            return null;
        }

        (ExpressionSyntax Operand, string Method, ExpressionSyntax? Value)? update = target.Node switch
        {
            PostfixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.PostIncrementExpression } postfix => (postfix.Operand, "Increment", null),
            PostfixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.PostDecrementExpression } postfix => (postfix.Operand, "Decrement", null),
            PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.PreIncrementExpression } prefix => (prefix.Operand, "Increment", null),
            PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.PreDecrementExpression } prefix => (prefix.Operand, "Decrement", null),
            AssignmentExpressionSyntax { RawKind: (int)SyntaxKind.AddAssignmentExpression } add => (add.Left, "Add", add.Right.WithoutTrivia()),
            AssignmentExpressionSyntax { RawKind: (int)SyntaxKind.SubtractAssignmentExpression } subtract => (subtract.Left, "Add", Negate(subtract.Right.WithoutTrivia())),
            _ => null,
        };
        if (update is not var (operand, method, value)
            || target.Model.GetSymbolInfo(operand, target.CancellationToken).Symbol is not IFieldSymbol { IsConst: false, Type.SpecialType: SpecialType.System_Int32 or SpecialType.System_Int64 }
            || target.Model.Compilation.GetTypeByMetadataName("System.Threading.Interlocked") is not { } interlocked)
        {
            return null;
        }

        var reference = operand.WithoutTrivia();
        var title = $"Use 'Interlocked.{method}(ref {reference}{(value is null ? string.Empty : ", ...")})'";
        return new PatchFix(title, equivalenceKey, editor =>
        {
            var arguments = value is null
                ? new[] { RefArgument(reference) }
                : new[] { RefArgument(reference), Argument(value) };
            editor.ReplaceStatement(statement, ExpressionStatement(Call(editor.TypeAsExpression(interlocked, addImport: true), method, arguments)));
            return true;
        });
    }

    /// <summary><c>x = v;</c> → <c>Volatile.Write(ref x, v);</c> for a field that is not readonly, stored by a whole expression statement.</summary>
    public static PatchFix? VolatileWrite(FixTarget target, string equivalenceKey)
    {
        if (!target.IsDirect || target.Kind != nameof(Access.Store)
            || target.Node is not AssignmentExpressionSyntax { RawKind: (int)SyntaxKind.SimpleAssignmentExpression } store
            || FixSyntax.StatementOf(store) is not { } statement || store.Parent != statement
            || target.Model.GetSymbolInfo(store.Left, target.CancellationToken).Symbol is not IFieldSymbol { IsConst: false, IsReadOnly: false }
            || target.Model.Compilation.GetTypeByMetadataName("System.Threading.Volatile") is not { } volatileType)
        {
            return null;
        }

        var reference = store.Left.WithoutTrivia();
        return new PatchFix($"Use 'Volatile.Write(ref {reference}, ...)'", equivalenceKey, editor =>
        {
            editor.ReplaceStatement(statement, ExpressionStatement(Call(editor.TypeAsExpression(volatileType, addImport: true), "Write", RefArgument(reference), Argument(store.Right.WithoutTrivia()))));
            return true;
        });
    }

    /// <summary>
    /// Wraps the statement of the access in <c>lock (value) { ... }</c>, the value and how a title names it given by
    /// <paramref name="lockedValue"/> (null when there is none to take there); none when the statement already runs
    /// under a lock <paramref name="isHeld"/> accepts.
    /// </summary>
    public static PatchFix? WrapInLock(
        FixTarget target,
        string equivalenceKey,
        string title,
        Func<PatchEditor, StatementSyntax, (ExpressionSyntax Value, string Display)?> lockedValue,
        Func<LockStatementSyntax, bool> isHeld)
    {
        if (!target.IsDirect || AccessedMember(target) is not { } access
            || StatementToLock(target, access.Member) is not { } statement
            || HeldLocks(statement).Any(isHeld))
        {
            return null;
        }

        return new PatchFix(title, equivalenceKey, editor =>
        {
            if (lockedValue(editor, statement) is not var (value, display))
            {
                return false;
            }

            editor.Title = $"Wrap in 'lock ({display})'";
            editor.WrapInLock(statement, value);
            return true;
        });
    }

    /// <summary>
    /// The member the access reads or writes (the finding's <c>Path</c>), as named at the access: the reference
    /// (<c>s_x</c>, <c>this._x</c>, <c>other._x</c>) and its field or property.
    /// </summary>
    public static (ExpressionSyntax Reference, ISymbol Member)? AccessedMember(FixTarget target)
    {
        var path = target[FindingProperties.Path];
        foreach (var name in target.Node.DescendantNodesAndSelf().OfType<SimpleNameSyntax>())
        {
            if (name.Identifier.ValueText == path
                && target.Model.GetSymbolInfo(name, target.CancellationToken).Symbol is { } symbol
                && symbol is IFieldSymbol or IPropertySymbol { IsIndexer: false })
            {
                ExpressionSyntax reference = name.Parent is MemberAccessExpressionSyntax access && access.Name == name ? access : name;
                return (reference, symbol);
            }
        }

        return null;
    }

    /// <summary>
    /// The statement a lock must cover: the one the access is in (in the same function: not one that holds a lambda or
    /// a local function the access is in), or for a check-then-act, the innermost enclosing <c>if</c> whose condition
    /// reads the member; null when that is a declaration (its locals would go out of scope) or there is no statement
    /// (an expression body).
    /// </summary>
    public static StatementSyntax? StatementToLock(FixTarget target, ISymbol member)
    {
        StatementSyntax? statement = null;
        for (var node = target.Node; node is not null && statement is null; node = node.Parent)
        {
            if (IsFunctionBoundary(node))
            {
                return null;
            }

            statement = node as StatementSyntax;
        }

        if (statement is not null && target.Kind == nameof(Access.CheckThenAct)
            && target.Node is not AssignmentExpressionSyntax { RawKind: (int)SyntaxKind.CoalesceAssignmentExpression })
        {
            for (var node = statement.Parent; node is not null && !IsFunctionBoundary(node); node = node.Parent)
            {
                if (node is IfStatementSyntax check && Reads(target.Model, check.Condition, member))
                {
                    statement = check;
                    break;
                }
            }
        }

        return statement is null or LocalDeclarationStatementSyntax or LocalFunctionStatementSyntax or LabeledStatementSyntax or BlockSyntax
            ? null
            : statement;
    }

    /// <summary>The <c>lock</c> statements around <paramref name="statement"/> in its function.</summary>
    public static System.Collections.Generic.IEnumerable<LockStatementSyntax> HeldLocks(StatementSyntax statement)
    {
        for (var node = statement.Parent; node is not null && !IsFunctionBoundary(node); node = node.Parent)
        {
            if (node is LockStatementSyntax held)
            {
                yield return held;
            }
        }
    }

    /// <summary>
    /// How code at <paramref name="at"/> names <paramref name="name"/>, a member of <paramref name="type"/>: by its
    /// name when that binds to <paramref name="member"/> there (or, for a member still to be added, to nothing), else
    /// qualified by the type (<c>P.s_gate</c>).
    /// </summary>
    public static ExpressionSyntax StaticMember(PatchEditor editor, SyntaxNode at, INamedTypeSymbol type, string name, ISymbol? member)
    {
        var found = editor.ModelOf(at).LookupSymbols(at.SpanStart, name: name);
        var bound = member is null ? found.IsEmpty : found.Length == 1 && SymbolEqualityComparer.Default.Equals(found[0], member);
        return bound
            ? IdentifierName(name)
            : MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, editor.TypeAsExpression(type), IdentifierName(name));
    }

    /// <summary>Whether code at <paramref name="position"/> has a <c>this</c>: it is in an instance member, and in no static lambda or local function.</summary>
    public static bool HasThis(SemanticModel model, int position)
    {
        for (var symbol = model.GetEnclosingSymbol(position); symbol is not null; symbol = symbol.ContainingSymbol)
        {
            switch (symbol)
            {
                case IMethodSymbol { MethodKind: MethodKind.AnonymousFunction or MethodKind.LocalFunction } function:
                    if (function.IsStatic)
                    {
                        return false;
                    }

                    break;
                case IMethodSymbol or IPropertySymbol or IFieldSymbol or IEventSymbol:
                    return !symbol.IsStatic;
                default:
                    return false;
            }
        }

        return false;
    }

    private static bool IsFunctionBoundary(SyntaxNode node)
        => node is AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax or ArrowExpressionClauseSyntax
            or MemberDeclarationSyntax or AccessorDeclarationSyntax;

    private static bool Reads(SemanticModel model, ExpressionSyntax condition, ISymbol member)
        => condition.DescendantNodesAndSelf().OfType<SimpleNameSyntax>()
            .Any(n => n.Identifier.ValueText == member.Name && SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(n).Symbol, member));

    /// <summary><c>-(v)</c>; the simplifier drops the parentheses where they are not needed (<c>-1</c>, <c>-n</c>).</summary>
    private static ExpressionSyntax Negate(ExpressionSyntax value)
        => value is LiteralExpressionSyntax { RawKind: (int)SyntaxKind.NumericLiteralExpression }
            ? PrefixUnaryExpression(SyntaxKind.UnaryMinusExpression, value)
            : PrefixUnaryExpression(SyntaxKind.UnaryMinusExpression, ParenthesizedExpression(value).WithAdditionalAnnotations(Simplifier.Annotation));

    private static ArgumentSyntax RefArgument(ExpressionSyntax reference)
        => Argument(reference).WithRefKindKeyword(Token(SyntaxKind.RefKeyword));

    private static InvocationExpressionSyntax Call(ExpressionSyntax type, string method, params ArgumentSyntax[] arguments)
        => InvocationExpression(
            MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, type, IdentifierName(method)),
            ArgumentList(SeparatedList(arguments)));
}

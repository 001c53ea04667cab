using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using HookSafety.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace HookSafety.CodeFixes.Rules;

/// <summary>
/// HS0007: takes the lock a <c>[GuardedBy("gate")]</c> member names around an access made without it in the root itself
/// (not through a helper): wraps the statement (for a check-then-act, the <c>if</c> that checks the member) in
/// <c>lock (gate) { ... }</c>. The lock is named as the access names the member: <c>gate</c> (<c>this.gate</c> if a
/// local hides it), <c>other.gate</c> for <c>other.x</c>, <c>Type.gate</c> for a static lock not in scope. An instance
/// lock cannot be taken in static code: no fix there. A <c>[GuardedBy]</c> that names no member has no fix.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(TakeGuardLockFixer)), Shared]
public sealed class TakeGuardLockFixer : PatchFixer
{
    public const string EquivalenceKey = "HS0007.Lock";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.GuardedBy);

    private protected override PatchFix? Plan(FixTarget target)
    {
        if (target[FindingProperties.Lock] is not { Length: > 0 } lockName
            || ConcurrencyFixes.AccessedMember(target) is not var (reference, member)
            || Guards.Of(target.Api, member) is not { Lock: { } lockMember })
        {
            return null;
        }

        return ConcurrencyFixes.WrapInLock(
            target,
            EquivalenceKey,
            $"Wrap in 'lock ({lockName})'",
            (editor, statement) => LockedValue(editor, statement, reference, member, lockMember),
            held => SymbolEqualityComparer.Default.Equals(target.Model.GetSymbolInfo(held.Expression, target.CancellationToken).Symbol, lockMember));
    }

    private static (ExpressionSyntax, string)? LockedValue(PatchEditor editor, StatementSyntax statement, ExpressionSyntax reference, ISymbol member, ISymbol lockMember)
    {
        var name = lockMember.Name;
        if (lockMember.IsStatic)
        {
            var value = ConcurrencyFixes.StaticMember(editor, statement, lockMember.ContainingType, name, lockMember);
            return (value, name);
        }

        // An instance lock: the instance whose member is accessed, or this (for a static member guarded by an instance lock).
        var receiver = !member.IsStatic && reference is MemberAccessExpressionSyntax { Expression: var expression } ? expression : null;
        if (receiver is not null and not ThisExpressionSyntax)
        {
            return FixSyntax.IsPlainMember(receiver) && !receiver.DescendantNodesAndSelf().Any(n => n is ElementAccessExpressionSyntax)
                ? (MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, receiver.WithoutTrivia(), IdentifierName(name)), $"{receiver.WithoutTrivia()}.{name}")
                : null;
        }

        var model = editor.ModelOf(statement);
        if (!ConcurrencyFixes.HasThis(model, statement.SpanStart))
        {
            return null;
        }

        var found = model.LookupSymbols(statement.SpanStart, name: name);
        return found.Length == 1 && SymbolEqualityComparer.Default.Equals(found[0], lockMember)
            ? (IdentifierName(name), name)
            : (MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, ThisExpression(), IdentifierName(name)), $"this.{name}");
    }
}

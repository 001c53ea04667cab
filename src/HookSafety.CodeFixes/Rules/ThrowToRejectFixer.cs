using System.Collections.Immutable;
using System.Composition;
using HookSafety.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace HookSafety.CodeFixes.Rules;

/// <summary>
/// HS0008 (a <c>PrePatch</c> that throws): turns a <c>throw new X(...);</c> statement written in <c>PrePatch</c> itself
/// into <c>return HookResult.Reject(reason);</c>. The reason is the exception's first argument when it is a string (the
/// message, or whatever string the exception took first: <c>nameof(x)</c> stays a parameter name), else the exception
/// type's name as a literal (<c>"InvalidOperationException"</c>); the other arguments are dropped. No fix for a throw
/// expression, a rethrow, a throw of anything but a new exception, one in a lambda, a local function or a helper, nor
/// for a rejection after a change (the rule's other message).
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ThrowToRejectFixer)), Shared]
public sealed class ThrowToRejectFixer : PatchFixer
{
    public const string EquivalenceKey = "HS0008.Reject";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.PrePatchFailure);

    private protected override PatchFix? Plan(FixTarget target)
    {
        if (!target.Is(Descriptors.PrePatchFailure) || !target.IsDirect || target.Hook != Hooks.PrePatch
            || target.Node is not ThrowStatementSyntax { Expression: ObjectCreationExpressionSyntax creation } statement
            || EnclosingMethod(statement) is not { } method
            || target.Model.GetTypeInfo(creation, target.CancellationToken).Type is not { TypeKind: not TypeKind.Error } exceptionType
            || target.Api.HookResult is not { } hookResult)
        {
            return null;
        }

        var reason = Reason(target, creation, exceptionType);
        return new PatchFix("Return HookResult.Reject(...) instead of throwing", EquivalenceKey, editor =>
        {
            if (editor.HookDeclaredBy(method, Hooks.PrePatch) is null)
            {
                return false;
            }

            var reject = InvocationExpression(
                MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, editor.TypeAsExpression(hookResult), IdentifierName("Reject")),
                ArgumentList(SingletonSeparatedList(Argument(reason))));
            editor.Title = $"Return 'HookResult.Reject({Shorten(reason.ToString())})' instead of throwing";
            editor.ReplaceStatement(statement, ReturnStatement(reject));
            return true;
        });
    }

    /// <summary>The method whose own body holds <paramref name="statement"/> (not a lambda's or a local function's).</summary>
    private static MethodDeclarationSyntax? EnclosingMethod(SyntaxNode statement)
    {
        for (var node = statement.Parent; node is not null; node = node.Parent)
        {
            switch (node)
            {
                case MethodDeclarationSyntax method:
                    return method;
                case AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax or MemberDeclarationSyntax or AccessorDeclarationSyntax:
                    return null;
            }
        }

        return null;
    }

    /// <summary>The exception's first argument if it is a string, else the exception type's name as a literal.</summary>
    private static ExpressionSyntax Reason(FixTarget target, ObjectCreationExpressionSyntax creation, ITypeSymbol exceptionType)
    {
        if (creation.ArgumentList?.Arguments is { Count: > 0 } arguments
            && arguments[0].RefKindKeyword.IsKind(SyntaxKind.None)
            && target.Model.GetTypeInfo(arguments[0].Expression, target.CancellationToken).Type is { SpecialType: SpecialType.System_String })
        {
            return arguments[0].Expression.WithoutTrivia();
        }

        return LiteralExpression(SyntaxKind.StringLiteralExpression, Literal(exceptionType.Name));
    }

    private static string Shorten(string text) => text.Length <= 40 ? text : text.Substring(0, 37) + "...";
}

using System.Collections.Generic;
using System.Linq;
using HookSafety.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace HookSafety.CodeFixes;

/// <summary>
/// Creating hooks: the statements appended to a hook the class lacks wait here, and the hook is made once, with them
/// (calling a base patch's hook first), and placed among the other hooks in lifecycle order.
/// </summary>
internal sealed partial class PatchEditor
{
    /// <summary>The hooks to create, with the statements appended to each.</summary>
    private readonly List<(string Hook, List<StatementSyntax> Statements)> _newHooks = new();

    /// <summary>After the last hook (in source order) that comes earlier in the lifecycle; else before the first that comes later; else last.</summary>
    private static int HookPosition(ClassDeclarationSyntax part, string hook)
    {
        var order = Hooks.All.IndexOf(hook);
        int? after = null, before = null;
        for (var i = 0; i < part.Members.Count; i++)
        {
            if (part.Members[i] is MethodDeclarationSyntax method && Hooks.All.IndexOf(method.Identifier.ValueText) is var o && o >= 0
                && method.Modifiers.Any(SyntaxKind.OverrideKeyword))
            {
                if (o < order)
                {
                    after = i;
                }
                else if (o > order && before is null)
                {
                    before = i;
                }
            }
        }

        return after + 1 ?? before ?? part.Members.Count;
    }

    private MethodDeclarationSyntax NewHook(string hook, IEnumerable<StatementSyntax> statements)
    {
        var body = new List<StatementSyntax>();
        var isPrePatch = hook == Hooks.PrePatch;
        if (BaseOverride(hook) is not null)
        {
            // A base patch's hook still runs first; a base PrePatch that rejects is obeyed before anything is changed:
            // var result = base.PrePatch(context); if (result.IsRejected) { return result; }
            var callBase = InvocationExpression(
                MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, BaseExpression(), IdentifierName(hook)),
                ArgumentList(SingletonSeparatedList(Argument(IdentifierName(ContextParameter)))));
            if (isPrePatch)
            {
                body.Add(LocalDeclarationStatement(VariableDeclaration(IdentifierName("var"), SingletonSeparatedList(VariableDeclarator("result").WithInitializer(EqualsValueClause(callBase))))));
                body.Add(IfStatement(
                    MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, IdentifierName("result"), IdentifierName("IsRejected")),
                    Block(ReturnStatement(IdentifierName("result")))));
            }
            else
            {
                body.Add(ExpressionStatement(callBase));
            }
        }

        body.AddRange(statements);
        if (isPrePatch)
        {
            body.Add(ReturnStatement(MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, TypeAsExpression(Api.HookResult!), IdentifierName("Continue"))));
        }

        var modifiers = HooksAreProtectedInternal
            ? TokenList(Token(SyntaxKind.ProtectedKeyword), Token(SyntaxKind.InternalKeyword), Token(SyntaxKind.OverrideKeyword))
            : TokenList(Token(SyntaxKind.ProtectedKeyword), Token(SyntaxKind.OverrideKeyword));
        var method = MethodDeclaration(isPrePatch ? TypeOf(Api.HookResult!) : PredefinedType(Token(SyntaxKind.VoidKeyword)), hook)
            .WithModifiers(modifiers)
            .WithParameterList(ParameterList(SingletonSeparatedList(Parameter(Identifier(ContextParameter)).WithType(TypeOf(Api.PatchContext!)))))
            .WithBody(Block(SeparateReturn(List(body), NewLineOf(Part))));
        return Mark(method);
    }

    /// <summary>
    /// <paramref name="statements"/> of a new hook with their final return (if any) set off by one blank line when the
    /// statement before it ends in a block, and by none otherwise; statements appended later before that return take the
    /// blank line over (<see cref="AppendTo"/>), so one FixAll and several fixes in turn write the same text.
    /// </summary>
    private static SyntaxList<StatementSyntax> SeparateReturn(SyntaxList<StatementSyntax> statements, SyntaxTrivia newLine)
    {
        if (statements.Count < 2 || statements.Last() is not ReturnStatementSyntax last)
        {
            return statements;
        }

        var leading = WithoutBlankLines(last.GetLeadingTrivia());
        if (statements[statements.Count - 2].GetLastToken().IsKind(SyntaxKind.CloseBraceToken))
        {
            leading = leading.Insert(0, newLine);
        }

        return statements.Replace(last, last.WithLeadingTrivia(leading));
    }
}

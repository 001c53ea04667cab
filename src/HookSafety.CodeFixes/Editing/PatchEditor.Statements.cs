using System.Collections.Generic;
using System.Linq;
using HookSafety.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace HookSafety.CodeFixes;

/// <summary>
/// Editing statements: append them to a hook (before a final <c>return</c>, so <c>PrePatch</c> still returns last),
/// insert one before or after another, move one up in its block, replace one, wrap one in a <c>lock</c>, and wrap a
/// hook's whole body in a <c>try</c>.
/// </summary>
internal sealed partial class PatchEditor
{
    /// <summary>The existing hooks statements were appended to.</summary>
    private readonly HashSet<MethodDeclarationSyntax> _appendedTo = new();

    /// <summary>Whether statements can be appended to <paramref name="hook"/>: it exists and ends so that they run, or it can be created.</summary>
    public bool CanAppend(string hook)
    {
        if (!Hooks.All.Contains(hook))
        {
            return false;
        }

        if (FindHook(hook) is { } existing)
        {
            return existing.Syntax.ExpressionBody is not null
                   || (existing.Syntax.Body is { } body && (existing.Symbol.ReturnsVoid || ContinueReturn(body) is not null));
        }

        // A member of that name that is no override (a hidden hook, HS0014) would clash. A base patch's hook is called
        // first by the new one (see NewHook).
        return Type.GetMembers(hook).IsEmpty;
    }

    /// <summary>Appends <paramref name="statements"/> to <paramref name="hook"/> (before its final <c>return</c>), creating the hook if missing.</summary>
    public bool Append(string hook, params StatementSyntax[] statements)
    {
        if (!CanAppend(hook))
        {
            return false;
        }

        var added = statements.Select(Mark).ToList();
        if (FindHook(hook) is { } existing)
        {
            _appendedTo.Add(existing.Syntax);
            EditorOf(existing.Syntax)!.ReplaceNode(existing.Syntax, (current, _) => AppendTo((MethodDeclarationSyntax)current, added));
        }
        else if (_newHooks.FirstOrDefault(h => h.Hook == hook) is { Statements: { } pending })
        {
            pending.AddRange(added);
        }
        else
        {
            _newHooks.Add((hook, added));
        }

        return true;
    }

    private static MethodDeclarationSyntax AppendTo(MethodDeclarationSyntax method, IReadOnlyList<StatementSyntax> statements)
    {
        if (method.Body is { } body)
        {
            var added = statements.ToList();
            if (!IsVoid(method) && ContinueReturn(body) is { Parent: BlockSyntax inner } continues && inner != body)
            {
                // PrePatch goes on in one branch only: the statements go before that branch's return.
                return method.WithBody(body.ReplaceNode(inner, inner.WithStatements(inner.Statements.InsertRange(inner.Statements.IndexOf(continues), added))));
            }

            var existing = body.Statements;
            var at = existing.LastOrDefault() is ReturnStatementSyntax ? existing.Count - 1 : existing.Count;
            if (at > 0 && existing[at - 1].GetLastToken().IsKind(SyntaxKind.CloseBraceToken) && LeadingBlankLines(added[0]) == 0)
            {
                // A blank line after a block.
                added[0] = added[0].WithLeadingTrivia(added[0].GetLeadingTrivia().Insert(0, NewLineOf(method)));
            }

            if (at < existing.Count && at > 0 && existing[at - 1].GetLastToken().IsKind(SyntaxKind.CloseBraceToken) && LeadingBlankLines(existing[at]) > 0)
            {
                // The blank line that set the return off from a block now sets off the appended statements (above).
                existing = existing.Replace(existing[at], existing[at].WithLeadingTrivia(WithoutBlankLines(existing[at].GetLeadingTrivia())));
            }

            return method.WithBody(body.WithStatements(existing.InsertRange(at, added)));
        }

        // An expression body becomes a block: the expression first for a void hook, returned last for PrePatch.
        var expression = method.ExpressionBody!.Expression.WithoutLeadingTrivia();
        return WithBlock(method, IsVoid(method)
            ? new StatementSyntax[] { ExpressionStatement(expression) }.Concat(statements)
            : statements.Concat(new StatementSyntax[] { ReturnStatement(expression) }));
    }

    /// <summary>
    /// The return that statements appended to a non-void hook (PrePatch) go before: its last statement, when that is a
    /// return; else its one <c>return HookResult.Continue;</c> in a block, when every other return rejects
    /// (<c>return HookResult.Reject(...);</c>): the statements then run exactly when the patch goes on. Null otherwise.
    /// </summary>
    private static ReturnStatementSyntax? ContinueReturn(BlockSyntax body)
    {
        if (body.Statements.LastOrDefault() is ReturnStatementSyntax last)
        {
            return last;
        }

        ReturnStatementSyntax? continues = null;
        foreach (var node in body.DescendantNodes(n => n is not (AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax)))
        {
            switch (node)
            {
                case ReturnStatementSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Continue" }, Parent: BlockSyntax } found when continues is null:
                    continues = found;
                    break;
                case ReturnStatementSyntax { Expression: InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Reject" } } }:
                    break;
                case ReturnStatementSyntax:
                    return null;
            }
        }

        return continues;
    }

    public void InsertBefore(StatementSyntax anchor, StatementSyntax statement) => EditorOf(anchor)!.InsertBefore(anchor, Mark(statement));

    /// <summary>Moves <paramref name="statement"/> (with its comments) to just before <paramref name="anchor"/>, in the same block.</summary>
    public void MoveBefore(StatementSyntax statement, StatementSyntax anchor)
    {
        var editor = EditorOf(statement)!;
        editor.RemoveNode(statement, SyntaxRemoveOptions.KeepNoTrivia);
        if (statement.GetLastToken().IsKind(SyntaxKind.CloseBraceToken) && LeadingBlankLines(anchor) == 0)
        {
            // A blank line after a block.
            editor.ReplaceNode(anchor, (current, _) => current.WithLeadingTrivia(current.GetLeadingTrivia().Insert(0, NewLineOf(anchor))));
        }

        editor.InsertBefore(anchor, Mark(statement.WithLeadingTrivia(anchor.GetLeadingTrivia()).WithTrailingTrivia(statement.GetTrailingTrivia())));
    }

    public void InsertAfter(StatementSyntax anchor, StatementSyntax statement) => EditorOf(anchor)!.InsertAfter(anchor, Mark(statement));

    /// <summary>Replaces <paramref name="statement"/> with <paramref name="replacement"/>, which takes its comments.</summary>
    public void ReplaceStatement(StatementSyntax statement, StatementSyntax replacement)
    {
        CheckErrors(statement);
        EditorOf(statement)!.ReplaceNode(statement, Mark(replacement.WithTriviaFrom(statement)));
    }

    /// <summary>
    /// Wraps <paramref name="statement"/> in <c>lock (<paramref name="lockedValue"/>) { ... }</c>: the lock takes the
    /// comments before the statement, the statement keeps the one after it.
    /// </summary>
    public void WrapInLock(StatementSyntax statement, ExpressionSyntax lockedValue)
    {
        CheckErrors(statement);
        var inner = statement.WithLeadingTrivia(ElasticMarker);
        var body = Block(SingletonList(inner)).WithCloseBraceToken(Token(SyntaxKind.CloseBraceToken).WithTrailingTrivia(ElasticMarker));
        // An embedded statement (if (c) x++;) or one of a switch section: the formatter places the lock, keeping comments.
        var leading = statement.Parent is BlockSyntax || statement.GetLeadingTrivia().Any(t => !t.IsKind(SyntaxKind.WhitespaceTrivia) && !t.IsKind(SyntaxKind.EndOfLineTrivia))
            ? statement.GetLeadingTrivia()
            : TriviaList(ElasticMarker);
        var wrapped = LockStatement(lockedValue.WithoutTrivia(), body).WithLeadingTrivia(leading);
        EditorOf(statement)!.ReplaceNode(statement, Mark(wrapped));
    }

    /// <summary>
    /// Wraps the whole body of <paramref name="method"/> in <c>try { ... }</c> followed by <paramref name="handler"/>; an
    /// expression-bodied void method gets a block. The statements keep their comments, including those at the end of
    /// the block; false when the method has no body to wrap (an expression body that returns a value, or none).
    /// </summary>
    public bool WrapBodyInTry(MethodDeclarationSyntax method, CatchClauseSyntax handler)
    {
        if (EditorOf(method) is not { } editor || !(method.Body is not null || (method.ExpressionBody is not null && IsVoid(method))))
        {
            return false;
        }

        CheckErrors(method);
        editor.ReplaceNode(method, (current, _) =>
        {
            var declaration = (MethodDeclarationSyntax)current;
            if (declaration.Body is null)
            {
                declaration = WithBlock(declaration, new[] { StatementOf(declaration.ExpressionBody!.Expression.WithoutTrivia()) });
            }

            var body = declaration.Body!;
            var tryBlock = Block(body.Statements)
                .WithCloseBraceToken(Token(SyntaxKind.CloseBraceToken).WithLeadingTrivia(body.CloseBraceToken.LeadingTrivia));
            var wrapped = TryStatement(tryBlock, SingletonList(handler), null);
            var newBody = body
                .WithStatements(SingletonList<StatementSyntax>(wrapped))
                .WithCloseBraceToken(body.CloseBraceToken.WithLeadingTrivia(ElasticMarker));
            return declaration.WithBody(Mark(newBody));
        });
        return true;
    }

    /// <summary>An expression-bodied method with a block body of <paramref name="statements"/> instead.</summary>
    private static MethodDeclarationSyntax WithBlock(MethodDeclarationSyntax method, IEnumerable<StatementSyntax> statements)
    {
        var block = Block(statements).WithCloseBraceToken(Token(SyntaxKind.CloseBraceToken).WithTrailingTrivia(method.SemicolonToken.TrailingTrivia));
        return method
            .WithParameterList(method.ParameterList.WithTrailingTrivia(ElasticMarker))
            .WithExpressionBody(null)
            .WithSemicolonToken(default)
            .WithBody(block)
            .WithAdditionalAnnotations(Formatter.Annotation);
    }

    /// <summary>The statement a void method's expression body stands for: <c>throw x;</c> for <c>=&gt; throw x</c>.</summary>
    private static StatementSyntax StatementOf(ExpressionSyntax expression)
        => expression is ThrowExpressionSyntax thrown ? ThrowStatement(thrown.Expression) : ExpressionStatement(expression);
}

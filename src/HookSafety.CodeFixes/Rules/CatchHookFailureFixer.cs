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
/// HS0009 (an exception can leave a hook that cannot fail): wraps the whole body of the hook (<c>PostPatch</c>,
/// <c>PreUnpatch</c> or <c>PostUnpatch</c>, declared in the patch class of the diagnostic's document) in
/// <c>try { ... } catch (Exception e) { Trace.TraceError($"patch-id: PostPatch failed: {e}"); }</c>, naming the patch
/// by its <c>[Patch]</c> id (else its class name); an expression-bodied hook gets a block. It serves a throw in the
/// hook and one in a helper it calls alike. A finding already inside a <c>try</c> of the hook with an unfiltered
/// <c>catch (Exception)</c> or bare <c>catch</c> is left alone: in FixAll, the second finding of a hook the first fix
/// wrapped has nothing left to do.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(CatchHookFailureFixer)), Shared]
public sealed class CatchHookFailureFixer : PatchFixer
{
    public const string EquivalenceKey = "HS0009.CatchAndReport";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.HookCannotFail);

    private protected override PatchFix? Plan(FixTarget target)
    {
        if (!target.Is(Descriptors.HookCannotFail) || target.Hook is not (Hooks.PostPatch or Hooks.PreUnpatch or Hooks.PostUnpatch)
            || target.Model.Compilation.GetTypeByMetadataName("System.Exception") is not { } exceptionType
            || target.Model.Compilation.GetTypeByMetadataName("System.Diagnostics.Trace") is not { } trace
            || IsCaught(target, exceptionType))
        {
            return null;
        }

        var hookName = target.Hook;
        return new PatchFix($"Catch and report what {hookName} throws", EquivalenceKey, editor =>
        {
            // The hook of the patch class, declared where the diagnostic is.
            if (editor.FindHook(hookName) is not var (hook, symbol) || !hook.Span.Contains(target.Node.Span) || hook.SyntaxTree != target.Node.SyntaxTree)
            {
                return false;
            }

            var variable = new[] { "e", "ex", "exception" }.FirstOrDefault(n => symbol.Parameters.All(p => p.Name != n));
            if (variable is null)
            {
                return false;
            }

            var patch = PatchIds.Of(editor.Api, editor.Type) ?? editor.Type.Name;
            var message = InterpolatedStringExpression(
                Token(SyntaxKind.InterpolatedStringStartToken),
                List(new InterpolatedStringContentSyntax[]
                {
                    InterpolatedText(patch + ": " + hookName + " failed: "),
                    Interpolation(IdentifierName(variable)),
                }));
            var report = ExpressionStatement(InvocationExpression(
                MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, editor.TypeAsExpression(trace, addImport: true), IdentifierName("TraceError")),
                ArgumentList(SingletonSeparatedList(Argument(message)))));
            var handler = CatchClause(
                CatchDeclaration(editor.TypeWithImport(exceptionType), Identifier(variable)),
                null,
                Block(report));
            return editor.WrapBodyInTry(hook, handler);
        });
    }

    /// <summary>Whether the target's node is in the block of a <c>try</c> (of its function) whose <c>catch</c> takes every exception.</summary>
    private static bool IsCaught(FixTarget target, INamedTypeSymbol exceptionType)
    {
        for (var current = target.Node; current.Parent is { } parent; current = parent)
        {
            if (parent is AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax or MemberDeclarationSyntax)
            {
                return false;
            }

            if (parent is TryStatementSyntax tryStatement && tryStatement.Block == current
                && tryStatement.Catches.Any(c => c.Filter is null
                    && (c.Declaration is null || SymbolEqualityComparer.Default.Equals(target.Model.GetTypeInfo(c.Declaration.Type, target.CancellationToken).Type, exceptionType))))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The text of an interpolated string, with its braces, quotes and backslashes escaped, as the parser reads it (its
    /// token's value keeps the doubled braces), so that the fixed tree is the tree of the fixed text.
    /// </summary>
    private static InterpolatedStringTextSyntax InterpolatedText(string text)
    {
        var literal = SymbolDisplay.FormatLiteral(text, quote: false).Replace("{", "{{").Replace("}", "}}");
        return ((InterpolatedStringExpressionSyntax)ParseExpression("$\"" + literal + "\"")).Contents.OfType<InterpolatedStringTextSyntax>().Single();
    }
}

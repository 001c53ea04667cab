using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace HookSafety.CodeFixes;

/// <summary>
/// Finding hooks: the override of a hook in the patch class (any part) or in a base patch, whether a method is the
/// hook, the hook whose body holds a statement, its parameter's name, whether it already has a statement, and how an
/// override of a hook is declared here.
/// </summary>
internal sealed partial class PatchEditor
{
    /// <summary>The override of <paramref name="hook"/> in the patch class (any part), or null.</summary>
    public (MethodDeclarationSyntax Syntax, IMethodSymbol Symbol)? FindHook(string hook)
    {
        foreach (var method in HookSafety.Analyzers.Hooks.OverridesIn(Type, hook))
        {
            if (method.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(_target.CancellationToken) is MethodDeclarationSyntax syntax
                && EditorOf(syntax) is not null)
            {
                return (syntax, method);
            }
        }

        return null;
    }

    /// <summary>The override of <paramref name="hook"/> in the patch class when <paramref name="method"/> declares it, else null.</summary>
    public (MethodDeclarationSyntax Syntax, IMethodSymbol Symbol)? HookDeclaredBy(MethodDeclarationSyntax? method, string hook)
        => method is not null && FindHook(hook) is { } found && found.Syntax == method ? found : null;

    /// <summary>
    /// The hook <paramref name="hook"/> if its body holds <paramref name="movable"/> directly: a statement of its block (not
    /// nested in another block or a lambda), or the expression of a void hook's expression body.
    /// </summary>
    public (MethodDeclarationSyntax Syntax, IMethodSymbol Symbol)? HookHolding(SyntaxNode movable, string hook)
    {
        var method = movable switch
        {
            StatementSyntax { Parent: BlockSyntax { Parent: MethodDeclarationSyntax m } block } when m.Body == block => m,
            ExpressionSyntax { Parent: ArrowExpressionClauseSyntax { Parent: MethodDeclarationSyntax m } } when IsVoid(m) => m,
            _ => null,
        };
        return HookDeclaredBy(method, hook);
    }

    /// <summary>The name of the hook's parameter: the existing override's, or the one a created hook gets.</summary>
    public string ParameterName(string hook) => FindHook(hook)?.Symbol.Parameters[0].Name ?? ContextParameter;

    /// <summary>Whether the hook has a top-level statement <paramref name="predicate"/> accepts (the fix was made already).</summary>
    public bool HookHas(string hook, System.Func<StatementSyntax, bool> predicate)
        => FindHook(hook)?.Syntax.Body?.Statements.Any(predicate) == true
           || _newHooks.Any(h => h.Hook == hook && h.Statements.Any(predicate));

    /// <summary>The override of <paramref name="hook"/> in a base patch (between the patch class and LivePatch), if any.</summary>
    private IMethodSymbol? BaseOverride(string hook)
    {
        for (var type = Type.BaseType; type is not null && !SymbolEqualityComparer.Default.Equals(type, Api.LivePatch); type = type.BaseType)
        {
            if (HookSafety.Analyzers.Hooks.OverridesIn(type, hook).FirstOrDefault() is { } method)
            {
                return method;
            }
        }

        return null;
    }

    /// <summary>
    /// Whether an override of a hook in this compilation is <c>protected internal</c>, as LivePatch's hooks are, because
    /// LivePatch is declared here; outside its assembly an override is <c>protected</c>.
    /// </summary>
    public bool HooksAreProtectedInternal => SymbolEqualityComparer.Default.Equals(Api.LivePatch.ContainingAssembly, _target.Model.Compilation.Assembly);

    private static bool IsVoid(MethodDeclarationSyntax method) => method.ReturnType is PredefinedTypeSyntax { Keyword.RawKind: (int)SyntaxKind.VoidKeyword };
}

using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;

namespace HookSafety.CodeFixes;

/// <summary>
/// Giving a class the shape of a patch (HS0014): <c>[Patch("id")]</c> or the <c>LivePatch</c> base added to its
/// declaration, a method that hides a hook made its override. Made with the syntax generator, these edits are not
/// compile-checked (nothing is marked for <see cref="GetChangedSolutionAsync"/>): the shape fixes are offered whatever
/// the class gives after them, as they always were.
/// </summary>
internal sealed partial class PatchEditor
{
    /// <summary>Adds <c>[Patch("<paramref name="id"/>")]</c> to <paramref name="declaration"/>.</summary>
    public bool AddPatchAttribute(ClassDeclarationSyntax declaration, string id)
    {
        if (EditorOf(declaration) is not { } editor)
        {
            return false;
        }

        var generator = editor.Generator;
        editor.AddAttribute(declaration, generator.Attribute(
            generator.TypeExpression(Api.PatchAttribute),
            new[] { generator.AttributeArgument(generator.LiteralExpression(id)) }));
        return true;
    }

    /// <summary>Makes <paramref name="declaration"/> derive from <c>LivePatch</c> (before the interfaces it implements).</summary>
    public bool AddLivePatchBase(ClassDeclarationSyntax declaration)
    {
        if (EditorOf(declaration) is not { } editor)
        {
            return false;
        }

        editor.AddBaseType(declaration, editor.Generator.TypeExpression(Api.LivePatch));
        return true;
    }

    /// <summary>
    /// Makes <paramref name="method"/>, which hides a hook, its override: without <c>new</c>, <c>virtual</c> or
    /// <c>abstract</c>, with the accessibility an override of a hook has here (<see cref="HooksAreProtectedInternal"/>).
    /// </summary>
    public bool MakeHookOverride(MethodDeclarationSyntax method)
    {
        if (EditorOf(method) is not { } editor)
        {
            return false;
        }

        var generator = editor.Generator;
        var modifiers = generator.GetModifiers(method)
            .WithIsNew(false).WithIsVirtual(false).WithIsAbstract(false).WithIsOverride(true);
        var accessibility = HooksAreProtectedInternal ? Accessibility.ProtectedOrInternal : Accessibility.Protected;
        editor.ReplaceNode(method, generator.WithAccessibility(generator.WithModifiers(method, modifiers), accessibility));
        return true;
    }
}

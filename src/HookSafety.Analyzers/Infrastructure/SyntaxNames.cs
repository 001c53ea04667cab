using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace HookSafety.Analyzers;

/// <summary>Names as written, read without binding.</summary>
internal static class SyntaxNames
{
    /// <summary>
    /// A name's last identifier, without qualifier, alias or type arguments: <c>HookSafety.Hooks.Patch</c>,
    /// <c>H::Patch</c> and <c>Patch</c> are all <c>Patch</c>; <c>ShadowVariable&lt;A, B&gt;</c> is <c>ShadowVariable</c>.
    /// </summary>
    public static string Rightmost(NameSyntax name) => name switch
    {
        QualifiedNameSyntax qualified => qualified.Right.Identifier.ValueText,
        AliasQualifiedNameSyntax aliased => aliased.Name.Identifier.ValueText,
        SimpleNameSyntax simple => simple.Identifier.ValueText,
        _ => string.Empty,
    };
}

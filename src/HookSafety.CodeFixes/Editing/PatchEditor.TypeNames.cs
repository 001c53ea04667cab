using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Simplification;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace HookSafety.CodeFixes;

/// <summary>Type names as the fixed code reads them: qualified, then reduced by the simplifier, with or without a <c>using</c> added.</summary>
internal sealed partial class PatchEditor
{
    /// <summary>A type's name as the code reads it: qualified, then reduced by the simplifier where the usings allow.</summary>
    public TypeSyntax TypeOf(ITypeSymbol type)
        => ((TypeSyntax)Generator.TypeExpression(type)).WithAdditionalAnnotations(Simplifier.Annotation);

    /// <summary>A type's name as <see cref="TypeOf"/>, with a <c>using</c> of its namespace added to the document if missing.</summary>
    public TypeSyntax TypeWithImport(ITypeSymbol type)
        => TypeOf(type).WithAdditionalAnnotations(Simplifier.AddImportsAnnotation);

    /// <summary>
    /// A type's name where an expression is read (before <c>.Member</c>), reduced by the simplifier: the member-access
    /// chain the parser builds from the same text (<c>A.B.C</c> is a qualified name only where a type is read), so that
    /// the fixed tree is the tree of the fixed text. With <paramref name="addImport"/>, the type's namespace is imported
    /// and the name reduced to the type's own (the import is added to qualified names only).
    /// </summary>
    public ExpressionSyntax TypeAsExpression(ITypeSymbol type, bool addImport = false)
        => addImport ? TypeWithImport(type) : AsExpression(TypeOf(type)).WithAdditionalAnnotations(Simplifier.Annotation);

    private static ExpressionSyntax AsExpression(TypeSyntax type)
    {
        // A qualified name's left side is as deep as the type's namespaces are nested: no unbounded recursion.
        return type is QualifiedNameSyntax qualified
            ? MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, AsExpression(qualified.Left), qualified.Right)
            : type;
    }
}

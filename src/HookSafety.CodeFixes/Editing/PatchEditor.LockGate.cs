using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace HookSafety.CodeFixes;

/// <summary>The lock gate of the class: an existing <c>private static readonly object</c> field of the name, else one added once.</summary>
internal sealed partial class PatchEditor
{
    /// <summary>The gate's name, once asked.</summary>
    private string? _gate;

    /// <summary>
    /// The name of the class's lock gate, <c>private static readonly object <paramref name="stem"/> = new();</c>: an
    /// existing field of that name and shape in the patch class (any part), else one added under the first name not
    /// taken (<c>s_gate</c>, <c>s_gate2</c>, ...). Asked twice, the editor adds it once.
    /// </summary>
    public string Gate(string stem = "s_gate")
    {
        if (_gate is not null)
        {
            return _gate;
        }

        for (var n = 1; ; n++)
        {
            var name = n == 1 ? stem : stem + n.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (_reserved.Contains(name))
            {
                continue;
            }

            if (IsGate(name))
            {
                return _gate = name;
            }

            if (IsFree(name))
            {
                _reserved.Add(name);
                var languageVersion = (Part.SyntaxTree.Options as CSharpParseOptions)?.LanguageVersion ?? LanguageVersion.CSharp9;
                ExpressionSyntax creation = languageVersion >= LanguageVersion.CSharp9
                    ? ImplicitObjectCreationExpression()
                    : ObjectCreationExpression(PredefinedType(Token(SyntaxKind.ObjectKeyword))).WithArgumentList(ArgumentList());
                var declaration = FieldDeclaration(VariableDeclaration(
                        PredefinedType(Token(SyntaxKind.ObjectKeyword)),
                        SingletonSeparatedList(VariableDeclarator(name).WithInitializer(EqualsValueClause(creation)))))
                    .WithModifiers(TokenList(Token(SyntaxKind.PrivateKeyword), Token(SyntaxKind.StaticKeyword), Token(SyntaxKind.ReadOnlyKeyword)));
                _newFields.Add(Mark(declaration));
                return _gate = name;
            }
        }
    }

    /// <summary>Whether the patch class has <c>private static readonly object <paramref name="name"/> = new();</c> (or <c>new object()</c>).</summary>
    private bool IsGate(string name)
    {
        var members = Type.GetMembers(name);
        return members.Length == 1
               && members[0] is IFieldSymbol { IsStatic: true, IsReadOnly: true, DeclaredAccessibility: Accessibility.Private, Type.SpecialType: SpecialType.System_Object } field
               && field.DeclaringSyntaxReferences.Length == 1
               && field.DeclaringSyntaxReferences[0].GetSyntax(_target.CancellationToken) is VariableDeclaratorSyntax { Initializer.Value: var value }
               && value switch
               {
                   ImplicitObjectCreationExpressionSyntax { ArgumentList.Arguments.Count: 0, Initializer: null } => true,
                   ObjectCreationExpressionSyntax { Type: PredefinedTypeSyntax { Keyword.RawKind: (int)SyntaxKind.ObjectKeyword }, ArgumentList: null or { Arguments.Count: 0 }, Initializer: null } => true,
                   _ => false,
               };
    }
}

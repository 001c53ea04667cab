using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace HookSafety.CodeFixes;

/// <summary>Names: a moved node's references to its hook's parameter renamed, and names for new members not yet taken in the class or its bases.</summary>
internal sealed partial class PatchEditor
{
    /// <summary>The names given to new members so far.</summary>
    private readonly HashSet<string> _reserved = new(System.StringComparer.Ordinal);

    /// <summary><paramref name="node"/> with every reference to <paramref name="parameter"/> renamed to <paramref name="name"/>.</summary>
    public T RenameParameter<T>(T node, IParameterSymbol parameter, string name)
        where T : SyntaxNode
    {
        if (parameter.Name == name)
        {
            return node;
        }

        var model = ModelOf(node);
        var references = node.DescendantNodesAndSelf().OfType<IdentifierNameSyntax>()
            .Where(n => n.Identifier.ValueText == parameter.Name && SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(n, _target.CancellationToken).Symbol, parameter))
            .ToList();
        return node.ReplaceNodes(references, (original, _) => original.WithIdentifier(Identifier(original.Identifier.LeadingTrivia, name, original.Identifier.TrailingTrivia)));
    }

    /// <summary>A name for a new member, free in the patch class and its bases: <paramref name="stems"/> as they are, or each with the same number appended.</summary>
    public string[] ReserveNames(params string[] stems)
    {
        for (var n = 1; ; n++)
        {
            var names = stems.Select(s => n == 1 ? s : s + n.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
            if (names.All(IsFree))
            {
                _reserved.UnionWith(names);
                return names;
            }
        }
    }

    private bool IsFree(string name)
    {
        if (_reserved.Contains(name))
        {
            return false;
        }

        for (var type = Type; type is not null; type = type.BaseType)
        {
            if (!type.GetMembers(name).IsEmpty)
            {
                return false;
            }
        }

        return true;
    }
}

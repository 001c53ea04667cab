using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace HookSafety.Analyzers;

/// <summary>
/// Which members of a type carry one of the hook API's attributes, read from the type's declarations before anything is
/// bound (the declarations a rule looks at, the replacements of a patch).
/// </summary>
internal sealed partial class HookApi
{
    /// <summary>
    /// The members of <paramref name="type"/> that can carry <paramref name="attributeType"/> (one of the hook API's
    /// attributes), read from the type's own declarations: the methods, fields, properties and events whose declaration
    /// writes one of its names, found by name, unbound (a caller confirms each with <see cref="FindAttribute"/>). Null
    /// when the syntax cannot tell (a type from metadata, the name written on an accessor, an operator, a constructor, an
    /// explicit interface implementation...): then every member must be looked at. Empty for most types of a host, whose
    /// files do not name the attribute at all.
    /// </summary>
    public System.Collections.Generic.List<ISymbol>? MembersWrittenWith(INamedTypeSymbol type, INamedTypeSymbol attributeType)
    {
        // Found once per type and attribute: several rules and the model ask ([GuardedBy] at a type's start and end,
        // [Replaces] in the model and in HS0013). The list is shared: callers only read it.
        var slot = Slot(attributeType);
        if (slot < 0)
        {
            return FindMembersWrittenWith(type, attributeType);
        }

        var cache = _membersWritten[slot];
        return (cache.TryGetValue(type, out var box) ? box : cache.GetOrAdd(type, _findMembersWritten[slot])).Value;
    }

    private System.Collections.Generic.List<ISymbol>? FindMembersWrittenWith(INamedTypeSymbol type, INamedTypeSymbol attributeType)
    {
        var slot = Slot(attributeType);
        var references = type.DeclaringSyntaxReferences;
        if (slot < 0 || references.IsEmpty)
        {
            return null;
        }

        var names = AttributeNames(attributeType);
        var found = new System.Collections.Generic.List<ISymbol>();
        foreach (var reference in references)
        {
            if (!TextNames(reference.SyntaxTree, slot, names))
            {
                continue;
            }

            if (reference.GetSyntax() is not TypeDeclarationSyntax declaration)
            {
                return null; // an enum or a delegate naming it: let the caller look at everything
            }

            if (declaration.ParameterList is { } parameters)
            {
                foreach (var parameter in parameters.Parameters)
                {
                    if (Writes(parameter.AttributeLists, names))
                    {
                        AddNamed(type, parameter.Identifier.ValueText, found); // a record's property, declared by its parameter
                    }
                }
            }

            foreach (var member in declaration.Members)
            {
                if (member is BaseTypeDeclarationSyntax or DelegateDeclarationSyntax)
                {
                    continue; // nested types are looked at on their own
                }

                var direct = Writes(member.AttributeLists, names);
                var onAccessor = member is BasePropertyDeclarationSyntax { AccessorList.Accessors: var accessors } && OnAccessor(accessors, names);
                if (!direct && !onAccessor)
                {
                    continue;
                }

                switch (member)
                {
                    case MethodDeclarationSyntax { ExplicitInterfaceSpecifier: null } method when !onAccessor:
                        AddNamed(type, method.Identifier.ValueText, found);
                        break;
                    case BaseFieldDeclarationSyntax field when !onAccessor:
                        foreach (var variable in field.Declaration.Variables)
                        {
                            AddNamed(type, variable.Identifier.ValueText, found);
                        }

                        break;
                    case PropertyDeclarationSyntax { ExplicitInterfaceSpecifier: null } property when !onAccessor:
                        AddNamed(type, property.Identifier.ValueText, found);
                        break;
                    case EventDeclarationSyntax { ExplicitInterfaceSpecifier: null } @event when !onAccessor:
                        AddNamed(type, @event.Identifier.ValueText, found);
                        break;
                    default:
                        return null; // written where a name does not find the member: look at everything
                }
            }
        }

        return found;

        static bool Writes(SyntaxList<AttributeListSyntax> lists, System.Collections.Generic.HashSet<string> names)
        {
            foreach (var list in lists)
            {
                foreach (var attribute in list.Attributes)
                {
                    if (names.Contains(SyntaxNames.Rightmost(attribute.Name)))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        static bool OnAccessor(SyntaxList<AccessorDeclarationSyntax> accessors, System.Collections.Generic.HashSet<string> names)
        {
            foreach (var accessor in accessors)
            {
                if (Writes(accessor.AttributeLists, names))
                {
                    return true;
                }
            }

            return false;
        }

        static void AddNamed(INamedTypeSymbol type, string name, System.Collections.Generic.List<ISymbol> found)
        {
            foreach (var member in type.GetMembers(name))
            {
                if (!found.Contains(member, SymbolEqualityComparer.Default))
                {
                    found.Add(member);
                }
            }
        }
    }
}

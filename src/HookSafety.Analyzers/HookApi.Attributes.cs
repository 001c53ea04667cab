using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace HookSafety.Analyzers;

/// <summary>
/// Finding the hook API's attributes on symbols without binding every attribute of the compilation: by the names
/// written in the source (with and without the <c>Attribute</c> suffix, and the aliases declared for them), and only
/// then by binding.
/// </summary>
internal sealed partial class HookApi
{
    public AttributeData? FindAttribute(ISymbol symbol, INamedTypeSymbol? attributeType)
    {
        if (attributeType is null || !MayCarry(symbol, attributeType))
        {
            return null;
        }

        foreach (var attribute in symbol.GetAttributes())
        {
            if (SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, attributeType))
            {
                return attribute;
            }
        }

        return null;
    }

    /// <summary>
    /// False when no declaration of a source symbol writes an attribute that can be <paramref name="attributeType"/>:
    /// then its attributes need not be bound (most types and members of a compilation, asked about by the catalog and
    /// the rules). An attribute can be it when its name, without qualifier, is the type's name with or without the
    /// <c>Attribute</c> suffix, or an alias declared for it somewhere in the compilation.
    /// </summary>
    private bool MayCarry(ISymbol symbol, INamedTypeSymbol attributeType)
        => WrittenAttributes(symbol, attributeType, out var unknown) is { Count: > 0 } || unknown;

    /// <summary>
    /// The attributes written on a source symbol's declarations that can be <paramref name="attributeType"/> (by name, as
    /// <see cref="MayCarry"/> decides), unbound; <paramref name="unknown"/> when the syntax cannot tell (metadata, a
    /// partial member's other part, a declaration of another kind): then only binding can.
    /// </summary>
    public System.Collections.Generic.List<AttributeSyntax>? WrittenAttributes(ISymbol symbol, INamedTypeSymbol attributeType, out bool unknown)
    {
        unknown = false;
        var references = symbol.DeclaringSyntaxReferences;
        if (references.IsEmpty)
        {
            unknown = true; // from metadata
            return null;
        }

        System.Collections.Generic.List<AttributeSyntax>? written = null;
        var names = AttributeNames(attributeType);
        var slot = Slot(attributeType);

        // Types list every part, fields have one, and a method names its other part: for these a file whose text does
        // not name the attribute need not be looked at (properties and events may have a part elsewhere: always looked at).
        var byText = slot >= 0 && symbol is INamedTypeSymbol or IFieldSymbol
                                    or IMethodSymbol { PartialDefinitionPart: null, PartialImplementationPart: null };
        foreach (var reference in references)
        {
            if (byText && !TextNames(reference.SyntaxTree, slot, names))
            {
                continue;
            }

            var syntax = reference.GetSyntax();
            if (syntax is MemberDeclarationSyntax { Modifiers: var modifiers }
                && modifiers.Any(SyntaxKind.PartialKeyword)
                && syntax is not BaseTypeDeclarationSyntax)
            {
                unknown = true; // a partial member's other part may carry them (every part of a partial type is listed)
                return written;
            }

            var lists = syntax switch
            {
                MemberDeclarationSyntax member => member.AttributeLists,
                VariableDeclaratorSyntax { Parent.Parent: BaseFieldDeclarationSyntax field } => field.AttributeLists,
                ParameterSyntax parameter => parameter.AttributeLists,
                _ => (SyntaxList<AttributeListSyntax>?)null,
            };
            if (lists is not { } known)
            {
                unknown = true; // a declaration of another kind: bind to be sure
                return written;
            }

            foreach (var list in known)
            {
                foreach (var attribute in list.Attributes)
                {
                    if (names.Contains(SyntaxNames.Rightmost(attribute.Name)))
                    {
                        (written ??= new System.Collections.Generic.List<AttributeSyntax>()).Add(attribute);
                    }
                }
            }
        }

        return written;
    }

    /// <summary>
    /// Whether an attribute written with one of <paramref name="attributeType"/>'s names can only be it: no other type
    /// declared in source has that name, and no alias of that name stands for something else. Then a declaration's
    /// attributes can be read as written, without binding them (a referenced library declaring a type of the same name
    /// is not looked for).
    /// </summary>
    public bool NamesAreUnambiguous(INamedTypeSymbol attributeType)
        => _unambiguous.GetOrAdd(attributeType, type =>
        {
            var names = AttributeNames(type);
            foreach (var (alias, target) in Aliases())
            {
                if (names.Contains(alias) && !names.Contains(target))
                {
                    return false;
                }
            }

            foreach (var other in Compilation.GetSymbolsWithName(names.Contains, SymbolFilter.Type))
            {
                if (!SymbolEqualityComparer.Default.Equals(other, type))
                {
                    return false;
                }
            }

            return true;
        });

    /// <summary>The unqualified names an attribute of <paramref name="attributeType"/> can be written with in this compilation.</summary>
    private System.Collections.Generic.HashSet<string> AttributeNames(INamedTypeSymbol attributeType)
    {
        var slot = Slot(attributeType);
        if (slot < 0)
        {
            return ComputeAttributeNames(attributeType);
        }

        var names = Volatile.Read(ref _attributeNameSlots[slot]);
        if (names is null)
        {
            names = ComputeAttributeNames(attributeType);
            Volatile.Write(ref _attributeNameSlots[slot], names);
        }

        return names;
    }

    /// <summary>The hook API's four attributes are asked about for every declaration: a slot each, found by reference (-1 for another type).</summary>
    private int Slot(INamedTypeSymbol attributeType)
    {
        for (var slot = 0; slot < _slotAttributes.Length; slot++)
        {
            if (ReferenceEquals(attributeType, _slotAttributes[slot]))
            {
                return slot;
            }
        }

        return -1;
    }

    /// <summary>
    /// Whether a file's text names one of an attribute's names (<paramref name="names"/>, for slot <paramref name="slot"/>),
    /// scanned once per file and attribute: two bits per slot, "scanned" and "named".
    /// </summary>
    private bool TextNames(SyntaxTree tree, int slot, System.Collections.Generic.HashSet<string> names)
    {
        var scanned = 1 << (2 * slot);
        var named = 2 << (2 * slot);
        var mask = _textNames.TryGetValue(tree, out var known) ? known : 0;
        if ((mask & scanned) == 0)
        {
            var text = tree.GetText();
            var found = false;
            foreach (var name in names)
            {
                if (names.Any(other => other.Length < name.Length && name.Contains(other)))
                {
                    continue; // found by the shorter name it contains (Patch for PatchAttribute)
                }

                if (TextScan.Contains(text, name))
                {
                    found = true;
                    break;
                }
            }

            var bits = scanned | (found ? named : 0);
            mask = _textNames.AddOrUpdate(tree, bits, (_, old) => old | bits);
        }

        return (mask & named) != 0;
    }

    private System.Collections.Generic.HashSet<string> ComputeAttributeNames(INamedTypeSymbol attributeType)
        => _attributeNames.GetOrAdd(attributeType, type =>
        {
            var names = new System.Collections.Generic.HashSet<string>(System.StringComparer.Ordinal);
            AddWithAndWithoutSuffix(names, type.Name);
            foreach (var (alias, target) in Aliases())
            {
                if (names.Contains(target))
                {
                    AddWithAndWithoutSuffix(names, alias);
                }
            }

            return names;
        });

    private static void AddWithAndWithoutSuffix(System.Collections.Generic.HashSet<string> names, string name)
    {
        names.Add(name);
        names.Add(name.EndsWith("Attribute", System.StringComparison.Ordinal) ? name.Substring(0, name.Length - "Attribute".Length) : name + "Attribute");
    }

    /// <summary>Every <c>using A = ...;</c> of the compilation (file-level, global and in namespaces): the alias and the rightmost name it stands for.</summary>
    private (string Alias, string Target)[] Aliases()
    {
        var aliases = Volatile.Read(ref _aliases);
        if (aliases is null)
        {
            var found = new System.Collections.Generic.List<(string, string)>();
            foreach (var tree in Compilation.SyntaxTrees)
            {
                if (tree.GetRoot() is CompilationUnitSyntax root)
                {
                    CollectAliases(root.Usings, root.Members, found);
                }
            }

            aliases = found.ToArray();
            Volatile.Write(ref _aliases, aliases);
        }

        return aliases;
    }

    private static void CollectAliases(SyntaxList<UsingDirectiveSyntax> usings, SyntaxList<MemberDeclarationSyntax> members, System.Collections.Generic.List<(string, string)> found)
    {
        foreach (var directive in usings)
        {
            if (directive.Alias is { } alias && directive.Name is { } name)
            {
                found.Add((alias.Name.Identifier.ValueText, SyntaxNames.Rightmost(name)));
            }
        }

        foreach (var member in members)
        {
            if (member is BaseNamespaceDeclarationSyntax ns)
            {
                CollectAliases(ns.Usings, ns.Members, found);
            }
        }
    }
}

using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace HookSafety.Analyzers;

/// <summary>
/// The patch types declared in one compilation's source with their ids: what compilation-wide
/// checks (unique ids, and later states and shadow-variable ids) read instead of walking types again.
/// </summary>
internal sealed class PatchCatalog
{
    private readonly Dictionary<string, ImmutableArray<INamedTypeSymbol>> _byId;

    private PatchCatalog(Dictionary<string, ImmutableArray<INamedTypeSymbol>> byId, ImmutableArray<(string Id, int Version, INamedTypeSymbol DeclaredBy)> highestStates)
    {
        _byId = byId;
        HighestStates = highestStates;
    }

    /// <summary>Every state declared by a patch of the compilation, in its highest version and a patch declaring it so.</summary>
    public ImmutableArray<(string Id, int Version, INamedTypeSymbol DeclaredBy)> HighestStates { get; }

    /// <summary>The <c>[PatchState]</c> declarations of one type, in source order.</summary>
    public static IEnumerable<(string Id, int Version, AttributeData Attribute)> States(HookApi api, INamedTypeSymbol type)
    {
        foreach (var attribute in type.GetAttributes())
        {
            if (SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, api.PatchStateAttribute)
                && attribute.ConstructorArguments is { Length: 2 } arguments
                && arguments[0].Value is string id && arguments[1].Value is int version)
            {
                yield return (id, version, attribute);
            }
        }
    }

    /// <summary>The types whose <c>[Patch]</c> carries <paramref name="id"/>, ordered by full name.</summary>
    public ImmutableArray<INamedTypeSymbol> TypesWithId(string id)
        => _byId.TryGetValue(id, out var types) ? types : ImmutableArray<INamedTypeSymbol>.Empty;

    public static PatchCatalog Build(HookApi api)
    {
        var builders = new Dictionary<string, List<INamedTypeSymbol>>(StringComparer.Ordinal);
        var states = new Dictionary<string, (int Version, INamedTypeSymbol DeclaredBy)>(StringComparer.Ordinal);
        var pending = new Stack<INamespaceOrTypeSymbol>();
        pending.Push(api.Compilation.Assembly.GlobalNamespace);
        while (pending.Count > 0)
        {
            var container = pending.Pop();
            if (container is INamespaceSymbol ns)
            {
                foreach (var member in ns.GetMembers())
                {
                    pending.Push(member);
                }

                continue;
            }

            var type = (INamedTypeSymbol)container;
            foreach (var nested in type.GetTypeMembers())
            {
                pending.Push(nested);
            }

            if (PatchId(api, type) is { Length: > 0 } id && !string.IsNullOrWhiteSpace(id))
            {
                if (!builders.TryGetValue(id, out var list))
                {
                    builders[id] = list = new List<INamedTypeSymbol>();
                }

                list.Add(type);
                if (api.IsPatch(type))
                {
                    foreach (var (stateId, version, _) in States(api, type))
                    {
                        if (!states.TryGetValue(stateId, out var known) || version > known.Version
                            || (version == known.Version && string.CompareOrdinal(type.ToDisplayString(), known.DeclaredBy.ToDisplayString()) < 0))
                        {
                            states[stateId] = (version, type);
                        }
                    }
                }
            }
        }

        var byId = new Dictionary<string, ImmutableArray<INamedTypeSymbol>>(builders.Count, StringComparer.Ordinal);
        foreach (var pair in builders)
        {
            pair.Value.Sort(static (a, b) => string.CompareOrdinal(a.ToDisplayString(), b.ToDisplayString()));
            byId[pair.Key] = pair.Value.ToImmutableArray();
        }

        var highest = states.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => (s.Key, s.Value.Version, s.Value.DeclaredBy)).ToImmutableArray();
        return new PatchCatalog(byId, highest);
    }

    /// <summary>The id given to <c>[Patch]</c> on <paramref name="type"/>, or null when it has none.</summary>
    public static string? PatchId(HookApi api, INamedTypeSymbol type)
        => api.FindAttribute(type, api.PatchAttribute) is { ConstructorArguments: { Length: 1 } arguments } ? arguments[0].Value as string : null;
}

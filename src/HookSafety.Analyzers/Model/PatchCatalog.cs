using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace HookSafety.Analyzers;

/// <summary>
/// The patch types declared in one compilation's source with their ids: what compilation-wide
/// checks (unique ids, the states cumulative patches must carry) read instead of walking types again.
/// </summary>
/// <remarks>
/// Built without binding: the ids are read from the <c>[Patch("id")]</c> literals as written (a type whose id is not a
/// literal is bound), and a type is confirmed by binding its attribute only when another type writes the same id.
/// The states are collected, by binding, only when a cumulative patch first asks for them.
/// </remarks>
internal sealed class PatchCatalog
{
    private readonly HookApi _api;
    private readonly Dictionary<string, List<INamedTypeSymbol>> _written;
    private readonly ConcurrentDictionary<string, ImmutableArray<INamedTypeSymbol>> _confirmed = new(StringComparer.Ordinal);
    private StrongBox<ImmutableArray<(string Id, int Version, INamedTypeSymbol DeclaredBy)>>? _highestStates;

    private PatchCatalog(HookApi api, Dictionary<string, List<INamedTypeSymbol>> written)
    {
        _api = api;
        _written = written;
    }

    /// <summary>Every state declared by a patch of the compilation, in its highest version and a patch declaring it so.</summary>
    public ImmutableArray<(string Id, int Version, INamedTypeSymbol DeclaredBy)> HighestStates
    {
        get
        {
            var box = Volatile.Read(ref _highestStates);
            if (box is null)
            {
                box = new StrongBox<ImmutableArray<(string, int, INamedTypeSymbol)>>(CollectStates());
                box = Interlocked.CompareExchange(ref _highestStates, box, null) ?? box;
            }

            return box.Value;
        }
    }

    /// <summary>The <c>[PatchState]</c> declarations of one type, in source order.</summary>
    public static IEnumerable<(string Id, int Version, AttributeData Attribute)> States(HookApi api, INamedTypeSymbol type)
    {
        if (api.PatchStateAttribute is null || api.FindAttribute(type, api.PatchStateAttribute) is null)
        {
            yield break;
        }

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
        => _written.ContainsKey(id) ? _confirmed.GetOrAdd(id, Confirm) : ImmutableArray<INamedTypeSymbol>.Empty;

    /// <summary>The types that write <paramref name="id"/> and whose attribute, bound, is the hook API's <c>[Patch]</c> with that id.</summary>
    private ImmutableArray<INamedTypeSymbol> Confirm(string id)
    {
        var written = _written[id];
        if (written.Count == 1)
        {
            return PatchId(_api, written[0]) == id ? ImmutableArray.Create(written[0]) : ImmutableArray<INamedTypeSymbol>.Empty;
        }

        var confirmed = written.Where(type => PatchId(_api, type) == id).ToList();
        confirmed.Sort(static (a, b) => string.CompareOrdinal(a.ToDisplayString(), b.ToDisplayString()));
        return confirmed.ToImmutableArray();
    }

    public static PatchCatalog Build(HookApi api)
    {
        var written = new Dictionary<string, List<INamedTypeSymbol>>(StringComparer.Ordinal);
        foreach (var type in SourceTypes(api))
        {
            foreach (var id in WrittenIds(api, type))
            {
                if (!IsUsableId(id))
                {
                    continue; // refused for its id alone (HS0014), it declares no states anyone must carry
                }

                if (!written.TryGetValue(id, out var list))
                {
                    written[id] = list = new List<INamedTypeSymbol>();
                }

                if (!list.Contains(type, SymbolEqualityComparer.Default))
                {
                    list.Add(type);
                }
            }
        }

        return new PatchCatalog(api, written);
    }

    /// <summary>Whether a patch id can name a patch: not null, empty or white space (the manager refuses those; HS0014 reports them).</summary>
    public static bool IsUsableId(string? id) => !string.IsNullOrWhiteSpace(id);

    /// <summary>The id given to <c>[Patch]</c> on <paramref name="type"/>, or null when it has none.</summary>
    public static string? PatchId(HookApi api, INamedTypeSymbol type)
        => api.PatchAttributeOf(type) is { ConstructorArguments: { Length: 1 } arguments } ? arguments[0].Value as string : null;

    /// <summary>
    /// The ids a type's <c>[Patch]</c>-like attributes write: a string literal as written; otherwise (a constant, an
    /// expression, a declaration the syntax cannot tell about) the id its bound <c>[Patch]</c> has.
    /// </summary>
    private static IEnumerable<string> WrittenIds(HookApi api, INamedTypeSymbol type)
    {
        var attributes = api.WrittenAttributes(type, api.PatchAttribute, out var unknown);
        var bind = unknown;
        foreach (var attribute in attributes ?? Enumerable.Empty<AttributeSyntax>())
        {
            if (attribute.ArgumentList is { Arguments: { Count: > 0 } arguments }
                && arguments[0] is { NameEquals: null, Expression: LiteralExpressionSyntax literal }
                && literal.IsKind(SyntaxKind.StringLiteralExpression))
            {
                yield return literal.Token.ValueText;
            }
            else
            {
                bind = true;
            }
        }

        if (bind && PatchId(api, type) is { } bound)
        {
            yield return bound;
        }
    }

    private static IEnumerable<INamedTypeSymbol> SourceTypes(HookApi api)
    {
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

            yield return type;
        }
    }

    /// <summary>
    /// The highest version of every state, and the patch declaring it so (the first by full name among equals). The
    /// states are read from the <c>[PatchState("id", n)]</c> literals of the patch types as written (a type whose states
    /// are not all literals is bound right away); when another type or an alias in the compilation takes one of the
    /// attributes' names, the patch that wins each state is bound to confirm it.
    /// </summary>
    private ImmutableArray<(string Id, int Version, INamedTypeSymbol DeclaredBy)> CollectStates()
    {
        if (_api.PatchStateAttribute is not { } stateAttribute)
        {
            return ImmutableArray<(string, int, INamedTypeSymbol)>.Empty;
        }

        var candidates = new Dictionary<string, List<(int Version, INamedTypeSymbol Type, bool Bound)>>(StringComparer.Ordinal);
        foreach (var type in _written.Values.SelectMany(types => types).Distinct<INamedTypeSymbol>(SymbolEqualityComparer.Default))
        {
            if (type.TypeKind != TypeKind.Class || type.IsAbstract || !_api.DerivesFromLivePatch(type))
            {
                continue;
            }

            var written = WrittenStates(_api.WrittenAttributes(type, stateAttribute, out var unknown));
            var bound = unknown || written is null;
            foreach (var (id, version) in bound ? (_api.IsPatch(type) ? States(_api, type).Select(s => (s.Id, s.Version)) : Enumerable.Empty<(string, int)>()) : written!)
            {
                if (!candidates.TryGetValue(id, out var list))
                {
                    candidates[id] = list = new List<(int, INamedTypeSymbol, bool)>();
                }

                list.Add((version, type, bound));
            }
        }

        // Read as written when the attributes' names can only be the hook API's; otherwise the winner is bound to confirm it.
        var asWritten = _api.NamesAreUnambiguous(stateAttribute) && _api.NamesAreUnambiguous(_api.PatchAttribute);
        var result = ImmutableArray.CreateBuilder<(string, int, INamedTypeSymbol)>();
        foreach (var pair in candidates.OrderBy(c => c.Key, StringComparer.Ordinal))
        {
            // Most states are declared by one patch: nothing to order (no display names made).
            IEnumerable<(int Version, INamedTypeSymbol Type, bool Bound)> ordered = pair.Value.Count == 1
                ? pair.Value
                : pair.Value.OrderByDescending(c => c.Version).ThenBy(c => c.Type.ToDisplayString(), StringComparer.Ordinal);
            foreach (var (version, type, bound) in ordered)
            {
                if (bound || asWritten || (_api.IsPatch(type) && States(_api, type).Any(s => s.Id == pair.Key && s.Version == version)))
                {
                    result.Add((pair.Key, version, type));
                    break;
                }
            }
        }

        return result.ToImmutable();
    }

    /// <summary>The (id, version) pairs of <c>[PatchState]</c>-like attributes written with literal arguments, or null when one is not.</summary>
    private static List<(string Id, int Version)>? WrittenStates(List<AttributeSyntax>? attributes)
    {
        var states = new List<(string, int)>();
        foreach (var attribute in attributes ?? Enumerable.Empty<AttributeSyntax>())
        {
            if (attribute.ArgumentList is not { Arguments: { Count: 2 } arguments }
                || !InPlace(arguments[0], "id") || !InPlace(arguments[1], "version")
                || arguments[0].Expression is not LiteralExpressionSyntax { RawKind: (int)SyntaxKind.StringLiteralExpression } id
                || LiteralInt(arguments[1].Expression) is not { } version)
            {
                return null;
            }

            states.Add((id.Token.ValueText, version));
        }

        return states;
    }

    /// <summary>An argument in its parameter's place: positional, or named by that parameter (<c>version: 2</c>).</summary>
    private static bool InPlace(AttributeArgumentSyntax argument, string parameter)
        => argument.NameEquals is null && (argument.NameColon is null || argument.NameColon.Name.Identifier.ValueText == parameter);

    private static int? LiteralInt(ExpressionSyntax expression) => expression switch
    {
        LiteralExpressionSyntax { Token.Value: int value } => value,
        PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.UnaryMinusExpression, Operand: LiteralExpressionSyntax { Token.Value: int value } } => -value,
        _ => null,
    };
}

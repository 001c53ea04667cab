using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace HookSafety.Analyzers.Rules;

/// <summary>
/// HS0014: the shape the patch manager requires of a patch: <c>[Patch]</c> exactly on the concrete
/// classes deriving from <c>LivePatch</c>, a non-empty id unique in the compilation, and hooks that
/// override <c>LivePatch</c>'s rather than hide them.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class PatchShapeAnalyzer : HookSafetyAnalyzer
{
    /// <summary>Diagnostic property naming which shape problem was found, for the code fix.</summary>
    public const string KindProperty = "Kind";
    public const string KindMissingBase = "MissingBase";
    public const string KindMissingAttribute = "MissingAttribute";
    public const string KindHiddenHook = "HiddenHook";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        Descriptors.PatchWithoutLivePatchBase,
        Descriptors.LivePatchWithoutPatchAttribute,
        Descriptors.EmptyPatchId,
        Descriptors.DuplicatePatchId,
        Descriptors.HookHidden);

    internal override void OnHookApiReferenced(CompilationStartAnalysisContext context, HookApi api)
        => context.RegisterSymbolAction(Guard(c => AnalyzeType(c, api)), SymbolKind.NamedType);

    private static void AnalyzeType(SymbolAnalysisContext context, HookApi api)
    {
        var type = (INamedTypeSymbol)context.Symbol;
        if (type.TypeKind != TypeKind.Class)
        {
            return;
        }

        var attribute = api.PatchAttributeOf(type);
        var isPatch = api.DerivesFromLivePatch(type);
        if (attribute is not null && !isPatch)
        {
            context.Report(api, Diagnostic.Create(
                Descriptors.PatchWithoutLivePatchBase, type.Locations[0], Kind(KindMissingBase), Name(type)));
        }
        else if (attribute is null && isPatch && !type.IsAbstract)
        {
            context.Report(api, Diagnostic.Create(
                Descriptors.LivePatchWithoutPatchAttribute, type.Locations[0], Kind(KindMissingAttribute), Name(type)));
        }

        if (attribute is not null)
        {
            CheckId(context, api, type, attribute);
        }

        if (isPatch)
        {
            CheckHooks(context, api, type);
        }
    }

    private static void CheckId(SymbolAnalysisContext context, HookApi api, INamedTypeSymbol type, AttributeData attribute)
    {
        if (attribute.ConstructorArguments is not { Length: 1 } arguments || arguments[0] is not { Kind: not TypedConstantKind.Error } argument)
        {
            return;
        }

        var location = IdLocation(context, attribute) ?? type.Locations[0];
        if (argument.Value is not string id || !PatchCatalog.IsUsableId(id))
        {
            context.Report(api, Diagnostic.Create(Descriptors.EmptyPatchId, location, Name(type)));
            return;
        }

        var sameId = api.Catalog.TypesWithId(id);
        if (sameId.Length < 2)
        {
            return;
        }

        // Name the first other type with this id (a stable order), and point at it.
        var other = SymbolEqualityComparer.Default.Equals(sameId[0], type) ? sameId[1] : sameId[0];
        var otherLocation = api.PatchAttributeOf(other) is { } otherAttribute
            ? IdLocation(context, otherAttribute) ?? other.Locations[0]
            : other.Locations[0];
        var (name, otherName) = DisplayNames.TellApart(type, other);
        context.Report(api, Diagnostic.Create(
            Descriptors.DuplicatePatchId, location, ImmutableArray.Create(otherLocation), id, name, otherName));
    }

    private static void CheckHooks(SymbolAnalysisContext context, HookApi api, INamedTypeSymbol type)
    {
        foreach (var hook in Hooks.All)
        {
            foreach (var member in type.GetMembers(hook))
            {
                // A method of a hook's name and parameter list that does not override the hook hides it:
                // the manager calls LivePatch's (or a base patch's) and never this one.
                if (member is IMethodSymbol { MethodKind: MethodKind.Ordinary, IsOverride: false, Parameters: { Length: 1 } parameters } method
                    && SymbolEqualityComparer.Default.Equals(parameters[0].Type, api.PatchContext))
                {
                    context.Report(api, Diagnostic.Create(
                        Descriptors.HookHidden, method.Locations[0], Kind(KindHiddenHook), $"{type.Name}.{method.Name}", hook));
                }
            }
        }
    }

    private static Location? IdLocation(SymbolAnalysisContext context, AttributeData attribute)
        => HookApi.ArgumentLocation(attribute, 0, context.CancellationToken);

    private static ImmutableDictionary<string, string?> Kind(string kind)
        => ImmutableDictionary<string, string?>.Empty.Add(KindProperty, kind);

    private static string Name(INamedTypeSymbol type) => DisplayNames.Of(type);
}

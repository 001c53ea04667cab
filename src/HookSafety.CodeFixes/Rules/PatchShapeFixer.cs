using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using HookSafety.Analyzers;
using HookSafety.Analyzers.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace HookSafety.CodeFixes.Rules;

/// <summary>
/// HS0014: gives a patch the shape the manager requires: adds the missing <c>[Patch("id")]</c>,
/// derives a <c>[Patch]</c> class from <c>LivePatch</c>, or turns a hiding hook into an override.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(PatchShapeFixer)), Shared]
public sealed class PatchShapeFixer : PatchFixer
{
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.PatchShape);

    /// <summary>Each fix edits one declaration's own header, and proposes an id from the compilation as it was: FixAll merges them.</summary>
    private protected override FixAllProvider FixAll => WellKnownFixAllProviders.BatchFixer;

    private protected override PatchFix? Plan(FixTarget target)
    {
        var (api, model, node) = (target.Api, target.Model, target.Node);
        switch (target[PatchShapeAnalyzer.KindProperty])
        {
            case PatchShapeAnalyzer.KindMissingAttribute when node.FirstAncestorOrSelf<ClassDeclarationSyntax>() is { } type:
                var id = PatchIds.Propose(api, type.Identifier.ValueText);
                return new PatchFix($"Add [Patch(\"{id}\")]", "HS0014.AddPatchAttribute", editor => editor.AddPatchAttribute(type, id), anyClass: true);

            case PatchShapeAnalyzer.KindMissingBase when node.FirstAncestorOrSelf<ClassDeclarationSyntax>() is { } type
                && model.GetDeclaredSymbol(type, target.CancellationToken) is { IsStatic: false, BaseType.SpecialType: SpecialType.System_Object }:
                return new PatchFix("Derive from LivePatch", "HS0014.DeriveFromLivePatch", editor => editor.AddLivePatchBase(type), anyClass: true);

            case PatchShapeAnalyzer.KindHiddenHook when node.FirstAncestorOrSelf<MethodDeclarationSyntax>() is { } method
                && model.GetDeclaredSymbol(method, target.CancellationToken) is { IsStatic: false } symbol
                && api.LivePatch.GetMembers(symbol.Name).OfType<IMethodSymbol>().FirstOrDefault() is { } hook
                && SymbolEqualityComparer.Default.Equals(hook.ReturnType, symbol.ReturnType):
                return new PatchFix($"Override LivePatch.{symbol.Name}", "HS0014.OverrideHook", editor => editor.MakeHookOverride(method), anyClass: true);

            default:
                return null;
        }
    }
}

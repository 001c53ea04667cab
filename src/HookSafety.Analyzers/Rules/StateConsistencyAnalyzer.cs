using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace HookSafety.Analyzers.Rules;

/// <summary>
/// HS0012: the states of the compilation's patches must fit together as the manager requires: one declaration per
/// state and patch, versions from 1, and a cumulative patch declaring every state another patch declares, in the
/// same or a higher version.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class StateConsistencyAnalyzer : HookSafetyAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        Descriptors.DuplicateState, Descriptors.StateVersionBelowOne, Descriptors.CumulativeOmitsState, Descriptors.CumulativeLowersState);

    internal override void OnHookApiReferenced(CompilationStartAnalysisContext context, HookApi api)
    {
        if (api.PatchStateAttribute is not null)
        {
            context.RegisterSymbolAction(Guard(c => Analyze(c, api)), SymbolKind.NamedType);
        }
    }

    private static void Analyze(SymbolAnalysisContext context, HookApi api)
    {
        var type = (INamedTypeSymbol)context.Symbol;
        if (!api.IsPatch(type))
        {
            return;
        }

        var own = new Dictionary<string, (int Version, AttributeData Attribute)>(System.StringComparer.Ordinal);
        foreach (var state in PatchCatalog.States(api, type))
        {
            if (own.ContainsKey(state.Id))
            {
                context.ReportDiagnostic(Diagnostic.Create(Descriptors.DuplicateState, Argument(state.Attribute, 0, context) ?? type.Locations[0], state.Id, type.Name));
                continue;
            }

            own[state.Id] = (state.Version, state.Attribute);
            if (state.Version < 1)
            {
                context.ReportDiagnostic(Diagnostic.Create(Descriptors.StateVersionBelowOne, Argument(state.Attribute, 1, context) ?? type.Locations[0], state.Id, type.Name, state.Version));
            }
        }

        if (api.FindAttribute(type, api.PatchAttribute) is not { } patch || !IsCumulative(patch))
        {
            return;
        }

        foreach (var declared in api.Catalog.HighestStates)
        {
            if (SymbolEqualityComparer.Default.Equals(declared.DeclaredBy, type))
            {
                continue;
            }

            if (!own.TryGetValue(declared.Id, out var mine))
            {
                context.ReportDiagnostic(Diagnostic.Create(Descriptors.CumulativeOmitsState, type.Locations[0],
                    type.Name, declared.Id, declared.DeclaredBy.Name, System.Math.Max(1, declared.Version)));
            }
            else if (mine.Version >= 1 && mine.Version < declared.Version)
            {
                context.ReportDiagnostic(Diagnostic.Create(Descriptors.CumulativeLowersState, Argument(mine.Attribute, 1, context) ?? type.Locations[0],
                    type.Name, declared.Id, mine.Version, declared.Version, declared.DeclaredBy.Name));
            }
        }
    }

    private static bool IsCumulative(AttributeData patch)
    {
        foreach (var argument in patch.NamedArguments)
        {
            if (argument.Key == "Cumulative" && argument.Value.Value is true)
            {
                return true;
            }
        }

        return false;
    }

    private static Location? Argument(AttributeData attribute, int index, SymbolAnalysisContext context)
        => HookApi.ArgumentLocation(attribute, index, context.CancellationToken);
}

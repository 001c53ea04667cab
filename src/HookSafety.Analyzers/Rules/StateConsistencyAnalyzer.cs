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
                context.Report(api, Diagnostic.Create(Descriptors.DuplicateState, Argument(state.Attribute, 0, context) ?? type.Locations[0], state.Id, type.Name));
                continue;
            }

            own[state.Id] = (state.Version, state.Attribute);
            if (state.Version < 1)
            {
                context.Report(api, Diagnostic.Create(Descriptors.StateVersionBelowOne, Argument(state.Attribute, 1, context) ?? type.Locations[0], state.Id, type.Name, state.Version));
            }
        }

        if (api.PatchAttributeOf(type) is not { } patch || !IsCumulative(patch))
        {
            return;
        }

        // Omitted states are one finding per patch, however many: a project of many patches gets one warning on its
        // cumulative patch, naming the first few, not one per state.
        // Only the first few are named: the rest are counted, not kept (a project of hundreds of patches has hundreds).
        List<(string Id, int Version, INamedTypeSymbol DeclaredBy)>? omitted = null;
        var omittedCount = 0;
        foreach (var declared in api.Catalog.HighestStates)
        {
            if (SymbolEqualityComparer.Default.Equals(declared.DeclaredBy, type))
            {
                continue;
            }

            if (!own.TryGetValue(declared.Id, out var mine))
            {
                if (omittedCount++ < NamedOmissions)
                {
                    (omitted ??= new List<(string, int, INamedTypeSymbol)>(NamedOmissions)).Add(declared);
                }
            }
            else if (mine.Version >= 1 && mine.Version < declared.Version)
            {
                context.Report(api, Diagnostic.Create(Descriptors.CumulativeLowersState, Argument(mine.Attribute, 1, context) ?? type.Locations[0],
                    type.Name, declared.Id, mine.Version, declared.Version, declared.DeclaredBy.Name));
            }
        }

        if (omitted is not null)
        {
            context.Report(api, Diagnostic.Create(Descriptors.CumulativeOmitsState, type.Locations[0], OmissionArguments(type, omitted, omittedCount)));
        }
    }

    /// <summary>How many omitted states a message names before it counts the rest.</summary>
    internal const int NamedOmissions = 3;

    /// <summary>The message arguments for the states a cumulative patch omits: one state in full, or the first few and a count.</summary>
    private static object[] OmissionArguments(INamedTypeSymbol type, List<(string Id, int Version, INamedTypeSymbol DeclaredBy)> omitted, int count)
    {
        static string Declaration((string Id, int Version, INamedTypeSymbol DeclaredBy) state)
            => $"[PatchState(\"{state.Id}\", version: {System.Math.Max(1, state.Version)})]";

        if (count == 1)
        {
            var state = omitted[0];
            return new object[] { type.Name, $"state '{state.Id}', which '{state.DeclaredBy.Name}' declares", "that state is", Declaration(state) };
        }

        var named = new System.Text.StringBuilder();
        var declarations = new System.Text.StringBuilder();
        for (var i = 0; i < omitted.Count && i < NamedOmissions; i++)
        {
            var separator = i == 0 ? string.Empty : ", ";
            named.Append(separator).Append('\'').Append(omitted[i].Id).Append("' of '").Append(omitted[i].DeclaredBy.Name).Append('\'');
            declarations.Append(separator).Append(Declaration(omitted[i]));
        }

        var rest = count - NamedOmissions;
        if (rest > 0)
        {
            named.Append(", and ").Append(rest).Append(" more");
            declarations.Append(" and one for each of the other ").Append(rest);
        }

        return new object[] { type.Name, $"{count} states other patches declare: {named}", "those states are", declarations.ToString() };
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

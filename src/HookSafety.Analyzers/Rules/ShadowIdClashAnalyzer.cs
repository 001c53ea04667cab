using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace HookSafety.Analyzers.Rules;

/// <summary>
/// HS0017: two shadow variables created in the compilation with the same constant id and different value types.
/// Shadow ids are process-wide, so one would read what the other attached. Decided when the whole compilation has
/// been seen (a build, or full-solution analysis in the IDE).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ShadowIdClashAnalyzer : HookSafetyAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.ShadowIdTypeClash);

    internal override void OnHookApiReferenced(CompilationStartAnalysisContext context, HookApi api)
    {
        if (api.ShadowVariable is null)
        {
            return;
        }

        var creations = new ConcurrentBag<(string Id, ITypeSymbol Value, Location Location, string Where)>();
        context.RegisterOperationAction(c =>
        {
            var creation = (IObjectCreationOperation)c.Operation;
            if (creation.Type is INamedTypeSymbol { TypeArguments.Length: 2 } type && api.IsShadowVariable(type)
                && creation.Arguments.Length > 0 && creation.Arguments[0].Value.ConstantValue is { HasValue: true, Value: string id })
            {
                var where = c.ContainingSymbol.ContainingType?.Name ?? c.ContainingSymbol.Name;
                creations.Add((id, type.TypeArguments[1], creation.Syntax.GetLocation(), where));
            }
        }, OperationKind.ObjectCreation);

        context.RegisterCompilationEndAction(c =>
        {
            foreach (var group in creations.GroupBy(x => x.Id))
            {
                var ordered = group.OrderBy(x => x.Location.SourceTree?.FilePath, System.StringComparer.Ordinal).ThenBy(x => x.Location.SourceSpan.Start).ToList();
                foreach (var creation in ordered)
                {
                    var other = ordered.FirstOrDefault(x => !SymbolEqualityComparer.Default.Equals(x.Value, creation.Value));
                    if (other.Id is not null)
                    {
                        c.Report(api, Diagnostic.Create(Descriptors.ShadowIdTypeClash, creation.Location, ImmutableArray.Create(other.Location),
                            creation.Id, Display(creation.Value), Display(other.Value), other.Where));
                    }
                }
            }
        });
    }

    private static string Display(ITypeSymbol type) => type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat);
}

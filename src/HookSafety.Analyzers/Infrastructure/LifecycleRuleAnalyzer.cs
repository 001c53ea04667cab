using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace HookSafety.Analyzers;

/// <summary>
/// A lifecycle rule: reads the patch model (built once per patch type and shared by every rule) and reports the
/// findings decided for its descriptor.
/// </summary>
public abstract class LifecycleRuleAnalyzer : HookSafetyAnalyzer
{
    private protected abstract DiagnosticDescriptor Rule { get; }

    public sealed override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    internal sealed override void OnHookApiReferenced(CompilationStartAnalysisContext context, HookApi api)
        => context.RegisterSymbolAction(Guard(c => Analyze(c, api)), SymbolKind.NamedType);

    private void Analyze(SymbolAnalysisContext context, HookApi api)
    {
        var type = (INamedTypeSymbol)context.Symbol;
        if (!api.IsPatch(type))
        {
            return;
        }

        var model = api.Model(type, HookSafetyOptions.For(context.Options, type), context.CancellationToken);
        foreach (var finding in model.Findings)
        {
            if (ReferenceEquals(finding.Descriptor, Rule))
            {
                context.ReportDiagnostic(finding.ToDiagnostic());
            }
        }
    }
}

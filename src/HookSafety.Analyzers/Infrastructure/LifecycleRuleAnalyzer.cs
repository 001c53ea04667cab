using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace HookSafety.Analyzers;

/// <summary>
/// A rule over the patch model (lifecycle and concurrency): reads the patch model (built once per patch type and shared by every rule) and reports the
/// findings decided for its descriptor.
/// </summary>
public abstract class LifecycleRuleAnalyzer : HookSafetyAnalyzer
{
    private protected abstract DiagnosticDescriptor Rule { get; }

    private ImmutableArray<DiagnosticDescriptor> _supported;

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics
        => _supported.IsDefault ? _supported = ImmutableArray.Create(Rule) : _supported;

    internal sealed override void OnHookApiReferenced(CompilationStartAnalysisContext context, HookApi api)
    {
        // Per patch type: the bodies of its members come from the driver (bound once for every analyzer that needs
        // them), and the type is decided when all of them have been seen.
        context.RegisterSymbolStartAction(start =>
        {
            if (!api.IsPatch((INamedTypeSymbol)start.Symbol))
            {
                return;
            }

            start.RegisterOperationBlockAction(block => api.Summaries.Remember(block.OwningSymbol, block.OperationBlocks));
            start.RegisterSymbolEndAction(Guard(c => Analyze(c, api)));
        }, SymbolKind.NamedType);
        RegisterMore(context, api);
    }

    /// <summary>Further actions of a rule that also checks declarations (none by default).</summary>
#pragma warning disable RS1012 // A start action that registers nothing: the base rules need nothing more.
    private protected virtual void RegisterMore(CompilationStartAnalysisContext context, HookApi api)
    {
    }
#pragma warning restore RS1012

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
            if (SupportedDiagnostics.Contains(finding.Descriptor))
            {
                context.Report(api, finding.ToDiagnostic());
            }
        }
    }
}

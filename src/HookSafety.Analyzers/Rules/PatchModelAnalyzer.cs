using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace HookSafety.Analyzers.Rules;

/// <summary>
/// The rules decided over the patch model (lifecycle HS0001–HS0005, concurrency HS0006–HS0007, hazards HS0008, HS0009,
/// HS0011, HS0015, HS0016): each is a small function of <c>Model/Lifecycle.cs</c>, <c>Concurrency.cs</c> or
/// <c>Hazards.cs</c>, and this one analyzer reports what they decide. One analyzer, not one per rule: the driver
/// prepares per-symbol actions for every analyzer that starts on a symbol, and with a dozen such analyzers that cost a
/// patch project more build time than the rules themselves (docs/performance.md).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public class PatchModelAnalyzer : HookSafetyAnalyzer
{
    /// <summary>Every descriptor the patch model decides.</summary>
    internal static readonly ImmutableArray<DiagnosticDescriptor> ModelDescriptors = ImmutableArray.Create(
        Descriptors.GlobalChangeOutsidePrePatch,
        Descriptors.MissingUndo,
        Descriptors.MissingUnregistration,
        Descriptors.UndoInWrongHook,
        Descriptors.ShadowVariableLeak,
        Descriptors.UnsynchronizedSharedData,
        Descriptors.GuardedAccessWithoutLock,
        Descriptors.GuardedByUnknownLock,
        Descriptors.PrePatchThrows,
        Descriptors.RejectAfterChange,
        Descriptors.HookThrows,
        Descriptors.GetPreviousOutsideEnable,
        Descriptors.StickyPatchUnpatchHook,
        Descriptors.BlockingWaitInHook);

    public PatchModelAnalyzer()
        : this(ModelDescriptors)
    {
    }

    /// <summary>The analyzer reporting only <paramref name="reported"/> (each rule's tests look at their rule alone).</summary>
    internal PatchModelAnalyzer(ImmutableArray<DiagnosticDescriptor> reported) => SupportedDiagnostics = reported;

    public sealed override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; }

    internal sealed override void OnHookApiReferenced(CompilationStartAnalysisContext context, HookApi api)
    {
        // Per patch type: the bodies of its members come from the driver (bound once for every analyzer that needs
        // them), and the type is decided when all of them have been seen.
        context.RegisterSymbolStartAction(Guard((SymbolStartAnalysisContext start) =>
        {
            if (!api.IsPatch((INamedTypeSymbol)start.Symbol))
            {
                return;
            }

            start.RegisterOperationBlockAction(Guard((OperationBlockAnalysisContext block) => api.Summaries.Remember(block.OwningSymbol, block.OperationBlocks)));
            start.RegisterSymbolEndAction(Guard(c => Analyze(c, api)));
        }), SymbolKind.NamedType);

        if (api.GuardedByAttribute is not null && SupportedDiagnostics.Contains(Descriptors.GuardedByUnknownLock))
        {
            context.RegisterSymbolAction(Guard(c => CheckGuardedByDeclaration(c, api)), SymbolKind.Field, SymbolKind.Property);
        }
    }

    private void Analyze(SymbolAnalysisContext context, HookApi api)
    {
        var type = (INamedTypeSymbol)context.Symbol;
        var model = api.Model(type, HookSafetyOptions.For(context.Options, type), context.CancellationToken);
        foreach (var finding in model.Findings)
        {
            if (SupportedDiagnostics.Contains(finding.Descriptor))
            {
                context.Report(api, finding.ToDiagnostic());
            }
        }
    }

    /// <summary>HS0007: a <c>[GuardedBy]</c> that names no field or property of its type.</summary>
    private static void CheckGuardedByDeclaration(SymbolAnalysisContext context, HookApi api)
    {
        if (Concurrency.GuardOf(api, context.Symbol) is not { Lock: null } guard)
        {
            return;
        }

        var attribute = api.FindAttribute(context.Symbol, api.GuardedByAttribute)!;
        var location = attribute.ApplicationSyntaxReference?.GetSyntax(context.CancellationToken) is AttributeSyntax { ArgumentList.Arguments: { Count: > 0 } arguments }
            ? arguments[0].GetLocation()
            : context.Symbol.Locations[0];
        context.Report(api, Diagnostic.Create(Descriptors.GuardedByUnknownLock, location, guard.Name, context.Symbol.Name, context.Symbol.ContainingType.Name));
    }
}

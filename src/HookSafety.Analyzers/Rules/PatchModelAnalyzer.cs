using System.Collections.Immutable;
using System.Linq;
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
        var checkGuards = api.GuardedByAttribute is not null && SupportedDiagnostics.Contains(Descriptors.GuardedByUnknownLock);

        // Per type: the bodies of a patch's members come from the driver (bound once for every analyzer that needs
        // them), and the patch is decided when all of them have been seen. Any type's [GuardedBy] declarations are
        // checked at its end, when its files name the attribute at all (a host's usually do not).
        context.RegisterSymbolStartAction(start =>
        {
            var type = (INamedTypeSymbol)start.Symbol;
            var guarded = checkGuards ? api.MembersWrittenWith(type, api.GuardedByAttribute!) ?? (System.Collections.Generic.IEnumerable<ISymbol>)type.GetMembers() : null;
            if (!api.IsPatch(type))
            {
                if (guarded is not null && guarded.Any())
                {
                    start.RegisterSymbolEndAction(Guard(c => CheckGuardedByDeclarations(c, api, guarded)));
                }

                return;
            }

            start.RegisterOperationBlockAction(block => api.Summaries.Remember(block.OwningSymbol, block.OperationBlocks));
            start.RegisterSymbolEndAction(Guard(c =>
            {
                Analyze(c, api);
                if (guarded is not null)
                {
                    CheckGuardedByDeclarations(c, api, guarded);
                }
            }));
        }, SymbolKind.NamedType);
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
    private static void CheckGuardedByDeclarations(SymbolAnalysisContext context, HookApi api, System.Collections.Generic.IEnumerable<ISymbol> members)
    {
        foreach (var member in members)
        {
            if (member is not (IFieldSymbol or IPropertySymbol) || member.IsImplicitlyDeclared
                || Concurrency.GuardOf(api, member) is not { Lock: null } guard)
            {
                continue;
            }

            var attribute = api.FindAttribute(member, api.GuardedByAttribute)!;
            var location = attribute.ApplicationSyntaxReference?.GetSyntax(context.CancellationToken) is AttributeSyntax { ArgumentList.Arguments: { Count: > 0 } arguments }
                ? arguments[0].GetLocation()
                : member.Locations[0];
            context.Report(api, Diagnostic.Create(Descriptors.GuardedByUnknownLock, location, guard.Name, member.Name, member.ContainingType.Name));
        }
    }
}

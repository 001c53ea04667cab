using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace HookSafety.Floor;

/// <summary>
/// The least an analyzer of patch code does: a compilation-start lookup of <c>LivePatch</c>, a symbol-start action on
/// every type, and for types deriving from <c>LivePatch</c> an operation-block action that walks every operation once
/// and reports nothing.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class FloorAnalyzer : DiagnosticAnalyzer
{
    private static readonly DiagnosticDescriptor Rule = new("FLOOR0001", "floor", "floor", "Floor", DiagnosticSeverity.Hidden, isEnabledByDefault: true);

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            if (start.Compilation.GetTypeByMetadataName("HookSafety.Hooks.LivePatch") is not { } livePatch)
            {
                return;
            }

            start.RegisterSymbolStartAction(symbol =>
            {
                if (!DerivesFrom((INamedTypeSymbol)symbol.Symbol, livePatch))
                {
                    return;
                }

                symbol.RegisterOperationBlockAction(block =>
                {
                    var count = 0;
                    foreach (var operation in block.OperationBlocks)
                    {
                        foreach (var _ in operation.DescendantsAndSelf())
                        {
                            count++;
                        }
                    }
                });
            }, SymbolKind.NamedType);
        });
    }

    private static bool DerivesFrom(INamedTypeSymbol type, INamedTypeSymbol livePatch)
    {
        for (var current = type.BaseType; current is not null; current = current.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(current, livePatch))
            {
                return true;
            }
        }

        return false;
    }
}

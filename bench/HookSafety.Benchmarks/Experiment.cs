using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace HookSafety.Benchmarks;

/// <summary>Asks the driver for every method body's operations and does nothing with them: binding, as most projects' analyzers cause.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class BindingAnalyzer : DiagnosticAnalyzer
{
    private static readonly DiagnosticDescriptor Rule = new("BIND0001", "t", "t", "t", DiagnosticSeverity.Hidden, true);

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterOperationBlockAction(_ => { });
    }
}

/// <summary>Registers nothing: the analysis run's own cost, the zero that the floor and HookSafety are measured from.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class NothingAnalyzer : DiagnosticAnalyzer
{
    private static readonly DiagnosticDescriptor Rule = new("NONE0001", "t", "t", "t", DiagnosticSeverity.Hidden, true);

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
    }
}

using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace HookSafety.Analyzers.Rules;

/// <summary>HS0011: GetPrevious called outside PrePatch and PostPatch (and the helpers they call).</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class GetPreviousOutsideEnableAnalyzer : LifecycleRuleAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.GetPreviousOutsideEnable);

    private protected override DiagnosticDescriptor Rule => Descriptors.GetPreviousOutsideEnable;
}

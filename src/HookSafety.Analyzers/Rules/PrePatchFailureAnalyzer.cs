using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace HookSafety.Analyzers.Rules;

/// <summary>HS0008: PrePatch throwing instead of rejecting, or rejecting on a path where it changed global state without undoing it.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class PrePatchFailureAnalyzer : LifecycleRuleAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.PrePatchThrows, Descriptors.RejectAfterChange);

    private protected override DiagnosticDescriptor Rule => Descriptors.PrePatchThrows;
}

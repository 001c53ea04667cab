using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace HookSafety.Analyzers.Rules;

/// <summary>HS0001: a change to global state made outside PrePatch (and PostUnpatch): in PostPatch, PreUnpatch, type initialization, or once in a replacement.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class GlobalStateOutsidePrePatchAnalyzer : LifecycleRuleAnalyzer
{
    private protected override DiagnosticDescriptor Rule => Descriptors.GlobalChangeOutsidePrePatch;
}

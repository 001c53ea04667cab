using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace HookSafety.Analyzers.Rules;

/// <summary>HS0005: a shadow variable attached by the patch and never detached with DetachAll() in PostUnpatch.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ShadowVariableLeakAnalyzer : LifecycleRuleAnalyzer
{
    private protected override DiagnosticDescriptor Rule => Descriptors.ShadowVariableLeak;
}

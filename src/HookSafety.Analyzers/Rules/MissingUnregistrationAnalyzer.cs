using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace HookSafety.Analyzers.Rules;

/// <summary>HS0003: a registration made in PostPatch that PreUnpatch never undoes.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class MissingUnregistrationAnalyzer : LifecycleRuleAnalyzer
{
    private protected override DiagnosticDescriptor Rule => Descriptors.MissingUnregistration;
}

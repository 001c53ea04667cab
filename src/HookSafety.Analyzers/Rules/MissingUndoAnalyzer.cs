using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace HookSafety.Analyzers.Rules;

/// <summary>HS0002: a global change made in PrePatch that PostUnpatch never undoes.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class MissingUndoAnalyzer : LifecycleRuleAnalyzer
{
    private protected override DiagnosticDescriptor Rule => Descriptors.MissingUndo;
}

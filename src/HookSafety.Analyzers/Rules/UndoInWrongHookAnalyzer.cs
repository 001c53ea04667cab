using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace HookSafety.Analyzers.Rules;

/// <summary>HS0004: an undo in the wrong hook of its pair (PreUnpatch for a PrePatch change, PostUnpatch for a PostPatch registration).</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class UndoInWrongHookAnalyzer : LifecycleRuleAnalyzer
{
    private protected override DiagnosticDescriptor Rule => Descriptors.UndoInWrongHook;
}

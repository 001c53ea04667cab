using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace HookSafety.Analyzers.Rules;

/// <summary>
/// HS0006: the patch's shared data (its statics and instance fields) changed without synchronization in code that
/// runs concurrently: a read-modify-write, a check-then-act, a mutation of a collection that is not thread-safe, or a
/// plain store that other concurrent code reads.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class UnsynchronizedSharedDataAnalyzer : LifecycleRuleAnalyzer
{
    private protected override DiagnosticDescriptor Rule => Descriptors.UnsynchronizedSharedData;
}

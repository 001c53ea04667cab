using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace HookSafety.Analyzers.Rules;

/// <summary>HS0015: a sticky patch that overrides PreUnpatch or PostUnpatch, which never run.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class StickyUnpatchHooksAnalyzer : LifecycleRuleAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.StickyPatchUnpatchHook);

    private protected override DiagnosticDescriptor Rule => Descriptors.StickyPatchUnpatchHook;
}

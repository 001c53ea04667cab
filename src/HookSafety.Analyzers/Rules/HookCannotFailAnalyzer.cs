using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace HookSafety.Analyzers.Rules;

/// <summary>HS0009: an exception that can leave PostPatch, PreUnpatch or PostUnpatch, which cannot fail.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class HookCannotFailAnalyzer : LifecycleRuleAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.HookThrows);

    private protected override DiagnosticDescriptor Rule => Descriptors.HookThrows;
}

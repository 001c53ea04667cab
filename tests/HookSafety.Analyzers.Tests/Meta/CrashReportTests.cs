using System;
using System.Collections.Immutable;
using System.Threading.Tasks;
using HookSafety.Analyzers.Tests.Verifiers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit;

namespace HookSafety.Analyzers.Tests.Meta;

/// <summary>An exception in a rule reaches the user (AD0001) naming the rule, the symbol, the file and the line.</summary>
public sealed class CrashReportTests
{
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    private sealed class BuggyRuleAnalyzer : HookSafetyAnalyzer
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Descriptors.PatchWithoutLivePatchBase);

        internal override void OnHookApiReferenced(CompilationStartAnalysisContext context, HookApi api)
            => context.RegisterSymbolAction(Guard((SymbolAnalysisContext _) => throw new InvalidOperationException("rule bug")), SymbolKind.NamedType);
    }

    [Fact]
    public async Task AnalyzerException_NamesRuleSymbolFileAndLine()
    {
        var message = (await Assert.ThrowsAnyAsync<Exception>(
            () => CSharpAnalyzerVerifier<BuggyRuleAnalyzer>.VerifyAnalyzerAsync("\n\npublic sealed class Victim { }"))).Message;
        Assert.Contains("BuggyRuleAnalyzer failed on 'Victim' at /0/Test0.cs(3,21): rule bug", message);
    }
}

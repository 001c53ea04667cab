using System;
using System.Linq;
using System.Threading;
using HookSafety.Analyzers.Tests.Verifiers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace HookSafety.Analyzers.Tests.Meta;

/// <summary>
/// The IDE cancels analyses all the time: a cancelled build of a patch's model must not be kept, or every later
/// analysis of that patch in the same compilation fails the same way and reports nothing.
/// </summary>
public sealed class CancellationTests
{
    private const string Source = """
        using HookSafety.Hooks;

        public static class Host { public static int Limit; }

        [Patch("p")]
        public sealed class P : LivePatch
        {
            protected override void PostPatch(PatchContext context) => Host.Limit = 5;
        }
        """;

    [Fact]
    public void ACancelledModelBuild_IsNotKept_TheNextCallerGetsTheModel()
    {
        var compilation = CSharpCompilation.Create(
            "Cancelled",
            new[] { CSharpSyntaxTree.ParseText(Source, new CSharpParseOptions(LanguageVersion.Latest)) },
            TestSetup.References(referenceHookApi: true),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        var api = HookApi.For(compilation)!;
        var type = compilation.GetTypeByMetadataName("P")!;

        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => api.Model(type, HookSafetyOptions.Default, cancelled.Token));

        var model = api.Model(type, HookSafetyOptions.Default, CancellationToken.None);
        Assert.Contains(HookSafety.Analyzers.Rules.PatchModelAnalyzer.Decide(api, model, CancellationToken.None), f => f.Descriptor.Id == RuleIds.GlobalStateOutsidePrePatch);
    }
}

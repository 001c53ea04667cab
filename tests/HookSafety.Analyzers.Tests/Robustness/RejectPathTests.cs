using System.Collections.Generic;
using System.Linq;
using System.Threading;
using HookSafety.Analyzers.Tests.Verifiers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace HookSafety.Analyzers.Tests.Robustness;

/// <summary>
/// HS0008's reject check reads PrePatch's statements in order when they are straight-line, and builds the control flow
/// graph otherwise. Both must give the same findings: checked on every PrePatch of every rule test source and sample.
/// </summary>
public sealed class RejectPathTests
{
    [Fact]
    public void StraightLineReading_AgreesWithTheControlFlowGraph_OnEveryTestSourceAndSample()
    {
        var straight = 0;
        var graph = 0;
        var withFindings = 0;
        foreach (var source in Corpus.TestSources.Concat(Corpus.SampleSources()).Concat(StraightLineShapes()))
        {
            var compilation = CSharpCompilation.Create(
                "RejectPaths",
                new[] { CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.Latest)) },
                TestSetup.References(referenceHookApi: true),
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
            if (HookApi.For(compilation) is not { } api)
            {
                continue; // a sample's host file
            }

            foreach (var type in Types(compilation.Assembly.GlobalNamespace).Where(api.IsPatch))
            {
                var model = api.Model(type, HookSafetyOptions.Default, CancellationToken.None);
                var fast = RejectFlow.Find(api, model, allowStraightLine: true, out var how, CancellationToken.None);
                var exact = RejectFlow.Find(api, model, allowStraightLine: false, out _, CancellationToken.None);
                Assert.Equal(Describe(exact), Describe(fast));
                straight += how == RejectCheck.StraightLine ? 1 : 0;
                graph += how == RejectCheck.ControlFlowGraph ? 1 : 0;
                withFindings += exact.Count > 0 ? 1 : 0;
            }
        }

        // Both ways are exercised, on patches with and without findings.
        Assert.True(straight >= 8, $"straight-line reading used {straight} times");
        Assert.True(graph >= 4, $"control flow graph used {graph} times");
        Assert.True(withFindings >= 5, $"{withFindings} PrePatch hooks with reject findings");
    }

    /// <summary>PrePatch hooks of the shape the straight-line reading takes (and a few it must leave to the graph).</summary>
    private static IEnumerable<string> StraightLineShapes()
    {
        var bodies = new[]
        {
            "Host.Limit = 5; if (context.IsReplacing) { return HookResult.Reject(\"no\"); } return HookResult.Continue;",
            "Host.Limit = 5; Host.Peers.Add(\"p\"); if (context.IsReplacing) return HookResult.Reject(\"no\"); return HookResult.Continue;",
            "s_saved = Host.Limit; Host.Limit = 5; Host.Limit = s_saved; if (context.IsReplacing) return HookResult.Reject(\"no\"); return HookResult.Continue;",
            "Host.Peers.Add(\"p\"); Host.Peers.Remove(\"p\"); if (context.IsReplacing) return HookResult.Reject(\"no\"); return HookResult.Continue;",
            "if (context.IsReplacing) return HookResult.Reject(\"early\"); Host.Limit = 5; return HookResult.Continue;",
            "Apply(); if (context.IsReplacing) return HookResult.Reject(\"no\"); return HookResult.Continue;",
            "Host.Received += OnReceived; if (context.IsReplacing) return HookResult.Reject(\"no\"); Host.Limit = 5; if (Host.Limit > 9) return HookResult.Reject(\"big\"); return HookResult.Continue;",
            "Host.Limit = 5; return HookResult.Continue; return HookResult.Reject(\"unreachable\");",
            "Host.Limit = 5; if (context.IsReplacing) { Host.Limit = 1; return HookResult.Reject(\"undone\"); } return HookResult.Continue;",
            "if (context.IsReplacing) Host.Limit = 5; if (Host.Limit > 1) return HookResult.Reject(\"maybe\"); return HookResult.Continue;",
            "Host.Limit = context.IsReplacing ? 1 : 2; if (Host.Limit > 1) return HookResult.Reject(\"maybe\"); return HookResult.Continue;",
            "Host.Limit = 5; foreach (var p in Host.Peers) { if (p.Length == 0) return HookResult.Reject(\"empty\"); } return HookResult.Continue;",
        };
        foreach (var body in bodies)
        {
            yield return """
                using System;
                using System.Collections.Generic;
                using HookSafety.Hooks;

                public static class Host
                {
                    public static int Limit = 1;
                    public static readonly List<string> Peers = new();
                    public static event EventHandler<string>? Received;
                    public static void Raise() => Received?.Invoke(null, "");
                }

                [Patch("p")]
                public sealed class P : LivePatch
                {
                    private static int s_saved;

                    protected override HookResult PrePatch(PatchContext context)
                    {
                """ + body + """

                    }

                    private static void Apply() => Host.Limit = 7;

                    private static void OnReceived(object? sender, string e) { }
                }
                """;
        }
    }

    private static IEnumerable<string> Describe(List<RejectAfterChange> rejects)
        => rejects.Select(r => $"{r.Reject.Syntax.Span} {r.FirstPending.Location.SourceSpan} {r.FirstPending.Effect.Path}{r.FirstPending.Via}");

    private static IEnumerable<INamedTypeSymbol> Types(INamespaceSymbol ns)
    {
        foreach (var member in ns.GetMembers())
        {
            if (member is INamespaceSymbol inner)
            {
                foreach (var type in Types(inner))
                {
                    yield return type;
                }
            }
            else if (member is INamedTypeSymbol type)
            {
                yield return type;
            }
        }
    }
}

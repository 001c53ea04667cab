using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using HookSafety.Analyzers.Tests.Hosts;
using HookSafety.Analyzers.Tests.Support;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Xunit;

namespace HookSafety.Analyzers.Tests.Robustness;

/// <summary>
/// Code nested deeper than anything a person writes, but that the compiler accepts (generated code, a long rule table):
/// the analyzers and fixers must neither overflow the stack (which no catch can stop: it takes down the compiler or the
/// IDE's host) nor throw, and the findings within the depth they follow are still found. A document nested deeper
/// than <c>SyntaxDepth.Max</c> gets no fix (Roslyn's own clean-up of a fixed document gives up on it); one within it
/// still gets its fixes.
/// </summary>
public sealed class DepthTests
{
    [Fact]
    public async Task AnExpressionOf20000Terms_IsAnalyzed_AndGetsNoFix()
    {
        var offered = await AnalyzeAsync(
            Hook("PostPatch", "Net.ChallengeAckLimit = Net.ChallengeAckLimit" + string.Concat(Enumerable.Repeat(" + 1", 20_000)) + ";"),
            ("HS0001", "'Net.ChallengeAckLimit' is changed in PostPatch"));
        Assert.Equal(0, offered);
    }

    [Fact]
    public Task AnExpressionOf20000Terms_InPrePatch_IsAnalyzedOverItsControlFlow() => AnalyzeAsync(
        Hook("PrePatch", "Net.ChallengeAckLimit = Net.ChallengeAckLimit" + string.Concat(Enumerable.Repeat(" + 1", 20_000))
            + "; if (Net.Mode == null) { return HookResult.Reject(\"not configured\"); } return HookResult.Continue;"),
        ("HS0008", "PrePatch rejects here after changing 'Net.ChallengeAckLimit'"));

    [Fact]
    public async Task AnElseIfChainOf2000Branches_IsAnalyzed()
    {
        var chain = new StringBuilder();
        for (var i = 0; i < 2_000; i++)
        {
            chain.Append(i == 0 ? "" : "else ").Append("if (Net.Mode == \"").Append(i).Append("\") Net.Counter = ").Append(i).AppendLine(";");
        }

        await AnalyzeAsync(Hook("PostPatch", chain.ToString()), ("HS0001", "'Net.Counter' is changed in PostPatch"));
    }

    [Fact]
    public async Task FiveHundredNestedLambdas_AreAnalyzed()
    {
        var body = new StringBuilder();
        for (var i = 0; i < 500; i++)
        {
            body.Append("System.Action a").Append(i).Append(" = () => { ");
        }

        body.Append("Net.Counter = 1; ");
        for (var i = 0; i < 500; i++)
        {
            body.Append("}; ");
        }

        // About 3,000 syntax levels deep: past SyntaxDepth.Max, so analyzed but not fixed.
        await AnalyzeAsync(Hook("PostPatch", body + "Net.ChallengeAckLimit = 1000;"), ("HS0001", "'Net.ChallengeAckLimit' is changed in PostPatch"));
    }

    [Fact]
    public async Task AHelperChainOf1000Calls_IsAnalyzed_AndStillGetsFixes()
    {
        var helpers = new StringBuilder();
        for (var i = 0; i < 1_000; i++)
        {
            helpers.Append("    private static void M").Append(i).Append("() { ")
                .Append(i == 2 ? "Net.Counter = 2; " : "")
                .Append(i == 999 ? "Net.ChallengeAckLimit = 1000; " : "M" + (i + 1) + "(); ")
                .AppendLine("}");
        }

        // The change two calls deep is found; the one 999 calls deep is past the depth helpers are followed to.
        Assert.True(await AnalyzeAsync(Hook("PostPatch", "M0();", helpers.ToString()), ("HS0001", "'Net.Counter' is changed in PostPatch via M0() → M1() → M2()")) > 0);
    }

    [Fact]
    public Task AMemberPathOf5000Members_IsAnalyzed()
        => AnalyzeAsync(
            Hook("PostPatch", "Chain.Root" + string.Concat(Enumerable.Repeat(".Next", 5_000)) + ".Value = 1; Chain.Root.Next.Value = 2;")
            + "\npublic sealed class Chain { public static Chain Root = new(); public Chain Next = null!; public int Value; }",
            ("HS0001", "'Chain.Root.Next.Value' is changed in PostPatch"));

    private static string Hook(string hook, string body, string members = "")
        => LifecycleHost.With($$"""
            [Patch("deep")]
            public sealed class Deep : LivePatch
            {
                protected override {{(hook == "PrePatch" ? "HookResult" : "void")}} {{hook}}(PatchContext context)
                {
                    {{body}}
                }

            {{members}}
            }
            """);

    /// <summary>
    /// Analyzes <paramref name="source"/> with every analyzer, asks every fixer for its fixes (and computes them), and
    /// checks the expected finding; returns how many fixes were offered.
    /// </summary>
    private static async Task<int> AnalyzeAsync(string source, (string Id, string MessageStart) expected)
    {
        var offered = 0;
        var solution = TestProject.Create(new[] { source }, editorConfig: null, Corpus.Analyzers);
        var (diagnostics, compiler) = await TestProject.AnalyzeAsync(solution, Corpus.Analyzers);
        Assert.Empty(compiler.Where(d => d.Severity == DiagnosticSeverity.Error));
        Assert.DoesNotContain(diagnostics, d => d.Id == "AD0001");
        Assert.Contains(diagnostics, d => d.Id == expected.Id && d.GetMessage(System.Globalization.CultureInfo.InvariantCulture).StartsWith(expected.MessageStart, StringComparison.Ordinal));

        foreach (var fixer in Corpus.Fixers)
        {
            foreach (var diagnostic in diagnostics.Where(d => fixer.FixableDiagnosticIds.Contains(d.Id) && d.Location.IsInSource).Take(2))
            {
                var actions = new List<CodeAction>();
                await fixer.RegisterCodeFixesAsync(new CodeFixContext(solution.GetDocument(diagnostic.Location.SourceTree)!, diagnostic, (a, _) => actions.Add(a), CancellationToken.None));
                foreach (var action in actions)
                {
                    await action.GetOperationsAsync(CancellationToken.None);
                }

                offered += actions.Count;
            }
        }

        return offered;
    }
}

using System.Collections.Immutable;
using System.Linq;
using System.Threading.Tasks;
using HookSafety.Analyzers.Tests.Support;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit;

namespace HookSafety.Analyzers.Tests.Robustness;

/// <summary>Concurrent and sequential analysis give the same diagnostics, in the same order, run after run.</summary>
public sealed class DeterminismTests
{
    [Fact]
    public async Task ConcurrentAndSequentialAnalysis_AgreeExactly()
    {
        var sources = Corpus.SampleSources().AddRange(Corpus.TestSources.Take(120));
        var solution = TestProject.Create(sources, editorConfig: null, Corpus.Analyzers);
        var compilation = (await solution.Projects.Single().GetCompilationAsync())!;
        var options = solution.Projects.Single().AnalyzerOptions;

        async Task<ImmutableArray<string>> RunAsync(bool concurrent)
        {
            // A new compilation each time: nothing is shared through the per-compilation caches.
            var fresh = compilation.RemoveAllSyntaxTrees().AddSyntaxTrees(compilation.SyntaxTrees);
            var diagnostics = await fresh.WithAnalyzers(Corpus.Analyzers, new CompilationWithAnalyzersOptions(options, null, concurrent, false)).GetAnalyzerDiagnosticsAsync();
            return TestProject.Sort(diagnostics).Select(Describe).ToImmutableArray();
        }

        var sequential = await RunAsync(false);
        Assert.NotEmpty(sequential);
        for (var round = 0; round < 3; round++)
        {
            AssertSame(sequential, await RunAsync(true), "concurrent");
        }

        AssertSame(sequential, await RunAsync(false), "sequential again");
    }

    private static void AssertSame(ImmutableArray<string> expected, ImmutableArray<string> actual, string what)
    {
        var first = Enumerable.Range(0, System.Math.Min(expected.Length, actual.Length)).FirstOrDefault(i => expected[i] != actual[i], -1);
        Assert.True(
            expected.SequenceEqual(actual),
            $"{what}: {expected.Length} vs {actual.Length} diagnostics; first difference at {first}:\n  {(first >= 0 ? expected[first] : "-")}\n  {(first >= 0 ? actual[first] : "-")}\n"
            + $"only first run: {string.Join("; ", expected.Except(actual).Take(3))}\nonly this run: {string.Join("; ", actual.Except(expected).Take(3))}");
    }

    private static string Describe(Diagnostic d)
        => $"{d.Id} {d.Location.SourceTree?.FilePath}{d.Location.SourceSpan} {d.GetMessage()} [{string.Join(", ", d.AdditionalLocations.Select(l => l.SourceTree?.FilePath + l.SourceSpan))}]";
}

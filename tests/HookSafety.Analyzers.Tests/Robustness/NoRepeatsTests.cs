using System.Linq;
using System.Threading.Tasks;
using HookSafety.Analyzers.Tests.Support;
using Xunit;

namespace HookSafety.Analyzers.Tests.Robustness;

/// <summary>
/// One mistake, one finding: over every rule test's source and the samples, no two findings are the same report (one
/// rule, one place, one message).
/// </summary>
public sealed class NoRepeatsTests
{
    [Fact]
    public async Task NoFinding_IsReportedTwice()
    {
        var sources = Corpus.TestSources.Select(s => new[] { s }).Append(Corpus.SampleSources().ToArray()).ToList();
        var findings = 0;
        var repeats = new System.Collections.Generic.List<string>();
        foreach (var documents in sources)
        {
            var solution = TestProject.Create(documents, editorConfig: null, Corpus.Analyzers);
            var (diagnostics, _) = await TestProject.AnalyzeAsync(solution, Corpus.Analyzers);
            findings += diagnostics.Length;
            repeats.AddRange(diagnostics
                .GroupBy(d => (d.Id, d.Location, Message: d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)))
                .Where(g => g.Count() > 1)
                .Select(g => $"{g.Count()}× {g.Key.Id} at {g.Key.Location.GetLineSpan()}: {g.Key.Message}"));
        }

        Assert.True(findings > 300, $"only {findings} findings in the corpus");
        Assert.True(repeats.Count == 0, "Findings reported more than once:\n" + string.Join("\n", repeats.Take(20)));
    }
}

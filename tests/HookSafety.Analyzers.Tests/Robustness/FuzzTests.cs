using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using HookSafety.Analyzers.Tests.Support;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Xunit;

namespace HookSafety.Analyzers.Tests.Robustness;

/// <summary>
/// Broken variants of every rule test's source and every sample (spans deleted, files cut short, lines duplicated,
/// tokens inserted), from a fixed seed: no analyzer may throw, and no fixer may throw while planning its fixes.
/// </summary>
public sealed class FuzzTests
{
    private const int Seed = 20261121;
    private const int Variants = 2000;
    private static readonly string[] Tokens = { "{", "}", "(", ")", ";", "=>", "throw", "lock (", "+=", "??=", "[Patch(\"x\")]", "[Replaces(typeof(", "static", "new ", "null!", "ref ", "\"" };

    [Fact]
    public async Task AnalyzersAndFixers_NeverThrow_OnBrokenSources()
    {
        var originals = Corpus.TestSources.AddRange(Corpus.SampleSources());
        Assert.True(originals.Length > 100, $"only {originals.Length} sources found");
        var random = new Random(Seed);
        var variants = Enumerable.Range(0, Variants).Select(_ => Mutate(originals[random.Next(originals.Length)], random)).ToList();

        var fixesTried = 0;
        foreach (var batch in variants.Chunk(40))
        {
            var solution = TestProject.Create(batch, editorConfig: null, Corpus.Analyzers);
            var (diagnostics, _) = await TestProject.AnalyzeAsync(solution, Corpus.Analyzers);

            // Every fixer plans a fix for the first few of its diagnostics in each batch.
            foreach (var fixer in Corpus.Fixers)
            {
                foreach (var diagnostic in diagnostics.Where(d => fixer.FixableDiagnosticIds.Contains(d.Id) && d.Location.IsInSource).Take(2))
                {
                    var document = solution.GetDocument(diagnostic.Location.SourceTree)!;
                    var actions = new List<CodeAction>();
                    await fixer.RegisterCodeFixesAsync(new CodeFixContext(document, diagnostic, (a, _) => actions.Add(a), CancellationToken.None));
                    foreach (var action in actions)
                    {
                        await action.GetOperationsAsync(CancellationToken.None);
                    }

                    fixesTried++;
                }
            }
        }

        Assert.True(fixesTried > 50, $"only {fixesTried} fixes were tried");
    }

    /// <summary>One mutation: a span deleted, the file cut short, a line duplicated, or a token inserted.</summary>
    private static string Mutate(string text, Random random)
    {
        var at = random.Next(text.Length);
        switch (random.Next(4))
        {
            case 0:
                return text.Remove(at, Math.Min(random.Next(1, 40), text.Length - at));
            case 1:
                return text.Substring(0, at);
            case 2:
                var lines = text.Split('\n');
                var line = random.Next(lines.Length);
                return string.Join('\n', lines.Take(line + 1).Concat(lines.Skip(line)));
            default:
                return text.Insert(at, " " + Tokens[random.Next(Tokens.Length)] + " ");
        }
    }
}

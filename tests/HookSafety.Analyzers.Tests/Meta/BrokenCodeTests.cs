using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using HookSafety.Analyzers.Tests.Support;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit;

namespace HookSafety.Analyzers.Tests.Meta;

/// <summary>
/// No analyzer may throw on any input, broken code included (AD0001 disables an analyzer in the IDE). The samples'
/// patches are cut short and have lines deleted or duplicated at fixed positions; the verifier's analysis run fails
/// on any analyzer exception.
/// </summary>
public sealed class BrokenCodeTests
{
    private static readonly ImmutableArray<DiagnosticAnalyzer> All = typeof(Descriptors).Assembly.GetTypes()
        .Where(t => typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && !t.IsAbstract)
        .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
        .ToImmutableArray();

    public static TheoryData<string> SampleFiles()
    {
        var data = new TheoryData<string>();
        var root = Path.Combine(Repository.Root, "samples");
        foreach (var file in Directory.GetFiles(root, "*.cs", SearchOption.AllDirectories).Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)))
        {
            data.Add(Path.GetRelativePath(root, file));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(SampleFiles))]
    public async Task AnalyzersNeverThrow_OnBrokenVariantsOfTheSamples(string file)
    {
        var text = await File.ReadAllTextAsync(Path.Combine(Repository.Root, "samples", file));
        var all = Variants(text).ToList();
        Assert.True(all.Count > 10);

        // At most 80 variants a file, spread over it: big files would otherwise cost minutes of compiler time.
        var step = Math.Max(1, all.Count / 80);
        var variants = all.Where((_, i) => i % step == 0).ToList();

        // Many variants in one project at once: one analysis run covers them all.
        foreach (var batch in variants.Chunk(25))
        {
            var solution = TestProject.Create(batch, editorConfig: null, All);
            await TestProject.AnalyzeAsync(solution, All);
        }
    }

    private static IEnumerable<string> Variants(string text)
    {
        var lines = text.Split('\n');
        for (var cut = 7; cut < text.Length; cut += Math.Max(7, text.Length / 40))
        {
            yield return text.Substring(0, cut);
            yield return text.Remove(cut, Math.Min(5, text.Length - cut));
            yield return text.Insert(cut, "{ ( [Replaces(typeof(");
        }

        for (var i = 0; i < lines.Length; i++)
        {
            yield return string.Join('\n', lines.Where((_, j) => j != i));
            yield return string.Join('\n', lines.Take(i + 1).Concat(lines.Skip(i)));
        }
    }
}

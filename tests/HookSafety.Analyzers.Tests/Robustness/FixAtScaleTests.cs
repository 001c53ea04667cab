using System;
using System.Collections.Generic;
using System.IO;
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
/// FixAll of every fixer, one after the other, over the whole samples project at once: the result still compiles with
/// no new errors, and afterwards no fixer offers a fix any more (nothing the fixes should have removed is left). Every
/// sample patch is run under <see cref="Hooks.PatchManager"/> before and after (<see cref="RoundTrip"/>): the safe ones
/// leave the host as they found it, no fix turns a patch that did into one that does not, and after the fixes every
/// sample mistake leaves the host as it found it too.
/// </summary>
public sealed class FixAtScaleTests
{
    private readonly Xunit.Abstractions.ITestOutputHelper _output;

    public FixAtScaleTests(Xunit.Abstractions.ITestOutputHelper output) => _output = output;

    [Fact]
    public async Task EveryFixAll_OverTheSamples_KeepsThemCompiling()
    {
        var root = Path.Combine(Repository.Root, "samples", "HookSafety.Samples");
        var files = Directory.GetFiles(root, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                        && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .OrderBy(f => f, StringComparer.Ordinal)
            .Select(File.ReadAllText)
            .ToList();
        var solution = TestProject.Create(files, editorConfig: null, Corpus.Analyzers);
        var errorsBefore = await ErrorsAsync(solution);
        var applied = new List<string>();

        foreach (var fixer in Corpus.Fixers)
        {
            for (var round = 0; round < 6 && await FirstFixAsync(solution, fixer) is { } next; round++)
            {
                var provider = fixer.GetFixAllProvider()!;
                var context = new FixAllContext(next.Document, fixer, FixAllScope.Solution, next.Action.EquivalenceKey, fixer.FixableDiagnosticIds, new Provider(), CancellationToken.None);
                var action = await provider.GetFixAsync(context);
                Assert.NotNull(action);
                var operations = await action!.GetOperationsAsync(CancellationToken.None);
                solution = operations.OfType<ApplyChangesOperation>().Single().ChangedSolution;
                applied.Add($"{fixer.GetType().Name}:{next.Action.EquivalenceKey}");
            }

            var errors = await ErrorsAsync(solution);
            Assert.True(errors.Count <= errorsBefore.Count, $"after {fixer.GetType().Name}: new errors\n{string.Join("\n", errors.Except(errorsBefore).Take(5))}");
        }

        Assert.True(applied.Count >= 8, $"only {applied.Count} FixAll rounds: {string.Join(", ", applied)}");
        foreach (var fixer in Corpus.Fixers)
        {
            var left = await FirstFixAsync(solution, fixer);
            Assert.True(left is null, $"{fixer.GetType().Name} still offers '{left?.Action.Title}' for {left?.Diagnostic}");
        }

        // Run every sample patch before and after the fixes.
        var before = RoundTrip.Run(files.ToArray());
        var fixedFiles = new List<string>();
        foreach (var document in solution.Projects.Single().Documents)
        {
            fixedFiles.Add((await document.GetTextAsync()).ToString());
        }

        var after = RoundTrip.Run(fixedFiles.ToArray());
        Assert.True(before.Compiled && after.Compiled, $"before: {before.CompileErrors}\nafter: {after.CompileErrors}");
        var safe = before.Patches.Where(p => p.TypeName.Contains(".Patches.", StringComparison.Ordinal)).ToList();
        Assert.True(safe.Count >= 5 && safe.All(p => p.Held), "The safe sample patches do not all leave the host as they found it:\n" + string.Join("\n", safe.Where(p => !p.Held).Select(p => p.PatchId + ": " + string.Join("; ", p.Differences))));

        var afterByType = after.Patches.ToDictionary(p => p.TypeName);
        var broken = before.Patches.Where(p => p.Held && !afterByType[p.TypeName].Held).ToList();
        Assert.True(broken.Count == 0, "A fix broke a patch that left the host as it found it:\n" + string.Join("\n", broken.Select(p => p.TypeName + ": " + string.Join("; ", afterByType[p.TypeName].Differences))));

        var mistakes = before.Patches.Where(p => p.TypeName.Contains(".Mistakes.", StringComparison.Ordinal)).ToList();
        _output.WriteLine($"sample mistakes: {mistakes.Count} patches; before the fixes {mistakes.Count(p => !p.Held)} leave the host changed, after them {mistakes.Count(p => !afterByType[p.TypeName].Held)}:");
        foreach (var patch in mistakes.Where(p => !afterByType[p.TypeName].Held))
        {
            _output.WriteLine($"  {patch.TypeName} ('{patch.PatchId}'): {string.Join("; ", afterByType[patch.TypeName].Differences)}");
        }

        Assert.True(mistakes.Count >= 15 && mistakes.All(p => afterByType[p.TypeName].Held), "Sample mistakes that still leave the host changed after every fix (see the output)");
    }

    [Fact]
    public async Task EveryFixAll_OverEachFixTestInput_KeepsItCompiling()
    {
        var sources = Corpus.FixTestSources;
        Assert.True(sources.Length > 100, $"only {sources.Length} fix-test sources");
        var fixedInputs = 0;
        foreach (var source in sources)
        {
            var solution = TestProject.Create(new[] { source }, editorConfig: null, Corpus.Analyzers);
            var errorsBefore = await ErrorsAsync(solution);
            var changed = false;
            foreach (var fixer in Corpus.Fixers)
            {
                for (var round = 0; round < 4 && await FirstFixAsync(solution, fixer) is { } next; round++)
                {
                    var context = new FixAllContext(next.Document, fixer, FixAllScope.Solution, next.Action.EquivalenceKey, fixer.FixableDiagnosticIds, new Provider(), CancellationToken.None);
                    var action = await fixer.GetFixAllProvider()!.GetFixAsync(context);
                    Assert.NotNull(action);
                    solution = (await action!.GetOperationsAsync(CancellationToken.None)).OfType<ApplyChangesOperation>().Single().ChangedSolution;
                    changed = true;
                }
            }

            var errors = await ErrorsAsync(solution);
            Assert.True(errors.Count <= errorsBefore.Count, $"new errors after the fixes:\n{string.Join("\n", errors.Except(errorsBefore).Take(5))}\nin:\n{source}");
            fixedInputs += changed ? 1 : 0;
        }

        Assert.True(fixedInputs > 40, $"only {fixedInputs} fix-test inputs had something to fix");
    }

    private static async Task<List<string>> ErrorsAsync(Solution solution)
    {
        var (_, compiler) = await TestProject.AnalyzeAsync(solution, Corpus.Analyzers);
        return compiler.Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.Id + " " + d.GetMessage()).ToList();
    }

    private static async Task<(Document Document, Diagnostic Diagnostic, CodeAction Action)?> FirstFixAsync(Solution solution, CodeFixProvider fixer)
    {
        var (diagnostics, _) = await TestProject.AnalyzeAsync(solution, Corpus.Analyzers);
        foreach (var diagnostic in diagnostics.Where(d => fixer.FixableDiagnosticIds.Contains(d.Id) && d.Location.IsInSource))
        {
            var document = solution.GetDocument(diagnostic.Location.SourceTree)!;
            var actions = new List<CodeAction>();
            await fixer.RegisterCodeFixesAsync(new CodeFixContext(document, diagnostic, (a, _) => actions.Add(a), CancellationToken.None));
            if (actions.Count > 0)
            {
                return (document, diagnostic, actions[0]);
            }
        }

        return null;
    }

    private sealed class Provider : FixAllContext.DiagnosticProvider
    {
        public override async Task<IEnumerable<Diagnostic>> GetDocumentDiagnosticsAsync(Document document, CancellationToken cancellationToken)
        {
            var (diagnostics, _) = await TestProject.AnalyzeAsync(document.Project.Solution, Corpus.Analyzers, cancellationToken);
            var tree = await document.GetSyntaxTreeAsync(cancellationToken);
            return diagnostics.Where(d => d.Location.SourceTree == tree);
        }

        public override Task<IEnumerable<Diagnostic>> GetProjectDiagnosticsAsync(Project project, CancellationToken cancellationToken)
            => Task.FromResult(Enumerable.Empty<Diagnostic>());

        public override async Task<IEnumerable<Diagnostic>> GetAllDiagnosticsAsync(Project project, CancellationToken cancellationToken)
            => (await TestProject.AnalyzeAsync(project.Solution, Corpus.Analyzers, cancellationToken)).Analyzer;
    }
}

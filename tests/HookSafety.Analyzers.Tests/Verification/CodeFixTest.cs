using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;

namespace HookSafety.Analyzers.Tests.Verification;

/// <summary>
/// Verifies a code fix: the source's diagnostics (as <see cref="AnalyzerTest"/>), then fixes applied
/// one at a time until none is offered, then FixAll in document, project and solution scope. Each result
/// must equal the fixed sources and carry exactly the diagnostics their markup expects: the fixed code
/// compiles with no new errors.
/// </summary>
public sealed class CodeFixTest : AnalyzerTest
{
    public CodeFixProvider? Fixer { get; set; }

    /// <summary>The expected result, with markup for the diagnostics that must remain.</summary>
    public List<string> FixedSources { get; } = new();

    /// <summary>Explicit expectations for the fixed code.</summary>
    public List<ExpectedDiagnostic> FixedExpected { get; } = new();

    /// <summary>The FixAll result when it differs from <see cref="FixedSources"/>.</summary>
    public List<string>? BatchFixedSources { get; set; }

    /// <summary>Which action to apply when a diagnostic gets several; the first by default.</summary>
    public string? EquivalenceKey { get; set; }

    /// <summary>Asserts that no fix is offered for any diagnostic of the source.</summary>
    public bool ExpectNoFix { get; set; }

    public int MaxIterations { get; set; } = 12;

    public IReadOnlyList<FixAllScope> FixAllScopes { get; set; } = new[] { FixAllScope.Document, FixAllScope.Project, FixAllScope.Solution };

    public override async Task RunAsync()
    {
        var fixer = Fixer ?? throw new VerifierException("CodeFixTest needs a Fixer.");
        await base.RunAsync().ConfigureAwait(false);

        var marked = Sources.Select(MarkedSource.Parse).ToList();
        var original = CreateSolution(marked.Select(m => m.Text).ToList());
        if (ExpectNoFix)
        {
            if (await FirstFixAsync(original, fixer).ConfigureAwait(false) is { } offered)
            {
                throw new VerifierException($"No fix was expected, but '{offered.Action.Title}' is offered for {offered.Diagnostic}.");
            }

            return;
        }

        if (FixedSources.Count != Sources.Count)
        {
            throw new VerifierException($"{Sources.Count} sources but {FixedSources.Count} fixed sources.");
        }

        // One fix at a time.
        var solution = original;
        var applied = 0;
        while (await FirstFixAsync(solution, fixer).ConfigureAwait(false) is { } next)
        {
            if (++applied > MaxIterations)
            {
                throw new VerifierException($"Fixes were still offered after {MaxIterations} iterations: the fix does not remove its diagnostic.");
            }

            solution = await ApplyAsync(next.Action, solution).ConfigureAwait(false);
        }

        if (applied == 0)
        {
            throw new VerifierException("No fix was offered for any diagnostic of the source.");
        }

        await VerifyResultAsync(solution, FixedSources, "The fixed code").ConfigureAwait(false);

        // FixAll, in each scope, until nothing is left to fix.
        var provider = fixer.GetFixAllProvider() ?? throw new VerifierException($"{fixer.GetType().Name} has no FixAll provider.");
        foreach (var scope in FixAllScopes)
        {
            if (!provider.GetSupportedFixAllScopes().Contains(scope))
            {
                throw new VerifierException($"The FixAll provider does not support {scope} scope.");
            }

            solution = original;
            var rounds = 0;
            while (await FirstFixAsync(solution, fixer).ConfigureAwait(false) is { } next)
            {
                if (++rounds > MaxIterations)
                {
                    throw new VerifierException($"FixAll ({scope}) still had fixes to offer after {MaxIterations} rounds.");
                }

                var context = new FixAllContext(next.Document, fixer, scope, next.Action.EquivalenceKey, fixer.FixableDiagnosticIds, new DiagnosticProvider(this), CancellationToken.None);
                var action = await provider.GetFixAsync(context).ConfigureAwait(false)
                    ?? throw new VerifierException($"FixAll ({scope}) produced no action.");
                solution = await ApplyAsync(action, solution).ConfigureAwait(false);
            }

            await VerifyResultAsync(solution, BatchFixedSources ?? FixedSources, $"The FixAll ({scope}) result").ConfigureAwait(false);
        }
    }

    private async Task VerifyResultAsync(Solution solution, IReadOnlyList<string> expectedSources, string what)
    {
        var expected = expectedSources.Select(MarkedSource.Parse).ToList();
        var documents = TestProject.Documents(solution);
        for (var i = 0; i < documents.Length; i++)
        {
            var actual = Normalize((await documents[i].GetTextAsync().ConfigureAwait(false)).ToString());
            var wanted = Normalize(expected[i].Text);
            if (actual != wanted)
            {
                throw new VerifierException($"{what} differs in Test{i}.cs{FirstDifference(wanted, actual)}\n--- expected ---\n{wanted}\n--- actual ---\n{actual}");
            }
        }

        await VerifyDiagnosticsAsync(solution, Resolve(expected, FixedExpected), what).ConfigureAwait(false);
    }

    /// <summary>The first diagnostic, in source order, for which the fixer offers an action.</summary>
    private async Task<(Document Document, Diagnostic Diagnostic, CodeAction Action)?> FirstFixAsync(Solution solution, CodeFixProvider fixer)
    {
        var (diagnostics, _) = await TestProject.AnalyzeAsync(solution, AnalyzerArray).ConfigureAwait(false);
        foreach (var diagnostic in diagnostics.Where(d => fixer.FixableDiagnosticIds.Contains(d.Id) && d.Location.IsInSource))
        {
            var document = solution.GetDocument(diagnostic.Location.SourceTree)!;
            var actions = new List<CodeAction>();
            var context = new CodeFixContext(document, diagnostic, (action, _) => actions.Add(action), CancellationToken.None);
            await fixer.RegisterCodeFixesAsync(context).ConfigureAwait(false);
            if (actions.Count == 0)
            {
                continue;
            }

            var keys = actions.Select(a => a.EquivalenceKey).ToList();
            if (keys.Any(k => k is null) || keys.Distinct(StringComparer.Ordinal).Count() != keys.Count)
            {
                throw new VerifierException($"Every action needs its own non-null equivalence key; got [{string.Join(", ", keys.Select(k => k ?? "null"))}] for {diagnostic}.");
            }

            var chosen = EquivalenceKey is null ? actions[0] : actions.FirstOrDefault(a => a.EquivalenceKey == EquivalenceKey);
            if (chosen is not null)
            {
                return (document, diagnostic, chosen);
            }
        }

        return null;
    }

    private static async Task<Solution> ApplyAsync(CodeAction action, Solution solution)
    {
        var operations = await action.GetOperationsAsync(CancellationToken.None).ConfigureAwait(false);
        var apply = operations.OfType<ApplyChangesOperation>().SingleOrDefault()
            ?? throw new VerifierException($"'{action.Title}' does not change the solution.");
        return apply.ChangedSolution;
    }

    private static string Normalize(string text) => text.Replace("\r\n", "\n");

    private static string FirstDifference(string expected, string actual)
    {
        var length = Math.Min(expected.Length, actual.Length);
        var at = 0;
        while (at < length && expected[at] == actual[at])
        {
            at++;
        }

        var line = expected.Take(at).Count(c => c == '\n') + 1;
        return $" from line {line}";
    }

    /// <summary>Hands FixAll the analyzers' diagnostics of a document or project.</summary>
    private sealed class DiagnosticProvider : FixAllContext.DiagnosticProvider
    {
        private readonly AnalyzerTest _test;

        public DiagnosticProvider(AnalyzerTest test) => _test = test;

        public override async Task<IEnumerable<Diagnostic>> GetDocumentDiagnosticsAsync(Document document, CancellationToken cancellationToken)
        {
            var (diagnostics, _) = await TestProject.AnalyzeAsync(document.Project.Solution, _test.AnalyzerArray, cancellationToken).ConfigureAwait(false);
            var tree = await document.GetSyntaxTreeAsync(cancellationToken).ConfigureAwait(false);
            return diagnostics.Where(d => d.Location.SourceTree == tree);
        }

        public override async Task<IEnumerable<Diagnostic>> GetProjectDiagnosticsAsync(Project project, CancellationToken cancellationToken)
        {
            var (diagnostics, _) = await TestProject.AnalyzeAsync(project.Solution, _test.AnalyzerArray, cancellationToken).ConfigureAwait(false);
            return diagnostics.Where(d => !d.Location.IsInSource);
        }

        public override async Task<IEnumerable<Diagnostic>> GetAllDiagnosticsAsync(Project project, CancellationToken cancellationToken)
        {
            var (diagnostics, _) = await TestProject.AnalyzeAsync(project.Solution, _test.AnalyzerArray, cancellationToken).ConfigureAwait(false);
            return diagnostics;
        }
    }
}

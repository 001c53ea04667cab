using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;

namespace HookSafety.CodeFixes;

/// <summary>
/// FixAll for every <see cref="PatchFixer"/> but HS0014's (whose fixes merge, <see cref="PatchFixer.FixAll"/>): applies
/// the diagnostics of the scope one after the other, each planned again (the plan with the FixAll's equivalence key) on
/// the solution the previous ones left (the batch fixer merges text changes made independently, and two fixes of one
/// class that both create <c>PostUnpatch</c>, or the lock gate, would conflict; and a plan made again sees what the
/// earlier fixes did: a second finding of a hook whose body the first wrapped in a <c>try</c> has nothing left to do).
/// The diagnostics' nodes are marked with annotations first, so each is found again after the edits before it; in
/// source order, so the result is the one the fixes give applied by hand from the top.
/// </summary>
internal sealed class SequentialFixAllProvider : FixAllProvider
{
    public static readonly SequentialFixAllProvider Instance = new();

    private const string PrimaryKind = "HookSafety.FixAll";
    private const string AdditionalKind = "HookSafety.FixAll.Additional";

    private SequentialFixAllProvider()
    {
    }

    public override async Task<CodeAction?> GetFixAsync(FixAllContext fixAllContext)
    {
        if (fixAllContext.CodeFixProvider is not PatchFixer fixer)
        {
            return null;
        }

        var diagnostics = await DiagnosticsAsync(fixAllContext).ConfigureAwait(false);
        if (diagnostics.IsEmpty)
        {
            return null;
        }

        var solution = fixAllContext.Project.Solution;
        var key = fixAllContext.CodeActionEquivalenceKey;
        return CodeAction.Create(
            $"Fix all {string.Join(", ", fixer.FixableDiagnosticIds)}",
            ct => FixAllAsync(fixer, solution, diagnostics, key, ct),
            key);
    }

    private static async Task<ImmutableArray<Diagnostic>> DiagnosticsAsync(FixAllContext context)
    {
        var all = new List<Diagnostic>();
        switch (context.Scope)
        {
            case FixAllScope.Document when context.Document is { } document:
                all.AddRange(await context.GetDocumentDiagnosticsAsync(document).ConfigureAwait(false));
                break;
            case FixAllScope.Project:
                all.AddRange(await context.GetAllDiagnosticsAsync(context.Project).ConfigureAwait(false));
                break;
            case FixAllScope.Solution:
                foreach (var project in context.Project.Solution.Projects)
                {
                    all.AddRange(await context.GetAllDiagnosticsAsync(project).ConfigureAwait(false));
                }

                break;
        }

        return all
            .Where(d => d.Location.IsInSource && context.DiagnosticIds.Contains(d.Id))
            .OrderBy(d => d.Location.SourceTree!.FilePath, StringComparer.Ordinal)
            .ThenBy(d => d.Location.SourceSpan.Start)
            .ToImmutableArray();
    }

    private static async Task<Solution> FixAllAsync(PatchFixer fixer, Solution solution, ImmutableArray<Diagnostic> diagnostics, string? key, CancellationToken cancellationToken)
    {
        // Mark every node first: the edits move them around.
        var marks = new Dictionary<DocumentId, Dictionary<SyntaxNode, List<SyntaxAnnotation>>>();
        var work = new List<(DocumentId Document, Diagnostic Diagnostic, SyntaxAnnotation Primary, List<(DocumentId Document, SyntaxAnnotation Mark)> Additional)>();
        for (var i = 0; i < diagnostics.Length; i++)
        {
            var diagnostic = diagnostics[i];
            var primaryMark = new SyntaxAnnotation(PrimaryKind, i.ToString(CultureInfo.InvariantCulture));
            if (await MarkAsync(solution, diagnostic.Location, primaryMark, marks, cancellationToken).ConfigureAwait(false) is not { } primary)
            {
                continue;
            }

            var additional = new List<(DocumentId, SyntaxAnnotation)>();
            for (var j = 0; j < diagnostic.AdditionalLocations.Count; j++)
            {
                var mark = new SyntaxAnnotation(AdditionalKind, $"{i}.{j}");
                if (await MarkAsync(solution, diagnostic.AdditionalLocations[j], mark, marks, cancellationToken).ConfigureAwait(false) is { } where)
                {
                    additional.Add((where, mark));
                }
            }

            work.Add((primary, diagnostic, primaryMark, additional));
        }

        foreach (var pair in marks)
        {
            var document = solution.GetDocument(pair.Key)!;
            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            var annotated = root!.ReplaceNodes(pair.Value.Keys, (original, current) => current.WithAdditionalAnnotations(pair.Value[original]));
            solution = solution.WithDocumentSyntaxRoot(pair.Key, annotated);
        }

        // Then fix them one at a time, each found by its mark.
        foreach (var (documentId, diagnostic, primary, additionalMarks) in work)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (await FindAsync(solution, documentId, primary, cancellationToken).ConfigureAwait(false) is not { } node)
            {
                continue;
            }

            var additional = ImmutableArray.CreateBuilder<SyntaxNode>();
            foreach (var (where, mark) in additionalMarks)
            {
                if (await FindAsync(solution, where, mark, cancellationToken).ConfigureAwait(false) is { } found)
                {
                    additional.Add(found);
                }
            }

            var document = solution.GetDocument(documentId)!;
            if (await FixTarget.CreateAsync(document, node, additional.ToImmutable(), diagnostic, cancellationToken).ConfigureAwait(false) is { } target
                && fixer.PlanFor(target, key) is { } fix
                && await fix.ApplyAsync(target).ConfigureAwait(false) is { } result)
            {
                solution = result.Solution;
            }
        }

        return solution;
    }

    private static async Task<DocumentId?> MarkAsync(Solution solution, Location location, SyntaxAnnotation mark, Dictionary<DocumentId, Dictionary<SyntaxNode, List<SyntaxAnnotation>>> marks, CancellationToken cancellationToken)
    {
        if (!location.IsInSource || solution.GetDocument(location.SourceTree) is not { } document
            || await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false) is not { } root)
        {
            return null;
        }

        if (!marks.TryGetValue(document.Id, out var nodes))
        {
            marks[document.Id] = nodes = new Dictionary<SyntaxNode, List<SyntaxAnnotation>>();
        }

        var node = FixTarget.Locate(root, location);
        if (!nodes.TryGetValue(node, out var list))
        {
            nodes[node] = list = new List<SyntaxAnnotation>();
        }

        list.Add(mark);
        return document.Id;
    }

    private static async Task<SyntaxNode?> FindAsync(Solution solution, DocumentId documentId, SyntaxAnnotation mark, CancellationToken cancellationToken)
        => solution.GetDocument(documentId) is { } document && await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false) is { } root
            ? root.GetAnnotatedNodes(mark).FirstOrDefault()
            : null;
}

using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;

namespace HookSafety.CodeFixes;

/// <summary>
/// The compile check: every node the editor adds is marked, and <see cref="GetChangedSolutionAsync"/> makes the
/// pending edits and returns null when a marked node does not compile or, after a statement or member was replaced,
/// wrapped or removed, when its document has more errors than before (a local declared in a wrapped statement is out
/// of scope after it), so that no fix is offered that breaks the code.
/// </summary>
internal sealed partial class PatchEditor
{
    /// <summary>The mark of what the editor adds (see <see cref="Mark"/>).</summary>
    private readonly SyntaxAnnotation _added = new("HookSafety.Added");

    /// <summary>The documents whose errors may not grow (see <see cref="CheckErrors"/>).</summary>
    private readonly HashSet<DocumentId> _checkedDocuments = new();

    /// <summary>The solution with every edit made, or null when something the editor added does not compile.</summary>
    public async Task<Solution?> GetChangedSolutionAsync()
    {
        // Emptied members go after the new ones are placed, so that a new hook takes the place of the one it replaces.
        var emptied = MarkEmptied();
        if (_newFields.Count > 0 || _newHooks.Count > 0)
        {
            _editors[_target.Document.Id].ReplaceNode(Part, (current, _) => AddMembers((ClassDeclarationSyntax)current));
        }

        RemoveEmptied(emptied);

        var solution = _solution.GetChangedSolution();
        foreach (var id in _editors.Keys)
        {
            var document = solution.GetDocument(id)!;
            var root = await document.GetSyntaxRootAsync(_target.CancellationToken).ConfigureAwait(false);
            var added = root!.GetAnnotatedNodes(_added).ToList();
            if (added.Count > 0)
            {
                var model = await document.GetSemanticModelAsync(_target.CancellationToken).ConfigureAwait(false);
                if (added.Any(node => model!.GetDiagnostics(node.Span, _target.CancellationToken).Any(d => d.Severity == DiagnosticSeverity.Error)))
                {
                    return null;
                }
            }

            if (_checkedDocuments.Contains(id)
                && await ErrorCountAsync(_target.Solution.GetDocument(id)!).ConfigureAwait(false) < await ErrorCountAsync(document).ConfigureAwait(false))
            {
                return null;
            }
        }

        return solution;
    }

    private async Task<int> ErrorCountAsync(Document document)
    {
        var model = await document.GetSemanticModelAsync(_target.CancellationToken).ConfigureAwait(false);
        return model!.GetDiagnostics(null, _target.CancellationToken).Count(d => d.Severity == DiagnosticSeverity.Error);
    }

    /// <summary>After this edit of <paramref name="node"/>'s document, the document may not have more errors than before.</summary>
    private void CheckErrors(SyntaxNode node)
    {
        if (_target.Solution.GetDocument(node.SyntaxTree) is { } document)
        {
            _checkedDocuments.Add(document.Id);
        }
    }

    /// <summary><paramref name="node"/>, added by the editor: formatted by the code action, and checked to compile.</summary>
    private T Mark<T>(T node)
        where T : SyntaxNode
        => node.WithAdditionalAnnotations(Formatter.Annotation, _added);
}

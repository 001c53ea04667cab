using System.Collections.Immutable;
using System.Threading;
using System.Threading.Tasks;
using HookSafety.Analyzers;
using Microsoft.CodeAnalysis;

namespace HookSafety.CodeFixes;

/// <summary>
/// A diagnostic of any rule a <see cref="PatchFixer"/> fixes, as a fix sees it, in the current state of the solution:
/// its node (for a lifecycle finding, the statement's expression or the call of a helper), the nodes of its additional
/// locations, and the properties the analyzer decided (<see cref="FindingProperties"/>), with the descriptor it was
/// reported with (a rule may have several).
/// </summary>
internal sealed class FixTarget
{
    private FixTarget(Document document, SyntaxNode root, SemanticModel model, HookApi api, SyntaxNode node, ImmutableArray<SyntaxNode> additional, DiagnosticDescriptor descriptor, ImmutableDictionary<string, string?> properties, CancellationToken cancellationToken)
    {
        Document = document;
        Root = root;
        Model = model;
        Api = api;
        Node = node;
        Additional = additional;
        Descriptor = descriptor;
        Properties = properties;
        CancellationToken = cancellationToken;
    }

    public Document Document { get; }

    /// <summary>The root of <see cref="Document"/>: held so that editors of the document see the same nodes.</summary>
    public SyntaxNode Root { get; }

    public SemanticModel Model { get; }

    public HookApi Api { get; }

    /// <summary>The node the diagnostic sits on.</summary>
    public SyntaxNode Node { get; }

    /// <summary>The nodes of the diagnostic's additional locations that still exist (in any document of the project).</summary>
    public ImmutableArray<SyntaxNode> Additional { get; }

    /// <summary>The descriptor the diagnostic was reported with: which of the rule's messages it is.</summary>
    public DiagnosticDescriptor Descriptor { get; }

    public ImmutableDictionary<string, string?> Properties { get; }

    public CancellationToken CancellationToken { get; }

    public Solution Solution => Document.Project.Solution;

    public string? Hook => this[FindingProperties.Hook];

    public string? TargetHook => this[FindingProperties.TargetHook];

    public string? Kind => this[FindingProperties.Kind];

    /// <summary>Whether the statement sits in the hook itself (not in a helper it calls).</summary>
    public bool IsDirect => this[FindingProperties.Direct] == "true";

    /// <summary>
    /// Whether the statement is a hook's call of a helper that does nothing else the lifecycle rules care about than
    /// what this finding says (<see cref="FindingProperties.WholeCall"/>): the call can move as a whole.
    /// </summary>
    public bool IsWholeCall => !IsDirect && this[FindingProperties.WholeCall] == "true";

    public string? this[string property] => Properties.TryGetValue(property, out var value) ? value : null;

    /// <summary>Whether the diagnostic was reported with <paramref name="descriptor"/> (compared by value: a diagnostic may have crossed a process).</summary>
    public bool Is(DiagnosticDescriptor descriptor) => Descriptor.Equals(descriptor);

    /// <summary>The node at <paramref name="location"/> in <paramref name="root"/>: the same node for the fix and for FixAll.</summary>
    public static SyntaxNode Locate(SyntaxNode root, Location location)
        => root.FindNode(location.SourceSpan, getInnermostNodeForTie: true);

    /// <summary>The target of <paramref name="diagnostic"/> at <paramref name="node"/> (found again after earlier edits).</summary>
    public static async Task<FixTarget?> CreateAsync(Document document, SyntaxNode node, ImmutableArray<SyntaxNode> additional, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || model is null || node.SyntaxTree != root.SyntaxTree || HookApi.For(model.Compilation) is not { } api)
        {
            return null;
        }

        return new FixTarget(document, root, model, api, node, additional, diagnostic.Descriptor, diagnostic.Properties, cancellationToken);
    }

    /// <summary>The target of <paramref name="diagnostic"/>, found by its locations in <paramref name="document"/>'s solution.</summary>
    public static async Task<FixTarget?> CreateAsync(Document document, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || !diagnostic.Location.IsInSource || diagnostic.Location.SourceTree != root.SyntaxTree)
        {
            return null;
        }

        var additional = ImmutableArray.CreateBuilder<SyntaxNode>();
        foreach (var location in diagnostic.AdditionalLocations)
        {
            if (location.IsInSource && document.Project.GetDocument(location.SourceTree) is { } other
                && await other.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false) is { } otherRoot)
            {
                additional.Add(Locate(otherRoot, location));
            }
        }

        return await CreateAsync(document, Locate(root, diagnostic.Location), additional.ToImmutable(), diagnostic, cancellationToken).ConfigureAwait(false);
    }
}

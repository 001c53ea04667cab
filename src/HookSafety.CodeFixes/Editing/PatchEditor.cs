using System.Collections.Generic;
using System.Threading.Tasks;
using HookSafety.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;

namespace HookSafety.CodeFixes;

/// <summary>
/// The editor every fix is made with, on one class and all its partial parts: the patch class around the diagnostic
/// (or, for a <c>[Replaces]</c> method, whatever class holds it). This part holds what the editor edits (the class, the
/// part that holds the diagnostic, one document editor per part) and makes it; each other part does one job: finding
/// hooks (<c>PatchEditor.Hooks.cs</c>), creating them (<c>PatchEditor.HookCreation.cs</c>), editing statements
/// (<c>PatchEditor.Statements.cs</c>), moving them between hooks (<c>PatchEditor.Moves.cs</c>), adding, replacing and
/// removing members (<c>PatchEditor.Members.cs</c>), the shape of a patch (<c>PatchEditor.Shape.cs</c>), the lock gate
/// (<c>PatchEditor.LockGate.cs</c>), what moved code may name (<c>PatchEditor.Portability.cs</c>), names
/// (<c>PatchEditor.Renaming.cs</c>), type names (<c>PatchEditor.TypeNames.cs</c>), blank lines
/// (<c>PatchEditor.Trivia.cs</c>), and the check that what was added compiles (<c>PatchEditor.Verification.cs</c>).
/// What it adds is formatted and simplified by the code action.
/// </summary>
internal sealed partial class PatchEditor
{
    /// <summary>The name of the parameter of a hook the editor creates.</summary>
    public const string ContextParameter = "context";

    private readonly FixTarget _target;
    private readonly SolutionEditor _solution;
    private readonly Dictionary<DocumentId, DocumentEditor> _editors;

    private PatchEditor(FixTarget target, INamedTypeSymbol type, ClassDeclarationSyntax part, SolutionEditor solution, Dictionary<DocumentId, DocumentEditor> editors)
    {
        _target = target;
        Type = type;
        Part = part;
        _solution = solution;
        _editors = editors;
    }

    /// <summary>The patch class.</summary>
    public INamedTypeSymbol Type { get; }

    /// <summary>The part of the patch class that holds the diagnostic: new hooks and fields go there.</summary>
    public ClassDeclarationSyntax Part { get; }

    public HookApi Api => _target.Api;

    public SyntaxGenerator Generator => _editors[_target.Document.Id].Generator;

    /// <summary>The fix's title, when the edit can say better what it does than its plan (the statement it added).</summary>
    public string? Title { get; set; }

    /// <summary>How a statement the editor adds reads in a title: <c>'Net.PacketReceived -= OnPacket;'</c>.</summary>
    public static string Quote(StatementSyntax statement) => $"'{statement.NormalizeWhitespace()}'";

    /// <summary>
    /// An editor for the concrete patch class around the target's node, or null when the node is in no such class; with
    /// <paramref name="anyClass"/>, for the class around it whatever it is (a <c>[Replaces]</c> method's class, which
    /// need not be a patch yet): only the edits of members then apply, not those of hooks.
    /// </summary>
    public static async Task<PatchEditor?> CreateAsync(FixTarget target, bool anyClass = false)
    {
        var cancellationToken = target.CancellationToken;
        if (target.Node.FirstAncestorOrSelf<ClassDeclarationSyntax>() is not { } part
            || target.Model.GetDeclaredSymbol(part, cancellationToken) is not { } type
            || !(anyClass || (target.Api.IsPatch(type) && target.Api.PatchContext is not null && target.Api.HookResult is not null)))
        {
            return null;
        }

        var solution = new SolutionEditor(target.Solution);
        var editors = new Dictionary<DocumentId, DocumentEditor>();
        foreach (var reference in type.DeclaringSyntaxReferences)
        {
            if (target.Solution.GetDocument(reference.SyntaxTree) is { } document && !editors.ContainsKey(document.Id))
            {
                editors[document.Id] = await solution.GetDocumentEditorAsync(document.Id, cancellationToken).ConfigureAwait(false);
            }
        }

        return editors.ContainsKey(target.Document.Id) ? new PatchEditor(target, type, part, solution, editors) : null;
    }

    /// <summary>The semantic model of the tree holding <paramref name="node"/>.</summary>
    public SemanticModel ModelOf(SyntaxNode node)
        => node.SyntaxTree == _target.Model.SyntaxTree ? _target.Model : _target.Model.Compilation.GetSemanticModel(node.SyntaxTree);

    private DocumentEditor? EditorOf(SyntaxNode node)
        => _target.Solution.GetDocument(node.SyntaxTree) is { } document && _editors.TryGetValue(document.Id, out var editor) ? editor : null;
}

using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;

namespace HookSafety.CodeFixes;

/// <summary>
/// What a lifecycle fixer plans for one diagnostic: a title, its equivalence key, and the edit, made on a
/// <see cref="PatchEditor"/> (the edit returns false when it finds it cannot be made after all); with
/// <c>anyClass</c>, on the class around the diagnostic even if it is not a patch (see <see cref="PatchEditor.CreateAsync"/>).
/// </summary>
internal sealed class LifecycleFix
{
    public LifecycleFix(string title, string equivalenceKey, Func<PatchEditor, bool> edit, bool anyClass = false)
    {
        Title = title;
        EquivalenceKey = equivalenceKey;
        Edit = edit;
        AnyClass = anyClass;
    }

    /// <summary>Whether the edit may be made in a class that is not a patch.</summary>
    public bool AnyClass { get; }

    public string Title { get; }

    public string EquivalenceKey { get; }

    public Func<PatchEditor, bool> Edit { get; }

    /// <summary>
    /// The solution after the edit, with the title (the edit may name what it added), or null when the edit cannot be made
    /// or what it adds does not compile.
    /// </summary>
    public async Task<(Solution Solution, string Title)?> ApplyAsync(FixTarget target)
    {
        var editor = await PatchEditor.CreateAsync(target, AnyClass).ConfigureAwait(false);
        if (editor is null || !Edit(editor) || await editor.GetChangedSolutionAsync().ConfigureAwait(false) is not { } solution)
        {
            return null;
        }

        return (solution, editor.Title ?? Title);
    }
}

/// <summary>
/// The shape every lifecycle fixer (HS0001–HS0005), concurrency fixer (HS0006, HS0007) and hazard or shape fixer
/// (HS0008, HS0009, HS0013, HS0015) shares: fixes are planned from the diagnostic's node, descriptor and properties,
/// made on the patch class through <see cref="PatchEditor"/> (possibly in
/// several partial parts), offered only when what they add compiles, and applied in FixAll one diagnostic after the
/// other (<see cref="SequentialFixAllProvider"/>), since two fixes of one class may create the same hook or field.
/// A fixer plans one fix (<see cref="Plan"/>) or several (<see cref="Plans"/>, registered in that order, each with
/// its own equivalence key).
/// </summary>
public abstract class LifecycleFixer : CodeFixProvider
{
    private protected LifecycleFixer()
    {
    }

    public sealed override FixAllProvider GetFixAllProvider() => SequentialFixAllProvider.Instance;

    public sealed override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        if (await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false) is { } root && SyntaxDepth.IsTooDeep(root))
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            if (await FixTarget.CreateAsync(context.Document, diagnostic, context.CancellationToken).ConfigureAwait(false) is not { } target)
            {
                continue;
            }

            foreach (var fix in Plans(target))
            {
                if (await fix.ApplyAsync(target).ConfigureAwait(false) is { } result)
                {
                    context.RegisterCodeFix(CodeAction.Create(result.Title, _ => Task.FromResult(result.Solution), fix.EquivalenceKey), diagnostic);
                }
            }
        }
    }

    /// <summary>The fix for <paramref name="target"/>, or null when none applies.</summary>
    private protected virtual LifecycleFix? Plan(FixTarget target) => null;

    /// <summary>The fixes for <paramref name="target"/>, in the order they are offered: by default the one of <see cref="Plan"/>.</summary>
    private protected virtual IEnumerable<LifecycleFix> Plans(FixTarget target)
        => Plan(target) is { } fix ? new[] { fix } : Enumerable.Empty<LifecycleFix>();

    /// <summary>The fix for <paramref name="target"/> with <paramref name="equivalenceKey"/> (the first when null), or null.</summary>
    internal LifecycleFix? PlanFor(FixTarget target, string? equivalenceKey)
        => Plans(target).FirstOrDefault(f => equivalenceKey is null || f.EquivalenceKey == equivalenceKey);
}

/// <summary>
/// Whether a document nests deeper than its fixed text could be cleaned up: after a fix, Roslyn formats and simplifies
/// the document with recursive rewriters that give up (an <c>InsufficientExecutionStackException</c>) on code nested
/// some thousands of levels deep, such as a generated 20,000-term expression. No fix is offered in such a document.
/// The depth is measured once per tree, without recursion.
/// </summary>
internal static class SyntaxDepth
{
    /// <summary>The deepest nesting of syntax nodes a fixed document may have.</summary>
    public const int Max = 1_000;

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<SyntaxNode, object> s_tooDeep = new();
    private static readonly object s_yes = new();
    private static readonly object s_no = new();

    public static bool IsTooDeep(SyntaxNode root) => s_tooDeep.GetValue(root, Measure) == s_yes;

    private static object Measure(SyntaxNode root)
    {
        var pending = new Stack<(SyntaxNode Node, int Depth)>();
        pending.Push((root, 0));
        while (pending.Count > 0)
        {
            var (node, depth) = pending.Pop();
            if (depth > Max)
            {
                return s_yes;
            }

            foreach (var child in node.ChildNodes())
            {
                pending.Push((child, depth + 1));
            }
        }

        return s_no;
    }
}

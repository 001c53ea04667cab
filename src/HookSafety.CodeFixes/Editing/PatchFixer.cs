using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;

namespace HookSafety.CodeFixes;

/// <summary>
/// The base of every fixer of the product, whatever its rule's family: lifecycle (HS0001–HS0005), concurrency (HS0006,
/// HS0007), hazards (HS0008, HS0009, HS0015) and patch shape (HS0013, HS0014). Fixes are planned from the diagnostic's
/// node, descriptor and properties (<see cref="FixTarget"/>), made on the class through <see cref="PatchEditor"/>
/// (possibly in several partial parts), offered only when what they add compiles
/// (<see cref="PatchEditor.GetChangedSolutionAsync"/>; HS0014's shape edits are not checked), and none in a document
/// nested too deep to clean up (<see cref="SyntaxDepth"/>). In FixAll they are applied one diagnostic after the other
/// (<see cref="SequentialFixAllProvider"/>), since two fixes of one class may create the same hook or field, unless the
/// fixer says its fixes merge (<see cref="FixAll"/>). A fixer plans one fix (<see cref="Plan"/>) or several
/// (<see cref="Plans"/>, registered in that order, each with its own equivalence key).
/// </summary>
public abstract class PatchFixer : CodeFixProvider
{
    private protected PatchFixer()
    {
    }

    public sealed override FixAllProvider GetFixAllProvider() => FixAll;

    /// <summary>
    /// How FixAll applies the fixer's fixes: by default one after the other, each planned again on what the earlier ones
    /// left; a fixer whose fixes never touch the same text may merge them (<see cref="WellKnownFixAllProviders.BatchFixer"/>).
    /// </summary>
    private protected virtual FixAllProvider FixAll => SequentialFixAllProvider.Instance;

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
    private protected virtual PatchFix? Plan(FixTarget target) => null;

    /// <summary>The fixes for <paramref name="target"/>, in the order they are offered: by default the one of <see cref="Plan"/>.</summary>
    private protected virtual IEnumerable<PatchFix> Plans(FixTarget target)
        => Plan(target) is { } fix ? new[] { fix } : Enumerable.Empty<PatchFix>();

    /// <summary>The fix for <paramref name="target"/> with <paramref name="equivalenceKey"/> (the first when null), or null.</summary>
    internal PatchFix? PlanFor(FixTarget target, string? equivalenceKey)
        => Plans(target).FirstOrDefault(f => equivalenceKey is null || f.EquivalenceKey == equivalenceKey);
}

using System.Collections.Immutable;
using System.Composition;
using HookSafety.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;

namespace HookSafety.CodeFixes.Rules;

/// <summary>
/// HS0004: moves an undo from the wrong hook of its pair to the right one (<c>PreUnpatch</c> → <c>PostUnpatch</c> for a
/// <c>PrePatch</c> change or a shadow variable, <c>PostUnpatch</c> → <c>PreUnpatch</c> for a <c>PostPatch</c>
/// registration), appending it there and creating the hook if missing. Only a statement of the hook's own body
/// moves, or its expression body (not one reached through a helper, nested in a block, or using the hook's locals).
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(MoveUndoFixer)), Shared]
public sealed class MoveUndoFixer : PatchFixer
{
    public const string EquivalenceKey = "HS0004.MoveUndo";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.UndoInWrongHook);

    private protected override PatchFix? Plan(FixTarget target)
    {
        var (from, to) = (target.Hook, target.TargetHook);
        if (!(target.IsDirect || target.IsWholeCall) || !((from == Hooks.PreUnpatch && to == Hooks.PostUnpatch) || (from == Hooks.PostUnpatch && to == Hooks.PreUnpatch))
            || LifecycleStatements.MovableOf(target.Node) is not { } undo)
        {
            return null;
        }

        return new PatchFix($"Move the undo to {to}", EquivalenceKey, editor =>
            editor.HookHolding(undo, from!) is { } holder
            && editor.IsPortable(undo, holder.Symbol)
            && editor.Move(undo, from!, to!));
    }
}

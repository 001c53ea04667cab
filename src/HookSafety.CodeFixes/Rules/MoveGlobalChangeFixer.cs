using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using HookSafety.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;

namespace HookSafety.CodeFixes.Rules;

/// <summary>
/// HS0001: moves a global change made in <c>PostPatch</c> to <c>PrePatch</c> (before its final <c>return</c>), and one
/// made in <c>PreUnpatch</c> to <c>PostUnpatch</c>, creating the hook if missing. A <c>PostPatch</c> change undone in
/// <c>PreUnpatch</c> (the finding's additional location) takes its undo along to <c>PostUnpatch</c>, so the pair stays
/// matched. The hook the statement leaves stays, even empty. Only a statement of the hook's own body moves: not one
/// reached through a helper, nested in a block, or using the hook's locals (an expression body moves too); nor changes in replacements or type
/// initialization, which have no hook to move to.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(MoveGlobalChangeFixer)), Shared]
public sealed class MoveGlobalChangeFixer : LifecycleFixer
{
    public const string EquivalenceKey = "HS0001.MoveToMatchingHook";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.GlobalStateOutsidePrePatch);

    private protected override LifecycleFix? Plan(FixTarget target)
    {
        var (from, to) = (target.Hook, target.TargetHook);
        if (!target.IsDirect || !((from == Hooks.PostPatch && to == Hooks.PrePatch) || (from == Hooks.PreUnpatch && to == Hooks.PostUnpatch))
            || LifecycleStatements.MovableOf(target.Node) is not { } change)
        {
            return null;
        }

        // The undo of a PostPatch change, if it sits in PreUnpatch: it moves to PostUnpatch with it.
        var undo = from == Hooks.PostPatch
            ? target.Additional.Select(LifecycleStatements.MovableOf).FirstOrDefault(s => s is not null)
            : null;
        return new LifecycleFix($"Move to {to}", EquivalenceKey, editor =>
        {
            if (!IsMovable(editor, change, from!))
            {
                return false;
            }

            // A helper called from PreUnpatch may also undo registrations, which belong there: it stays (and HS0004 says so).
            var moveUndo = undo is not null && IsMovable(editor, undo, Hooks.PreUnpatch) && !editor.CallsPatchHelper(undo);
            editor.Title = moveUndo ? $"Move to {to}, and its undo to {Hooks.PostUnpatch}" : $"Move to {to}";
            return editor.Move(change, from!, to!) && (!moveUndo || editor.Move(undo!, Hooks.PreUnpatch, Hooks.PostUnpatch));
        });
    }

    private static bool IsMovable(PatchEditor editor, SyntaxNode movable, string hook)
        => editor.HookHolding(movable, hook) is { } holder && editor.IsPortable(movable, holder.Symbol);
}

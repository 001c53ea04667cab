using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using static HookSafety.Analyzers.Rules.LifecycleWording;

namespace HookSafety.Analyzers.Rules;

/// <summary>
/// HS0004: an undo in the other undo hook: a PrePatch change undone in <c>PreUnpatch</c> (while the new code is still
/// live), a PostPatch registration undone in <c>PostUnpatch</c> (after the new code was switched off), a shadow
/// variable detached in <c>PreUnpatch</c> (while the new code can still attach to it).
/// </summary>
internal sealed class UndoInWrongHook : PatchModelRule
{
    public override ImmutableArray<DiagnosticDescriptor> Descriptors { get; } = ImmutableArray.Create(Analyzers.Descriptors.UndoInWrongHook);

    public override bool MovesStatements => true;

    public override void Check(PatchModel model, RuleContext context)
    {
        if (model.IsSticky)
        {
            return;
        }

        foreach (var pair in model.Pairing.Pairs)
        {
            if (pair is not { Status: UndoStatus.Misplaced, Undo: { } misplaced })
            {
                continue;
            }

            var change = pair.Change;
            var reason = pair.WrongRole == Role.PreUnpatch
                ? "while the new code is still live"
                : pair.Sort == ChangeSort.Registration
                    ? "after the new code was switched off, so it can still call into code that is gone"
                    : "after the old code came back and ran with the changed value";
            context.Report(new Finding(Analyzers.Descriptors.UndoInWrongHook, misplaced.Location, misplaced.HelperLocation.Add(change.Location),
                Properties(misplaced, pair.WrongRole, pair.UndoRole, null),
                Subject(change.Effect), Verb(change.Effect), Phases.HookName(pair.Role), Phases.HookName(pair.WrongRole), misplaced.Via, reason, Phases.HookName(pair.UndoRole)));
        }

        foreach (var shadow in model.Pairing.Shadows)
        {
            if (shadow is { Status: UndoStatus.Misplaced, MisplacedDetach: { } misplaced })
            {
                context.Report(new Finding(Analyzers.Descriptors.UndoInWrongHook, misplaced.Location, misplaced.HelperLocation.Add(shadow.Attach.Location),
                    Properties(misplaced, Role.PreUnpatch, Role.PostUnpatch, null),
                    shadow.Variable.Name, "attached", shadow.Where, Hooks.PreUnpatch, misplaced.Via, "while the new code can still attach to it", Hooks.PostUnpatch));
            }
        }
    }
}

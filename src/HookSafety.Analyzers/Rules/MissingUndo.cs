using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using static HookSafety.Analyzers.Rules.LifecycleWording;

namespace HookSafety.Analyzers.Rules;

/// <summary>
/// HS0002: a change (or a registration in <c>PrePatch</c>) that its undo hook never undoes: it outlives the patch.
/// Registrations made in <c>PostPatch</c> are HS0003's; an undo in the other hook is HS0004's; sticky patches owe none.
/// </summary>
internal sealed class MissingUndo : PatchModelRule
{
    public override ImmutableArray<DiagnosticDescriptor> Descriptors { get; } = ImmutableArray.Create(Analyzers.Descriptors.MissingUndo);

    public override bool MovesStatements => true;

    public override void Check(PatchModel model, RuleContext context)
    {
        if (model.IsSticky)
        {
            return;
        }

        foreach (var pair in model.Pairing.Pairs)
        {
            if (pair.Status == UndoStatus.Missing && !(pair.Sort == ChangeSort.Registration && pair.Role == Role.PostPatch))
            {
                context.Report(Report(Analyzers.Descriptors.MissingUndo, pair));
            }
        }
    }

    /// <summary>The finding for a change whose undo is missing (HS0002, and HS0003 for PostPatch's registrations).</summary>
    internal static Finding Report(DiagnosticDescriptor descriptor, ChangePair pair)
    {
        var change = pair.Change;
        var undoHook = Phases.HookName(pair.UndoRole);
        // Nothing keeps an unkept receiver: no undo can be written for it, so the fixes are given no inverse.
        var properties = Properties(change, pair.Role, pair.UndoRole, change.Effect.IsUnkept ? null : pair.Inverse);
        return new Finding(descriptor, change.Location, change.HelperLocation, properties,
            Subject(change.Effect), Verb(change.Effect), Phases.HookName(pair.Role), change.Via, undoHook, Advice(change.Effect, pair.Inverse, undoHook));
    }
}

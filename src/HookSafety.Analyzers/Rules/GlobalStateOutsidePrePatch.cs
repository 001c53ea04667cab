using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using static HookSafety.Analyzers.Rules.LifecycleWording;

namespace HookSafety.Analyzers.Rules;

/// <summary>
/// HS0001: global state changed outside <c>PrePatch</c>/<c>PostUnpatch</c>: in <c>PostPatch</c> (after the new code went
/// live), in <c>PreUnpatch</c> (while it is still live, when the change undoes nothing), in the patch type's constructors
/// and initializers (outside the lifecycle), and in replacements (one-time fix-ups, process-wide settings).
/// </summary>
internal sealed class GlobalStateOutsidePrePatch : PatchModelRule
{
    public override ImmutableArray<DiagnosticDescriptor> Descriptors { get; } = ImmutableArray.Create(Analyzers.Descriptors.GlobalStateOutsidePrePatch);

    public override bool MovesStatements => true;

    public override void Check(PatchModel model, RuleContext context)
    {
        var options = model.Options;
        foreach (var (change, undo) in model.Pairing.LateChanges)
        {
            context.Report(Finding(change, Hooks.PostPatch, "after the new code went live", $"{Do(change.Effect)} in PrePatch and undo it in PostUnpatch",
                Role.PostPatch, Role.PrePatch, undo?.Location));
        }

        foreach (var change in model.Pairing.StrayUnpatchChanges)
        {
            context.Report(Finding(change, Hooks.PreUnpatch, "while the new code is still live", $"{Do(change.Effect)} in PostUnpatch",
                Role.PreUnpatch, Role.PostUnpatch, null));
        }

        foreach (var code in model.OtherCode)
        {
            foreach (var change in code.Effects)
            {
                if (!Changes.IsChange(change.Effect, options) || !change.Effect.IsGlobal)
                {
                    continue;
                }

                var advice = $"{Do(change.Effect)} in PrePatch and undo it in PostUnpatch";
                if (code.Role == Role.TypeInit)
                {
                    context.Report(Finding(change, code.Where, "outside the patch lifecycle", advice, Role.TypeInit, Role.PrePatch, null));
                }
                else if (Changes.IsProcessSetting(change.Effect))
                {
                    context.Report(Finding(change, code.Where, "a process-wide setting changed by the new code on its callers' threads", advice, Role.Replacement, Role.PrePatch, null));
                }
                else if (change.Effect.IsGuarded)
                {
                    context.Report(Finding(change, code.Where, "a one-time fix-up racing with every caller of the new code", "do it in PrePatch and undo it in PostUnpatch", Role.Replacement, Role.PrePatch, null));
                }
                else if (options.AllReplacementWrites)
                {
                    context.Report(Finding(change, code.Where, "on every call of the new code", advice, Role.Replacement, Role.PrePatch, null));
                }
            }
        }
    }

    /// <summary>The finding for a change made in <paramref name="where"/>, with the statement that restores it (if any) as an additional location.</summary>
    private static Finding Finding(ReachedEffect change, string where, string reason, string advice, Role role, Role target, Location? undo)
    {
        var additional = undo is null ? change.HelperLocation : change.HelperLocation.Add(undo);
        return new Finding(Analyzers.Descriptors.GlobalStateOutsidePrePatch, change.Location, additional, Properties(change, role, target, null),
            Subject(change.Effect), Verb(change.Effect), where, change.Via, reason, advice);
    }
}

using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace HookSafety.Analyzers.Rules;

/// <summary>
/// HS0008: <c>PrePatch</c> fails the wrong way: an exception leaves it (the manager reports a broken patch instead of a
/// refusal), or it returns <c>HookResult.Reject(...)</c> on a path that changed global state and did not undo it (the
/// manager runs no other hook of a rejected patch, so nothing undoes the change). The paths come from
/// <see cref="RejectFlow"/>.
/// </summary>
internal sealed class PrePatchFailure : PatchModelRule
{
    public override ImmutableArray<DiagnosticDescriptor> Descriptors { get; } = ImmutableArray.Create(Analyzers.Descriptors.PrePatchFailure, Analyzers.Descriptors.RejectAfterChange);

    public override void Check(PatchModel model, RuleContext context)
    {
        foreach (var reached in model.In(Role.PrePatch))
        {
            if (reached.Effect.Kind == EffectKind.Throw && !ThreadingTables.IsCaught(reached.Effect.ReceiverType, reached.Catches))
            {
                context.Report(new Finding(Analyzers.Descriptors.PrePatchFailure, reached.Location, reached.HelperLocation,
                    FindingProperties.Of(reached, hook: Hooks.PrePatch), reached.Effect.ReceiverType?.Name ?? "an exception", reached.Via));
            }
        }

        foreach (var reject in RejectFlow.Find(context.Api, model, allowStraightLine: true, out _, context.CancellationToken))
        {
            var first = reject.FirstPending;
            context.Report(new Finding(Analyzers.Descriptors.RejectAfterChange, reject.Reject.Syntax.GetLocation(), ImmutableArray.Create(first.Location),
                ImmutableDictionary<string, string?>.Empty, LifecycleWording.Subject(first.Effect), first.Via));
        }
    }
}

using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace HookSafety.Analyzers.Rules;

/// <summary>
/// HS0009: an exception that can leave <c>PostPatch</c>, <c>PreUnpatch</c> or <c>PostUnpatch</c> (thrown there or in a
/// helper they call, and caught by no <c>catch</c> on the way): those hooks cannot fail, and the patch is left half done.
/// </summary>
internal sealed class HookCannotFail : PatchModelRule
{
    public override ImmutableArray<DiagnosticDescriptor> Descriptors { get; } = ImmutableArray.Create(Analyzers.Descriptors.HookCannotFail);

    public override void Check(PatchModel model, RuleContext context)
    {
        foreach (var (hook, effects) in model.Hooks)
        {
            if (hook == Role.PrePatch)
            {
                continue; // PrePatch may fail: HS0008
            }

            var name = Phases.HookName(hook);
            var outcome = hook == Role.PostPatch ? "the patch stays enabled with PostPatch half done" : "the patch is disabled anyway, with the hook half done";
            foreach (var reached in effects)
            {
                if (reached.Effect.Kind == EffectKind.Throw && !ThreadingTables.IsCaught(reached.Effect.ReceiverType, reached.Catches))
                {
                    context.Report(new Finding(Analyzers.Descriptors.HookCannotFail, reached.Location, reached.HelperLocation,
                        FindingProperties.Of(reached, hook: name), reached.Effect.ReceiverType?.Name ?? "an exception", name, reached.Via, outcome));
                }
            }
        }
    }
}

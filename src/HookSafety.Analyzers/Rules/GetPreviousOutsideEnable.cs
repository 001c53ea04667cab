using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace HookSafety.Analyzers.Rules;

/// <summary>
/// HS0011: <c>PatchContext.GetPrevious</c> (the state a replaced patch left) reached from code other than
/// <c>PrePatch</c> and <c>PostPatch</c> and the helpers they call: the previous states exist only during the enable.
/// </summary>
internal sealed class GetPreviousOutsideEnable : PatchModelRule
{
    public override ImmutableArray<DiagnosticDescriptor> Descriptors { get; } = ImmutableArray.Create(Analyzers.Descriptors.GetPreviousOutsideEnable);

    public override void Check(PatchModel model, RuleContext context)
    {
        var code = new List<PatchCode>();
        foreach (var hook in new[] { Role.PreUnpatch, Role.PostUnpatch })
        {
            if (model.HookCode(hook) is { } hookCode)
            {
                code.Add(hookCode);
            }
        }

        code.AddRange(model.OtherCode);
        code.AddRange(model.Callbacks);
        foreach (var root in code)
        {
            foreach (var reached in root.Effects.Where(e => e.Effect.Kind == EffectKind.GetPrevious))
            {
                context.Report(new Finding(Analyzers.Descriptors.GetPreviousOutsideEnable, reached.Location, reached.HelperLocation,
                    ImmutableDictionary<string, string?>.Empty, root.Where, reached.Via));
            }
        }
    }
}

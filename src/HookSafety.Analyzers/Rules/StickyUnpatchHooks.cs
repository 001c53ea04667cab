using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace HookSafety.Analyzers.Rules;

/// <summary>HS0015: a sticky patch (never disabled) overrides <c>PreUnpatch</c> or <c>PostUnpatch</c>, which never run.</summary>
internal sealed class StickyUnpatchHooks : PatchModelRule
{
    public override ImmutableArray<DiagnosticDescriptor> Descriptors { get; } = ImmutableArray.Create(Analyzers.Descriptors.StickyUnpatchHooks);

    public override void Check(PatchModel model, RuleContext context)
    {
        if (!model.IsSticky)
        {
            return;
        }

        foreach (var hook in new[] { Hooks.PreUnpatch, Hooks.PostUnpatch })
        {
            foreach (var method in Hooks.OverridesIn(model.Type, hook))
            {
                context.Report(new Finding(Analyzers.Descriptors.StickyUnpatchHooks, method.Locations[0], ImmutableArray<Location>.Empty,
                    ImmutableDictionary<string, string?>.Empty.Add(FindingProperties.Hook, hook), model.Type.Name, hook));
            }
        }
    }
}

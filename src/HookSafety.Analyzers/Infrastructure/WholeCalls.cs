using System.Collections.Generic;

namespace HookSafety.Analyzers;

/// <summary>
/// What the fixes need to know across the lifecycle rules' findings: whether a hook's call of a helper can move whole
/// (every change it makes belongs in the same other hook for the same reason), or would drag something else along.
/// </summary>
internal static class WholeCalls
{
    /// <summary>
    /// Marks <see cref="FindingProperties.WholeCall"/> on the findings of a hook's call of a helper when every
    /// lifecycle effect the hook reaches through that call (a change, registration, undo or shadow variable) has one of
    /// them, all of one rule and one hook they belong in. Looks at the first <paramref name="count"/> findings: those of
    /// the rules whose fixes move statements (HS0001–HS0005).
    /// </summary>
    public static void Mark(PatchModel model, List<Finding> findings, int count)
    {
        for (var i = 0; i < count; i++)
        {
            var finding = findings[i];
            if (!finding.Properties.TryGetValue(FindingProperties.Direct, out var direct) || direct != "false"
                || finding.Properties.ContainsKey(FindingProperties.WholeCall)
                || !finding.Properties.TryGetValue(FindingProperties.Hook, out var hookName))
            {
                continue;
            }

            // The findings of this call: reported at the call itself, from the same hook.
            var same = new List<int>();
            var whole = true;
            for (var j = 0; j < count; j++)
            {
                var other = findings[j];
                if (other.Location.Equals(finding.Location) && other.Properties.TryGetValue(FindingProperties.Hook, out var otherHook) && otherHook == hookName)
                {
                    same.Add(j);
                    whole &= other.Descriptor.Id == finding.Descriptor.Id
                             && other.Properties.TryGetValue(FindingProperties.TargetHook, out var target) && finding.Properties.TryGetValue(FindingProperties.TargetHook, out var expected) && target == expected;
                }
            }

            var reached = 0;
            foreach (var (key, effects) in model.Hooks)
            {
                if (Phases.HookName(key) != hookName)
                {
                    continue;
                }

                foreach (var effect in effects)
                {
                    if (effect.CallSite is not null && effect.Location.Equals(finding.Location)
                        && (Changes.SortOf(effect.Effect, model.Options, out _) != ChangeSort.None || effect.Effect.Kind is EffectKind.ShadowAttach or EffectKind.ShadowDetachAll))
                    {
                        reached++;
                    }
                }
            }

            foreach (var j in same)
            {
                var other = findings[j];
                findings[j] = new Finding(other.Descriptor, other.Location, other.Additional,
                    other.Properties.SetItem(FindingProperties.WholeCall, whole && reached == same.Count ? "true" : "false"), other.Arguments);
            }
        }
    }
}

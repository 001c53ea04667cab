using System;
using HookSafety.Hooks;
using HookSafety.Samples.Host;

namespace HookSafety.Samples.Patches;

/// <summary>A safe patch: replaces ParseLine, raises a global limit in PrePatch and restores it in PostUnpatch.</summary>
[Patch("fix-parser-overflow", Cumulative = true)]
[PatchState("parser-limits", version: 1)]
public sealed class FixParserOverflow : LivePatch
{
    private static int s_savedLimit;

    [Replaces(typeof(Parser), nameof(Parser.ParseLine))]
    private static string[] ParseLine(string line)
        => line.Split(new[] { ' ', '\t' }, StringSplitOptions.RemoveEmptyEntries);

    protected override HookResult PrePatch(PatchContext context)
    {
        s_savedLimit = Parser.Limits.MaxDepth;
        Parser.Limits.MaxDepth = 64;
        return HookResult.Continue;
    }

    protected override void PostUnpatch(PatchContext context)
    {
        if (Parser.Limits.MaxDepth == 64)
        {
            Parser.Limits.MaxDepth = s_savedLimit;
        }
    }
}

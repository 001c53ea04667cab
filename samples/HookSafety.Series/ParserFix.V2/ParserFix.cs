using System;
using HookSafety.Hooks;
using HookSafety.Samples.Host;

namespace Acme.ParserFix;

/// <summary>
/// Release 2: keeps release 1's fix and also fixes <c>Depth</c> (the deepest nesting, not the number of brackets).
/// Cumulative, it takes every state release 1 registered over, so it must declare <c>parser-limits</c> in version 1 or
/// higher: it declares version 2, so that release 1 cannot be enabled over it by mistake. Declaring version 1 is fine
/// too; declaring none, or lowering it, is HS0018 (this project lists releases/v1.patches.json).
/// </summary>
[Patch("parser-fix-v2", Cumulative = true)]
[PatchState("parser-limits", version: 2)]
public sealed class ParserFixV2 : LivePatch
{
    [Replaces(typeof(Parser), nameof(Parser.ParseLine))]
    private static string[] ParseLine(string line) => line.Split(new[] { ' ', '\t' }, StringSplitOptions.RemoveEmptyEntries);

    [Replaces(typeof(Parser), nameof(Parser.Depth))]
    private static int Depth(string line)
    {
        int depth = 0;
        int deepest = 0;
        foreach (char c in line)
        {
            depth += c == '(' ? 1 : c == ')' ? -1 : 0;
            deepest = Math.Max(deepest, depth);
        }

        return deepest;
    }
}

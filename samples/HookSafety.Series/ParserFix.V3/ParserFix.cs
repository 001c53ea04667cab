using System;
using HookSafety.Hooks;
using HookSafety.Samples.Host;

namespace Acme.ParserFix;

/// <summary>
/// Release 3: keeps release 2's fixes, and ignores a trailing comment in <c>ParseLine</c>. It must be able to replace
/// release 1 and release 2 (this project lists both): <c>parser-limits</c> stays in version 2, the highest either
/// registered, and a new state, <c>parser-comments</c>, says that comments are stripped.
/// </summary>
[Patch("parser-fix-v3", Cumulative = true)]
[PatchState("parser-limits", version: 2)]
[PatchState("parser-comments", version: 1)]
public sealed class ParserFixV3 : LivePatch
{
    [Replaces(typeof(Parser), nameof(Parser.ParseLine))]
    private static string[] ParseLine(string line)
    {
        int comment = line.IndexOf('#', StringComparison.Ordinal);
        string code = comment < 0 ? line : line.Substring(0, comment);
        return code.Split(new[] { ' ', '\t' }, StringSplitOptions.RemoveEmptyEntries);
    }

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

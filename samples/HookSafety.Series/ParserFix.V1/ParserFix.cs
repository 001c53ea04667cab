using System;
using HookSafety.Hooks;
using HookSafety.Samples.Host;

namespace Acme.ParserFix;

/// <summary>
/// Release 1 of the parser fix, the first in the field: <c>ParseLine</c> splits on tabs too. Cumulative, so that each
/// later release replaces it atomically; it declares the state <c>parser-limits</c> in version 1.
/// </summary>
[Patch("parser-fix-v1", Cumulative = true)]
[PatchState("parser-limits", version: 1)]
public sealed class ParserFixV1 : LivePatch
{
    [Replaces(typeof(Parser), nameof(Parser.ParseLine))]
    private static string[] ParseLine(string line) => line.Split(new[] { ' ', '\t' }, StringSplitOptions.RemoveEmptyEntries);
}

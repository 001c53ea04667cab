using HookSafety.Hooks;
using HookSafety.Samples.Host;

namespace HookSafety.Samples.Mistakes;

// Each mistaken line carries a comment naming the rule that finds it.

/// <summary>Forgot [Patch]: the patch manager refuses it.</summary>
public sealed class FixDepthCount : LivePatch // HS0014: derives from LivePatch but has no [Patch]
{
    /// <summary>Returns long where the point's delegate returns int: the manager cannot install it.</summary>
    [Replaces(typeof(Parser), nameof(Parser.Depth))]
    private static long Depth(string line) => line.Length; // HS0013: signature does not match Func<string, int>
}

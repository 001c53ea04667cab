using System.Collections.Generic;
using System.Threading;
using HookSafety.Hooks;
using HookSafety.Samples.Host;

namespace HookSafety.Samples.Mistakes;

/// <summary>A replacement that counts and caches without synchronization: it runs on every thread at once.</summary>
[Patch("count-tokens-mistaken")]
public sealed class CountTokensUnsafely : LivePatch
{
    private static readonly object s_gate = new();
    private static int s_calls;
    private static string? s_lastLine;
    private static Dictionary<string, string[]>? s_cache;

    [GuardedBy(nameof(s_gate))]
    private static long s_tokens;

    [Replaces(typeof(Parser), nameof(Parser.ParseLine))]
    private static string[] ParseLine(string line)
    {
        s_calls++; // HS0006: incremented without synchronization
        s_lastLine = line; // HS0006: stored while Report reads it
        if (s_cache == null)
        {
            s_cache = new Dictionary<string, string[]>(); // HS0006: checked and then set
        }

        var tokens = line.Split(' ');
        s_cache[line] = tokens; // HS0006: Dictionary is not thread-safe
        s_tokens += tokens.Length; // HS0007: without holding s_gate
        return tokens;
    }

    [Replaces(typeof(Parser), nameof(Parser.Depth))]
    private static int Report(string line) => s_lastLine?.Length ?? 0;

    protected override void PostUnpatch(PatchContext context)
    {
        lock (s_gate)
        {
            s_tokens = 0;
        }

        Interlocked.Exchange(ref s_calls, 0);
    }
}

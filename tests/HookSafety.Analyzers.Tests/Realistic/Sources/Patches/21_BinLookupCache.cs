using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using HookSafety.Hooks;
using PayTerm.Host;

namespace PayTerm.Patches;

// Authorization spent most of its time looking BINs up in the blocked list. The patch answers blocked BINs from a
// concurrent cache warmed in PrePatch, counts hits atomically, publishes the last decision as one immutable record,
// creates its per-scheme statistics lazily with LazyInitializer, and keeps a per-thread scratch buffer.

[Patch("bin-lookup-cache")]
public sealed class BinLookupCache : LivePatch
{
    public sealed record LastDecision(long TransactionId, string Bin, AuthOutcome Outcome);

    private sealed class SchemeStats
    {
        public long Approved;
        public long Declined;
    }

    private static readonly ConcurrentDictionary<string, bool> s_blocked = new(StringComparer.Ordinal);
    private static ConcurrentDictionary<CardScheme, SchemeStats>? s_stats;
    private static long s_hits;
    private static long s_misses;
    private static LastDecision? s_last;

    [ThreadStatic] private static char[]? t_scratch;

    public static (long Hits, long Misses) Counters => (Interlocked.Read(ref s_hits), Interlocked.Read(ref s_misses));

    public static LastDecision? Last => Volatile.Read(ref s_last);

    protected override HookResult PrePatch(PatchContext context)
    {
        string[] blocked;
        lock (Authorizer.BlockedBins)
        {
            blocked = Authorizer.BlockedBins.ToArray();
        }

        Parallel.ForEach(blocked, bin => s_blocked.TryAdd(bin, true));
        return HookResult.Continue;
    }

    [Replaces(typeof(Authorizer), nameof(Authorizer.Authorize))]
    private static AuthOutcome Authorize(Transaction transaction)
    {
        var bin = Normalize(transaction.Card.Pan);
        AuthOutcome outcome;
        if (s_blocked.ContainsKey(bin))
        {
            Interlocked.Increment(ref s_hits);
            outcome = AuthOutcome.Declined;
        }
        else
        {
            Interlocked.Increment(ref s_misses);
            outcome = Authorizer.Authorize.Original(transaction);
        }

        var stats = LazyInitializer.EnsureInitialized(ref s_stats, static () => new ConcurrentDictionary<CardScheme, SchemeStats>());
        var schemeStats = stats.GetOrAdd(transaction.Card.Scheme, static _ => new SchemeStats());
        _ = outcome == AuthOutcome.Approved
            ? Interlocked.Increment(ref schemeStats.Approved)
            : Interlocked.Increment(ref schemeStats.Declined);

        Volatile.Write(ref s_last, new LastDecision(transaction.Id, bin, outcome));
        return outcome;
    }

    private static string Normalize(string pan)
    {
        var scratch = t_scratch ??= new char[32];
        var length = 0;
        foreach (var c in pan)
        {
            if (char.IsAsciiDigit(c) && length < 6)
            {
                scratch[length++] = c;
            }
        }

        return new string(scratch, 0, length);
    }

    protected override void PostUnpatch(PatchContext context)
    {
        s_blocked.Clear();
        s_stats = null;
    }
}

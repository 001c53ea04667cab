using System;
using System.Collections.Generic;
using System.Threading;
using HookSafety.Hooks;
using PayTerm.Host;

namespace PayTerm.Patches;

// Merchant risk scores change a few times a day and are read on every authorization. The patch keeps them in a plain
// dictionary behind a reader-writer lock (readers in parallel, the refresh callback alone), serializes the refresh
// itself with a one-slot semaphore, and counts per-merchant hits under a System.Threading.Lock.

[Patch("merchant-risk-table")]
public sealed class MerchantRiskTable : LivePatch
{
    private static readonly ReaderWriterLockSlim s_tableLock = new(LockRecursionPolicy.NoRecursion);
    private static readonly SemaphoreSlim s_refreshMutex = new(1, 1);
    private static readonly Lock s_hitsLock = new();
    private static readonly Dictionary<string, int> s_riskByMerchant = new(StringComparer.Ordinal);
    private static readonly Dictionary<string, long> s_hitsByMerchant = new(StringComparer.Ordinal);
    private static DateTime s_refreshedUtc;
    private static Timer? s_refreshTimer;

    [Replaces(typeof(Fraud), nameof(Fraud.Score))]
    private static int Score(Transaction transaction)
    {
        int risk;
        s_tableLock.EnterReadLock();
        try
        {
            risk = s_riskByMerchant.TryGetValue(transaction.MerchantId, out var known) ? known : 0;
        }
        finally
        {
            s_tableLock.ExitReadLock();
        }

        lock (s_hitsLock)
        {
            s_hitsByMerchant[transaction.MerchantId] = s_hitsByMerchant.GetValueOrDefault(transaction.MerchantId) + 1;
        }

        return Math.Min(100, Fraud.Score.Original(transaction) + risk);
    }

    protected override void PostPatch(PatchContext context)
        => s_refreshTimer = new Timer(Refresh, null, TimeSpan.Zero, TimeSpan.FromHours(4));

    protected override void PreUnpatch(PatchContext context)
    {
        s_refreshTimer?.Dispose();
        s_refreshTimer = null;
    }

    private static void Refresh(object? state)
    {
        if (!s_refreshMutex.Wait(0))
        {
            return;
        }

        try
        {
            var fresh = LoadScores();
            s_tableLock.EnterWriteLock();
            try
            {
                s_riskByMerchant.Clear();
                foreach (var (merchant, risk) in fresh)
                {
                    s_riskByMerchant[merchant] = risk;
                }

                s_refreshedUtc = DateTime.UtcNow;
            }
            finally
            {
                s_tableLock.ExitWriteLock();
            }
        }
        finally
        {
            s_refreshMutex.Release();
        }
    }

    public static DateTime RefreshedUtc
    {
        get
        {
            s_tableLock.EnterReadLock();
            try
            {
                return s_refreshedUtc;
            }
            finally
            {
                s_tableLock.ExitReadLock();
            }
        }
    }

    private static IEnumerable<(string Merchant, int Risk)> LoadScores()
    {
        foreach (var merchant in Fraud.WatchedMerchants)
        {
            yield return (merchant, 30);
        }
    }

    protected override void PostUnpatch(PatchContext context)
    {
        s_riskByMerchant.Clear();
        s_hitsByMerchant.Clear();
    }
}

using System;
using System.Collections.Generic;
using System.Threading;
using HookSafety.Hooks;
using PayTerm.Host;

namespace PayTerm.Patches;

// Retries hammered an acquirer that was already timing out. The patch stops retrying an acquirer for ten seconds
// after a timeout and remembers the attempts per transaction for the support dashboard. It shares a plain dictionary
// and a plain field across every authorizing thread, and records the timeout while holding only the read lock.

[Patch("retry-backoff")]
public sealed class RetryBackoff : LivePatch
{
    private static readonly TimeSpan Backoff = TimeSpan.FromSeconds(10);
    private static readonly Dictionary<long, int> s_attempts = new();
    private static readonly ReaderWriterLockSlim s_windowLock = new();
    private static readonly Dictionary<string, DateTime> s_lastTimeoutByAcquirer = new(StringComparer.Ordinal);
    private static long s_lastRetriedId;

    [Replaces(typeof(Authorizer), nameof(Authorizer.ShouldRetry))]
    private static bool ShouldRetry(Transaction transaction, int attempt)
    {
        if (s_lastRetriedId == transaction.Id && attempt > Authorizer.MaxRetries)
        {
            return false;
        }

        s_attempts[transaction.Id] = attempt; // expect: HS0006
        s_lastRetriedId = transaction.Id; // expect: HS0006

        var acquirer = Authorizer.Primary.Name;
        var now = DateTime.UtcNow;
        s_windowLock.EnterReadLock();
        try
        {
            if (s_lastTimeoutByAcquirer.TryGetValue(acquirer, out var last) && now - last < Backoff)
            {
                return false;
            }

            s_lastTimeoutByAcquirer[acquirer] = now; // expect: HS0006
        }
        finally
        {
            s_windowLock.ExitReadLock();
        }

        return attempt < Authorizer.MaxRetries;
    }

    protected override void PostUnpatch(PatchContext context)
    {
        s_attempts.Clear();
        s_lastTimeoutByAcquirer.Clear();
    }
}

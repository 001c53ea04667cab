using System;
using HookSafety.Hooks;
using PayTerm.Host;

namespace PayTerm.Patches;

// The acquirer answers slowly at peak hours and authorizations time out at 15 s. The patch gives it 30 s, retries
// only while the transaction is young, and reads the retry count from the environment. It does the tuning once the
// new code is live, so the first retries run with the old timeout.

[Patch("raise-acquirer-timeout")]
public sealed class RaiseAcquirerTimeout : LivePatch
{
    private const int PatchedTimeoutMs = 30_000;
    private static int s_savedTimeoutMs;
    private static int s_savedLinkTimeoutMs;

    [Replaces(typeof(Authorizer), nameof(Authorizer.ShouldRetry))]
    private static bool ShouldRetry(Transaction transaction, int attempt)
        => attempt < Authorizer.MaxRetries
           && DateTime.UtcNow - transaction.StartedUtc < TimeSpan.FromMilliseconds(2 * PatchedTimeoutMs);

    protected override void PostPatch(PatchContext context)
    {
        (s_savedTimeoutMs, Authorizer.TimeoutMs) = (Authorizer.TimeoutMs, PatchedTimeoutMs); // expect: HS0001
        StretchLink(Authorizer.Primary); // expect: HS0001
        int.TryParse(Environment.GetEnvironmentVariable("PAYTERM_MAX_RETRIES"), out Authorizer.MaxRetries); // expect: HS0001
    }

    protected override void PreUnpatch(PatchContext context)
    {
        Authorizer.TimeoutMs = s_savedTimeoutMs;
        Authorizer.Primary.TimeoutMs = s_savedLinkTimeoutMs;
    }

    private static void StretchLink(AcquirerLink link)
    {
        s_savedLinkTimeoutMs = link.TimeoutMs;
        link.TimeoutMs = PatchedTimeoutMs;
    }
}

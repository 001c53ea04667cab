using System;
using HookSafety.Hooks;
using PayTerm.Host;

namespace PayTerm.Patches;

// The primary acquirer has planned maintenance. The patch installs a fallback acquirer from the environment and lets
// the terminal approve below the floor limit while neither answers. Its PrePatch refuses by throwing when the
// configuration is missing or malformed, and when the fallback turns out to be unreachable it rejects after it has
// already installed it.

[Patch("acquirer-failover")]
public sealed class AcquirerFailover : LivePatch
{
    private static AcquirerLink? s_savedFallback;
    private static string s_savedOfflineMode = "deny";

    [Replaces(typeof(Authorizer), nameof(Authorizer.Authorize))]
    private static AuthOutcome Authorize(Transaction transaction)
    {
        var outcome = Authorizer.Authorize.Original(transaction);
        if (outcome != AuthOutcome.TimedOut)
        {
            return outcome;
        }

        return transaction.Amount.MinorUnits <= Authorizer.Limit(LimitKind.Contactless) ? AuthOutcome.Approved : outcome;
    }

    protected override HookResult PrePatch(PatchContext context)
    {
        var endpoint = Environment.GetEnvironmentVariable("PAYTERM_FALLBACK_ACQUIRER");
        if (string.IsNullOrWhiteSpace(endpoint))
        {
            throw new InvalidOperationException("PAYTERM_FALLBACK_ACQUIRER is not set"); // expect: HS0008
        }

        var timeoutMs = ReadTimeoutMs(); // expect: HS0008

        s_savedFallback = Authorizer.Fallback;
        s_savedOfflineMode = Authorizer.OfflineMode;
        Authorizer.Fallback = new AcquirerLink(endpoint) { TimeoutMs = timeoutMs };
        Authorizer.OfflineMode = "floor-limit";
        if (!IsReachable(endpoint))
        {
            return HookResult.Reject($"fallback acquirer '{endpoint}' is unreachable"); // expect: HS0008
        }

        return HookResult.Continue;
    }

    protected override void PostUnpatch(PatchContext context)
    {
        Authorizer.Fallback = s_savedFallback;
        Authorizer.OfflineMode = s_savedOfflineMode;
    }

    private static int ReadTimeoutMs()
    {
        var text = Environment.GetEnvironmentVariable("PAYTERM_FALLBACK_TIMEOUT_MS") ?? "8000";
        return int.TryParse(text, out var ms) && ms > 0 ? ms : throw new FormatException($"bad PAYTERM_FALLBACK_TIMEOUT_MS '{text}'");
    }

    private static bool IsReachable(string endpoint)
        => Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps;
}

using System;
using HookSafety.Hooks;
using PayTerm.Host;

namespace PayTerm.Patches;

// The acquirer timeout raised the right way: in PrePatch, only while it still has the value the terminal shipped
// with (an administrator may have tuned it), restored in PostUnpatch only if nobody changed it since. The original
// values travel to the next patch in its state as plain integers, and a previous patch's saved values are taken over.

[Patch("acquirer-timeouts-v2")]
[PatchState("acquirer-timeouts", version: 2)]
public sealed class AcquirerTimeoutState : LivePatch
{
    private const int ShippedTimeoutMs = 15_000;
    private const int PatchedTimeoutMs = 25_000;
    private const string ProbeVariable = "PAYTERM_ACQUIRER_PROBE_MS";

    private static int s_savedTimeoutMs = ShippedTimeoutMs;
    private static bool s_wroteTimeout;
    private static string? s_savedProbe;

    protected override HookResult PrePatch(PatchContext context)
    {
        if (Authorizer.Primary.TimeoutMs > PatchedTimeoutMs)
        {
            return HookResult.Reject($"the primary link already waits {Authorizer.Primary.TimeoutMs} ms");
        }

        s_savedTimeoutMs = context.States.GetPrevious("acquirer-timeouts")?.Data is int previous ? previous : Authorizer.TimeoutMs;
        if (Authorizer.TimeoutMs == ShippedTimeoutMs)
        {
            Authorizer.TimeoutMs = PatchedTimeoutMs;
            s_wroteTimeout = true;
        }

        s_savedProbe = Environment.GetEnvironmentVariable(ProbeVariable);
        Environment.SetEnvironmentVariable(ProbeVariable, "2500");
        context.States.Get("acquirer-timeouts").Data = s_savedTimeoutMs;
        return HookResult.Continue;
    }

    [Replaces(typeof(Authorizer), nameof(Authorizer.ShouldRetry))]
    private static bool ShouldRetry(Transaction transaction, int attempt)
        => attempt < Authorizer.MaxRetries
           && (DateTime.UtcNow - transaction.StartedUtc).TotalMilliseconds < Authorizer.TimeoutMs * (attempt + 1);

    protected override void PostUnpatch(PatchContext context)
    {
        if (s_wroteTimeout && Authorizer.TimeoutMs == PatchedTimeoutMs)
        {
            Authorizer.TimeoutMs = s_savedTimeoutMs;
        }

        s_wroteTimeout = false;
        if (Environment.GetEnvironmentVariable(ProbeVariable) == "2500")
        {
            Environment.SetEnvironmentVariable(ProbeVariable, s_savedProbe);
        }
    }
}

using System;
using System.Collections.Generic;
using System.Linq;
using HookSafety.Hooks;
using PayTerm.Host;

namespace PayTerm.Patches;

// December's cumulative rollup: it replaces every enabled terminal patch at once and takes over every state they
// established, each in the version the field runs or higher. What the replaced patches saved in their states is the
// terminal's original configuration, and the rollup restores exactly that when it is disabled.

[Patch("payterm-rollup-2026-12", Cumulative = true)]
[PatchState("acquirer-timeouts", version: 2)]
[PatchState("terminal-limits", version: 2)]
[PatchState("surcharge-rates", version: 1)]
[PatchState("fraud-model", version: 3)]
[PatchState("receipt-layout", version: 1)]
public sealed class DecemberRollup : LivePatch
{
    private static int s_originalTimeoutMs;
    private static long[] s_originalLimits = Array.Empty<long>();
    private static Dictionary<string, decimal> s_originalRates = new(StringComparer.Ordinal);
    private static int s_originalThreshold;
    private static string s_originalFooter = "";

    protected override HookResult PrePatch(PatchContext context)
    {
        var states = context.States;
        s_originalTimeoutMs = states.GetPrevious("acquirer-timeouts")?.Data as int? ?? Authorizer.TimeoutMs;
        s_originalLimits = states.GetPrevious("terminal-limits")?.Data as long[]
            ?? [Authorizer.Limit(LimitKind.PerTransaction), Authorizer.Limit(LimitKind.Daily)];
        s_originalRates = states.GetPrevious("surcharge-rates")?.Data as Dictionary<string, decimal>
            ?? new Dictionary<string, decimal>(Authorizer.SurchargeRates, StringComparer.Ordinal);
        s_originalThreshold = states.GetPrevious("fraud-model")?.Data as int? ?? Fraud.Threshold;
        s_originalFooter = states.GetPrevious("receipt-layout")?.Data as string ?? Receipts.Footer;

        if (s_originalLimits.Length != 2)
        {
            return HookResult.Reject($"terminal-limits holds {s_originalLimits.Length} limits, expected 2");
        }

        Authorizer.TimeoutMs = 25_000;
        Authorizer.Limit(LimitKind.PerTransaction) = 75_000;
        Authorizer.Limit(LimitKind.Daily) = 750_000;
        Fraud.Threshold = 65;

        states.Get("acquirer-timeouts").Data = s_originalTimeoutMs;
        states.Get("terminal-limits").Data = s_originalLimits.ToArray();
        states.Get("surcharge-rates").Data = new Dictionary<string, decimal>(s_originalRates, StringComparer.Ordinal);
        states.Get("fraud-model").Data = s_originalThreshold;
        states.Get("receipt-layout").Data = s_originalFooter;
        return HookResult.Continue;
    }

    protected override void PostPatch(PatchContext context)
    {
        var took = new List<string>();
        foreach (var id in (string[])["acquirer-timeouts", "terminal-limits", "surcharge-rates", "fraud-model", "receipt-layout"])
        {
            if (context.States.GetPrevious(id) is { } previous)
            {
                took.Add($"{id} v{previous.Version}");
            }
        }

        Console.WriteLine($"{context.PatchId}: took over {(took.Count == 0 ? "nothing" : string.Join(", ", took))}");
    }

    [Replaces(typeof(Authorizer), nameof(Authorizer.ApplySurcharge))]
    private static Money ApplySurcharge(Money amount, CardScheme scheme)
        => scheme == CardScheme.Local ? amount : Authorizer.ApplySurcharge.Original(amount, scheme);

    protected override void PostUnpatch(PatchContext context)
    {
        Authorizer.TimeoutMs = s_originalTimeoutMs;
        Authorizer.Limit(LimitKind.PerTransaction) = s_originalLimits[0];
        Authorizer.Limit(LimitKind.Daily) = s_originalLimits[1];
        Fraud.Threshold = s_originalThreshold;
        Receipts.Footer = s_originalFooter;
        foreach (var (scheme, rate) in s_originalRates)
        {
            Authorizer.SurchargeRates[scheme] = rate;
        }
    }
}

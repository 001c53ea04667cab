using System;
using System.Collections.Frozen;
using System.Collections.Generic;
using HookSafety.Hooks;
using PayTerm.Host;

namespace PayTerm.Patches;

// The EU caps card surcharges: 0.3% for consumer credit cards, nothing for Local-scheme debit. The patch caps the
// terminal's rate table in PrePatch (saving what it replaces, entry by entry), computes the capped table once before
// the new code is live, and hands the original rates to later patches as a dictionary of strings and decimals.

[Patch("surcharge-cap")]
[PatchState("surcharge-rates", version: 1)]
public sealed class SurchargeCap : LivePatch
{
    private const decimal Cap = 0.003m;

    private readonly record struct SavedRate(string Scheme, decimal? Rate);

    private static FrozenDictionary<CardScheme, decimal> s_capped = FrozenDictionary<CardScheme, decimal>.Empty;
    private static SavedRate[] s_saved = Array.Empty<SavedRate>();

    protected override HookResult PrePatch(PatchContext context)
    {
        var saved = new List<SavedRate>();
        var original = new Dictionary<string, decimal>(StringComparer.Ordinal);
        foreach (var (scheme, rate) in Authorizer.SurchargeRates)
        {
            saved.Add(new SavedRate(scheme, rate));
            original[scheme] = rate;
        }

        s_saved = saved.ToArray();
        s_capped = new Dictionary<CardScheme, decimal>
        {
            [CardScheme.Visa] = Cap,
            [CardScheme.Mastercard] = Cap,
            [CardScheme.Amex] = Cap,
            [CardScheme.Local] = 0m,
        }.ToFrozenDictionary();

        foreach (var entry in s_saved)
        {
            if (entry.Rate is { } rate && rate > Cap)
            {
                Authorizer.SurchargeRates[entry.Scheme] = Cap;
            }
        }

        context.States.Get("surcharge-rates").Data = original;
        return HookResult.Continue;
    }

    [Replaces(typeof(Authorizer), nameof(Authorizer.ApplySurcharge))]
    private static Money ApplySurcharge(Money amount, CardScheme scheme)
    {
        var rate = s_capped.TryGetValue(scheme, out var capped) ? capped : 0m;
        return amount with { MinorUnits = amount.MinorUnits + (long)Math.Round(amount.MinorUnits * rate) };
    }

    protected override void PostUnpatch(PatchContext context)
    {
        foreach (var entry in s_saved)
        {
            if (entry.Rate is { } rate && Authorizer.SurchargeRates.TryGetValue(entry.Scheme, out var current) && current == Cap)
            {
                Authorizer.SurchargeRates[entry.Scheme] = rate;
            }
        }
    }
}

using System;
using System.Collections.Generic;
using System.Linq;
using HookSafety.Hooks;
using PayTerm.Host;

namespace PayTerm.Patches;

// Settlement totals mixed currencies. The patch totals per currency and keeps the day's totals for the cutoff report,
// under one lock that [GuardedBy] names on every member it protects: the replacement and the cutoff callback take it,
// a private helper runs under it, the public accessor takes it, and PrePatch and PostUnpatch touch the data while the
// new code is not live.

[Patch("settlement-currency-totals")]
public sealed class SettlementCurrencyTotals : LivePatch
{
    private static readonly object s_gate = new();

    [GuardedBy(nameof(s_gate))] private static readonly Dictionary<string, long> s_totalsByCurrency = new(StringComparer.Ordinal);
    [GuardedBy(nameof(s_gate))] private static int s_batches;
    [GuardedBy(nameof(s_gate))] private static DateTime s_lastCutoff;

    [Replaces(typeof(Settlement), nameof(Settlement.Total))]
    private static Money Total(IReadOnlyList<Transaction> batch)
    {
        if (batch.Count == 0)
        {
            return Money.Zero("EUR");
        }

        var byCurrency = batch.GroupBy(t => t.Amount.Currency)
            .Select(g => (Currency: g.Key, Minor: g.Sum(t => t.Amount.MinorUnits)))
            .ToArray();
        lock (s_gate)
        {
            foreach (var (currency, minor) in byCurrency)
            {
                Accumulate(currency, minor);
            }

            s_batches++;
        }

        var main = byCurrency.MaxBy(c => c.Minor);
        return new Money(main.Minor, main.Currency);
    }

    public static IReadOnlyDictionary<string, long> TotalsSoFar()
    {
        lock (s_gate)
        {
            return new Dictionary<string, long>(s_totalsByCurrency, StringComparer.Ordinal);
        }
    }

    protected override HookResult PrePatch(PatchContext context)
    {
        s_totalsByCurrency.Clear();
        s_batches = 0;
        s_lastCutoff = DateTime.UtcNow;
        return HookResult.Continue;
    }

    protected override void PostPatch(PatchContext context) => Settlement.CutoffReached += OnCutoff;

    protected override void PreUnpatch(PatchContext context) => Settlement.CutoffReached -= OnCutoff;

    protected override void PostUnpatch(PatchContext context)
    {
        s_totalsByCurrency.Clear();
        s_batches = 0;
    }

    private static void Accumulate(string currency, long minor)
        => s_totalsByCurrency[currency] = s_totalsByCurrency.GetValueOrDefault(currency) + minor;

    private static void OnCutoff(DateTime now)
    {
        string report;
        lock (s_gate)
        {
            report = $"{s_batches} batches since {s_lastCutoff:t}: "
                + string.Join(", ", s_totalsByCurrency.Select(kv => $"{kv.Value / 100.0:F2} {kv.Key}"));
            s_totalsByCurrency.Clear();
            s_batches = 0;
            s_lastCutoff = now;
        }

        Console.WriteLine($"settlement: {report}");
    }
}

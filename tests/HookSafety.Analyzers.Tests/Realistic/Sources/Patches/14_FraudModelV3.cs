using System;
using System.Linq;
using HookSafety.Hooks;
using PayTerm.Host;

namespace PayTerm.Patches;

// Version 3 of the fraud model: a lower threshold and a velocity rule. It hands its snapshot and its scoring function
// to whichever patch comes next through its state, as records and delegates of its own assembly, and it reads the
// previous model's state from the replacement and from PostUnpatch, where there is none any more.

[Patch("fraud-model-v3")]
[PatchState("fraud-model", version: 3)]
public sealed class FraudModelV3 : LivePatch
{
    private sealed record ModelSnapshot(int Threshold, string[] Watched);

    private static PatchStates? s_states;
    private static int s_savedThreshold;

    protected override HookResult PrePatch(PatchContext context)
    {
        s_states = context.States;
        s_savedThreshold = context.States.GetPrevious("fraud-model")?.Data is int previous ? previous : Fraud.Threshold;

        var state = context.States.Get("fraud-model");
        state.Data = new ModelSnapshot(Fraud.Threshold, Fraud.WatchedMerchants.ToArray()); // expect: HS0010
        Fraud.Threshold = 65;
        return HookResult.Continue;
    }

    protected override void PostPatch(PatchContext context)
    {
        context.States.Get("fraud-model").Data = (Func<Transaction, int>)(tx => ScoreV3(tx)); // expect: HS0010
        Fraud.Rules.Register("v3-velocity", ScoreV3);
    }

    [Replaces(typeof(Fraud), nameof(Fraud.Score))]
    private static int Score(Transaction transaction)
    {
        var baseline = s_states?.GetPrevious("fraud-model")?.Data as int? ?? 80; // expect: HS0011
        return Math.Min(100, ScoreV3(transaction) * 80 / Math.Max(1, baseline));
    }

    protected override void PreUnpatch(PatchContext context) => Fraud.Rules.Unregister("v3-velocity");

    protected override void PostUnpatch(PatchContext context)
    {
        var previous = context.States.GetPrevious("fraud-model"); // expect: HS0011
        Fraud.Threshold = previous?.Data is int threshold ? threshold : s_savedThreshold;
    }

    private static int ScoreV3(Transaction transaction)
        => Fraud.Score.Original(transaction) + (transaction.Card.Scheme == CardScheme.Amex ? 5 : 0);
}

using System;
using HookSafety.Hooks;
using PayTerm.Host;

namespace PayTerm.Patches;

// Local-scheme cards were under-scored. The patch adds 15 points for them, and on its first call lowers the fraud
// threshold, installs a fallback acquirer if none is configured, and turns on the velocity model: lazy fix-ups made
// by the new code on its callers' threads instead of in PrePatch.

[Patch("fraud-threshold-tune")]
public sealed class FraudThresholdTune : LivePatch
{
    private const string VelocitySwitch = "PayTerm.Fraud.UseVelocityModel";
    private static bool s_tuned;

    [Replaces(typeof(Fraud), nameof(Fraud.Score))]
    private static int Score(Transaction transaction)
    {
        if (!s_tuned)
        {
            s_tuned = true; // expect: HS0006
            Fraud.Threshold = 70; // expect: HS0001
        }

        Authorizer.Fallback ??= new AcquirerLink("acq-eu-2") { TimeoutMs = 10_000 }; // expect: HS0001
        AppContext.SetSwitch(VelocitySwitch, true); // expect: HS0001

        var score = Fraud.Score.Original(transaction);
        return transaction.Card.Scheme switch
        {
            CardScheme.Local => Math.Min(100, score + 15),
            _ => score,
        };
    }
}

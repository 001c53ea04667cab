using System.Collections.Generic;
using HookSafety.Hooks;
using PayTerm.Host;

namespace PayTerm.Patches;

// A card-data breach at a partner: three BINs are to be declined, one merchant watched, contactless capped and
// retries cut to one. Everything is changed in PrePatch, through a generic helper, a local and ref locals; only the
// contactless cap is put back when the patch is disabled.

[Patch("block-compromised-bins")]
public sealed class BlockCompromisedBins : LivePatch
{
    private static readonly string[] s_compromised = { "431940", "522015", "601100" };
    private static long s_savedContactless;

    [Replaces(typeof(Authorizer), nameof(Authorizer.Authorize))]
    private static AuthOutcome Authorize(Transaction transaction)
        => transaction.Card.Bin is "431940" or "522015" or "601100"
            ? AuthOutcome.Declined
            : Authorizer.Authorize.Original(transaction);

    protected override HookResult PrePatch(PatchContext context)
    {
        AddAll(Authorizer.BlockedBins, s_compromised); // expect: HS0002

        var watched = Fraud.WatchedMerchants;
        watched.Add("M-7781"); // expect: HS0002

        ref long contactless = ref Authorizer.Limit(LimitKind.Contactless);
        s_savedContactless = contactless;
        contactless = 2_500;

        ref int retries = ref Authorizer.MaxRetries;
        retries = 1; // expect: HS0002
        return HookResult.Continue;
    }

    protected override void PostUnpatch(PatchContext context)
    {
        Authorizer.Limit(LimitKind.Contactless) = s_savedContactless;
    }

    private static void AddAll<T>(ICollection<T> target, IEnumerable<T> items)
    {
        foreach (var item in items)
        {
            target.Add(item);
        }
    }
}

using System.Runtime.CompilerServices;
using System.Threading;
using HookSafety.Hooks;
using PayTerm.Host;

namespace PayTerm.Patches;

// Offline PIN checks did not count failed tries per card, so a stolen card could be tried forever while the acquirer
// was unreachable. The patch counts failures in a shadow variable on the card (the Card type cannot change), blocks
// the card after the terminal's limit, forgets the count on a correct PIN, and sweeps every count in PostUnpatch.

[Patch("offline-pin-tries")]
public sealed class OfflinePinTries : LivePatch
{
    private static readonly ShadowVariable<Card, StrongBox<int>> s_failures = new("payterm.card.offline-pin-failures");

    [Replaces(typeof(Pinpad), nameof(Pinpad.VerifyOfflinePin))]
    private static bool VerifyOfflinePin(Card card, string pin)
    {
        var failures = s_failures.GetOrAttach(card, static _ => new StrongBox<int>());
        if (Volatile.Read(ref failures.Value) >= Pinpad.MaxPinTries)
        {
            return false;
        }

        if (Pinpad.VerifyOfflinePin.Original(card, pin))
        {
            s_failures.Detach(card);
            return true;
        }

        var tries = Interlocked.Increment(ref failures.Value);
        lock (Pinpad.TriesByCard)
        {
            Pinpad.TriesByCard[card.Bin] = tries;
        }

        return false;
    }

    protected override void PostUnpatch(PatchContext context) => s_failures.DetachAll();
}

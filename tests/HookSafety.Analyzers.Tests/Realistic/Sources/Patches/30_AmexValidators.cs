using System;
using System.Threading;
using HookSafety.Hooks;
using PayTerm.Host;

namespace PayTerm.Patches;

// Amex changed its card ranges and expiry rules. The patch registers a scheme validator and a fraud rule under fixed
// keys through one generic helper, a cutoff handler with the settlement, and an observer of the settlement feed; all
// of them go in PostPatch, once the new code is live, and come out in PreUnpatch, through the same helper for the
// keyed ones, while it still is.

[Patch("amex-validators")]
public sealed class AmexValidators : LivePatch
{
    private const string ValidatorKey = "amex-2026-ranges";
    private const string RuleKey = "amex-expiry-drift";

    private static IDisposable? s_feed;
    private static long s_amexSettled;

    protected override void PostPatch(PatchContext context)
    {
        Install(Authorizer.SchemeValidators, ValidatorKey, IsValidAmex);
        Install(Fraud.Rules, RuleKey, ScoreExpiryDrift);
        Settlement.RegisterCutoffHandler(OnCutoff);
        s_feed = Settlement.Feed.Subscribe(new AmexCounter());
    }

    protected override void PreUnpatch(PatchContext context)
    {
        s_feed?.Dispose();
        Settlement.UnregisterCutoffHandler(OnCutoff);
        Uninstall(Fraud.Rules, RuleKey);
        Uninstall(Authorizer.SchemeValidators, ValidatorKey);
    }

    private static void Install<THandler>(HandlerRegistry<THandler> registry, string key, THandler handler)
        where THandler : Delegate
        => registry.Register(key, handler);

    private static void Uninstall<THandler>(HandlerRegistry<THandler> registry, string key)
        where THandler : Delegate
        => registry.Unregister(key);

    private static bool IsValidAmex(Card card)
    {
        return card.Scheme != CardScheme.Amex || (HasAmexPrefix(card.Pan) && card.Pan.Length == 15 && NotExpired(card));

        static bool HasAmexPrefix(string pan) => pan.StartsWith("34", StringComparison.Ordinal) || pan.StartsWith("37", StringComparison.Ordinal);

        static bool NotExpired(Card card)
        {
            var now = DateTime.UtcNow;
            return (card.ExpiryYear, card.ExpiryMonth).CompareTo((now.Year, now.Month)) >= 0;
        }
    }

    private static int ScoreExpiryDrift(Transaction transaction)
        => transaction.Card is { Scheme: CardScheme.Amex, ExpiryYear: var year } && year > DateTime.UtcNow.Year + 5 ? 40 : 0;

    private static void OnCutoff(DateTime now)
        => Console.WriteLine($"amex-validators: {Interlocked.Exchange(ref s_amexSettled, 0)} Amex transactions settled by {now:t}");

    private sealed class AmexCounter : IObserver<Transaction>
    {
        public void OnNext(Transaction transaction)
        {
            if (transaction.Card.Scheme == CardScheme.Amex)
            {
                Interlocked.Increment(ref s_amexSettled);
            }
        }

        public void OnError(Exception error) { }

        public void OnCompleted() { }
    }
}

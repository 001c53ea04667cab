using System;
using System.Runtime.CompilerServices;
using System.Threading;
using HookSafety.Hooks;
using PayTerm.Host;

namespace PayTerm.Patches;

// Cashiers void referred transactions instead of settling them. Loss prevention wants the value voided per session
// and the reason of each void. Another team's session audit already uses the id "payterm.session.voids", for a count.
// The patch turns the void audit on from its static constructor, and the void reasons are never swept.

[Patch("void-tracking")]
public sealed class VoidTracking : LivePatch
{
    private static readonly ShadowVariable<TerminalSession, StrongBox<long>> s_voidedMinor = new("payterm.session.voids"); // expect: HS0017
    private static readonly ShadowVariable<Transaction, string> s_voidReason = new("payterm.tx.void-reason");

    static VoidTracking()
    {
        Environment.SetEnvironmentVariable("PAYTERM_VOID_AUDIT", "1"); // expect: HS0001
    }

    public static long VoidedOn(TerminalSession session)
        => s_voidedMinor.TryGet(session, out var box) ? Interlocked.Read(ref box.Value) : 0;

    [Replaces(typeof(Settlement), nameof(Settlement.Enqueue))]
    private static void Enqueue(Transaction transaction)
    {
        if (transaction.Outcome is AuthOutcome.Referral && Sessions.Open.TryGetValue(transaction.MerchantId, out var session))
        {
            var voided = s_voidedMinor.GetOrAttach(session, static _ => new StrongBox<long>());
            Interlocked.Add(ref voided.Value, transaction.Amount.MinorUnits);
            s_voidReason.Attach(transaction, $"referral voided by {session.Cashier ?? "unknown"}"); // expect: HS0005
            return;
        }

        Settlement.Enqueue.Original(transaction);
    }

    protected override void PostUnpatch(PatchContext context)
    {
        s_voidedMinor.DetachAll();
    }
}

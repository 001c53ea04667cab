using System;
using HookSafety.Hooks;
using PayTerm.Host;

namespace PayTerm.Patches;

// The tax office requires a VAT notice on every receipt from now on: the patch is sticky, it must never come off.
// It was made sticky after it was written, and its PostUnpatch, which can no longer run, stayed behind. Being sticky,
// it owes no undo for the footer, the print stamps or its cutoff handler.

[Patch("receipt-vat-notice", Sticky = true)]
public sealed class ReceiptVatNotice : LivePatch
{
    private static readonly ShadowVariable<Transaction, DateTime> s_printedAt = new("payterm.tx.printed-at");
    private static string? s_savedFooter;

    protected override HookResult PrePatch(PatchContext context)
    {
        s_savedFooter = Receipts.Footer;
        Receipts.Footer = "Prices include VAT | " + Receipts.Footer;
        return HookResult.Continue;
    }

    protected override void PostPatch(PatchContext context) => Settlement.RegisterCutoffHandler(OnCutoff);

    [Replaces(typeof(Receipts), nameof(Receipts.Render))]
    private static string Render(Receipt receipt)
    {
        s_printedAt.Attach(receipt.Transaction, DateTime.UtcNow);
        return Receipts.Render.Original(receipt);
    }

    protected override void PostUnpatch(PatchContext context) // expect: HS0015
    {
        Receipts.Footer = s_savedFooter ?? Receipts.Footer;
    }

    private static void OnCutoff(DateTime now) => Console.WriteLine($"vat-notice: receipts printed until {now:t}");
}

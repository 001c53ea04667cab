using System;
using HookSafety.Hooks;
using PayTerm.Host;

namespace PayTerm.Patches;

// PCI DSS 3.4: receipts must show at most the first six and last four digits, and the legal footer changed. Three
// patches from one sprint: the masking one was written against a span-based draft of the API and names a point that
// was renamed; the footer one forgot `static` and hides PostPatch; the paper-width one lost its [Patch].

[Patch("receipt-pan-masking")]
public sealed class ReceiptPanMasking : LivePatch
{
    [Replaces(typeof(Receipts), nameof(Receipts.MaskPan))]
    private static string MaskPan(ReadOnlySpan<char> pan) // expect: HS0013
        => string.Concat(pan[..6], new string('*', pan.Length - 10), pan[^4..]);

    [Replaces(typeof(Receipts), "RenderReceipt")] // expect: HS0013
    private static string RenderReceipt(Receipt receipt)
        => $"{receipt.Transaction.Card.Bin}******{receipt.Transaction.Card.Pan[^4..]}\n{receipt.Footer}";
}

[Patch("receipt-footer-legal")]
[PatchState("receipt-layout", version: 0)] // expect: HS0012
public sealed class ReceiptFooterLegal : LivePatch
{
    [Replaces(typeof(Receipts), nameof(Receipts.Render))]
    private string Render(Receipt receipt) // expect: HS0013
        => Receipts.Render.Original(receipt with { Footer = receipt.Footer + "\nCardholder copy - retain for your records" });

    public new void PostPatch(PatchContext context) // expect: HS0014
        => Console.WriteLine($"{context.PatchId}: legal footer live");
}

public sealed class ReceiptPaperWidth : LivePatch // expect: HS0014
{
    private static int s_savedWidth;

    protected override HookResult PrePatch(PatchContext context)
    {
        s_savedWidth = Receipts.PaperWidth;
        Receipts.PaperWidth = 48;
        return HookResult.Continue;
    }

    protected override void PostUnpatch(PatchContext context) => Receipts.PaperWidth = s_savedWidth;
}

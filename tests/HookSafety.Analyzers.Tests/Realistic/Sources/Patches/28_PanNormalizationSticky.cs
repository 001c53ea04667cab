using System;
using HookSafety.Hooks;
using PayTerm.Host;

namespace PayTerm.Patches;

// A permanent fix, never to be taken off: PANs typed by hand arrived with spaces and dashes and were masked wrongly
// on receipts. The patch is sticky: it normalizes the PAN before masking, turns on the scheme validator for hand-keyed
// cards, and lowers the offline limit for good. A sticky patch is never disabled, so it owes no undo and has no
// unpatch hooks.

[Patch("pan-normalization", Sticky = true)]
public sealed class PanNormalization : LivePatch
{
    protected override HookResult PrePatch(PatchContext context)
    {
        Authorizer.Limit(LimitKind.Contactless) = Math.Min(Authorizer.Limit(LimitKind.Contactless), 5_000);
        Environment.SetEnvironmentVariable("PAYTERM_PAN_NORMALIZATION", "1");
        return HookResult.Continue;
    }

    protected override void PostPatch(PatchContext context)
    {
        Authorizer.SchemeValidators.Register("hand-keyed-luhn", PassesLuhn);
        Authorizer.Approved += OnApproved;
    }

    [Replaces(typeof(Receipts), nameof(Receipts.MaskPan))]
    private static string MaskPan(string pan)
    {
        Span<char> digits = stackalloc char[pan.Length];
        var length = 0;
        foreach (var c in pan)
        {
            if (char.IsAsciiDigit(c))
            {
                digits[length++] = c;
            }
        }

        return Receipts.MaskPan.Original(new string(digits[..length]));
    }

    private static bool PassesLuhn(Card card)
    {
        var sum = 0;
        var doubled = false;
        for (var i = card.Pan.Length - 1; i >= 0; i--)
        {
            if (!char.IsAsciiDigit(card.Pan[i]))
            {
                continue;
            }

            var digit = card.Pan[i] - '0';
            if (doubled && (digit *= 2) > 9)
            {
                digit -= 9;
            }

            sum += digit;
            doubled = !doubled;
        }

        return sum % 10 == 0;
    }

    private static void OnApproved(object? sender, Transaction transaction)
    {
        if (transaction.Card.Pan.Contains(' ') || transaction.Card.Pan.Contains('-'))
        {
            Console.WriteLine($"pan-normalization: transaction {transaction.Id} had a formatted PAN");
        }
    }
}

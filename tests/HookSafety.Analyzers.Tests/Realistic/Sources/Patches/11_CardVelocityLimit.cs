using System;
using System.Collections.Generic;
using HookSafety.Hooks;
using PayTerm.Host;

namespace PayTerm.Patches;

// Card testing attack: one PAN tried dozens of times a minute. The patch keeps the recent attempts per PAN under a
// lock and scores a card with more than five attempts a minute as fraud. The lock discipline is written down with
// [GuardedBy], but the block counter is bumped after the lock is released, read by the dashboard and the cutoff
// handler without it, and one attribute names a lock that does not exist.

[Patch("card-velocity-limit")]
public sealed class CardVelocityLimit : LivePatch
{
    private const int MaxPerMinute = 5;
    private static readonly object s_gate = new();

    [GuardedBy(nameof(s_gate))] private static readonly Dictionary<string, Queue<DateTime>> s_seenByPan = new(StringComparer.Ordinal);
    [GuardedBy(nameof(s_gate))] private static int s_blocked;
    [GuardedBy("s_gaet")] private static long s_checked; // expect: HS0007

    public static int BlockedSoFar => s_blocked; // expect: HS0007

    [Replaces(typeof(Fraud), nameof(Fraud.Score))]
    private static int Score(Transaction transaction)
    {
        var score = Fraud.Score.Original(transaction);
        int recent;
        lock (s_gate)
        {
            recent = Track(transaction.Card.Pan, transaction.StartedUtc);
        }

        if (recent > MaxPerMinute)
        {
            s_blocked++; // expect: HS0007
            return 100;
        }

        s_checked++;
        return score;
    }

    protected override void PostPatch(PatchContext context) => Settlement.RegisterCutoffHandler(OnCutoff);

    protected override void PreUnpatch(PatchContext context) => Settlement.UnregisterCutoffHandler(OnCutoff);

    private static int Track(string pan, DateTime at)
    {
        if (!s_seenByPan.TryGetValue(pan, out var seen))
        {
            seen = new Queue<DateTime>();
            s_seenByPan[pan] = seen;
        }

        seen.Enqueue(at);
        while (seen.Count > 0 && at - seen.Peek() > TimeSpan.FromMinutes(1))
        {
            seen.Dequeue();
        }

        return seen.Count;
    }

    private static void OnCutoff(DateTime now)
    {
        lock (s_gate)
        {
            s_seenByPan.Clear();
        }

        Console.WriteLine($"velocity: {s_blocked} cards blocked by {now:t}"); // expect: HS0007
    }
}

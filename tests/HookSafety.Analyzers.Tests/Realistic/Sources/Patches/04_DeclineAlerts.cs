using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using System.Threading.Tasks;
using HookSafety.Hooks;
using PayTerm.Host;

namespace PayTerm.Patches;

// Operations want an alert when declines spike, and a count of crashes while the spike lasts. The patch listens to
// the terminal's decline event and to the process-wide crash events, but removes only its decline handler when it
// is disabled; its decline handler counts without synchronization; and it forgets the merchants it flagged while
// the new code is still live.

[Patch("decline-alerts")]
public sealed class DeclineAlerts : LivePatch
{
    private const int AlertEvery = 100;

    private static int s_declines;
    private static long s_crashes;
    private static readonly List<long> s_recentDeclines = new();
    private static ImmutableHashSet<string> s_decliningBins = ImmutableHashSet<string>.Empty;

    protected override void PostPatch(PatchContext context)
    {
        Authorizer.Declined += OnDeclined;
        AppDomain.CurrentDomain.UnhandledException += OnCrash; // expect: HS0003
        TaskScheduler.UnobservedTaskException += OnUnobserved; // expect: HS0003
    }

    protected override void PreUnpatch(PatchContext context)
    {
        Authorizer.Declined -= OnDeclined;
        Fraud.WatchedMerchants.Clear(); // expect: HS0001
    }

    private static void OnDeclined(object? sender, Transaction transaction)
    {
        s_declines++; // expect: HS0006
        s_recentDeclines.Add(transaction.Id); // expect: HS0006
        s_decliningBins = s_decliningBins.Add(transaction.Card.Bin); // expect: HS0006
        if (s_declines % AlertEvery == 0)
        {
            Fraud.WatchedMerchants.Add(transaction.MerchantId);
            Console.Error.WriteLine($"decline spike: {s_declines} declines, last merchant {transaction.MerchantId}");
        }
    }

    private static void OnCrash(object sender, UnhandledExceptionEventArgs e)
        => Console.Error.WriteLine($"crash #{Interlocked.Increment(ref s_crashes)} during decline spike: {e.ExceptionObject}");

    private static void OnUnobserved(object? sender, UnobservedTaskExceptionEventArgs e)
    {
        e.SetObserved();
        Interlocked.Increment(ref s_crashes);
    }
}

using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Threading;
using HookSafety.Hooks;
using PayTerm.Host;

namespace PayTerm.Patches;

// Tracing for the acquirer link: an activity listener that samples every PayTerm activity, a subscription to the
// process's diagnostic listeners, a meter listener on the authorization counter and an observer of the settlement
// feed. Every handle is kept in a field in PostPatch and disposed in PreUnpatch.

[Patch("acquirer-tracing")]
public sealed class AcquirerTracing : LivePatch
{
    private static ActivityListener? s_activities;
    private static IDisposable? s_listeners;
    private static MeterListener? s_meters;
    private static IDisposable? s_feed;
    private static long s_authorizations;
    private static long s_settled;

    [Replaces(typeof(Authorizer), nameof(Authorizer.Authorize))]
    private static AuthOutcome Authorize(Transaction transaction)
    {
        using var activity = PosTelemetry.Acquirer.StartActivity("authorize");
        activity?.SetTag("payterm.merchant", transaction.MerchantId);
        var outcome = Authorizer.Authorize.Original(transaction);
        activity?.SetTag("payterm.outcome", outcome.ToString());
        PosTelemetry.Authorizations.Add(1);
        return outcome;
    }

    protected override void PostPatch(PatchContext context)
    {
        s_activities = new ActivityListener
        {
            ShouldListenTo = static source => source.Name.StartsWith("PayTerm.", StringComparison.Ordinal),
            Sample = static (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = static activity => Console.WriteLine($"trace: {activity.DisplayName} {activity.Duration.TotalMilliseconds:F0} ms"),
        };
        ActivitySource.AddActivityListener(s_activities);

        s_listeners = DiagnosticListener.AllListeners.Subscribe(new Observer<DiagnosticListener>(
            static listener => Console.WriteLine($"trace: diagnostic listener {listener.Name}")));

        s_meters = new MeterListener
        {
            InstrumentPublished = static (instrument, listener) =>
            {
                if (ReferenceEquals(instrument, PosTelemetry.Authorizations))
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        s_meters.SetMeasurementEventCallback<long>(static (_, value, _, _) => Interlocked.Add(ref s_authorizations, value));
        s_meters.Start();

        s_feed = Settlement.Feed.Subscribe(new Observer<Transaction>(static _ => Interlocked.Increment(ref s_settled)));
    }

    protected override void PreUnpatch(PatchContext context)
    {
        s_feed?.Dispose();
        s_meters?.Dispose();
        s_listeners?.Dispose();
        s_activities?.Dispose();
        Console.WriteLine($"trace: {Interlocked.Read(ref s_authorizations)} authorizations, {Interlocked.Read(ref s_settled)} settled");
    }

    private sealed class Observer<T>(Action<T> onNext) : IObserver<T>
    {
        public void OnNext(T value) => onNext(value);

        public void OnError(Exception error) { }

        public void OnCompleted() { }
    }
}

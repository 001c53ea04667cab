using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Threading;
using HookSafety.Hooks;
using PayTerm.Host;

namespace PayTerm.Patches;

// Support needs acquirer diagnostics while a timeout incident is investigated: every diagnostic listener of the
// process, the authorization counter, an audit of the settlement feed, and a dump on Ctrl+C. Only the meter listener
// is stopped when the patch is disabled, and the Ctrl+C handler is removed after the new code is already gone.

[Patch("acquirer-diagnostics")]
public sealed class AcquirerDiagnostics : LivePatch
{
    private static IDisposable? s_allListeners;
    private static MeterListener? s_meters;
    private static long s_authorizations;

    protected override void PostPatch(PatchContext context)
    {
        Console.CancelKeyPress += OnCancel;
        s_allListeners = DiagnosticListener.AllListeners.Subscribe(new ListenerObserver()); // expect: HS0003

        var meters = new MeterListener
        {
            InstrumentPublished = static (instrument, listener) =>
            {
                if (instrument.Meter.Name == "PayTerm")
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        meters.SetMeasurementEventCallback<long>(OnMeasurement);
        s_meters = meters;
        meters.Start();

        Settlement.Feed.Subscribe(new FeedAudit()); // expect: HS0003
    }

    protected override void PreUnpatch(PatchContext context)
    {
        s_meters?.Dispose();
    }

    protected override void PostUnpatch(PatchContext context)
    {
        Console.CancelKeyPress -= OnCancel; // expect: HS0004
    }

    private static void OnCancel(object? sender, ConsoleCancelEventArgs e)
        => Console.Error.WriteLine($"acquirer diagnostics: {Interlocked.Read(ref s_authorizations)} authorizations");

    private static void OnMeasurement(Instrument instrument, long measurement, ReadOnlySpan<KeyValuePair<string, object?>> tags, object? state)
        => Interlocked.Add(ref s_authorizations, measurement);

    private sealed class ListenerObserver : IObserver<DiagnosticListener>
    {
        public void OnNext(DiagnosticListener listener)
        {
            if (listener.Name.StartsWith("PayTerm.", StringComparison.Ordinal))
            {
                Console.WriteLine($"acquirer diagnostics: listening to {listener.Name}");
            }
        }

        public void OnError(Exception error) { }

        public void OnCompleted() { }
    }

    private sealed class FeedAudit : IObserver<Transaction>
    {
        public void OnNext(Transaction transaction) => Console.WriteLine($"audit: {transaction.Id} {transaction.Amount}");

        public void OnError(Exception error) { }

        public void OnCompleted() { }
    }
}

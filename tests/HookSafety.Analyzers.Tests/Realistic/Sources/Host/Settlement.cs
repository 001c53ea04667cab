using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Linq;
using System.Threading;
using HookSafety.Hooks;

namespace PayTerm.Host;

/// <summary>The end-of-day settlement: approved transactions wait in a batch that is sent to the acquirer at cutoff.</summary>
public static class Settlement
{
    private static readonly object s_gate = new();
    private static readonly List<Action<DateTime>> s_cutoffHandlers = new();

    public static int BatchSize = 200;
    public static TimeSpan Cutoff = TimeSpan.FromHours(23);
    public static readonly ConcurrentQueue<Transaction> Pending = new();
    public static readonly TransactionFeed Feed = new();

    public static event Action<DateTime>? CutoffReached;

    public static readonly PatchPoint<Func<IReadOnlyList<Transaction>, Money>> Total = new(nameof(Total), TotalOriginal);
    public static readonly PatchPoint<Action<Transaction>> Enqueue = new(nameof(Enqueue), tx => { Pending.Enqueue(tx); Feed.Publish(tx); });

    public static void RegisterCutoffHandler(Action<DateTime> handler)
    {
        lock (s_gate)
        {
            s_cutoffHandlers.Add(handler);
        }
    }

    public static void UnregisterCutoffHandler(Action<DateTime> handler)
    {
        lock (s_gate)
        {
            s_cutoffHandlers.Remove(handler);
        }
    }

    public static void RunCutoff(DateTime now)
    {
        Action<DateTime>[] handlers;
        lock (s_gate)
        {
            handlers = s_cutoffHandlers.ToArray();
        }

        foreach (var handler in handlers)
        {
            handler(now);
        }

        CutoffReached?.Invoke(now);
    }

    private static Money TotalOriginal(IReadOnlyList<Transaction> batch)
        => batch.Count == 0 ? Money.Zero("EUR") : batch.Select(t => t.Amount).Aggregate((a, b) => a.Add(b));
}

/// <summary>Approved transactions as they are queued for settlement, for auditors and dashboards.</summary>
public sealed class TransactionFeed : IObservable<Transaction>
{
    private readonly object _gate = new();
    private readonly List<IObserver<Transaction>> _observers = new();

    public IDisposable Subscribe(IObserver<Transaction> observer)
    {
        lock (_gate)
        {
            _observers.Add(observer);
        }

        return new Unsubscriber(this, observer);
    }

    public void Publish(Transaction transaction)
    {
        IObserver<Transaction>[] observers;
        lock (_gate)
        {
            observers = _observers.ToArray();
        }

        foreach (var observer in observers)
        {
            observer.OnNext(transaction);
        }
    }

    private void Remove(IObserver<Transaction> observer)
    {
        lock (_gate)
        {
            _observers.Remove(observer);
        }
    }

    private sealed class Unsubscriber(TransactionFeed feed, IObserver<Transaction> observer) : IDisposable
    {
        public void Dispose() => feed.Remove(observer);
    }
}

/// <summary>The terminal's tracing and metrics, and its shutdown signal.</summary>
public static class PosTelemetry
{
    private static readonly CancellationTokenSource s_shutdown = new();

    public static readonly ActivitySource Acquirer = new("PayTerm.Acquirer");
    public static readonly Meter Meter = new("PayTerm");
    public static readonly Counter<long> Authorizations = Meter.CreateCounter<long>("payterm.authorizations");
    public static readonly DiagnosticListener AcquirerEvents = new("PayTerm.Acquirer.Events");

    public static CancellationToken Shutdown => s_shutdown.Token;

    public static void BeginShutdown() => s_shutdown.Cancel();
}

/// <summary>The PIN pad: offline PIN checks and the key it uses.</summary>
public static class Pinpad
{
    public static int MaxPinTries = 3;
    public static readonly Dictionary<string, int> TriesByCard = new(StringComparer.Ordinal);

    public static readonly PatchPoint<Func<Card, string, bool>> VerifyOfflinePin = new(nameof(VerifyOfflinePin), (card, pin) => pin.Length is >= 4 and <= 12);
}

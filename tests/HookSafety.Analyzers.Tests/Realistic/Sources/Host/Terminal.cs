using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using HookSafety.Hooks;

namespace PayTerm.Host;

// A payment terminal service: it authorizes card transactions with an acquirer, prints receipts, scores fraud and
// settles the day's batch. Its functions that patches may replace are PatchPoint fields; the rest is its state.

public enum CardScheme { Visa, Mastercard, Amex, Local }

public enum AuthOutcome { Approved, Declined, Referral, TimedOut }

public enum LimitKind { PerTransaction, Daily, Contactless, Cashback }

public readonly record struct Money(long MinorUnits, string Currency)
{
    public static Money Zero(string currency) => new(0, currency);

    public Money Add(Money other) => other.Currency == Currency
        ? this with { MinorUnits = MinorUnits + other.MinorUnits }
        : throw new ArgumentException($"cannot add {other.Currency} to {Currency}", nameof(other));

    public override string ToString() => $"{MinorUnits / 100}.{Math.Abs(MinorUnits % 100):00} {Currency}";
}

public sealed class Card(string pan, CardScheme scheme, int expiryMonth, int expiryYear)
{
    public string Pan { get; } = pan;
    public CardScheme Scheme { get; } = scheme;
    public int ExpiryMonth { get; } = expiryMonth;
    public int ExpiryYear { get; } = expiryYear;
    public string Bin => Pan.Length >= 6 ? Pan[..6] : Pan;
}

public sealed class Transaction
{
    private static long s_lastId;

    public Transaction(Card card, Money amount, string merchantId)
    {
        Card = card;
        Amount = amount;
        MerchantId = merchantId;
        Id = Interlocked.Increment(ref s_lastId);
    }

    public long Id { get; }
    public Card Card { get; }
    public Money Amount { get; }
    public string MerchantId { get; }
    public DateTime StartedUtc { get; } = DateTime.UtcNow;
    public AuthOutcome? Outcome { get; set; }
    public string? AuthCode { get; set; }
}

public sealed record Receipt(Transaction Transaction, string Footer);

public sealed class AcquirerLink(string name)
{
    public string Name { get; } = name;
    public int TimeoutMs { get; set; } = 15_000;
    public int Retries { get; set; } = 2;
    public bool RequireTls13 { get; set; }
}

public sealed class TerminalSession(string terminalId)
{
    public string TerminalId { get; } = terminalId;
    public string? Cashier { get; set; }
    public DateTime OpenedUtc { get; } = DateTime.UtcNow;
    public int Transactions;
}

/// <summary>A registry of named handlers, as the terminal keeps for scheme validators and fraud rules.</summary>
public sealed class HandlerRegistry<THandler>
    where THandler : Delegate
{
    private readonly ConcurrentDictionary<string, THandler> _handlers = new(StringComparer.Ordinal);

    public void Register(string key, THandler handler) => _handlers[key] = handler;

    public bool Unregister(string key) => _handlers.TryRemove(key, out _);

    public bool Contains(string key) => _handlers.ContainsKey(key);

    public IReadOnlyCollection<THandler> All => _handlers.Values.ToArray();
}

public static class Authorizer
{
    private static readonly long[] s_limits = { 50_000, 500_000, 5_000, 10_000 };

    public static int TimeoutMs = 15_000;
    public static int MaxRetries = 2;
    public static string OfflineMode = "deny";
    public static AcquirerLink Primary { get; } = new("acq-eu-1");
    public static AcquirerLink? Fallback;
    public static readonly List<string> BlockedBins = new();
    public static readonly Dictionary<string, decimal> SurchargeRates = new(StringComparer.Ordinal) { ["amex"] = 0.015m };
    public static readonly HandlerRegistry<Func<Card, bool>> SchemeValidators = new();

    public static event EventHandler<Transaction>? Declined;
    public static event EventHandler<Transaction>? Approved;

    public static readonly PatchPoint<Func<Transaction, AuthOutcome>> Authorize = new(nameof(Authorize), AuthorizeOriginal);
    public static readonly PatchPoint<Func<Transaction, int, bool>> ShouldRetry = new(nameof(ShouldRetry), (tx, attempt) => attempt < MaxRetries);
    public static readonly PatchPoint<Func<Money, CardScheme, Money>> ApplySurcharge = new(nameof(ApplySurcharge), (amount, scheme) => amount);

    /// <summary>One of the terminal's limits, in minor units; callers may read or set it through the reference.</summary>
    public static ref long Limit(LimitKind kind) => ref s_limits[(int)kind];

    public static AuthOutcome Run(Transaction transaction)
    {
        var outcome = Authorize.Current(transaction);
        for (var attempt = 1; outcome == AuthOutcome.TimedOut && ShouldRetry.Current(transaction, attempt); attempt++)
        {
            outcome = Authorize.Current(transaction);
        }

        transaction.Outcome = outcome;
        if (outcome == AuthOutcome.Approved)
        {
            Approved?.Invoke(null, transaction);
        }
        else
        {
            Declined?.Invoke(null, transaction);
        }

        return outcome;
    }

    private static AuthOutcome AuthorizeOriginal(Transaction transaction)
    {
        if (BlockedBins.Contains(transaction.Card.Bin))
        {
            return AuthOutcome.Declined;
        }

        return transaction.Amount.MinorUnits <= Limit(LimitKind.PerTransaction) ? AuthOutcome.Approved : AuthOutcome.Referral;
    }
}

public static class Receipts
{
    public static string Footer = "Thank you for shopping with us";
    public static int PaperWidth = 42;

    public static readonly PatchPoint<Func<string, string>> MaskPan = new(nameof(MaskPan), pan => pan[..6] + new string('*', pan.Length - 10) + pan[^4..]);
    public static readonly PatchPoint<Func<Receipt, string>> Render = new(nameof(Render), receipt => $"{receipt.Transaction.Amount}\n{receipt.Footer}");
}

public static class Fraud
{
    public static int Threshold = 80;
    public static readonly HashSet<string> WatchedMerchants = new(StringComparer.Ordinal);
    public static readonly HandlerRegistry<Func<Transaction, int>> Rules = new();

    public static readonly PatchPoint<Func<Transaction, int>> Score = new(nameof(Score), tx => tx.Amount.MinorUnits > 100_000 ? 60 : 10);
}

public static class Sessions
{
    public static readonly ConcurrentDictionary<string, TerminalSession> Open = new(StringComparer.Ordinal);

    public static readonly PatchPoint<Func<string, TerminalSession>> Start = new(nameof(Start), id => Open.GetOrAdd(id, static i => new TerminalSession(i)));
    public static readonly PatchPoint<Action<TerminalSession>> End = new(nameof(End), session => Open.TryRemove(session.TerminalId, out _));
}

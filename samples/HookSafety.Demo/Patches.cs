using System;
using System.Threading;
using HookSafety.Hooks;

namespace HookSafety.Demo;

/// <summary>
/// The state both versions of the fix declare: the host's challenge-ACK limit, raised by the patch. Its
/// <see cref="PatchState.Data"/> is the limit to restore when the fix goes (a boxed <see cref="int"/>), or null when the
/// patch left the limit alone.
/// </summary>
public static class AckLimitState
{
    /// <summary>The state's id.</summary>
    public const string Id = "tcp-challenge-ack-limit";
}

/// <summary>
/// Version 1 of the CVE-2016-5696 fix: each second's budget of challenge ACKs becomes random (the replacement), and the
/// host's limit goes from 100 to 1000 in <c>PrePatch</c>, if it still has the default; <c>PostUnpatch</c> restores it if
/// it still has the patch's value. The original limit is recorded in the patch's state for a later version.
/// </summary>
[Patch("cve-2016-5696")]
[PatchState(AckLimitState.Id, version: 1)]
public sealed class ChallengeAckFix : LivePatch
{
    /// <summary>The name replies of this version carry.</summary>
    public const string Name = "cve-2016-5696 v1";

    /// <summary>The limit this version sets.</summary>
    public const int PatchedLimit = 1000;

    private static readonly object s_gate = new();
    private static long s_second = -1;
    private static int s_budget;
    private static int s_original;
    private static bool s_wrote;

    [Replaces(typeof(Tcp), nameof(Tcp.ChallengeAck))]
    private static Reply ChallengeAck(Connection connection) => new(connection.Id, Tcp.TakeFromBudget(Budget()), Name);

    protected override HookResult PrePatch(PatchContext context)
    {
        s_wrote = false;
        int limit = Tcp.ChallengeAckLimit;
        if (limit == Tcp.DefaultChallengeAckLimit)
        {
            s_original = limit;
            Tcp.ChallengeAckLimit = PatchedLimit;
            s_wrote = true;
            Say(context, nameof(PrePatch), $"raised Tcp.ChallengeAckLimit {limit} -> {PatchedLimit}; state '{AckLimitState.Id}' v1 records {limit} for the undo");
        }
        else
        {
            Say(context, nameof(PrePatch), $"Tcp.ChallengeAckLimit is {limit}, set by an administrator: left alone");
        }

        context.States.Get(AckLimitState.Id).Data = s_wrote ? s_original : null;
        return HookResult.Continue;
    }

    protected override void PostPatch(PatchContext context)
        => Say(context, nameof(PostPatch), "Tcp.ChallengeAck now runs the randomized budget on every thread");

    protected override void PostUnpatch(PatchContext context)
    {
        if (s_wrote && Tcp.ChallengeAckLimit == PatchedLimit)
        {
            Tcp.ChallengeAckLimit = s_original;
            Say(context, nameof(PostUnpatch), $"restored Tcp.ChallengeAckLimit {PatchedLimit} -> {s_original}");
        }
    }

    /// <summary>This second's budget: half the limit plus a random share of it, drawn once per second.</summary>
    private static int Budget()
    {
        long second = Environment.TickCount64 / 1000;
        lock (s_gate)
        {
            if (second != s_second)
            {
                int limit = Tcp.ChallengeAckLimit;
                s_budget = ((limit + 1) / 2) + Random.Shared.Next(limit);
            }

            s_second = second;
            return s_budget;
        }
    }

    private static void Say(PatchContext context, string hook, string what) => Console.WriteLine($"    {context.PatchId}: {hook}: {what}");
}

/// <summary>
/// Version 2, cumulative: enabling it replaces version 1 at once, without running version 1's hooks, so it takes
/// version 1's undo over in <c>PrePatch</c> through <c>GetPrevious</c>. It adds a per-connection budget (a shadow
/// variable, attached in the replacement and detached in <c>PostUnpatch</c>) and a stats handler (registered in
/// <c>PostPatch</c>, unregistered in <c>PreUnpatch</c>).
/// </summary>
[Patch("cve-2016-5696-v2", Cumulative = true)]
[PatchState(AckLimitState.Id, version: 2)]
public sealed class ChallengeAckFixV2 : LivePatch
{
    /// <summary>The name replies of this version carry.</summary>
    public const string Name = "cve-2016-5696 v2";

    /// <summary>Challenge ACKs one connection may cause per second.</summary>
    public const int PerConnectionLimit = 10;

    private static readonly ShadowVariable<Connection, ConnectionBudget> s_budgets = new("cve-2016-5696-v2/budget");
    private static readonly object s_gate = new();
    private static long s_second = -1;
    private static int s_budget;
    private static int s_original;
    private static bool s_wrote;

    [Replaces(typeof(Tcp), nameof(Tcp.ChallengeAck))]
    private static Reply ChallengeAck(Connection connection)
    {
        ConnectionBudget budget = s_budgets.GetOrAttach(connection, _ => new ConnectionBudget());
        bool sent = budget.TryTake(PerConnectionLimit) && Tcp.TakeFromBudget(Budget());
        return new Reply(connection.Id, sent, Name);
    }

    protected override HookResult PrePatch(PatchContext context)
    {
        s_wrote = false;
        int limit = Tcp.ChallengeAckLimit;
        PatchState? previous = context.States.GetPrevious(AckLimitState.Id);
        if (previous?.Data is int original && limit == ChallengeAckFix.PatchedLimit)
        {
            s_original = original;
            s_wrote = true;
            Say(context, nameof(PrePatch), $"took over state '{AckLimitState.Id}' v{previous.Version}: the limit stays {limit}, restoring {original} is now this patch's job");
        }
        else if (limit == Tcp.DefaultChallengeAckLimit)
        {
            s_original = limit;
            Tcp.ChallengeAckLimit = ChallengeAckFix.PatchedLimit;
            s_wrote = true;
            Say(context, nameof(PrePatch), $"raised Tcp.ChallengeAckLimit {limit} -> {ChallengeAckFix.PatchedLimit}");
        }
        else
        {
            Say(context, nameof(PrePatch), $"Tcp.ChallengeAckLimit is {limit}, not the patch's to change: left alone");
        }

        context.States.Get(AckLimitState.Id).Data = s_wrote ? s_original : null;
        return HookResult.Continue;
    }

    protected override void PostPatch(PatchContext context)
    {
        Tcp.RegisterStatsHandler(OnStats);
        Say(context, nameof(PostPatch), $"the new code is live; registered a stats handler ({Tcp.StatsHandlerCount} registered)");
    }

    protected override void PreUnpatch(PatchContext context)
    {
        Tcp.UnregisterStatsHandler(OnStats);
        Say(context, nameof(PreUnpatch), $"unregistered the stats handler while the new code is still live ({Tcp.StatsHandlerCount} registered)");
    }

    protected override void PostUnpatch(PatchContext context)
    {
        if (s_wrote && Tcp.ChallengeAckLimit == ChallengeAckFix.PatchedLimit)
        {
            Tcp.ChallengeAckLimit = s_original;
            Say(context, nameof(PostUnpatch), $"the original code is back; restored Tcp.ChallengeAckLimit {ChallengeAckFix.PatchedLimit} -> {s_original} (version 1's change)");
        }

        s_budgets.DetachAll();
        Say(context, nameof(PostUnpatch), "detached every per-connection budget");
    }

    private static void OnStats(long served) => Console.WriteLine($"    cve-2016-5696-v2: stats handler: {served:N0} calls served so far");

    /// <summary>This second's host-wide budget, drawn once per second as version 1 does.</summary>
    private static int Budget()
    {
        long second = Environment.TickCount64 / 1000;
        lock (s_gate)
        {
            if (second != s_second)
            {
                int limit = Tcp.ChallengeAckLimit;
                s_budget = ((limit + 1) / 2) + Random.Shared.Next(limit);
            }

            s_second = second;
            return s_budget;
        }
    }

    private static void Say(PatchContext context, string hook, string what) => Console.WriteLine($"    {context.PatchId}: {hook}: {what}");
}

/// <summary>A connection's challenge-ACK budget of the current second (the value of version 2's shadow variable).</summary>
public sealed class ConnectionBudget
{
    private readonly object _gate = new();
    private long _second = -1;
    private int _taken;

    /// <summary>Takes one challenge ACK from this second's budget of the connection, if fewer than <paramref name="limit"/> were taken.</summary>
    public bool TryTake(int limit)
    {
        long second = Environment.TickCount64 / 1000;
        lock (_gate)
        {
            if (second != _second)
            {
                _taken = 0;
            }

            _second = second;
            if (_taken >= limit)
            {
                return false;
            }

            _taken++;
            return true;
        }
    }
}

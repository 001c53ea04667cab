using System;
using System.Collections.Generic;
using System.Threading;
using HookSafety.Hooks;

namespace HookSafety.Demo;

/// <summary>A connection of the demo host. Patches add data to it with shadow variables.</summary>
public sealed class Connection
{
    /// <summary>Creates connection <paramref name="id"/>.</summary>
    public Connection(int id) => Id = id;

    /// <summary>The connection's number.</summary>
    public int Id { get; }
}

/// <summary>What one call of <see cref="Tcp.ChallengeAck"/> answers, and which implementation answered it.</summary>
/// <param name="ConnectionId">The connection the call was for.</param>
/// <param name="Sent">Whether a challenge ACK was sent.</param>
/// <param name="ServedBy">The implementation that served the call.</param>
public readonly record struct Reply(int ConnectionId, bool Sent, string ServedBy);

/// <summary>
/// The demo host: a TCP stack that answers out-of-window segments with challenge ACKs, limited per second for the
/// whole host (the behaviour CVE-2016-5696 was about), and that tells registered handlers how many calls it served.
/// </summary>
public static class Tcp
{
    /// <summary>The limit the host starts with.</summary>
    public const int DefaultChallengeAckLimit = 100;

    /// <summary>The name of the host's own implementation, as replies carry it.</summary>
    public const string Original = "original";

    /// <summary>How often the stats handlers are called: every this many calls.</summary>
    public const int StatsEvery = 1_000_000;

    private static readonly object s_gate = new();
    private static readonly List<Action<long>> s_statsHandlers = new();
    private static long s_second = -1;
    private static int s_sentThisSecond;
    private static long s_served;

    /// <summary>Challenge ACKs the whole host sends per second; an administrator may tune it.</summary>
    public static int ChallengeAckLimit = DefaultChallengeAckLimit;

    /// <summary>Answers an out-of-window segment on a connection: the function patches replace.</summary>
    public static readonly PatchPoint<Func<Connection, Reply>> ChallengeAck = new(nameof(ChallengeAck), ChallengeAckOriginal);

    /// <summary>The number of stats handlers registered.</summary>
    public static int StatsHandlerCount
    {
        get
        {
            lock (s_gate)
            {
                return s_statsHandlers.Count;
            }
        }
    }

    /// <summary>Registers a handler called with the number of calls served, every <see cref="StatsEvery"/> calls.</summary>
    public static void RegisterStatsHandler(Action<long> handler)
    {
        lock (s_gate)
        {
            s_statsHandlers.Add(handler);
        }
    }

    /// <summary>Removes a handler registered with <see cref="RegisterStatsHandler"/>.</summary>
    public static void UnregisterStatsHandler(Action<long> handler)
    {
        lock (s_gate)
        {
            s_statsHandlers.Remove(handler);
        }
    }

    /// <summary>Serves one call: through the patch point, whatever implementation is current.</summary>
    public static Reply Serve(Connection connection)
    {
        Reply reply = ChallengeAck.Current(connection);
        long served = Interlocked.Increment(ref s_served);
        if (served % StatsEvery == 0)
        {
            Action<long>[] handlers;
            lock (s_gate)
            {
                handlers = s_statsHandlers.ToArray();
            }

            foreach (Action<long> handler in handlers)
            {
                handler(served);
            }
        }

        return reply;
    }

    /// <summary>Takes one challenge ACK from the host-wide budget of this second, if <paramref name="budget"/> allows it.</summary>
    public static bool TakeFromBudget(int budget)
    {
        long second = Environment.TickCount64 / 1000;
        lock (s_gate)
        {
            if (second != s_second)
            {
                s_sentThisSecond = 0;
            }

            s_second = second;
            if (s_sentThisSecond >= budget)
            {
                return false;
            }

            s_sentThisSecond++;
            return true;
        }
    }

    private static Reply ChallengeAckOriginal(Connection connection)
        => new(connection.Id, TakeFromBudget(ChallengeAckLimit), Original);
}

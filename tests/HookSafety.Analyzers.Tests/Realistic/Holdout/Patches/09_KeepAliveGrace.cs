using System;
using System.Threading;
using HookSafety.Hooks;
using Mqtt.Gateway.Host;

namespace Mqtt.Gateway.Patches;

// Cellular trackers miss a keep-alive or two during a tower handover and were disconnected and re-sent their whole
// backlog. The patch raises the keep-alive grace from 15 to 45 seconds (saving the old value in a tuple assignment),
// reserves a probe buffer for late keep-alives and counts them. It refuses when the broker is nearly full, but only
// after it changed the grace and the memory pressure; the pressure is removed while the new code still runs, the
// Ctrl+C report is never removed, and a copy-paste slip removes the connect handler twice and the stamp handler never.

[Patch("keepalive-grace")]
[PatchState("keepalive-grace", version: 2)]
public sealed class KeepAliveGrace : LivePatch
{
    private const int PatchedGrace = 45;
    private const long ProbeBufferBytes = 4 * 1024 * 1024;
    private static int s_savedGrace;
    private static long s_lateKeepAlives;
    private static long s_connects;

    [Replaces(typeof(Broker), nameof(Broker.KeepAliveDeadline))]
    private static TimeSpan KeepAliveDeadline(ClientSession session)
    {
        if (DateTime.UtcNow - session.LastPacketUtc > TimeSpan.FromSeconds(session.KeepAliveSeconds))
        {
            Interlocked.Increment(ref s_lateKeepAlives);
        }

        return Broker.KeepAliveDeadline.Original(session);
    }

    protected override HookResult PrePatch(PatchContext context)
    {
        (s_savedGrace, Broker.KeepAliveGraceSeconds) = (Broker.KeepAliveGraceSeconds, PatchedGrace);
        GC.AddMemoryPressure(ProbeBufferBytes);
        context.States.Get("keepalive-grace").Data = s_savedGrace;
        if (Broker.Sessions.Count > Broker.Limit(BrokerLimit.MaxConnections) * 9 / 10)
        {
            return HookResult.Reject("the broker is above 90% of its connections; a longer grace would hold dead sessions"); // expect: HS0008
        }

        return HookResult.Continue;
    }

    protected override void PostPatch(PatchContext context)
    {
        Console.CancelKeyPress += OnCancel; // expect: HS0003
        Broker.ClientConnected += OnConnected;
        Broker.ClientConnected += StampConnected; // limit: HS0003 PreUnpatch removes another handler of the same event: counts as undone
    }

    protected override void PreUnpatch(PatchContext context)
    {
        Broker.ClientConnected -= OnConnected;
        Broker.ClientConnected -= OnConnected;
        GC.RemoveMemoryPressure(ProbeBufferBytes); // expect: HS0004
    }

    protected override void PostUnpatch(PatchContext context)
    {
        if (Broker.KeepAliveGraceSeconds == PatchedGrace)
        {
            Broker.KeepAliveGraceSeconds = s_savedGrace;
        }
    }

    private static void OnConnected(ClientSession session) => Interlocked.Increment(ref s_connects);

    private static void StampConnected(ClientSession session) => session.LastPacketUtc = DateTime.UtcNow;

    private static void OnCancel(object? sender, ConsoleCancelEventArgs e)
        => Console.Error.WriteLine($"keepalive-grace: {Interlocked.Read(ref s_lateKeepAlives)} late keep-alives, {Interlocked.Read(ref s_connects)} connects");
}

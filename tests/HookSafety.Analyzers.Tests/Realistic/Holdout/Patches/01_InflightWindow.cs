using System;
using System.Collections.Generic;
using System.Threading;
using HookSafety.Hooks;
using Mqtt.Gateway.Host;

namespace Mqtt.Gateway.Patches;

// QoS 1 publishers stall during sensor bursts: the in-flight window of 64 unacknowledged messages fills in a second and
// the broker disconnects them. The patch widens the window to 256, retries unacknowledged messages sooner, grants QoS 0
// instead of disconnecting a client that is over its window, and keeps debug topics out while it runs. It widens the
// window (through a ref local) only once the new code is live, then resets every session's in-flight count from a
// queued lambda, and the debug prefixes it denies are never allowed again.

[Patch("inflight-window")]
[PatchState("inflight-window", version: 1)]
public sealed class InflightWindow : LivePatch
{
    private const int PatchedInflight = 256;
    private const int PatchedRetryMs = 2_000;
    private static readonly string[] DebugPrefixes = { "$SYS/debug/", "$SYS/trace/" };
    private static int s_savedInflight;
    private static int s_savedRetryMs;

    [Replaces(typeof(Broker), nameof(Broker.GrantQos))]
    private static QosLevel GrantQos(MqttMessage message, ClientSession session)
    {
        if (Volatile.Read(ref session.InFlight) >= Broker.Limit(BrokerLimit.MaxInflight))
        {
            return QosLevel.AtMostOnce;
        }

        return Broker.GrantQos.Original(message, session);
    }

    protected override HookResult PrePatch(PatchContext context)
    {
        var qos = Broker.Qos;
        s_savedRetryMs = qos.RetryIntervalMs;
        qos.RetryIntervalMs = PatchedRetryMs;
        AddAll(Broker.DeniedTopicPrefixes, DebugPrefixes); // expect: HS0002
        context.States.Get("inflight-window").Data = Broker.Limit(BrokerLimit.MaxInflight);
        return HookResult.Continue;
    }

    protected override void PostPatch(PatchContext context)
    {
        ref var inflight = ref Broker.Limit(BrokerLimit.MaxInflight);
        s_savedInflight = inflight;
        inflight = PatchedInflight; // expect: HS0001
        ThreadPool.QueueUserWorkItem(static _ => ResetInflight(Broker.Sessions.Values)); // limit: HS0001 a change made inside a lambda handed out from PostPatch is not seen
    }

    protected override void PreUnpatch(PatchContext context)
    {
        Broker.Limit(BrokerLimit.MaxInflight) = s_savedInflight;
    }

    protected override void PostUnpatch(PatchContext context)
    {
        if (Broker.Qos.RetryIntervalMs == PatchedRetryMs)
        {
            Broker.Qos.RetryIntervalMs = s_savedRetryMs;
        }
    }

    private static void ResetInflight(IEnumerable<ClientSession> sessions)
    {
        foreach (var session in sessions)
        {
            Interlocked.Exchange(ref session.InFlight, 0);
        }
    }

    private static void AddAll(List<string> list, IEnumerable<string> items)
    {
        lock (list)
        {
            foreach (var item in items)
            {
                list.Add(item);
            }
        }
    }
}

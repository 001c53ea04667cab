using System;
using HookSafety.Hooks;
using Mqtt.Gateway.Host;

namespace Mqtt.Gateway.Patches;

// December's cumulative rollup of the broker fixes: the wider in-flight window and the longer keep-alive grace, in one
// patch that replaces every enabled gateway patch. It takes the original values over from the replaced patches'
// states. It declares the grace state in an older version than the field runs, omits the states of the retained cap,
// the SCRAM migration and the topic aliases, hands its own record type to the next patch, and looks for the replaced
// patches' states again when it is disabled (and from the admin console's status page), when they are long gone.

[Patch("gateway-rollup-2026-12", Cumulative = true)]
[PatchState("inflight-window", version: 1)]
[PatchState("keepalive-grace", version: 1)] // expect: HS0012
public sealed class GatewayRollup : LivePatch // expect: HS0012
{
    private const int PatchedInflight = 256;
    private const int PatchedGrace = 45;
    private static int s_originalInflight;
    private static int s_originalGrace;
    private static PatchStates? s_states;

    public sealed record SavedBroker(int Inflight, int GraceSeconds);

    /// <summary>For the admin console's status page: what the rollup took over.</summary>
    public static string Describe() => s_states?.GetPrevious("keepalive-grace")?.ToString() ?? "nothing taken over"; // limit: HS0011 a public method that no hook reaches is not checked

    protected override HookResult PrePatch(PatchContext context)
    {
        var states = context.States;
        s_states = states;
        s_originalInflight = states.GetPrevious("inflight-window")?.Data as int? ?? Broker.Limit(BrokerLimit.MaxInflight);
        s_originalGrace = states.GetPrevious("keepalive-grace")?.Data as int? ?? Broker.KeepAliveGraceSeconds;

        Broker.Limit(BrokerLimit.MaxInflight) = PatchedInflight;
        Broker.KeepAliveGraceSeconds = PatchedGrace;

        states.Get("inflight-window").Data = s_originalInflight;
        states.Get("keepalive-grace").Data = new SavedBroker(s_originalInflight, s_originalGrace); // expect: HS0010
        return HookResult.Continue;
    }

    [Replaces(typeof(Broker), nameof(Broker.KeepAliveDeadline))]
    private static TimeSpan KeepAliveDeadline(ClientSession session)
        => TimeSpan.FromSeconds(session.KeepAliveSeconds * 1.5) + TimeSpan.FromSeconds(Broker.KeepAliveGraceSeconds);

    protected override void PostUnpatch(PatchContext context)
    {
        Broker.Limit(BrokerLimit.MaxInflight) = s_originalInflight;
        var previousGrace = s_states?.GetPrevious("keepalive-grace")?.Data as int?; // expect: HS0011
        Broker.KeepAliveGraceSeconds = previousGrace ?? s_originalGrace;
    }
}

using System;
using System.Globalization;
using System.Threading;
using HookSafety.Hooks;
using Mqtt.Gateway.Host;

namespace Mqtt.Gateway.Patches;

// Devices that lose power never send DISCONNECT, and their persistent sessions (clean start off) were kept forever.
// The patch stamps each session's last activity in a shadow variable and expires persistent sessions idle for two
// hours from a timer (every minute, or as configured). Its shutdown message is registered on the gateway's token and
// the handle dropped, the disconnect handler is removed only after the new code is gone, the sweep counters are bumped
// without synchronization, and the shadow id is one another patch uses for a DateTime.

[Patch("session-expiry")]
public sealed class SessionExpiry : LivePatch
{
    private static readonly TimeSpan IdleLimit = TimeSpan.FromHours(2);
    private static readonly ShadowVariable<ClientSession, long> s_lastActivity = new("gateway.session.last-activity"); // expect: HS0017
    private static Timer? s_sweep;
    private static int s_expired;
    private static DateTime s_lastSweepUtc;
    private static DateTime s_previousSweepUtc;

    public static (DateTime Previous, DateTime Last) Sweeps => (s_previousSweepUtc, s_lastSweepUtc);

    [Replaces(typeof(Broker), nameof(Broker.Connect))]
    private static ClientSession Connect(string clientId, bool cleanStart)
    {
        var session = Broker.Connect.Original(clientId, cleanStart);
        s_lastActivity.Attach(session, DateTime.UtcNow.Ticks);
        return session;
    }

    protected override void PostPatch(PatchContext context)
    {
        Broker.ClientDisconnected += OnDisconnected;
        var minutes = int.Parse(Environment.GetEnvironmentVariable("GATEWAY_SESSION_SWEEP_MINUTES") ?? "1", CultureInfo.InvariantCulture); // limit: HS0009 an exception of a method without source in the compilation (int.Parse) is not known
        s_sweep = new Timer(Sweep, null, TimeSpan.FromMinutes(minutes), TimeSpan.FromMinutes(minutes));
        GatewayRuntime.Shutdown.Register(() => Console.WriteLine($"session-expiry: {Volatile.Read(ref s_expired)} sessions expired")); // expect: HS0003
    }

    protected override void PreUnpatch(PatchContext context)
    {
        s_sweep?.Dispose();
        s_sweep = null;
    }

    protected override void PostUnpatch(PatchContext context)
    {
        Broker.ClientDisconnected -= OnDisconnected; // expect: HS0004
        s_lastActivity.DetachAll();
    }

    private static void OnDisconnected(object? sender, ClientSession session) => s_lastActivity.Detach(session);

    private static void Sweep(object? state)
    {
        var now = DateTime.UtcNow;
        foreach (var session in Broker.Sessions.Values)
        {
            if (!session.CleanStart
                && s_lastActivity.TryGet(session, out var ticks)
                && now - new DateTime(ticks, DateTimeKind.Utc) > IdleLimit
                && Broker.Sessions.TryRemove(session.ClientId, out _))
            {
                s_lastActivity.Detach(session);
                s_expired++; // expect: HS0006
            }
        }

        (s_previousSweepUtc, s_lastSweepUtc) = (s_lastSweepUtc, now); // expect: HS0006
    }
}

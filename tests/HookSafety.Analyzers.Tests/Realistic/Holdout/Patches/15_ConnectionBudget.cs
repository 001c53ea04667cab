using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;
using HookSafety.Hooks;
using Mqtt.Gateway.Host;

namespace Mqtt.Gateway.Patches;

// A reconnect storm from one tenant's devices used up the broker's connections. The patch refuses a tenant's
// connection beyond its budget (a primary-constructor parameter, only read), counts connections per tenant in a
// concurrent dictionary, remembers each session's tenant in a shadow variable detached on disconnect and swept in
// PostUnpatch, keeps the refusal log under a System.Threading.Lock that [GuardedBy] names, and publishes the last
// refused tenant through a volatile field.

[Patch("connection-budget")]
public sealed class ConnectionBudget(int budgetPerTenant) : LivePatch
{
    private static readonly ShadowVariable<ClientSession, string> s_tenantOf = new("connection-budget/tenant");
    private static readonly ConcurrentDictionary<string, int> s_connected = new(StringComparer.Ordinal);
    private static readonly Lock s_logGate = new();

    [GuardedBy(nameof(s_logGate))] private static readonly Queue<string> s_refusals = new();
    [GuardedBy(nameof(s_logGate))] private static int s_refusedTotal;

    private static volatile string? s_lastRefusedTenant;

    public ConnectionBudget()
        : this(budgetPerTenant: 2_000)
    {
    }

    public static string? LastRefusedTenant => s_lastRefusedTenant;

    public static string[] RecentRefusals()
    {
        lock (s_logGate)
        {
            return s_refusals.ToArray();
        }
    }

    protected override void PostPatch(PatchContext context)
    {
        Broker.ClientConnected += OnConnected;
        Broker.ClientDisconnected += OnDisconnected;
    }

    protected override void PreUnpatch(PatchContext context)
    {
        Broker.ClientDisconnected -= OnDisconnected;
        Broker.ClientConnected -= OnConnected;
    }

    protected override void PostUnpatch(PatchContext context)
    {
        s_tenantOf.DetachAll();
        s_connected.Clear();
        s_refusals.Clear();
        s_refusedTotal = 0;
    }

    private void OnConnected(ClientSession session)
    {
        var tenant = session.Tenant ?? "default";
        var count = s_connected.AddOrUpdate(tenant, 1, static (_, n) => n + 1);
        s_tenantOf.Attach(session, tenant);
        if (count <= budgetPerTenant)
        {
            return;
        }

        s_lastRefusedTenant = tenant;
        using (s_logGate.EnterScope())
        {
            Log($"{DateTime.UtcNow:O} {session.ClientId} refused: tenant {tenant} at {count} of {budgetPerTenant}");
        }

        Broker.Disconnect.Current(session);
    }

    private static void OnDisconnected(object? sender, ClientSession session)
    {
        if (s_tenantOf.TryGet(session, out var tenant))
        {
            s_connected.AddOrUpdate(tenant, 0, static (_, n) => Math.Max(0, n - 1));
            s_tenantOf.Detach(session);
        }
    }

    private static void Log(string line)
    {
        s_refusals.Enqueue(line);
        if (s_refusals.Count > 100)
        {
            s_refusals.Dequeue();
        }

        s_refusedTotal++;
    }
}

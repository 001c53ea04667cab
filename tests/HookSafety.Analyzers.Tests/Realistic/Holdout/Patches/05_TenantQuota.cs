using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using HookSafety.Hooks;
using Mqtt.Gateway.Host;

namespace Mqtt.Gateway.Patches;

// One tenant's devices flooded the broker after a firmware bug. The patch enforces the tenants' per-minute message
// quotas: limits are read under a reader-writer lock, a timer opens a new window every minute and reloads the limits
// every five under a one-slot semaphore, and sessions without a tenant get the default one while the patch's burst
// allowance lasts. The usage count is written under the read lock, the burst allowance (a primary-constructor
// parameter) is spent without synchronization, the team's base class was left concrete without [Patch], and its
// static constructor seeds a quota in the host's table.

public class GatewayPatch : LivePatch // expect: HS0014
{
    protected static string TenantOf(MqttMessage message)
        => message.ClientId is { } id && Broker.Sessions.TryGetValue(id, out var session) && session.Tenant is { } tenant ? tenant : "default";
}

[Patch("tenant-quota")]
public sealed class TenantQuota(int burstAllowance) : GatewayPatch
{
    private static readonly ReaderWriterLockSlim s_quotaLock = new(LockRecursionPolicy.NoRecursion);
    private static readonly SemaphoreSlim s_reloadMutex = new(1, 1);
    private static readonly Dictionary<string, int> s_limitByTenant = new(StringComparer.Ordinal);
    private static readonly Dictionary<string, int> s_usedByTenant = new(StringComparer.Ordinal);
    private static DateTime s_reloadedUtc;
    private static int s_windows;
    private static int s_reloads;
    private Timer? _window;

    public static (DateTime At, int Count) Reloads => (s_reloadedUtc, Volatile.Read(ref s_reloads));

    static TenantQuota()
    {
        Broker.QuotaByTenant["fleet-ops"] = 50_000; // expect: HS0001
    }

    public TenantQuota()
        : this(burstAllowance: 100)
    {
    }

    [Replaces(typeof(Broker), nameof(Broker.Publish))]
    private static bool Publish(MqttMessage message)
    {
        var tenant = TenantOf(message);
        s_quotaLock.EnterReadLock();
        try
        {
            var used = s_usedByTenant.GetValueOrDefault(tenant);
            if (used >= s_limitByTenant.GetValueOrDefault(tenant, int.MaxValue))
            {
                return false;
            }

            s_usedByTenant[tenant] = used + 1; // expect: HS0006
        }
        finally
        {
            s_quotaLock.ExitReadLock();
        }

        return Broker.Publish.Original(message);
    }

    protected override HookResult PrePatch(PatchContext context)
    {
        lock (Broker.QuotaByTenant)
        {
            foreach (var (tenant, limit) in Broker.QuotaByTenant)
            {
                s_limitByTenant[tenant] = limit;
            }
        }

        s_reloadedUtc = DateTime.UtcNow;
        return HookResult.Continue;
    }

    protected override void PostPatch(PatchContext context)
    {
        Broker.ClientConnected += OnConnected;
        _window = new Timer(OnWindow, null, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));
    }

    protected override void PreUnpatch(PatchContext context)
    {
        Broker.ClientConnected -= OnConnected;
        _window?.Dispose();
    }

    protected override void PostUnpatch(PatchContext context)
    {
        s_limitByTenant.Clear();
        s_usedByTenant.Clear();
    }

    private void OnConnected(ClientSession session)
    {
        if (session.Tenant is null && burstAllowance > 0)
        {
            burstAllowance--; // expect: HS0006
            session.Tenant = "default";
        }
    }

    private void OnWindow(object? state)
    {
        s_quotaLock.EnterWriteLock();
        try
        {
            s_usedByTenant.Clear();
        }
        finally
        {
            s_quotaLock.ExitWriteLock();
        }

        if (Interlocked.Increment(ref s_windows) % 5 == 0)
        {
            _ = Task.Run(ReloadAsync);
        }
    }

    private static async Task ReloadAsync()
    {
        await s_reloadMutex.WaitAsync().ConfigureAwait(false);
        try
        {
            KeyValuePair<string, int>[] fresh;
            lock (Broker.QuotaByTenant)
            {
                fresh = [.. Broker.QuotaByTenant];
            }

            s_quotaLock.EnterWriteLock();
            try
            {
                s_limitByTenant.Clear();
                foreach (var (tenant, limit) in fresh)
                {
                    s_limitByTenant[tenant] = limit;
                }
            }
            finally
            {
                s_quotaLock.ExitWriteLock();
            }

            s_reloadedUtc = DateTime.UtcNow;
            s_reloads++;
        }
        finally
        {
            s_reloadMutex.Release();
        }
    }
}

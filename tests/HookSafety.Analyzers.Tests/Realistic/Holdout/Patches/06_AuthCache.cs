using System;
using System.Collections.Generic;
using System.Threading;
using HookSafety.Hooks;
using Mqtt.Gateway.Host;

namespace Mqtt.Gateway.Patches;

// The directory behind Authenticate answers in seconds at shift change, when thousands of handheld scanners reconnect.
// The patch caches a successful login per client for five minutes, under one lock that [GuardedBy] names, and forgets
// a client when it disconnects. The denial counter is bumped outside the lock and read by a public property without
// it, the cache is dropped from a lambda queued inside the lock (which runs later, without it), and the hit counter's
// attribute names a lock that does not exist.

[Patch("auth-cache")]
public sealed class AuthCache : LivePatch
{
    private static readonly TimeSpan Ttl = TimeSpan.FromMinutes(5);
    private static readonly object s_gate = new();

    [GuardedBy(nameof(s_gate))] private static readonly Dictionary<string, (int PasswordHash, DateTime Until)> s_okByClient = new(StringComparer.Ordinal);
    [GuardedBy(nameof(s_gate))] private static long s_denied;
    [GuardedBy("s_lock")] private static long s_hits; // expect: HS0007

    public static long Denied => s_denied; // expect: HS0007

    [Replaces(typeof(Broker), nameof(Broker.Authenticate))]
    private static bool Authenticate(string clientId, string? password)
    {
        var hash = (password ?? "").GetHashCode(StringComparison.Ordinal);
        var now = DateTime.UtcNow;
        lock (s_gate)
        {
            if (s_okByClient.TryGetValue(clientId, out var ok) && ok.PasswordHash == hash && ok.Until > now)
            {
                s_hits++;
                return true;
            }
        }

        if (!Broker.Authenticate.Original(clientId, password))
        {
            s_denied++; // expect: HS0007
            return false;
        }

        lock (s_gate)
        {
            s_okByClient[clientId] = (hash, now + Ttl);
            if (s_okByClient.Count > 20_000)
            {
                ThreadPool.QueueUserWorkItem(_ => s_okByClient.Clear()); // expect: HS0007
            }
        }

        return true;
    }

    protected override void PostPatch(PatchContext context) => Broker.ClientDisconnected += OnDisconnected;

    protected override void PreUnpatch(PatchContext context) => Broker.ClientDisconnected -= OnDisconnected;

    protected override void PostUnpatch(PatchContext context)
    {
        s_okByClient.Clear();
        s_denied = 0;
    }

    private static void OnDisconnected(object? sender, ClientSession session)
    {
        lock (s_gate)
        {
            Forget(session.ClientId);
        }
    }

    private static void Forget(string clientId) => s_okByClient.Remove(clientId);
}

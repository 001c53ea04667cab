using System;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Threading;
using HookSafety.Hooks;
using Mqtt.Gateway.Host;

namespace Mqtt.Gateway.Patches;

// The audit found plain password checks on the device login. The patch moves authentication to SCRAM-SHA-256
// verifiers, which the old code cannot read: once enabled it must never be disabled, so it is sticky. Its author still
// wrote a PreUnpatch that "lets the handshakes in flight finish" by sleeping, and wrote the replacement for MQTT 5's
// enhanced authentication, with the authentication data as a third parameter the point's delegate does not have.

[Patch("auth-scram-migration", Sticky = true)]
[PatchState("auth-mode", version: 1)]
public sealed class AuthScramMigration : LivePatch
{
    private const string Mode = "scram-sha-256";
    private static readonly ConcurrentDictionary<string, byte[]> s_verifiers = new(StringComparer.Ordinal);

    [Replaces(typeof(Broker), nameof(Broker.Authenticate))]
    private static bool Authenticate(string clientId, string? password, byte[]? authenticationData) // expect: HS0013
    {
        if (!s_verifiers.TryGetValue(clientId, out var verifier))
        {
            return Broker.Authenticate.Original(clientId, password);
        }

        var proof = authenticationData ?? SHA256.HashData(Encoding.UTF8.GetBytes(password ?? ""));
        return CryptographicOperations.FixedTimeEquals(proof, verifier);
    }

    protected override HookResult PrePatch(PatchContext context)
    {
        foreach (var device in DeviceRegistry.Devices.Values)
        {
            s_verifiers[device.DeviceId] = SHA256.HashData(Encoding.UTF8.GetBytes(device.DeviceId + ":" + device.Tenant));
        }

        Broker.AuthMode = Mode;
        context.States.Get("auth-mode").Data = Mode;
        return HookResult.Continue;
    }

    protected override void PreUnpatch(PatchContext context) // expect: HS0015
    {
        Thread.Sleep(TimeSpan.FromSeconds(2)); // expect: HS0016
        Console.WriteLine($"{context.PatchId}: {s_verifiers.Count} verifiers in use");
    }
}

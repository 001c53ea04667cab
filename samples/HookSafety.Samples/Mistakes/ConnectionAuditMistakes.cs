using System;
using System.Collections.Generic;
using System.Threading;
using HookSafety.Hooks;
using HookSafety.Samples.Host;

namespace HookSafety.Samples.Mistakes;

// Handlers registered in PostPatch and unregistered in PreUnpatch, done wrong; the right way is
// Patches/ConnectionAudit.cs. Every line that HookSafety reports ends with a comment naming the rule.

/// <summary>
/// The connection audit with its registrations half undone: the packet listener and the report timer are never
/// removed, so the host keeps calling the patch's code after it was disabled; the connection handler is removed in
/// <c>PostUnpatch</c>, after the new code was switched off, so it can still be called in between. The handler runs on
/// the host's threads, all at once, and updates the patch's data without synchronization.
/// </summary>
[Patch("connection-audit-mistaken")]
public sealed class ConnectionAuditMistaken : LivePatch
{
    private static readonly object s_gate = new();
    private static long s_connections;
    private static Timer? s_report;

    [GuardedBy(nameof(s_gate))]
    private static readonly List<string> s_peers = new();

    protected override void PostPatch(PatchContext context)
    {
        Net.RegisterHandler(OnConnect);
        Net.PacketReceived += OnPacket; // HS0003: never removed in PreUnpatch
        s_report = new Timer(Report, null, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(10)); // HS0003: never disposed in PreUnpatch
    }

    protected override void PostUnpatch(PatchContext context)
    {
        Net.UnregisterHandler(OnConnect); // HS0004: removed after the new code was switched off
    }

    private static void OnConnect(Connection connection)
    {
        s_connections++; // HS0006: the host calls the handler on many threads at once
        s_peers.Add(connection.Peer); // HS0007: without holding s_gate
    }

    private static void OnPacket(object? sender, string packet) => Console.WriteLine($"  connection-audit-mistaken: {packet.Length} byte(s)");

    private static void Report(object? state)
    {
        lock (s_gate)
        {
            Console.WriteLine($"  connection-audit-mistaken: {s_peers.Count} peer(s)");
        }
    }
}

using System;
using System.Threading;
using HookSafety.Hooks;
using HookSafety.Samples.Host;

namespace HookSafety.Samples.Patches;

/// <summary>
/// Handlers registered in <c>PostPatch</c> and unregistered in <c>PreUnpatch</c>. A handler is new code that the host
/// calls: it may only be handed to the host once the patch is live, and must be taken back while it still is (the
/// kernel's patches register notifiers, sysfs entries and timers in post-patch callbacks and remove them in pre-unpatch
/// callbacks). This one audits the network stack: a handler for new connections, a listener of received packets, and
/// a timer that reports the counts. The handlers run on the host's threads, all at once: they count atomically.
/// </summary>
[Patch("connection-audit")]
public sealed class ConnectionAudit : LivePatch
{
    private static long s_connections;
    private static long s_bytes;
    private static Timer? s_report;

    /// <summary>The connections seen since the patch was enabled.</summary>
    public static long Connections => Interlocked.Read(ref s_connections);

    /// <summary>The bytes of the packets seen since the patch was enabled.</summary>
    public static long Bytes => Interlocked.Read(ref s_bytes);

    protected override void PostPatch(PatchContext context)
    {
        Net.RegisterHandler(OnConnect);
        Net.PacketReceived += OnPacket;
        s_report = new Timer(Report, null, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(10));
    }

    protected override void PreUnpatch(PatchContext context)
    {
        s_report?.Dispose();
        Net.PacketReceived -= OnPacket;
        Net.UnregisterHandler(OnConnect);
    }

    private static void OnConnect(Connection connection) => Interlocked.Increment(ref s_connections);

    private static void OnPacket(object? sender, string packet) => Interlocked.Add(ref s_bytes, packet.Length);

    private static void Report(object? state)
        => Console.WriteLine($"  connection-audit: {Interlocked.Read(ref s_connections)} connection(s), {Interlocked.Read(ref s_bytes)} byte(s)");
}

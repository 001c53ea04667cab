using System;
using System.Linq;
using HookSafety.Hooks;
using HookSafety.Samples.Host;
using HookSafety.Samples.Patches;

namespace HookSafety.Samples;

/// <summary>
/// Runs the safe sample patches (<c>Patches/</c>) through a <see cref="PatchManager"/>: each is enabled, the host is
/// called through its patch points, and the patch is disabled again, showing that the host is back where it was.
/// The mistaken patches (<c>Mistakes/</c>) are only compiled, for HookSafety's warnings.
/// </summary>
public static class Program
{
    public static void Main()
    {
        var manager = new PatchManager();
        CallbacksDemo(manager);
        ShadowFixes(manager);
        ChallengeAckLimit(manager);
        ProbeFix(manager);
        ConnectionAudit(manager);
        CumulativeParserFix(manager);
    }

    private static void CallbacksDemo(PatchManager manager)
    {
        Console.WriteLine("callbacks demo (livepatch-callbacks-demo.c):");
        try
        {
            manager.Enable(new CallbacksDemo(rejectWith: "pre_patch_ret=-19"));
        }
        catch (PatchRejectedException e)
        {
            Console.WriteLine($"  refused: {e.Reason}; {Jobs.Run(1)}");
        }

        manager.Enable(new CallbacksDemo());
        Console.WriteLine($"  {Jobs.Run(2)}");
        manager.Disable("callbacks-demo");
        Console.WriteLine($"  {Jobs.Run(3)}");
    }

    private static void ShadowFixes(PatchManager manager)
    {
        Console.WriteLine("shadow variables (livepatch-shadow-fix1.c, -fix2.c):");
        long leakedBefore = BufferPool.Outstanding;
        Net.Close.Current(Net.Accept("10.0.0.1"));
        Console.WriteLine($"  unpatched: {BufferPool.Outstanding - leakedBefore} buffer(s) leaked by one connection");

        manager.Enable(new ShadowLeakFix());
        manager.Enable(new ShadowCounterFix());
        long before = BufferPool.Outstanding;
        Connection connection = Net.Accept("10.0.0.2");
        Net.Deliver(connection, "hello");
        Net.Deliver(connection, "world");
        Console.WriteLine($"  fix1 + fix2: {ShadowCounterFix.ReceivedOn(connection)} packet(s) counted on {connection}");
        Net.Close.Current(connection);
        Console.WriteLine($"  fix1 + fix2: {BufferPool.Outstanding - before} buffer(s) leaked by one connection");
        manager.Disable("shadow-fix2");
        manager.Disable("shadow-fix1");
    }

    private static void ChallengeAckLimit(PatchManager manager)
    {
        Console.WriteLine("CVE-2016-5696 (the kpatch guide's example):");
        Console.WriteLine($"  limit before: {Net.ChallengeAckLimit}");
        manager.Enable(new ChallengeAckLimitFix());
        Console.WriteLine($"  limit patched: {Net.ChallengeAckLimit}; challenge ACK sent: {Net.SendChallengeAck.Current(new Connection("10.0.0.3"))}");
        manager.Disable("cve-2016-5696");
        Console.WriteLine($"  limit after: {Net.ChallengeAckLimit}");

        Net.ChallengeAckLimit = 500; // an administrator's own value: the patch leaves it alone
        manager.Enable(new ChallengeAckLimitFix());
        Console.WriteLine($"  tuned by an administrator to 500, patched: {Net.ChallengeAckLimit}");
        manager.Disable("cve-2016-5696");
        Net.ChallengeAckLimit = Net.DefaultChallengeAckLimit;
    }

    private static void ProbeFix(PatchManager manager)
    {
        Console.WriteLine("probe-time fix of existing devices:");
        Device eth0 = Devices.Add("eth0", Devices.BrokenOffloadModel);
        Device eth1 = Devices.Add("eth1", "e1000");
        Console.WriteLine($"  before: {eth0}, {eth1}");
        manager.Enable(new ProbeOffloadFix());
        Device eth2 = Devices.Add("eth2", Devices.BrokenOffloadModel);
        Console.WriteLine($"  patched: {eth0}, {eth1}, {eth2}");
        manager.Disable("probe-offload-fix");
        Console.WriteLine($"  after: {eth0}, {eth1}, {eth2}");
    }

    private static void ConnectionAudit(PatchManager manager)
    {
        Console.WriteLine("handlers registered in PostPatch, unregistered in PreUnpatch:");
        manager.Enable(new ConnectionAudit());
        Connection connection = Net.Accept("10.0.0.4");
        Net.Deliver(connection, "ping");
        Console.WriteLine($"  patched: {Net.HandlerCount} handler(s), packet listeners: {Net.HasPacketListeners}; audited {Patches.ConnectionAudit.Connections} connection(s), {Patches.ConnectionAudit.Bytes} byte(s)");
        manager.Disable("connection-audit");
        Console.WriteLine($"  after: {Net.HandlerCount} handler(s), packet listeners: {Net.HasPacketListeners}");
    }

    private static void CumulativeParserFix(PatchManager manager)
    {
        Console.WriteLine("cumulative patch taking a state over:");
        const string line = "a\tb (c)(d)";
        Console.WriteLine($"  before: {Parser.ParseLine.Current(line).Length} tokens, depth {Parser.Depth.Current(line)}, limit {Parser.Limits.MaxDepth}");
        manager.Enable(new ParserFixV1());
        Console.WriteLine($"  v1: {Parser.ParseLine.Current(line).Length} tokens, depth {Parser.Depth.Current(line)}, limit {Parser.Limits.MaxDepth}");
        manager.Enable(new ParserFixV2());
        Console.WriteLine($"  v2 (replaced v1, enabled: {string.Join(", ", manager.Enabled.Select(p => p.GetType().Name))}): {Parser.ParseLine.Current(line).Length} tokens, depth {Parser.Depth.Current(line)}, limit {Parser.Limits.MaxDepth}");
        manager.Disable("parser-fix-v2");
        Console.WriteLine($"  after: {Parser.ParseLine.Current(line).Length} tokens, depth {Parser.Depth.Current(line)}, limit {Parser.Limits.MaxDepth}");
    }
}

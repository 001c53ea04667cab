using System;
using System.Collections.Generic;
using System.Threading;
using HookSafety.Hooks;
using PayTerm.Host;

namespace PayTerm.Patches;

// Settlement batches grew too large for the acquirer's upload limit. The patch halves the batch size and flushes the
// pending queue every 30 s from a timer, with a heartbeat that warns when a flush is late. It never disposes the
// flush timer, gives the batch size back while the new code still flushes, registers a flush on shutdown that nothing
// removes, and shares its batch list and last-flush time between timer callbacks without a lock.

[Patch("settlement-flush-timer")]
public sealed class SettlementFlushTimer : LivePatch
{
    private static readonly List<Transaction> s_batch = new();
    private static Timer? s_flush;
    private static System.Timers.Timer? s_heartbeat;
    private static DateTime s_lastFlushUtc;
    private static int s_savedBatchSize;

    protected override HookResult PrePatch(PatchContext context)
    {
        s_savedBatchSize = Settlement.BatchSize;
        Settlement.BatchSize = Math.Max(1, s_savedBatchSize / 2);
        return HookResult.Continue;
    }

    protected override void PostPatch(PatchContext context)
    {
        s_flush = new Timer(Flush, null, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(30)); // expect: HS0003
        s_heartbeat = new System.Timers.Timer(TimeSpan.FromSeconds(5)) { AutoReset = true };
        s_heartbeat.Elapsed += OnHeartbeat;
        s_heartbeat.Start();
        PosTelemetry.Shutdown.Register(Flush, null); // expect: HS0003
    }

    protected override void PreUnpatch(PatchContext context)
    {
        if (s_heartbeat is { } heartbeat)
        {
            heartbeat.Elapsed -= OnHeartbeat;
            heartbeat.Stop();
            heartbeat.Dispose();
        }

        Settlement.BatchSize = s_savedBatchSize; // expect: HS0004
    }

    private static void Flush(object? state)
    {
        while (s_batch.Count < Settlement.BatchSize && Settlement.Pending.TryDequeue(out var transaction))
        {
            s_batch.Add(transaction); // expect: HS0006
        }

        Console.WriteLine($"settlement: uploading {s_batch.Count} transactions, {Settlement.Total.Current(s_batch)}");
        s_batch.Clear(); // expect: HS0006
        s_lastFlushUtc = DateTime.UtcNow; // expect: HS0006
    }

    private static void OnHeartbeat(object? sender, System.Timers.ElapsedEventArgs e)
    {
        if (e.SignalTime.ToUniversalTime() - s_lastFlushUtc > TimeSpan.FromMinutes(2))
        {
            Console.Error.WriteLine("settlement: flush is late");
        }
    }
}

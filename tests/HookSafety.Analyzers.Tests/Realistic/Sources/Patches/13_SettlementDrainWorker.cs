using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using HookSafety.Hooks;
using PayTerm.Host;

namespace PayTerm.Patches;

// The settlement upload blocked the till for seconds at cutoff. The patch moves it to a background thread that drains
// the pending queue in batches. Its hooks read the batch size with a helper that throws, wait for the worker and the
// last upload without a timeout, and complain by throwing when transactions are left over.

[Patch("settlement-drain-worker")]
public sealed class SettlementDrainWorker : LivePatch
{
    private static Thread? s_worker;
    private static CancellationTokenSource? s_stop;
    private static Task s_lastUpload = Task.CompletedTask;

    protected override void PostPatch(PatchContext context)
    {
        var batchSize = ReadBatchSize(); // expect: HS0009
        var stop = new CancellationTokenSource();
        s_stop = stop;
        s_worker = new Thread(() => Drain(batchSize, stop.Token)) { IsBackground = true, Name = "settlement-drain" };
        s_worker.Start();
    }

    protected override void PreUnpatch(PatchContext context)
    {
        s_stop?.Cancel();
        s_worker?.Join(); // expect: HS0016
        Volatile.Read(ref s_lastUpload).Wait(); // expect: HS0016
        s_stop?.Dispose();
    }

    protected override void PostUnpatch(PatchContext context)
    {
        if (!Settlement.Pending.IsEmpty)
        {
            throw new InvalidOperationException($"{Settlement.Pending.Count} transactions left unsettled"); // expect: HS0009
        }
    }

    private static int ReadBatchSize()
    {
        var text = Environment.GetEnvironmentVariable("PAYTERM_DRAIN_BATCH") ?? "50";
        return int.TryParse(text, out var size) && size > 0 ? size : throw new FormatException($"bad PAYTERM_DRAIN_BATCH '{text}'");
    }

    private static void Drain(int batchSize, CancellationToken stop)
    {
        var batch = new List<Transaction>(batchSize);
        while (!stop.IsCancellationRequested)
        {
            while (batch.Count < batchSize && Settlement.Pending.TryDequeue(out var transaction))
            {
                batch.Add(transaction);
            }

            if (batch.Count > 0)
            {
                var total = Settlement.Total.Current(batch);
                Volatile.Write(ref s_lastUpload, Task.Run(() => Console.WriteLine($"uploaded {total}")));
                batch = new List<Transaction>(batchSize);
            }

            stop.WaitHandle.WaitOne(TimeSpan.FromSeconds(1));
        }
    }
}

using System;
using System.Threading;
using HookSafety.Hooks;
using PayTerm.Host;

namespace PayTerm.Patches;

// The acquirer drops terminals that stay silent for five minutes. The patch sends a heartbeat from a worker thread,
// checks the link from a timer, logs the queue length from a System.Timers.Timer, and stops the worker when the
// terminal shuts down. Everything it starts in PostPatch, PreUnpatch stops: signal, join with a timeout, dispose.

[Patch("terminal-heartbeat")]
public sealed class TerminalHeartbeat : LivePatch
{
    private static readonly TimeSpan Period = TimeSpan.FromSeconds(60);

    private static CancellationTokenSource? s_stop;
    private static Thread? s_worker;
    private static Timer? s_linkCheck;
    private static System.Timers.Timer? s_queueLog;
    private static CancellationTokenRegistration s_onShutdown;
    private static long s_beats;

    protected override void PostPatch(PatchContext context)
    {
        var stop = new CancellationTokenSource();
        s_stop = stop;
        s_worker = new Thread(() => Beat(stop.Token)) { IsBackground = true, Name = "terminal-heartbeat" };
        s_worker.Start();

        s_linkCheck = new Timer(CheckLink, null, Period, Period);

        s_queueLog = new System.Timers.Timer(Period.TotalMilliseconds);
        s_queueLog.Elapsed += LogQueue;
        s_queueLog.Start();

        s_onShutdown = PosTelemetry.Shutdown.Register(static s => ((CancellationTokenSource)s!).Cancel(), stop);
    }

    protected override void PreUnpatch(PatchContext context)
    {
        s_onShutdown.Dispose();
        s_stop?.Cancel();
        if (s_worker is { } worker && !worker.Join(TimeSpan.FromSeconds(5)))
        {
            Console.Error.WriteLine("terminal-heartbeat: worker did not stop within 5 s");
        }

        s_linkCheck?.Dispose();
        if (s_queueLog is { } queueLog)
        {
            queueLog.Stop();
            queueLog.Elapsed -= LogQueue;
            queueLog.Dispose();
        }

        s_stop?.Dispose();
    }

    private static void Beat(CancellationToken stop)
    {
        while (!stop.WaitHandle.WaitOne(Period))
        {
            Interlocked.Increment(ref s_beats);
        }
    }

    private static void CheckLink(object? state)
    {
        if (Authorizer.Primary.TimeoutMs > 60_000)
        {
            Console.Error.WriteLine($"terminal-heartbeat: link {Authorizer.Primary.Name} waits {Authorizer.Primary.TimeoutMs} ms");
        }
    }

    private static void LogQueue(object? sender, System.Timers.ElapsedEventArgs e)
        => Console.WriteLine($"terminal-heartbeat: {Interlocked.Read(ref s_beats)} beats, {Settlement.Pending.Count} pending");
}

using System;
using System.Collections.Concurrent;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using HookSafety.Hooks;
using Mqtt.Gateway.Host;

namespace Mqtt.Gateway.Patches;

// Retained messages were lost when the gateway was stopped during a deployment. The patch writes every new retained
// message to a journal from a background writer thread, and flushes what is left on the gateway's shutdown signal, on
// process exit, on Ctrl+C, on a crash and on an unobserved task failure. Every handler is added in PostPatch and
// removed in PreUnpatch, the token registration is kept and disposed, and the writer is told to stop and joined with a
// time limit.

[Patch("shutdown-retained-flush")]
public sealed class ShutdownRetainedFlush : LivePatch
{
    private static readonly BlockingCollection<MqttMessage> s_toJournal = new(boundedCapacity: 10_000);
    private static readonly string JournalPath = Path.Combine(Path.GetTempPath(), "gateway-retained.journal");
    private static CancellationTokenRegistration s_onShutdown;
    private static CancellationTokenSource? s_stopWriter;
    private static Thread? s_writer;
    private static long s_journaled;

    [Replaces(typeof(Broker), nameof(Broker.Publish))]
    private static bool Publish(MqttMessage message)
    {
        var accepted = Broker.Publish.Original(message);
        if (accepted && message.Retain)
        {
            s_toJournal.TryAdd(message);
        }

        return accepted;
    }

    protected override void PostPatch(PatchContext context)
    {
        var stop = new CancellationTokenSource();
        s_stopWriter = stop;
        s_writer = new Thread(() => WriteJournal(stop.Token)) { IsBackground = true, Name = "retained-journal" };
        s_writer.Start();

        s_onShutdown = GatewayRuntime.Shutdown.Register(static () => Flush("gateway shutdown"));
        AppDomain.CurrentDomain.ProcessExit += OnProcessExit;
        AppDomain.CurrentDomain.UnhandledException += OnUnhandled;
        TaskScheduler.UnobservedTaskException += OnUnobserved;
        Console.CancelKeyPress += OnCancel;
    }

    protected override void PreUnpatch(PatchContext context)
    {
        Console.CancelKeyPress -= OnCancel;
        TaskScheduler.UnobservedTaskException -= OnUnobserved;
        AppDomain.CurrentDomain.UnhandledException -= OnUnhandled;
        AppDomain.CurrentDomain.ProcessExit -= OnProcessExit;
        s_onShutdown.Dispose();

        s_stopWriter?.Cancel();
        if (s_writer is { } writer && !writer.Join(TimeSpan.FromSeconds(5)))
        {
            Console.Error.WriteLine("shutdown-retained-flush: the journal writer did not stop within 5 s");
        }

        s_stopWriter?.Dispose();
        Flush("patch disabled");
    }

    private static void WriteJournal(CancellationToken stop)
    {
        try
        {
            foreach (var message in s_toJournal.GetConsumingEnumerable(stop))
            {
                Append(message);
            }
        }
        catch (OperationCanceledException)
        {
            // stopping: PreUnpatch flushes what is left
        }
    }

    private static void Flush(string why)
    {
        var written = 0;
        while (s_toJournal.TryTake(out var message))
        {
            Append(message);
            written++;
        }

        Console.Error.WriteLine($"shutdown-retained-flush: {why}; flushed {written}, {Interlocked.Read(ref s_journaled)} journaled in all");
    }

    private static void Append(MqttMessage message)
    {
        var line = $"{message.ReceivedUtc:O}\t{message.Topic}\t{Convert.ToBase64String(message.Payload)}\n";
        lock (s_toJournal)
        {
            File.AppendAllText(JournalPath, line, Encoding.UTF8);
        }

        Interlocked.Increment(ref s_journaled);
    }

    private static void OnProcessExit(object? sender, EventArgs e) => Flush("process exit");

    private static void OnUnhandled(object sender, UnhandledExceptionEventArgs e) => Flush($"crash ({e.ExceptionObject.GetType().Name})");

    private static void OnUnobserved(object? sender, UnobservedTaskExceptionEventArgs e) => Flush("unobserved task failure");

    private static void OnCancel(object? sender, ConsoleCancelEventArgs e) => Flush("Ctrl+C");
}

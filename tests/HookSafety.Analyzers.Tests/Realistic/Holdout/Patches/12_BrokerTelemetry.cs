using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Threading;
using HookSafety.Hooks;
using Mqtt.Gateway.Host;

namespace Mqtt.Gateway.Patches;

// Operations need publish latency and per-topic traces while a slow-consumer problem is investigated. The patch traces
// each publish, listens to the gateway's activities, subscribes to the process's diagnostic listeners, measures the
// incoming-message counter with a meter listener and watches the message feed. Every handle is kept in a field in
// PostPatch and disposed in PreUnpatch; the feed's is swapped out atomically.

[Patch("broker-telemetry")]
public sealed class BrokerTelemetry : LivePatch
{
    private static ActivityListener? s_activities;
    private static IDisposable? s_listeners;
    private static MeterListener? s_meters;
    private static IDisposable? s_feed;
    private static long s_messagesIn;
    private static long s_fedMessages;

    public static (long MessagesIn, long Fed) Counters => (Interlocked.Read(ref s_messagesIn), Interlocked.Read(ref s_fedMessages));

    [Replaces(typeof(Broker), nameof(Broker.Publish))]
    private static bool Publish(MqttMessage message)
    {
        using var activity = GatewayRuntime.Tracing.StartActivity("publish");
        activity?.SetTag("mqtt.topic", message.Topic);
        activity?.SetTag("mqtt.qos", (int)message.Qos);
        var started = Stopwatch.GetTimestamp();
        var accepted = Broker.Publish.Original(message);
        GatewayRuntime.PublishLatencyMs.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        GatewayRuntime.MessagesIn.Add(1);
        return accepted;
    }

    protected override void PostPatch(PatchContext context)
    {
        s_activities = new ActivityListener
        {
            ShouldListenTo = static source => source.Name == "Mqtt.Gateway",
            Sample = static (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = static activity => Console.WriteLine($"trace: {activity.DisplayName} {activity.GetTagItem("mqtt.topic")} {activity.Duration.TotalMilliseconds:F1} ms"),
        };
        ActivitySource.AddActivityListener(s_activities);

        s_listeners = DiagnosticListener.AllListeners.Subscribe(new Observer<DiagnosticListener>(
            static listener => Console.WriteLine($"telemetry: diagnostic listener {listener.Name}")));

        var meters = new MeterListener
        {
            InstrumentPublished = static (instrument, listener) =>
            {
                if (ReferenceEquals(instrument, GatewayRuntime.MessagesIn))
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        meters.SetMeasurementEventCallback<long>(static (_, value, _, _) => Interlocked.Add(ref s_messagesIn, value));
        s_meters = meters;
        meters.Start();

        s_feed = Broker.Feed.Subscribe(new Observer<MqttMessage>(static _ => Interlocked.Increment(ref s_fedMessages)));
    }

    protected override void PreUnpatch(PatchContext context)
    {
        Interlocked.Exchange(ref s_feed, null)?.Dispose();
        s_meters?.Dispose();
        s_listeners?.Dispose();
        s_activities?.Dispose();
        Console.WriteLine($"telemetry: {Interlocked.Read(ref s_messagesIn)} messages in, {Interlocked.Read(ref s_fedMessages)} fed");
    }

    private sealed class Observer<T>(Action<T> onNext) : IObserver<T>
    {
        public void OnNext(T value) => onNext(value);

        public void OnError(Exception error) { }

        public void OnCompleted() { }
    }
}

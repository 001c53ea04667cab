using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;
using HookSafety.Hooks;
using Mqtt.Gateway.Host;

namespace Mqtt.Gateway.Patches;

// Security asked when each client last published and to which topics, and for the broker's diagnostic events while
// the incident lasts. The patch stamps the session through a small generic helper, queues audit lines and flushes
// them every ten seconds, and listens to the gateway's diagnostic listeners. The stamps are never swept, the flush
// timer is made and dropped, the listener subscription is disposed only after the new code is gone, the listener
// observer's own subscriptions are never kept, and the shadow id clashes with session-expiry's.

[Patch("client-activity-audit")]
public sealed class ClientActivityAudit : LivePatch
{
    private static readonly ShadowVariable<ClientSession, DateTime> s_lastPublish = new("gateway.session.last-activity"); // expect: HS0017
    private static readonly ConcurrentQueue<string> s_auditLines = new();
    private static IDisposable? s_brokerEvents;

    public static DateTime? LastPublishOf(ClientSession session) => s_lastPublish.TryGet(session, out var at) ? at : null;

    [Replaces(typeof(Broker), nameof(Broker.Publish))]
    private static bool Publish(MqttMessage message)
    {
        if (message.ClientId is { } clientId && Broker.Sessions.TryGetValue(clientId, out var session))
        {
            Stamp(s_lastPublish, session, message.ReceivedUtc); // expect: HS0005
            s_auditLines.Enqueue($"{message.ReceivedUtc:O} {clientId} {message.Topic} {message.Payload.Length} bytes");
        }

        return Broker.Publish.Original(message);
    }

    protected override void PostPatch(PatchContext context)
    {
        s_brokerEvents = DiagnosticListener.AllListeners.Subscribe(new BrokerEventsObserver());
        _ = new Timer(static _ => Flush(), null, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(10)); // expect: HS0003
    }

    protected override void PostUnpatch(PatchContext context)
    {
        s_brokerEvents?.Dispose(); // expect: HS0004
        Flush();
    }

    private static void Stamp<TOwner, TValue>(ShadowVariable<TOwner, TValue> variable, TOwner owner, TValue value)
        where TOwner : class
        => variable.Attach(owner, value);

    private static void Flush()
    {
        while (s_auditLines.TryDequeue(out var line))
        {
            Console.WriteLine("audit: " + line);
        }
    }

    private sealed class BrokerEventsObserver : IObserver<DiagnosticListener>
    {
        public void OnNext(DiagnosticListener listener)
        {
            if (listener.Name.StartsWith("Mqtt.Gateway.", StringComparison.Ordinal))
            {
                listener.Subscribe(new EventObserver()); // limit: HS0003 a subscription made in an observer the runtime calls through an interface, its handle dropped, is not seen
            }
        }

        public void OnError(Exception error) { }

        public void OnCompleted() { }
    }

    private sealed class EventObserver : IObserver<KeyValuePair<string, object?>>
    {
        public void OnNext(KeyValuePair<string, object?> value) => s_auditLines.Enqueue($"{DateTime.UtcNow:O} event {value.Key}");

        public void OnError(Exception error) { }

        public void OnCompleted() { }
    }
}

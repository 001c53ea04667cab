using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using HookSafety.Hooks;

namespace Mqtt.Gateway.Host;

// An IoT message broker and MQTT gateway: devices connect as clients, publish to topics and subscribe to topic
// filters; the broker keeps a session per client and the last retained message of each topic. Its functions that
// patches may replace are PatchPoint fields; the rest is its state.

public enum QosLevel { AtMostOnce = 0, AtLeastOnce = 1, ExactlyOnce = 2 }

public enum BrokerLimit { MaxConnections, MaxInflight, MaxTopicLength, MaxRetained }

public sealed record MqttMessage(string Topic, byte[] Payload, QosLevel Qos, bool Retain)
{
    public string? ClientId { get; init; }
    public DateTime ReceivedUtc { get; init; } = DateTime.UtcNow;
}

public sealed class ClientSession(string clientId, bool cleanStart)
{
    public string ClientId { get; } = clientId;
    public bool CleanStart { get; } = cleanStart;
    public string? Username { get; set; }
    public string? Tenant { get; set; }
    public int KeepAliveSeconds { get; set; } = 60;
    public DateTime ConnectedUtc { get; } = DateTime.UtcNow;
    public DateTime LastPacketUtc { get; set; } = DateTime.UtcNow;
    public int InFlight;
}

public sealed class QosSettings
{
    public QosLevel MaxQos { get; set; } = QosLevel.ExactlyOnce;
    public int RetryIntervalMs { get; set; } = 5_000;
    public int MaxRedeliveries { get; set; } = 3;
}

/// <summary>The subscriptions: handlers per topic filter, with MQTT's '+' and '#' wildcards.</summary>
public sealed class TopicTree
{
    private readonly object _gate = new();
    private readonly Dictionary<string, List<Action<MqttMessage>>> _byFilter = new(StringComparer.Ordinal);

    public void Subscribe(string filter, Action<MqttMessage> handler)
    {
        lock (_gate)
        {
            if (!_byFilter.TryGetValue(filter, out var handlers))
            {
                _byFilter[filter] = handlers = new List<Action<MqttMessage>>();
            }

            handlers.Add(handler);
        }
    }

    public void Unsubscribe(string filter, Action<MqttMessage> handler)
    {
        lock (_gate)
        {
            if (_byFilter.TryGetValue(filter, out var handlers) && handlers.Remove(handler) && handlers.Count == 0)
            {
                _byFilter.Remove(filter);
            }
        }
    }

    public void Dispatch(MqttMessage message)
    {
        Action<MqttMessage>[] matching;
        lock (_gate)
        {
            matching = _byFilter.Where(f => Broker.TopicMatches.Current(f.Key, message.Topic)).SelectMany(f => f.Value).ToArray();
        }

        foreach (var handler in matching)
        {
            handler(message);
        }
    }
}

/// <summary>Named interceptors every published message must pass (access control, payload checks).</summary>
public sealed class InterceptorChain
{
    private readonly ConcurrentDictionary<string, Func<MqttMessage, bool>> _byName = new(StringComparer.Ordinal);

    public void Register(string name, Func<MqttMessage, bool> interceptor) => _byName[name] = interceptor;

    public bool Unregister(string name) => _byName.TryRemove(name, out _);

    public bool Allows(MqttMessage message) => _byName.Values.All(interceptor => interceptor(message));
}

/// <summary>Every accepted message, for bridges, auditors and dashboards.</summary>
public sealed class MessageFeed : IObservable<MqttMessage>
{
    private readonly object _gate = new();
    private readonly List<IObserver<MqttMessage>> _observers = new();

    public IDisposable Subscribe(IObserver<MqttMessage> observer)
    {
        lock (_gate)
        {
            _observers.Add(observer);
        }

        return new Unsubscriber(this, observer);
    }

    public void Publish(MqttMessage message)
    {
        IObserver<MqttMessage>[] observers;
        lock (_gate)
        {
            observers = _observers.ToArray();
        }

        foreach (var observer in observers)
        {
            observer.OnNext(message);
        }
    }

    private void Remove(IObserver<MqttMessage> observer)
    {
        lock (_gate)
        {
            _observers.Remove(observer);
        }
    }

    private sealed class Unsubscriber(MessageFeed feed, IObserver<MqttMessage> observer) : IDisposable
    {
        public void Dispose() => feed.Remove(observer);
    }
}

public static class Broker
{
    private static readonly int[] s_limits = { 10_000, 64, 256, 50_000 };

    public static int MaxPacketBytes = 256 * 1024;
    public static int KeepAliveGraceSeconds = 15;
    public static string AuthMode = "password";
    public static bool AllowAnonymous;
    public static QosSettings Qos { get; } = new();
    public static readonly ConcurrentDictionary<string, MqttMessage> Retained = new(StringComparer.Ordinal);
    public static readonly ConcurrentDictionary<string, ClientSession> Sessions = new(StringComparer.Ordinal);
    public static readonly List<string> DeniedTopicPrefixes = new() { "$SYS/internal/" };
    public static readonly Dictionary<string, int> QuotaByTenant = new(StringComparer.Ordinal) { ["default"] = 1_000 };
    public static readonly TopicTree Topics = new();
    public static readonly MessageFeed Feed = new();
    public static readonly InterceptorChain Interceptors = new();

    public static event EventHandler<MqttMessage>? MessagePublished;
    public static event EventHandler<ClientSession>? ClientDisconnected;
    public static event Action<ClientSession>? ClientConnected;

    public static readonly PatchPoint<Func<MqttMessage, bool>> Publish = new(nameof(Publish), PublishOriginal);
    public static readonly PatchPoint<Func<string, string?, bool>> Authenticate = new(nameof(Authenticate), (clientId, password) => AllowAnonymous || password is { Length: > 0 });
    public static readonly PatchPoint<Func<string, bool, ClientSession>> Connect = new(nameof(Connect), ConnectOriginal);
    public static readonly PatchPoint<Action<ClientSession>> Disconnect = new(nameof(Disconnect), DisconnectOriginal);
    public static readonly PatchPoint<Func<string, string, bool>> TopicMatches = new(nameof(TopicMatches), MatchesOriginal);
    public static readonly PatchPoint<Func<MqttMessage, ClientSession, QosLevel>> GrantQos = new(nameof(GrantQos), (message, session) => message.Qos <= Qos.MaxQos ? message.Qos : Qos.MaxQos);
    public static readonly PatchPoint<Func<ClientSession, TimeSpan>> KeepAliveDeadline = new(nameof(KeepAliveDeadline), session => TimeSpan.FromSeconds(session.KeepAliveSeconds * 1.5 + KeepAliveGraceSeconds));

    /// <summary>One of the broker's limits; callers may read or set it through the reference.</summary>
    public static ref int Limit(BrokerLimit kind) => ref s_limits[(int)kind];

    private static bool PublishOriginal(MqttMessage message)
    {
        if (message.Payload.Length > MaxPacketBytes
            || message.Topic.Length > Limit(BrokerLimit.MaxTopicLength)
            || DeniedTopicPrefixes.Any(prefix => message.Topic.StartsWith(prefix, StringComparison.Ordinal))
            || !Interceptors.Allows(message))
        {
            return false;
        }

        if (message.Retain)
        {
            if (message.Payload.Length == 0)
            {
                Retained.TryRemove(message.Topic, out _);
            }
            else if (Retained.Count < Limit(BrokerLimit.MaxRetained) || Retained.ContainsKey(message.Topic))
            {
                Retained[message.Topic] = message;
            }
        }

        Topics.Dispatch(message);
        Feed.Publish(message);
        MessagePublished?.Invoke(null, message);
        return true;
    }

    private static ClientSession ConnectOriginal(string clientId, bool cleanStart)
    {
        var session = cleanStart
            ? Sessions.AddOrUpdate(clientId, id => new ClientSession(id, true), (id, _) => new ClientSession(id, true))
            : Sessions.GetOrAdd(clientId, id => new ClientSession(id, false));
        ClientConnected?.Invoke(session);
        return session;
    }

    private static void DisconnectOriginal(ClientSession session)
    {
        if (session.CleanStart)
        {
            Sessions.TryRemove(session.ClientId, out _);
        }

        ClientDisconnected?.Invoke(null, session);
    }

    private static bool MatchesOriginal(string filter, string topic)
    {
        var f = filter.Split('/');
        var t = topic.Split('/');
        for (var i = 0; i < f.Length; i++)
        {
            if (f[i] == "#")
            {
                return true;
            }

            if (i >= t.Length || (f[i] != "+" && f[i] != t[i]))
            {
                return false;
            }
        }

        return f.Length == t.Length;
    }
}

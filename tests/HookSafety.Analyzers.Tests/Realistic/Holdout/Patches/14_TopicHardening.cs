using System;
using System.Collections.Generic;
using System.Linq;
using HookSafety.Hooks;
using Mqtt.Gateway.Host;

namespace Mqtt.Gateway.Patches;

// A penetration test published oversized packets to very long topics and subscribed with '#' to the broker's own
// '$SYS' topics. The patch shortens the topic limit (through a ref local), lowers the packet size (saving the old one
// in a tuple assignment), caps QoS at 1 (through a local holding the settings), denies the maintenance prefixes
// (through a helper given the host's list, which says what it added), keeps '$' topics out of wildcard matches, and
// drops payloads with control characters in a named interceptor whose lambda captures a local. PostUnpatch undoes
// each change in the same ways, PreUnpatch removes the interceptor by the same name.

[Patch("topic-hardening")]
public sealed class TopicHardening : LivePatch
{
    private const int PatchedTopicLength = 128;
    private const int PatchedPacketBytes = 64 * 1024;
    private const string InterceptorName = "topic-hardening/control-characters";
    private static readonly string[] MaintenancePrefixes = { "$SYS/maintenance/", "$SYS/firmware/" };
    private static int s_savedTopicLength;
    private static int s_savedPacketBytes;
    private static QosLevel s_savedMaxQos;
    private static string[] s_addedPrefixes = Array.Empty<string>();

    [Replaces(typeof(Broker), nameof(Broker.TopicMatches))]
    private static bool TopicMatches(string filter, string topic)
    {
        // MQTT 3.1.1, 4.7.2: a filter starting with a wildcard does not match a topic starting with '$'.
        if (topic.StartsWith('$') && (filter.StartsWith('#') || filter.StartsWith('+')))
        {
            return false;
        }

        return Broker.TopicMatches.Original(filter, topic);
    }

    protected override HookResult PrePatch(PatchContext context)
    {
        ref var topicLength = ref Broker.Limit(BrokerLimit.MaxTopicLength);
        s_savedTopicLength = topicLength;
        topicLength = Math.Min(topicLength, PatchedTopicLength);

        (s_savedPacketBytes, Broker.MaxPacketBytes) = (Broker.MaxPacketBytes, PatchedPacketBytes);

        var qos = Broker.Qos;
        s_savedMaxQos = qos.MaxQos;
        qos.MaxQos = QosLevel.AtLeastOnce;

        s_addedPrefixes = AddMissing(Broker.DeniedTopicPrefixes, MaintenancePrefixes);
        return HookResult.Continue;
    }

    protected override void PostPatch(PatchContext context)
    {
        var forbidden = Enumerable.Range(0, 32).Select(i => (byte)i).Where(b => b is not (9 or 10 or 13)).ToHashSet();
        Broker.Interceptors.Register(InterceptorName, message => !message.Payload.Any(forbidden.Contains));
    }

    protected override void PreUnpatch(PatchContext context)
    {
        Broker.Interceptors.Unregister(InterceptorName);
    }

    protected override void PostUnpatch(PatchContext context)
    {
        RemoveFrom(Broker.DeniedTopicPrefixes, s_addedPrefixes);

        if (Broker.Qos is { } settings && settings.MaxQos == QosLevel.AtLeastOnce)
        {
            settings.MaxQos = s_savedMaxQos;
        }

        if (Broker.MaxPacketBytes == PatchedPacketBytes)
        {
            Broker.MaxPacketBytes = s_savedPacketBytes;
        }

        ref var topicLength = ref Broker.Limit(BrokerLimit.MaxTopicLength);
        topicLength = s_savedTopicLength;
    }

    private static string[] AddMissing(List<string> list, IEnumerable<string> items)
    {
        var added = new List<string>();
        lock (list)
        {
            foreach (var item in items.Where(i => !list.Contains(i)))
            {
                list.Add(item);
                added.Add(item);
            }
        }

        return added.ToArray();
    }

    private static void RemoveFrom(List<string> list, IEnumerable<string> items)
    {
        lock (list)
        {
            foreach (var item in items)
            {
                list.Remove(item);
            }
        }
    }
}

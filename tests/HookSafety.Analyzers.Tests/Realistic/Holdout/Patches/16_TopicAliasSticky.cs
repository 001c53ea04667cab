using System;
using System.Collections.Generic;
using System.Linq;
using HookSafety.Hooks;
using Mqtt.Gateway.Host;

namespace Mqtt.Gateway.Patches;

// Devices of two firmware generations publish the same readings under topics that differ only in case and in a
// trailing slash, so subscribers saw two retained values per sensor. The patch normalizes topics when they are
// published and rewrites the retained store's keys once, in PrePatch, before the new code is live. The old code cannot
// find the rewritten keys, so the patch is sticky: it is never disabled, owes no undo and has no unpatch hooks. It
// hands the number of rewritten keys on to later patches as a plain int.

/// <summary>Sticky: PrePatch rewrites the retained store's keys, which the old code cannot look up again.</summary>
[Patch("topic-alias-normalization", Sticky = true)]
[PatchState("topic-alias", version: 1)]
public sealed class TopicAliasNormalization : LivePatch
{
    [Replaces(typeof(Broker), nameof(Broker.Publish))]
    private static bool Publish(MqttMessage message)
    {
        var normalized = Normalize(message.Topic);
        return Broker.Publish.Original(normalized == message.Topic ? message : message with { Topic = normalized });
    }

    protected override HookResult PrePatch(PatchContext context)
    {
        var rewritten = 0;
        foreach (var (topic, retained) in Broker.Retained.ToArray())
        {
            var normalized = Normalize(topic);
            if (normalized != topic && Broker.Retained.TryRemove(new KeyValuePair<string, MqttMessage>(topic, retained)))
            {
                Broker.Retained.AddOrUpdate(
                    normalized,
                    retained with { Topic = normalized },
                    (_, existing) => existing.ReceivedUtc >= retained.ReceivedUtc ? existing : retained with { Topic = normalized });
                rewritten++;
            }
        }

        context.States.Get("topic-alias").Data = rewritten;
        return HookResult.Continue;
    }

    protected override void PostPatch(PatchContext context)
        => Console.WriteLine($"{context.PatchId}: retained keys normalized, {context.States.Get("topic-alias").Data} rewritten");

    private static string Normalize(string topic) => topic.TrimEnd('/').ToLowerInvariant();
}

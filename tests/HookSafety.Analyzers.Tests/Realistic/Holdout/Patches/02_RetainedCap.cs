using System;
using System.Globalization;
using System.Threading;
using HookSafety.Hooks;
using Mqtt.Gateway.Host;

namespace Mqtt.Gateway.Patches;

// A fleet of misconfigured sensors retains a message on every reading's unique topic, and the retained store grew
// until the gateway ran out of memory. The patch caps the store: past the cap a new topic's message is delivered but
// not retained. It tells the persistence plugin through an environment variable and the host's serializer through an
// AppContext switch. The cap itself is lowered lazily, by the first caller that hits it, behind an unsynchronized
// flag; the undo turns off a differently named switch, and it unsets the variable the deployment may have set.

[Patch("retained-cap")]
[PatchState("retained-cap", version: 1)]
public sealed class RetainedCap : LivePatch
{
    private const int Cap = 5_000;
    private static bool s_capLowered;
    private static long s_notRetained;

    [Replaces(typeof(Broker), nameof(Broker.Publish))]
    private static bool Publish(MqttMessage message)
    {
        if (message.Retain && Broker.Retained.Count >= Cap && !Broker.Retained.ContainsKey(message.Topic))
        {
            if (!s_capLowered)
            {
                s_capLowered = true; // expect: HS0006
                Broker.Limit(BrokerLimit.MaxRetained) = Cap; // expect: HS0001
            }

            Interlocked.Increment(ref s_notRetained);
            return Broker.Publish.Original(message with { Retain = false });
        }

        return Broker.Publish.Original(message);
    }

    protected override HookResult PrePatch(PatchContext context)
    {
        Environment.SetEnvironmentVariable("MQTT_RETAINED_CAP", Cap.ToString(CultureInfo.InvariantCulture)); // limit: HS0002 the undo unsets the variable instead of restoring the deployment's value; any write counts as the undo
        AppContext.SetSwitch("Mqtt.Gateway.Retained.StrictCap", true); // expect: HS0002
        context.States.Get("retained-cap").Data = Cap;
        return HookResult.Continue;
    }

    protected override void PostUnpatch(PatchContext context)
    {
        Environment.SetEnvironmentVariable("MQTT_RETAINED_CAP", null);
        AppContext.SetSwitch("Mqtt.Gateway.Retained.LegacyCap", false);
        Console.WriteLine($"retained-cap: {Interlocked.Read(ref s_notRetained)} messages delivered without retaining them");
    }
}

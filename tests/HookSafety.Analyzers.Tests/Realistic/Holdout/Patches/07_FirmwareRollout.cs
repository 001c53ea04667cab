using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using HookSafety.Hooks;
using Mqtt.Gateway.Host;

namespace Mqtt.Gateway.Patches;

// Firmware 2.4 bricked a batch of gateways' sensors, so updates now roll out in stages: only a percentage of the fleet
// is offered the new firmware, and a worker thread tells the devices in the rollout, batch by batch. The percentage is
// checked by throwing, the manifest is read synchronously inside PrePatch, the batch size comes from a helper that
// throws out of PostPatch, the replacement hands the accepted version to the OTA agent through a process-wide
// environment variable, and PreUnpatch waits for the worker without a limit.

[Patch("firmware-rollout")]
public sealed class FirmwareRollout : LivePatch
{
    private static readonly ManualResetEvent s_batchIdle = new(initialState: true);
    private static Thread? s_worker;
    private static CancellationTokenSource? s_stop;
    private static int s_percent;
    private static string s_savedMinimum = "";

    [Replaces(typeof(DeviceRegistry), nameof(DeviceRegistry.AcceptFirmware))]
    private static bool AcceptFirmware(Device device, string version)
    {
        if (!InRollout(device))
        {
            return string.CompareOrdinal(version, device.Firmware) <= 0;
        }

        var accepted = DeviceRegistry.AcceptFirmware.Original(device, version);
        if (accepted)
        {
            Environment.SetEnvironmentVariable("GATEWAY_OTA_LAST_VERSION", version); // expect: HS0001
        }

        return accepted;
    }

    protected override HookResult PrePatch(PatchContext context)
    {
        var text = Environment.GetEnvironmentVariable("GATEWAY_ROLLOUT_PERCENT") ?? "10";
        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var percent) || percent is < 0 or > 100)
        {
            throw new ArgumentOutOfRangeException("GATEWAY_ROLLOUT_PERCENT", text, "expected a percentage"); // expect: HS0008
        }

        s_percent = percent;
        var manifest = File.ReadAllTextAsync("/etc/gateway/firmware/manifest", Encoding.UTF8).Result; // expect: HS0016
        s_savedMinimum = DeviceRegistry.MinimumFirmware;
        DeviceRegistry.MinimumFirmware = manifest.Trim();
        return HookResult.Continue;
    }

    protected override void PostPatch(PatchContext context)
    {
        var batchSize = ReadBatchSize(); // expect: HS0009
        var stop = new CancellationTokenSource();
        s_stop = stop;
        s_worker = new Thread(() => Notify(batchSize, stop.Token)) { IsBackground = true, Name = "firmware-rollout" };
        s_worker.Start();
    }

    protected override void PreUnpatch(PatchContext context)
    {
        s_stop?.Cancel();
        s_batchIdle.WaitOne(Timeout.Infinite); // limit: HS0016 an overload with a timeout is trusted whatever the value, Timeout.Infinite included
        s_worker?.Join(); // expect: HS0016
        s_stop?.Dispose();
    }

    protected override void PostUnpatch(PatchContext context)
    {
        if (DeviceRegistry.MinimumFirmware != s_savedMinimum)
        {
            DeviceRegistry.MinimumFirmware = s_savedMinimum;
        }
    }

    private static int ReadBatchSize()
    {
        var text = Environment.GetEnvironmentVariable("GATEWAY_ROLLOUT_BATCH") ?? "25";
        return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var size) && size > 0
            ? size
            : throw new FormatException($"GATEWAY_ROLLOUT_BATCH is not a batch size: '{text}'");
    }

    private static bool InRollout(Device device) => device.DeviceId.Sum(c => c) % 100 < s_percent;

    private static void Notify(int batchSize, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            var batch = DeviceRegistry.Devices.Values
                .Where(d => InRollout(d) && string.CompareOrdinal(d.Firmware, DeviceRegistry.MinimumFirmware) < 0)
                .Take(batchSize)
                .ToArray();
            s_batchIdle.Reset();
            try
            {
                foreach (var device in batch)
                {
                    var offer = new MqttMessage($"devices/{device.DeviceId}/firmware/offer", Encoding.UTF8.GetBytes(DeviceRegistry.MinimumFirmware), QosLevel.AtLeastOnce, Retain: false);
                    Broker.Publish.Current(offer);
                }
            }
            finally
            {
                s_batchIdle.Set();
            }

            stop.WaitHandle.WaitOne(TimeSpan.FromMinutes(5));
        }
    }
}

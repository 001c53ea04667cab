using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Threading;
using HookSafety.Hooks;

namespace Mqtt.Gateway.Host;

/// <summary>A device known to the gateway: provisioned once, then connecting as an MQTT client under its id.</summary>
public sealed class Device(string deviceId, string model, string tenant)
{
    public string DeviceId { get; } = deviceId;
    public string Model { get; } = model;
    public string Tenant { get; } = tenant;
    public string Firmware { get; set; } = "1.0.0";
    public DateTime LastSeenUtc { get; set; }
}

/// <summary>The device registry: provisioned devices, quarantined ones, and the firmware the fleet must run.</summary>
public static class DeviceRegistry
{
    private static readonly object s_gate = new();
    private static readonly List<Action<Device>> s_provisioningHooks = new();

    public static string MinimumFirmware = "1.0.0";
    public static int ProvisioningBatch = 20;
    public static readonly ConcurrentDictionary<string, Device> Devices = new(StringComparer.Ordinal);
    public static readonly HashSet<string> Quarantined = new(StringComparer.Ordinal);

    public static event EventHandler<Device>? DeviceProvisioned;

    public static readonly PatchPoint<Func<string, Device?>> Lookup = new(nameof(Lookup), id => Devices.TryGetValue(id, out var device) ? device : null);
    public static readonly PatchPoint<Func<Device, string, bool>> AcceptFirmware = new(nameof(AcceptFirmware), (device, version) => string.CompareOrdinal(version, MinimumFirmware) >= 0);
    public static readonly PatchPoint<Action<Device, MqttMessage>> Telemetry = new(nameof(Telemetry), (device, message) => device.LastSeenUtc = message.ReceivedUtc);

    public static void RegisterProvisioningHook(Action<Device> hook)
    {
        lock (s_gate)
        {
            s_provisioningHooks.Add(hook);
        }
    }

    public static void UnregisterProvisioningHook(Action<Device> hook)
    {
        lock (s_gate)
        {
            s_provisioningHooks.Remove(hook);
        }
    }

    public static void Provision(Device device)
    {
        Devices[device.DeviceId] = device;
        Action<Device>[] hooks;
        lock (s_gate)
        {
            hooks = s_provisioningHooks.ToArray();
        }

        foreach (var hook in hooks)
        {
            hook(device);
        }

        DeviceProvisioned?.Invoke(null, device);
    }
}

/// <summary>The gateway process: its shutdown signal, tracing and metrics.</summary>
public static class GatewayRuntime
{
    private static readonly CancellationTokenSource s_shutdown = new();

    public static readonly ActivitySource Tracing = new("Mqtt.Gateway");
    public static readonly Meter Meter = new("Mqtt.Gateway");
    public static readonly Counter<long> MessagesIn = Meter.CreateCounter<long>("mqtt.messages.in");
    public static readonly Histogram<double> PublishLatencyMs = Meter.CreateHistogram<double>("mqtt.publish.latency", unit: "ms");
    public static readonly DiagnosticListener BrokerEvents = new("Mqtt.Gateway.Broker");

    public static CancellationToken Shutdown => s_shutdown.Token;

    public static void BeginShutdown() => s_shutdown.Cancel();
}

using System;
using System.Collections.Generic;
using HookSafety.Hooks;

namespace HookSafety.Samples.Host;

/// <summary>A network device of the host, set up by <see cref="Devices.Probe"/> when it appears.</summary>
public sealed class Device
{
    /// <summary>Creates a device of <paramref name="model"/>, not probed yet.</summary>
    public Device(string name, string model)
    {
        Name = name;
        Model = model;
    }

    /// <summary>The device's name (<c>eth0</c>).</summary>
    public string Name { get; }

    /// <summary>The hardware model.</summary>
    public string Model { get; }

    /// <summary>Whether the hardware computes checksums (set up by the probe function).</summary>
    public bool ChecksumOffload { get; set; }

    /// <inheritdoc/>
    public override string ToString() => $"{Name} ({Model}, offload {(ChecksumOffload ? "on" : "off")})";
}

/// <summary>
/// The host's device registry. Devices already present were set up by the probe function of their time: a patch that
/// fixes <see cref="Probe"/> only reaches new devices, unless it also walks the existing ones.
/// </summary>
public static class Devices
{
    /// <summary>The model whose checksum offload corrupts packets: the original probe turns it on anyway.</summary>
    public const string BrokenOffloadModel = "rtl-8139c";

    private static readonly object s_gate = new();

    /// <summary>The devices present, in the order they appeared. Change it through <see cref="Add"/> only.</summary>
    public static readonly List<Device> All = new();

    /// <summary>Sets up a device that just appeared. The original turns checksum offload on for every model.</summary>
    public static readonly PatchPoint<Action<Device>> Probe = new(nameof(Probe), device => device.ChecksumOffload = true);

    /// <summary>A device appears: probed through the patch point, then registered.</summary>
    public static Device Add(string name, string model)
    {
        var device = new Device(name, model);
        Probe.Current(device);
        lock (s_gate)
        {
            All.Add(device);
        }

        return device;
    }

    /// <summary>A copy of the registry, safe to walk while devices appear.</summary>
    public static Device[] Snapshot()
    {
        lock (s_gate)
        {
            return All.ToArray();
        }
    }
}

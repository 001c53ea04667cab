using HookSafety.Hooks;
using HookSafety.Samples.Host;

namespace HookSafety.Samples.Patches;

/// <summary>
/// A probe-time fix. The host's probe function (<see cref="Devices.Probe"/>) turns checksum offload on for every model,
/// also for one whose offload corrupts packets. Replacing the probe only helps devices that appear from now on: the
/// kernel's callbacks documentation gives this case as what pre-patch callbacks are for, walking the devices that were
/// probed before the patch and fixing them up. Here <c>PrePatch</c> walks the devices present and turns offload off on
/// the broken model, remembering each device's previous setting in a shadow variable; the replacement does the same
/// for new devices; <c>PostUnpatch</c> puts the setting back on the devices the patch changed (and no others) and
/// detaches the saved values. A device that appears while <c>PrePatch</c> walks is probed by the old code and missed;
/// a host whose devices come and go often would take its registry's lock for the walk.
/// </summary>
[Patch("probe-offload-fix")]
public sealed class ProbeOffloadFix : LivePatch
{
    private static readonly ShadowVariable<Device, bool> s_savedOffload = new("probe-offload-fix/saved-offload");

    [Replaces(typeof(Devices), nameof(Devices.Probe))]
    private static void Probe(Device device)
    {
        Devices.Probe.Original(device);
        FixUp(device);
    }

    protected override HookResult PrePatch(PatchContext context)
    {
        foreach (Device device in Devices.Snapshot())
        {
            FixUp(device);
        }

        return HookResult.Continue;
    }

    protected override void PostUnpatch(PatchContext context)
    {
        foreach (Device device in Devices.Snapshot())
        {
            if (s_savedOffload.TryGet(device, out bool saved) && !device.ChecksumOffload)
            {
                device.ChecksumOffload = saved;
            }
        }

        s_savedOffload.DetachAll();
    }

    private static void FixUp(Device device)
    {
        if (device.Model == Devices.BrokenOffloadModel && device.ChecksumOffload)
        {
            s_savedOffload.Attach(device, device.ChecksumOffload);
            device.ChecksumOffload = false;
        }
    }
}

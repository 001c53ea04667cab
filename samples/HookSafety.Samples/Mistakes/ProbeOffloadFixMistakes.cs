using HookSafety.Hooks;
using HookSafety.Samples.Host;

namespace HookSafety.Samples.Mistakes;

// The probe-time fix that also walks the devices probed before it, done wrong; the right way is
// Patches/ProbeOffloadFix.cs. Every line that HookSafety reports ends with a comment naming the rule.

/// <summary>
/// The existing devices are fixed in <c>PostPatch</c>: by then the new probe is live and the host's threads use the
/// devices, so they meet a registry half old and half new. And nothing puts the setting back when the patch goes.
/// </summary>
[Patch("probe-offload-fix-late")]
public sealed class ProbeOffloadFixLate : LivePatch
{
    [Replaces(typeof(Devices), nameof(Devices.Probe))]
    private static void Probe(Device device)
    {
        Devices.Probe.Original(device);
        if (device.Model == Devices.BrokenOffloadModel)
        {
            device.ChecksumOffload = false;
        }
    }

    protected override void PostPatch(PatchContext context)
    {
        for (int i = 0; i < Devices.All.Count; i++)
        {
            if (Devices.All[i].Model == Devices.BrokenOffloadModel)
            {
                Devices.All[i].ChecksumOffload = false; // HS0001: existing devices changed after the new code went live
            }
        }
    }
}

/// <summary>
/// The existing devices are fixed in the right hook, through a helper, but never put back: after the patch is
/// disabled the old probe's devices keep the patch's setting, which the old code was not written for.
/// </summary>
[Patch("probe-offload-fix-forever")]
public sealed class ProbeOffloadFixForever : LivePatch
{
    [Replaces(typeof(Devices), nameof(Devices.Probe))]
    private static void Probe(Device device)
    {
        Devices.Probe.Original(device);
        if (device.Model == Devices.BrokenOffloadModel)
        {
            device.ChecksumOffload = false;
        }
    }

    protected override HookResult PrePatch(PatchContext context)
    {
        DisableBrokenOffload(); // HS0002: the helper's change is never undone in PostUnpatch
        return HookResult.Continue;
    }

    private static void DisableBrokenOffload()
    {
        for (int i = 0; i < Devices.All.Count; i++)
        {
            if (Devices.All[i].Model == Devices.BrokenOffloadModel)
            {
                Devices.All[i].ChecksumOffload = false;
            }
        }
    }
}

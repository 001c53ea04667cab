using System;
using HookSafety.Hooks;
using HookSafety.Samples.Host;

namespace HookSafety.Samples.Mistakes;

/// <summary>CVE-2016-5696 done wrong: the limit is raised after the new code went live and never restored.</summary>
[Patch("cve-2016-5696-mistaken")]
public sealed class RaiseAckLimitLate : LivePatch
{
    private static readonly ShadowVariable<object, int> s_retries = new("retries");

    protected override void PostPatch(PatchContext context)
    {
        Net.ChallengeAckLimit = 1000; // HS0001: changed after the new code went live
        Net.PacketReceived += OnPacket; // HS0003: never unregistered
        SetLimit();
    }

    protected override HookResult PrePatch(PatchContext context)
    {
        Net.AllowedPeers.Add("10.0.0.1"); // HS0004 (reported on the Remove in PreUnpatch)
        Net.RegisterHandler(OnConnect); // HS0002: never unregistered in PostUnpatch
        s_retries.Attach(context, 1); // HS0005
        return HookResult.Continue;
    }

    protected override void PreUnpatch(PatchContext context)
    {
        Net.AllowedPeers.Remove("10.0.0.1");
    }

    private static void SetLimit() => Net.ChallengeAckLimit = 2000;

    private static void OnPacket(object? sender, string packet) { }

    private static void OnConnect(string peer) { }
}

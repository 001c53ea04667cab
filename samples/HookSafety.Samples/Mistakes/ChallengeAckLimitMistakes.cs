using HookSafety.Hooks;
using HookSafety.Samples.Host;

namespace HookSafety.Samples.Mistakes;

// CVE-2016-5696's global part (raising net.ipv4.tcp_challenge_ack_limit) done wrong, five ways; the right way, after
// the kpatch patch author guide's example, is Patches/ChallengeAckLimitFix.cs. Every line that HookSafety reports
// ends with a comment naming the rule.

/// <summary>
/// Raised in <c>PostPatch</c> and restored in <c>PreUnpatch</c>: both while the new code is live, so that it runs for
/// a while with the old limit, and the old code may run with the new one. One finding: the restore is part of it.
/// </summary>
[Patch("cve-2016-5696-late")]
public sealed class ChallengeAckLimitLate : LivePatch
{
    protected override void PostPatch(PatchContext context)
    {
        Net.ChallengeAckLimit = 1000; // HS0001: changed after the new code went live
    }

    protected override void PreUnpatch(PatchContext context)
    {
        Net.ChallengeAckLimit = Net.DefaultChallengeAckLimit;
    }
}

/// <summary>
/// Raised in the right hook but never restored: the host keeps the patch's limit after the patch is gone. It also
/// overwrites whatever an administrator had set.
/// </summary>
[Patch("cve-2016-5696-mistaken")] // HS0014: the id of another patch below
public sealed class ChallengeAckLimitForever : LivePatch
{
    protected override HookResult PrePatch(PatchContext context)
    {
        Net.ChallengeAckLimit = 1000; // HS0002: never restored in PostUnpatch
        return HookResult.Continue;
    }
}

/// <summary>
/// Saved and restored, but restored in <c>PreUnpatch</c>, while the new code still runs: the pair of
/// <c>PrePatch</c> is <c>PostUnpatch</c>.
/// </summary>
[Patch("cve-2016-5696-early-restore")]
public sealed class ChallengeAckLimitEarlyRestore : LivePatch
{
    private static int s_saved;

    protected override HookResult PrePatch(PatchContext context)
    {
        s_saved = Net.ChallengeAckLimit;
        Net.ChallengeAckLimit = 1000;
        return HookResult.Continue;
    }

    protected override void PreUnpatch(PatchContext context)
    {
        Net.ChallengeAckLimit = s_saved; // HS0004: restored while the new code is still live
    }
}

/// <summary>
/// Raised lazily, by the replacement on its first call: a one-time fix-up that races with every caller of the new
/// code (some calls run with the old limit, two threads may both raise it), guarded by a flag that is itself checked
/// and set without synchronization. It belongs in <c>PrePatch</c>.
/// </summary>
[Patch("cve-2016-5696-lazy")]
public sealed class ChallengeAckLimitLazy : LivePatch
{
    private static bool s_raised;

    [Replaces(typeof(Net), nameof(Net.SendChallengeAck))]
    private static bool SendChallengeAck(Connection connection)
    {
        if (!s_raised)
        {
            Net.ChallengeAckLimit = 1000; // HS0001: a one-time fix-up racing with every caller
            s_raised = true; // HS0006: checked and then set on many threads at once
        }

        return Net.TakeChallengeAck(Net.ChallengeAckLimit);
    }

    protected override void PostUnpatch(PatchContext context)
    {
        if (s_raised && Net.ChallengeAckLimit == 1000)
        {
            Net.ChallengeAckLimit = Net.DefaultChallengeAckLimit;
        }
    }
}

/// <summary>
/// Raised first and checked after: when the check fails, <c>PrePatch</c> rejects with the limit still raised, and no
/// other hook of a rejected patch runs to restore it. Check first, or undo before rejecting. (Its id was copied from
/// another patch: the manager refuses the second of the two.)
/// </summary>
[Patch("cve-2016-5696-mistaken")] // HS0014: the id of another patch above
public sealed class ChallengeAckLimitRejectsLate : LivePatch
{
    private static int s_saved;

    protected override HookResult PrePatch(PatchContext context)
    {
        s_saved = Net.ChallengeAckLimit;
        Net.ChallengeAckLimit = 1000;
        if (Net.AllowedPeers.Count == 0)
        {
            return HookResult.Reject("no peers are configured"); // HS0008: the limit stays raised
        }

        return HookResult.Continue;
    }

    protected override void PostUnpatch(PatchContext context)
    {
        if (Net.ChallengeAckLimit == 1000)
        {
            Net.ChallengeAckLimit = s_saved;
        }
    }
}

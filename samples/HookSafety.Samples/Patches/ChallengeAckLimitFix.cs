using System;
using HookSafety.Hooks;
using HookSafety.Samples.Host;

namespace HookSafety.Samples.Patches;

/// <summary>
/// CVE-2016-5696 ("off-path TCP exploits"): Linux counted the challenge ACKs of the whole host against one limit of
/// 100 per second, so an attacker who could count them learned whether a guessed connection existed. The upstream fix
/// raised the limit to 1000 and made each second's budget random; the replacement below is that part. The other part
/// is global data, and this patch follows the kpatch patch author guide's example for this very CVE: raise
/// <see cref="Net.ChallengeAckLimit"/> (<c>net.ipv4.tcp_challenge_ack_limit</c>) in <c>PrePatch</c>, before the new
/// code is live, and only if it still has the default (an administrator's own value is left alone); restore it in
/// <c>PostUnpatch</c>, once the new code is gone, and only if it still has the value the patch set (an administrator
/// may have tuned it meanwhile).
/// </summary>
[Patch("cve-2016-5696")]
public sealed class ChallengeAckLimitFix : LivePatch
{
    private const int PatchedLimit = 1000;

    private static readonly object s_budgetGate = new();
    private static bool s_wrote;
    private static long s_budgetSecond = -1;
    private static int s_budget;

    [Replaces(typeof(Net), nameof(Net.SendChallengeAck))]
    private static bool SendChallengeAck(Connection connection)
    {
        // Upstream: each second's budget is half the limit plus a random share of it, so the count tells nothing.
        long second = Environment.TickCount64 / 1000;
        int budget;
        lock (s_budgetGate)
        {
            if (second != s_budgetSecond)
            {
                int limit = Net.ChallengeAckLimit;
                s_budgetSecond = second;
                s_budget = (limit + 1) / 2 + Random.Shared.Next(limit);
            }

            budget = s_budget;
        }

        return Net.TakeChallengeAck(budget);
    }

    protected override HookResult PrePatch(PatchContext context)
    {
        s_wrote = false;
        if (Net.ChallengeAckLimit == Net.DefaultChallengeAckLimit)
        {
            Net.ChallengeAckLimit = PatchedLimit;
            s_wrote = true;
        }

        return HookResult.Continue;
    }

    protected override void PostUnpatch(PatchContext context)
    {
        if (s_wrote && Net.ChallengeAckLimit == PatchedLimit)
        {
            Net.ChallengeAckLimit = Net.DefaultChallengeAckLimit;
        }
    }
}

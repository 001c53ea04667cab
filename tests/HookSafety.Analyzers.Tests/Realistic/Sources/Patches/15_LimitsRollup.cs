using HookSafety.Hooks;
using PayTerm.Host;

namespace PayTerm.Patches;

// November's cumulative rollup of the terminal limits: it replaces every enabled limits patch at once and takes their
// saved limits over. Its state list was copied from an older rollup: one state twice, the acquirer timeouts in a
// version the field has moved past, and the states of the newer patches missing.

[Patch("limits-rollup-2026-11", Cumulative = true)]
[PatchState("terminal-limits", version: 2)]
[PatchState("terminal-limits", version: 2)] // expect: HS0012
[PatchState("acquirer-timeouts", version: 1)] // expect: HS0012
public sealed class LimitsRollup : LivePatch // expect: HS0012
{
    private static long[] s_saved = new long[2];

    protected override HookResult PrePatch(PatchContext context)
    {
        s_saved = context.States.GetPrevious("terminal-limits")?.Data as long[]
            ?? new[] { Authorizer.Limit(LimitKind.PerTransaction), Authorizer.Limit(LimitKind.Daily) };
        Authorizer.Limit(LimitKind.PerTransaction) = 75_000;
        Authorizer.Limit(LimitKind.Daily) = 750_000;
        context.States.Get("terminal-limits").Data = s_saved;
        return HookResult.Continue;
    }

    protected override void PostUnpatch(PatchContext context)
    {
        Authorizer.Limit(LimitKind.PerTransaction) = s_saved[0];
        Authorizer.Limit(LimitKind.Daily) = s_saved[1];
    }
}

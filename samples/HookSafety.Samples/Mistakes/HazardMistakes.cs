using System;
using System.Threading;
using System.Threading.Tasks;
using HookSafety.Hooks;
using HookSafety.Samples.Host;

namespace HookSafety.Samples.Mistakes;

/// <summary>State that only this patch's assembly knows: no later patch can read it.</summary>
public sealed class LimitsMemo
{
    public int Saved { get; set; }
}

/// <summary>The hard-mode mistakes: failing hooks, blocking hooks, states handed over wrongly.</summary>
[Patch("hazards-mistaken", Cumulative = true)]
[PatchState("parser-limits", version: 1)]
public sealed class HookHazards : LivePatch
{
    private static readonly ShadowVariable<object, string> s_notes = new("notes");

    protected override HookResult PrePatch(PatchContext context)
    {
        if (Net.AllowedPeers.Count > 100)
        {
            throw new InvalidOperationException("too many peers"); // HS0008: throws instead of rejecting
        }

        Net.ChallengeAckLimit = 1000;
        if (context.IsReplacing)
        {
            return HookResult.Reject("replacing is not supported"); // HS0008: the limit stays raised
        }

        context.States.Get("parser-limits").Data = new LimitsMemo { Saved = 100 }; // HS0010: a type of this assembly
        return HookResult.Continue;
    }

    protected override void PostPatch(PatchContext context)
    {
        Thread.Sleep(100); // HS0016: blocks the manager
        if (context.States.Get("parser-limits").Data is null)
        {
            throw new InvalidOperationException("no state"); // HS0009: PostPatch cannot fail
        }
    }

    protected override void PostUnpatch(PatchContext context)
    {
        var previous = context.States.GetPrevious("parser-limits"); // HS0011: always null here
        Net.ChallengeAckLimit = previous is null ? 100 : 200;
        s_notes.DetachAll();
    }
}

/// <summary>A sticky patch whose unpatch hook never runs.</summary>
[Patch("sticky-mistaken", Sticky = true)]
[PatchState("parser-limits", version: 0)] // HS0012: versions start at 1
public sealed class StickyWithUndo : LivePatch
{
    private static readonly ShadowVariable<object, int> s_notes = new("notes"); // HS0017: "notes" holds string elsewhere

    protected override void PostUnpatch(PatchContext context) => Task.Delay(10).Wait(); // HS0015 and HS0016
}

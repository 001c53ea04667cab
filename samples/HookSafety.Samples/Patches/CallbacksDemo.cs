using System;
using HookSafety.Hooks;
using HookSafety.Samples.Host;

namespace HookSafety.Samples.Patches;

/// <summary>
/// The kernel's callbacks demo (<c>samples/livepatch/livepatch-callbacks-demo.c</c>), in the hook API. Its four
/// callbacks do nothing but say when they run, to show the lifecycle: <c>PrePatch</c> before the new code is live,
/// <c>PostPatch</c> once it is, <c>PreUnpatch</c> while it still is, <c>PostUnpatch</c> once it is gone. The kernel's
/// demo has a module parameter, <c>pre_patch_ret</c>, that makes its pre-patch callback fail so that one can watch a
/// patch being refused; here the constructor takes the reason to refuse with, and <c>PrePatch</c> returns
/// <see cref="HookResult.Reject"/>, the one way a hook may refuse. Like the demo, it replaces the work function of a
/// busy module (<c>busymod_work_func</c>), here <see cref="Jobs.Work"/>.
/// </summary>
[Patch("callbacks-demo")]
public sealed class CallbacksDemo : LivePatch
{
    private readonly string? _rejectWith;

    /// <summary>Creates the demo patch; with <paramref name="rejectWith"/>, its PrePatch refuses with that reason.</summary>
    public CallbacksDemo(string? rejectWith = null) => _rejectWith = rejectWith;

    [Replaces(typeof(Jobs), nameof(Jobs.Work))]
    private static string PatchedWork(int id) => $"job {id}: patched work";

    protected override HookResult PrePatch(PatchContext context)
    {
        if (_rejectWith is not null)
        {
            Log(context, nameof(PrePatch), $"refusing: {_rejectWith}");
            return HookResult.Reject(_rejectWith);
        }

        if (Jobs.IsShuttingDown)
        {
            Log(context, nameof(PrePatch), "refusing: the host is shutting down");
            return HookResult.Reject("the host is shutting down");
        }

        Log(context, nameof(PrePatch), $"the new code is not live yet; {Jobs.Running} job(s) running the original work");
        return HookResult.Continue;
    }

    protected override void PostPatch(PatchContext context)
        => Log(context, nameof(PostPatch), $"the new code is live; {Jobs.Running} job(s) may still be in the original work");

    protected override void PreUnpatch(PatchContext context)
        => Log(context, nameof(PreUnpatch), "the new code is still live; the original comes back next");

    protected override void PostUnpatch(PatchContext context)
        => Log(context, nameof(PostUnpatch), $"the original work is back; {Jobs.Running} job(s) may still be in the patched work");

    private static void Log(PatchContext context, string hook, string what) => Console.WriteLine($"  {context.PatchId}: {hook}: {what}");
}

using System;
using HookSafety.Hooks;
using HookSafety.Samples.Host;

namespace HookSafety.Samples.Mistakes;

// The kernel's callbacks demo (samples/livepatch/livepatch-callbacks-demo.c) done wrong; the right way is
// Patches/CallbacksDemo.cs. Every line that HookSafety reports ends with a comment naming the rule.

/// <summary>
/// The demo with hooks that do more than log, in the wrong way: <c>PrePatch</c> refuses by throwing, <c>PostPatch</c>
/// throws although it cannot fail (the patch is live by then and stays enabled, half set up), <c>PreUnpatch</c> waits
/// for the host's jobs without a timeout while the manager's lock is held, and the replacement's signature does not
/// match the work function, so the manager refuses the patch.
/// </summary>
[Patch("callbacks-demo-mistaken")]
public sealed class CallbacksDemoMistaken : LivePatch
{
    [Replaces(typeof(Jobs), nameof(Jobs.Work))]
    private static string PatchedWork(long id) => $"job {id}: patched work"; // HS0013: Jobs.Work takes an int

    protected override HookResult PrePatch(PatchContext context)
    {
        if (Jobs.IsShuttingDown)
        {
            throw new InvalidOperationException("the host is shutting down"); // HS0008: return HookResult.Reject(...) instead
        }

        Log(context, nameof(PrePatch), "the new code is not live yet");
        return HookResult.Continue;
    }

    protected override void PostPatch(PatchContext context)
    {
        Log(context, nameof(PostPatch), "the new code is live");
        if (Jobs.Running > 0)
        {
            throw new InvalidOperationException("jobs are still in the original work"); // HS0009: PostPatch cannot fail
        }
    }

    protected override void PreUnpatch(PatchContext context)
    {
        Jobs.Idle.Wait(); // HS0016: waits as long as the jobs run, and every patch operation waits behind it
        Log(context, nameof(PreUnpatch), "no job runs the patched work");
    }

    private static void Log(PatchContext context, string hook, string what) => Console.WriteLine($"  {context.PatchId}: {hook}: {what}");
}

/// <summary>
/// The demo made sticky (it can never be disabled) but keeping its unpatch hooks: they never run, and whoever reads
/// them believes the patch undoes something.
/// </summary>
[Patch("callbacks-demo-sticky", Sticky = true)]
public sealed class CallbacksDemoSticky : LivePatch
{
    protected override void PostPatch(PatchContext context) => Console.WriteLine("  callbacks-demo-sticky: PostPatch");

    protected override void PreUnpatch(PatchContext context) => Console.WriteLine("  callbacks-demo-sticky: PreUnpatch"); // HS0015: never runs

    protected override void PostUnpatch(PatchContext context) => Console.WriteLine("  callbacks-demo-sticky: PostUnpatch"); // HS0015: never runs
}

/// <summary>
/// The demo's shape done wrong: one copy forgot <c>[Patch]</c>, another hides a hook with <c>new</c> instead of
/// overriding it. The manager refuses both.
/// </summary>
public sealed class CallbacksDemoUnmarked : LivePatch // HS0014: derives from LivePatch without [Patch]
{
    protected override void PostPatch(PatchContext context) => Console.WriteLine("  callbacks-demo-unmarked: PostPatch");
}

[Patch("callbacks-demo-hidden")]
public sealed class CallbacksDemoHidden : LivePatch
{
    public new void PostPatch(PatchContext context) => Console.WriteLine("  callbacks-demo-hidden: PostPatch"); // HS0014: hides the hook, which never runs
}

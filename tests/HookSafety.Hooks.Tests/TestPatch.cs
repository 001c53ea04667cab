using System;
using System.Collections.Generic;

namespace HookSafety.Hooks.Tests;

/// <summary>A patch that records its hook calls ("id:Hook") in <see cref="Log"/> and runs the behaviours it is given.</summary>
/// <remarks>
/// The hooks are overridden "protected internal" here only because this assembly sees the internals of
/// HookSafety.Hooks (InternalsVisibleTo); a patch author writes "protected override".
/// </remarks>
public abstract class TestPatch : LivePatch
{
    protected TestPatch(List<string>? log = null)
    {
        Log = log ?? new List<string>();
    }

    public List<string> Log { get; }

    public Func<PatchContext, HookResult>? OnPrePatch { get; set; }

    public Action<PatchContext>? OnPostPatch { get; set; }

    public Action<PatchContext>? OnPreUnpatch { get; set; }

    public Action<PatchContext>? OnPostUnpatch { get; set; }

    protected internal override HookResult PrePatch(PatchContext context)
    {
        Record(context, nameof(PrePatch));
        return OnPrePatch?.Invoke(context) ?? HookResult.Continue;
    }

    protected internal override void PostPatch(PatchContext context)
    {
        Record(context, nameof(PostPatch));
        OnPostPatch?.Invoke(context);
    }

    protected internal override void PreUnpatch(PatchContext context)
    {
        Record(context, nameof(PreUnpatch));
        OnPreUnpatch?.Invoke(context);
    }

    protected internal override void PostUnpatch(PatchContext context)
    {
        Record(context, nameof(PostUnpatch));
        OnPostUnpatch?.Invoke(context);
    }

    private void Record(PatchContext context, string hook)
    {
        lock (Log)
        {
            Log.Add(context.PatchId + ":" + hook);
        }
    }
}

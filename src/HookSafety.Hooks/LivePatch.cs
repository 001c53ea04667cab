namespace HookSafety.Hooks;

/// <summary>
/// Base class of every live patch. A patch is a class deriving from <see cref="LivePatch"/>, marked with
/// <see cref="PatchAttribute"/>, whose static methods marked with <see cref="ReplacesAttribute"/> replace
/// <see cref="PatchPoint{TDelegate}"/>s of the host. It may override the four lifecycle hooks; they are
/// overridden, never hidden (a hook hidden with <c>new</c> would never run, and <see cref="PatchManager.Enable"/>
/// refuses such a patch).
/// </summary>
/// <remarks>
/// The hooks of one <see cref="PatchManager"/> never run at the same time as each other, but each runs
/// concurrently with the host program and with every live replacement method.
/// </remarks>
public abstract class LivePatch
{
    /// <summary>In how many managers the patch is enabled (kept by <see cref="PatchManager"/>; read by <see cref="PatchAssembly.TryUnload"/>).</summary>
    internal int EnabledCount;

    /// <summary>
    /// Runs first when the patch is enabled, before its code is live. The place to change global data and to
    /// take over the states of replaced patches (<see cref="PatchStates.GetPrevious"/>). Returning
    /// <see cref="HookResult.Reject"/> (or throwing) keeps the patch from being enabled; no other hook of it runs,
    /// so a rejecting <c>PrePatch</c> must undo, itself, whatever it had already changed.
    /// The default returns <see cref="HookResult.Continue"/>.
    /// </summary>
    /// <param name="context">The patch's context.</param>
    /// <returns><see cref="HookResult.Continue"/> to go on, or <see cref="HookResult.Reject"/> to refuse.</returns>
    protected internal virtual HookResult PrePatch(PatchContext context) => HookResult.Continue;

    /// <summary>
    /// Runs after the patch's replacements are live. The place to register handlers, events, timers and services
    /// that call the new code. It cannot fail: an exception is wrapped in <see cref="PatchHookException"/> and the
    /// patch stays enabled. The default does nothing.
    /// </summary>
    /// <param name="context">The patch's context.</param>
    protected internal virtual void PostPatch(PatchContext context)
    {
    }

    /// <summary>
    /// Runs first when the patch is disabled, while its code is still live. The place to undo what
    /// <see cref="PostPatch"/> did. It cannot fail: an exception is wrapped in <see cref="PatchHookException"/>
    /// and the patch is disabled anyway. The default does nothing.
    /// </summary>
    /// <param name="context">The patch's context.</param>
    protected internal virtual void PreUnpatch(PatchContext context)
    {
    }

    /// <summary>
    /// Runs last when the patch is disabled, after its code is no longer reachable by new calls. The place to undo
    /// what <see cref="PrePatch"/> (or a patch it replaced) did. It cannot fail: an exception is wrapped in
    /// <see cref="PatchHookException"/>. The default does nothing.
    /// </summary>
    /// <param name="context">The patch's context.</param>
    protected internal virtual void PostUnpatch(PatchContext context)
    {
    }
}

using System;

namespace HookSafety.Hooks;

/// <summary>
/// Thrown by <see cref="PatchManager"/> when a hook that may not fail (<see cref="LivePatch.PostPatch"/>,
/// <see cref="LivePatch.PreUnpatch"/>, <see cref="LivePatch.PostUnpatch"/>) threw. The lifecycle completed anyway:
/// after <c>PostPatch</c> threw the patch is enabled; after an unpatch hook threw it is disabled.
/// <see cref="Exception.InnerException"/> is what the hook threw (an <see cref="AggregateException"/> when both
/// unpatch hooks threw).
/// </summary>
public sealed class PatchHookException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="patchId">The patch's id.</param>
    /// <param name="hookName">The hook that threw, e.g. <c>PostPatch</c>, or <c>PreUnpatch, PostUnpatch</c>.</param>
    /// <param name="innerException">What the hook threw.</param>
    public PatchHookException(string patchId, string hookName, Exception innerException)
        : base($"{hookName} of patch '{patchId}' threw; the lifecycle completed anyway. {innerException?.Message}", innerException)
    {
        PatchId = patchId;
        HookName = hookName;
    }

    /// <summary>The patch's id.</summary>
    public string PatchId { get; }

    /// <summary>The hook that threw, e.g. <c>PostPatch</c>, or <c>PreUnpatch, PostUnpatch</c> when both threw.</summary>
    public string HookName { get; }
}

using System;

namespace HookSafety.Hooks;

/// <summary>
/// Thrown by <see cref="PatchManager.Enable"/> when the patch's <see cref="LivePatch.PrePatch"/> returned
/// <see cref="HookResult.Reject"/> or threw (then <see cref="Exception.InnerException"/> is what it threw).
/// The patch is not enabled and nothing of the manager changed.
/// </summary>
public sealed class PatchRejectedException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="patchId">The rejected patch's id.</param>
    /// <param name="reason">Why it was rejected.</param>
    /// <param name="innerException">What <c>PrePatch</c> threw, if it threw.</param>
    public PatchRejectedException(string patchId, string reason, Exception? innerException = null)
        : base($"Patch '{patchId}' was rejected by its PrePatch: {reason}", innerException)
    {
        PatchId = patchId;
        Reason = reason;
    }

    /// <summary>The rejected patch's id.</summary>
    public string PatchId { get; }

    /// <summary>Why it was rejected.</summary>
    public string Reason { get; }
}

using System;

namespace HookSafety.Hooks;

/// <summary>
/// Thrown by <see cref="PatchManager.Enable"/> when the patch's metadata (its <see cref="PatchAttribute"/>, id, hooks,
/// <see cref="ReplacesAttribute"/> methods) or its states do not fit. Nothing has run and nothing changed.
/// </summary>
public sealed class PatchIncompatibleException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="patchId">The patch's id, or its type name when it has no usable id.</param>
    /// <param name="message">What is wrong and how to fix it.</param>
    public PatchIncompatibleException(string patchId, string message)
        : base(message)
    {
        PatchId = patchId;
    }

    /// <summary>Creates the exception, with what caused it (e.g. a patch point's static initializer threw).</summary>
    /// <param name="patchId">The patch's id, or its type name when it has no usable id.</param>
    /// <param name="message">What is wrong and how to fix it.</param>
    /// <param name="innerException">What caused it.</param>
    public PatchIncompatibleException(string patchId, string message, Exception? innerException)
        : base(message, innerException)
    {
        PatchId = patchId;
    }

    /// <summary>The patch's id, or its type name when it has no usable id.</summary>
    public string PatchId { get; }
}

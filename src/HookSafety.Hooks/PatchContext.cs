namespace HookSafety.Hooks;

/// <summary>What every lifecycle hook of a patch is handed.</summary>
public sealed class PatchContext
{
    internal PatchContext(string patchId, PatchStates states, bool isReplacing)
    {
        PatchId = patchId;
        States = states;
        IsReplacing = isReplacing;
    }

    /// <summary>The id of the patch whose hook runs.</summary>
    public string PatchId { get; }

    /// <summary>The states of this patch and, while it is being enabled, those registered before.</summary>
    public PatchStates States { get; }

    /// <summary>
    /// <see langword="true"/> when a cumulative patch is taking over from enabled patches (at least one patch was
    /// enabled when it was enabled).
    /// </summary>
    public bool IsReplacing { get; }
}

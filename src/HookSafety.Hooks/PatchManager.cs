using System;
using System.Collections.Generic;

namespace HookSafety.Hooks;

/// <summary>Applies and removes patches in this process.</summary>
public sealed class PatchManager
{
    /// <summary>The enabled patches, in enable order (an immutable snapshot).</summary>
    public IReadOnlyList<LivePatch> Enabled => Array.Empty<LivePatch>();

    /// <summary>The registered states (an immutable snapshot).</summary>
    public IReadOnlyCollection<PatchState> States => Array.Empty<PatchState>();

    /// <summary>Enables <paramref name="patch"/>.</summary>
    /// <param name="patch">The patch.</param>
    public void Enable(LivePatch patch) => throw new NotImplementedException();

    /// <summary>Disables the patch <paramref name="patchId"/>.</summary>
    /// <param name="patchId">The patch's id.</param>
    public void Disable(string patchId) => throw new NotImplementedException();
}

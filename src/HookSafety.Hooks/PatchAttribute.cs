using System;

namespace HookSafety.Hooks;

/// <summary>
/// Marks a <see cref="LivePatch"/> class and gives it its id, unique among the enabled patches of a
/// <see cref="PatchManager"/>.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false, AllowMultiple = false)]
public sealed class PatchAttribute : Attribute
{
    /// <summary>Creates the attribute.</summary>
    /// <param name="id">The patch's id (not empty).</param>
    public PatchAttribute(string id)
    {
        Id = id;
    }

    /// <summary>The patch's id.</summary>
    public string Id { get; }

    /// <summary>
    /// When <see langword="true"/>, enabling the patch atomically replaces every enabled patch: they are removed
    /// without running their hooks, and this patch takes their states over. It must then declare every registered
    /// state, each in the same or a higher version.
    /// </summary>
    public bool Cumulative { get; init; }

    /// <summary>When <see langword="true"/>, the patch can never be disabled (it can still be replaced by a cumulative patch).</summary>
    public bool Sticky { get; init; }
}

using System;

namespace HookSafety.Hooks;

/// <summary>
/// Declares a system state (a feature) that the patch establishes, with its version (kernel: <c>struct klp_state</c>).
/// A patch may declare several states, each id at most once.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false, AllowMultiple = true)]
public sealed class PatchStateAttribute : Attribute
{
    /// <summary>Creates the attribute.</summary>
    /// <param name="id">The state's id.</param>
    /// <param name="version">The state's version, at least 1.</param>
    public PatchStateAttribute(string id, int version)
    {
        Id = id;
        Version = version;
    }

    /// <summary>The state's id.</summary>
    public string Id { get; }

    /// <summary>The state's version (at least 1).</summary>
    public int Version { get; }
}

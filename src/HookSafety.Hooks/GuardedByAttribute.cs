using System;

namespace HookSafety.Hooks;

/// <summary>
/// On a field or property: it may only be read or written while holding the lock object named by
/// <see cref="LockMember"/>. The runtime does not enforce this; the analyzers check it.
/// </summary>
[AttributeUsage(AttributeTargets.Field | AttributeTargets.Property, Inherited = false, AllowMultiple = false)]
public sealed class GuardedByAttribute : Attribute
{
    /// <summary>Creates the attribute.</summary>
    /// <param name="lockMember">The name of the field or property holding the lock object.</param>
    public GuardedByAttribute(string lockMember)
    {
        LockMember = lockMember;
    }

    /// <summary>The name of the field or property holding the lock object.</summary>
    public string LockMember { get; }
}

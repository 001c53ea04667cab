using System;

namespace HookSafety.Hooks;

/// <summary>
/// On a static, non-generic method of a patch: the method replaces the <see cref="PatchPoint{TDelegate}"/> stored in
/// the static field or property <see cref="Member"/> of <see cref="Target"/> while the patch is enabled. Its signature
/// must match <c>TDelegate</c> exactly (parameter types, ref kinds and return type; no variance).
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class ReplacesAttribute : Attribute
{
    /// <summary>Creates the attribute.</summary>
    /// <param name="target">The type that declares the patch point.</param>
    /// <param name="member">The name of the static field or property holding the patch point.</param>
    public ReplacesAttribute(Type target, string member)
    {
        Target = target;
        Member = member;
    }

    /// <summary>The type that declares the patch point.</summary>
    public Type Target { get; }

    /// <summary>The name of the static field or property holding the patch point.</summary>
    public string Member { get; }
}

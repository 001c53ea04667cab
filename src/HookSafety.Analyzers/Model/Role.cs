namespace HookSafety.Analyzers;

/// <summary>What a method is to its patch: which phase its code runs in.</summary>
internal enum Role
{
    PrePatch,
    PostPatch,
    PreUnpatch,
    PostUnpatch,

    /// <summary>A <c>[Replaces]</c> method: live, on any thread, once per call.</summary>
    Replacement,

    /// <summary>A constructor, static constructor or field initializer of the patch type: runs outside the lifecycle.</summary>
    TypeInit,

    /// <summary>A lambda or method handed out as a delegate (a handler, a timer callback): runs later, on any thread.</summary>
    Callback,

    /// <summary>A non-private method of the patch type: anyone may call it, at any time.</summary>
    Helper,
}

/// <summary>The phase table of the hook API, as data: where global state may change, and where each change is undone.</summary>
internal static class Phases
{
    /// <summary>Whether the new code is live while code of <paramref name="role"/> runs.</summary>
    public static bool IsLive(Role role) => role is Role.PostPatch or Role.PreUnpatch or Role.Replacement;

    public static string HookName(Role role) => role switch
    {
        Role.PrePatch => Hooks.PrePatch,
        Role.PostPatch => Hooks.PostPatch,
        Role.PreUnpatch => Hooks.PreUnpatch,
        Role.PostUnpatch => Hooks.PostUnpatch,
        _ => role.ToString(),
    };

    /// <summary>The hook that undoes what <paramref name="role"/> did: PrePatch ↔ PostUnpatch, PostPatch ↔ PreUnpatch.</summary>
    public static Role UndoneIn(Role role) => role == Role.PostPatch ? Role.PreUnpatch : Role.PostUnpatch;

    /// <summary>The other undo hook: where an undo of <paramref name="role"/>'s change is in the wrong place.</summary>
    public static Role WrongUndo(Role role) => role == Role.PostPatch ? Role.PostUnpatch : Role.PreUnpatch;
}

namespace HookSafety.Analyzers;

/// <summary>The stable ids of HookSafety's rules. A rule is retired, never renumbered.</summary>
internal static class RuleIds
{
    public const string GlobalStateOutsidePrePatch = "HS0001";
    public const string MissingUndo = "HS0002";
    public const string MissingUnregistration = "HS0003";
    public const string UndoInWrongHook = "HS0004";
    public const string ShadowVariableLeak = "HS0005";
    public const string UnsynchronizedSharedData = "HS0006";
    public const string GuardedBy = "HS0007";
    public const string PrePatchFailure = "HS0008";
    public const string HookCannotFail = "HS0009";
    public const string StateData = "HS0010";
    public const string GetPreviousOutsideEnable = "HS0011";
    public const string StateConsistency = "HS0012";
    public const string ReplacesTarget = "HS0013";
    public const string PatchShape = "HS0014";
    public const string StickyUnpatchHooks = "HS0015";
    public const string BlockingWait = "HS0016";
    public const string ShadowIdClash = "HS0017";
    public const string ReleaseSeries = "HS0018";
}

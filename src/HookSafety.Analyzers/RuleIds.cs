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
    public const string ReplacesTarget = "HS0013";
    public const string PatchShape = "HS0014";
}

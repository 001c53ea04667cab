namespace HookSafety.Analyzers;

/// <summary>The stable ids of HookSafety's rules. A rule is retired, never renumbered.</summary>
internal static class RuleIds
{
    public const string ReplacesTarget = "HS0013";
    public const string PatchShape = "HS0014";
}

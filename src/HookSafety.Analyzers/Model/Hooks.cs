using System.Collections.Immutable;

namespace HookSafety.Analyzers;

/// <summary>The four lifecycle hooks of <c>LivePatch</c>, by name.</summary>
internal static class Hooks
{
    public const string PrePatch = "PrePatch";
    public const string PostPatch = "PostPatch";
    public const string PreUnpatch = "PreUnpatch";
    public const string PostUnpatch = "PostUnpatch";

    public static readonly ImmutableArray<string> All = ImmutableArray.Create(PrePatch, PostPatch, PreUnpatch, PostUnpatch);
}

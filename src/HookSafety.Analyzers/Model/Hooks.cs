using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace HookSafety.Analyzers;

/// <summary>The four lifecycle hooks of <c>LivePatch</c>, by name.</summary>
internal static class Hooks
{
    public const string PrePatch = "PrePatch";
    public const string PostPatch = "PostPatch";
    public const string PreUnpatch = "PreUnpatch";
    public const string PostUnpatch = "PostUnpatch";

    public static readonly ImmutableArray<string> All = ImmutableArray.Create(PrePatch, PostPatch, PreUnpatch, PostUnpatch);

    /// <summary>
    /// The overrides of hook <paramref name="hook"/> that <paramref name="type"/> declares (instance methods of one
    /// parameter): the one test of what a hook override is, for the analyzers and the fixes, in a patch class and in its
    /// base patches alike.
    /// </summary>
    public static IEnumerable<IMethodSymbol> OverridesIn(INamedTypeSymbol type, string hook)
        => type.GetMembers(hook).OfType<IMethodSymbol>().Where(m => m is { IsOverride: true, IsStatic: false, Parameters.Length: 1 });
}

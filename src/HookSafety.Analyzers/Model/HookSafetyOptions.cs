using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace HookSafety.Analyzers;

/// <summary>The <c>.editorconfig</c> options of HookSafety, as they apply to one patch type's source.</summary>
internal sealed class HookSafetyOptions
{
    public const string ReplacementGlobalWritesKey = "hook_safety.replacement_global_writes";
    public const string GlobalStateHooksKey = "hook_safety.global_state_hooks";
    public const string RegistrationPairsKey = "hook_safety.registration_pairs";
    public const string ThreadSafeTypesKey = "hook_safety.thread_safe_types";
    public const string RegistrationHandlesKey = "hook_safety.registration_handles";

    public static readonly HookSafetyOptions Default = new(false, false, ImmutableDictionary<string, string>.Empty, ImmutableHashSet<string>.Empty, ImmutableHashSet<string>.Empty);

    private HookSafetyOptions(bool allReplacementWrites, bool postPatchChanges, ImmutableDictionary<string, string> extraPairs, ImmutableHashSet<string> threadSafeTypes, ImmutableHashSet<string> extraHandles)
    {
        AllReplacementWrites = allReplacementWrites;
        PostPatchChangesAllowed = postPatchChanges;
        ExtraPairs = extraPairs;
        ThreadSafeTypes = threadSafeTypes;
        ExtraHandles = extraHandles;
    }

    /// <summary>
    /// Extra calls whose returned <c>IDisposable</c> is the registration (<c>hook_safety.registration_handles = Listen,
    /// Acme.Bus.Watch</c>): a method name, <c>Type.Method</c> or <c>Namespace.Type.Method</c>, beside <see cref="BclTables.Handles"/>.
    /// </summary>
    public ImmutableHashSet<string> ExtraHandles { get; }

    /// <summary>Whether <paramref name="method"/> is one of <see cref="ExtraHandles"/>.</summary>
    public bool IsExtraHandle(IMethodSymbol method)
        => !ExtraHandles.IsEmpty
           && (ExtraHandles.Contains(method.Name) || ExtraHandles.Contains(method.ContainingType.Name + "." + method.Name) || ExtraHandles.Contains(Classification.FullName(method)));

    /// <summary>Extra thread-safe types (<c>hook_safety.thread_safe_types = MyCache, Acme.Pool</c>): simple or full names.</summary>
    public ImmutableHashSet<string> ThreadSafeTypes { get; }

    /// <summary><c>replacement_global_writes = all</c>: every global write in a replacement counts, not only one-time ones.</summary>
    public bool AllReplacementWrites { get; }

    /// <summary><c>global_state_hooks = pre_and_post_patch</c>: global changes may also be made in PostPatch and undone in PreUnpatch.</summary>
    public bool PostPatchChangesAllowed { get; }

    /// <summary>Extra registration pairs (<c>Attach:Detach, Hook:Unhook</c>): method name → inverse.</summary>
    public ImmutableDictionary<string, string> ExtraPairs { get; }

    public static HookSafetyOptions For(AnalyzerOptions options, INamedTypeSymbol type)
    {
        var tree = type.DeclaringSyntaxReferences.Length > 0 ? type.DeclaringSyntaxReferences[0].SyntaxTree : null;
        if (tree is null)
        {
            return Default;
        }

        var config = options.AnalyzerConfigOptionsProvider.GetOptions(tree);
        var all = config.TryGetValue(ReplacementGlobalWritesKey, out var writes) && Is(writes, "all");
        var post = config.TryGetValue(GlobalStateHooksKey, out var hooks) && Is(hooks, "pre_and_post_patch");
        var pairs = config.TryGetValue(RegistrationPairsKey, out var text) ? ParsePairs(text) : ImmutableDictionary<string, string>.Empty;
        var safe = config.TryGetValue(ThreadSafeTypesKey, out var types) ? ParseNames(types) : ImmutableHashSet<string>.Empty;
        var handles = config.TryGetValue(RegistrationHandlesKey, out var calls) ? ParseNames(calls) : ImmutableHashSet<string>.Empty;
        return all || post || !pairs.IsEmpty || !safe.IsEmpty || !handles.IsEmpty ? new HookSafetyOptions(all, post, pairs, safe, handles) : Default;
    }

    /// <summary>Parses <c>A, B.C; D</c>: names separated by commas or semicolons.</summary>
    private static ImmutableHashSet<string> ParseNames(string text)
        => text.Split(new[] { ',', ';' }, StringSplitOptions.RemoveEmptyEntries).Select(t => t.Trim()).Where(t => t.Length > 0).ToImmutableHashSet(StringComparer.Ordinal);

    /// <summary>Parses <c>Attach:Detach, Hook:Unhook</c>; malformed entries are ignored.</summary>
    public static ImmutableDictionary<string, string> ParsePairs(string text)
    {
        var builder = ImmutableDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        foreach (var entry in text.Split(new[] { ',', ';' }, StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = entry.Split(':');
            if (parts.Length == 2 && parts[0].Trim() is { Length: > 0 } forward && parts[1].Trim() is { Length: > 0 } inverse)
            {
                builder[forward] = inverse;
            }
        }

        return builder.ToImmutable();
    }

    private static bool Is(string value, string expected) => string.Equals(value.Trim(), expected, StringComparison.OrdinalIgnoreCase);
}

using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace HookSafety.Analyzers;

/// <summary>What an effect is to the lifecycle: a change of global state, a registration, an undo, or nothing.</summary>
internal enum ChangeSort
{
    None,
    Change,
    Registration,
    Undo,
}

/// <summary>
/// The undo-matching table: which effects change global state or register something (an undo is owed), and which
/// effect undoes which. Read by the pairing of changes with their undos, by HS0008's reject check and by the fixers'
/// whole-call marking.
/// </summary>
internal static class Changes
{
    /// <summary>Whether an effect changes global state or registers something: what an undo is owed for.</summary>
    public static bool IsChange(Effect effect, HookSafetyOptions options) => SortOf(effect, options, out _) is ChangeSort.Change or ChangeSort.Registration;

    /// <summary>What <paramref name="effect"/> is to the lifecycle, and the name of its undoing call (<c>Remove</c>, <c>-=</c>, <c>Dispose</c>).</summary>
    public static ChangeSort SortOf(Effect effect, HookSafetyOptions options, out string? inverse)
    {
        inverse = null;
        switch (effect.Kind)
        {
            case EffectKind.Write:
                return effect.IsGlobal ? ChangeSort.Change : ChangeSort.None;
            case EffectKind.Call:
                return Classification.Classify(effect, options, out inverse) switch
                {
                    CallClass.Change or CallClass.ProcessSetting => ChangeSort.Change,
                    CallClass.Register => ChangeSort.Registration,
                    CallClass.Unregister => ChangeSort.Undo,
                    _ => ChangeSort.None,
                };
            case EffectKind.EventAdd:
                inverse = "-=";
                return ChangeSort.Registration;
            case EffectKind.StoreDisposable:
                inverse = "Dispose";
                return ChangeSort.Registration;
            case EffectKind.EventRemove or EffectKind.Dispose:
                return ChangeSort.Undo;
            default:
                return ChangeSort.None;
        }
    }

    /// <summary>A process-wide setting: a setting call (<c>Environment.SetEnvironmentVariable</c>), or a write to a <c>System</c> type's static.</summary>
    public static bool IsProcessSetting(Effect effect)
        => (effect.Kind == EffectKind.Call && effect.Method is { } method && Classification.IsProcessSetting(method))
           || (effect.Kind == EffectKind.Write && effect.IsProcessWide);

    /// <summary>The first effect among <paramref name="candidates"/> that undoes <paramref name="change"/>.</summary>
    public static ReachedEffect? FindUndo(Effect change, ImmutableArray<ReachedEffect> candidates, HookSafetyOptions options)
        => candidates.FirstOrDefault(c => Undoes(c.Effect, change, options));

    public static bool Undoes(Effect undo, Effect change, HookSafetyOptions options)
    {
        switch (change.Kind)
        {
            case EffectKind.EventAdd:
                return undo.Kind == EffectKind.EventRemove && undo.Path == change.Path;
            case EffectKind.StoreDisposable:
                return undo.Kind == EffectKind.Dispose && undo.Path == change.Path;
            case EffectKind.Call when Classification.Classify(change, options, out var inverse) is var callClass:
                if (callClass == CallClass.ProcessSetting)
                {
                    return undo.Kind == EffectKind.Call && undo.Method?.Name == change.Method!.Name
                           && SymbolEqualityComparer.Default.Equals(undo.Method!.ContainingType, change.Method.ContainingType)
                           && (change.Key is null || undo.Key is null || undo.Key == change.Key || !Classification.IsKeyedSetting(change.Method));
                }

                if (callClass == CallClass.Register && undo.Kind == EffectKind.Dispose && undo.Path == change.Path && !change.IsUnkept && change.IsMemberPath)
                {
                    // Disposing the object kept in the member stops what it was started or registered for (a timer, a listener).
                    return true;
                }

                if (callClass == CallClass.Register && undo.Kind == EffectKind.Call && undo.Method?.Name == inverse && undo.Path == change.Path)
                {
                    // Remove("b") does not undo Add("a"); with arguments that are not constants, the name decides.
                    return change.Key is null || undo.Key is null || SameKey(change, undo);
                }

                return change.IsMemberPath && RestoresPath(undo, change.Path, options);
            default:
                return RestoresPath(undo, change.Path, options);
        }
    }

    /// <summary>Whether two calls name the same item: the first argument, or the last for Insert(index, item) against Remove(item).</summary>
    private static bool SameKey(Effect change, Effect undo)
        => undo.Key == change.Key || (change.Method!.Name.StartsWith("Insert", System.StringComparison.Ordinal) && undo.Key == change.LastKey);

    /// <summary>A write to the path (or a prefix of it, or an entry of it), or a mutating call on it: the member is restored in some way.</summary>
    private static bool RestoresPath(Effect undo, string path, HookSafetyOptions options)
    {
        // A write to an entry of the collection changed counts, as a mutating call on it does (d[k] = v refills a cleared d).
        var covers = undo.IsMemberPath
                     && (undo.Path == path || IsWithin(path, undo.Path, '.') || IsWithin(path, undo.Path, '[')
                         || (undo.Kind == EffectKind.Write && IsWithin(undo.Path, path, '[')));
        return covers && (undo.Kind == EffectKind.Write
                          || (undo.Kind == EffectKind.Call && Classification.Classify(undo, options, out _) is not CallClass.None));
    }

    /// <summary>Whether <paramref name="path"/> starts with <paramref name="prefix"/> followed by <paramref name="separator"/> (no string made: asked for every pair of change and candidate undo).</summary>
    private static bool IsWithin(string path, string prefix, char separator)
        => path.Length > prefix.Length && path[prefix.Length] == separator && path.StartsWith(prefix, System.StringComparison.Ordinal);
}

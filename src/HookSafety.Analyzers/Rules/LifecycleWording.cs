using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace HookSafety.Analyzers.Rules;

/// <summary>How the lifecycle rules (HS0001–HS0005, and HS0008 naming a change) word a change, its verb and its undo.</summary>
internal static class LifecycleWording
{
    /// <summary>What a message names: the member path, or the call as written (<c>Net.RegisterHandler(OnConnect)</c>).</summary>
    public static string Subject(Effect effect)
        => effect.Kind == EffectKind.Call && effect.Method is { } method
            ? method.MethodKind == MethodKind.Constructor ? $"new {effect.Path}({effect.ValueText})" : $"{effect.Path}.{method.Name}({effect.ValueText})"
            : effect.Path;

    public static string Verb(Effect effect) => effect.Kind switch
    {
        EffectKind.Call => "called",
        EffectKind.EventAdd => "registered",
        EffectKind.StoreDisposable => "created",
        _ => "changed",
    };

    /// <summary>The advice's verb: <c>change it</c> for a write, <c>do it</c> for a call.</summary>
    public static string Do(Effect effect) => effect.Kind == EffectKind.Write ? "change it" : "do it";

    /// <summary>What to add to <paramref name="hook"/> to undo <paramref name="effect"/>.</summary>
    public static string Advice(Effect effect, string? inverse, string hook) => effect.Kind switch
    {
        EffectKind.EventAdd => $"add '{effect.Path} -= {effect.ValueText}' to {hook}",
        EffectKind.StoreDisposable => $"call '{effect.Path}.Dispose()' in {hook}",
        EffectKind.Call when inverse == "Join" && effect.IsUnkept => $"keep it in a field, give it a way to stop, and call its Join({JoinTimeout}) in {hook}",
        EffectKind.Call when inverse == "Dispose" && effect.IsUnkept && effect.Method is { MethodKind: MethodKind.Constructor } => $"keep it in a field and call its Dispose() in {hook}",
        EffectKind.Call when inverse == "Dispose" && effect.IsUnkept && effect.Method is { ReturnsVoid: true } => $"keep the object it registers in a field and call its Dispose() in {hook}",
        EffectKind.Call when inverse is not null && effect.IsUnkept => $"keep what it returns in a field and call its {inverse}() in {hook}",
        EffectKind.Call when inverse is not null => $"call '{effect.Path}.{inverse}({InverseArguments(effect, inverse)})' in {hook}",
        EffectKind.Call when Changes.IsProcessSetting(effect) => $"save the original setting and restore it in {hook}",
        _ => $"save the original value and restore it in {hook}",
    };

    /// <summary>The time limit the advice and the fix give a join, in milliseconds (an <c>int</c> needs no namespace where the fix writes it).</summary>
    public const string JoinTimeout = "5000";

    /// <summary>The properties of a lifecycle finding: the hook it is in, the hook it belongs in, the effect, the undoing call.</summary>
    public static ImmutableDictionary<string, string?> Properties(ReachedEffect effect, Role role, Role target, string? inverse)
        => FindingProperties.Of(effect, hook: Phases.HookName(role), targetHook: Phases.HookName(target), inverse: inverse, withEffect: true);

    /// <summary>
    /// The arguments of the undoing call: none for Pop/Dequeue, a time limit for Join (a join without one can wait forever
    /// in a hook: HS0016), the item alone for Insert(index, item).
    /// </summary>
    private static string? InverseArguments(Effect effect, string inverse)
        => inverse == "Join" ? JoinTimeout
            : inverse is "Pop" or "Dequeue" ? string.Empty
            : effect.Method!.Name.StartsWith("Insert", System.StringComparison.Ordinal) ? effect.LastArgument
            : effect.ValueText;
}

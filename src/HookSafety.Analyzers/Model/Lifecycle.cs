using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace HookSafety.Analyzers;

/// <summary>A decided finding: what a lifecycle rule reports, with the properties its code fix reads.</summary>
internal sealed class Finding
{
    public Finding(DiagnosticDescriptor descriptor, Location location, IEnumerable<Location> additional, ImmutableDictionary<string, string?> properties, params object[] arguments)
    {
        Descriptor = descriptor;
        Location = location;
        Additional = additional.ToImmutableArray();
        Properties = properties;
        Arguments = arguments;
    }

    public DiagnosticDescriptor Descriptor { get; }

    public Location Location { get; }

    public ImmutableArray<Location> Additional { get; }

    public ImmutableDictionary<string, string?> Properties { get; }

    public object[] Arguments { get; }

    public Diagnostic ToDiagnostic() => Diagnostic.Create(Descriptor, Location, Additional, Properties, Arguments);

    /// <summary>
    /// <paramref name="findings"/> with each repeat of an earlier one left out: the same rule and message at the same
    /// place (a helper that reaches the same throw twice, one hook's call of it, gives one finding); the same helper
    /// statement reached from one call along several chains of helpers, once (by the first chain); and a helper called
    /// several times from one hook gives one finding, on the first call, with the others as additional locations. One
    /// mistake, one finding.
    /// </summary>
    public static ImmutableArray<Finding> WithoutRepeats(ImmutableArray<Finding> findings)
    {
        if (findings.Length < 2)
        {
            return findings;
        }

        var seen = new HashSet<Finding>(SameReport.Instance);
        var statements = new HashSet<(string Id, Location At, Location Statement)>();
        var builder = ImmutableArray.CreateBuilder<Finding>(findings.Length);
        foreach (var finding in findings)
        {
            // The same helper statement reached from one call along several chains of helpers is one mistake too.
            var throughAHelper = finding.Additional.Length > 0 && finding.Properties.TryGetValue(FindingProperties.Direct, out var direct) && direct == "false";
            if (!seen.Add(finding) || (throughAHelper && !statements.Add((finding.Descriptor.Id, finding.Location, finding.Additional[0]))))
            {
                continue;
            }

            // The same helper statement reached from another call in the same hook: one finding, on the first call,
            // with the other calls as additional locations.
            var merged = false;
            for (var i = 0; throughAHelper && i < builder.Count && !merged; i++)
            {
                if (IsAnotherCallOf(builder[i], finding))
                {
                    var first = builder[i];
                    builder[i] = new Finding(first.Descriptor, first.Location, first.Additional.Add(finding.Location), first.Properties, first.Arguments);
                    merged = true;
                }
            }

            if (!merged)
            {
                builder.Add(finding);
            }
        }

        return builder.Count == findings.Length ? findings : builder.ToImmutable();
    }

    /// <summary>
    /// Whether <paramref name="later"/> reports what <paramref name="first"/> does, from another call of the same helper
    /// in the same hook: same rule and message, the same helper statement, through a different call.
    /// </summary>
    private static bool IsAnotherCallOf(Finding first, Finding later)
        => first.Descriptor.Equals(later.Descriptor)
           && first.Additional.Length > 0 && later.Additional.Length > 0 && first.Additional[0].Equals(later.Additional[0])
           && first.Properties.TryGetValue(FindingProperties.Direct, out var direct) && direct == "false"
           && first.Properties.TryGetValue(FindingProperties.Hook, out var hook) && later.Properties.TryGetValue(FindingProperties.Hook, out var laterHook) && hook == laterHook
           && !first.Location.Equals(later.Location)
           && SameArguments(first, later);

    /// <summary>Whether two findings' messages are filled with equal arguments.</summary>
    private static bool SameArguments(Finding x, Finding y)
        => x.Arguments.Length == y.Arguments.Length && x.Arguments.Zip(y.Arguments, (a, b) => Equals(a, b)).All(same => same);

    /// <summary>Two findings that would print the same: one descriptor, one location, equal message arguments.</summary>
    private sealed class SameReport : IEqualityComparer<Finding>
    {
        public static readonly SameReport Instance = new();

        public bool Equals(Finding? x, Finding? y)
            => ReferenceEquals(x, y)
               || (x is not null && y is not null && x.Descriptor.Equals(y.Descriptor) && x.Location.Equals(y.Location) && SameArguments(x, y));

        public int GetHashCode(Finding obj) => (obj.Descriptor.Id.GetHashCode() * 31) + obj.Location.GetHashCode();
    }
}

/// <summary>Names of the properties lifecycle findings carry for their fixes.</summary>
internal static class FindingProperties
{
    /// <summary>The hook the statement is in.</summary>
    public const string Hook = "Hook";

    /// <summary>The hook the statement, or its undo, belongs in.</summary>
    public const string TargetHook = "TargetHook";

    /// <summary>"true" when the statement is in the hook itself (not in a helper it calls): it can be moved.</summary>
    public const string Direct = "Direct";

    /// <summary>The effect's kind (<see cref="EffectKind"/>) and, for calls, its class (<see cref="CallClass"/>).</summary>
    public const string Kind = "Kind";

    public const string CallClass = "CallClass";

    /// <summary>The member path changed.</summary>
    public const string Path = "Path";

    /// <summary>The undoing method's name (Remove, Unregister, Dispose, ...).</summary>
    public const string Inverse = "Inverse";

    /// <summary>The call's arguments, or the handler added, as written.</summary>
    public const string Arguments = "Arguments";

    /// <summary>The lock object a <c>[GuardedBy]</c> member names.</summary>
    public const string Lock = "Lock";

    /// <summary>
    /// "true" on a finding reached through a helper when everything the hook's call of that helper changes, registers
    /// or undoes gets this same finding (same rule, same hook it belongs in): moving the call moves nothing else.
    /// </summary>
    public const string WholeCall = "WholeCall";
}

/// <summary>
/// The pair logic of the lifecycle rules (HS0001–HS0005), decided once per patch type with the whole type seen:
/// which change is undone where, and one finding per mistake. The phase table of hook-api.md is <see cref="Phases"/>.
/// </summary>
internal static class Lifecycle
{
    private enum Sort
    {
        None,
        Change,
        Registration,
        Undo,
    }

    public static ImmutableArray<Finding> Decide(PatchModel model, HookSafetyOptions options)
    {
        var findings = ImmutableArray.CreateBuilder<Finding>();
        // The undos already paired with a change: a few per patch, compared by reference (no identity hash to compute).
        var used = new List<ReachedEffect>();
        var sticky = model.IsSticky;

        // PostPatch: registrations pair with PreUnpatch; global changes belong in PrePatch (or, by option, pair with PreUnpatch too).
        foreach (var change in model.In(Role.PostPatch))
        {
            var sort = SortOf(change.Effect, options, out var inverse);
            if (sort == Sort.Registration || (sort == Sort.Change && options.PostPatchChangesAllowed))
            {
                Pair(model, change, Role.PostPatch, sort, inverse, options, used, findings);
            }
            else if (sort == Sort.Change)
            {
                var undo = FindUndo(change.Effect, model.In(Role.PreUnpatch), options);
                if (undo is not null)
                {
                    used.Add(undo);
                }

                findings.Add(GlobalChange(change, Hooks.PostPatch, "after the new code went live", $"{Do(change.Effect)} in PrePatch and undo it in PostUnpatch",
                    Role.PostPatch, Role.PrePatch, undo?.Location));
            }
        }

        // PrePatch: every change and registration pairs with PostUnpatch.
        foreach (var change in model.In(Role.PrePatch))
        {
            var sort = SortOf(change.Effect, options, out var inverse);
            if (sort is Sort.Change or Sort.Registration)
            {
                Pair(model, change, Role.PrePatch, sort, inverse, options, used, findings);
            }
        }

        // PreUnpatch: a change that undoes nothing is made while the new code is live.
        foreach (var change in model.In(Role.PreUnpatch))
        {
            if (!used.Contains(change) && SortOf(change.Effect, options, out _) == Sort.Change)
            {
                findings.Add(GlobalChange(change, Hooks.PreUnpatch, "while the new code is still live", $"{Do(change.Effect)} in PostUnpatch",
                    Role.PreUnpatch, Role.PostUnpatch, null));
            }
        }

        foreach (var code in model.OtherCode)
        {
            foreach (var change in code.Effects)
            {
                var sort = SortOf(change.Effect, options, out _);
                if (sort is not (Sort.Change or Sort.Registration) || !change.Effect.IsGlobal)
                {
                    continue;
                }

                if (code.Role == Role.TypeInit)
                {
                    findings.Add(GlobalChange(change, code.Where, "outside the patch lifecycle", $"{Do(change.Effect)} in PrePatch and undo it in PostUnpatch", Role.TypeInit, Role.PrePatch, null));
                }
                else if (IsProcessSetting(change.Effect))
                {
                    findings.Add(GlobalChange(change, code.Where, "a process-wide setting changed by the new code on its callers' threads", $"{Do(change.Effect)} in PrePatch and undo it in PostUnpatch", Role.Replacement, Role.PrePatch, null));
                }
                else if (change.Effect.IsGuarded)
                {
                    findings.Add(GlobalChange(change, code.Where, "a one-time fix-up racing with every caller of the new code", "do it in PrePatch and undo it in PostUnpatch", Role.Replacement, Role.PrePatch, null));
                }
                else if (options.AllReplacementWrites)
                {
                    findings.Add(GlobalChange(change, code.Where, "on every call of the new code", $"{Do(change.Effect)} in PrePatch and undo it in PostUnpatch", Role.Replacement, Role.PrePatch, null));
                }
            }
        }

        if (!sticky)
        {
            Shadows(model, findings);
        }

        MarkWholeCalls(model, findings, options);
        return findings.ToImmutable();
    }

    /// <summary>
    /// Marks <see cref="FindingProperties.WholeCall"/> on the findings of a hook's call of a helper when every
    /// lifecycle effect the hook reaches through that call (a change, registration, undo or shadow variable) has one of
    /// them, all of one rule and one hook they belong in.
    /// </summary>
    private static void MarkWholeCalls(PatchModel model, ImmutableArray<Finding>.Builder findings, HookSafetyOptions options)
    {
        for (var i = 0; i < findings.Count; i++)
        {
            var finding = findings[i];
            if (!finding.Properties.TryGetValue(FindingProperties.Direct, out var direct) || direct != "false"
                || finding.Properties.ContainsKey(FindingProperties.WholeCall)
                || !finding.Properties.TryGetValue(FindingProperties.Hook, out var hookName))
            {
                continue;
            }

            // The findings of this call: reported at the call itself, from the same hook.
            var same = new List<int>();
            var whole = true;
            for (var j = 0; j < findings.Count; j++)
            {
                var other = findings[j];
                if (other.Location.Equals(finding.Location) && other.Properties.TryGetValue(FindingProperties.Hook, out var otherHook) && otherHook == hookName)
                {
                    same.Add(j);
                    whole &= other.Descriptor.Id == finding.Descriptor.Id
                             && other.Properties.TryGetValue(FindingProperties.TargetHook, out var target) && finding.Properties.TryGetValue(FindingProperties.TargetHook, out var expected) && target == expected;
                }
            }

            var reached = 0;
            foreach (var (key, effects) in model.Hooks)
            {
                if (Phases.HookName(key) != hookName)
                {
                    continue;
                }

                foreach (var effect in effects)
                {
                    if (effect.CallSite is not null && effect.Location.Equals(finding.Location)
                        && (SortOf(effect.Effect, options, out _) != Sort.None || effect.Effect.Kind is EffectKind.ShadowAttach or EffectKind.ShadowDetachAll))
                    {
                        reached++;
                    }
                }
            }

            foreach (var j in same)
            {
                var other = findings[j];
                findings[j] = new Finding(other.Descriptor, other.Location, other.Additional,
                    other.Properties.SetItem(FindingProperties.WholeCall, whole && reached == same.Count ? "true" : "false"), other.Arguments);
            }
        }
    }

    /// <summary>A change or registration made in <paramref name="role"/> and its undo: in the matching hook, the wrong one, or missing.</summary>
    private static void Pair(PatchModel model, ReachedEffect change, Role role, Sort sort, string? inverse, HookSafetyOptions options, List<ReachedEffect> used, ImmutableArray<Finding>.Builder findings)
    {
        var right = Phases.UndoneIn(role);
        var wrong = Phases.WrongUndo(role);
        if (FindUndo(change.Effect, model.In(right), options) is { } undo)
        {
            used.Add(undo);
            return;
        }

        if (FindUndo(change.Effect, model.In(wrong), options) is { } misplaced)
        {
            used.Add(misplaced);
            if (!model.IsSticky)
            {
                var reason = wrong == Role.PreUnpatch
                    ? "while the new code is still live"
                    : sort == Sort.Registration
                        ? "after the new code was switched off, so it can still call into code that is gone"
                        : "after the old code came back and ran with the changed value";
                findings.Add(new Finding(Descriptors.UndoInWrongHook, misplaced.Location, misplaced.HelperLocation.Add(change.Location),
                    Properties(misplaced, wrong, right, null),
                    Subject(change.Effect), Verb(change.Effect), Phases.HookName(role), Phases.HookName(wrong), misplaced.Via, reason, Phases.HookName(right)));
            }

            return;
        }

        if (model.IsSticky)
        {
            return;
        }

        var hook = Phases.HookName(role);
        var undoHook = Phases.HookName(right);
        // Nothing keeps an unkept receiver: no undo can be written for it, so the fixes are given no inverse.
        var properties = Properties(change, role, right, change.Effect.IsUnkept ? null : inverse);
        if (sort == Sort.Registration && role == Role.PostPatch)
        {
            findings.Add(new Finding(Descriptors.MissingUnregistration, change.Location, change.HelperLocation, properties,
                Subject(change.Effect), Verb(change.Effect), hook, change.Via, undoHook, Advice(change.Effect, inverse, undoHook)));
        }
        else
        {
            findings.Add(new Finding(Descriptors.MissingUndo, change.Location, change.HelperLocation, properties,
                Subject(change.Effect), Verb(change.Effect), hook, change.Via, undoHook, Advice(change.Effect, inverse, undoHook)));
        }
    }

    private static void Shadows(PatchModel model, ImmutableArray<Finding>.Builder findings)
    {
        var reported = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
        foreach (var (where, attach) in model.Everything)
        {
            if (attach.Effect is not { Kind: EffectKind.ShadowAttach, Variable: { } variable } || !reported.Add(variable))
            {
                continue;
            }

            if (model.In(Role.PostUnpatch).Any(e => IsDetachAll(e, variable)))
            {
                continue;
            }

            var misplaced = model.In(Role.PreUnpatch).FirstOrDefault(e => IsDetachAll(e, variable));
            if (misplaced is not null)
            {
                findings.Add(new Finding(Descriptors.UndoInWrongHook, misplaced.Location, misplaced.HelperLocation.Add(attach.Location),
                    Properties(misplaced, Role.PreUnpatch, Role.PostUnpatch, null),
                    variable.Name, "attached", where, Hooks.PreUnpatch, misplaced.Via, "while the new code can still attach to it", Hooks.PostUnpatch));
                continue;
            }

            // Inside the patch the variable is named by its name; elsewhere by its full path.
            var expression = SymbolEqualityComparer.Default.Equals(variable.ContainingType, model.Type) || IsInBase(model.Type, variable)
                ? variable.Name
                : attach.Effect.Path;
            var properties = ImmutableDictionary<string, string?>.Empty
                .Add(FindingProperties.Hook, where)
                .Add(FindingProperties.TargetHook, Hooks.PostUnpatch)
                .Add(FindingProperties.Direct, attach.CallSite is null ? "true" : "false")
                .Add(FindingProperties.Path, expression);
            findings.Add(new Finding(Descriptors.ShadowVariableLeak, attach.Location, attach.HelperLocation, properties, variable.Name, where, attach.Via, expression));
        }
    }

    private static bool IsInBase(INamedTypeSymbol type, ISymbol member)
    {
        for (var current = type.BaseType; current is not null; current = current.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(current, member.ContainingType))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsDetachAll(ReachedEffect effect, ISymbol variable)
        => effect.Effect.Kind == EffectKind.ShadowDetachAll && SymbolEqualityComparer.Default.Equals(effect.Effect.Variable, variable);

    private static Finding GlobalChange(ReachedEffect change, string where, string reason, string advice, Role role, Role target, Location? undo)
    {
        var additional = undo is null ? change.HelperLocation : change.HelperLocation.Add(undo);
        return new Finding(Descriptors.GlobalChangeOutsidePrePatch, change.Location, additional, Properties(change, role, target, null),
            Subject(change.Effect), Verb(change.Effect), where, change.Via, reason, advice);
    }

    /// <summary>What a message names: the member path, or the call as written (<c>Net.RegisterHandler(OnConnect)</c>).</summary>
    internal static string Subject(Effect effect)
        => effect.Kind == EffectKind.Call && effect.Method is { } method ? $"{effect.Path}.{method.Name}({effect.ValueText})" : effect.Path;

    private static string Verb(Effect effect) => effect.Kind switch
    {
        EffectKind.Call => "called",
        EffectKind.EventAdd => "registered",
        EffectKind.StoreDisposable => "created",
        _ => "changed",
    };

    private static string Do(Effect effect) => effect.Kind == EffectKind.Write ? "change it" : "do it";

    private static ImmutableDictionary<string, string?> Properties(ReachedEffect effect, Role role, Role target, string? inverse)
    {
        var builder = ImmutableDictionary.CreateBuilder<string, string?>();
        builder[FindingProperties.Hook] = Phases.HookName(role);
        builder[FindingProperties.TargetHook] = Phases.HookName(target);
        builder[FindingProperties.Direct] = effect.CallSite is null ? "true" : "false";
        builder[FindingProperties.Kind] = effect.Effect.Kind.ToString();
        builder[FindingProperties.Path] = effect.Effect.Path;
        if (inverse is not null)
        {
            builder[FindingProperties.Inverse] = inverse;
        }

        if (effect.Effect.ValueText is { } value)
        {
            builder[FindingProperties.Arguments] = value;
        }

        return builder.ToImmutable();
    }

    private static string Advice(Effect effect, string? inverse, string hook) => effect.Kind switch
    {
        EffectKind.EventAdd => $"add '{effect.Path} -= {effect.ValueText}' to {hook}",
        EffectKind.StoreDisposable => $"call '{effect.Path}.Dispose()' in {hook}",
        EffectKind.Call when inverse is not null && effect.IsUnkept => $"keep it in a field and call its {inverse}() in {hook}",
        EffectKind.Call when inverse is not null => $"call '{effect.Path}.{inverse}({InverseArguments(effect, inverse)})' in {hook}",
        EffectKind.Call when IsProcessSetting(effect) => $"save the original setting and restore it in {hook}",
        _ => $"save the original value and restore it in {hook}",
    };

    /// <summary>The arguments of the undoing call: none for Pop/Dequeue/Join, the item alone for Insert(index, item).</summary>
    private static string? InverseArguments(Effect effect, string inverse)
        => inverse is "Join" or "Pop" or "Dequeue" ? string.Empty
            : effect.Method!.Name.StartsWith("Insert", System.StringComparison.Ordinal) ? effect.LastArgument
            : effect.ValueText;

    private static bool IsProcessSetting(Effect effect)
        => (effect.Kind == EffectKind.Call && effect.Method is { } method && Classification.IsProcessSetting(method))
           || (effect.Kind == EffectKind.Write && effect.IsProcessWide);

    /// <summary>Whether an effect changes global state or registers something: what an undo is owed for.</summary>
    internal static bool IsChange(Effect effect, HookSafetyOptions options) => SortOf(effect, options, out _) is Sort.Change or Sort.Registration;

    private static Sort SortOf(Effect effect, HookSafetyOptions options, out string? inverse)
    {
        inverse = null;
        switch (effect.Kind)
        {
            case EffectKind.Write:
                return effect.IsGlobal ? Sort.Change : Sort.None;
            case EffectKind.Call:
                return Classification.Classify(effect, options, out inverse) switch
                {
                    CallClass.Change or CallClass.ProcessSetting => Sort.Change,
                    CallClass.Register => Sort.Registration,
                    CallClass.Unregister => Sort.Undo,
                    _ => Sort.None,
                };
            case EffectKind.EventAdd:
                inverse = "-=";
                return Sort.Registration;
            case EffectKind.StoreDisposable:
                inverse = "Dispose";
                return Sort.Registration;
            case EffectKind.EventRemove or EffectKind.Dispose:
                return Sort.Undo;
            default:
                return Sort.None;
        }
    }

    /// <summary>The first effect among <paramref name="candidates"/> that undoes <paramref name="change"/>.</summary>
    private static ReachedEffect? FindUndo(Effect change, ImmutableArray<ReachedEffect> candidates, HookSafetyOptions options)
        => candidates.FirstOrDefault(c => Undoes(c.Effect, change, options));

    internal static bool Undoes(Effect undo, Effect change, HookSafetyOptions options)
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
                           && (change.Key is null || undo.Key is null || undo.Key == change.Key);
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
                     && (undo.Path == path || path.StartsWith(undo.Path + ".", System.StringComparison.Ordinal) || path.StartsWith(undo.Path + "[", System.StringComparison.Ordinal)
                         || (undo.Kind == EffectKind.Write && undo.Path.StartsWith(path + "[", System.StringComparison.Ordinal)));
        return covers && (undo.Kind == EffectKind.Write
                          || (undo.Kind == EffectKind.Call && Classification.Classify(undo, options, out _) is not CallClass.None));
    }
}

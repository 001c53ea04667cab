using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace HookSafety.Analyzers;

/// <summary>Where a change's undo was found: in the hook that undoes it, in the other undo hook, or nowhere.</summary>
internal enum UndoStatus
{
    Undone,
    Misplaced,
    Missing,
}

/// <summary>A change or registration a hook makes, paired with its undo (see <see cref="UndoPairing"/>).</summary>
internal sealed class ChangePair
{
    public ChangePair(ReachedEffect change, Role role, ChangeSort sort, string? inverse, ReachedEffect? undo, UndoStatus status)
    {
        Change = change;
        Role = role;
        Sort = sort;
        Inverse = inverse;
        Undo = undo;
        Status = status;
    }

    public ReachedEffect Change { get; }

    /// <summary>The hook that makes the change.</summary>
    public Role Role { get; }

    public ChangeSort Sort { get; }

    /// <summary>The undoing call's name, when the change has one (<c>Remove</c>, <c>-=</c>, <c>Dispose</c>).</summary>
    public string? Inverse { get; }

    /// <summary>The undo, when found (in <see cref="UndoRole"/> or, misplaced, in <see cref="WrongRole"/>).</summary>
    public ReachedEffect? Undo { get; }

    public UndoStatus Status { get; }

    /// <summary>The hook that undoes it: PrePatch ↔ PostUnpatch, PostPatch ↔ PreUnpatch.</summary>
    public Role UndoRole => Phases.UndoneIn(Role);

    /// <summary>The other undo hook, where an undo is in the wrong place.</summary>
    public Role WrongRole => Phases.WrongUndo(Role);
}

/// <summary>A shadow variable attached by the patch, and where its <c>DetachAll()</c> was found.</summary>
internal sealed class ShadowPair
{
    public ShadowPair(string where, ReachedEffect attach, ISymbol variable, ReachedEffect? misplacedDetach, UndoStatus status)
    {
        Where = where;
        Attach = attach;
        Variable = variable;
        MisplacedDetach = misplacedDetach;
        Status = status;
    }

    /// <summary>The code that attaches, as messages name it.</summary>
    public string Where { get; }

    public ReachedEffect Attach { get; }

    public ISymbol Variable { get; }

    /// <summary>A <c>DetachAll()</c> in PreUnpatch, when there is none in PostUnpatch.</summary>
    public ReachedEffect? MisplacedDetach { get; }

    public UndoStatus Status { get; }
}

/// <summary>
/// The lifecycle's undo pairing of one patch type, decided once with the whole type seen: each change or registration
/// of the hooks with its undo (in the right hook, the wrong one, or missing), the PostPatch changes that belong in
/// PrePatch, the PreUnpatch changes that undo nothing, and the shadow variables with their detach. Data only: the
/// lifecycle rules (HS0001–HS0005) each read their part of it.
/// </summary>
internal sealed class UndoPairing
{
    private UndoPairing(
        ImmutableArray<(ReachedEffect Change, ReachedEffect? Undo)> lateChanges,
        ImmutableArray<ChangePair> pairs,
        ImmutableArray<ReachedEffect> strayUnpatchChanges,
        ImmutableArray<ShadowPair> shadows)
    {
        LateChanges = lateChanges;
        Pairs = pairs;
        StrayUnpatchChanges = strayUnpatchChanges;
        Shadows = shadows;
    }

    /// <summary>Changes made in PostPatch that belong in PrePatch, each with the PreUnpatch statement that restores it, if any.</summary>
    public ImmutableArray<(ReachedEffect Change, ReachedEffect? Undo)> LateChanges { get; }

    /// <summary>Every other change and registration of PostPatch, then of PrePatch, in the hooks' order, with its undo.</summary>
    public ImmutableArray<ChangePair> Pairs { get; }

    /// <summary>Changes in PreUnpatch that undo nothing: made while the new code is still live.</summary>
    public ImmutableArray<ReachedEffect> StrayUnpatchChanges { get; }

    /// <summary>Each shadow variable attached anywhere in the patch (first attach), with its detach; none for a sticky patch.</summary>
    public ImmutableArray<ShadowPair> Shadows { get; }

    public static UndoPairing Of(PatchModel model, HookSafetyOptions options)
    {
        var late = ImmutableArray.CreateBuilder<(ReachedEffect, ReachedEffect?)>();
        var pairs = ImmutableArray.CreateBuilder<ChangePair>();
        // The undos already paired with a change: a few per patch, compared by reference (no identity hash to compute).
        var used = new List<ReachedEffect>();

        // PostPatch: registrations pair with PreUnpatch; global changes belong in PrePatch (or, by option, pair with PreUnpatch too).
        foreach (var change in model.In(Role.PostPatch))
        {
            var sort = Changes.SortOf(change.Effect, options, out var inverse);
            if (sort == ChangeSort.Registration || (sort == ChangeSort.Change && options.PostPatchChangesAllowed))
            {
                pairs.Add(Pair(model, change, Role.PostPatch, sort, inverse, options, used));
            }
            else if (sort == ChangeSort.Change)
            {
                var undo = Changes.FindUndo(change.Effect, model.In(Role.PreUnpatch), options);
                if (undo is not null)
                {
                    used.Add(undo);
                }

                late.Add((change, undo));
            }
        }

        // PrePatch: every change and registration pairs with PostUnpatch.
        foreach (var change in model.In(Role.PrePatch))
        {
            var sort = Changes.SortOf(change.Effect, options, out var inverse);
            if (sort is ChangeSort.Change or ChangeSort.Registration)
            {
                pairs.Add(Pair(model, change, Role.PrePatch, sort, inverse, options, used));
            }
        }

        // PreUnpatch: a change that undoes nothing is made while the new code is live.
        var stray = ImmutableArray.CreateBuilder<ReachedEffect>();
        foreach (var change in model.In(Role.PreUnpatch))
        {
            if (!used.Contains(change) && Changes.SortOf(change.Effect, options, out _) == ChangeSort.Change)
            {
                stray.Add(change);
            }
        }

        return new UndoPairing(late.ToImmutable(), pairs.ToImmutable(), stray.ToImmutable(), model.IsSticky ? ImmutableArray<ShadowPair>.Empty : FindShadows(model));
    }

    private static ChangePair Pair(PatchModel model, ReachedEffect change, Role role, ChangeSort sort, string? inverse, HookSafetyOptions options, List<ReachedEffect> used)
    {
        if (Changes.FindUndo(change.Effect, model.In(Phases.UndoneIn(role)), options) is { } undo)
        {
            used.Add(undo);
            return new ChangePair(change, role, sort, inverse, undo, UndoStatus.Undone);
        }

        if (Changes.FindUndo(change.Effect, model.In(Phases.WrongUndo(role)), options) is { } misplaced)
        {
            used.Add(misplaced);
            return new ChangePair(change, role, sort, inverse, misplaced, UndoStatus.Misplaced);
        }

        return new ChangePair(change, role, sort, inverse, null, UndoStatus.Missing);
    }

    private static ImmutableArray<ShadowPair> FindShadows(PatchModel model)
    {
        var result = ImmutableArray.CreateBuilder<ShadowPair>();
        var seen = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
        // Attached anywhere: in the patch's methods, or in a lambda or method it hands out (items.ForEach(i => s_rx.Attach(i, 0))).
        foreach (var (where, attach) in model.Everything.Concat(model.Callbacks.SelectMany(c => c.Effects.Select(e => (c.Where, e)))))
        {
            if (attach.Effect is not { Kind: EffectKind.ShadowAttach, Variable: { } variable } || !seen.Add(variable))
            {
                continue;
            }

            if (DetachAll(model.In(Role.PostUnpatch), variable) is not null)
            {
                result.Add(new ShadowPair(where, attach, variable, null, UndoStatus.Undone));
                continue;
            }

            var misplaced = DetachAll(model.In(Role.PreUnpatch), variable);
            result.Add(new ShadowPair(where, attach, variable, misplaced, misplaced is null ? UndoStatus.Missing : UndoStatus.Misplaced));
        }

        return result.ToImmutable();
    }

    /// <summary>The first <c>DetachAll()</c> of <paramref name="variable"/> among <paramref name="effects"/>, or null.</summary>
    private static ReachedEffect? DetachAll(ImmutableArray<ReachedEffect> effects, ISymbol variable)
    {
        foreach (var effect in effects)
        {
            if (IsDetachAll(effect, variable))
            {
                return effect;
            }
        }

        return null;
    }

    private static bool IsDetachAll(ReachedEffect effect, ISymbol variable)
        => effect.Effect.Kind == EffectKind.ShadowDetachAll && SymbolEqualityComparer.Default.Equals(effect.Effect.Variable, variable);
}

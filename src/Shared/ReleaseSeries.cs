using System;
using System.Collections.Generic;

namespace HookSafety.Shared;

/// <summary>
/// A series of releases, each a <see cref="PatchSummary"/>, simulated the way <c>PatchManager</c> would take them: every
/// upgrade (a release enabled over the field an earlier one left) and every rollback (an earlier release enabled over the
/// field a later one left) is checked with the runtime's rule (<see cref="StateCompatibility"/>) and its refusal of an id
/// already enabled. No I/O and no Roslyn: the release series check of the analyzers and <c>hooksafety series</c> can share it.
/// See <c>docs/release-series.md</c>.
/// </summary>
internal static class ReleaseSeries
{
    /// <summary>The field once releases 0 to <paramref name="last"/> (inclusive) are deployed in order, from an empty field.</summary>
    public static SeriesField Deploy(IReadOnlyList<PatchSummary> releases, int last)
    {
        if (last >= releases.Count)
        {
            throw new ArgumentOutOfRangeException(nameof(last));
        }

        var field = SeriesField.Empty;
        for (var r = 0; r <= last; r++)
        {
            field = DeployOver(field, releases[r], r);
        }

        return field;
    }

    /// <summary>
    /// The field once <paramref name="release"/> (the series' release <paramref name="index"/>) is deployed over
    /// <paramref name="field"/>: its patches enabled in its summary's order, unchecked.
    /// </summary>
    public static SeriesField DeployOver(SeriesField field, PatchSummary release, int index)
    {
        foreach (var patch in release.Patches)
        {
            field = field.Enable(patch, index);
        }

        return field;
    }

    /// <summary>
    /// Enables release <paramref name="release"/>'s patches, in its summary's order, over <paramref name="field"/>: each
    /// patch is checked against the field as it is when that patch is enabled, then applied, refused or not (so the
    /// field after is what the release would leave if the manager had let every patch in).
    /// </summary>
    public static SeriesField Enable(SeriesField field, IReadOnlyList<PatchSummary> releases, int release, List<PatchRefusal> refusals)
    {
        foreach (var patch in releases[release].Patches)
        {
            if (Check(field, patch, release) is { } refusal)
            {
                refusals.Add(refusal);
            }

            field = field.Enable(patch, release);
        }

        return field;
    }

    /// <summary>
    /// Why <c>PatchManager.Enable</c> would refuse <paramref name="patch"/> (of release <paramref name="release"/>, or -1
    /// for a patch not yet released) over <paramref name="field"/>, in its words, or null when it would enable it: a
    /// patch with its id is already enabled, or the states rule refuses.
    /// </summary>
    public static PatchRefusal? Check(SeriesField field, PatchEntry patch, int release)
    {
        var displayName = DisplayName(patch);
        if (field.IsEnabled(patch.Id))
        {
            return new PatchRefusal(RefusalKind.Id, release, patch, null, null, null, StateCompatibility.IdAlreadyEnabled(displayName, patch.Id));
        }

        return StateCompatibility.Check(displayName, patch.Cumulative, patch.States, field.Registered) is { } state
            ? new PatchRefusal(RefusalKind.State, release, patch, state.StateId, state.Registered, state.Declared, state.Message)
            : null;
    }

    /// <summary>Upgrade <paramref name="from"/> → <paramref name="to"/> (from &lt; to): release <paramref name="to"/> enabled over the field of 0..from.</summary>
    public static SeriesTransition Upgrade(IReadOnlyList<PatchSummary> releases, int from, int to)
    {
        if (from < 0 || from >= to || to >= releases.Count)
        {
            throw new ArgumentOutOfRangeException(nameof(to), "An upgrade goes from a release to a later one.");
        }

        var before = Deploy(releases, from);
        var refusals = new List<PatchRefusal>();
        var after = Enable(before, releases, to, refusals);
        return new SeriesTransition(TransitionKind.Upgrade, from, to, refusals, Array.Empty<EnabledPatch>(), Dropped(before, after));
    }

    /// <summary>
    /// Rollback <paramref name="from"/> → <paramref name="to"/> (to &lt; from): over the field of 0..from, impossible if a
    /// patch enabled there is sticky (it can never be disabled: its change is permanent); otherwise release
    /// <paramref name="to"/> enabled over that field, by the same rule (a state cannot go back to a lower version).
    /// </summary>
    public static SeriesTransition Rollback(IReadOnlyList<PatchSummary> releases, int from, int to)
    {
        if (to < 0 || to >= from || from >= releases.Count)
        {
            throw new ArgumentOutOfRangeException(nameof(to), "A rollback goes from a release to an earlier one.");
        }

        var before = Deploy(releases, from);
        var sticky = new List<EnabledPatch>();
        foreach (var enabled in before.Enabled)
        {
            if (enabled.Patch.Sticky)
            {
                sticky.Add(enabled);
            }
        }

        if (sticky.Count > 0)
        {
            return new SeriesTransition(TransitionKind.Rollback, from, to, Array.Empty<PatchRefusal>(), sticky, Array.Empty<KeyValuePair<string, int>>());
        }

        var refusals = new List<PatchRefusal>();
        var after = Enable(before, releases, to, refusals);
        return new SeriesTransition(TransitionKind.Rollback, from, to, refusals, sticky, Dropped(before, after));
    }

    /// <summary>
    /// Every transition of the series: the upgrades (by release, then by target), then the rollbacks (by release, then
    /// from the nearest earlier release to the first).
    /// </summary>
    public static IReadOnlyList<SeriesTransition> Transitions(IReadOnlyList<PatchSummary> releases)
    {
        var transitions = new List<SeriesTransition>();
        for (var from = 0; from < releases.Count; from++)
        {
            for (var to = from + 1; to < releases.Count; to++)
            {
                transitions.Add(Upgrade(releases, from, to));
            }
        }

        for (var from = 1; from < releases.Count; from++)
        {
            for (var to = from - 1; to >= 0; to--)
            {
                transitions.Add(Rollback(releases, from, to));
            }
        }

        return transitions;
    }

    /// <summary>How the runtime names a patch in its messages: <c>'id' (Full.Type.Name)</c>.</summary>
    public static string DisplayName(PatchEntry patch) => $"'{patch.Id}' ({patch.Type})";

    /// <summary>The states registered before and not after, by id, with the version they had: their data is lost.</summary>
    private static IReadOnlyList<KeyValuePair<string, int>> Dropped(SeriesField before, SeriesField after)
    {
        var dropped = new List<KeyValuePair<string, int>>();
        foreach (var state in before.Registered)
        {
            if (!after.IsRegistered(state.Key))
            {
                dropped.Add(state);
            }
        }

        return dropped;
    }
}

/// <summary>
/// The patches enabled and the states registered, as <c>PatchManager</c> would have them. Immutable: enabling a patch
/// gives a new field.
/// </summary>
internal sealed class SeriesField
{
    public static readonly SeriesField Empty = new(Array.Empty<EnabledPatch>(), Array.Empty<KeyValuePair<string, int>>());

    private SeriesField(IReadOnlyList<EnabledPatch> enabled, IReadOnlyList<KeyValuePair<string, int>> registered)
    {
        Enabled = enabled;
        Registered = registered;
    }

    /// <summary>The enabled patches, in the order they were enabled.</summary>
    public IReadOnlyList<EnabledPatch> Enabled { get; }

    /// <summary>The registered states, id and version, by id (ordinal).</summary>
    public IReadOnlyList<KeyValuePair<string, int>> Registered { get; }

    public bool IsEnabled(string patchId)
    {
        foreach (var enabled in Enabled)
        {
            if (enabled.Patch.Id == patchId)
            {
                return true;
            }
        }

        return false;
    }

    public bool IsRegistered(string stateId)
    {
        foreach (var state in Registered)
        {
            if (state.Key == stateId)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The field once <paramref name="patch"/> (of release <paramref name="release"/>) is enabled, unchecked: a cumulative
    /// patch replaces every enabled patch and only its states stay registered; any other is added, and its states
    /// become the registered versions of their ids.
    /// </summary>
    public SeriesField Enable(PatchEntry patch, int release)
    {
        var added = new EnabledPatch(patch, release);
        if (patch.Cumulative)
        {
            return new SeriesField(new[] { added }, patch.States);
        }

        var enabled = new List<EnabledPatch>(Enabled.Count + 1);
        enabled.AddRange(Enabled);
        enabled.Add(added);

        var registered = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var state in Registered)
        {
            registered[state.Key] = state.Value;
        }

        foreach (var state in patch.States)
        {
            registered[state.Key] = state.Value;
        }

        return new SeriesField(enabled, new List<KeyValuePair<string, int>>(registered));
    }
}

/// <summary>An enabled patch and the release (its index in the series) it came with.</summary>
internal sealed class EnabledPatch
{
    public EnabledPatch(PatchEntry patch, int release)
    {
        Patch = patch;
        Release = release;
    }

    public PatchEntry Patch { get; }

    public int Release { get; }
}

/// <summary>What the manager would refuse a patch for.</summary>
internal enum RefusalKind
{
    /// <summary>A state the patch does not declare, or declares below the registered version.</summary>
    State,

    /// <summary>A patch with the same id is already enabled.</summary>
    Id,
}

/// <summary>One patch the manager would refuse, with the data of the refusal and the runtime's message.</summary>
internal sealed class PatchRefusal
{
    public PatchRefusal(RefusalKind kind, int release, PatchEntry patch, string? stateId, int? registered, int? declared, string message)
    {
        Kind = kind;
        Release = release;
        Patch = patch;
        StateId = stateId;
        Registered = registered;
        Declared = declared;
        Message = message;
    }

    public RefusalKind Kind { get; }

    /// <summary>The release (index in the series) the refused patch belongs to.</summary>
    public int Release { get; }

    public PatchEntry Patch { get; }

    /// <summary>The state refused, or null for an id refusal.</summary>
    public string? StateId { get; }

    /// <summary>The state's registered version, or null for an id refusal.</summary>
    public int? Registered { get; }

    /// <summary>The version the patch declares, or null when it does not declare the state (or for an id refusal).</summary>
    public int? Declared { get; }

    /// <summary>The refusal as <c>PatchManager.Enable</c> words it.</summary>
    public string Message { get; }
}

internal enum TransitionKind
{
    Upgrade,
    Rollback,
}

/// <summary>One transition of a series: from a deployed release to another one, and what the manager would say.</summary>
internal sealed class SeriesTransition
{
    public SeriesTransition(TransitionKind kind, int from, int to, IReadOnlyList<PatchRefusal> refusals, IReadOnlyList<EnabledPatch> sticky, IReadOnlyList<KeyValuePair<string, int>> dropped)
    {
        Kind = kind;
        From = from;
        To = to;
        Refusals = refusals;
        Sticky = sticky;
        Dropped = dropped;
    }

    public TransitionKind Kind { get; }

    /// <summary>The release deployed (index in the series).</summary>
    public int From { get; }

    /// <summary>The release enabled over it (index in the series).</summary>
    public int To { get; }

    /// <summary>The patches of <see cref="To"/> the manager would refuse, in the order they are enabled.</summary>
    public IReadOnlyList<PatchRefusal> Refusals { get; }

    /// <summary>For a rollback, the sticky patches enabled in the field that make it impossible; otherwise empty.</summary>
    public IReadOnlyList<EnabledPatch> Sticky { get; }

    /// <summary>The states registered before and not after (id and the version they had): their data is lost.</summary>
    public IReadOnlyList<KeyValuePair<string, int>> Dropped { get; }

    /// <summary>A rollback a sticky patch forbids.</summary>
    public bool IsImpossible => Sticky.Count > 0;

    public bool IsAllowed => Sticky.Count == 0 && Refusals.Count == 0;
}

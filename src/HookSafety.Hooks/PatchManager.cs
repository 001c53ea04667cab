using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Linq;
using System.Threading;

namespace HookSafety.Hooks;

/// <summary>
/// Applies and removes patches in this process, following the lifecycle of the hook API:
/// <list type="number">
/// <item><see cref="Enable"/> checks the patch's metadata and states (<see cref="PatchIncompatibleException"/>, nothing
/// ran), runs <see cref="LivePatch.PrePatch"/> (a rejection or exception: <see cref="PatchRejectedException"/>, nothing
/// changed), switches every replaced <see cref="PatchPoint{TDelegate}"/> to the patch's method, runs
/// <see cref="LivePatch.PostPatch"/> and, for a cumulative patch, removes every other enabled patch without running
/// its hooks.</item>
/// <item><see cref="Disable"/> runs <see cref="LivePatch.PreUnpatch"/>, switches the points back and drops the states
/// no other enabled patch declares, then runs <see cref="LivePatch.PostUnpatch"/>.</item>
/// </list>
/// </summary>
/// <remarks>
/// <see cref="Enable"/> and <see cref="Disable"/> may be called from any thread; they are serialized, so the hooks of
/// one manager never run at the same time as each other. A hook may not call <see cref="Enable"/> or
/// <see cref="Disable"/> of its own manager (<see cref="InvalidOperationException"/>). <see cref="Enabled"/> and
/// <see cref="States"/> are immutable snapshots, read without locking; a reader never sees a half-done change.
/// </remarks>
public sealed class PatchManager
{
    private static readonly Snapshot s_empty = new(Array.Empty<Entry>());

    private readonly object _lock = new();
    private Snapshot _snapshot = s_empty;
    private Thread? _operationThread;

    /// <summary>The enabled patches, in enable order (an immutable snapshot).</summary>
    public IReadOnlyList<LivePatch> Enabled => Volatile.Read(ref _snapshot).Enabled;

    /// <summary>
    /// The registered states (an immutable snapshot): for each state id, the <see cref="PatchState"/> of the most
    /// recently enabled patch that declares it.
    /// </summary>
    public IReadOnlyCollection<PatchState> States => Volatile.Read(ref _snapshot).States;

    /// <summary>
    /// Enables <paramref name="patch"/>: checks it, runs <see cref="LivePatch.PrePatch"/>, switches its points to its
    /// replacement methods, runs <see cref="LivePatch.PostPatch"/> and, when it is cumulative, removes every other
    /// enabled patch without running their hooks (their states are taken over; points only they replaced go back to
    /// their originals).
    /// </summary>
    /// <remarks>
    /// The patch appears in <see cref="Enabled"/> (and its states in <see cref="States"/>) once <c>PostPatch</c> has
    /// run; its replacements are live from before <c>PostPatch</c>. A non-cumulative patch's states become the
    /// registered ones for their ids; a cumulative patch's states become the only registered ones.
    /// A hook must not wait for another thread that calls this manager: that thread waits for the hook.
    /// </remarks>
    /// <param name="patch">The patch.</param>
    /// <exception cref="ArgumentNullException"><paramref name="patch"/> is null.</exception>
    /// <exception cref="PatchIncompatibleException">
    /// The patch's metadata is wrong, its id is already enabled, or its states do not fit the registered ones; nothing ran.
    /// </exception>
    /// <exception cref="PatchRejectedException"><c>PrePatch</c> rejected or threw; nothing changed.</exception>
    /// <exception cref="PatchHookException"><c>PostPatch</c> threw; the patch is enabled anyway.</exception>
    /// <exception cref="InvalidOperationException">Called from a hook run by this manager.</exception>
    public void Enable(LivePatch patch)
    {
        ArgumentNullException.ThrowIfNull(patch);
        Serialized(nameof(Enable), () => EnableLocked(patch));
    }

    /// <summary>
    /// Disables the patch <paramref name="patchId"/>: runs <see cref="LivePatch.PreUnpatch"/>, takes its replacements
    /// out of every point (wherever they stand in the point's stack), drops the states no other enabled patch declares,
    /// and runs <see cref="LivePatch.PostUnpatch"/>.
    /// </summary>
    /// <param name="patchId">The patch's id.</param>
    /// <exception cref="ArgumentNullException"><paramref name="patchId"/> is null.</exception>
    /// <exception cref="ArgumentException">No enabled patch has this id; nothing ran.</exception>
    /// <exception cref="InvalidOperationException">
    /// The patch is sticky (nothing ran), or the call comes from a hook run by this manager.
    /// </exception>
    /// <exception cref="PatchHookException">An unpatch hook threw; the patch is disabled anyway.</exception>
    public void Disable(string patchId)
    {
        ArgumentNullException.ThrowIfNull(patchId);
        Serialized(nameof(Disable), () => DisableLocked(patchId));
    }

    /// <summary>Runs one operation under the manager's lock; a hook of this manager may not start another.</summary>
    private void Serialized(string operation, Action body)
    {
        lock (_lock)
        {
            if (_operationThread == Thread.CurrentThread)
            {
                throw new InvalidOperationException(
                    $"PatchManager.{operation} was called from a hook of the same manager. Hooks may not enable or disable patches.");
            }

            _operationThread = Thread.CurrentThread;
            try
            {
                body();
            }
            finally
            {
                _operationThread = null;
            }
        }
    }

    private void EnableLocked(LivePatch patch)
    {
        // 1. Checks: nothing runs and nothing changes if they fail.
        Snapshot before = _snapshot;
        PatchDefinition definition = PatchDefinition.Inspect(patch);
        if (before.Entries.Any(e => ReferenceEquals(e.Patch, patch) || e.Definition.Id == definition.Id))
        {
            throw new PatchIncompatibleException(
                definition.Id, HookSafety.Shared.StateCompatibility.IdAlreadyEnabled(definition.DisplayName, definition.Id));
        }

        CheckStates(definition, before.StatesById);

        // 2. PrePatch: the new code is not live yet.
        var ownStates = definition.States.ToDictionary(s => s.Id, s => new PatchState(s.Id, s.Version), StringComparer.Ordinal);
        var states = new PatchStates(definition.Id, ownStates);
        var context = new PatchContext(definition.Id, states, definition.Cumulative && before.Entries.Length > 0);
        var entry = new Entry(patch, definition, states);
        Exception? postPatchFailure = null;
        states.OpenPrevious(before.StatesById);
        try
        {
            HookResult result;
            try
            {
                result = patch.PrePatch(context);
            }
            catch (Exception e)
            {
                throw new PatchRejectedException(definition.Id, e.Message, e);
            }

            if (result.IsRejected)
            {
                throw new PatchRejectedException(definition.Id, result.Reason!);
            }

            // 3. Switch every point: the new code is live from here.
            foreach (KeyValuePair<IPatchPoint, Delegate> replacement in definition.Replacements)
            {
                replacement.Key.Push(entry, replacement.Value);
            }

            // 4. PostPatch cannot fail: an exception is reported once the lifecycle is complete.
            try
            {
                patch.PostPatch(context);
            }
            catch (Exception e)
            {
                postPatchFailure = e;
            }

            // 5. A cumulative patch replaces every enabled patch, without running their hooks.
            Entry[] entries;
            if (definition.Cumulative)
            {
                foreach (Entry replaced in before.Entries)
                {
                    RemoveFromPoints(replaced);
                }

                entries = new[] { entry };
            }
            else
            {
                entries = before.Entries.Append(entry).ToArray();
            }

            Publish(before, new Snapshot(entries));
        }
        finally
        {
            states.ClosePrevious();
        }

        if (postPatchFailure is not null)
        {
            throw new PatchHookException(definition.Id, nameof(LivePatch.PostPatch), postPatchFailure);
        }
    }

    /// <summary>The states check (<see cref="HookSafety.Shared.StateCompatibility"/>, shared with the analyzers' HS0018).</summary>
    private static void CheckStates(PatchDefinition definition, IReadOnlyDictionary<string, PatchState> registered)
    {
        var declared = definition.States.Select(s => new KeyValuePair<string, int>(s.Id, s.Version)).ToList();
        if (HookSafety.Shared.StateCompatibility.Refusal(definition.DisplayName, definition.Cumulative, declared,
                registered.Values.Select(s => new KeyValuePair<string, int>(s.Id, s.Version))) is { } refusal)
        {
            throw new PatchIncompatibleException(definition.Id, refusal);
        }
    }

    private void DisableLocked(string patchId)
    {
        Snapshot before = _snapshot;
        Entry? entry = before.Entries.FirstOrDefault(e => e.Definition.Id == patchId);
        if (entry is null)
        {
            throw new ArgumentException($"No enabled patch has the id '{patchId}'.", nameof(patchId));
        }

        if (entry.Definition.Sticky)
        {
            throw new InvalidOperationException($"Patch {entry.Definition.DisplayName} is sticky and can never be disabled.");
        }

        var context = new PatchContext(patchId, entry.States, isReplacing: false);
        Exception? preUnpatchFailure = null;
        Exception? postUnpatchFailure = null;

        // 1. PreUnpatch: the new code is still live.
        try
        {
            entry.Patch.PreUnpatch(context);
        }
        catch (Exception e)
        {
            preUnpatchFailure = e;
        }

        // 2. Switch the points back and drop the patch (and the states only it declared).
        RemoveFromPoints(entry);
        Publish(before, new Snapshot(before.Entries.Where(e => e != entry).ToArray()));

        // 3. PostUnpatch: the new code is no longer reachable by new calls.
        try
        {
            entry.Patch.PostUnpatch(context);
        }
        catch (Exception e)
        {
            postUnpatchFailure = e;
        }

        if (preUnpatchFailure is not null && postUnpatchFailure is not null)
        {
            throw new PatchHookException(
                patchId,
                $"{nameof(LivePatch.PreUnpatch)}, {nameof(LivePatch.PostUnpatch)}",
                new AggregateException(preUnpatchFailure, postUnpatchFailure));
        }

        if (preUnpatchFailure is not null)
        {
            throw new PatchHookException(patchId, nameof(LivePatch.PreUnpatch), preUnpatchFailure);
        }

        if (postUnpatchFailure is not null)
        {
            throw new PatchHookException(patchId, nameof(LivePatch.PostUnpatch), postUnpatchFailure);
        }
    }

    private static void RemoveFromPoints(Entry entry)
    {
        foreach (KeyValuePair<IPatchPoint, Delegate> replacement in entry.Definition.Replacements)
        {
            replacement.Key.Remove(entry);
        }
    }

    /// <summary>Makes <paramref name="after"/> the manager's snapshot, and counts which patches it enables and disables.</summary>
    private void Publish(Snapshot before, Snapshot after)
    {
        foreach (Entry entry in after.Entries.Except(before.Entries))
        {
            Interlocked.Increment(ref entry.Patch.EnabledCount);
        }

        foreach (Entry entry in before.Entries.Except(after.Entries))
        {
            Interlocked.Decrement(ref entry.Patch.EnabledCount);
        }

        Volatile.Write(ref _snapshot, after);
    }

    /// <summary>
    /// What the registered states of every manager of the process hold as <see cref="PatchState.Data"/> that is of a type
    /// (or a delegate to a method) loaded in <paramref name="context"/>: what keeps an unloaded patch assembly alive.
    /// </summary>
    internal static IEnumerable<string> StateDataFrom(System.Runtime.Loader.AssemblyLoadContext context)
    {
        foreach (KeyValuePair<PatchManager, object?> manager in s_managers)
        {
            foreach (PatchState state in manager.Key.States)
            {
                if (state.Data is { } data && IsFrom(data, context))
                {
                    yield return $"PatchState '{state.Id}' holds a {data.GetType().Name} of it in Data (HS0010)";
                }
            }
        }
    }

    /// <summary>Whether a value's type, or a delegate's method, comes from <paramref name="context"/>.</summary>
    internal static bool IsFrom(object value, System.Runtime.Loader.AssemblyLoadContext context)
        => System.Runtime.Loader.AssemblyLoadContext.GetLoadContext(value.GetType().Assembly) == context
           || (value is Delegate { Method.DeclaringType: { } declaring } && System.Runtime.Loader.AssemblyLoadContext.GetLoadContext(declaring.Assembly) == context);

    /// <summary>Every manager of the process, held weakly (for <see cref="StateDataFrom"/>).</summary>
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<PatchManager, object?> s_managers = new();

    /// <summary>Creates a manager with no patch enabled.</summary>
    public PatchManager() => s_managers.Add(this, null);

    /// <summary>One enabled patch: the owner of its entries in the points' stacks.</summary>
    private sealed class Entry
    {
        internal Entry(LivePatch patch, PatchDefinition definition, PatchStates states)
        {
            Patch = patch;
            Definition = definition;
            States = states;
        }

        internal LivePatch Patch { get; }

        internal PatchDefinition Definition { get; }

        internal PatchStates States { get; }
    }

    /// <summary>An immutable view of the enabled patches and, derived from them, the registered states.</summary>
    private sealed class Snapshot
    {
        internal Snapshot(Entry[] entries)
        {
            Entries = entries;
            Enabled = new ReadOnlyCollection<LivePatch>(entries.Select(e => e.Patch).ToArray());

            // For each id, the state of the most recently enabled patch declaring it.
            var statesById = new Dictionary<string, PatchState>(StringComparer.Ordinal);
            foreach (Entry entry in entries)
            {
                foreach (PatchState state in entry.States.Own.Values)
                {
                    statesById[state.Id] = state;
                }
            }

            StatesById = statesById;
            States = new ReadOnlyCollection<PatchState>(statesById.Values.ToArray());
        }

        internal Entry[] Entries { get; }

        internal IReadOnlyList<LivePatch> Enabled { get; }

        internal IReadOnlyDictionary<string, PatchState> StatesById { get; }

        internal IReadOnlyCollection<PatchState> States { get; }
    }
}

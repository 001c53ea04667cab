using System.Collections.Generic;
using System.Threading;

namespace HookSafety.Hooks;

/// <summary>
/// The states of one patch (declared with <see cref="PatchStateAttribute"/>) and, while the patch is being enabled,
/// the states registered before it.
/// </summary>
public sealed class PatchStates
{
    private readonly string _patchName;
    private readonly IReadOnlyDictionary<string, PatchState> _own;
    private IReadOnlyDictionary<string, PatchState>? _previous;

    internal PatchStates(string patchName, IReadOnlyDictionary<string, PatchState> own)
    {
        _patchName = patchName;
        _own = own;
    }

    /// <summary>The patch's own states, by id.</summary>
    internal IReadOnlyDictionary<string, PatchState> Own => _own;

    /// <summary>
    /// Gets this patch's state <paramref name="id"/>, as declared with <see cref="PatchStateAttribute"/>.
    /// </summary>
    /// <param name="id">The state's id.</param>
    /// <returns>The state.</returns>
    /// <exception cref="KeyNotFoundException">The patch declares no state <paramref name="id"/>.</exception>
    public PatchState Get(string id)
    {
        if (id is not null && _own.TryGetValue(id, out PatchState? state))
        {
            return state;
        }

        throw new KeyNotFoundException(
            $"Patch '{_patchName}' declares no state '{id}'. Declare it with [PatchState(\"{id}\", version: 1)] on the patch class.");
    }

    /// <summary>
    /// Gets the state <paramref name="id"/> as it was registered before this patch's enabling began (as the enabled
    /// patches left it), so that the patch can take its <see cref="PatchState.Data"/> over. Only available inside
    /// <see cref="LivePatch.PrePatch"/> and <see cref="LivePatch.PostPatch"/> of the patch being enabled.
    /// </summary>
    /// <param name="id">The state's id.</param>
    /// <returns>
    /// The previously registered state; <see langword="null"/> when none was registered with this id, or when called
    /// outside <c>PrePatch</c> and <c>PostPatch</c> of an <see cref="PatchManager.Enable"/>.
    /// </returns>
    public PatchState? GetPrevious(string id)
    {
        IReadOnlyDictionary<string, PatchState>? previous = Volatile.Read(ref _previous);
        return id is not null && previous is not null && previous.TryGetValue(id, out PatchState? state) ? state : null;
    }

    /// <summary>Opens <see cref="GetPrevious"/> on a snapshot of the registered states.</summary>
    internal void OpenPrevious(IReadOnlyDictionary<string, PatchState> previous) => Volatile.Write(ref _previous, previous);

    /// <summary>Closes <see cref="GetPrevious"/>: it returns <see langword="null"/> from now on.</summary>
    internal void ClosePrevious() => Volatile.Write(ref _previous, null);
}

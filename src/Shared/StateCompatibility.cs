using System;
using System.Collections.Generic;
using System.Linq;

namespace HookSafety.Shared;

/// <summary>
/// Whether a patch may be enabled over the states registered before it, and if not, why: the runtime's rule, in one
/// source compiled into both the hook API (<c>PatchManager.Enable</c>) and the analyzers (HS0018, a release the field
/// cannot take), so that the build and the running host cannot disagree. A cumulative patch takes every registered state
/// over, so it must declare each in the same or a higher version; a non-cumulative patch must not declare one of its
/// states below the registered version. When several states refuse a patch, the first by id (ordinal) is named, whatever
/// order the caller has them in (the runtime's declaration order, a summary's sorted one), so every caller says the same.
/// </summary>
internal static class StateCompatibility
{
    /// <summary>The refusal, as the runtime words it, or null when the patch may be enabled.</summary>
    /// <param name="displayName">How the patch is named in the message (<c>'fix-parser' (Acme.FixParser)</c>).</param>
    /// <param name="cumulative">Whether the patch is cumulative.</param>
    /// <param name="declared">The patch's states: id and version.</param>
    /// <param name="registered">The states registered before it: id and version.</param>
    public static string? Refusal(string displayName, bool cumulative, IReadOnlyList<KeyValuePair<string, int>> declared, IEnumerable<KeyValuePair<string, int>> registered)
        => Check(displayName, cumulative, declared, registered)?.Message;

    /// <summary>
    /// The refusal with its data (the state, the registered version, the declared one or none), or null when the patch
    /// may be enabled: the same rule and the same message as <see cref="Refusal"/>, for the tools that report the
    /// versions apart from the words (<c>hooksafety series</c>).
    /// </summary>
    public static StateRefusal? Check(string displayName, bool cumulative, IReadOnlyList<KeyValuePair<string, int>> declared, IEnumerable<KeyValuePair<string, int>> registered)
    {
        if (cumulative)
        {
            foreach (var state in registered.OrderBy(s => s.Key, StringComparer.Ordinal))
            {
                int? own = VersionOf(declared, state.Key);
                if (own is null)
                {
                    return new StateRefusal(state.Key, state.Value, null,
                        $"Cumulative patch {displayName} does not declare state '{state.Key}' (registered in version {state.Value}). " +
                        $"A cumulative patch takes every registered state over: add [PatchState(\"{state.Key}\", version: {state.Value})] or higher.");
                }

                if (own < state.Value)
                {
                    return new StateRefusal(state.Key, state.Value, own,
                        $"Cumulative patch {displayName} declares state '{state.Key}' in version {own}, lower than the registered version {state.Value}. " +
                        $"Declare it in version {state.Value} or higher.");
                }
            }

            return null;
        }

        foreach (var own in declared.OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            foreach (var state in registered)
            {
                if (state.Key == own.Key && own.Value < state.Value)
                {
                    return new StateRefusal(own.Key, state.Value, own.Value,
                        $"Patch {displayName} declares state '{own.Key}' in version {own.Value}, lower than the registered version {state.Value}. " +
                        $"Declare it in version {state.Value} or higher, or disable the patches that registered it.");
                }
            }
        }

        return null;
    }

    /// <summary>The refusal of a patch whose id is already enabled, as the runtime words it.</summary>
    public static string IdAlreadyEnabled(string displayName, string id)
        => $"Patch {displayName} cannot be enabled: a patch with id '{id}' is already enabled. Disable it first, or give the new patch another id.";

    private static int? VersionOf(IReadOnlyList<KeyValuePair<string, int>> states, string id)
    {
        foreach (var state in states)
        {
            if (state.Key == id)
            {
                return state.Value;
            }
        }

        return null;
    }
}

/// <summary>Why <see cref="StateCompatibility"/> refuses a patch: the state, its versions, and the runtime's words.</summary>
internal sealed class StateRefusal
{
    public StateRefusal(string stateId, int registered, int? declared, string message)
    {
        StateId = stateId;
        Registered = registered;
        Declared = declared;
        Message = message;
    }

    /// <summary>The state the refusal is about.</summary>
    public string StateId { get; }

    /// <summary>The version registered before the patch.</summary>
    public int Registered { get; }

    /// <summary>The version the patch declares, or null when it does not declare the state (a cumulative patch).</summary>
    public int? Declared { get; }

    /// <summary>The refusal as the runtime words it (<see cref="StateCompatibility.Refusal"/>).</summary>
    public string Message { get; }
}

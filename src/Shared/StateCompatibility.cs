using System.Collections.Generic;

namespace HookSafety.Shared;

/// <summary>
/// Whether a patch may be enabled over the states registered before it, and if not, why: the runtime's rule, in one
/// source compiled into both the hook API (<c>PatchManager.Enable</c>) and the analyzers (HS0018, a release the field
/// cannot take), so that the build and the running host cannot disagree. A cumulative patch takes every registered state
/// over, so it must declare each in the same or a higher version; a non-cumulative patch must not declare one of its
/// states below the registered version.
/// </summary>
internal static class StateCompatibility
{
    /// <summary>The refusal, as the runtime words it, or null when the patch may be enabled.</summary>
    /// <param name="displayName">How the patch is named in the message (<c>'fix-parser' (Acme.FixParser)</c>).</param>
    /// <param name="cumulative">Whether the patch is cumulative.</param>
    /// <param name="declared">The patch's states: id and version.</param>
    /// <param name="registered">The states registered before it: id and version.</param>
    public static string? Refusal(string displayName, bool cumulative, IReadOnlyList<KeyValuePair<string, int>> declared, IEnumerable<KeyValuePair<string, int>> registered)
    {
        if (cumulative)
        {
            foreach (var state in registered)
            {
                int? own = VersionOf(declared, state.Key);
                if (own is null)
                {
                    return $"Cumulative patch {displayName} does not declare state '{state.Key}' (registered in version {state.Value}). " +
                           $"A cumulative patch takes every registered state over: add [PatchState(\"{state.Key}\", version: {state.Value})] or higher.";
                }

                if (own < state.Value)
                {
                    return $"Cumulative patch {displayName} declares state '{state.Key}' in version {own}, lower than the registered version {state.Value}. " +
                           $"Declare it in version {state.Value} or higher.";
                }
            }

            return null;
        }

        foreach (var own in declared)
        {
            foreach (var state in registered)
            {
                if (state.Key == own.Key && own.Value < state.Value)
                {
                    return $"Patch {displayName} declares state '{own.Key}' in version {own.Value}, lower than the registered version {state.Value}. " +
                           $"Declare it in version {state.Value} or higher, or disable the patches that registered it.";
                }
            }
        }

        return null;
    }

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

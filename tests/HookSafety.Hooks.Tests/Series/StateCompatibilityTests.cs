using System.Collections.Generic;
using System.Linq;
using HookSafety.Shared;
using Xunit;

namespace HookSafety.Hooks.Tests.Series;

/// <summary>
/// The states rule shared by <c>PatchManager.Enable</c> and the release-series check: what it admits and what it refuses,
/// with the runtime's own words.
/// </summary>
public sealed class StateCompatibilityTests
{
    private static IReadOnlyList<KeyValuePair<string, int>> States(params (string Id, int Version)[] states)
        => states.Select(s => new KeyValuePair<string, int>(s.Id, s.Version)).ToList();

    [Fact]
    public void ACumulativePatch_MustDeclareEveryRegisteredState_InTheSameVersionOrHigher()
    {
        Assert.Null(StateCompatibility.Refusal("'v2'", cumulative: true, States(("limits", 2), ("cache", 1)), States(("limits", 2), ("cache", 1))));
        Assert.Null(StateCompatibility.Refusal("'v2'", cumulative: true, States(("limits", 3)), States(("limits", 2))));
        Assert.Contains("does not declare state 'cache' (registered in version 1)",
            StateCompatibility.Refusal("'v2'", cumulative: true, States(("limits", 2)), States(("limits", 2), ("cache", 1))));
        Assert.Contains("declares state 'limits' in version 1, lower than the registered version 2",
            StateCompatibility.Refusal("'v2'", cumulative: true, States(("limits", 1)), States(("limits", 2))));
    }

    [Fact]
    public void ANonCumulativePatch_MayOmitStates_ButNotLowerItsOwn()
    {
        Assert.Null(StateCompatibility.Refusal("'extra'", cumulative: false, States(("extra", 1)), States(("limits", 2))));
        Assert.Null(StateCompatibility.Refusal("'extra'", cumulative: false, States(("limits", 2)), States(("limits", 2))));
        Assert.Contains("declares state 'limits' in version 1, lower than the registered version 2",
            StateCompatibility.Refusal("'extra'", cumulative: false, States(("limits", 1)), States(("limits", 2))));
    }
}

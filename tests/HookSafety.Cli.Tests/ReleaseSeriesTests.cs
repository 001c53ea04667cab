using System.Collections.Generic;
using System.Linq;
using HookSafety.Shared;
using Xunit;
using static HookSafety.Cli.Tests.SeriesFolder;

namespace HookSafety.Cli.Tests;

/// <summary>The shared simulation (src/Shared/ReleaseSeries.cs) and the structured states rule, apart from the command.</summary>
public sealed class ReleaseSeriesTests
{
    private static PatchSummary Release(params PatchEntry[] patches) => new("Acme", patches);

    [Fact]
    public void Deploy_AppendsNonCumulativePatches_AndACumulativeOneReplacesThemAll()
    {
        var releases = new[]
        {
            Release(Single("a", ("limits", 1))),
            Release(Single("b", ("cache", 2), ("limits", 3))),
            Release(Cumulative("c", ("queue", 1))),
        };

        var two = ReleaseSeries.Deploy(releases, 1);
        Assert.Equal(new[] { "a", "b" }, two.Enabled.Select(e => e.Patch.Id));
        Assert.Equal(new[] { 0, 1 }, two.Enabled.Select(e => e.Release));
        Assert.Equal(new[] { KeyValuePair.Create("cache", 2), KeyValuePair.Create("limits", 3) }, two.Registered);

        var three = ReleaseSeries.Deploy(releases, 2);
        Assert.Equal("c", Assert.Single(three.Enabled).Patch.Id);
        Assert.Equal(new[] { KeyValuePair.Create("queue", 1) }, three.Registered);
    }

    [Fact]
    public void Enable_ChecksEachPatchAgainstTheFieldItsPredecessorsLeft()
    {
        // Within one release, b is checked after a is enabled: a registers limits 3, so b's limits 2 is refused.
        var releases = new[] { Release(), Release(Single("a", ("limits", 3)), Single("b", ("limits", 2))) };

        var upgrade = ReleaseSeries.Upgrade(releases, 0, 1);

        var refusal = Assert.Single(upgrade.Refusals);
        Assert.Equal("b", refusal.Patch.Id);
        Assert.Equal(RefusalKind.State, refusal.Kind);
        Assert.Equal(3, refusal.Registered);
        Assert.Equal(2, refusal.Declared);
        Assert.Equal(1, refusal.Release);
    }

    [Fact]
    public void Transitions_AreUpgradesByReleaseThenRollbacksNearestFirst()
    {
        var releases = new[] { Release(), Release(), Release() };

        var order = ReleaseSeries.Transitions(releases).Select(t => (t.Kind, t.From, t.To));

        Assert.Equal(new[]
        {
            (TransitionKind.Upgrade, 0, 1), (TransitionKind.Upgrade, 0, 2), (TransitionKind.Upgrade, 1, 2),
            (TransitionKind.Rollback, 1, 0), (TransitionKind.Rollback, 2, 1), (TransitionKind.Rollback, 2, 0),
        }, order);
    }

    public static IEnumerable<object?[]> Cases()
    {
        // cumulative, declared, registered: the state refused, its registered version, the declared one (null: missing).
        yield return new object?[] { true, new[] { ("limits", 2) }, new[] { ("limits", 2), ("cache", 1) }, "cache", 1, null };
        yield return new object?[] { true, new[] { ("limits", 1), ("cache", 1) }, new[] { ("limits", 2) }, "limits", 2, 1 };
        yield return new object?[] { true, new[] { ("limits", 3) }, new[] { ("limits", 2) }, null, null, null };
        yield return new object?[] { false, new[] { ("limits", 1) }, new[] { ("limits", 2) }, "limits", 2, 1 };
        yield return new object?[] { false, new[] { ("other", 1) }, new[] { ("limits", 2) }, null, null, null };
        yield return new object?[] { false, new[] { ("limits", 2) }, new[] { ("limits", 2) }, null, null, null };
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Check_GivesTheStateAndVersions_AndRefusalsWords(bool cumulative, (string, int)[] declaredStates, (string, int)[] registeredStates, string? state, int? registeredVersion, int? declaredVersion)
    {
        var declared = declaredStates.Select(s => KeyValuePair.Create(s.Item1, s.Item2)).ToList();
        var registered = registeredStates.Select(s => KeyValuePair.Create(s.Item1, s.Item2)).ToList();

        var check = StateCompatibility.Check("'p' (Acme.P)", cumulative, declared, registered);

        Assert.Equal(state, check?.StateId);
        Assert.Equal(registeredVersion, check?.Registered);
        Assert.Equal(declaredVersion, check?.Declared);
        Assert.Equal(StateCompatibility.Refusal("'p' (Acme.P)", cumulative, declared, registered), check?.Message);
        if (check is not null)
        {
            Assert.Contains($"'p' (Acme.P)", check.Message);
            Assert.Contains($"state '{state}'", check.Message);
        }
    }
}

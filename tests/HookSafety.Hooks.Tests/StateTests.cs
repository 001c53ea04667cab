using System;
using Xunit;

namespace HookSafety.Hooks.Tests;

public class StateTests : ManagerTestBase
{
    [Theory]
    [InlineData(typeof(CumulativeNone), "does not declare state 'feature'")]
    [InlineData(typeof(CumulativeV1), "version 1, lower than the registered version 2")]
    public void Cumulative_MissingOrLowerState_IsIncompatible_AndNothingRan(Type patchType, string message)
    {
        Manager.Enable(new StateV2(Log));
        Log.Clear();
        var before = Observe();
        var patch = (TestPatch)Activator.CreateInstance(patchType, Log)!;

        var error = Assert.Throws<PatchIncompatibleException>(() => Manager.Enable(patch));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.Empty(Log);
        AssertUnchanged(before);
    }

    [Theory]
    [InlineData(typeof(CumulativeV2), "feature@2")]
    [InlineData(typeof(CumulativeV3Other), "feature@3,other@1")]
    public void Cumulative_SameOrHigherState_IsAccepted(Type patchType, string states)
    {
        Manager.Enable(new StateV2(Log));

        Manager.Enable((TestPatch)Activator.CreateInstance(patchType, Log)!);

        Assert.Equal(states, StateSummary(Manager.States));
    }

    [Fact]
    public void Cumulative_MustDeclareEveryRegisteredState()
    {
        Manager.Enable(new StateV1(Log));
        Manager.Enable(new StateOther(Log));

        var error = Assert.Throws<PatchIncompatibleException>(() => Manager.Enable(new CumulativeV2(Log)));

        Assert.Contains("'other'", error.Message, StringComparison.Ordinal);
        Assert.Equal("cum-v2", error.PatchId);
        Manager.Enable(new CumulativeV3Other(Log));
    }

    [Fact]
    public void NonCumulative_LowerVersionOfARegisteredState_IsIncompatible()
    {
        Manager.Enable(new StateV2(Log));
        Log.Clear();
        var before = Observe();

        var error = Assert.Throws<PatchIncompatibleException>(() => Manager.Enable(new StateV1(Log)));

        Assert.Contains("'feature' in version 1, lower than the registered version 2", error.Message, StringComparison.Ordinal);
        Assert.Empty(Log);
        AssertUnchanged(before);
    }

    [Fact]
    public void NonCumulative_SameOrHigherOrUnrelatedStates_AreAccepted_AndNeedNotDeclareTheOthers()
    {
        Manager.Enable(new StateV1(Log));
        Manager.Enable(new StateV2(Log));
        Manager.Enable(new StateV2b(Log));
        Manager.Enable(new StateOther(Log));
        Manager.Enable(new PlainPatch(Log));

        Assert.Equal("feature@2,other@1", StateSummary(Manager.States));
    }

    [Fact]
    public void RegisteredState_IsTheMostRecentlyEnabledPatchs_AndDisablingRecomputesIt()
    {
        var v1 = new StateV1(Log);
        var v2 = new StateV2(Log);
        var v2b = new StateV2b(Log);
        Manager.Enable(v1);
        Manager.Enable(v2);
        Manager.Enable(v2b);
        PatchState latest = Assert.Single(Manager.States);
        PatchState? ofV1 = null;
        v1.OnPreUnpatch = c => ofV1 = c.States.Get("feature");
        v2b.OnPreUnpatch = c => Assert.Same(latest, c.States.Get("feature"));

        Manager.Disable("s-v2");                  // not the most recent one: the registered state stays
        Assert.Same(latest, Assert.Single(Manager.States));
        Manager.Disable("s-v2b");                 // the most recent one: back to s-v1's state
        PatchState remaining = Assert.Single(Manager.States);
        Manager.Disable("s-v1");                  // nobody declares it any more: dropped

        Assert.Same(ofV1, remaining);
        Assert.Equal(1, remaining.Version);
        Assert.Empty(Manager.States);
    }

    [Fact]
    public void GetPrevious_InANonCumulativePatch_SeesTheRegisteredState()
    {
        Manager.Enable(new StateV1(Log) { OnPostPatch = c => c.States.Get("feature").Data = "from v1" });
        object? seen = null;

        Manager.Enable(new StateV2(Log) { OnPrePatch = c => { seen = c.States.GetPrevious("feature")?.Data; return HookResult.Continue; } });

        Assert.Equal("from v1", seen);
    }

    [Fact]
    public void GetPrevious_IsClosedAfterARejection()
    {
        Manager.Enable(new StateV1(Log));
        PatchContext? context = null;
        PatchState? during = null;

        Assert.Throws<PatchRejectedException>(() => Manager.Enable(new StateV2(Log)
        {
            OnPrePatch = c => { context = c; during = c.States.GetPrevious("feature"); return HookResult.Reject("no"); },
        }));

        Assert.NotNull(during);
        Assert.Null(context!.States.GetPrevious("feature"));
    }
}

using System;
using Xunit;

namespace HookSafety.Hooks.Tests;

public class CumulativeTests : ManagerTestBase
{
    [Fact]
    public void Replacement_RemovesEveryEnabledPatch_WithoutRunningTheirHooks()
    {
        var addA = new AddA(Log);
        var mulA = new MulA(Log);
        var v1 = new StateV1(Log);
        Manager.Enable(addA);
        Manager.Enable(mulA);
        Manager.Enable(v1);
        Log.Clear();
        var cumulative = new CumulativeMul(Log);

        Manager.Enable(cumulative);

        Assert.Equal(new[] { "cumulative-mul:PrePatch", "cumulative-mul:PostPatch" }, Log);
        Assert.Equal(new LivePatch[] { cumulative }, Manager.Enabled);
        Assert.Equal("feature@2", StateSummary(Manager.States));
        Assert.Same(Host.Add.Original, Host.Add.Current);   // only the replaced patches had it: back to the original
        Assert.Equal(0, Host.Add.Depth);
        Assert.Equal(50, Host.Mul.Current(1));              // taken over by the cumulative patch
        Assert.Equal(1, Host.Mul.Depth);
    }

    [Fact]
    public void Replacement_ThenDisable_LeavesTheOriginals()
    {
        Manager.Enable(new AddA(Log));
        Manager.Enable(new CumulativeAdd(Log));
        Assert.Equal(500, Host.Add.Current(0));

        Manager.Disable("cumulative-add");

        Assert.Same(Host.Add.Original, Host.Add.Current);
        Assert.Empty(Manager.Enabled);
        Assert.DoesNotContain("add-a:PreUnpatch", Log);
        Assert.DoesNotContain("add-a:PostUnpatch", Log);
    }

    [Fact]
    public void Replacement_AlsoReplacesStickyPatches()
    {
        Manager.Enable(new StickyPatch(Log));

        Manager.Enable(new CumulativeNone(Log));

        Assert.IsType<CumulativeNone>(Assert.Single(Manager.Enabled));
    }

    [Fact]
    public void GetPrevious_HandsTheDataOver_InPrePatchAndPostPatchOnly()
    {
        Manager.Enable(new StateV1(Log) { OnPostPatch = c => c.States.Get("feature").Data = "old data" });
        PatchState previous = Assert.Single(Manager.States);
        object?[] seen = new object?[6];
        PatchContext? context = null;
        var cumulative = new CumulativeV2(Log)
        {
            OnPrePatch = c =>
            {
                context = c;
                seen[0] = c.States.GetPrevious("feature");
                seen[1] = c.States.GetPrevious("unknown");
                c.States.Get("feature").Data = c.States.GetPrevious("feature")!.Data + " taken over";
                return HookResult.Continue;
            },
            OnPostPatch = c => seen[2] = c.States.GetPrevious("feature"),
            OnPreUnpatch = c => seen[4] = c.States.GetPrevious("feature") ?? (object)"null",
            OnPostUnpatch = c => seen[5] = c.States.GetPrevious("feature") ?? (object)"null",
        };

        Manager.Enable(cumulative);
        seen[3] = context!.States.GetPrevious("feature");
        Manager.Disable("cum-v2");

        Assert.Same(previous, seen[0]);
        Assert.Null(seen[1]);
        Assert.Same(previous, seen[2]);
        Assert.Null(seen[3]);
        Assert.Equal("null", seen[4]);
        Assert.Equal("null", seen[5]);
        Assert.Equal("old data taken over", context.States.Get("feature").Data);
    }

    [Fact]
    public void IsReplacing_OnlyForACumulativePatch_TakingOverEnabledOnes()
    {
        bool? cumulativeAlone = null, cumulativeOverOthers = null, nonCumulativeOverOthers = null, duringDisable = null;
        var first = new CumulativeNone(Log) { OnPrePatch = c => { cumulativeAlone = c.IsReplacing; return HookResult.Continue; } };
        Manager.Enable(first);
        var plain = new PlainPatch(Log) { OnPostPatch = c => nonCumulativeOverOthers = c.IsReplacing };
        Manager.Enable(plain);
        Manager.Disable("cum-none");
        var second = new CumulativeNone(Log)
        {
            OnPostPatch = c => cumulativeOverOthers = c.IsReplacing,
            OnPreUnpatch = c => duringDisable = c.IsReplacing,
        };
        Manager.Enable(second);
        Manager.Disable("cum-none");

        Assert.False(cumulativeAlone);
        Assert.False(nonCumulativeOverOthers);
        Assert.True(cumulativeOverOthers);
        Assert.False(duringDisable);
    }

    [Fact]
    public void RejectedCumulativePatch_LeavesTheEnabledPatchesInPlace()
    {
        Manager.Enable(new AddA(Log));
        Manager.Enable(new StateV1(Log));
        var before = Observe();

        Assert.Throws<PatchRejectedException>(() => Manager.Enable(new CumulativeV2(Log) { OnPrePatch = _ => HookResult.Reject("no") }));

        AssertUnchanged(before);
        Assert.Equal(100, Host.Add.Current(0));
    }

    [Fact]
    public void PostPatchThrows_TheReplacementStillCompletes()
    {
        Manager.Enable(new AddA(Log));
        var cumulative = new CumulativeAdd(Log) { OnPostPatch = _ => throw new InvalidOperationException("post") };

        var error = Assert.Throws<PatchHookException>(() => Manager.Enable(cumulative));

        Assert.Equal("PostPatch", error.HookName);
        Assert.Equal(new LivePatch[] { cumulative }, Manager.Enabled);
        Assert.Equal(500, Host.Add.Current(0));
        Assert.Equal(1, Host.Add.Depth);
    }
}

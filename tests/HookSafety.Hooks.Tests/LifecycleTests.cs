using System;
using System.Collections.Generic;
using Xunit;

namespace HookSafety.Hooks.Tests;

public class LifecycleTests : ManagerTestBase
{
    [Fact]
    public void Enable_RunsPrePatchBeforeTheSwitch_AndPostPatchAfterIt()
    {
        var seen = new List<int>();
        var patch = new AddA(Log)
        {
            OnPrePatch = _ => { seen.Add(Host.Add.Current(0)); return HookResult.Continue; },
            OnPostPatch = _ => seen.Add(Host.Add.Current(0)),
        };

        Manager.Enable(patch);

        Assert.Equal(new[] { "add-a:PrePatch", "add-a:PostPatch" }, Log);
        Assert.Equal(new[] { 1, 100 }, seen);      // original in PrePatch, replacement in PostPatch
        Assert.Equal(100, Host.Add.Current(0));
        Assert.Equal(new LivePatch[] { patch }, Manager.Enabled);
    }

    [Fact]
    public void Disable_RunsPreUnpatchWhileLive_AndPostUnpatchAfterTheSwitchBack()
    {
        var seen = new List<int>();
        var patch = new AddA(Log)
        {
            OnPreUnpatch = _ => seen.Add(Host.Add.Current(0)),
            OnPostUnpatch = _ => seen.Add(Host.Add.Current(0)),
        };
        Manager.Enable(patch);

        Manager.Disable("add-a");

        Assert.Equal(new[] { "add-a:PrePatch", "add-a:PostPatch", "add-a:PreUnpatch", "add-a:PostUnpatch" }, Log);
        Assert.Equal(new[] { 100, 1 }, seen);
        Assert.Same(Host.Add.Original, Host.Add.Current);
        Assert.Empty(Manager.Enabled);
    }

    [Fact]
    public void Hooks_GetTheContext_WithTheIdAndTheOwnStates()
    {
        var contexts = new List<PatchContext>();
        var patch = new StateV1(Log)
        {
            OnPrePatch = c => { contexts.Add(c); return HookResult.Continue; },
            OnPostPatch = contexts.Add,
            OnPreUnpatch = contexts.Add,
            OnPostUnpatch = contexts.Add,
        };

        Manager.Enable(patch);
        PatchState state = Assert.Single(Manager.States);
        Manager.Disable("s-v1");

        Assert.Equal(4, contexts.Count);
        Assert.All(contexts, c => Assert.Equal("s-v1", c.PatchId));
        Assert.All(contexts, c => Assert.Same(state, c.States.Get("feature")));
        Assert.All(contexts, c => Assert.False(c.IsReplacing));
        Assert.Equal(1, state.Version);
        Assert.Null(state.Data);
    }

    [Fact]
    public void StatesGet_UnknownId_ThrowsKeyNotFound_NamingTheIdAndThePatch()
    {
        KeyNotFoundException? error = null;
        var patch = new StateV1(Log) { OnPostPatch = c => error = Record.Exception(() => c.States.Get("nope")) as KeyNotFoundException };

        Manager.Enable(patch);

        Assert.NotNull(error);
        Assert.Contains("'nope'", error!.Message, StringComparison.Ordinal);
        Assert.Contains("'s-v1'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Enabled_IsInEnableOrder_AndSnapshotsDoNotChange()
    {
        var a = new AddA(Log);
        var b = new MulA(Log);
        var c = new AddB(Log);

        Manager.Enable(a);
        IReadOnlyList<LivePatch> early = Manager.Enabled;
        Manager.Enable(b);
        Manager.Enable(c);

        Assert.Equal(new LivePatch[] { a, b, c }, Manager.Enabled);
        Assert.Equal(new LivePatch[] { a }, early);
        Assert.True(((ICollection<LivePatch>)Manager.Enabled).IsReadOnly);
    }

    [Fact]
    public void NullArguments_Throw()
    {
        Assert.Throws<ArgumentNullException>(() => Manager.Enable(null!));
        Assert.Throws<ArgumentNullException>(() => Manager.Disable(null!));
    }

    [Fact]
    public void PrePatchReject_ThrowsRejected_WithTheReason_AndNothingChanged()
    {
        Manager.Enable(new MulA(Log));
        Log.Clear();
        var before = Observe();
        var patch = new Both(Log) { OnPrePatch = _ => HookResult.Reject("host not ready") };

        var error = Assert.Throws<PatchRejectedException>(() => Manager.Enable(patch));

        Assert.Equal("both", error.PatchId);
        Assert.Equal("host not ready", error.Reason);
        Assert.Null(error.InnerException);
        Assert.Equal(new[] { "both:PrePatch" }, Log);
        AssertUnchanged(before);
        Assert.Equal(0, Host.Add.Depth);
        Assert.Equal(1, Host.Mul.Depth);
    }

    [Fact]
    public void PrePatchThrows_IsARejection_WrappingTheException_AndNothingChanged()
    {
        var before = Observe();
        var thrown = new InvalidOperationException("boom");
        var patch = new StateV1(Log) { OnPrePatch = _ => throw thrown };

        var error = Assert.Throws<PatchRejectedException>(() => Manager.Enable(patch));

        Assert.Same(thrown, error.InnerException);
        Assert.Equal("boom", error.Reason);
        Assert.Equal(new[] { "s-v1:PrePatch" }, Log);
        AssertUnchanged(before);
        Assert.Empty(Manager.States);
    }

    [Fact]
    public void ARejectedPatch_CanBeEnabledLater()
    {
        bool ready = false;
        var patch = new AddA(Log) { OnPrePatch = _ => ready ? HookResult.Continue : HookResult.Reject("later") };
        Assert.Throws<PatchRejectedException>(() => Manager.Enable(patch));

        ready = true;
        Manager.Enable(patch);

        Assert.Equal(100, Host.Add.Current(0));
    }

    [Fact]
    public void PostPatchThrows_IsWrapped_AndThePatchStaysEnabled()
    {
        var thrown = new InvalidOperationException("post");
        var patch = new AddA(Log) { OnPostPatch = _ => throw thrown };

        var error = Assert.Throws<PatchHookException>(() => Manager.Enable(patch));

        Assert.Equal("add-a", error.PatchId);
        Assert.Equal("PostPatch", error.HookName);
        Assert.Same(thrown, error.InnerException);
        Assert.Equal(new LivePatch[] { patch }, Manager.Enabled);
        Assert.Equal(100, Host.Add.Current(0));
    }

    [Fact]
    public void PreUnpatchThrows_IsWrapped_AndThePatchIsDisabledAnyway()
    {
        var thrown = new InvalidOperationException("pre");
        var patch = new StateV1(Log) { OnPreUnpatch = _ => throw thrown };
        Manager.Enable(new AddA(Log));
        Manager.Enable(patch);

        var error = Assert.Throws<PatchHookException>(() => Manager.Disable("s-v1"));

        Assert.Equal("PreUnpatch", error.HookName);
        Assert.Same(thrown, error.InnerException);
        Assert.Contains("s-v1:PostUnpatch", Log);
        Assert.Single(Manager.Enabled);
        Assert.Empty(Manager.States);
    }

    [Fact]
    public void PostUnpatchThrows_IsWrapped_AndThePatchIsDisabled()
    {
        var thrown = new InvalidOperationException("post-unpatch");
        var patch = new AddA(Log) { OnPostUnpatch = _ => throw thrown };
        Manager.Enable(patch);

        var error = Assert.Throws<PatchHookException>(() => Manager.Disable("add-a"));

        Assert.Equal("PostUnpatch", error.HookName);
        Assert.Same(thrown, error.InnerException);
        Assert.Empty(Manager.Enabled);
        Assert.Same(Host.Add.Original, Host.Add.Current);
    }

    [Fact]
    public void BothUnpatchHooksThrow_AnAggregateIsWrapped()
    {
        var first = new InvalidOperationException("first");
        var second = new InvalidOperationException("second");
        var patch = new AddA(Log) { OnPreUnpatch = _ => throw first, OnPostUnpatch = _ => throw second };
        Manager.Enable(patch);

        var error = Assert.Throws<PatchHookException>(() => Manager.Disable("add-a"));

        Assert.Equal("PreUnpatch, PostUnpatch", error.HookName);
        var aggregate = Assert.IsType<AggregateException>(error.InnerException);
        Assert.Equal(new Exception[] { first, second }, aggregate.InnerExceptions);
        Assert.Empty(Manager.Enabled);
    }

    [Fact]
    public void Disable_UnknownId_ThrowsArgumentException_AndNothingRan()
    {
        Manager.Enable(new AddA(Log));
        Log.Clear();
        var before = Observe();

        Assert.Throws<ArgumentException>(() => Manager.Disable("nope"));

        Assert.Empty(Log);
        AssertUnchanged(before);
    }

    [Fact]
    public void Disable_Sticky_ThrowsInvalidOperation_AndNothingRan()
    {
        var patch = new StickyPatch(Log);
        Manager.Enable(patch);
        Log.Clear();

        Assert.Throws<InvalidOperationException>(() => Manager.Disable("sticky"));

        Assert.Empty(Log);
        Assert.Equal(new LivePatch[] { patch }, Manager.Enabled);
    }

    [Fact]
    public void Disable_OfAPatchOnASharedPoint_RestoresThePatchBelow()
    {
        Manager.Enable(new AddA(Log));
        Manager.Enable(new AddB(Log));
        Manager.Enable(new AddC(Log));
        Assert.Equal(300, Host.Add.Current(0));

        Manager.Disable("add-b");                // the middle one: the top stays live
        Assert.Equal(300, Host.Add.Current(0));

        Manager.Disable("add-c");                // the top: the one below comes back
        Assert.Equal(100, Host.Add.Current(0));

        Manager.Disable("add-a");
        Assert.Same(Host.Add.Original, Host.Add.Current);
    }

    [Fact]
    public void APatchOnTwoPoints_SwitchesAndRestoresBoth()
    {
        Manager.Enable(new MulA(Log));
        Manager.Enable(new Both(Log));
        Assert.Equal((400, 40), (Host.Add.Current(0), Host.Mul.Current(1)));

        Manager.Disable("both");

        Assert.Equal((1, 10), (Host.Add.Current(0), Host.Mul.Current(1)));
    }

    [Fact]
    public void EnableOrDisable_FromAHook_ThrowsInvalidOperation()
    {
        var errors = new List<Exception?>();
        var patch = new AddA(Log)
        {
            OnPrePatch = _ => { errors.Add(Record.Exception(() => Manager.Enable(new PlainPatch()))); return HookResult.Continue; },
            OnPostPatch = _ => errors.Add(Record.Exception(() => Manager.Disable("add-a"))),
            OnPreUnpatch = _ => errors.Add(Record.Exception(() => Manager.Enable(new PlainPatch()))),
        };

        Manager.Enable(patch);
        Manager.Disable("add-a");

        Assert.Equal(3, errors.Count);
        Assert.All(errors, e => Assert.IsType<InvalidOperationException>(e));
        Assert.Empty(Manager.Enabled);
        Manager.Enable(new PlainPatch());        // the manager is usable afterwards
    }

    [Fact]
    public void AHook_MayUseAnotherManager()
    {
        var other = new PatchManager();
        var patch = new PlainPatch(Log) { OnPostPatch = _ => other.Enable(new OtherPlainPatch()) };

        Manager.Enable(patch);

        Assert.Single(other.Enabled);
    }

    [Fact]
    public void ReenablingAPatch_GivesItFreshStates()
    {
        var patch = new StateV1(Log) { OnPostPatch = c => c.States.Get("feature").Data ??= "set" };
        Manager.Enable(patch);
        PatchState first = Assert.Single(Manager.States);
        Manager.Disable("s-v1");

        patch.OnPostPatch = null;
        Manager.Enable(patch);

        PatchState second = Assert.Single(Manager.States);
        Assert.NotSame(first, second);
        Assert.Equal("set", first.Data);
        Assert.Null(second.Data);
    }
}

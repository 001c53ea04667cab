using System;
using Xunit;

namespace HookSafety.Hooks.Tests;

/// <summary>Every metadata error refuses the patch before any hook runs, and changes nothing.</summary>
public class ValidationTests : ManagerTestBase
{
    private PatchIncompatibleException AssertIncompatible(TestPatch patch, params string[] messageParts)
    {
        Manager.Enable(new MulA());
        Manager.Enable(new StateV1());
        var before = Observe();

        var error = Assert.Throws<PatchIncompatibleException>(() => Manager.Enable(patch));

        Assert.Empty(patch.Log);
        AssertUnchanged(before);
        Assert.Equal(0, Host.Add.Depth);
        Assert.Equal(1, Host.Mul.Depth);
        foreach (string part in messageParts)
        {
            Assert.Contains(part, error.Message, StringComparison.Ordinal);
        }

        return error;
    }

    [Fact]
    public void NoPatchAttribute() =>
        AssertIncompatible(new NoAttributePatch(), "NoAttributePatch", "[Patch");

    [Fact]
    public void EmptyId() => AssertIncompatible(new EmptyIdPatch(), "EmptyIdPatch", "empty id");

    [Fact]
    public void WhitespaceId() => AssertIncompatible(new WhitespaceIdPatch(), "WhitespaceIdPatch", "empty id");

    [Fact]
    public void DuplicateId_AnotherInstance()
    {
        var error = AssertIncompatible(new StateV1(), "'s-v1'", "already enabled");
        Assert.Equal("s-v1", error.PatchId);
    }

    [Fact]
    public void SameInstanceTwice()
    {
        var patch = new AddA(Log);
        Manager.Enable(patch);
        Log.Clear();
        var before = Observe();

        Assert.Throws<PatchIncompatibleException>(() => Manager.Enable(patch));

        Assert.Empty(Log);
        AssertUnchanged(before);
        Assert.Equal(1, Host.Add.Depth);
    }

    [Fact]
    public void HiddenPrePatch()
    {
        var patch = new HiddenPrePatch();
        AssertIncompatible(patch, "'hidden-pre'", "PrePatch", "override");
        Assert.False(patch.Ran);
    }

    [Fact]
    public void HiddenPostUnpatch_OnAPatchDerivedDirectlyFromLivePatch()
    {
        var patch = new HiddenPostUnpatch();
        var error = Assert.Throws<PatchIncompatibleException>(() => Manager.Enable(patch));
        Assert.Contains("PostUnpatch", error.Message, StringComparison.Ordinal);
        Assert.Empty(Manager.Enabled);
        Assert.False(patch.Ran);
    }

    [Fact]
    public void ReplacesAMissingMember() => AssertIncompatible(new MissingMemberPatch(), "DoesNotExist", "does not exist");

    [Fact]
    public void ReplacesAMemberThatIsNotAPatchPoint() => AssertIncompatible(new NotAPointPatch(), "NotAPoint", "not a PatchPoint");

    [Fact]
    public void ReplacesAnInstanceField() => AssertIncompatible(new InstancePointPatch(), "InstanceHost.Point", "instance");

    [Fact]
    public void ReplacesANullPoint() => AssertIncompatible(new NullPointPatch(), "NullPoint", "null");

    [Fact]
    public void SignatureMismatch_ParameterType() => AssertIncompatible(new ParamTypePatch(), "Host.Add", "parameter 1", "Int64");

    [Fact]
    public void SignatureMismatch_ParameterCount_NothingIsSwitched() =>
        AssertIncompatible(new ParamCountPatch(), "2 parameter(s)");

    [Fact]
    public void SignatureMismatch_ReturnType() => AssertIncompatible(new ReturnTypePatch(), "returns Int64");

    [Fact]
    public void SignatureMismatch_CovariantReturn_IsNotAccepted() => AssertIncompatible(new CovariantReturnPatch(), "returns String");

    [Fact]
    public void SignatureMismatch_ContravariantParameter_IsNotAccepted() => AssertIncompatible(new ContravariantParamPatch(), "Object");

    [Theory]
    [InlineData(typeof(InForRefPatch), "passed in, the delegate's ref")]
    [InlineData(typeof(RefForOutPatch), "passed ref, the delegate's out")]
    [InlineData(typeof(RefForInPatch), "passed ref, the delegate's in")]
    [InlineData(typeof(InForRefReadonlyPatch), "passed in, the delegate's ref readonly")]
    [InlineData(typeof(RefReadonlyForRefPatch), "passed ref readonly, the delegate's ref")]
    [InlineData(typeof(ValueForInPatch), "Int32, the delegate's is Int32&")]
    public void SignatureMismatch_RefKind(Type patchType, string message) =>
        AssertIncompatible((TestPatch)Activator.CreateInstance(patchType)!, message);

    [Fact]
    public void ReplacementMethodIsNotStatic() => AssertIncompatible(new NonStaticPatch(), "instance method");

    [Fact]
    public void ReplacementMethodIsGeneric() => AssertIncompatible(new GenericMethodPatch(), "generic");

    [Fact]
    public void TwoMethodsOnOnePoint() => AssertIncompatible(new TwoOnOnePatch(), "Host.Add", "already replaces");

    [Fact]
    public void StateVersionZero() => AssertIncompatible(new StateZeroPatch(), "'feature'", "version 0");

    [Fact]
    public void StateVersionNegative() => AssertIncompatible(new StateNegativePatch(), "'feature'", "version -1");

    [Fact]
    public void DuplicateStateId() => AssertIncompatible(new StateDuplicatePatch(), "'feature'", "more than once");

    [Fact]
    public void MatchingRefKinds_AreAccepted_AndCalledThroughThePoints()
    {
        Manager.Enable(new RefKindsPatch());

        int value = 1;
        Assert.Equal(11, Host.Ref.Current(ref value));
        Assert.Equal(11, value);
        Assert.Equal(31, Host.In.Current(in value));
        Assert.Equal(30, Host.Out.Current(out int result));
        Assert.Equal(30, result);
        Assert.Equal(51, Host.RefReadonly.Current(in value));

        Manager.Disable("ref-kinds");
        Assert.Equal(12, Host.Ref.Current(ref value));
    }

    [Fact]
    public void PointsInStaticPropertiesAndPrivateFields_AreResolved()
    {
        Manager.Enable(new PropertyAndPrivatePatch());

        Assert.Equal(-1, Host.Length.Current("abc"));
        Assert.Equal(5000, Host.CallSecret(5));

        Manager.Disable("property-and-private");
        Assert.Equal(3, Host.Length.Current("abc"));
        Assert.Equal(-5, Host.CallSecret(5));
    }
}

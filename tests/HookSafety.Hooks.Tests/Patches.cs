using System;
using System.Collections.Generic;

namespace HookSafety.Hooks.Tests;

// Valid patches on Host.Add (original x + 1) and Host.Mul (original x * 2).

[Patch("add-a")]
public sealed class AddA : TestPatch
{
    public AddA(List<string>? log = null) : base(log) { }

    [Replaces(typeof(Host), nameof(Host.Add))]
    private static int Add(int x) => x + 100;
}

[Patch("add-b")]
public sealed class AddB : TestPatch
{
    public AddB(List<string>? log = null) : base(log) { }

    [Replaces(typeof(Host), nameof(Host.Add))]
    public static int Add(int x) => x + 200;
}

[Patch("add-c")]
public sealed class AddC : TestPatch
{
    public AddC(List<string>? log = null) : base(log) { }

    [Replaces(typeof(Host), nameof(Host.Add))]
    public static int Add(int x) => x + 300;
}

[Patch("mul-a")]
public sealed class MulA : TestPatch
{
    public MulA(List<string>? log = null) : base(log) { }

    [Replaces(typeof(Host), nameof(Host.Mul))]
    public static int Mul(int x) => x * 10;
}

[Patch("both")]
public sealed class Both : TestPatch
{
    public Both(List<string>? log = null) : base(log) { }

    [Replaces(typeof(Host), nameof(Host.Add))]
    public static int Add(int x) => x + 400;

    [Replaces(typeof(Host), nameof(Host.Mul))]
    public static int Mul(int x) => x * 40;
}

[Patch("cumulative-add", Cumulative = true)]
public sealed class CumulativeAdd : TestPatch
{
    public CumulativeAdd(List<string>? log = null) : base(log) { }

    [Replaces(typeof(Host), nameof(Host.Add))]
    public static int Add(int x) => x + 500;
}

[Patch("cumulative-mul", Cumulative = true)]
[PatchState("feature", version: 2)]
public sealed class CumulativeMul : TestPatch
{
    public CumulativeMul(List<string>? log = null) : base(log) { }

    [Replaces(typeof(Host), nameof(Host.Mul))]
    public static int Mul(int x) => x * 50;
}

[Patch("sticky", Sticky = true)]
public sealed class StickyPatch : TestPatch
{
    public StickyPatch(List<string>? log = null) : base(log) { }
}

[Patch("plain")]
public sealed class PlainPatch : TestPatch
{
    public PlainPatch(List<string>? log = null) : base(log) { }
}

[Patch("other-plain")]
public sealed class OtherPlainPatch : TestPatch
{
    public OtherPlainPatch(List<string>? log = null) : base(log) { }
}

// Replacements with every ref kind, on properties and private fields.

[Patch("ref-kinds")]
public sealed class RefKindsPatch : TestPatch
{
    [Replaces(typeof(Host), nameof(Host.Ref))]
    public static int Ref(ref int x) => x += 10;

    [Replaces(typeof(Host), nameof(Host.In))]
    public static int In(in int x) => x + 20;

    [Replaces(typeof(Host), nameof(Host.Out))]
    public static int Out(out int x) => x = 30;

    [Replaces(typeof(Host), nameof(Host.RefReadonly))]
    public static int RefReadonly(ref readonly int x) => x + 40;
}

[Patch("property-and-private")]
public sealed class PropertyAndPrivatePatch : TestPatch
{
    [Replaces(typeof(Host), nameof(Host.Length))]
    public static int Length(string s) => -1;

    [Replaces(typeof(Host), "s_secret")]
    public static int Secret(int x) => x * 1000;
}

// States.

[Patch("s-v1")]
[PatchState("feature", version: 1)]
public sealed class StateV1 : TestPatch
{
    public StateV1(List<string>? log = null) : base(log) { }
}

[Patch("s-v2")]
[PatchState("feature", version: 2)]
public sealed class StateV2 : TestPatch
{
    public StateV2(List<string>? log = null) : base(log) { }
}

[Patch("s-v2b")]
[PatchState("feature", version: 2)]
public sealed class StateV2b : TestPatch
{
    public StateV2b(List<string>? log = null) : base(log) { }
}

[Patch("s-other")]
[PatchState("other", version: 1)]
public sealed class StateOther : TestPatch
{
    public StateOther(List<string>? log = null) : base(log) { }
}

[Patch("cum-v1", Cumulative = true)]
[PatchState("feature", version: 1)]
public sealed class CumulativeV1 : TestPatch
{
    public CumulativeV1(List<string>? log = null) : base(log) { }
}

[Patch("cum-v2", Cumulative = true)]
[PatchState("feature", version: 2)]
public sealed class CumulativeV2 : TestPatch
{
    public CumulativeV2(List<string>? log = null) : base(log) { }
}

[Patch("cum-v3-other", Cumulative = true)]
[PatchState("feature", version: 3)]
[PatchState("other", version: 1)]
public sealed class CumulativeV3Other : TestPatch
{
    public CumulativeV3Other(List<string>? log = null) : base(log) { }
}

[Patch("cum-none", Cumulative = true)]
public sealed class CumulativeNone : TestPatch
{
    public CumulativeNone(List<string>? log = null) : base(log) { }
}

// Invalid patches: each must be refused with PatchIncompatibleException before any hook runs.

public sealed class NoAttributePatch : TestPatch
{
}

[Patch("")]
public sealed class EmptyIdPatch : TestPatch
{
}

[Patch("   ")]
public sealed class WhitespaceIdPatch : TestPatch
{
}

[Patch("hidden-pre")]
public sealed class HiddenPrePatch : TestPatch
{
    public bool Ran { get; private set; }

    public new HookResult PrePatch(PatchContext context)
    {
        Ran = true;
        return HookResult.Continue;
    }
}

[Patch("hidden-post-unpatch")]
public sealed class HiddenPostUnpatch : LivePatch
{
    public bool Ran { get; private set; }

    public new void PostUnpatch(PatchContext context) => Ran = true;
}

[Patch("missing-member")]
public sealed class MissingMemberPatch : TestPatch
{
    [Replaces(typeof(Host), "DoesNotExist")]
    public static int M(int x) => x;
}

[Patch("not-a-point")]
public sealed class NotAPointPatch : TestPatch
{
    [Replaces(typeof(Host), nameof(Host.NotAPoint))]
    public static int M(int x) => x;
}

[Patch("instance-point")]
public sealed class InstancePointPatch : TestPatch
{
    [Replaces(typeof(InstanceHost), nameof(InstanceHost.Point))]
    public static int M(int x) => x;
}

[Patch("null-point")]
public sealed class NullPointPatch : TestPatch
{
    [Replaces(typeof(Host), nameof(Host.NullPoint))]
    public static int M(int x) => x;
}

[Patch("param-type")]
public sealed class ParamTypePatch : TestPatch
{
    [Replaces(typeof(Host), nameof(Host.Add))]
    public static int M(long x) => (int)x;
}

[Patch("param-count")]
public sealed class ParamCountPatch : TestPatch
{
    [Replaces(typeof(Host), nameof(Host.Mul))]
    public static int Fine(int x) => x;

    [Replaces(typeof(Host), nameof(Host.Add))]
    public static int M(int x, int y) => x + y;
}

[Patch("return-type")]
public sealed class ReturnTypePatch : TestPatch
{
    [Replaces(typeof(Host), nameof(Host.Add))]
    public static long M(int x) => x;
}

[Patch("covariant-return")]
public sealed class CovariantReturnPatch : TestPatch
{
    [Replaces(typeof(Host), nameof(Host.ReturnsObject))]
    public static string M(string s) => s;
}

[Patch("contravariant-param")]
public sealed class ContravariantParamPatch : TestPatch
{
    [Replaces(typeof(Host), nameof(Host.TakesString))]
    public static int M(object o) => 0;
}

[Patch("in-for-ref")]
public sealed class InForRefPatch : TestPatch
{
    [Replaces(typeof(Host), nameof(Host.Ref))]
    public static int M(in int x) => x;
}

[Patch("ref-for-out")]
public sealed class RefForOutPatch : TestPatch
{
    [Replaces(typeof(Host), nameof(Host.Out))]
    public static int M(ref int x) => x;
}

[Patch("ref-for-in")]
public sealed class RefForInPatch : TestPatch
{
    [Replaces(typeof(Host), nameof(Host.In))]
    public static int M(ref int x) => x;
}

[Patch("value-for-in")]
public sealed class ValueForInPatch : TestPatch
{
    [Replaces(typeof(Host), nameof(Host.In))]
    public static int M(int x) => x;
}

[Patch("in-for-ref-readonly")]
public sealed class InForRefReadonlyPatch : TestPatch
{
    [Replaces(typeof(Host), nameof(Host.RefReadonly))]
    public static int M(in int x) => x;
}

[Patch("ref-readonly-for-ref")]
public sealed class RefReadonlyForRefPatch : TestPatch
{
    [Replaces(typeof(Host), nameof(Host.Ref))]
    public static int M(ref readonly int x) => x;
}

[Patch("non-static")]
public sealed class NonStaticPatch : TestPatch
{
    [Replaces(typeof(Host), nameof(Host.Add))]
    public int M(int x) => x + Log.Count;
}

[Patch("generic-method")]
public sealed class GenericMethodPatch : TestPatch
{
    [Replaces(typeof(Host), nameof(Host.Add))]
    public static int M<T>(int x) => x;
}

[Patch("two-on-one")]
public sealed class TwoOnOnePatch : TestPatch
{
    [Replaces(typeof(Host), nameof(Host.Add))]
    public static int First(int x) => x;

    [Replaces(typeof(Host), nameof(Host.Add))]
    public static int Second(int x) => x;
}

[Patch("state-zero")]
[PatchState("feature", version: 0)]
public sealed class StateZeroPatch : TestPatch
{
}

[Patch("state-negative")]
[PatchState("feature", version: -1)]
public sealed class StateNegativePatch : TestPatch
{
}

[Patch("state-duplicate")]
[PatchState("feature", version: 1)]
[PatchState("feature", version: 2)]
public sealed class StateDuplicatePatch : TestPatch
{
}

// Concurrency and stress.

[Patch("conc-0")]
public sealed class Concurrent0 : TestPatch
{
    [Replaces(typeof(ConcurrentHost), nameof(ConcurrentHost.Point))]
    public static int M(int x) => x + 1000;
}

[Patch("conc-1")]
public sealed class Concurrent1 : TestPatch
{
    [Replaces(typeof(ConcurrentHost), nameof(ConcurrentHost.Point))]
    public static int M(int x) => x + 2000;
}

[Patch("conc-2")]
public sealed class Concurrent2 : TestPatch
{
    [Replaces(typeof(ConcurrentHost), nameof(ConcurrentHost.Point))]
    public static int M(int x) => x + 3000;
}

[Patch("conc-3")]
public sealed class Concurrent3 : TestPatch
{
    [Replaces(typeof(ConcurrentHost), nameof(ConcurrentHost.Point))]
    public static int M(int x) => x + 4000;
}

[Patch("stress-a")]
public sealed class StressA : TestPatch
{
    [Replaces(typeof(StressHost), nameof(StressHost.Point))]
    public static int M(int x) => x + 1000;
}

[Patch("stress-b")]
public sealed class StressB : TestPatch
{
    [Replaces(typeof(StressHost), nameof(StressHost.Point))]
    public static int M(int x) => x + 2000;
}

[Patch("stress-cumulative", Cumulative = true)]
public sealed class StressCumulative : TestPatch
{
    [Replaces(typeof(StressHost), nameof(StressHost.Point))]
    public static int M(int x) => x + 3000;
}

using System.Collections.Immutable;
using HookSafety.Analyzers.Rules;
using Microsoft.CodeAnalysis;

namespace HookSafety.Analyzers.Tests.Views;

// The shipped PatchModelAnalyzer reports every rule decided over the patch model; each rule's tests look at that rule
// alone through one of these views (the same analyzer, limited to the rule's descriptors).

internal static class RuleView
{
    public static ImmutableArray<DiagnosticDescriptor> Of(params DiagnosticDescriptor[] descriptors) => ImmutableArray.Create(descriptors);
}

public sealed class GlobalStateOutsidePrePatchAnalyzer : PatchModelAnalyzer
{
    public GlobalStateOutsidePrePatchAnalyzer() : base(RuleView.Of(Descriptors.GlobalChangeOutsidePrePatch)) { }
}

public sealed class MissingUndoAnalyzer : PatchModelAnalyzer
{
    public MissingUndoAnalyzer() : base(RuleView.Of(Descriptors.MissingUndo)) { }
}

public sealed class MissingUnregistrationAnalyzer : PatchModelAnalyzer
{
    public MissingUnregistrationAnalyzer() : base(RuleView.Of(Descriptors.MissingUnregistration)) { }
}

public sealed class UndoInWrongHookAnalyzer : PatchModelAnalyzer
{
    public UndoInWrongHookAnalyzer() : base(RuleView.Of(Descriptors.UndoInWrongHook)) { }
}

public sealed class ShadowVariableLeakAnalyzer : PatchModelAnalyzer
{
    public ShadowVariableLeakAnalyzer() : base(RuleView.Of(Descriptors.ShadowVariableLeak)) { }
}

public sealed class UnsynchronizedSharedDataAnalyzer : PatchModelAnalyzer
{
    public UnsynchronizedSharedDataAnalyzer() : base(RuleView.Of(Descriptors.UnsynchronizedSharedData)) { }
}

public sealed class GuardedByAnalyzer : PatchModelAnalyzer
{
    public GuardedByAnalyzer() : base(RuleView.Of(Descriptors.GuardedAccessWithoutLock, Descriptors.GuardedByUnknownLock)) { }
}

public sealed class PrePatchFailureAnalyzer : PatchModelAnalyzer
{
    public PrePatchFailureAnalyzer() : base(RuleView.Of(Descriptors.PrePatchThrows, Descriptors.RejectAfterChange)) { }
}

public sealed class HookCannotFailAnalyzer : PatchModelAnalyzer
{
    public HookCannotFailAnalyzer() : base(RuleView.Of(Descriptors.HookThrows)) { }
}

public sealed class GetPreviousOutsideEnableAnalyzer : PatchModelAnalyzer
{
    public GetPreviousOutsideEnableAnalyzer() : base(RuleView.Of(Descriptors.GetPreviousOutsideEnable)) { }
}

public sealed class StickyUnpatchHooksAnalyzer : PatchModelAnalyzer
{
    public StickyUnpatchHooksAnalyzer() : base(RuleView.Of(Descriptors.StickyPatchUnpatchHook)) { }
}

public sealed class BlockingWaitAnalyzer : PatchModelAnalyzer
{
    public BlockingWaitAnalyzer() : base(RuleView.Of(Descriptors.BlockingWaitInHook)) { }
}

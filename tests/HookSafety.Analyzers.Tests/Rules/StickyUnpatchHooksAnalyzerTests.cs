using System.Threading.Tasks;
using HookSafety.Analyzers.Rules;
using HookSafety.Analyzers.Tests.Hosts;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using VerifySticky = HookSafety.Analyzers.Tests.Verifiers.CSharpAnalyzerVerifier<HookSafety.Analyzers.Tests.Verifiers.Only<HookSafety.Analyzers.Rules.StickyUnpatchHooks>>;

namespace HookSafety.Analyzers.Tests.Rules;

public sealed class StickyUnpatchHooksAnalyzerTests
{
    private static Task Verify(string patch, params DiagnosticResult[] expected) => VerifySticky.VerifyAnalyzerAsync(LifecycleHost.With(patch), expected);

    // ---- flagged ----

    [Fact]
    public Task StickyPatchWithPreUnpatch_IsFlagged() => Verify("""
        [Patch("p", Sticky = true)]
        public sealed class P : LivePatch
        {
            protected override void {|#0:PreUnpatch|}(PatchContext context) => Net.Log("bye");
        }
        """,
        VerifySticky.Diagnostic("HS0015").WithLocation(0).WithSeverity(DiagnosticSeverity.Info)
            .WithMessage("'P' is sticky, so it is never disabled and its PreUnpatch never runs; remove it, or make the patch not sticky"));

    [Fact]
    public Task StickyPatchWithPostUnpatch_IsFlagged() => Verify("""
        [Patch("p", Sticky = true)]
        public sealed class P : LivePatch
        {
            protected override void [|PostUnpatch|](PatchContext context)
            {
                Net.ChallengeAckLimit = 100;
            }
        }
        """);

    [Fact]
    public Task BothUnpatchHooks_AreTwoFindings() => Verify("""
        [Patch("p", Sticky = true, Cumulative = true)]
        public sealed class P : LivePatch
        {
            protected override void [|PreUnpatch|](PatchContext context) { }

            protected override void [|PostUnpatch|](PatchContext context) { }
        }
        """);

    [Fact]
    public Task SealedOverride_IsFlagged() => Verify("""
        [Patch("p", Sticky = true)]
        public class P : LivePatch
        {
            protected sealed override void [|PostUnpatch|](PatchContext context) { }
        }
        """);

    [Fact]
    public Task NestedStickyPatch_IsFlagged() => Verify("""
        public static class Fixes
        {
            [Patch("p", Sticky = true)]
            public sealed class P : LivePatch
            {
                protected override void [|PreUnpatch|](PatchContext context) => Net.Log("never");
            }
        }
        """);

    [Fact]
    public Task HookInTheOtherPartOfAPartialPatch_IsFlagged() => VerifySticky.VerifyAnalyzerAsync(
        new[]
        {
            LifecycleHost.With("""
                [Patch("p", Sticky = true)]
                public sealed partial class P : LivePatch
                {
                }
                """),
            LifecycleHost.Usings + """
                public sealed partial class P
                {
                    protected override void [|PostUnpatch|](PatchContext context) { }
                }
                """,
        },
        editorConfig: null);

    [Fact]
    public Task StickyPatchWithEveryHook_FlagsOnlyTheUnpatchHooks() => Verify("""
        [Patch("p", Sticky = true)]
        public sealed class P : LivePatch
        {
            protected override HookResult PrePatch(PatchContext context) => HookResult.Continue;

            protected override void PostPatch(PatchContext context) { }

            protected override void [|PreUnpatch|](PatchContext context) { }
        }
        """);

    [Fact]
    public Task StickyTrueAmongOtherArguments_IsFlagged() => Verify("""
        [Patch(id: "p", Cumulative = false, Sticky = true)]
        public sealed class P : LivePatch
        {
            protected override void [|PostUnpatch|](PatchContext context) { }
        }
        """);

    // ---- left alone ----

    [Fact]
    public Task PatchThatIsNotSticky_IsLeftAlone() => Verify("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            protected override void PreUnpatch(PatchContext context) { }

            protected override void PostUnpatch(PatchContext context) { }
        }
        """);

    [Fact]
    public Task StickyPatchWithoutUnpatchHooks_IsLeftAlone() => Verify("""
        [Patch("p", Sticky = true)]
        public sealed class P : LivePatch
        {
            protected override HookResult PrePatch(PatchContext context) => HookResult.Continue;

            protected override void PostPatch(PatchContext context) { }
        }
        """);

    [Fact]
    public Task StickyFalse_IsLeftAlone() => Verify("""
        [Patch("p", Sticky = false)]
        public sealed class P : LivePatch
        {
            protected override void PostUnpatch(PatchContext context) { }
        }
        """);

    [Fact]
    public Task OverloadThatIsNotAHook_IsLeftAlone() => Verify("""
        [Patch("p", Sticky = true)]
        public sealed class P : LivePatch
        {
            private void PostUnpatch(int attempt) { }
        }
        """);

    [Fact]
    public Task HookInheritedFromAReusableBase_IsLeftAlone() => Verify("""
        public abstract class Base : LivePatch
        {
            protected override void PostUnpatch(PatchContext context) { }
        }

        [Patch("p", Sticky = true)]
        public sealed class P : Base
        {
        }
        """);

    [Fact]
    public Task ClassesThatAreNotPatches_AreLeftAlone() => Verify("""
        public sealed class NotAPatch
        {
            public void PostUnpatch(PatchContext context) { }
        }
        """);

    [Fact]
    public Task StickyPatchWhoseOtherHooksExist_IsLeftAloneForThem() => Verify("""
        [Patch("p", Sticky = true)]
        public sealed class P : LivePatch
        {
            protected override void PostPatch(PatchContext context) => Net.Log("for ever");
        }
        """);

    [Fact]
    public Task AbstractStickyLookingBase_IsNotAPatch() => Verify("""
        public abstract class Base : LivePatch
        {
            protected override void PreUnpatch(PatchContext context) { }
        }
        """);
}

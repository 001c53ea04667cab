using System.Threading.Tasks;
using HookSafety.Analyzers.Tests.Hosts;
using Xunit;
using VerifyFix = HookSafety.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<HookSafety.Analyzers.Tests.Verifiers.Only<HookSafety.Analyzers.Rules.StickyUnpatchHooks>, HookSafety.CodeFixes.Rules.RemoveStickyUnpatchHookFixer>;

namespace HookSafety.Analyzers.Tests.Rules;

public sealed class RemoveStickyUnpatchHookFixerTests
{
    [Fact]
    public Task LastMember_IsRemovedWithItsComments() => VerifyFix.VerifyCodeFixAsync(LifecycleHost.With("""
        [Patch("p", Sticky = true)]
        public sealed class P : LivePatch
        {
            protected override HookResult PrePatch(PatchContext context)
            {
                Net.ChallengeAckLimit = 2;
                return HookResult.Continue;
            }

            /// <summary>Puts the limit back.</summary>
            protected override void [|PostUnpatch|](PatchContext context) // never runs
            {
                Net.ChallengeAckLimit = 100;
            }
        }
        """), LifecycleHost.With("""
        [Patch("p", Sticky = true)]
        public sealed class P : LivePatch
        {
            protected override HookResult PrePatch(PatchContext context)
            {
                Net.ChallengeAckLimit = 2;
                return HookResult.Continue;
            }
        }
        """));

    [Fact]
    public Task MiddleAndFirstMembers_LeaveOneBlankLineBetweenTheOthers_AndNoneAfterTheBrace() => VerifyFix.VerifyCodeFixAsync(LifecycleHost.With("""
        [Patch("p", Sticky = true)]
        public sealed class P : LivePatch
        {
            // never runs
            protected override void [|PreUnpatch|](PatchContext context) => Net.Log("disabling");

            protected override HookResult PrePatch(PatchContext context)
            {
                Net.ChallengeAckLimit = 2;
                return HookResult.Continue;
            }

            protected override void [|PostUnpatch|](PatchContext context)
            {
                Net.ChallengeAckLimit = 100;
            }

            private static void Log(string message) => Net.Log(message);
        }
        """), LifecycleHost.With("""
        [Patch("p", Sticky = true)]
        public sealed class P : LivePatch
        {
            protected override HookResult PrePatch(PatchContext context)
            {
                Net.ChallengeAckLimit = 2;
                return HookResult.Continue;
            }

            private static void Log(string message) => Net.Log(message);
        }
        """));

    [Fact]
    public Task DirectivesAroundTheHooks_Stay() => VerifyFix.VerifyCodeFixAsync(LifecycleHost.With("""
        [Patch("p", Sticky = true)]
        public sealed class P : LivePatch
        {
            protected override HookResult PrePatch(PatchContext context) => HookResult.Continue;

            #region Unpatch
            protected override void [|PreUnpatch|](PatchContext context)
            {
            }

            protected override void [|PostUnpatch|](PatchContext context)
            {
            }
            #endregion
        }
        """), LifecycleHost.With("""
        [Patch("p", Sticky = true)]
        public sealed class P : LivePatch
        {
            protected override HookResult PrePatch(PatchContext context) => HookResult.Continue;

            #region Unpatch
            #endregion
        }
        """));

    [Fact]
    public Task FixAll_InTwoDocuments_AndTwiceInOneClass() => VerifyFix.VerifyCodeFixAsync(
        new[]
        {
            LifecycleHost.With("""
            [Patch("p", Sticky = true)]
            public sealed class P : LivePatch
            {
                protected override void PostPatch(PatchContext context) => Net.Log("on");

                protected override void [|PreUnpatch|](PatchContext context) => Net.Log("off");

                protected override void [|PostUnpatch|](PatchContext context) => Net.ChallengeAckLimit = 100;
            }
            """),
            LifecycleHost.Usings + """
            [Patch("q", Sticky = true)]
            public sealed class Q : LivePatch
            {
                protected override void [|PostUnpatch|](PatchContext context)
                {
                }

                protected override void PostPatch(PatchContext context)
                {
                }
            }
            """,
        },
        new[]
        {
            LifecycleHost.With("""
            [Patch("p", Sticky = true)]
            public sealed class P : LivePatch
            {
                protected override void PostPatch(PatchContext context) => Net.Log("on");
            }
            """),
            LifecycleHost.Usings + """
            [Patch("q", Sticky = true)]
            public sealed class Q : LivePatch
            {
                protected override void PostPatch(PatchContext context)
                {
                }
            }
            """,
        });
}

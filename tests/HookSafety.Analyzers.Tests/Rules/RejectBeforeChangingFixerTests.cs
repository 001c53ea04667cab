using System.Threading.Tasks;
using HookSafety.Analyzers.Tests.Hosts;
using Xunit;
using VerifyFix = HookSafety.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<HookSafety.Analyzers.Tests.Verifiers.Only<HookSafety.Analyzers.Rules.PrePatchFailure>, HookSafety.CodeFixes.Rules.RejectBeforeChangingFixer>;

namespace HookSafety.Analyzers.Tests.Rules;

public sealed class RejectBeforeChangingFixerTests
{
    [Fact]
    public Task ACheckThatDoesNotReadTheChange_MovesBeforeTheFirstChange() => VerifyFix.VerifyCodeFixAsync(LifecycleHost.ForFix("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            private static int s_saved;

            protected override HookResult PrePatch(PatchContext context)
            {
                Net.Log("checking");
                s_saved = Net.ChallengeAckLimit;
                Net.ChallengeAckLimit = 1000;
                if (Net.AllowedPeers.Count == 0)
                {
                    return [|HookResult.Reject("no peers are configured")|]; // nothing to protect
                }

                return HookResult.Continue;
            }

            protected override void PostUnpatch(PatchContext context) => Net.ChallengeAckLimit = s_saved;
        }
        """), LifecycleHost.ForFix("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            private static int s_saved;

            protected override HookResult PrePatch(PatchContext context)
            {
                Net.Log("checking");
                s_saved = Net.ChallengeAckLimit;
                if (Net.AllowedPeers.Count == 0)
                {
                    return HookResult.Reject("no peers are configured"); // nothing to protect
                }

                Net.ChallengeAckLimit = 1000;

                return HookResult.Continue;
            }

            protected override void PostUnpatch(PatchContext context) => Net.ChallengeAckLimit = s_saved;
        }
        """));

    [Fact]
    public Task NoFix_WhenTheCheckReadsWhatWasChanged_OrACallComesBetween() => VerifyFix.VerifyNoFixAsync(LifecycleHost.ForFix("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            protected override HookResult PrePatch(PatchContext context)
            {
                Net.Limits.MaxDepth = 64;
                if (Net.Limits.MaxDepth > 32)
                {
                    return [|HookResult.Reject("too deep")|];
                }

                Net.AllowedPeers.Add("10.0.0.1");
                if (Net.Mode == null)
                    return [|HookResult.Reject("not configured")|];

                return HookResult.Continue;
            }
        }
        """));

    [Fact]
    public Task NoFix_WhenTheRejectIsNotAnIfOfItsOwn() => VerifyFix.VerifyNoFixAsync(LifecycleHost.ForFix("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            protected override HookResult PrePatch(PatchContext context)
            {
                Net.ChallengeAckLimit = 1000;
                if (Net.Mode == null)
                {
                    Net.Log("not configured");
                    return [|HookResult.Reject("not configured")|];
                }
                else
                {
                    return HookResult.Continue;
                }
            }
        }
        """));
}

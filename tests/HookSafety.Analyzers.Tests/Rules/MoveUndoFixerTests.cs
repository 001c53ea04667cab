using System.Threading.Tasks;
using HookSafety.Analyzers.Tests.Hosts;
using Xunit;
using VerifyFix = HookSafety.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<HookSafety.Analyzers.Tests.Verifiers.Only<HookSafety.Analyzers.Rules.UndoInWrongHook>, HookSafety.CodeFixes.Rules.MoveUndoFixer>;

namespace HookSafety.Analyzers.Tests.Rules;

public sealed class MoveUndoFixerTests
{
    [Fact]
    public Task PrePatchChange_UndoneInPreUnpatch_MovesToANewPostUnpatch() => VerifyFix.VerifyCodeFixAsync(LifecycleHost.ForFix("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            protected override HookResult PrePatch(PatchContext context)
            {
                Net.AllowedPeers.Add("10.0.0.1");
                return HookResult.Continue;
            }

            protected override void PreUnpatch(PatchContext context)
            {
                [|Net.AllowedPeers.Remove("10.0.0.1")|]; // allow it no more
            }
        }
        """), LifecycleHost.ForFix("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            protected override HookResult PrePatch(PatchContext context)
            {
                Net.AllowedPeers.Add("10.0.0.1");
                return HookResult.Continue;
            }

            protected override void PostUnpatch(PatchContext context)
            {
                Net.AllowedPeers.Remove("10.0.0.1"); // allow it no more
            }
        }
        """));

    [Fact]
    public Task PostPatchRegistration_UndoneInPostUnpatch_MovesToPreUnpatch_WithItsParameterName() => VerifyFix.VerifyCodeFixAsync(LifecycleHost.ForFix("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            protected override void PostPatch(PatchContext context)
            {
                Net.AllowedPeers.Add(context.PatchId);
            }

            protected override void PreUnpatch(PatchContext c) => Log(c.PatchId);

            protected override void PostUnpatch(PatchContext context)
            {
                [|Net.AllowedPeers.Remove(context.PatchId)|];
            }

            private static void Log(string message) { }
        }
        """), LifecycleHost.ForFix("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            protected override void PostPatch(PatchContext context)
            {
                Net.AllowedPeers.Add(context.PatchId);
            }

            protected override void PreUnpatch(PatchContext c)
            {
                Log(c.PatchId);
                Net.AllowedPeers.Remove(c.PatchId);
            }

            private static void Log(string message) { }
        }
        """));

    [Fact]
    public Task ExpressionBodiedHook_IsLeftWithAnEmptyBlock() => VerifyFix.VerifyCodeFixAsync(LifecycleHost.ForFix("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            protected override HookResult PrePatch(PatchContext context)
            {
                Net.AllowedPeers.Add(context.PatchId);
                return HookResult.Continue;
            }

            protected override void PreUnpatch(PatchContext c) => [|Net.AllowedPeers.Remove(c.PatchId)|];
        }
        """), LifecycleHost.ForFix("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            protected override HookResult PrePatch(PatchContext context)
            {
                Net.AllowedPeers.Add(context.PatchId);
                return HookResult.Continue;
            }

            protected override void PostUnpatch(PatchContext context)
            {
                Net.AllowedPeers.Remove(context.PatchId);
            }
        }
        """));

    [Fact]
    public Task ShadowVariableDetachedInPreUnpatch_MovesToPostUnpatch() => VerifyFix.VerifyCodeFixAsync(LifecycleHost.ForFix("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            private static readonly ShadowVariable<object, int> s_retries = new("retries");

            protected override HookResult PrePatch(PatchContext context)
            {
                s_retries.Attach(context, 1);
                return HookResult.Continue;
            }

            protected override void PreUnpatch(PatchContext context)
            {
                [|s_retries.DetachAll()|];
            }

            protected override void PostUnpatch(PatchContext context)
            {
                Net.Motd = null;
            }
        }
        """), LifecycleHost.ForFix("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            private static readonly ShadowVariable<object, int> s_retries = new("retries");

            protected override HookResult PrePatch(PatchContext context)
            {
                s_retries.Attach(context, 1);
                return HookResult.Continue;
            }

            protected override void PostUnpatch(PatchContext context)
            {
                Net.Motd = null;
                s_retries.DetachAll();
            }
        }
        """));

    [Fact]
    public Task FixAll_InTwoDocuments_AndTwiceInOneClass() => VerifyFix.VerifyCodeFixAsync(
        new[]
        {
            LifecycleHost.ForFix("""
            [Patch("p")]
            public sealed class P : LivePatch
            {
                protected override HookResult PrePatch(PatchContext context)
                {
                    Net.AllowedPeers.Add("p");
                    Net.ChallengeAckLimit = 1000;
                    return HookResult.Continue;
                }

                protected override void PreUnpatch(PatchContext context)
                {
                    [|Net.AllowedPeers.Remove("p")|];
                    [|Net.ChallengeAckLimit = 100|];
                }
            }
            """),
            LifecycleHost.FixUsings + """
            [Patch("q")]
            public sealed class Q : LivePatch
            {
                protected override void PostPatch(PatchContext context)
                {
                    Net.PacketReceived += OnPacket;
                }

                protected override void PostUnpatch(PatchContext context)
                {
                    [|Net.PacketReceived -= OnPacket|];
                }

                private static void OnPacket(object? sender, string packet) { }
            }
            """,
        },
        new[]
        {
            LifecycleHost.ForFix("""
            [Patch("p")]
            public sealed class P : LivePatch
            {
                protected override HookResult PrePatch(PatchContext context)
                {
                    Net.AllowedPeers.Add("p");
                    Net.ChallengeAckLimit = 1000;
                    return HookResult.Continue;
                }

                protected override void PostUnpatch(PatchContext context)
                {
                    Net.AllowedPeers.Remove("p");
                    Net.ChallengeAckLimit = 100;
                }
            }
            """),
            LifecycleHost.FixUsings + """
            [Patch("q")]
            public sealed class Q : LivePatch
            {
                protected override void PostPatch(PatchContext context)
                {
                    Net.PacketReceived += OnPacket;
                }

                protected override void PreUnpatch(PatchContext context)
                {
                    Net.PacketReceived -= OnPacket;
                }

                private static void OnPacket(object? sender, string packet) { }
            }
            """,
        });

    [Fact]
    public Task AHelperThatOnlyUndoes_AndAGuardedUndo_MoveWhole() => VerifyFix.VerifyCodeFixAsync(LifecycleHost.ForFix("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            protected override HookResult PrePatch(PatchContext context)
            {
                Net.AllowedPeers.Add("a");
                Net.RegisterHandler(OnConnect);
                return HookResult.Continue;
            }

            protected override void PreUnpatch(PatchContext context)
            {
                [|Forget()|];
                if (Net.AllowedPeers.Count > 0)
                {
                    [|Net.UnregisterHandler(OnConnect)|];
                }
            }

            private static void Forget() => Net.AllowedPeers.Remove("a");

            private static void OnConnect(string peer) { }
        }
        """), LifecycleHost.ForFix("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            protected override HookResult PrePatch(PatchContext context)
            {
                Net.AllowedPeers.Add("a");
                Net.RegisterHandler(OnConnect);
                return HookResult.Continue;
            }

            protected override void PostUnpatch(PatchContext context)
            {
                Forget();
                if (Net.AllowedPeers.Count > 0)
                {
                    Net.UnregisterHandler(OnConnect);
                }
            }

            private static void Forget() => Net.AllowedPeers.Remove("a");

            private static void OnConnect(string peer) { }
        }
        """));

    [Fact]
    public Task NoFix_ThroughAHelperThatAlsoUndoesAPostPatchRegistration() => VerifyFix.VerifyNoFixAsync(LifecycleHost.ForFix("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            protected override HookResult PrePatch(PatchContext context)
            {
                Net.AllowedPeers.Add("a");
                return HookResult.Continue;
            }

            protected override void PostPatch(PatchContext context) => Net.RegisterHandler(OnConnect);

            protected override void PreUnpatch(PatchContext context)
            {
                [|Stop()|];
            }

            private static void Stop()
            {
                Net.UnregisterHandler(OnConnect);
                Net.AllowedPeers.Remove("a");
            }

            private static void OnConnect(string peer) { }
        }
        """));
}

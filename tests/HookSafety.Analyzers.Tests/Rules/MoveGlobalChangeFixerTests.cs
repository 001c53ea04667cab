using System.Threading.Tasks;
using HookSafety.Analyzers.Tests.Hosts;
using Xunit;
using VerifyFix = HookSafety.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<HookSafety.Analyzers.Tests.Verifiers.Only<HookSafety.Analyzers.Rules.GlobalStateOutsidePrePatch>, HookSafety.CodeFixes.Rules.MoveGlobalChangeFixer>;

namespace HookSafety.Analyzers.Tests.Rules;

public sealed class MoveGlobalChangeFixerTests
{
    [Fact]
    public Task PostPatchChange_MovesToANewPrePatch_WithItsComment_AndTheSaveOfTheOldValue() => VerifyFix.VerifyCodeFixAsync(LifecycleHost.ForFix("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            private static int s_saved;

            protected override void PostPatch(PatchContext context)
            {
                s_saved = Net.ChallengeAckLimit;
                [|Net.ChallengeAckLimit = 1000|]; // CVE-2016-5696
                Net.RegisterHandler(OnConnect);
            }

            protected override void PreUnpatch(PatchContext context)
            {
                Net.UnregisterHandler(OnConnect);
            }

            protected override void PostUnpatch(PatchContext context)
            {
                Net.ChallengeAckLimit = s_saved;
            }

            private static void OnConnect(string peer) { }
        }
        """), LifecycleHost.ForFix("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            private static int s_saved;

            protected override HookResult PrePatch(PatchContext context)
            {
                s_saved = Net.ChallengeAckLimit;
                Net.ChallengeAckLimit = 1000; // CVE-2016-5696
                return HookResult.Continue;
            }

            protected override void PostPatch(PatchContext context)
            {
                Net.RegisterHandler(OnConnect);
            }

            protected override void PreUnpatch(PatchContext context)
            {
                Net.UnregisterHandler(OnConnect);
            }

            protected override void PostUnpatch(PatchContext context)
            {
                Net.ChallengeAckLimit = s_saved;
            }

            private static void OnConnect(string peer) { }
        }
        """));

    [Fact]
    public Task PostPatchChange_GoesBeforeTheFinalReturnOfPrePatch() => VerifyFix.VerifyCodeFixAsync(LifecycleHost.ForFix("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            protected override HookResult PrePatch(PatchContext context)
            {
                if (Net.AllowedPeers.Count > 10)
                {
                    return HookResult.Reject("too many peers");
                }

                Net.Motd = "patched";

                return HookResult.Continue;
            }

            protected override void PostPatch(PatchContext context)
            {
                [|Net.Banner = "patched"|];
            }

            protected override void PostUnpatch(PatchContext context)
            {
                Net.Motd = null;
                Net.Banner = "";
            }
        }
        """), LifecycleHost.ForFix("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            protected override HookResult PrePatch(PatchContext context)
            {
                if (Net.AllowedPeers.Count > 10)
                {
                    return HookResult.Reject("too many peers");
                }

                Net.Motd = "patched";
                Net.Banner = "patched";

                return HookResult.Continue;
            }

            protected override void PostUnpatch(PatchContext context)
            {
                Net.Motd = null;
                Net.Banner = "";
            }
        }
        """));

    [Fact]
    public Task AStatementAppendedAfterABlock_IsSeparatedByABlankLine() => VerifyFix.VerifyCodeFixAsync(LifecycleHost.ForFix("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            protected override void PreUnpatch(PatchContext context)
            {
                [|Net.Motd = null|];
            }

            protected override void PostUnpatch(PatchContext context)
            {
                if (Net.Banner.Length > 0)
                {
                    Net.Banner = "";
                }
            }
        }
        """), LifecycleHost.ForFix("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            protected override void PostUnpatch(PatchContext context)
            {
                if (Net.Banner.Length > 0)
                {
                    Net.Banner = "";
                }

                Net.Motd = null;
            }
        }
        """));

    [Fact]
    public Task ExpressionBodiedPrePatch_BecomesABlock() => VerifyFix.VerifyCodeFixAsync(LifecycleHost.ForFix("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            protected override HookResult PrePatch(PatchContext context) => HookResult.Continue;

            protected override void PostPatch(PatchContext context)
            {
                [|Net.ChallengeAckLimit++|];
            }

            protected override void PostUnpatch(PatchContext context) => Net.ChallengeAckLimit--;
        }
        """), LifecycleHost.ForFix("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            protected override HookResult PrePatch(PatchContext context)
            {
                Net.ChallengeAckLimit++;
                return HookResult.Continue;
            }

            protected override void PostUnpatch(PatchContext context) => Net.ChallengeAckLimit--;
        }
        """));

    [Fact]
    public Task ExpressionBodiedPostPatch_IsRemovedOnceEmpty() => VerifyFix.VerifyCodeFixAsync(LifecycleHost.ForFix("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            protected override void PostPatch(PatchContext context) => [|Net.Banner = context.PatchId|];

            protected override HookResult PrePatch(PatchContext context) => HookResult.Continue;

            protected override void PostUnpatch(PatchContext context) => Net.Banner = "";
        }
        """), LifecycleHost.ForFix("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            protected override HookResult PrePatch(PatchContext context)
            {
                Net.Banner = context.PatchId;
                return HookResult.Continue;
            }

            protected override void PostUnpatch(PatchContext context) => Net.Banner = "";
        }
        """));

    [Fact]
    public Task PreUnpatchChange_MovesToANewPostUnpatch() => VerifyFix.VerifyCodeFixAsync(LifecycleHost.ForFix("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            protected override void PreUnpatch(PatchContext context)
            {
                [|Net.AllowedPeers.Clear()|];
            }

            private static void Log(string message) { }
        }
        """), LifecycleHost.ForFix("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            protected override void PostUnpatch(PatchContext context)
            {
                Net.AllowedPeers.Clear();
            }

            private static void Log(string message) { }
        }
        """));

    [Fact]
    public Task PreUnpatchChange_IsAppendedToPostUnpatch() => VerifyFix.VerifyCodeFixAsync(LifecycleHost.ForFix("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            protected override void PostUnpatch(PatchContext context)
            {
                Net.Motd = null;
            }

            protected override void PreUnpatch(PatchContext context)
            {
                Log("unpatching");
                [|Net.Banner = ""|];
            }

            private static void Log(string message) { }
        }
        """), LifecycleHost.ForFix("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            protected override void PostUnpatch(PatchContext context)
            {
                Net.Motd = null;
                Net.Banner = "";
            }

            protected override void PreUnpatch(PatchContext context)
            {
                Log("unpatching");
            }

            private static void Log(string message) { }
        }
        """));

    [Fact]
    public Task UndoInPreUnpatch_MovesToPostUnpatch_WithTheChange() => VerifyFix.VerifyCodeFixAsync(LifecycleHost.ForFix("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            private static int s_saved;

            protected override void PostPatch(PatchContext context)
            {
                s_saved = Net.ChallengeAckLimit;
                [|Net.ChallengeAckLimit = 1000|];
            }

            protected override void PreUnpatch(PatchContext context)
            {
                // put it back
                Net.ChallengeAckLimit = s_saved;
            }
        }
        """), LifecycleHost.ForFix("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            private static int s_saved;

            protected override HookResult PrePatch(PatchContext context)
            {
                s_saved = Net.ChallengeAckLimit;
                Net.ChallengeAckLimit = 1000;
                return HookResult.Continue;
            }

            protected override void PostUnpatch(PatchContext context)
            {
                // put it back
                Net.ChallengeAckLimit = s_saved;
            }
        }
        """));

    [Fact]
    public Task UndoThroughAPatchHelper_StaysInPreUnpatch() => VerifyFix.VerifyCodeFixAsync(LifecycleHost.ForFix("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            protected override void PostPatch(PatchContext context)
            {
                [|Net.ChallengeAckLimit = 1000|];
            }

            protected override void PreUnpatch(PatchContext context)
            {
                Restore();
            }

            private static void Restore() => Net.ChallengeAckLimit = 100;
        }
        """), LifecycleHost.ForFix("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            protected override HookResult PrePatch(PatchContext context)
            {
                Net.ChallengeAckLimit = 1000;
                return HookResult.Continue;
            }

            protected override void PreUnpatch(PatchContext context)
            {
                Restore();
            }

            private static void Restore() => Net.ChallengeAckLimit = 100;
        }
        """));

    [Fact]
    public Task HookParameter_IsRenamedToTheTargetHooks() => VerifyFix.VerifyCodeFixAsync(LifecycleHost.ForFix("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            protected override HookResult PrePatch(PatchContext ctx)
            {
                return HookResult.Continue;
            }

            protected override void PostPatch(PatchContext context)
            {
                [|Net.Banner = context.PatchId + ": " + context.IsReplacing|];
            }

            protected override void PostUnpatch(PatchContext context) => Net.Banner = "";
        }
        """), LifecycleHost.ForFix("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            protected override HookResult PrePatch(PatchContext ctx)
            {
                Net.Banner = ctx.PatchId + ": " + ctx.IsReplacing;
                return HookResult.Continue;
            }

            protected override void PostUnpatch(PatchContext context) => Net.Banner = "";
        }
        """));

    [Fact]
    public Task PartialPatch_MovesIntoThePrePatchOfTheOtherPart() => VerifyFix.VerifyCodeFixAsync(
        new[]
        {
            LifecycleHost.ForFix("""
            [Patch("p")]
            public sealed partial class P : LivePatch
            {
                protected override void PostPatch(PatchContext context)
                {
                    [|Net.Banner = "patched"|];
                }
            }
            """),
            LifecycleHost.FixUsings + """
            public sealed partial class P
            {
                protected override HookResult PrePatch(PatchContext context)
                {
                    Net.Motd = "patched";
                    return HookResult.Continue;
                }

                protected override void PostUnpatch(PatchContext context)
                {
                    Net.Motd = null;
                    Net.Banner = "";
                }
            }
            """,
        },
        new[]
        {
            LifecycleHost.ForFix("""
            [Patch("p")]
            public sealed partial class P : LivePatch
            {
            }
            """),
            LifecycleHost.FixUsings + """
            public sealed partial class P
            {
                protected override HookResult PrePatch(PatchContext context)
                {
                    Net.Motd = "patched";
                    Net.Banner = "patched";
                    return HookResult.Continue;
                }

                protected override void PostUnpatch(PatchContext context)
                {
                    Net.Motd = null;
                    Net.Banner = "";
                }
            }
            """,
        });

    [Fact]
    public Task FixAll_InTwoDocuments_AndTwiceInOneClass() => VerifyFix.VerifyCodeFixAsync(
        new[]
        {
            LifecycleHost.ForFix("""
            [Patch("p")]
            public sealed class P : LivePatch
            {
                private static int s_limit;
                private static string s_banner = "";

                protected override void PostPatch(PatchContext context)
                {
                    s_limit = Net.ChallengeAckLimit;
                    s_banner = Net.Banner;
                    [|Net.ChallengeAckLimit = 1000|];
                    [|Net.Banner = "patched"|];
                }

                protected override void PreUnpatch(PatchContext context)
                {
                    [|Net.Motd = null|];
                }

                protected override void PostUnpatch(PatchContext context)
                {
                    Net.ChallengeAckLimit = s_limit;
                    Net.Banner = s_banner;
                }
            }
            """),
            LifecycleHost.FixUsings + """
            [Patch("q")]
            public sealed class Q : LivePatch
            {
                protected override void PostPatch(PatchContext context)
                {
                    [|Net.AllowedPeers.Clear()|];
                }
            }
            """,
        },
        new[]
        {
            LifecycleHost.ForFix("""
            [Patch("p")]
            public sealed class P : LivePatch
            {
                private static int s_limit;
                private static string s_banner = "";

                protected override HookResult PrePatch(PatchContext context)
                {
                    s_limit = Net.ChallengeAckLimit;
                    Net.ChallengeAckLimit = 1000;
                    s_banner = Net.Banner;
                    Net.Banner = "patched";
                    return HookResult.Continue;
                }

                protected override void PostUnpatch(PatchContext context)
                {
                    Net.ChallengeAckLimit = s_limit;
                    Net.Banner = s_banner;
                    Net.Motd = null;
                }
            }
            """),
            LifecycleHost.FixUsings + """
            [Patch("q")]
            public sealed class Q : LivePatch
            {
                protected override HookResult PrePatch(PatchContext context)
                {
                    Net.AllowedPeers.Clear();
                    return HookResult.Continue;
                }
            }
            """,
        });

    [Fact]
    public Task TheOldValueReadIntoALocal_MovesWithTheChange_AndWhatUsesTheLocal() => VerifyFix.VerifyCodeFixAsync(LifecycleHost.ForFix("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            private static int s_saved;

            protected override void PostPatch(PatchContext context)
            {
                var old = Net.ChallengeAckLimit;
                Net.Log("patched");
                [|Net.ChallengeAckLimit = 1000|];
                s_saved = old;
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
                var old = Net.ChallengeAckLimit;
                Net.ChallengeAckLimit = 1000;
                s_saved = old;
                return HookResult.Continue;
            }

            protected override void PostPatch(PatchContext context)
            {
                Net.Log("patched");
            }

            protected override void PostUnpatch(PatchContext context) => Net.ChallengeAckLimit = s_saved;
        }
        """));

    [Fact]
    public Task NoFix_WhenALocalTheChangeUsesIsAlsoBranchedOn() => VerifyFix.VerifyNoFixAsync(LifecycleHost.ForFix("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            protected override void PostPatch(PatchContext context)
            {
                var limit = Net.ChallengeAckLimit * 2;
                [|Net.ChallengeAckLimit = limit|];
                if (limit > 100)
                {
                    Net.Log("raised");
                }
            }
        }
        """));

    [Fact]
    public Task AStatementReadingTheOldValue_MovesWithTheChange_AndOnesAfterItStay() => VerifyFix.VerifyCodeFixAsync(LifecycleHost.ForFix("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            private static int s_saved;

            protected override void PostPatch(PatchContext context)
            {
                Net.Log("raising the limit from " + Net.ChallengeAckLimit);
                s_saved = Net.ChallengeAckLimit;
                Net.Log("patched");
                [|Net.ChallengeAckLimit = 1000|];
                Net.Log("now " + Net.ChallengeAckLimit);
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
                Net.Log("raising the limit from " + Net.ChallengeAckLimit);
                s_saved = Net.ChallengeAckLimit;
                Net.ChallengeAckLimit = 1000;
                return HookResult.Continue;
            }

            protected override void PostPatch(PatchContext context)
            {
                Net.Log("patched");
                Net.Log("now " + Net.ChallengeAckLimit);
            }

            protected override void PostUnpatch(PatchContext context) => Net.ChallengeAckLimit = s_saved;
        }
        """));

    [Fact]
    public Task AHelperThatOnlyChanges_IsCalledFromPrePatch_WithTheSaveBeforeIt() => VerifyFix.VerifyCodeFixAsync(LifecycleHost.ForFix("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            private static int s_saved;

            protected override void PostPatch(PatchContext context)
            {
                s_saved = Net.ChallengeAckLimit;
                [|Raise(1000)|];
                Net.RegisterHandler(OnConnect);
            }

            protected override void PreUnpatch(PatchContext context) => Net.UnregisterHandler(OnConnect);

            protected override void PostUnpatch(PatchContext context) => Net.ChallengeAckLimit = s_saved;

            private static void Raise(int limit)
            {
                if (Net.ChallengeAckLimit < limit)
                {
                    Net.ChallengeAckLimit = limit;
                }
            }

            private static void OnConnect(string peer) { }
        }
        """), LifecycleHost.ForFix("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            private static int s_saved;

            protected override HookResult PrePatch(PatchContext context)
            {
                s_saved = Net.ChallengeAckLimit;
                Raise(1000);
                return HookResult.Continue;
            }

            protected override void PostPatch(PatchContext context)
            {
                Net.RegisterHandler(OnConnect);
            }

            protected override void PreUnpatch(PatchContext context) => Net.UnregisterHandler(OnConnect);

            protected override void PostUnpatch(PatchContext context) => Net.ChallengeAckLimit = s_saved;

            private static void Raise(int limit)
            {
                if (Net.ChallengeAckLimit < limit)
                {
                    Net.ChallengeAckLimit = limit;
                }
            }

            private static void OnConnect(string peer) { }
        }
        """));

    [Fact]
    public Task AStoreThroughASetterThatChangesAGlobal_MovesLikeAHelperCall() => VerifyFix.VerifyCodeFixAsync(LifecycleHost.ForFix("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            private static int s_saved;

            private static int AckLimit { get => Net.ChallengeAckLimit; set => Net.ChallengeAckLimit = value; }

            protected override void PostPatch(PatchContext context)
            {
                s_saved = AckLimit;
                [|AckLimit = 1000|];
                Net.RegisterHandler(OnConnect);
            }

            protected override void PreUnpatch(PatchContext context) => Net.UnregisterHandler(OnConnect);

            protected override void PostUnpatch(PatchContext context) => AckLimit = s_saved;

            private static void OnConnect(string peer) { }
        }
        """), LifecycleHost.ForFix("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            private static int s_saved;

            private static int AckLimit { get => Net.ChallengeAckLimit; set => Net.ChallengeAckLimit = value; }

            protected override HookResult PrePatch(PatchContext context)
            {
                s_saved = AckLimit;
                AckLimit = 1000;
                return HookResult.Continue;
            }

            protected override void PostPatch(PatchContext context)
            {
                Net.RegisterHandler(OnConnect);
            }

            protected override void PreUnpatch(PatchContext context) => Net.UnregisterHandler(OnConnect);

            protected override void PostUnpatch(PatchContext context) => AckLimit = s_saved;

            private static void OnConnect(string peer) { }
        }
        """));

    [Fact]
    public Task AHelperChainInAnExpressionBody_MovesWhole_AndTheEmptiedHookGoes() => VerifyFix.VerifyCodeFixAsync(LifecycleHost.ForFix("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            protected override void PostPatch(PatchContext context) => [|Apply()|];

            protected override void PostUnpatch(PatchContext context) => Net.Counter = 0;

            private static void Apply() => Configure();

            private static void Configure()
            {
                Net.Counter = 1;
            }
        }
        """), LifecycleHost.ForFix("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            protected override HookResult PrePatch(PatchContext context)
            {
                Apply();
                return HookResult.Continue;
            }

            protected override void PostUnpatch(PatchContext context) => Net.Counter = 0;

            private static void Apply() => Configure();

            private static void Configure()
            {
                Net.Counter = 1;
            }
        }
        """));

    [Fact]
    public Task ACallOfALocalFunction_MovesWithTheFunction() => VerifyFix.VerifyCodeFixAsync(LifecycleHost.ForFix("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            protected override void PostPatch(PatchContext context)
            {
                Net.Log("patched");
                [|Apply()|];

                void Apply() => Net.Counter = 7;
            }

            protected override void PostUnpatch(PatchContext context) => Net.Counter = 0;
        }
        """), LifecycleHost.ForFix("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            protected override HookResult PrePatch(PatchContext context)
            {
                Apply();

                void Apply() => Net.Counter = 7;
                return HookResult.Continue;
            }

            protected override void PostPatch(PatchContext context)
            {
                Net.Log("patched");
            }

            protected override void PostUnpatch(PatchContext context) => Net.Counter = 0;
        }
        """));

    [Fact]
    public async Task AHelperThatChangesTwoMembers_MovesWhole_ForEitherFinding()
    {
        var source = LifecycleHost.ForFix("""
            [Patch("p")]
            public sealed class P : LivePatch
            {
                protected override void PostPatch(PatchContext context)
                {
                    {|#0:Apply()|};
                }

                protected override void PostUnpatch(PatchContext context)
                {
                    Net.Counter = 0;
                    Net.Limits.MaxDepth = 16;
                }

                private static void Apply()
                {
                    {|#1:Net.Counter = 1|};
                    {|#2:Net.Limits.MaxDepth = 64|};
                }
            }
            """);
        var fixedSource = LifecycleHost.ForFix("""
            [Patch("p")]
            public sealed class P : LivePatch
            {
                protected override HookResult PrePatch(PatchContext context)
                {
                    Apply();
                    return HookResult.Continue;
                }

                protected override void PostUnpatch(PatchContext context)
                {
                    Net.Counter = 0;
                    Net.Limits.MaxDepth = 16;
                }

                private static void Apply()
                {
                    Net.Counter = 1;
                    Net.Limits.MaxDepth = 64;
                }
            }
            """);
        var test = VerifyFix.Create(source);
        test.ExpectedDiagnostics.Add(VerifyFix.Diagnostic("HS0001").WithLocation(0).WithLocation(1).WithArguments("Net.Counter", "changed", "PostPatch", " via Apply()", "after the new code went live", "change it in PrePatch and undo it in PostUnpatch"));
        test.ExpectedDiagnostics.Add(VerifyFix.Diagnostic("HS0001").WithLocation(0).WithLocation(2).WithArguments("Net.Limits.MaxDepth", "changed", "PostPatch", " via Apply()", "after the new code went live", "change it in PrePatch and undo it in PostUnpatch"));
        test.FixedState.Sources.Add(fixedSource);
        await test.RunAsync();
        Support.RoundTrip.VerifyFix(new[] { source }, new[] { fixedSource });
    }

    [Fact]
    public Task NoFix_ThroughAHelperThatAlsoRegisters() => VerifyFix.VerifyNoFixAsync(LifecycleHost.ForFix("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            protected override void PostPatch(PatchContext context)
            {
                [|Start()|];
            }

            protected override void PreUnpatch(PatchContext context) => Net.UnregisterHandler(OnConnect);

            private static void Start()
            {
                Net.ChallengeAckLimit = 1000;
                Net.RegisterHandler(OnConnect);
            }

            private static void OnConnect(string peer) { }
        }
        """));

    [Fact]
    public Task AGuardedChange_MovesWithItsCondition_AndAChangeUsingALocal_WithTheLocal() => VerifyFix.VerifyCodeFixAsync(LifecycleHost.ForFix("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            protected override void PostPatch(PatchContext context)
            {
                if (Net.AllowedPeers.Count == 0)
                {
                    [|Net.ChallengeAckLimit = 1000|];
                }

                var banner = context.PatchId;
                [|Net.Banner = banner|];
            }

            protected override void PostUnpatch(PatchContext context)
            {
                Net.ChallengeAckLimit = 100;
                Net.Banner = "";
            }
        }
        """), LifecycleHost.ForFix("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            protected override HookResult PrePatch(PatchContext context)
            {
                if (Net.AllowedPeers.Count == 0)
                {
                    Net.ChallengeAckLimit = 1000;
                }

                var banner = context.PatchId;
                Net.Banner = banner;
                return HookResult.Continue;
            }

            protected override void PostUnpatch(PatchContext context)
            {
                Net.ChallengeAckLimit = 100;
                Net.Banner = "";
            }
        }
        """));

    [Fact]
    public Task ALoopOfWrites_MovesWhole() => VerifyFix.VerifyCodeFixAsync(LifecycleHost.ForFix("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            protected override void PostPatch(PatchContext context)
            {
                for (var i = 0; i < Net.Table.Length; i++)
                {
                    if (Net.Table[i] > 0)
                    {
                        [|Net.Table[i] = 0|];
                        [|Net.Counter++|];
                    }
                }
            }

            protected override void PostUnpatch(PatchContext context) => Net.Counter = 0;
        }
        """), LifecycleHost.ForFix("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            protected override HookResult PrePatch(PatchContext context)
            {
                for (var i = 0; i < Net.Table.Length; i++)
                {
                    if (Net.Table[i] > 0)
                    {
                        Net.Table[i] = 0;
                        Net.Counter++;
                    }
                }

                return HookResult.Continue;
            }

            protected override void PostUnpatch(PatchContext context) => Net.Counter = 0;
        }
        """));

    [Fact]
    public Task NoFix_UnderAnIfThatDoesMore_OrInALoopThatCallsOut() => VerifyFix.VerifyNoFixAsync(LifecycleHost.ForFix("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            protected override void PostPatch(PatchContext context)
            {
                for (var i = 0; i < 3; i++)
                {
                    [|Net.Counter = i|];
                    Net.Log("set");
                }

                if (Net.AllowedPeers.Count == 0)
                {
                    [|Net.ChallengeAckLimit = 1000|];
                    Net.RegisterHandler(OnConnect);
                }
            }

            protected override void PreUnpatch(PatchContext context) => Net.UnregisterHandler(OnConnect);

            private static void OnConnect(string peer) { }
        }
        """));

    [Fact]
    public Task StaticConstructorChange_MovesToPrePatch_WithItsSave_AndTheEmptiedConstructorGoes() => VerifyFix.VerifyCodeFixAsync(LifecycleHost.ForFix("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            private static int s_saved;

            static P()
            {
                s_saved = Net.ChallengeAckLimit;
                [|Net.ChallengeAckLimit = 1000|];
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
                s_saved = Net.ChallengeAckLimit;
                Net.ChallengeAckLimit = 1000;
                return HookResult.Continue;
            }

            protected override void PostUnpatch(PatchContext context) => Net.ChallengeAckLimit = s_saved;
        }
        """));

    [Fact]
    public Task InstanceConstructorChange_MovesIntoAnExistingPrePatch_AndTheConstructorKeepsTheRest() => VerifyFix.VerifyCodeFixAsync(LifecycleHost.ForFix("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            private readonly string _name;

            public P()
            {
                _name = "p";
                [|Net.Limits.MaxWidth = 120|];
            }

            protected override HookResult PrePatch(PatchContext context)
            {
                Net.Log(_name);
                return HookResult.Continue;
            }

            protected override void PostUnpatch(PatchContext context) => Net.Limits.MaxWidth = 80;
        }
        """), LifecycleHost.ForFix("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            private readonly string _name;

            public P()
            {
                _name = "p";
            }

            protected override HookResult PrePatch(PatchContext context)
            {
                Net.Log(_name);
                Net.Limits.MaxWidth = 120;
                return HookResult.Continue;
            }

            protected override void PostUnpatch(PatchContext context) => Net.Limits.MaxWidth = 80;
        }
        """));

    [Fact]
    public Task AFieldInitializersChange_BecomesAnAssignmentInPrePatch() => VerifyFix.VerifyCodeFixAsync(LifecycleHost.ForFix("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            private static readonly int s_old = [|System.Threading.Interlocked.Exchange(ref Net.ChallengeAckLimit, 1000)|];

            protected override void PostUnpatch(PatchContext context) => Net.ChallengeAckLimit = s_old;
        }
        """), LifecycleHost.ForFix("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            private static int s_old;

            protected override HookResult PrePatch(PatchContext context)
            {
                s_old = System.Threading.Interlocked.Exchange(ref Net.ChallengeAckLimit, 1000);
                return HookResult.Continue;
            }

            protected override void PostUnpatch(PatchContext context) => Net.ChallengeAckLimit = s_old;
        }
        """));

    [Fact]
    public Task AOneTimeFixUpInAReplacement_MovesToPrePatch_WithItsFlag() => VerifyFix.VerifyCodeFixAsync(LifecycleHost.ForFix("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            private static bool s_raised;

            [Replaces(typeof(Net), nameof(Net.Parse))]
            private static int Parse(string line)
            {
                if (!s_raised)
                {
                    [|Net.ChallengeAckLimit = 1000|];
                    s_raised = true;
                }

                [|System.Environment.SetEnvironmentVariable("PARSER", "v2")|];
                return line.Length;
            }

            protected override void PostUnpatch(PatchContext context)
            {
                if (s_raised && Net.ChallengeAckLimit == 1000)
                {
                    Net.ChallengeAckLimit = 100;
                }

                System.Environment.SetEnvironmentVariable("PARSER", null);
            }
        }
        """), LifecycleHost.ForFix("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            private static bool s_raised;

            [Replaces(typeof(Net), nameof(Net.Parse))]
            private static int Parse(string line)
            {
                return line.Length;
            }

            protected override HookResult PrePatch(PatchContext context)
            {
                if (!s_raised)
                {
                    Net.ChallengeAckLimit = 1000;
                    s_raised = true;
                }

                System.Environment.SetEnvironmentVariable("PARSER", "v2");
                return HookResult.Continue;
            }

            protected override void PostUnpatch(PatchContext context)
            {
                if (s_raised && Net.ChallengeAckLimit == 1000)
                {
                    Net.ChallengeAckLimit = 100;
                }

                System.Environment.SetEnvironmentVariable("PARSER", null);
            }
        }
        """));

    [Fact]
    public Task NoFix_InAConstructorWithParameters_OrForAReplacementsChangeUsingItsParameters() => VerifyFix.VerifyNoFixAsync(LifecycleHost.ForFix("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            public P(int width)
            {
                [|Net.Limits.MaxWidth = width|];
            }

            [Replaces(typeof(Net), nameof(Net.Parse))]
            private static int Parse(string line)
            {
                if (line.Length > 0)
                {
                    [|System.Environment.SetEnvironmentVariable("PARSER", line)|];
                }

                return line.Length;
            }
        }
        """));

    [Fact]
    public Task WhenABasePatchHasThePrePatch_TheNewOneCallsItFirst_AndObeysItsReject() => VerifyFix.VerifyCodeFixAsync(LifecycleHost.ForFix("""
        public abstract class Base : LivePatch
        {
            protected override HookResult PrePatch(PatchContext context) => Net.Mode == "off" ? HookResult.Reject("off") : HookResult.Continue;
        }

        [Patch("p")]
        public sealed class P : Base
        {
            protected override void PostPatch(PatchContext context)
            {
                [|Net.ChallengeAckLimit = 1000|];
            }

            protected override void PostUnpatch(PatchContext context) => Net.ChallengeAckLimit = 100;
        }
        """), LifecycleHost.ForFix("""
        public abstract class Base : LivePatch
        {
            protected override HookResult PrePatch(PatchContext context) => Net.Mode == "off" ? HookResult.Reject("off") : HookResult.Continue;
        }

        [Patch("p")]
        public sealed class P : Base
        {
            protected override HookResult PrePatch(PatchContext context)
            {
                var result = base.PrePatch(context);
                if (result.IsRejected)
                {
                    return result;
                }

                Net.ChallengeAckLimit = 1000;
                return HookResult.Continue;
            }

            protected override void PostUnpatch(PatchContext context) => Net.ChallengeAckLimit = 100;
        }
        """));

    [Fact]
    public Task WhenPrePatchGoesOnInOneBranch_TheChangeGoesBeforeThatBranchsReturn() => VerifyFix.VerifyCodeFixAsync(LifecycleHost.ForFix("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            protected override HookResult PrePatch(PatchContext context)
            {
                if (Net.AllowedPeers.Count > 0)
                {
                    return HookResult.Continue;
                }
                else
                {
                    return HookResult.Reject("no peers");
                }
            }

            protected override void PostPatch(PatchContext context)
            {
                [|Net.ChallengeAckLimit = 1000|];
            }
        }
        """), LifecycleHost.ForFix("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            protected override HookResult PrePatch(PatchContext context)
            {
                if (Net.AllowedPeers.Count > 0)
                {
                    Net.ChallengeAckLimit = 1000;
                    return HookResult.Continue;
                }
                else
                {
                    return HookResult.Reject("no peers");
                }
            }
        }
        """));

    [Fact]
    public Task NoFix_WhenPrePatchGoesOnInTwoBranches_OrReturnsAComputedResult() => VerifyFix.VerifyNoFixAsync(LifecycleHost.ForFix("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            protected override HookResult PrePatch(PatchContext context)
            {
                if (Net.AllowedPeers.Count > 0)
                {
                    return HookResult.Continue;
                }

                if (Net.Mode == "strict")
                {
                    return HookResult.Continue;
                }

                throw new System.InvalidOperationException("no peers");
            }

            protected override void PostPatch(PatchContext context)
            {
                [|Net.ChallengeAckLimit = 1000|];
            }
        }
        """));

}


using System.Threading.Tasks;
using Xunit;
using VerifyFix = HookSafety.Analyzers.Tests.Verification.Verify<HookSafety.Analyzers.Tests.Rules.GlobalStateOutsidePrePatchAnalyzer, HookSafety.CodeFixes.Rules.MoveGlobalChangeFixer>;

namespace HookSafety.Analyzers.Tests.Rules;

public sealed class MoveGlobalChangeFixerTests
{
    [Fact]
    public Task PostPatchChange_MovesToANewPrePatch_WithItsComment() => VerifyFix.FixAsync(LifecycleFixHost.With("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            protected override void PostPatch(PatchContext context)
            {
                [|Net.ChallengeAckLimit = 1000|]; // CVE-2016-5696
                Net.RegisterHandler(OnConnect);
            }

            protected override void PreUnpatch(PatchContext context)
            {
                Net.UnregisterHandler(OnConnect);
            }

            private static void OnConnect(string peer) { }
        }
        """), LifecycleFixHost.With("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            protected override HookResult PrePatch(PatchContext context)
            {
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

            private static void OnConnect(string peer) { }
        }
        """));

    [Fact]
    public Task PostPatchChange_GoesBeforeTheFinalReturnOfPrePatch() => VerifyFix.FixAsync(LifecycleFixHost.With("""
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
            }
        }
        """), LifecycleFixHost.With("""
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

            protected override void PostPatch(PatchContext context)
            {
            }

            protected override void PostUnpatch(PatchContext context)
            {
                Net.Motd = null;
            }
        }
        """));

    [Fact]
    public Task AStatementAppendedAfterABlock_IsSeparatedByABlankLine() => VerifyFix.FixAsync(LifecycleFixHost.With("""
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
        """), LifecycleFixHost.With("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            protected override void PreUnpatch(PatchContext context)
            {
            }

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
    public Task ExpressionBodiedPrePatch_BecomesABlock() => VerifyFix.FixAsync(LifecycleFixHost.With("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            protected override HookResult PrePatch(PatchContext context) => HookResult.Continue;

            protected override void PostPatch(PatchContext context)
            {
                [|Net.ChallengeAckLimit++|];
            }
        }
        """), LifecycleFixHost.With("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            protected override HookResult PrePatch(PatchContext context)
            {
                Net.ChallengeAckLimit++;
                return HookResult.Continue;
            }

            protected override void PostPatch(PatchContext context)
            {
            }
        }
        """));

    [Fact]
    public Task ExpressionBodiedPostPatch_IsLeftWithAnEmptyBlock() => VerifyFix.FixAsync(LifecycleFixHost.With("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            protected override void PostPatch(PatchContext context) => [|Net.Banner = context.PatchId|];

            protected override HookResult PrePatch(PatchContext context) => HookResult.Continue;
        }
        """), LifecycleFixHost.With("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            protected override void PostPatch(PatchContext context)
            {
            }

            protected override HookResult PrePatch(PatchContext context)
            {
                Net.Banner = context.PatchId;
                return HookResult.Continue;
            }
        }
        """));

    [Fact]
    public Task PreUnpatchChange_MovesToANewPostUnpatch() => VerifyFix.FixAsync(LifecycleFixHost.With("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            protected override void PreUnpatch(PatchContext context)
            {
                [|Net.AllowedPeers.Clear()|];
            }

            private static void Log(string message) { }
        }
        """), LifecycleFixHost.With("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            protected override void PreUnpatch(PatchContext context)
            {
            }

            protected override void PostUnpatch(PatchContext context)
            {
                Net.AllowedPeers.Clear();
            }

            private static void Log(string message) { }
        }
        """));

    [Fact]
    public Task PreUnpatchChange_IsAppendedToPostUnpatch() => VerifyFix.FixAsync(LifecycleFixHost.With("""
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
        """), LifecycleFixHost.With("""
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
    public Task UndoInPreUnpatch_MovesToPostUnpatch_WithTheChange() => VerifyFix.FixAsync(LifecycleFixHost.With("""
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
        """), LifecycleFixHost.With("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            private static int s_saved;

            protected override HookResult PrePatch(PatchContext context)
            {
                Net.ChallengeAckLimit = 1000;
                return HookResult.Continue;
            }

            protected override void PostPatch(PatchContext context)
            {
                s_saved = Net.ChallengeAckLimit;
            }

            protected override void PreUnpatch(PatchContext context)
            {
            }

            protected override void PostUnpatch(PatchContext context)
            {
                // put it back
                Net.ChallengeAckLimit = s_saved;
            }
        }
        """));

    [Fact]
    public Task UndoThroughAPatchHelper_StaysInPreUnpatch() => VerifyFix.FixAsync(LifecycleFixHost.With("""
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
        """), LifecycleFixHost.With("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            protected override HookResult PrePatch(PatchContext context)
            {
                Net.ChallengeAckLimit = 1000;
                return HookResult.Continue;
            }

            protected override void PostPatch(PatchContext context)
            {
            }

            protected override void PreUnpatch(PatchContext context)
            {
                Restore();
            }

            private static void Restore() => Net.ChallengeAckLimit = 100;
        }
        """));

    [Fact]
    public Task HookParameter_IsRenamedToTheTargetHooks() => VerifyFix.FixAsync(LifecycleFixHost.With("""
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
        }
        """), LifecycleFixHost.With("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            protected override HookResult PrePatch(PatchContext ctx)
            {
                Net.Banner = ctx.PatchId + ": " + ctx.IsReplacing;
                return HookResult.Continue;
            }

            protected override void PostPatch(PatchContext context)
            {
            }
        }
        """));

    [Fact]
    public Task PartialPatch_MovesIntoThePrePatchOfTheOtherPart() => VerifyFix.FixAsync(
        new[]
        {
            LifecycleFixHost.With("""
            [Patch("p")]
            public sealed partial class P : LivePatch
            {
                protected override void PostPatch(PatchContext context)
                {
                    [|Net.Banner = "patched"|];
                }
            }
            """),
            LifecycleFixHost.Usings + """
            public sealed partial class P
            {
                protected override HookResult PrePatch(PatchContext context)
                {
                    Net.Motd = "patched";
                    return HookResult.Continue;
                }
            }
            """,
        },
        new[]
        {
            LifecycleFixHost.With("""
            [Patch("p")]
            public sealed partial class P : LivePatch
            {
                protected override void PostPatch(PatchContext context)
                {
                }
            }
            """),
            LifecycleFixHost.Usings + """
            public sealed partial class P
            {
                protected override HookResult PrePatch(PatchContext context)
                {
                    Net.Motd = "patched";
                    Net.Banner = "patched";
                    return HookResult.Continue;
                }
            }
            """,
        });

    [Fact]
    public Task FixAll_InTwoDocuments_AndTwiceInOneClass() => VerifyFix.FixAsync(
        new[]
        {
            LifecycleFixHost.With("""
            [Patch("p")]
            public sealed class P : LivePatch
            {
                protected override void PostPatch(PatchContext context)
                {
                    [|Net.ChallengeAckLimit = 1000|];
                    [|Net.Banner = "patched"|];
                }

                protected override void PreUnpatch(PatchContext context)
                {
                    [|Net.Motd = null|];
                }
            }
            """),
            LifecycleFixHost.Usings + """
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
            LifecycleFixHost.With("""
            [Patch("p")]
            public sealed class P : LivePatch
            {
                protected override HookResult PrePatch(PatchContext context)
                {
                    Net.ChallengeAckLimit = 1000;
                    Net.Banner = "patched";
                    return HookResult.Continue;
                }

                protected override void PostPatch(PatchContext context)
                {
                }

                protected override void PreUnpatch(PatchContext context)
                {
                }

                protected override void PostUnpatch(PatchContext context)
                {
                    Net.Motd = null;
                }
            }
            """),
            LifecycleFixHost.Usings + """
            [Patch("q")]
            public sealed class Q : LivePatch
            {
                protected override HookResult PrePatch(PatchContext context)
                {
                    Net.AllowedPeers.Clear();
                    return HookResult.Continue;
                }

                protected override void PostPatch(PatchContext context)
                {
                }
            }
            """,
        });

    [Fact]
    public Task NoFix_ThroughAHelper() => VerifyFix.NoFixAsync(LifecycleFixHost.With("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            protected override void PostPatch(PatchContext context)
            {
                [|Raise()|];
            }

            private static void Raise() => Net.ChallengeAckLimit = 1000;
        }
        """));

    [Fact]
    public Task NoFix_ForAStatementNestedInABlock_OrUsingALocal() => VerifyFix.NoFixAsync(LifecycleFixHost.With("""
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
        }
        """));

    [Fact]
    public Task NoFix_InTypeInitializationOrAReplacement() => VerifyFix.NoFixAsync(LifecycleFixHost.With("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            static P()
            {
                [|Net.ChallengeAckLimit = 1000|];
            }

            [Replaces(typeof(Net), nameof(Net.Parse))]
            private static int Parse(string line)
            {
                [|System.Environment.SetEnvironmentVariable("PARSER", "v2")|];
                return line.Length;
            }
        }
        """));

    [Fact]
    public Task NoFix_WhenABasePatchHasThePrePatch() => VerifyFix.NoFixAsync(LifecycleFixHost.With("""
        public abstract class Base : LivePatch
        {
            protected override HookResult PrePatch(PatchContext context) => HookResult.Continue;
        }

        [Patch("p")]
        public sealed class P : Base
        {
            protected override void PostPatch(PatchContext context)
            {
                [|Net.ChallengeAckLimit = 1000|];
            }
        }
        """));

    [Fact]
    public Task NoFix_WhenPrePatchDoesNotEndInAReturn() => VerifyFix.NoFixAsync(LifecycleFixHost.With("""
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
        """));

}

/// <summary>The host program the lifecycle fixer tests patch (appended to each source; it has no markup).</summary>
internal static class LifecycleFixHost
{
    public const string Usings = "using HookSafety.Hooks;\nusing Host;\n\n";

    public const string Source = """


        namespace Host
        {
            public static class Net
            {
                public static int ChallengeAckLimit = 100;
                public static string Banner { get; set; } = "";
                public static string? Motd;
                public static readonly System.Collections.Generic.List<string> AllowedPeers = new();
                public static readonly System.Collections.Generic.Stack<int> Levels = new();
                public static event System.EventHandler<string>? PacketReceived;
                public static void RegisterHandler(System.Action<string> handler) { }
                public static void UnregisterHandler(System.Action<string> handler) { }
                public static void SetMode(int mode) { }
                public static readonly HookSafety.Hooks.PatchPoint<System.Func<string, int>> Parse = new("Parse", s => s.Length);
            }
        }
        """;

    public static string With(string patch) => Usings + patch + Source;
}

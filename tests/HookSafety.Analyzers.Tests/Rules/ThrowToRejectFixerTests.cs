using System.Threading.Tasks;
using HookSafety.Analyzers.Tests.Hosts;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using VerifyFix = HookSafety.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<HookSafety.Analyzers.Tests.Verifiers.Only<HookSafety.Analyzers.Rules.PrePatchFailure>, HookSafety.CodeFixes.Rules.ThrowToRejectFixer>;

namespace HookSafety.Analyzers.Tests.Rules;

public sealed class ThrowToRejectFixerTests
{
    [Fact]
    public Task ThrowWithAMessage_BecomesARejectionWithIt_KeepingComments() => VerifyFix.VerifyCodeFixAsync(LifecycleHost.With("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            protected override HookResult PrePatch(PatchContext context)
            {
                if (Net.Mode == null)
                {
                    // nothing to patch yet
                    [|throw new InvalidOperationException("not configured");|] // says why
                }

                return HookResult.Continue;
            }
        }
        """), LifecycleHost.With("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            protected override HookResult PrePatch(PatchContext context)
            {
                if (Net.Mode == null)
                {
                    // nothing to patch yet
                    return HookResult.Reject("not configured"); // says why
                }

                return HookResult.Continue;
            }
        }
        """));

    [Fact]
    public Task EmbeddedThrow_WithAnInterpolatedMessage_AndOtherArgumentsDropped() => VerifyFix.VerifyCodeFixAsync(LifecycleHost.With("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            protected override HookResult PrePatch(PatchContext context)
            {
                if (Net.ChallengeAckLimit > 1000) [|throw new ArgumentOutOfRangeException($"limit {Net.ChallengeAckLimit} too high", (Exception?)null);|]
                return HookResult.Continue;
            }
        }
        """), LifecycleHost.With("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            protected override HookResult PrePatch(PatchContext context)
            {
                if (Net.ChallengeAckLimit > 1000) return HookResult.Reject($"limit {Net.ChallengeAckLimit} too high");
                return HookResult.Continue;
            }
        }
        """));

    [Fact]
    public Task ThrowWithoutAStringArgument_RejectsWithTheExceptionTypeName() => VerifyFix.VerifyCodeFixAsync(LifecycleHost.With("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            protected override HookResult PrePatch(PatchContext context)
            {
                switch (Net.ChallengeAckLimit)
                {
                    case 0:
                        [|throw new NotSupportedException();|]
                    case < 0:
                        [|throw new LimitException(Net.ChallengeAckLimit);|]
                }

                return HookResult.Continue;
            }
        }

        public sealed class LimitException : Exception
        {
            public LimitException(int limit) : base("limit " + limit) { }
        }
        """), LifecycleHost.With("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            protected override HookResult PrePatch(PatchContext context)
            {
                switch (Net.ChallengeAckLimit)
                {
                    case 0:
                        return HookResult.Reject("NotSupportedException");
                    case < 0:
                        return HookResult.Reject("LimitException");
                }

                return HookResult.Continue;
            }
        }

        public sealed class LimitException : Exception
        {
            public LimitException(int limit) : base("limit " + limit) { }
        }
        """));

    [Fact]
    public Task ThrowInACatchClause_AndInAUsingBlock_AreRewritten() => VerifyFix.VerifyCodeFixAsync(LifecycleHost.With("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            protected override HookResult PrePatch(PatchContext context)
            {
                try
                {
                    Net.Log(context.PatchId);
                }
                catch (FormatException e)
                {
                    [|throw new InvalidOperationException("cannot log", e);|]
                }

                using (var timer = new Timer(_ => { }))
                {
                    [|throw new TimeoutException(nameof(timer));|]
                }
            }
        }
        """), LifecycleHost.With("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            protected override HookResult PrePatch(PatchContext context)
            {
                try
                {
                    Net.Log(context.PatchId);
                }
                catch (FormatException e)
                {
                    return HookResult.Reject("cannot log");
                }

                using (var timer = new Timer(_ => { }))
                {
                    return HookResult.Reject(nameof(timer));
                }
            }
        }
        """));

    [Fact]
    public Task AfterAChange_TheNewRejectionIsReportedInTurn() => VerifyFix.VerifyCodeFixAsync(LifecycleHost.With("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            protected override HookResult PrePatch(PatchContext context)
            {
                Net.ChallengeAckLimit = 1000;
                if (Net.Mode == "strict")
                {
                    [|throw new InvalidOperationException("strict mode");|]
                }

                return HookResult.Continue;
            }

            protected override void PostUnpatch(PatchContext context) => Net.ChallengeAckLimit = 100;
        }
        """), LifecycleHost.With("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            protected override HookResult PrePatch(PatchContext context)
            {
                Net.ChallengeAckLimit = 1000;
                if (Net.Mode == "strict")
                {
                    return [|HookResult.Reject("strict mode")|];
                }

                return HookResult.Continue;
            }

            protected override void PostUnpatch(PatchContext context) => Net.ChallengeAckLimit = 100;
        }
        """));

    [Fact]
    public Task HookResultNotImported_IsQualified() => VerifyFix.VerifyCodeFixAsync("""
        [HookSafety.Hooks.Patch("p")]
        public sealed class P : HookSafety.Hooks.LivePatch
        {
            protected override HookSafety.Hooks.HookResult PrePatch(HookSafety.Hooks.PatchContext context)
            {
                [|throw new System.InvalidOperationException("never");|]
            }
        }
        """, """
        [HookSafety.Hooks.Patch("p")]
        public sealed class P : HookSafety.Hooks.LivePatch
        {
            protected override HookSafety.Hooks.HookResult PrePatch(HookSafety.Hooks.PatchContext context)
            {
                return HookSafety.Hooks.HookResult.Reject("never");
            }
        }
        """);

    [Fact]
    public Task FixAll_InTwoDocuments_AndTwiceInOneClass() => VerifyFix.VerifyCodeFixAsync(
        new[]
        {
            LifecycleHost.With("""
            [Patch("p")]
            public sealed class P : LivePatch
            {
                protected override HookResult PrePatch(PatchContext context)
                {
                    if (Net.Mode is null)
                    {
                        [|throw new InvalidOperationException("no mode");|]
                    }

                    if (Net.Spare is null)
                    {
                        [|throw new ArgumentException("no spare limits");|]
                    }

                    return HookResult.Continue;
                }
            }
            """),
            LifecycleHost.Usings + """
            [Patch("q")]
            public sealed class Q : LivePatch
            {
                protected override HookResult PrePatch(PatchContext context)
                {
                    if (Net.AllowedPeers.Count > 100)
                    {
                        [|throw new InvalidOperationException("too many peers");|]
                    }

                    return HookResult.Continue;
                }
            }
            """,
        },
        new[]
        {
            LifecycleHost.With("""
            [Patch("p")]
            public sealed class P : LivePatch
            {
                protected override HookResult PrePatch(PatchContext context)
                {
                    if (Net.Mode is null)
                    {
                        return HookResult.Reject("no mode");
                    }

                    if (Net.Spare is null)
                    {
                        return HookResult.Reject("no spare limits");
                    }

                    return HookResult.Continue;
                }
            }
            """),
            LifecycleHost.Usings + """
            [Patch("q")]
            public sealed class Q : LivePatch
            {
                protected override HookResult PrePatch(PatchContext context)
                {
                    if (Net.AllowedPeers.Count > 100)
                    {
                        return HookResult.Reject("too many peers");
                    }

                    return HookResult.Continue;
                }
            }
            """,
        });

    [Fact]
    public Task NoFix_ForAThrowExpression_ARethrow_OrAThrowOfAnExistingException() => VerifyFix.VerifyNoFixAsync(LifecycleHost.With("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            private static readonly Exception s_refused = new InvalidOperationException("refused");

            protected override HookResult PrePatch(PatchContext context)
            {
                var mode = Net.Mode ?? [|throw new InvalidOperationException("no mode")|];
                try
                {
                    Net.Log(mode);
                }
                catch (InvalidOperationException)
                {
                    [|throw;|]
                }

                if (mode == "off")
                {
                    [|throw s_refused;|]
                }

                return HookResult.Continue;
            }
        }
        """));

    [Fact]
    public Task NoFix_ForAThrowInAHelper_OrInALocalFunction() => VerifyFix.VerifyNoFixAsync(LifecycleHost.With("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            protected override HookResult PrePatch(PatchContext context)
            {
                {|#0:Check()|};
                {|#2:Verify()|};
                return HookResult.Continue;

                void Verify()
                {
                    if (Net.Mode is null)
                    {
                        {|#3:throw new InvalidOperationException("no mode");|}
                    }
                }
            }

            private static void Check()
            {
                if (Net.Spare is null)
                {
                    {|#1:throw new ArgumentException("no spare limits");|}
                }
            }
        }
        """),
        VerifyFix.Diagnostic("HS0008").WithLocation(0).WithLocation(1),
        VerifyFix.Diagnostic("HS0008").WithLocation(2).WithLocation(3));

    [Fact]
    public Task NoFix_ForAThrowInFinally_WhereReturnDoesNotCompile() => VerifyFix.VerifyNoFixAsync(LifecycleHost.With("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            protected override HookResult PrePatch(PatchContext context)
            {
                try
                {
                    Net.Log(context.PatchId);
                }
                finally
                {
                    if (Net.Mode is null)
                    {
                        [|throw new InvalidOperationException("no mode");|]
                    }
                }

                return HookResult.Continue;
            }
        }
        """));

    [Fact]
    public Task NoFix_ForARejectionAfterAChange() => VerifyFix.VerifyNoFixAsync(LifecycleHost.With("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            protected override HookResult PrePatch(PatchContext context)
            {
                Net.ChallengeAckLimit = 1000;
                if (Net.Mode == "strict")
                {
                    return [|HookResult.Reject("strict mode")|];
                }

                return HookResult.Continue;
            }

            protected override void PostUnpatch(PatchContext context) => Net.ChallengeAckLimit = 100;
        }
        """));
}

using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using HookSafety.Analyzers.Rules;
using HookSafety.Analyzers.Tests.Hosts;
using HookSafety.Analyzers.Tests.Support;
using HookSafety.CodeFixes.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using VerifyFix = HookSafety.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<HookSafety.Analyzers.Tests.Verifiers.Only<HookSafety.Analyzers.Rules.HookCannotFail>, HookSafety.CodeFixes.Rules.CatchHookFailureFixer>;

namespace HookSafety.Analyzers.Tests.Rules;

public sealed class CatchHookFailureFixerTests
{
    /// <summary>The lifecycle host's usings with <c>System.Diagnostics</c>, which the fix adds for <c>Trace</c>.</summary>
    private const string UsingsWithDiagnostics = "using System;\nusing System.Diagnostics;\nusing System.Threading;\nusing HookSafety.Hooks;\nusing Host;\n\n";

    private static string Fixed(string patch) => UsingsWithDiagnostics + patch + LifecycleHost.Source;

    [Fact]
    public Task ThrowInPostPatch_WrapsTheBody_ReportingWithThePatchId() => VerifyFix.VerifyCodeFixAsync(LifecycleHost.With("""
        [Patch("count-packets")]
        public sealed class P : LivePatch
        {
            protected override void PostPatch(PatchContext context)
            {
                Net.Log(context.PatchId); // first
                if (Net.Mode == null)
                {
                    [|throw new InvalidOperationException("no mode");|]
                }

                // done
            }
        }
        """), Fixed("""
        [Patch("count-packets")]
        public sealed class P : LivePatch
        {
            protected override void PostPatch(PatchContext context)
            {
                try
                {
                    Net.Log(context.PatchId); // first
                    if (Net.Mode == null)
                    {
                        throw new InvalidOperationException("no mode");
                    }

                    // done
                }
                catch (Exception e)
                {
                    Trace.TraceError($"count-packets: PostPatch failed: {e}");
                }
            }
        }
        """));

    [Fact]
    public Task ThrowInAHelper_OfAnExpressionBodiedHook_GetsABlock() => VerifyFix.VerifyCodeFixAsync(LifecycleHost.With("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            protected override void PostUnpatch(PatchContext context) => [|Restore()|]; // undo

            private static void Restore()
            {
                if (Net.ChallengeAckLimit < 0)
                {
                    throw new ArgumentOutOfRangeException(nameof(Net.ChallengeAckLimit));
                }
            }
        }
        """), Fixed("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            protected override void PostUnpatch(PatchContext context)
            {
                try
                {
                    Restore();
                }
                catch (Exception e)
                {
                    Trace.TraceError($"p: PostUnpatch failed: {e}");
                }
            } // undo

            private static void Restore()
            {
                if (Net.ChallengeAckLimit < 0)
                {
                    throw new ArgumentOutOfRangeException(nameof(Net.ChallengeAckLimit));
                }
            }
        }
        """));

    [Fact]
    public Task TwoFindingsInOneHook_AreCaughtByOneWrap() => VerifyFix.VerifyCodeFixAsync(LifecycleHost.With("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            protected override void PreUnpatch(PatchContext context)
            {
                var mode = Net.Mode ?? [|throw new InvalidOperationException("no mode")|];
                try
                {
                    Net.Log(mode);
                }
                catch (FormatException)
                {
                    [|throw;|]
                }
            }
        }
        """), Fixed("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            protected override void PreUnpatch(PatchContext context)
            {
                try
                {
                    var mode = Net.Mode ?? throw new InvalidOperationException("no mode");
                    try
                    {
                        Net.Log(mode);
                    }
                    catch (FormatException)
                    {
                        throw;
                    }
                }
                catch (Exception e)
                {
                    Trace.TraceError($"p: PreUnpatch failed: {e}");
                }
            }
        }
        """));

    [Fact]
    public Task FilteredCatch_IsWrappedToo_AndAParameterNamedE_GivesEx() => VerifyFix.VerifyCodeFixAsync(LifecycleHost.With("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            protected override void PostPatch(PatchContext e)
            {
                try
                {
                    [|throw new InvalidOperationException(e.PatchId);|]
                }
                catch (Exception ex) when (ex.Message == "y")
                {
                }
            }
        }
        """), Fixed("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            protected override void PostPatch(PatchContext e)
            {
                try
                {
                    try
                    {
                        throw new InvalidOperationException(e.PatchId);
                    }
                    catch (Exception ex) when (ex.Message == "y")
                    {
                    }
                }
                catch (Exception ex)
                {
                    Trace.TraceError($"p: PostPatch failed: {ex}");
                }
            }
        }
        """));

    [Fact]
    public Task WithoutUsings_TheUsingsAreAdded_AndBracesInTheIdAreEscaped() => VerifyFix.VerifyCodeFixAsync("""
        [HookSafety.Hooks.Patch("fix{1}")]
        public sealed class P : HookSafety.Hooks.LivePatch
        {
            protected override void PostPatch(HookSafety.Hooks.PatchContext context)
            {
                [|throw new System.NotSupportedException();|]
            }
        }
        """, """
        using System;
        using System.Diagnostics;

        [HookSafety.Hooks.Patch("fix{1}")]
        public sealed class P : HookSafety.Hooks.LivePatch
        {
            protected override void PostPatch(HookSafety.Hooks.PatchContext context)
            {
                try
                {
                    throw new System.NotSupportedException();
                }
                catch (Exception e)
                {
                    Trace.TraceError($"fix{{1}}: PostPatch failed: {e}");
                }
            }
        }
        """);

    [Fact]
    public Task FixAll_InTwoDocuments_AndTwiceInOneHook() => VerifyFix.VerifyCodeFixAsync(
        new[]
        {
            LifecycleHost.With("""
            [Patch("p")]
            public sealed class P : LivePatch
            {
                protected override void PostPatch(PatchContext context)
                {
                    if (Net.Mode is null)
                    {
                        [|throw new InvalidOperationException("no mode");|]
                    }

                    if (Net.Spare is null)
                    {
                        [|throw new ArgumentException("no spare limits");|]
                    }
                }

                protected override void PreUnpatch(PatchContext context) => [|throw new NotSupportedException()|];
            }
            """),
            LifecycleHost.Usings + """
            [Patch("")]
            public sealed class Q : LivePatch
            {
                protected override void PostUnpatch(PatchContext context)
                {
                    [|Check()|];
                }

                private static void Check() => throw new InvalidOperationException("q");
            }
            """,
        },
        new[]
        {
            Fixed("""
            [Patch("p")]
            public sealed class P : LivePatch
            {
                protected override void PostPatch(PatchContext context)
                {
                    try
                    {
                        if (Net.Mode is null)
                        {
                            throw new InvalidOperationException("no mode");
                        }

                        if (Net.Spare is null)
                        {
                            throw new ArgumentException("no spare limits");
                        }
                    }
                    catch (Exception e)
                    {
                        Trace.TraceError($"p: PostPatch failed: {e}");
                    }
                }

                protected override void PreUnpatch(PatchContext context)
                {
                    try
                    {
                        throw new NotSupportedException();
                    }
                    catch (Exception e)
                    {
                        Trace.TraceError($"p: PreUnpatch failed: {e}");
                    }
                }
            }
            """),
            UsingsWithDiagnostics + """
            [Patch("")]
            public sealed class Q : LivePatch
            {
                protected override void PostUnpatch(PatchContext context)
                {
                    try
                    {
                        Check();
                    }
                    catch (Exception e)
                    {
                        Trace.TraceError($"Q: PostUnpatch failed: {e}");
                    }
                }

                private static void Check() => throw new InvalidOperationException("q");
            }
            """,
        });

    /// <summary>One FixAll round wraps a hook with two findings once: the second finding, planned again on the wrapped hook, is caught already.</summary>
    [Fact]
    public Task FixAll_WrapsAHookWithTwoFindingsOnce_InOneRound()
    {
        var test = VerifyFix.Create(LifecycleHost.With("""
            [Patch("p")]
            public sealed class P : LivePatch
            {
                protected override void PostPatch(PatchContext context)
                {
                    if (Net.Mode is null)
                    {
                        [|throw new InvalidOperationException("no mode");|]
                    }

                    [|Check()|];
                }

                private static void Check() => throw new InvalidOperationException("q");
            }
            """));
        test.FixedState.Sources.Add(Fixed("""
            [Patch("p")]
            public sealed class P : LivePatch
            {
                protected override void PostPatch(PatchContext context)
                {
                    try
                    {
                        if (Net.Mode is null)
                        {
                            throw new InvalidOperationException("no mode");
                        }

                        Check();
                    }
                    catch (Exception e)
                    {
                        Trace.TraceError($"p: PostPatch failed: {e}");
                    }
                }

                private static void Check() => throw new InvalidOperationException("q");
            }
            """));
        test.NumberOfFixAllIterations = 1;
        return test.RunAsync();
    }

    [Fact]
    public Task NoFix_ForAHookOfAnAbstractBasePatch()
    {
        // The finding is reported while the derived patch is analyzed, on its base class's hook: a non-local diagnostic,
        // which the harness does not let a fixer fix. That is what this test asserts, so the harness's check of it is off.
        var test = VerifyFix.Create(LifecycleHost.With("""
            public abstract class Base : LivePatch
            {
                protected override void PostUnpatch(PatchContext context) => [|throw new NotSupportedException()|];
            }

            [Patch("p")]
            public sealed class P : Base
            {
            }
            """));
        test.ExpectNoFix = true;
        test.CodeFixTestBehaviors |= CodeFixTestBehaviors.SkipLocalDiagnosticCheck;
        return test.RunAsync();
    }
}

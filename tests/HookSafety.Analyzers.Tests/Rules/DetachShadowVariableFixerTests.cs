using System.Threading.Tasks;
using HookSafety.Analyzers.Tests.Hosts;
using Xunit;
using VerifyFix = HookSafety.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<HookSafety.Analyzers.Tests.Verifiers.Only<HookSafety.Analyzers.Rules.ShadowVariableLeak>, HookSafety.CodeFixes.Rules.DetachShadowVariableFixer>;

namespace HookSafety.Analyzers.Tests.Rules;

public sealed class DetachShadowVariableFixerTests
{
    [Fact]
    public Task AttachInPrePatch_IsDetachedInANewPostUnpatch() => VerifyFix.VerifyCodeFixAsync(LifecycleHost.ForFix("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            private static readonly ShadowVariable<object, int> s_retries = new("retries");

            protected override HookResult PrePatch(PatchContext context)
            {
                [|s_retries.Attach(context, 1)|];
                return HookResult.Continue;
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
                s_retries.DetachAll();
            }
        }
        """));

    [Fact]
    public Task AttachThroughALambdasCapturedLocal_DetachesTheFieldItHolds() => VerifyFix.VerifyCodeFixAsync(LifecycleHost.ForFix("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            private static readonly ShadowVariable<string, int> s_seen = new("seen");

            protected override HookResult PrePatch(PatchContext context)
            {
                var seen = s_seen;
                Net.AllowedPeers.ForEach(peer => [|seen.Attach(peer, 0)|]);
                return HookResult.Continue;
            }
        }
        """), LifecycleHost.ForFix("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            private static readonly ShadowVariable<string, int> s_seen = new("seen");

            protected override HookResult PrePatch(PatchContext context)
            {
                var seen = s_seen;
                Net.AllowedPeers.ForEach(peer => seen.Attach(peer, 0));
                return HookResult.Continue;
            }

            protected override void PostUnpatch(PatchContext context)
            {
                s_seen.DetachAll();
            }
        }
        """));

    [Fact]
    public Task AttachInAReplacement_IsDetachedInTheExistingPostUnpatch() => VerifyFix.VerifyCodeFixAsync(LifecycleHost.ForFix("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            private readonly ShadowVariable<string, int> _seen = new("seen");

            [Replaces(typeof(Net), nameof(Net.Parse))]
            private static int Parse(string line) => line.Length;

            protected override void PostUnpatch(PatchContext context)
            {
                Net.Motd = null;
            }

            public int Count(string line) => [|_seen.GetOrAttach(line, l => 0)|];
        }
        """), LifecycleHost.ForFix("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            private readonly ShadowVariable<string, int> _seen = new("seen");

            [Replaces(typeof(Net), nameof(Net.Parse))]
            private static int Parse(string line) => line.Length;

            protected override void PostUnpatch(PatchContext context)
            {
                Net.Motd = null;
                _seen.DetachAll();
            }

            public int Count(string line) => _seen.GetOrAttach(line, l => 0);
        }
        """));

    [Fact]
    public Task AttachThroughAHelper_IsDetachedByThePathOfTheVariable() => VerifyFix.VerifyCodeFixAsync(LifecycleHost.ForFix("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            protected override HookResult PrePatch(PatchContext context)
            {
                [|Remember(context)|];
                return HookResult.Continue;
            }

            private static void Remember(PatchContext context) => Shadows.Retries.Attach(context, 1);
        }

        public static class Shadows
        {
            public static readonly ShadowVariable<object, int> Retries = new("retries");
        }
        """), LifecycleHost.ForFix("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            protected override HookResult PrePatch(PatchContext context)
            {
                Remember(context);
                return HookResult.Continue;
            }

            protected override void PostUnpatch(PatchContext context)
            {
                Shadows.Retries.DetachAll();
            }

            private static void Remember(PatchContext context) => Shadows.Retries.Attach(context, 1);
        }

        public static class Shadows
        {
            public static readonly ShadowVariable<object, int> Retries = new("retries");
        }
        """));

    [Fact]
    public Task NewHook_CallsTheBasePatchsHookFirst() => VerifyFix.VerifyCodeFixAsync(LifecycleHost.ForFix("""
        public abstract class Base : LivePatch
        {
            protected override void PostUnpatch(PatchContext context)
            {
                Net.Motd = null;
            }
        }

        [Patch("p")]
        public sealed class P : Base
        {
            private static readonly ShadowVariable<object, int> s_retries = new("retries");

            protected override HookResult PrePatch(PatchContext context)
            {
                [|s_retries.Attach(context, 1)|];
                return HookResult.Continue;
            }
        }
        """), LifecycleHost.ForFix("""
        public abstract class Base : LivePatch
        {
            protected override void PostUnpatch(PatchContext context)
            {
                Net.Motd = null;
            }
        }

        [Patch("p")]
        public sealed class P : Base
        {
            private static readonly ShadowVariable<object, int> s_retries = new("retries");

            protected override HookResult PrePatch(PatchContext context)
            {
                s_retries.Attach(context, 1);
                return HookResult.Continue;
            }

            protected override void PostUnpatch(PatchContext context)
            {
                base.PostUnpatch(context);
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
                private static readonly ShadowVariable<object, int> s_retries = new("retries");
                private static readonly ShadowVariable<object, string> s_names = new("names");

                protected override HookResult PrePatch(PatchContext context)
                {
                    [|s_retries.Attach(context, 1)|];
                    [|s_names.Attach(context, "p")|];
                    return HookResult.Continue;
                }
            }
            """),
            LifecycleHost.FixUsings + """
            [Patch("q")]
            public sealed class Q : LivePatch
            {
                private static readonly ShadowVariable<object, int> s_depth = new("depth");

                protected override void PostPatch(PatchContext context) => [|s_depth.Attach(context, 2)|];
            }
            """,
        },
        new[]
        {
            LifecycleHost.ForFix("""
            [Patch("p")]
            public sealed class P : LivePatch
            {
                private static readonly ShadowVariable<object, int> s_retries = new("retries");
                private static readonly ShadowVariable<object, string> s_names = new("names");

                protected override HookResult PrePatch(PatchContext context)
                {
                    s_retries.Attach(context, 1);
                    s_names.Attach(context, "p");
                    return HookResult.Continue;
                }

                protected override void PostUnpatch(PatchContext context)
                {
                    s_retries.DetachAll();
                    s_names.DetachAll();
                }
            }
            """),
            LifecycleHost.FixUsings + """
            [Patch("q")]
            public sealed class Q : LivePatch
            {
                private static readonly ShadowVariable<object, int> s_depth = new("depth");

                protected override void PostPatch(PatchContext context) => s_depth.Attach(context, 2);

                protected override void PostUnpatch(PatchContext context)
                {
                    s_depth.DetachAll();
                }
            }
            """,
        });

    [Fact]
    public Task NoFix_WhenPostUnpatchIsHiddenInsteadOfOverridden() => VerifyFix.VerifyNoFixAsync(LifecycleHost.ForFix("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            private static readonly ShadowVariable<object, int> s_retries = new("retries");

            protected override HookResult PrePatch(PatchContext context)
            {
                [|s_retries.Attach(context, 1)|];
                return HookResult.Continue;
            }

            public new void PostUnpatch(PatchContext context)
            {
            }
        }
        """));
}

using System.Threading.Tasks;
using HookSafety.Analyzers.Tests.Hosts;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using VerifyCS = HookSafety.Analyzers.Tests.Verifiers.CSharpAnalyzerVerifier<HookSafety.Analyzers.Tests.Verifiers.Only<HookSafety.Analyzers.Rules.UndoInWrongHook>>;

namespace HookSafety.Analyzers.Tests.Rules;

public sealed class UndoInWrongHookAnalyzerTests
{
    private static Task Verify(string patch, params DiagnosticResult[] expected) => VerifyCS.VerifyAnalyzerAsync(LifecycleHost.With(patch), expected);

    private static DiagnosticResult At(int location, string message) => VerifyCS.Diagnostic("HS0004").WithLocation(location).WithMessage(message);

    private const string Handlers = """

            private static void OnPacket(object? sender, string packet) { }

            private static void OnMessage(string message) { }

            private static void Tick(object? state) { }
        """;

    private const string Point = """
        public static class Parser
        {
            public static readonly PatchPoint<Func<Connection, int>> Handle = new("Handle", c => 0);
        }

        """;

    // ---- flagged ----

    [Fact]
    public Task PrePatchChangeRestoredInPreUnpatch_IsFlaggedOnTheRestore() => Verify("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            protected override HookResult PrePatch(PatchContext context)
            {
                {|#1:Net.ChallengeAckLimit = 1000|};
                return HookResult.Continue;
            }

            protected override void PreUnpatch(PatchContext context)
            {
                {|#0:Net.ChallengeAckLimit = 100|};
            }
        }
        """,
        At(0, "'Net.ChallengeAckLimit' is changed in PrePatch but undone in PreUnpatch, while the new code is still live; undo it in PostUnpatch")
            .WithLocation(1));

    [Fact]
    public Task PostPatchEventRemovedInPostUnpatch_IsFlagged() => Verify("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            protected override void PostPatch(PatchContext context) => {|#1:Net.PacketReceived += OnPacket|};

            protected override void PostUnpatch(PatchContext context) => {|#0:Net.PacketReceived -= OnPacket|};
        """ + Handlers + "\n}",
        At(0, "'Net.PacketReceived' is registered in PostPatch but undone in PostUnpatch, after the new code was switched off, so it can still call into code that is gone; undo it in PreUnpatch")
            .WithLocation(1));

    [Fact]
    public Task PostPatchSubscriptionUndoneInPostUnpatch_IsFlagged() => Verify("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            protected override void PostPatch(PatchContext context) => Net.Bus.Subscribe(OnMessage);

            protected override void PostUnpatch(PatchContext context) => [|Net.Bus.Unsubscribe(OnMessage)|];
        """ + Handlers + "\n}");

    [Fact]
    public Task TimerCreatedInPostPatch_DisposedInPostUnpatch_IsFlagged() => Verify("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            private static Timer? s_timer;

            protected override void PostPatch(PatchContext context) => s_timer = new Timer(Tick, null, 0, 100);

            protected override void PostUnpatch(PatchContext context) => [|s_timer?.Dispose()|];
        """ + Handlers + "\n}");

    [Fact]
    public Task PrePatchRegistrationUndoneInPreUnpatch_IsFlagged() => Verify("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            protected override HookResult PrePatch(PatchContext context)
            {
                Net.RegisterHandler(OnMessage);
                Net.AllowedPeers.Add("10.0.0.1");
                return HookResult.Continue;
            }

            protected override void PreUnpatch(PatchContext context)
            {
                [|Net.UnregisterHandler(OnMessage)|];
                [|Net.AllowedPeers.Remove("10.0.0.1")|];
            }
        """ + Handlers + "\n}");

    [Fact]
    public Task UndoThroughAHelper_IsFlaggedOnTheCall() => Verify("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            protected override HookResult PrePatch(PatchContext context)
            {
                {|#2:Net.Limits.MaxDepth = 64|};
                return HookResult.Continue;
            }

            protected override void PreUnpatch(PatchContext context) => {|#0:Restore()|};

            private static void Restore() => {|#1:Net.Limits.MaxDepth = 16|};
        }
        """,
        At(0, "'Net.Limits.MaxDepth' is changed in PrePatch but undone in PreUnpatch via Restore(), while the new code is still live; undo it in PostUnpatch")
            .WithLocation(1).WithLocation(2));

    [Fact]
    public Task ShadowVariableDetachedInPreUnpatch_IsFlagged() => Verify(Point + """
        [Patch("p")]
        public sealed class P : LivePatch
        {
            private static readonly ShadowVariable<Connection, int> s_retries = new("retries");

            [Replaces(typeof(Parser), nameof(Parser.Handle))]
            private static int Handle(Connection connection) => {|#1:s_retries.GetOrAttach(connection, c => 0)|};

            protected override void PreUnpatch(PatchContext context) => {|#0:s_retries.DetachAll()|};
        }
        """,
        At(0, "'s_retries' is attached in replacement 'Handle' but undone in PreUnpatch, while the new code can still attach to it; undo it in PostUnpatch")
            .WithLocation(1));

    [Fact]
    public Task PartialPatch_MisplacedUndoInTheOtherPart_IsFlagged() => VerifyCS.VerifyAnalyzerAsync(
        new[]
        {
            LifecycleHost.With("""
                [Patch("p")]
                public sealed partial class P : LivePatch
                {
                    protected override HookResult PrePatch(PatchContext context)
                    {
                        Net.Mode = "strict";
                        return HookResult.Continue;
                    }
                }
                """),
            LifecycleHost.Usings + """
                public sealed partial class P
                {
                    protected override void PreUnpatch(PatchContext context) => [|Net.Mode = null|];
                }
                """,
        },
        editorConfig: null);

    [Fact]
    public Task ProcessSettingRestoredInPreUnpatch_IsFlagged() => Verify("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            protected override HookResult PrePatch(PatchContext context)
            {
                AppContext.SetSwitch("Net.Strict", true);
                return HookResult.Continue;
            }

            protected override void PreUnpatch(PatchContext context) => [|AppContext.SetSwitch("Net.Strict", false)|];
        }
        """);

    [Fact]
    public Task NestedPatch_WithExpressionBodiedHooks_IsFlagged() => Verify("""
        public static class Fixes
        {
            [Patch("p")]
            public sealed class P : LivePatch
            {
                protected override HookResult PrePatch(PatchContext context) => Apply();

                protected override void PreUnpatch(PatchContext context) => [|Net.Table[0] = 0|];

                private static HookResult Apply()
                {
                    Net.Table[0] = 1;
                    return HookResult.Continue;
                }
            }
        }
        """);

    [Fact]
    public Task PostPatchChangeUndoneInPostUnpatch_WithOptionPreAndPostPatch_IsFlagged() => VerifyCS.VerifyAnalyzerAsync(
        new[]
        {
            LifecycleHost.With("""
                [Patch("p")]
                public sealed class P : LivePatch
                {
                    protected override void PostPatch(PatchContext context) => {|#1:Net.Mode = "new"|};

                    protected override void PostUnpatch(PatchContext context) => {|#0:Net.Mode = null|};
                }
                """),
        },
        "hook_safety.global_state_hooks = pre_and_post_patch",
        At(0, "'Net.Mode' is changed in PostPatch but undone in PostUnpatch, after the old code came back and ran with the changed value; undo it in PreUnpatch").WithLocation(1));

    // ---- left alone ----

    [Fact]
    public Task UndoInTheMatchingHooks_IsLeftAlone() => Verify("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            protected override HookResult PrePatch(PatchContext context)
            {
                Net.ChallengeAckLimit = 1000;
                return HookResult.Continue;
            }

            protected override void PostPatch(PatchContext context) => Net.PacketReceived += OnPacket;

            protected override void PreUnpatch(PatchContext context) => Net.PacketReceived -= OnPacket;

            protected override void PostUnpatch(PatchContext context) => Net.ChallengeAckLimit = 100;
        """ + Handlers + "\n}");

    [Fact]
    public Task StickyPatch_IsLeftAlone() => Verify("""
        [Patch("p", Sticky = true)]
        public sealed class P : LivePatch
        {
            protected override HookResult PrePatch(PatchContext context)
            {
                Net.ChallengeAckLimit = 1000;
                return HookResult.Continue;
            }

            protected override void PreUnpatch(PatchContext context) => Net.ChallengeAckLimit = 100;
        }
        """);

    [Fact]
    public Task UnregistrationWithoutARegistration_IsLeftAlone() => Verify("""
        [Patch("p", Cumulative = true)]
        public sealed class P : LivePatch
        {
            protected override void PreUnpatch(PatchContext context) => Net.PacketReceived -= OnPacket;

            protected override void PostUnpatch(PatchContext context) => Net.UnregisterHandler(OnMessage);
        """ + Handlers + "\n}");

    [Fact]
    public Task ShadowVariableDetachedInPostUnpatch_IsLeftAlone() => Verify(Point + """
        [Patch("p")]
        public sealed class P : LivePatch
        {
            private static readonly ShadowVariable<Connection, int> s_retries = new("retries");

            [Replaces(typeof(Parser), nameof(Parser.Handle))]
            private static int Handle(Connection connection) => s_retries.GetOrAttach(connection, c => 0);

            protected override void PostUnpatch(PatchContext context) => s_retries.DetachAll();
        }
        """);

    [Fact]
    public Task RestoreInPostUnpatchOfSomethingNeverChanged_IsLeftAlone() => Verify("""
        [Patch("p", Cumulative = true)]
        public sealed class P : LivePatch
        {
            protected override void PostUnpatch(PatchContext context)
            {
                Net.ChallengeAckLimit = 100;
                Net.AllowedPeers.Remove("10.0.0.1");
            }
        }
        """);

    [Fact]
    public Task UndoThroughAHelperInTheMatchingHook_IsLeftAlone() => Verify("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            protected override void PostPatch(PatchContext context) => Wire();

            protected override void PreUnpatch(PatchContext context) => Unwire();

            private static void Wire() => Net.Bus.Subscribe(OnMessage);

            private static void Unwire() => Net.Bus.Unsubscribe(OnMessage);
        """ + Handlers + "\n}");

    [Fact]
    public Task PostPatchChangeRestoredInPreUnpatch_IsHS0001_NotHS0004() => Verify("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            protected override void PostPatch(PatchContext context) => Net.Mode = "new";

            protected override void PreUnpatch(PatchContext context) => Net.Mode = null;
        }
        """);

    [Fact]
    public Task NestedPatch_WithMatchingPairs_IsLeftAlone() => Verify("""
        public static class Fixes
        {
            [Patch("p")]
            public sealed class P : LivePatch
            {
                private static Timer? s_timer;

                protected override void PostPatch(PatchContext context) => s_timer = new Timer(Tick, null, 0, 100);

                protected override void PreUnpatch(PatchContext context) => s_timer?.Dispose();

                private static void Tick(object? state) { }
            }
        }
        """);

    [Fact]
    public Task UndoInBothHooks_CountsTheMatchingOne() => Verify("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            protected override void PostPatch(PatchContext context) => Net.RegisterHandler(OnMessage);

            protected override void PreUnpatch(PatchContext context) => Net.UnregisterHandler(OnMessage);

            protected override void PostUnpatch(PatchContext context) => Net.UnregisterHandler(OnMessage);
        """ + Handlers + "\n}");

    [Fact]
    public Task PostPatchChangeUndoneInPreUnpatch_WithOptionPreAndPostPatch_IsLeftAlone() => VerifyCS.VerifyAnalyzerAsync(
        new[]
        {
            LifecycleHost.With("""
                [Patch("p")]
                public sealed class P : LivePatch
                {
                    protected override void PostPatch(PatchContext context) => Net.Mode = "new";

                    protected override void PreUnpatch(PatchContext context) => Net.Mode = null;
                }
                """),
        },
        "hook_safety.global_state_hooks = pre_and_post_patch");

    [Fact]
    public Task UndoOnAnotherReceiverOfTheSameType_IsNotAMisplacedUndo() => Verify("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            private static readonly Bus s_local = new();

            protected override HookResult PrePatch(PatchContext context)
            {
                Net.Bus.Subscribe(OnMessage);
                return HookResult.Continue;
            }

            protected override void PreUnpatch(PatchContext context) => s_local.Unsubscribe(OnMessage);

            protected override void PostUnpatch(PatchContext context) => Net.Bus.Unsubscribe(OnMessage);
        """ + Handlers + "\n}");

    [Fact]
    public Task ChangesInLambdasOfUnpatchHooks_AreNotUndos() => Verify("""
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
                Action later = () => Net.ChallengeAckLimit = 100;
            }

            protected override void PostUnpatch(PatchContext context) => Net.ChallengeAckLimit = 100;
        }
        """);
}

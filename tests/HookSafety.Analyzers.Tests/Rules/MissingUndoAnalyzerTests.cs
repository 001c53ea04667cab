using System.Threading.Tasks;
using HookSafety.Analyzers.Tests.Hosts;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using VerifyCS = HookSafety.Analyzers.Tests.Verifiers.CSharpAnalyzerVerifier<HookSafety.Analyzers.Tests.Verifiers.Only<HookSafety.Analyzers.Rules.MissingUndo>>;

namespace HookSafety.Analyzers.Tests.Rules;

public sealed class MissingUndoAnalyzerTests
{
    private static Task Verify(string patch, params DiagnosticResult[] expected) => VerifyCS.VerifyAnalyzerAsync(LifecycleHost.With(patch), expected);

    private static DiagnosticResult At(int location, string message) => VerifyCS.Diagnostic("HS0002").WithLocation(location).WithMessage(message);

    // ---- flagged ----

    [Fact]
    public Task WriteInPrePatch_NeverRestored_IsFlagged() => Verify("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            protected override HookResult PrePatch(PatchContext context)
            {
                {|#0:Net.ChallengeAckLimit = 1000|};
                return HookResult.Continue;
            }
        }
        """,
        At(0, "'Net.ChallengeAckLimit' is changed in PrePatch but never undone in PostUnpatch; save the original value and restore it in PostUnpatch"));

    [Fact]
    public Task RestoringAnotherMember_DoesNotCount() => Verify("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            protected override HookResult PrePatch(PatchContext context)
            {
                [|Net.Limits.MaxDepth = 64|];
                return HookResult.Continue;
            }

            protected override void PostUnpatch(PatchContext context) => Net.Limits.MaxWidth = 80;
        }
        """);

    [Fact]
    public Task RegistrationCall_NeverUndone_IsFlagged() => Verify("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            protected override HookResult PrePatch(PatchContext context)
            {
                {|#0:Net.RegisterHandler(OnConnect)|};
                return HookResult.Continue;
            }

            private static void OnConnect(string peer) { }
        }
        """,
        At(0, "'Net.RegisterHandler(OnConnect)' is called in PrePatch but never undone in PostUnpatch; call 'Net.UnregisterHandler(OnConnect)' in PostUnpatch"));

    [Fact]
    public Task StaticEvent_NeverRemoved_IsFlagged() => Verify("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            protected override HookResult PrePatch(PatchContext context)
            {
                {|#0:Net.PacketReceived += OnPacket|};
                return HookResult.Continue;
            }

            private static void OnPacket(object? sender, string packet) { }
        }
        """,
        At(0, "'Net.PacketReceived' is registered in PrePatch but never undone in PostUnpatch; add 'Net.PacketReceived -= OnPacket' to PostUnpatch"));

    [Fact]
    public Task ChangeTwoHelpersDeep_IsFlaggedOnTheCall() => Verify("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            protected override HookResult PrePatch(PatchContext context) => {|#0:Apply()|};

            private static HookResult Apply()
            {
                Widen();
                return HookResult.Continue;
            }

            private static void Widen() => {|#1:Net.Limits.MaxWidth *= 2|};
        }
        """,
        At(0, "'Net.Limits.MaxWidth' is changed in PrePatch via Apply() → Widen() but never undone in PostUnpatch; save the original value and restore it in PostUnpatch")
            .WithLocation(1));

    [Fact]
    public Task CollectionAdd_NeverRemoved_IsFlagged() => Verify("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            protected override HookResult PrePatch(PatchContext context)
            {
                {|#0:Net.AllowedPeers.Add("10.0.0.1")|};
                return HookResult.Continue;
            }
        }
        """,
        At(0, "'Net.AllowedPeers.Add(\"10.0.0.1\")' is called in PrePatch but never undone in PostUnpatch; call 'Net.AllowedPeers.Remove(\"10.0.0.1\")' in PostUnpatch"));

    [Fact]
    public Task ProcessSetting_RestoredForAnotherKey_IsFlagged() => Verify("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            protected override HookResult PrePatch(PatchContext context)
            {
                {|#0:Environment.SetEnvironmentVariable("NET_MODE", "strict")|};
                return HookResult.Continue;
            }

            protected override void PostUnpatch(PatchContext context) => Environment.SetEnvironmentVariable("OTHER", null);
        }
        """,
        At(0, "'Environment.SetEnvironmentVariable(\"NET_MODE\", \"strict\")' is called in PrePatch but never undone in PostUnpatch; save the original setting and restore it in PostUnpatch"));

    [Fact]
    public Task WriteThroughRef_AndCompoundAssignment_AreFlagged() => Verify("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            protected override HookResult PrePatch(PatchContext context)
            {
                [|Interlocked.Add(ref Net.Counter, 10)|];
                [|Net.ChallengeAckLimit <<= 1|];
                return HookResult.Continue;
            }
        }
        """);

    [Fact]
    public Task PartialPatch_RestoringAnotherMemberInItsOtherPart_IsFlagged() => VerifyCS.VerifyAnalyzerAsync(
        new[]
        {
            LifecycleHost.With("""
                [Patch("p")]
                public sealed partial class P : LivePatch
                {
                    protected override HookResult PrePatch(PatchContext context)
                    {
                        [|Net.Mode = "strict"|];
                        Net.Counter = 0;
                        return HookResult.Continue;
                    }
                }
                """),
            LifecycleHost.Usings + """
                public sealed partial class P
                {
                    protected override void PostUnpatch(PatchContext context) => Net.Counter = 0;
                }
                """,
        },
        editorConfig: null);

    [Fact]
    public Task NestedPatch_IsFlagged() => Verify("""
        public static class Fixes
        {
            [Patch("p")]
            public sealed class P : LivePatch
            {
                protected override HookResult PrePatch(PatchContext context)
                {
                    [|Net.Table[2] = 7|];
                    return HookResult.Continue;
                }
            }
        }
        """);

    [Fact]
    public Task PostPatchChange_NotUndoneInPreUnpatch_WithOptionPreAndPostPatch_IsFlagged() => VerifyCS.VerifyAnalyzerAsync(
        new[]
        {
            LifecycleHost.With("""
                [Patch("p")]
                public sealed class P : LivePatch
                {
                    protected override void PostPatch(PatchContext context) => {|#0:Net.Mode = "new"|};
                }
                """),
        },
        "hook_safety.global_state_hooks = pre_and_post_patch",
        At(0, "'Net.Mode' is changed in PostPatch but never undone in PreUnpatch; save the original value and restore it in PreUnpatch"));

    [Fact]
    public Task RegistrationPairFromEditorConfig_IsFlagged() => VerifyCS.VerifyAnalyzerAsync(
        new[]
        {
            LifecycleHost.With("""
                [Patch("p")]
                public sealed class P : LivePatch
                {
                    protected override HookResult PrePatch(PatchContext context)
                    {
                        {|#0:Net.Hooks.Hook(Callback)|};
                        return HookResult.Continue;
                    }

                    private static void Callback() { }
                }
                """),
        },
        "hook_safety.registration_pairs = Hook:Unhook",
        At(0, "'Net.Hooks.Hook(Callback)' is called in PrePatch but never undone in PostUnpatch; call 'Net.Hooks.Unhook(Callback)' in PostUnpatch"));

    [Fact]
    public Task RemovingAnotherItem_DoesNotUndoAnAdd() => Verify("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            protected override HookResult PrePatch(PatchContext context)
            {
                {|#0:Net.AllowedPeers.Add("10.0.0.1")|};
                Net.AllowedPeers.Add("10.0.0.2");
                return HookResult.Continue;
            }

            protected override void PostUnpatch(PatchContext context) => Net.AllowedPeers.Remove("10.0.0.2");
        }
        """,
        At(0, "'Net.AllowedPeers.Add(\"10.0.0.1\")' is called in PrePatch but never undone in PostUnpatch; call 'Net.AllowedPeers.Remove(\"10.0.0.1\")' in PostUnpatch"));

    [Fact]
    public Task InsertAtAnIndex_IsUndoneByRemovingTheItem() => Verify("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            protected override HookResult PrePatch(PatchContext context)
            {
                {|#0:Net.AllowedPeers.Insert(0, "10.0.0.1")|};
                Net.AllowedPeers.Insert(0, "10.0.0.2");
                return HookResult.Continue;
            }

            protected override void PostUnpatch(PatchContext context) => Net.AllowedPeers.Remove("10.0.0.2");
        }
        """,
        At(0, "'Net.AllowedPeers.Insert(0, \"10.0.0.1\")' is called in PrePatch but never undone in PostUnpatch; call 'Net.AllowedPeers.Remove(\"10.0.0.1\")' in PostUnpatch"));

    [Fact]
    public Task UnregisteringAnotherHandlerField_DoesNotUndoARegistration() => Verify("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            private static readonly System.Action<string> s_first = peer => { };
            private static readonly System.Action<string> s_second = peer => { };

            protected override HookResult PrePatch(PatchContext context)
            {
                {|#0:Net.RegisterHandler(s_first)|};
                Net.RegisterHandler(s_second);
                return HookResult.Continue;
            }

            protected override void PostUnpatch(PatchContext context) => Net.UnregisterHandler(s_second);
        }
        """,
        At(0, "'Net.RegisterHandler(s_first)' is called in PrePatch but never undone in PostUnpatch; call 'Net.UnregisterHandler(s_first)' in PostUnpatch"));

    // ---- left alone ----

    [Fact]
    public Task RestoredInPostUnpatch_IsLeftAlone() => Verify("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            private static int s_saved;

            protected override HookResult PrePatch(PatchContext context)
            {
                s_saved = Interlocked.Exchange(ref Net.ChallengeAckLimit, 1000);
                return HookResult.Continue;
            }

            protected override void PostUnpatch(PatchContext context)
            {
                if (Net.ChallengeAckLimit == 1000)
                {
                    Net.ChallengeAckLimit = s_saved;
                }
            }
        }
        """);

    [Fact]
    public Task AClearedDictionary_RefilledThroughItsIndexer_IsLeftAlone() => Verify("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            private static System.Collections.Generic.KeyValuePair<string, int>[]? s_saved;

            protected override HookResult PrePatch(PatchContext context)
            {
                s_saved = System.Linq.Enumerable.ToArray(Net.Settings);
                Net.Settings.Clear();
                return HookResult.Continue;
            }

            protected override void PostUnpatch(PatchContext context)
            {
                foreach (var item in s_saved!)
                {
                    Net.Settings[item.Key] = item.Value;
                }
            }
        }
        """);

    [Fact]
    public Task AHandlerFieldOrMethodGroup_UnregisteredWithTheSameOne_IsLeftAlone() => Verify("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            private static readonly System.Action<string> s_first = peer => { };

            protected override HookResult PrePatch(PatchContext context)
            {
                Net.RegisterHandler(s_first);
                Net.RegisterHandler(OnConnect);
                return HookResult.Continue;
            }

            protected override void PostUnpatch(PatchContext context)
            {
                Net.UnregisterHandler(OnConnect);
                Net.UnregisterHandler(P.s_first);
            }

            private static void OnConnect(string peer) { }
        }
        """);

    [Fact]
    public Task RestoredThroughHelpersTwoDeep_IsLeftAlone() => Verify("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            protected override HookResult PrePatch(PatchContext context)
            {
                Net.Limits.MaxDepth = 64;
                return HookResult.Continue;
            }

            protected override void PostUnpatch(PatchContext context) => RestoreAll();

            private static void RestoreAll() => RestoreDepth();

            private static void RestoreDepth() => Net.Limits.MaxDepth = 16;
        }
        """);

    [Fact]
    public Task RestoringTheWholeObject_CountsForItsMembers() => Verify("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            protected override HookResult PrePatch(PatchContext context)
            {
                Net.Spare = new Limits();
                Net.Spare.MaxDepth = 3;
                Net.Settings["mode"] = 1;
                return HookResult.Continue;
            }

            protected override void PostUnpatch(PatchContext context)
            {
                Net.Spare = null;
                Net.Settings.Remove("mode");
            }
        }
        """);

    [Fact]
    public Task RegistrationsWithTheirInverse_AreLeftAlone() => Verify("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            protected override HookResult PrePatch(PatchContext context)
            {
                Net.RegisterHandler(OnConnect);
                Net.PacketReceived += OnPacket;
                Net.AllowedPeers.Add("10.0.0.1");
                Net.Bus.Subscribe(OnConnect);
                return HookResult.Continue;
            }

            protected override void PostUnpatch(PatchContext context)
            {
                Net.UnregisterHandler(OnConnect);
                Net.PacketReceived -= OnPacket;
                Net.AllowedPeers.Remove("10.0.0.1");
                Net.Bus.Unsubscribe(OnConnect);
            }

            private static void OnConnect(string peer) { }

            private static void OnPacket(object? sender, string packet) { }
        }
        """);

    [Fact]
    public Task StickyPatch_OwesNoUndo() => Verify("""
        [Patch("p", Sticky = true)]
        public sealed class P : LivePatch
        {
            protected override HookResult PrePatch(PatchContext context)
            {
                Net.ChallengeAckLimit = 1000;
                Net.RegisterHandler(peer => { });
                return HookResult.Continue;
            }
        }
        """);

    [Fact]
    public Task LocalsParametersNewObjectsAndOwnStatics_AreLeftAlone() => Verify("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            private static int s_saved;
            private static readonly System.Collections.Generic.List<string> s_peers = new();

            protected override HookResult PrePatch(PatchContext context)
            {
                s_saved = Net.ChallengeAckLimit;
                s_peers.Add("10.0.0.1");
                var limits = new Limits { MaxDepth = 4 };
                limits.MaxWidth++;
                Configure(limits);
                return HookResult.Continue;
            }

            private static void Configure(Limits limits) => limits.MaxDepth = 2;
        }
        """);

    [Fact]
    public Task ReadsAndLogging_AreLeftAlone() => Verify("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            protected override HookResult PrePatch(PatchContext context)
            {
                Net.Log("checking " + Net.Read());
                if (Volatile.Read(ref Net.Counter) < 0)
                {
                    return HookResult.Reject("counter is negative");
                }

                Net.Bus.Publish("ready");
                return HookResult.Continue;
            }
        }
        """);

    [Fact]
    public Task ProcessSetting_RestoredWithTheSameKey_IsLeftAlone() => Verify("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            private static string? s_saved;

            protected override HookResult PrePatch(PatchContext context)
            {
                s_saved = Environment.GetEnvironmentVariable("NET_MODE");
                Environment.SetEnvironmentVariable("NET_MODE", "strict");
                AppContext.SetSwitch("Net.Strict", true);
                return HookResult.Continue;
            }

            protected override void PostUnpatch(PatchContext context)
            {
                Environment.SetEnvironmentVariable("NET_MODE", s_saved);
                AppContext.SetSwitch("Net.Strict", false);
            }
        }
        """);

    [Fact]
    public Task LambdaNeverRun_IsNotAChange() => Verify("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            protected override HookResult PrePatch(PatchContext context)
            {
                Action reset = () => Net.ChallengeAckLimit = 100;
                return HookResult.Continue;
            }
        }
        """);

    [Fact]
    public Task UndoInTheWrongHook_IsHS0004_NotHS0002() => Verify("""
        [Patch("p")]
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
    public Task PostPatchChange_IsHS0001_NotHS0002() => Verify("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            protected override void PostPatch(PatchContext context) => Net.ChallengeAckLimit = 1000;
        }
        """);

    [Fact]
    public Task InheritedPostUnpatchOfABasePatch_Counts() => Verify("""
        public abstract class RestoringPatch : LivePatch
        {
            protected override void PostUnpatch(PatchContext context) => Net.Mode = null;
        }

        [Patch("p")]
        public sealed class P : RestoringPatch
        {
            protected override HookResult PrePatch(PatchContext context)
            {
                Net.Mode = "strict";
                return HookResult.Continue;
            }
        }
        """);
}

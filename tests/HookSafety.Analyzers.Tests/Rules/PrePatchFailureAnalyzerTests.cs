using System.Threading.Tasks;
using HookSafety.Analyzers.Tests.Hosts;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using VerifyCS = HookSafety.Analyzers.Tests.Verifiers.CSharpAnalyzerVerifier<HookSafety.Analyzers.Tests.Verifiers.Only<HookSafety.Analyzers.Rules.PrePatchFailure>>;

namespace HookSafety.Analyzers.Tests.Rules;

public sealed class PrePatchFailureAnalyzerTests
{
    private static Task Verify(string patch, params DiagnosticResult[] expected) => VerifyCS.VerifyAnalyzerAsync(LifecycleHost.With(patch), expected);

    private static DiagnosticResult At(int location, string message) => VerifyCS.Diagnostic("HS0008").WithLocation(location).WithMessage(message);

    private const string Open = """
        [Patch("p")]
        public sealed class P : LivePatch
        {
            protected override HookResult PrePatch(PatchContext context)
            {
        """;

    private const string Close = """
            }

            protected override void PostUnpatch(PatchContext context) => Net.ChallengeAckLimit = 100;
        }
        """;

    // ---- flagged ----

    [Fact]
    public Task ThrowInPrePatch_IsFlagged() => Verify(Open + """
                if (Net.Mode == null)
                {
                    {|#0:throw new InvalidOperationException("not configured");|}
                }

                return HookResult.Continue;
        """ + Close,
        At(0, "PrePatch throws InvalidOperationException instead of returning HookResult.Reject(...); a rejection says why the patch refused, an exception only says that something broke: return HookResult.Reject(reason)"));

    [Fact]
    public Task AHelperThatThrowsTheSameExceptionTwice_IsFlaggedOnce() => Verify("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            protected override HookResult PrePatch(PatchContext context)
            {
                {|#0:Check()|};
                return HookResult.Continue;
            }

            private static void Check()
            {
                if (Net.Spare is null)
                {
                    {|#1:throw new ArgumentException("no spare limits");|}
                }

                if (Net.Mode is null)
                {
                    throw new ArgumentException("no mode");
                }
            }
        }
        """,
        At(0, "PrePatch throws ArgumentException via Check() instead of returning HookResult.Reject(...); a rejection says why the patch refused, an exception only says that something broke: return HookResult.Reject(reason)")
            .WithLocation(1));

    [Fact]
    public Task ThrowInAHelper_IsFlaggedOnTheCall() => Verify("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            protected override HookResult PrePatch(PatchContext context)
            {
                {|#0:Check()|};
                return HookResult.Continue;
            }

            private static void Check()
            {
                if (Net.Spare is null)
                {
                    {|#1:throw new ArgumentException("no spare limits");|}
                }
            }
        }
        """,
        At(0, "PrePatch throws ArgumentException via Check() instead of returning HookResult.Reject(...); a rejection says why the patch refused, an exception only says that something broke: return HookResult.Reject(reason)")
            .WithLocation(1));

    [Fact]
    public Task ThrowExpression_AndExpressionBodiedPrePatch_AreFlagged() => Verify("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            private static string s_mode = "";

            protected override HookResult PrePatch(PatchContext context) => Apply(Net.Mode ?? [|throw new InvalidOperationException("no mode")|]);

            private static HookResult Apply(string mode)
            {
                s_mode = mode;
                return HookResult.Continue;
            }
        }
        """);

    [Fact]
    public Task RethrowAndUncaughtTypes_AreFlagged() => Verify(Open + """
                try
                {
                    [|throw new TimeoutException("slow");|]
                }
                catch (ArgumentException)
                {
                    return HookResult.Reject("bad argument");
                }
                catch (InvalidOperationException)
                {
                    Net.Log("failed");
                    [|throw;|]
                }
        """ + Close);

    [Fact]
    public Task RejectAfterAChangeNotUndone_IsFlaggedOnTheReject() => Verify(Open + """
                {|#1:Net.ChallengeAckLimit = 1000|};
                if (Net.Mode == "strict")
                {
                    return {|#0:HookResult.Reject("strict mode")|};
                }

                return HookResult.Continue;
        """ + Close,
        At(0, "PrePatch rejects here after changing 'Net.ChallengeAckLimit' on this path without undoing it; no other hook of a rejected patch runs, so nothing will: undo it before returning Reject, or check before changing")
            .WithLocation(1));

    [Fact]
    public Task RejectAfterARegistration_IsFlagged() => Verify("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            protected override HookResult PrePatch(PatchContext context)
            {
                Net.RegisterHandler(OnPeer);
                Net.PacketReceived += OnPacket;
                return context.IsReplacing ? HookResult.Continue : [|HookResult.Reject("nothing to replace")|];
            }

            protected override void PostUnpatch(PatchContext context)
            {
                Net.UnregisterHandler(OnPeer);
                Net.PacketReceived -= OnPacket;
            }

            private static void OnPeer(string peer) { }

            private static void OnPacket(object? sender, string packet) { }
        }
        """.Replace("return context.IsReplacing ? HookResult.Continue : [|HookResult.Reject(\"nothing to replace\")|];", "if (!context.IsReplacing)\n        {\n            return [|HookResult.Reject(\"nothing to replace\")|];\n        }\n\n        return HookResult.Continue;"));

    [Fact]
    public Task ChangeThroughAHelper_ThenReject_IsFlagged() => Verify("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            protected override HookResult PrePatch(PatchContext context)
            {
                Raise();
                if (Net.Counter > 5)
                {
                    return [|HookResult.Reject("busy")|];
                }

                return HookResult.Continue;
            }

            protected override void PostUnpatch(PatchContext context) => Net.Limits.MaxDepth = 16;

            private static void Raise() => Net.Limits.MaxDepth = 64;
        }
        """);

    [Fact]
    public Task OnlyThePathWithoutUndo_IsFlagged() => Verify(Open + """
                Net.ChallengeAckLimit = 1000;
                if (Net.Mode == "a")
                {
                    Net.ChallengeAckLimit = 100;
                    return HookResult.Reject("mode a");
                }

                if (Net.Mode == "b")
                {
                    return [|HookResult.Reject("mode b")|];
                }

                return HookResult.Continue;
        """ + Close);

    [Fact]
    public Task ChangesInALoop_ThenReject_IsFlagged() => Verify(Open + """
                foreach (var peer in new[] { "a", "b" })
                {
                    Net.AllowedPeers.Add(peer);
                }

                if (Net.AllowedPeers.Count > 10)
                {
                    return [|HookResult.Reject("too many peers")|];
                }

                return HookResult.Continue;
        """ + Close);

    // ---- left alone ----

    [Fact]
    public Task RejectBeforeAnyChange_IsLeftAlone() => Verify(Open + """
                if (Net.Mode == null)
                {
                    return HookResult.Reject("not configured");
                }

                Net.ChallengeAckLimit = 1000;
                return HookResult.Continue;
        """ + Close);

    [Fact]
    public Task ChangeUndoneBeforeTheReject_IsLeftAlone() => Verify(Open + """
                var saved = Net.ChallengeAckLimit;
                Net.ChallengeAckLimit = 1000;
                if (Net.Mode == "strict")
                {
                    Net.ChallengeAckLimit = saved;
                    return HookResult.Reject("strict mode");
                }

                return HookResult.Continue;
        """ + Close);

    [Fact]
    public Task UndoThroughAHelperBeforeTheReject_IsLeftAlone() => Verify("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            protected override HookResult PrePatch(PatchContext context)
            {
                Net.RegisterHandler(OnPeer);
                if (Net.Mode == "strict")
                {
                    Undo();
                    return HookResult.Reject("strict mode");
                }

                return HookResult.Continue;
            }

            protected override void PostUnpatch(PatchContext context) => Undo();

            private static void Undo() => Net.UnregisterHandler(OnPeer);

            private static void OnPeer(string peer) { }
        }
        """);

    [Fact]
    public Task ExceptionCaughtAndTurnedIntoAReject_IsLeftAlone() => Verify(Open + """
                try
                {
                    if (Net.Mode == null)
                    {
                        throw new InvalidOperationException("not configured");
                    }
                }
                catch (Exception e)
                {
                    return HookResult.Reject(e.Message);
                }

                return HookResult.Continue;
        """ + Close);

    [Fact]
    public Task ThrowInALambdaStoredForLater_IsNotPrePatchs() => Verify(Open + """
                Func<int> later = () => throw new InvalidOperationException("later");
                return HookResult.Continue;
        """ + Close);

    [Fact]
    public Task ChangesToLocalsAndOwnState_BeforeAReject_AreLeftAlone() => Verify("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            private static int s_attempts;

            protected override HookResult PrePatch(PatchContext context)
            {
                s_attempts++;
                var limits = new Limits { MaxDepth = 3 };
                context.States.Get("limits").Data = 3;
                if (limits.MaxDepth > Net.Limits.MaxDepth)
                {
                    return HookResult.Reject("limits too low");
                }

                return HookResult.Continue;
            }
        }
        """.Replace("[Patch(\"p\")]", "[Patch(\"p\")]\n[PatchState(\"limits\", version: 1)]"));

    [Fact]
    public Task ThrowInPostPatch_IsHS0009_NotHS0008() => Verify("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            protected override void PostPatch(PatchContext context) => throw new NotSupportedException();
        }
        """);

    [Fact]
    public Task ChangesThenContinue_AreLeftAlone() => Verify(Open + """
                Net.ChallengeAckLimit = 1000;
                Net.AllowedPeers.Add("10.0.0.1");
                return HookResult.Continue;
        """ + Close.Replace("=> Net.ChallengeAckLimit = 100;", "{ Net.ChallengeAckLimit = 100; Net.AllowedPeers.Remove(\"10.0.0.1\"); }"));

    [Fact]
    public Task RejectWithoutChanges_IsLeftAlone() => Verify("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            protected override HookResult PrePatch(PatchContext context)
                => Net.Mode == "strict" ? HookResult.Reject("strict mode") : HookResult.Continue;
        }
        """);
}

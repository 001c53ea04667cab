using System.Threading.Tasks;
using HookSafety.Analyzers.Tests.Hosts;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using VerifyCS = HookSafety.Analyzers.Tests.Verifiers.CSharpAnalyzerVerifier<HookSafety.Analyzers.Tests.Verifiers.Only<HookSafety.Analyzers.Rules.HookCannotFail>>;

namespace HookSafety.Analyzers.Tests.Rules;

public sealed class HookCannotFailAnalyzerTests
{
    private static Task Verify(string patch, params DiagnosticResult[] expected) => VerifyCS.VerifyAnalyzerAsync(LifecycleHost.With(patch), expected);

    private static DiagnosticResult At(int location, string message) => VerifyCS.Diagnostic("HS0009").WithLocation(location).WithMessage(message);

    private static string Patch(string members) => """
        [Patch("p")]
        public sealed class P : LivePatch
        {
        """ + members + "\n}";

    // ---- flagged ----

    [Fact]
    public Task ThrowInPostPatch_IsFlagged() => Verify(Patch("""
            protected override void PostPatch(PatchContext context)
            {
                if (Net.Mode == null)
                {
                    {|#0:throw new InvalidOperationException("no mode");|}
                }
            }
        """),
        At(0, "InvalidOperationException can be thrown out of PostPatch, which cannot fail: the manager wraps it in PatchHookException and the patch stays enabled with PostPatch half done; catch it in PostPatch and report the failure"));

    [Fact]
    public Task ThrowInPreUnpatch_IsFlagged() => Verify(Patch("""
            protected override void PreUnpatch(PatchContext context)
            {
                {|#0:throw new NotSupportedException();|}
            }
        """),
        At(0, "NotSupportedException can be thrown out of PreUnpatch, which cannot fail: the manager wraps it in PatchHookException and the patch is disabled anyway, with the hook half done; catch it in PreUnpatch and report the failure"));

    [Fact]
    public Task ThrowInAHelperOfPostUnpatch_IsFlaggedOnTheCall() => Verify(Patch("""
            protected override void PostUnpatch(PatchContext context) => {|#0:Restore()|};

            private static void Restore() => Verify();

            private static void Verify()
            {
                if (Net.ChallengeAckLimit < 0)
                {
                    {|#1:throw new ArgumentOutOfRangeException(nameof(Net.ChallengeAckLimit));|}
                }
            }
        """),
        At(0, "ArgumentOutOfRangeException can be thrown out of PostUnpatch via Restore() → Verify(), which cannot fail: the manager wraps it in PatchHookException and the patch is disabled anyway, with the hook half done; catch it in PostUnpatch and report the failure")
            .WithLocation(1));

    [Fact]
    public Task CatchOfAnotherType_DoesNotCatch() => Verify(Patch("""
            protected override void PostPatch(PatchContext context)
            {
                try
                {
                    [|throw new TimeoutException();|]
                }
                catch (ArgumentException)
                {
                }
            }
        """));

    [Fact]
    public Task FilteredCatch_IsNotTrusted() => Verify(Patch("""
            protected override void PostPatch(PatchContext context)
            {
                try
                {
                    [|throw new InvalidOperationException("x");|]
                }
                catch (Exception e) when (e.Message == "y")
                {
                }
            }
        """));

    [Fact]
    public Task RethrowInACatch_IsFlagged() => Verify(Patch("""
            protected override void PreUnpatch(PatchContext context)
            {
                try
                {
                    Net.Raise();
                }
                catch (InvalidOperationException)
                {
                    Net.Log("failed");
                    [|throw;|]
                }
            }
        """));

    [Fact]
    public Task ThrowExpressionInPostUnpatch_IsFlagged() => Verify(Patch("""
            protected override void PostUnpatch(PatchContext context)
            {
                var mode = Net.Mode ?? [|throw new InvalidOperationException("no mode")|];
                Net.Log(mode);
            }
        """));

    [Fact]
    public Task ExpressionBodiedHook_IsFlagged() => Verify(Patch("""
            protected override void PostPatch(PatchContext context) => [|throw new NotImplementedException()|];
        """));

    [Fact]
    public Task InheritedHookOfABasePatch_IsFlagged() => Verify("""
        public abstract class Base : LivePatch
        {
            protected override void PostUnpatch(PatchContext context) => [|throw new NotSupportedException()|];
        }

        [Patch("p")]
        public sealed class P : Base
        {
        }
        """);

    [Fact]
    public Task StoreThroughASetterThatThrows_IsFlaggedOnTheStore() => Verify("""
        public sealed class Frozen
        {
            public int this[string key] { get => key.Length; set => {|#1:throw new NotSupportedException("frozen: " + key)|}; }
        }

        public static class Registry
        {
            public static readonly Frozen Settings = new();
        }

        """ + Patch("""
            protected override void PostPatch(PatchContext context)
            {
                {|#0:Registry.Settings["mode"] = 1|};
            }
        """),
        At(0, "NotSupportedException can be thrown out of PostPatch via Frozen[…] = …, which cannot fail: the manager wraps it in PatchHookException and the patch stays enabled with PostPatch half done; catch it in PostPatch and report the failure")
            .WithLocation(1));

    // ---- left alone ----

    [Fact]
    public Task CaughtByCatchException_IsLeftAlone() => Verify(Patch("""
            protected override void PostPatch(PatchContext context)
            {
                try
                {
                    throw new InvalidOperationException("x");
                }
                catch (Exception e)
                {
                    Net.Log(e.Message);
                }
            }
        """));

    [Fact]
    public Task CaughtByItsOwnOrABaseType_IsLeftAlone() => Verify(Patch("""
            protected override void PreUnpatch(PatchContext context)
            {
                try
                {
                    throw new ObjectDisposedException("bus");
                }
                catch (InvalidOperationException)
                {
                }

                try
                {
                    throw new TimeoutException();
                }
                catch (TimeoutException)
                {
                }
            }
        """));

    [Fact]
    public Task CatchAll_IsLeftAlone() => Verify(Patch("""
            protected override void PostUnpatch(PatchContext context)
            {
                try
                {
                    throw new NotSupportedException();
                }
                catch
                {
                    Net.Log("failed");
                }
            }
        """));

    [Fact]
    public Task ThrowInPrePatch_IsHS0008_NotHS0009() => Verify(Patch("""
            protected override HookResult PrePatch(PatchContext context) => throw new NotSupportedException();
        """));

    [Fact]
    public Task ThrowInAReplacement_IsLeftAlone() => Verify("""
        public static class Parser
        {
            public static readonly PatchPoint<Func<string, int>> Parse = new("Parse", s => s.Length);
        }

        [Patch("p")]
        public sealed class P : LivePatch
        {
            [Replaces(typeof(Parser), nameof(Parser.Parse))]
            private static int Parse(string line) => line.Length > 0 ? line.Length : throw new ArgumentException("empty line");
        }
        """);

    [Fact]
    public Task ThrowInALambdaCreatedInAHook_IsLeftAlone() => Verify(Patch("""
            protected override void PostPatch(PatchContext context)
            {
                Net.PacketReceived += (sender, packet) => throw new NotSupportedException(packet);
            }

            protected override void PreUnpatch(PatchContext context) => Net.Log("bye");
        """));

    [Fact]
    public Task HelperThrowCaughtAtTheCallSite_IsLeftAlone() => Verify(Patch("""
            protected override void PostPatch(PatchContext context)
            {
                try
                {
                    Check();
                }
                catch (InvalidOperationException e)
                {
                    Net.Log(e.Message);
                }
            }

            private static void Check() => throw new InvalidOperationException("bad state");
        """));

    [Fact]
    public Task ThrowInAHelperTheHooksDoNotCall_IsLeftAlone() => Verify(Patch("""
            protected override void PostPatch(PatchContext context) => Net.Log("live");

            public static void Validate(string mode)
            {
                if (mode.Length == 0)
                {
                    throw new ArgumentException("empty mode", nameof(mode));
                }
            }
        """));

    [Fact]
    public Task HooksWithoutThrows_AreLeftAlone() => Verify(Patch("""
            protected override void PostPatch(PatchContext context) => Net.Log("live");

            protected override void PostUnpatch(PatchContext context)
            {
                if (Net.Mode is null)
                {
                    return;
                }

                Net.Mode = null;
            }
        """));
}

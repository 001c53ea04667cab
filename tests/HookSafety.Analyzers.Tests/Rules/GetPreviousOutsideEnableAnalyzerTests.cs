using System.Threading.Tasks;
using HookSafety.Analyzers.Tests.Hosts;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using VerifyCS = HookSafety.Analyzers.Tests.Verifiers.CSharpAnalyzerVerifier<HookSafety.Analyzers.Tests.Verifiers.Only<HookSafety.Analyzers.Rules.GetPreviousOutsideEnable>>;

namespace HookSafety.Analyzers.Tests.Rules;

public sealed class GetPreviousOutsideEnableAnalyzerTests
{
    private static Task Verify(string patch, params DiagnosticResult[] expected) => VerifyCS.VerifyAnalyzerAsync(LifecycleHost.With(patch), expected);

    private static DiagnosticResult At(int location, string message) => VerifyCS.Diagnostic("HS0011").WithLocation(location).WithMessage(message);

    private static string Patch(string members) => """
        [Patch("p", Cumulative = true)]
        [PatchState("limits", version: 2)]
        public sealed class P : LivePatch
        {
        """ + members + "\n}";

    // ---- flagged ----

    [Fact]
    public Task InPreUnpatch_IsFlagged() => Verify(Patch("""
            protected override void PreUnpatch(PatchContext context)
            {
                var previous = {|#0:context.States.GetPrevious("limits")|};
            }
        """),
        At(0, "GetPrevious is called in PreUnpatch, where it always returns null: the replaced patches' states exist only while the patch is being enabled; read them in PrePatch or PostPatch and keep what you need in this patch's state"));

    [Fact]
    public Task InPostUnpatch_IsFlagged() => Verify(Patch("""
            protected override void PostUnpatch(PatchContext context) => Net.Mode = [|context.States.GetPrevious("limits")|]?.Data as string;
        """));

    [Fact]
    public Task InAReplacement_IsFlagged() => Verify("""
        public static class Parser
        {
            public static readonly PatchPoint<Func<string, int>> Parse = new("Parse", s => s.Length);
            public static PatchStates? States;
        }

        """ + Patch("""
            [Replaces(typeof(Parser), nameof(Parser.Parse))]
            private static int Parse(string line) => {|#0:Parser.States!.GetPrevious("limits")|}?.Version ?? 0;
        """),
        At(0, "GetPrevious is called in replacement 'Parse', where it always returns null: the replaced patches' states exist only while the patch is being enabled; read them in PrePatch or PostPatch and keep what you need in this patch's state"));

    [Fact]
    public Task ThroughAHelperOfPreUnpatch_IsFlaggedOnTheCall() => Verify(Patch("""
            protected override void PreUnpatch(PatchContext context) => {|#0:Inspect(context)|};

            private static void Inspect(PatchContext context) => Net.Log({|#1:context.States.GetPrevious("limits")|}?.Id ?? "none");
        """),
        At(0, "GetPrevious is called in PreUnpatch via Inspect(), where it always returns null: the replaced patches' states exist only while the patch is being enabled; read them in PrePatch or PostPatch and keep what you need in this patch's state")
            .WithLocation(1));

    [Fact]
    public Task InALambdaHandedOut_IsFlagged() => Verify(Patch("""
            protected override void PostPatch(PatchContext context)
            {
                Net.PacketReceived += (sender, packet) => Net.Log([|context.States.GetPrevious("limits")|]?.Id ?? packet);
            }
        """));

    [Fact]
    public Task InTheConstructor_IsFlagged() => Verify("""
        public static class Holder
        {
            public static PatchStates? States;
        }

        """ + Patch("""
            public P()
            {
                _ = [|Holder.States?.GetPrevious("limits")|];
            }
        """));

    [Fact]
    public Task HelperSharedByPrePatchAndPostUnpatch_IsFlaggedOnlyForPostUnpatch() => Verify(Patch("""
            protected override HookResult PrePatch(PatchContext context)
            {
                TakeOver(context);
                return HookResult.Continue;
            }

            protected override void PostUnpatch(PatchContext context) => [|TakeOver(context)|];

            private static void TakeOver(PatchContext context)
            {
                if (context.States.GetPrevious("limits") is { } previous)
                {
                    context.States.Get("limits").Data = previous.Data;
                }
            }
        """));

    [Fact]
    public Task InPostUnpatchOfAStickyPatch_IsStillFlagged() => Verify("""
        [Patch("p", Sticky = true)]
        [PatchState("limits", version: 1)]
        public sealed class P : LivePatch
        {
            protected override void PreUnpatch(PatchContext context) => _ = [|context.States.GetPrevious("limits")|];
        }
        """);

    // ---- left alone ----

    [Fact]
    public Task InPrePatch_IsLeftAlone() => Verify(Patch("""
            protected override HookResult PrePatch(PatchContext context)
            {
                var previous = context.States.GetPrevious("limits");
                context.States.Get("limits").Data = previous?.Data;
                return HookResult.Continue;
            }
        """));

    [Fact]
    public Task InPostPatch_IsLeftAlone() => Verify(Patch("""
            protected override void PostPatch(PatchContext context) => Net.Log(context.States.GetPrevious("limits")?.Id ?? "fresh");
        """));

    [Fact]
    public Task ThroughHelpersOfPrePatchAndPostPatch_IsLeftAlone() => Verify(Patch("""
            protected override HookResult PrePatch(PatchContext context) => TakeOver(context);

            protected override void PostPatch(PatchContext context) => Report(context);

            private static HookResult TakeOver(PatchContext context)
            {
                context.States.Get("limits").Data = context.States.GetPrevious("limits")?.Data;
                return HookResult.Continue;
            }

            private static void Report(PatchContext context) => Net.Log(context.States.GetPrevious("limits")?.Version.ToString() ?? "none");
        """));

    [Fact]
    public Task GetOfThisPatchsState_IsLeftAlone() => Verify(Patch("""
            protected override void PostUnpatch(PatchContext context) => context.States.Get("limits").Data = null;
        """));

    [Fact]
    public Task PrivateMethodNeverCalled_IsLeftAlone() => Verify(Patch("""
            private static object? Unused(PatchContext context) => context.States.GetPrevious("limits");
        """));

    [Fact]
    public Task CodeOutsidePatches_IsLeftAlone() => Verify("""
        public static class Tools
        {
            public static PatchState? Previous(PatchStates states) => states.GetPrevious("limits");
        }
        """);

    [Fact]
    public Task ALookalikeGetPrevious_IsLeftAlone() => Verify("""
        public sealed class History
        {
            public string? GetPrevious(string id) => id;
        }

        """ + Patch("""
            private static readonly History s_history = new();

            protected override void PostUnpatch(PatchContext context) => Net.Mode = s_history.GetPrevious("limits");
        """));

    [Fact]
    public Task StateReadInPrePatchKeptForLater_IsLeftAlone() => Verify(Patch("""
            private static object? s_previousData;

            protected override HookResult PrePatch(PatchContext context)
            {
                s_previousData = context.States.GetPrevious("limits")?.Data;
                return HookResult.Continue;
            }

            protected override void PostUnpatch(PatchContext context) => Net.Mode = s_previousData as string;
        """));
}

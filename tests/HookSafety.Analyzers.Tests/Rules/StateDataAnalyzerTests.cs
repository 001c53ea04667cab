using System.Threading.Tasks;
using HookSafety.Analyzers.Rules;
using HookSafety.Analyzers.Tests.Hosts;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using VerifyCS = HookSafety.Analyzers.Tests.Verifiers.CSharpAnalyzerVerifier<HookSafety.Analyzers.Rules.StateDataAnalyzer>;

namespace HookSafety.Analyzers.Tests.Rules;

public sealed class StateDataAnalyzerTests
{
    private static Task Verify(string body, params DiagnosticResult[] expected) => VerifyCS.VerifyAnalyzerAsync(LifecycleHost.With("""
        public sealed class Memo { public int Saved; }
        public struct Pair { public int A; }
        public enum Level { Low, High }

        [Patch("p")]
        [PatchState("limits", version: 1)]
        public sealed class P : LivePatch
        {
            private static void Keep(string value) { }

            protected override HookResult PrePatch(PatchContext context)
            {
                var state = context.States.Get("limits");
        """ + body + """

                return HookResult.Continue;
            }
        }
        """), expected);

    // ---- flagged ----

    [Fact]
    public Task ObjectOfAPatchType_IsFlagged() => Verify("""
                state.Data = {|#0:new Memo { Saved = 1 }|};
        """,
        VerifyCS.Diagnostic("HS0010").WithLocation(0)
            .WithMessage("PatchState.Data is set to a value of a type defined in this patch's assembly ('Memo'); the next patch, built separately, cannot read it, and it keeps this patch's code alive after it is gone: store data of shared types (strings, numbers, collections of them, types of a shared assembly)"));

    [Fact]
    public Task Lambda_IsFlagged() => Verify("""
                state.Data = {|#0:(Func<int>)(() => 42)|};
        """,
        VerifyCS.Diagnostic("HS0010").WithLocation(0)
            .WithMessage("PatchState.Data is set to a lambda defined in this patch's assembly ('lambda'); the next patch, built separately, cannot read it, and it keeps this patch's code alive after it is gone: store data of shared types (strings, numbers, collections of them, types of a shared assembly)"));

    [Fact]
    public Task SetInAHelperOutsideThePatchType_IsFlagged() => VerifyCS.VerifyAnalyzerAsync(LifecycleHost.With("""
        public sealed class Memo { public int Saved; }

        public static class StateHelpers
        {
            public static void Save(PatchState state) => (state).Data = [|new Memo()|];
        }

        [Patch("p")]
        [PatchState("limits", version: 1)]
        public sealed class P : LivePatch
        {
            protected override HookResult PrePatch(PatchContext context)
            {
                StateHelpers.Save(context.States.Get("limits"));
                return HookResult.Continue;
            }
        }
        """));

    [Fact]
    public Task DelegateToAPatchMethod_IsFlagged() => Verify("""
                state.Data = [|new Action<string>(Keep)|];
        """);

    [Fact]
    public Task ListOfAPatchType_IsFlagged() => Verify("""
                state.Data = [|new System.Collections.Generic.List<Memo>()|];
        """);

    [Fact]
    public Task ArrayOfAPatchType_IsFlagged() => Verify("""
                state.Data = [|new Memo[2]|];
        """);

    [Fact]
    public Task TupleWithAPatchType_IsFlagged() => Verify("""
                state.Data = [|(1, new Memo())|];
        """);

    [Fact]
    public Task AnonymousType_IsFlagged() => Verify("""
                state.Data = [|new { Saved = 1 }|];
        """);

    [Fact]
    public Task StructAndEnumOfThePatch_AreFlagged() => Verify("""
                state.Data = [|new Pair { A = 1 }|];
                state.Data = [|Level.High|];
        """);

    // ---- left alone ----

    [Fact]
    public Task DataNamedElsewhere_IsLeftAlone() => Verify("""
                // Data = new Memo(); in a comment, "Data = new Memo()" in a string
                var Data = new Memo();
                var same = state.Data == (object)Data;
                Console.WriteLine("Data = new Memo()" + same);
        """);

    [Fact]
    public Task String_IsLeftAlone() => Verify("""
                state.Data = "saved";
        """);

    [Fact]
    public Task Number_IsLeftAlone() => Verify("""
                state.Data = Net.ChallengeAckLimit;
        """);

    [Fact]
    public Task CollectionsOfSharedTypes_AreLeftAlone() => Verify("""
                state.Data = new System.Collections.Generic.List<string> { "a" };
                state.Data = new System.Collections.Generic.Dictionary<string, int> { ["limit"] = 100 };
                state.Data = new[] { 1, 2 };
        """);

    [Fact]
    public Task Null_IsLeftAlone() => Verify("""
                state.Data = null;
        """);

    [Fact]
    public Task DelegateToAFrameworkMethod_IsLeftAlone() => Verify("""
                state.Data = new Action<string>(Console.WriteLine);
        """);

    [Fact]
    public Task ReadingData_IsLeftAlone() => Verify("""
                var previous = state.Data;
                Net.Mode = previous as string;
        """);

    [Fact]
    public Task ValueKnownOnlyAsObject_IsNotTraced() => Verify("""
                object value = Net.Mode ?? "none";
                state.Data = value;
        """);

    [Fact]
    public Task DataOfALookalikeType_IsLeftAlone() => VerifyCS.VerifyAnalyzerAsync(LifecycleHost.With("""
        public sealed class PatchStateLookalike { public object? Data { get; set; } }
        public sealed class Memo { }

        public static class Tools
        {
            public static void Store(PatchStateLookalike state) => state.Data = new Memo();
        }
        """));
}

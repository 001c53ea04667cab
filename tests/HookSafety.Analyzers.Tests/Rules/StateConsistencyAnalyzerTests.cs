using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using VerifyCS = HookSafety.Analyzers.Tests.Verifiers.CSharpAnalyzerVerifier<HookSafety.Analyzers.Rules.StateConsistencyAnalyzer>;

namespace HookSafety.Analyzers.Tests.Rules;

public sealed class StateConsistencyAnalyzerTests
{
    private static Task Verify(string patches, params DiagnosticResult[] expected) => VerifyCS.VerifyAnalyzerAsync("using HookSafety.Hooks;\n\n" + patches, expected);

    private static DiagnosticResult At(int location, string message) => VerifyCS.Diagnostic("HS0012").WithLocation(location).WithMessage(message);

    /// <summary>The finding of the scenario several cases share: cumulative FixAll declares parser-limits 2, FixParser declares 3.</summary>
    private const string FixAllLowersParserLimits = "Cumulative patch 'FixAll' declares state 'parser-limits' in version 2, lower than version 3 of 'FixParser'; the manager refuses it while that version is registered: declare version 3 or higher";

    // ---- flagged ----

    [Fact]
    public Task DuplicateState_IsFlagged() => Verify("""
        [Patch("p")]
        [PatchState("limits", version: 1)]
        [PatchState({|#0:"limits"|}, version: 2)]
        public sealed class P : LivePatch { }
        """,
        At(0, "State 'limits' is declared twice on 'P'; declare each state once, with one version"));

    [Fact]
    public Task VersionZero_IsFlagged() => Verify("""
        [Patch("p")]
        [PatchState("limits", {|#0:version: 0|})]
        public sealed class P : LivePatch { }
        """,
        At(0, "State 'limits' of 'P' has version 0; versions start at 1"));

    [Fact]
    public Task NegativeVersion_IsFlagged() => Verify("""
        [Patch("p")]
        [PatchState("limits", [|-3|])]
        public sealed class P : LivePatch { }
        """);

    [Fact]
    public Task CumulativePatchOmittingAState_IsFlagged() => Verify("""
        [Patch("fix-parser")]
        [PatchState("parser-limits", version: 2)]
        public sealed class FixParser : LivePatch { }

        [Patch("fix-all", Cumulative = true)]
        [PatchState("net-limits", version: 1)]
        public sealed class {|#0:FixAll|} : LivePatch { }
        """,
        At(0, "Cumulative patch 'FixAll' does not declare state 'parser-limits', which 'FixParser' declares; the manager refuses it while that state is registered: add [PatchState(\"parser-limits\", version: 2)]"));

    [Fact]
    public Task CumulativePatchDeclaringALowerVersion_IsFlagged() => Verify("""
        [Patch("fix-parser")]
        [PatchState("parser-limits", version: 3)]
        public sealed class FixParser : LivePatch { }

        [Patch("fix-all", Cumulative = true)]
        [PatchState("parser-limits", {|#0:version: 2|})]
        public sealed class FixAll : LivePatch { }
        """,
        At(0, FixAllLowersParserLimits));

    // The states other patches declare are read from their attributes as written where those are literals, and the
    // patch that declares the highest version is confirmed by binding; the cases below take the other ways.

    [Fact]
    public Task StateFromConstantsAndReorderedNames_IsCounted() => Verify("""
        public static class States
        {
            public const string Parser = "parser-limits";
            public const int Version = 3;
        }

        [Patch("fix-parser")]
        [PatchState(States.Parser, States.Version)]
        public sealed class FixParser : LivePatch { }

        [Patch("fix-net")]
        [PatchState(version: 4, id: "net-limits")]
        public sealed class FixNet : LivePatch { }

        [Patch("fix-all", Cumulative = true)]
        [PatchState("parser-limits", {|#0:version: 2|})]
        [PatchState("net-limits", {|#1:version: 1|})]
        public sealed class FixAll : LivePatch { }
        """,
        At(0, FixAllLowersParserLimits),
        At(1, "Cumulative patch 'FixAll' declares state 'net-limits' in version 1, lower than version 4 of 'FixNet'; the manager refuses it while that version is registered: declare version 4 or higher"));

    [Fact]
    public Task HighestVersionOnAnotherLibrarysAttribute_IsNotTheHighest() => Verify("""
        namespace Tools
        {
            public sealed class PatchStateAttribute : System.Attribute
            {
                public PatchStateAttribute(string id, int version) { }
            }

            [HookSafety.Hooks.Patch("tool")]
            [PatchState("parser-limits", 9)]
            public sealed class Tool : LivePatch { }
        }

        [Patch("fix-parser")]
        [PatchState("parser-limits", version: 3)]
        public sealed class FixParser : LivePatch { }

        [Patch("fix-all", Cumulative = true)]
        [PatchState("parser-limits", {|#0:version: 2|})]
        public sealed class FixAll : LivePatch { }
        """,
        At(0, FixAllLowersParserLimits));

    [Fact]
    public Task HighestVersionThroughAnAliasForAnotherAttribute_IsNotTheHighest() => VerifyCS.VerifyAnalyzerAsync(
        new[]
        {
            """
            using PatchState = Tools.NoteAttribute;

            namespace Tools
            {
                public sealed class NoteAttribute : System.Attribute
                {
                    public NoteAttribute(string id, int version) { }
                }

                [HookSafety.Hooks.Patch("tool")]
                [PatchState("parser-limits", 9)]
                public sealed class Tool : HookSafety.Hooks.LivePatch { }
            }
            """,
            """
            using HookSafety.Hooks;

            [Patch("fix-parser")]
            [PatchState("parser-limits", version: 3)]
            public sealed class FixParser : LivePatch { }

            [Patch("fix-all", Cumulative = true)]
            [PatchState("parser-limits", {|#0:version: 2|})]
            public sealed class FixAll : LivePatch { }
            """,
        },
        editorConfig: null,
        At(0, FixAllLowersParserLimits));

    [Fact]
    public Task CumulativePatchOmittingTwoStates_IsOneFindingNamingBoth() => Verify("""
        [Patch("fix-parser")]
        [PatchState("parser-limits", version: 2)]
        public sealed class FixParser : LivePatch { }

        [Patch("fix-net")]
        [PatchState("net-limits", version: 1)]
        public sealed class FixNet : LivePatch { }

        [Patch("fix-all", Cumulative = true)]
        public sealed class {|#0:FixAll|} : LivePatch { }
        """,
        At(0, "Cumulative patch 'FixAll' does not declare 2 states other patches declare: 'net-limits' of 'FixNet', 'parser-limits' of 'FixParser'; the manager refuses it while those states are registered: add [PatchState(\"net-limits\", version: 1)], [PatchState(\"parser-limits\", version: 2)]"));

    [Fact]
    public Task CumulativePatchOmittingManyStates_NamesThreeAndCountsTheRest() => Verify("""
        [Patch("a")] [PatchState("a", version: 1)] public sealed class A : LivePatch { }
        [Patch("b")] [PatchState("b", version: 1)] public sealed class B : LivePatch { }
        [Patch("c")] [PatchState("c", version: 1)] public sealed class C : LivePatch { }
        [Patch("d")] [PatchState("d", version: 1)] public sealed class D : LivePatch { }
        [Patch("e")] [PatchState("e", version: 1)] public sealed class E : LivePatch { }

        [Patch("all", Cumulative = true)]
        public sealed class {|#0:All|} : LivePatch { }
        """,
        At(0, "Cumulative patch 'All' does not declare 5 states other patches declare: 'a' of 'A', 'b' of 'B', 'c' of 'C', and 2 more; the manager refuses it while those states are registered: add [PatchState(\"a\", version: 1)], [PatchState(\"b\", version: 1)], [PatchState(\"c\", version: 1)] and one for each of the other 2"));

    [Fact]
    public Task TwoCumulativePatches_EachMissingTheOthersState_AreBothFlagged() => Verify("""
        [Patch("a", Cumulative = true)]
        [PatchState("alpha", version: 1)]
        public sealed class [|A|] : LivePatch { }

        [Patch("b", Cumulative = true)]
        [PatchState("beta", version: 1)]
        public sealed class [|B|] : LivePatch { }
        """);

    [Fact]
    public Task StateOfAPatchInAnotherFile_Counts() => VerifyCS.VerifyAnalyzerAsync(
        new[]
        {
            "using HookSafety.Hooks;\n\n" + """
                [Patch("fix-parser")]
                [PatchState("parser-limits", version: 1)]
                public sealed class FixParser : LivePatch { }
                """,
            "using HookSafety.Hooks;\n\n" + """
                namespace Later
                {
                    [Patch("fix-all", Cumulative = true)]
                    public sealed class [|FixAll|] : LivePatch { }
                }
                """,
        },
        editorConfig: null);

    [Fact]
    public Task DuplicateAndZeroVersionOnOnePatch_AreBothFlagged() => Verify("""
        [Patch("p")]
        [PatchState("a", [|version: 0|])]
        [PatchState([|"a"|], version: 1)]
        public sealed class P : LivePatch { }
        """);

    // ---- left alone ----

    [Fact]
    public Task OnePatchWithStates_IsLeftAlone() => Verify("""
        [Patch("p", Cumulative = true)]
        [PatchState("limits", version: 1)]
        [PatchState("handlers", version: 2)]
        public sealed class P : LivePatch { }
        """);

    [Fact]
    public Task CumulativePatchDeclaringEveryState_IsLeftAlone() => Verify("""
        [Patch("fix-parser")]
        [PatchState("parser-limits", version: 2)]
        public sealed class FixParser : LivePatch { }

        [Patch("fix-all", Cumulative = true)]
        [PatchState("parser-limits", version: 2)]
        [PatchState("net-limits", version: 1)]
        public sealed class FixAll : LivePatch { }
        """);

    [Fact]
    public Task CumulativePatchDeclaringAHigherVersion_IsLeftAlone() => Verify("""
        [Patch("fix-parser")]
        [PatchState("parser-limits", version: 1)]
        public sealed class FixParser : LivePatch { }

        [Patch("fix-all", Cumulative = true)]
        [PatchState("parser-limits", version: 4)]
        public sealed class FixAll : LivePatch { }
        """);

    [Fact]
    public Task NonCumulativePatches_WithDifferentStates_AreLeftAlone() => Verify("""
        [Patch("a")]
        [PatchState("alpha", version: 1)]
        public sealed class A : LivePatch { }

        [Patch("b")]
        [PatchState("beta", version: 3)]
        public sealed class B : LivePatch { }
        """);

    [Fact]
    public Task NonCumulativePatchWithALowerVersion_IsTheRuntimesCall() => Verify("""
        [Patch("a")]
        [PatchState("alpha", version: 3)]
        public sealed class A : LivePatch { }

        [Patch("b")]
        [PatchState("alpha", version: 1)]
        public sealed class B : LivePatch { }
        """);

    [Fact]
    public Task StatesOfTypesThatAreNotPatches_DoNotCount() => Verify("""
        [PatchState("base-state", version: 5)]
        public abstract class Base : LivePatch { }

        [Patch("fix-all", Cumulative = true)]
        public sealed class FixAll : Base { }
        """);

    [Fact]
    public Task ASinglePatch_IsNeverComparedWithItself() => Verify("""
        [Patch("fix-all", Cumulative = true)]
        [PatchState("limits", version: 1)]
        public sealed class FixAll : LivePatch { }
        """);

    [Fact]
    public Task DistinctIdsOnOnePatch_AreLeftAlone() => Verify("""
        [Patch("p")]
        [PatchState("a", version: 1)]
        [PatchState("b", version: 1)]
        [PatchState("c", version: 9)]
        public sealed class P : LivePatch { }
        """);
}

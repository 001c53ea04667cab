using System.Threading.Tasks;
using HookSafety.Analyzers.Rules;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using VerifyCS = HookSafety.Analyzers.Tests.Verifiers.CSharpAnalyzerVerifier<HookSafety.Analyzers.Rules.PatchShapeAnalyzer>;

namespace HookSafety.Analyzers.Tests.Rules;

public sealed class PatchShapeAnalyzerTests
{
    private const string Usings = "using HookSafety.Hooks;\n\n";

    private static Task Verify(string source, params DiagnosticResult[] expected) => VerifyCS.VerifyAnalyzerAsync(Usings + source, expected);

    // ---- flagged ----

    [Fact]
    public Task LivePatchWithoutAttribute_IsFlagged() => Verify("""
        public sealed class {|#0:FixParser|} : LivePatch
        {
        }
        """,
        VerifyCS.Diagnostic("HS0014").WithLocation(0)
            .WithMessage("'FixParser' derives from LivePatch but has no [Patch(\"id\")], so the patch manager refuses it: add [Patch] with a unique id, or make the class abstract if it is a base class"));

    [Fact]
    public Task PatchAttributeWithoutLivePatch_IsFlagged() => Verify("""
        [Patch("fix-parser")]
        public sealed class {|#0:FixParser|}
        {
        }
        """,
        VerifyCS.Diagnostic("HS0014").WithLocation(0)
            .WithMessage("'FixParser' has [Patch] but does not derive from LivePatch, so the patch manager cannot enable it: derive it from LivePatch"));

    [Fact]
    public Task EmptyId_IsFlagged() => Verify("""
        [Patch({|#0:""|})]
        public sealed class FixParser : LivePatch
        {
        }
        """,
        VerifyCS.Diagnostic("HS0014").WithLocation(0)
            .WithMessage("The patch id of 'FixParser' is empty, so the patch manager refuses it: give [Patch] a unique, non-empty id"));

    [Fact]
    public Task WhitespaceId_IsFlagged() => Verify("""
        [Patch([|"   "|], Cumulative = true)]
        public sealed class FixParser : LivePatch
        {
        }
        """);

    [Fact]
    public Task NullId_IsFlagged() => Verify("""
        [Patch([|null!|])]
        public sealed class FixParser : LivePatch
        {
        }
        """);

    [Fact]
    public Task DuplicateIdAcrossFiles_IsFlaggedOnBoth() => VerifyCS.VerifyAnalyzerAsync(
        new[]
        {
            Usings + """
                [Patch({|#0:"fix-parser"|})]
                public sealed class FixParser : LivePatch
                {
                }
                """,
            Usings + """
                namespace Other
                {
                    [Patch({|#1:"fix-parser"|}, Cumulative = true)]
                    public sealed class FixParserAgain : LivePatch
                    {
                    }
                }
                """,
        },
        editorConfig: null,
        VerifyCS.Diagnostic("HS0014").WithLocation(0).WithLocation(1)
            .WithMessage("Patch id 'fix-parser' of 'FixParser' is also the id of 'FixParserAgain'; the patch manager refuses a second patch with an enabled id: give each patch its own id"),
        VerifyCS.Diagnostic("HS0014").WithLocation(1).WithLocation(0)
            .WithMessage("Patch id 'fix-parser' of 'FixParserAgain' is also the id of 'FixParser'; the patch manager refuses a second patch with an enabled id: give each patch its own id"));

    [Fact]
    public Task DuplicateId_OfTwoTypesOfOneName_NamesThemApart() => VerifyCS.VerifyAnalyzerAsync(
        new[]
        {
            Usings + """
                namespace Fixes.One
                {
                    [Patch({|#0:"limits-v3"|})]
                    public sealed class LimitsV3 : LivePatch
                    {
                    }
                }
                """,
            Usings + """
                namespace Fixes.Two
                {
                    [Patch({|#1:"limits-v3"|})]
                    public sealed class LimitsV3 : LivePatch
                    {
                    }
                }
                """,
        },
        editorConfig: null,
        VerifyCS.Diagnostic("HS0014").WithLocation(0).WithLocation(1)
            .WithMessage("Patch id 'limits-v3' of 'One.LimitsV3' is also the id of 'Two.LimitsV3'; the patch manager refuses a second patch with an enabled id: give each patch its own id"),
        VerifyCS.Diagnostic("HS0014").WithLocation(1).WithLocation(0)
            .WithMessage("Patch id 'limits-v3' of 'Two.LimitsV3' is also the id of 'One.LimitsV3'; the patch manager refuses a second patch with an enabled id: give each patch its own id"));

    // The rules read [Patch] only where a declaration writes an attribute that can be it: by its name, with or without
    // the suffix, qualified, or through an alias declared anywhere in the compilation (the cases below).

    [Fact]
    public Task DuplicateIdThroughGlobalAlias_IsFlaggedOnBoth() => VerifyCS.VerifyAnalyzerAsync(
        new[]
        {
            "global using Mark = HookSafety.Hooks.PatchAttribute;\n",
            Usings + """
                [Mark({|#0:"fix-parser"|})]
                public sealed class FixParser : LivePatch
                {
                }

                [HookSafety.Hooks.PatchAttribute({|#1:"fix-parser"|})]
                public sealed class FixParserAgain : LivePatch
                {
                }
                """,
        },
        editorConfig: null,
        VerifyCS.Diagnostic("HS0014").WithLocation(0).WithLocation(1),
        VerifyCS.Diagnostic("HS0014").WithLocation(1).WithLocation(0));

    [Fact]
    public Task DuplicateIdFromAConstant_IsFlaggedOnBoth() => Verify("""
        public static class Ids
        {
            public const string Parser = "fix-parser";
        }

        [Patch({|#0:Ids.Parser|})]
        public sealed class FixParser : LivePatch
        {
        }

        [Patch({|#1:"fix-parser"|})]
        public sealed class FixParserAgain : LivePatch
        {
        }
        """,
        VerifyCS.Diagnostic("HS0014").WithLocation(0).WithLocation(1),
        VerifyCS.Diagnostic("HS0014").WithLocation(1).WithLocation(0));

    [Fact]
    public Task SameIdOnAnotherLibrarysPatchAttribute_IsNotADuplicate() => Verify("""
        namespace Tools
        {
            [System.AttributeUsage(System.AttributeTargets.Class)]
            public sealed class PatchAttribute : System.Attribute
            {
                public PatchAttribute(string name) { }
            }

            [Patch("fix-parser")]
            public sealed class Tool
            {
            }
        }

        [Patch("fix-parser")]
        public sealed class FixParser : LivePatch
        {
        }
        """);

    [Fact]
    public Task PatchThroughNamespaceAlias_IsAPatch() => Verify("""
        namespace Fixes
        {
            using H = HookSafety.Hooks;

            [H::Patch({|#0:"   "|})]
            public sealed class FixParser : H.LivePatch
            {
            }
        }
        """,
        VerifyCS.Diagnostic("HS0014").WithLocation(0));

    [Fact]
    public Task OtherAttributesOnALivePatch_AreNotPatch() => Verify("""
        [System.Obsolete, System.Serializable]
        public sealed class {|#0:FixParser|} : LivePatch
        {
        }
        """,
        VerifyCS.Diagnostic("HS0014").WithLocation(0));

    [Fact]
    public Task HookHiddenWithNew_IsFlagged() => Verify("""
        [Patch("fix-parser")]
        public sealed class FixParser : LivePatch
        {
            public new void {|#0:PostPatch|}(PatchContext context) { }
        }
        """,
        VerifyCS.Diagnostic("HS0014").WithLocation(0)
            .WithMessage("'FixParser.PostPatch' hides LivePatch.PostPatch instead of overriding it, so the patch manager never calls it: declare it 'protected override'"));

    [Fact]
    public Task HookHiddenWithoutNew_IsFlagged() => Verify("""
        [Patch("fix-parser")]
        public sealed class FixParser : LivePatch
        {
            protected HookResult [|PrePatch|](PatchContext context) => HookResult.Continue;
        }
        """);

    [Fact]
    public Task StaticMethodNamedLikeAHook_IsFlagged() => Verify("""
        [Patch("fix-parser")]
        public sealed class FixParser : LivePatch
        {
            public static void [|PostUnpatch|](PatchContext context) { }
        }
        """);

    [Fact]
    public Task ConcretePatchOfAbstractBase_WithoutAttribute_IsFlagged() => Verify("""
        public abstract class PatchBase : LivePatch
        {
        }

        public sealed class [|FixParser|] : PatchBase
        {
        }
        """);

    [Fact]
    public Task NestedPatchWithoutAttribute_IsFlagged() => Verify("""
        public static class Fixes
        {
            public sealed class [|Parser|] : LivePatch
            {
            }
        }
        """);

    // ---- left alone ----

    [Fact]
    public Task WellFormedPatch_IsLeftAlone() => Verify("""
        [Patch("fix-parser", Cumulative = true)]
        [PatchState("parser-limits", version: 2)]
        public sealed class FixParser : LivePatch
        {
            protected override HookResult PrePatch(PatchContext context) => HookResult.Continue;
            protected override void PostPatch(PatchContext context) { }
            protected sealed override void PreUnpatch(PatchContext context) { }
            protected override void PostUnpatch(PatchContext context) { }
        }
        """);

    [Fact]
    public Task AbstractBaseWithoutAttribute_IsLeftAlone() => Verify("""
        public abstract class PatchBase : LivePatch
        {
            protected override void PostUnpatch(PatchContext context) { }
        }

        [Patch("fix-parser")]
        public sealed class FixParser : PatchBase
        {
        }
        """);

    [Fact]
    public Task OrdinaryClasses_AreLeftAlone() => Verify("""
        public sealed class Parser
        {
            public void PostPatch(PatchContext context) { }
        }

        public struct Limits
        {
        }
        """);

    [Fact]
    public Task HookNamedOverloads_AreLeftAlone() => Verify("""
        [Patch("fix-parser")]
        public sealed class FixParser : LivePatch
        {
            private void PostPatch(int attempt) { }
            private static HookResult PrePatch() => HookResult.Continue;
        }
        """);

    [Fact]
    public Task DistinctIds_AndAPatchStateNamedLikeAPatch_AreLeftAlone() => Verify("""
        [Patch("fix-parser")]
        [PatchState("fix-lexer", version: 1)]
        public sealed class FixParser : LivePatch
        {
        }

        [Patch("fix-lexer")]
        public sealed class FixLexer : LivePatch
        {
        }
        """);

    [Fact]
    public Task PartialPatch_WithAttributeOnOnePart_IsLeftAlone() => VerifyCS.VerifyAnalyzerAsync(
        new[]
        {
            Usings + """
                [Patch("fix-parser")]
                public sealed partial class FixParser : LivePatch
                {
                }
                """,
            Usings + """
                public sealed partial class FixParser
                {
                    protected override void PostPatch(PatchContext context) { }
                }
                """,
        },
        editorConfig: null);

    [Fact]
    public Task PatchDerivedFromAnotherPatch_WithItsOwnId_IsLeftAlone() => Verify("""
        [Patch("fix-parser-v1")]
        public class FixParser : LivePatch
        {
        }

        [Patch("fix-parser-v2", Cumulative = true)]
        public sealed class FixParserV2 : FixParser
        {
            protected override void PostPatch(PatchContext context) { }
        }
        """);

    [Fact]
    public Task UnresolvedId_IsLeftToTheCompiler() => Verify("""
        [Patch({|CS0103:UnknownId|})]
        public sealed class FixParser : LivePatch
        {
        }
        """);

    [Fact]
    public Task LookalikeTypes_WithoutHookApi_AreLeftAlone()
    {
        var test = new VerifyCS.Test { ReferenceHookApi = false };
        test.TestState.Sources.Add("""
            namespace HookSafety.Hooks
            {
                public abstract class LivePatch { }
            }

            public sealed class NoAttribute : HookSafety.Hooks.LivePatch
            {
            }
            """);
        return test.RunAsync();
    }

    [Fact]
    public Task ProblemsInGeneratedCode_AreLeftAlone() => VerifyCS.VerifyAnalyzerAsync(
        new[]
        {
            "// <auto-generated/>\n" + Usings + """
                public sealed class Generated : LivePatch
                {
                    public new void PostPatch(PatchContext context) { }
                }
                """,
        },
        editorConfig: null);

    [Fact]
    public Task SeverityCanBeLoweredInEditorConfig()
    {
        var test = new VerifyCS.Test { EditorConfig = "dotnet_diagnostic.HS0014.severity = warning" };
        test.TestState.Sources.Add(Usings + "public sealed class {|#0:FixParser|} : LivePatch { }");
        test.ExpectedDiagnostics.Add(VerifyCS.Diagnostic("HS0014").WithLocation(0).WithSeverity(Microsoft.CodeAnalysis.DiagnosticSeverity.Warning));
        return test.RunAsync();
    }
}

using System.Threading.Tasks;
using HookSafety.CodeFixes;
using Xunit;
using VerifyFix = HookSafety.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<HookSafety.Analyzers.Rules.PatchShapeAnalyzer, HookSafety.CodeFixes.Rules.PatchShapeFixer>;

namespace HookSafety.Analyzers.Tests.Rules;

public sealed class PatchShapeFixerTests
{
    [Fact]
    public Task MissingAttribute_IsAdded_WithAnIdFromTheClassName() => VerifyFix.VerifyCodeFixAsync("""
        using HookSafety.Hooks;

        namespace Fixes
        {
            /// <summary>Fixes the parser.</summary>
            public sealed class [|FixParserOverflow|] : LivePatch
            {
            }
        }
        """, """
        using HookSafety.Hooks;

        namespace Fixes
        {
            /// <summary>Fixes the parser.</summary>
            [Patch("fix-parser-overflow")]
            public sealed class FixParserOverflow : LivePatch
            {
            }
        }
        """);

    [Fact]
    public Task MissingAttribute_GetsAnIdNotTakenInTheCompilation() => VerifyFix.VerifyCodeFixAsync("""
        using HookSafety.Hooks;

        [Patch("fix-parser")]
        public sealed class Original : LivePatch
        {
        }

        [Serializable]
        public sealed class [|FixParser|] : LivePatch
        {
        }

        public sealed class SerializableAttribute : System.Attribute { }
        """, """
        using HookSafety.Hooks;

        [Patch("fix-parser")]
        public sealed class Original : LivePatch
        {
        }

        [Serializable]
        [Patch("fix-parser-2")]
        public sealed class FixParser : LivePatch
        {
        }

        public sealed class SerializableAttribute : System.Attribute { }
        """);

    [Fact]
    public Task MissingAttribute_WithoutUsing_IsQualified() => VerifyFix.VerifyCodeFixAsync("""
        public sealed class [|FixLexer|] : HookSafety.Hooks.LivePatch
        {
        }
        """, """
        [HookSafety.Hooks.Patch("fix-lexer")]
        public sealed class FixLexer : HookSafety.Hooks.LivePatch
        {
        }
        """);

    [Fact]
    public Task MissingBase_IsAdded() => VerifyFix.VerifyCodeFixAsync("""
        using HookSafety.Hooks;

        [Patch("fix-parser")]
        public sealed class [|FixParser|]
        {
        }
        """, """
        using HookSafety.Hooks;

        [Patch("fix-parser")]
        public sealed class FixParser : LivePatch
        {
        }
        """);

    [Fact]
    public Task MissingBase_IsAddedBeforeInterfaces() => VerifyFix.VerifyCodeFixAsync("""
        using System;
        using HookSafety.Hooks;

        [Patch("fix-parser")]
        public sealed class [|FixParser|] : IDisposable
        {
            public void Dispose() { }
        }
        """, """
        using System;
        using HookSafety.Hooks;

        [Patch("fix-parser")]
        public sealed class FixParser : LivePatch, IDisposable
        {
            public void Dispose() { }
        }
        """);

    [Fact]
    public Task HiddenHook_BecomesAnOverride() => VerifyFix.VerifyCodeFixAsync("""
        using HookSafety.Hooks;

        [Patch("fix-parser")]
        public class FixParser : LivePatch
        {
            public new void [|PostPatch|](PatchContext context)
            {
            }

            public virtual HookResult [|PrePatch|](PatchContext context) => HookResult.Continue;
        }
        """, """
        using HookSafety.Hooks;

        [Patch("fix-parser")]
        public class FixParser : LivePatch
        {
            protected override void PostPatch(PatchContext context)
            {
            }

            protected override HookResult PrePatch(PatchContext context) => HookResult.Continue;
        }
        """);

    [Fact]
    public Task FixAll_AcrossTwoDocuments()
    {
        // Two kinds of fix (add [Patch], derive from LivePatch): FixAll applies one kind (equivalence key) at a time, so
        // it takes one round per kind in the second document and in the project and solution, one in the first document.
        var test = VerifyFix.Create(
            """
            using HookSafety.Hooks;

            public sealed class [|FixParser|] : LivePatch
            {
            }
            """,
            """
            using HookSafety.Hooks;

            public sealed class [|FixLexer|] : LivePatch
            {
            }

            [Patch("fix-tokens")]
            public sealed class [|FixTokens|]
            {
            }
            """);
        test.FixedState.Sources.Add("""
            using HookSafety.Hooks;

            [Patch("fix-parser")]
            public sealed class FixParser : LivePatch
            {
            }
            """);
        test.FixedState.Sources.Add("""
            using HookSafety.Hooks;

            [Patch("fix-lexer")]
            public sealed class FixLexer : LivePatch
            {
            }

            [Patch("fix-tokens")]
            public sealed class FixTokens : LivePatch
            {
            }
            """);
        test.NumberOfFixAllInDocumentIterations = 3;
        test.NumberOfFixAllInProjectIterations = 2;
        test.NumberOfFixAllIterations = 2;
        return test.RunAsync();
    }

    [Fact]
    public Task NoFix_WhenTheClassHasAnotherBase() => VerifyFix.VerifyNoFixAsync("""
        using HookSafety.Hooks;

        public class Base { }

        [Patch("fix-parser")]
        public sealed class [|FixParser|] : Base
        {
        }
        """);

    [Fact]
    public Task NoFix_ForStaticOrDifferentlyTypedHookLookalikes() => VerifyFix.VerifyNoFixAsync("""
        using HookSafety.Hooks;

        [Patch("fix-parser")]
        public sealed class FixParser : LivePatch
        {
            public static void [|PostUnpatch|](PatchContext context) { }

            public new bool [|PreUnpatch|](PatchContext context) => true;
        }
        """);

    [Fact]
    public Task NoFix_ForEmptyOrDuplicateIds() => VerifyFix.VerifyNoFixAsync("""
        using HookSafety.Hooks;

        [Patch([|""|])]
        public sealed class FixParser : LivePatch
        {
        }
        """);

    [Theory]
    [InlineData("FixParserOverflow", "fix-parser-overflow")]
    [InlineData("HTTPFix2", "http-fix2")]
    [InlineData("Fix_CVE_2016_5696", "fix-cve-2016-5696")]
    [InlineData("fix", "fix")]
    [InlineData("_", "patch")]
    public void PatchIds_AreKebabCase(string className, string id) => Assert.Equal(id, PatchIds.KebabCase(className));
}

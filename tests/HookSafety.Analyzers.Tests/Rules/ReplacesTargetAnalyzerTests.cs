using System.Threading.Tasks;
using HookSafety.Analyzers.Rules;
using HookSafety.Analyzers.Tests.Hosts;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using VerifyCS = HookSafety.Analyzers.Tests.Verifiers.CSharpAnalyzerVerifier<HookSafety.Analyzers.Rules.ReplacesTargetAnalyzer>;

namespace HookSafety.Analyzers.Tests.Rules;

public sealed class ReplacesTargetAnalyzerTests
{
    private const string Usings = "using HookSafety.Hooks;\nusing Host;\n\n";

    private static Task Verify(string patch, params DiagnosticResult[] expected) => VerifyCS.VerifyAnalyzerAsync(PatchPointHost.With(Usings + patch), expected);

    // ---- flagged ----

    [Fact]
    public Task InstanceReplacement_IsFlagged() => Verify("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            [Replaces(typeof(Parser), nameof(Parser.ParseLine))]
            private int {|#0:ParseLine|}(string line) => 0;
        }
        """,
        VerifyCS.Diagnostic("HS0013").WithLocation(0)
            .WithMessage("'ParseLine' replaces 'Parser.ParseLine' but is not static; the patch manager calls replacements without an instance: make it static"));

    [Fact]
    public Task UnknownMemberName_IsFlagged() => Verify("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            [Replaces(typeof(Parser), {|#0:"Parse"|})]
            private static int ParseLine(string line) => 0;
        }
        """,
        VerifyCS.Diagnostic("HS0013").WithLocation(0)
            .WithMessage("'ParseLine' replaces 'Parser.Parse', but 'Parser' declares no static PatchPoint<TDelegate> field or property named 'Parse': name a patch point of 'Parser'"));

    [Fact]
    public Task ReplacesOnTheImplementingPartOfAPartialMethod_IsChecked() => Verify("""
        [Patch("p")]
        public sealed partial class P : LivePatch
        {
            private static partial int ParseLine(string line);

            [Replaces(typeof(Parser), {|#0:"Parse"|})]
            private static partial int ParseLine(string line) => 0;
        }
        """,
        VerifyCS.Diagnostic("HS0013").WithLocation(0)
            .WithMessage("'ParseLine' replaces 'Parser.Parse', but 'Parser' declares no static PatchPoint<TDelegate> field or property named 'Parse': name a patch point of 'Parser'"));

    [Fact]
    public Task MemberThatIsNotAPatchPoint_IsFlagged() => Verify("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            [Replaces(typeof(Parser), [|nameof(Parser.NotAPoint)|])]
            private static int NotAPoint() => 0;
        }
        """);

    [Fact]
    public Task InstancePatchPoint_IsFlagged() => Verify("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            [Replaces(typeof(Session), [|"InstancePoint"|])]
            private static int InstancePoint(string s) => 0;
        }
        """);

    [Fact]
    public Task ReturnTypeMismatch_IsFlagged() => Verify("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            [Replaces(typeof(Parser), nameof(Parser.ParseLine))]
            private static long {|#0:ParseLine|}(string line) => 0;
        }
        """,
        VerifyCS.Diagnostic("HS0013").WithLocation(0)
            .WithMessage("'ParseLine' does not match 'Parser.ParseLine' (PatchPoint<Func<string, int>>): it returns 'long', the delegate returns 'int'; declare it as 'static int ParseLine(string arg)'"));

    [Fact]
    public Task ParameterCountMismatch_IsFlagged() => Verify("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            [Replaces(typeof(Parser), nameof(Parser.ParseLine))]
            private static int {|#0:ParseLine|}(string line, int depth) => 0;
        }
        """,
        VerifyCS.Diagnostic("HS0013").WithLocation(0)
            .WithMessage("'ParseLine' does not match 'Parser.ParseLine' (PatchPoint<Func<string, int>>): it takes 2 parameters, the point's delegate takes 1 parameter; declare it as 'static int ParseLine(string arg)'"));

    [Fact]
    public Task ContravariantParameter_IsFlagged_MatchIsExact() => Verify("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            [Replaces(typeof(Parser), nameof(Parser.ParseLine))]
            private static int {|#0:ParseLine|}(object line) => 0;
        }
        """,
        VerifyCS.Diagnostic("HS0013").WithLocation(0)
            .WithMessage("'ParseLine' does not match 'Parser.ParseLine' (PatchPoint<Func<string, int>>): parameter 'line' is 'object', the delegate's is 'string'; declare it as 'static int ParseLine(string arg)'"));

    [Fact]
    public Task ParameterOfATypeNamedLikeTheHosts_IsNamedApart() => VerifyCS.VerifyAnalyzerAsync("""
        using System;
        using HookSafety.Hooks;

        namespace Server
        {
            public sealed class Request { }

            public static class Api
            {
                public static readonly PatchPoint<Func<Request, int>> Handle = new("Handle", r => 0);
                public static readonly PatchPoint<Func<Request>> Create = new("Create", () => new Request());
            }
        }

        namespace Fixes
        {
            public sealed class Request { }

            [Patch("p")]
            public sealed class P : LivePatch
            {
                [Replaces(typeof(Server.Api), nameof(Server.Api.Handle))]
                private static int {|#0:Handle|}(Request request) => 0;

                [Replaces(typeof(Server.Api), nameof(Server.Api.Create))]
                private static Request {|#1:Create|}() => new();
            }
        }
        """,
        VerifyCS.Diagnostic("HS0013").WithLocation(0)
            .WithMessage("'Handle' does not match 'Api.Handle' (PatchPoint<Func<Request, int>>): parameter 'request' is 'Fixes.Request', the delegate's is 'Server.Request'; declare it as 'static int Handle(Request arg)'"),
        VerifyCS.Diagnostic("HS0013").WithLocation(1)
            .WithMessage("'Create' does not match 'Api.Create' (PatchPoint<Func<Request>>): it returns 'Fixes.Request', the delegate returns 'Server.Request'; declare it as 'static Request Create()'"));

    [Fact]
    public Task MissingRef_IsFlagged() => Verify("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            [Replaces(typeof(Parser), nameof(Parser.Transform))]
            private static int {|#0:Transform|}(int value, out string note, in long scale) { note = ""; return value; }
        }
        """,
        VerifyCS.Diagnostic("HS0013").WithLocation(0)
            .WithMessage("'Transform' does not match 'Parser.Transform' (PatchPoint<Transform>): parameter 'value' is passed by value, the delegate's is 'ref'; declare it as 'static int Transform(ref int value, out string note, in long scale)'"));

    [Fact]
    public Task RefInsteadOfIn_IsFlagged() => Verify("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            [Replaces(typeof(Parser), nameof(Parser.Transform))]
            private static int [|Transform|](ref int value, out string note, ref long scale) { note = ""; return value; }
        }
        """);

    [Fact]
    public Task GenericReplacement_IsFlagged() => Verify("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            [Replaces(typeof(Parser), nameof(Parser.ParseLine))]
            private static int [|ParseLine|]<T>(string line) => 0;
        }
        """);

    [Fact]
    public Task PropertyPointMismatch_IsFlagged() => Verify("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            [Replaces(typeof(Parser), nameof(Parser.Log))]
            private static int [|Log|](string message) => 0;
        }
        """);

    [Fact]
    public Task PointReplacedTwice_IsFlagged_WithTheFirstAsAdditionalLocation() => Verify("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            [Replaces(typeof(Parser), nameof(Parser.ParseLine))]
            private static int {|#1:ParseLine|}(string line) => 1;

            [Replaces(typeof(Parser), nameof(Parser.ParseLine))]
            private static int {|#0:ParseLineAgain|}(string line) => 2;
        }
        """,
        VerifyCS.Diagnostic("HS0013").WithLocation(0).WithLocation(1)
            .WithMessage("'ParseLine' and 'ParseLineAgain' both replace 'Parser.ParseLine'; a patch replaces a point once: remove one of them"));

    [Fact]
    public Task OverloadCarryingReplaces_IsChecked_TheOtherOverloadIsNot() => Verify("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            private static int ParseLine(string line, int start) => start;

            [Replaces(typeof(Parser), nameof(Parser.ParseLine))]
            private static long {|#0:ParseLine|}(string line) => 0;
        }
        """,
        VerifyCS.Diagnostic("HS0013").WithLocation(0)
            .WithMessage("'ParseLine' does not match 'Parser.ParseLine' (PatchPoint<Func<string, int>>): it returns 'long', the delegate returns 'int'; declare it as 'static int ParseLine(string arg)'"));

    [Fact]
    public Task ReplacesWrittenWithAnAlias_IsChecked() => VerifyCS.VerifyAnalyzerAsync(PatchPointHost.With("""
        using HookSafety.Hooks;
        using Swap = HookSafety.Hooks.ReplacesAttribute;

        [Patch("p")]
        public sealed class P : LivePatch
        {
            [Swap(typeof(Host.Parser), nameof(Host.Parser.ParseLine))]
            private int {|#0:ParseLine|}(string line) => 0;
        }
        """),
        VerifyCS.Diagnostic("HS0013").WithLocation(0)
            .WithMessage("'ParseLine' replaces 'Parser.ParseLine' but is not static; the patch manager calls replacements without an instance: make it static"));

    [Fact]
    public Task MismatchInOtherPartOfPartialPatch_IsFlaggedThere() => VerifyCS.VerifyAnalyzerAsync(
        new[]
        {
            PatchPointHost.With(Usings + """
                [Patch("p")]
                public sealed partial class P : LivePatch
                {
                }
                """),
            Usings + """
                public sealed partial class P
                {
                    [Replaces(typeof(Parser), nameof(Parser.ParseLine))]
                    private static string [|ParseLine|](string line) => line;
                }
                """,
        },
        editorConfig: null);

    [Fact]
    public Task MismatchInNestedPatch_IsFlagged() => Verify("""
        public static class Fixes
        {
            [Patch("p")]
            public sealed class P : LivePatch
            {
                [Replaces(typeof(Parser), nameof(Parser.ParseLine))]
                private static void [|ParseLine|](string line) { }
            }
        }
        """);

    // ---- left alone ----

    [Fact]
    public Task MatchingFieldPoint_IsLeftAlone() => Verify("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            [Replaces(typeof(Parser), nameof(Parser.ParseLine))]
            private static int ParseLine(string line) => line.Trim().Length;
        }
        """);

    [Fact]
    public Task MatchingPropertyPoint_IsLeftAlone() => Verify("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            [Replaces(typeof(Parser), nameof(Parser.Log))]
            public static void Log(string message) { }
        }
        """);

    [Fact]
    public Task MatchingRefOutInDelegate_IsLeftAlone() => Verify("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            [Replaces(typeof(Parser), nameof(Parser.Transform))]
            private static int Transform(ref int v, out string n, in long s) { n = "patched"; return v * 2; }
        }
        """);

    [Fact]
    public Task NullabilityTupleNamesAndDynamic_AreNotPartOfTheSignature() => Verify("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            [Replaces(typeof(Parser), nameof(Parser.Measure))]
            private static dynamic Measure((int W, int H) size, object? state) => size.W;

            [Replaces(typeof(Parser), nameof(Parser.ParseLine))]
            private static int ParseLine(string? line) => line?.Length ?? 0;
        }
        """);

    [Fact]
    public Task PrivatePointNamedByString_IsLeftAlone() => Verify("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            [Replaces(typeof(Parser), "Hidden")]
            private static int Hidden() => 42;
        }
        """);

    [Fact]
    public Task MethodsWithoutReplaces_AreLeftAlone() => Verify("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            private long ParseLine(object line) => 0;
            private static void Transform() { }
        }
        """);

    [Fact]
    public Task DifferentPointsInOnePatch_AndOnePointInTwoPatches_AreLeftAlone() => Verify("""
        [Patch("a")]
        public sealed class A : LivePatch
        {
            [Replaces(typeof(Parser), nameof(Parser.ParseLine))]
            private static int ParseLine(string line) => 1;

            [Replaces(typeof(Parser), nameof(Parser.Log))]
            private static void Log(string message) { }
        }

        [Patch("b")]
        public sealed class B : LivePatch
        {
            [Replaces(typeof(Parser), nameof(Parser.ParseLine))]
            private static int ParseLine(string line) => 2;
        }
        """);

    [Fact]
    public Task UnresolvedTargetType_IsLeftToTheCompiler() => Verify("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            [Replaces(typeof({|CS0246:Missing|}), "ParseLine")]
            private static int ParseLine(string line) => 0;
        }
        """);

    [Fact]
    public Task LookalikeAttribute_WithoutHookApi_IsLeftAlone()
    {
        var test = new VerifyCS.Test { ReferenceHookApi = false };
        test.TestState.Sources.Add("""
            namespace HookSafety.Hooks
            {
                [System.AttributeUsage(System.AttributeTargets.Method)]
                public sealed class ReplacesAttribute : System.Attribute
                {
                    public ReplacesAttribute(System.Type target, string member) { }
                }
            }

            public sealed class P
            {
                [HookSafety.Hooks.Replaces(typeof(string), "Nothing")]
                private int Instance(long x) => 0;
            }
            """);
        return test.RunAsync();
    }

    [Fact]
    public Task MatchingReplacementInNestedPatch_NamedByStringLiteral_IsLeftAlone() => Verify("""
        public static class Fixes
        {
            [Patch("p")]
            public sealed class P : LivePatch
            {
                [Replaces(typeof(Parser), "ParseLine")]
                private static int ParseLine(string line) => 0;
            }
        }
        """);

    [Fact]
    public Task MatchingReplacementInOtherPartOfPartialPatch_IsLeftAlone() => VerifyCS.VerifyAnalyzerAsync(
        new[]
        {
            PatchPointHost.With(Usings + """
                [Patch("p")]
                public sealed partial class P : LivePatch
                {
                    [Replaces(typeof(Parser), nameof(Parser.Log))]
                    private static void Log(string message) { }
                }
                """),
            Usings + """
                public sealed partial class P
                {
                    [Replaces(typeof(Parser), nameof(Parser.ParseLine))]
                    private static int ParseLine(string line) => 3;
                }
                """,
        },
        editorConfig: null);

    [Fact]
    public Task IncompleteAttribute_IsLeftToTheCompiler() => Verify("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            [{|CS7036:Replaces(typeof(Parser))|}]
            private int ParseLine(long line) => 0;
        }
        """);

    [Fact]
    public Task ExpressionBodiedAndBlockBodiedMatches_AreLeftAlone() => Verify("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            [Replaces(typeof(Parser), nameof(Parser.ParseLine))]
            internal static int ParseLine(string line)
            {
                var trimmed = line.Trim();
                return trimmed.Length;
            }

            [Replaces(typeof(Parser), nameof(Parser.Log))]
            public static void Log(string message) => System.Console.WriteLine(message);
        }
        """);

    [Fact]
    public Task MatchingReplacementOnANonPatchHelper_IsLeftAlone() => Verify("""
        public static class Replacements
        {
            [Replaces(typeof(Parser), nameof(Parser.ParseLine))]
            public static int ParseLine(string line) => line.Length + 1;
        }
        """);

    [Fact]
    public Task MismatchInGeneratedPart_IsLeftAlone() => VerifyCS.VerifyAnalyzerAsync(
        new[]
        {
            PatchPointHost.With(Usings + """
                [Patch("p")]
                public sealed partial class P : LivePatch
                {
                }
                """),
            "// <auto-generated/>\n" + Usings + """
                public sealed partial class P
                {
                    [Replaces(typeof(Parser), nameof(Parser.ParseLine))]
                    private static string ParseLine(string line) => line;
                }
                """,
        },
        editorConfig: null);
}

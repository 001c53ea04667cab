using System.Threading.Tasks;
using HookSafety.Analyzers.Tests.Hosts;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using VerifyCS = HookSafety.Analyzers.Tests.Verifiers.CSharpAnalyzerVerifier<HookSafety.Analyzers.Rules.ShadowIdClashAnalyzer>;

namespace HookSafety.Analyzers.Tests.Rules;

public sealed class ShadowIdClashAnalyzerTests
{
    private static Task Verify(string source, params DiagnosticResult[] expected) => VerifyCS.VerifyAnalyzerAsync(LifecycleHost.With(source), expected);

    // ---- flagged ----

    [Fact]
    public Task SameIdDifferentValueTypes_AreBothFlagged() => Verify("""
        [Patch("a")]
        public sealed class A : LivePatch
        {
            private static readonly ShadowVariable<Connection, int> s_retries = {|#0:new("retries")|};
        }

        [Patch("b")]
        public sealed class B : LivePatch
        {
            private static readonly ShadowVariable<Connection, long> s_retries = {|#1:new("retries")|};
        }
        """,
        VerifyCS.Diagnostic("HS0017").WithLocation(0).WithLocation(1)
            .WithMessage("Shadow variable id 'retries' holds int here but long in 'B'; ids are shared by every patch, so one would read what the other attached: use another id, or the same value type"),
        VerifyCS.Diagnostic("HS0017").WithLocation(1).WithLocation(0)
            .WithMessage("Shadow variable id 'retries' holds long here but int in 'A'; ids are shared by every patch, so one would read what the other attached: use another id, or the same value type"));

    [Fact]
    public Task ValueTypesOfOneName_InTwoNamespaces_AreNamedApart() => Verify("""
        namespace ShadowFix1
        {
            public sealed class LeakRecord { }

            [Patch("a")]
            public sealed class A : LivePatch
            {
                private static readonly ShadowVariable<Connection, LeakRecord> s_leaks = {|#0:new("leaks")|};
            }
        }

        namespace ShadowFix2
        {
            public sealed class LeakRecord { }

            [Patch("b")]
            public sealed class B : LivePatch
            {
                private static readonly ShadowVariable<Connection, LeakRecord> s_leaks = {|#1:new("leaks")|};
            }
        }
        """,
        VerifyCS.Diagnostic("HS0017").WithLocation(0).WithLocation(1)
            .WithMessage("Shadow variable id 'leaks' holds ShadowFix1.LeakRecord here but ShadowFix2.LeakRecord in 'B'; ids are shared by every patch, so one would read what the other attached: use another id, or the same value type"),
        VerifyCS.Diagnostic("HS0017").WithLocation(1).WithLocation(0)
            .WithMessage("Shadow variable id 'leaks' holds ShadowFix2.LeakRecord here but ShadowFix1.LeakRecord in 'A'; ids are shared by every patch, so one would read what the other attached: use another id, or the same value type"));

    [Fact]
    public Task QualifiedCreationAndTargetTypedAssignment_Clash() => Verify("""
        public static class Shadows
        {
            public static readonly HookSafety.Hooks.ShadowVariable<Connection, int> Counted = [|new HookSafety.Hooks.ShadowVariable<Connection, int>("hits")|];
            private static ShadowVariable<Connection, string>? s_label;

            public static void Init() => s_label = [|new("hits")|];
        }
        """);

    [Fact]
    public Task PropertyInitializerAndNullableField_Clash() => Verify("""
        public static class Shadows
        {
            public static ShadowVariable<Connection, int> Count { get; } = [|new("count")|];
            private static readonly ShadowVariable<Connection, string>? s_count = [|new("count")|];
        }
        """);

    [Fact]
    public Task CreationsFoundAmongOtherNewsCommentsAndNames_Clash() => Verify("""
        public static class Shadows
        {
            // new ShadowVariable<Connection, long>("hits") in a comment is no creation; nor is "new(\"hits\")" in a string.
            private const string Note = "new(\"hits\")";
            private static readonly object renew = new object();
            public static readonly ShadowVariable<Connection, int> Counted = Make(new[] { 1 }, [|new ShadowVariable<Connection, int>("hits")|]);
            private static ShadowVariable<Connection, string>? s_label;

            private static T Make<T>(int[] _, T value) => value;

            public static void Init() => s_label ??=[|new("hits")|];
        }
        """);

    [Fact]
    public Task AcrossTwoFiles_IsFlagged() => VerifyCS.VerifyAnalyzerAsync(
        new[]
        {
            LifecycleHost.With("""
                [Patch("a")]
                public sealed class A : LivePatch
                {
                    private static readonly ShadowVariable<Connection, string> s_note = [|new ShadowVariable<Connection, string>("note")|];
                }
                """),
            LifecycleHost.Usings + """
                [Patch("b")]
                public sealed class B : LivePatch
                {
                    private static readonly ShadowVariable<Connection, int> s_note = [|new("note")|];
                }
                """,
        },
        editorConfig: null);

    [Fact]
    public Task ThreeVariables_OnlyTheDifferingOnesClash() => Verify("""
        public static class Shadows
        {
            public static readonly ShadowVariable<Connection, int> A = [|new("count")|];
            public static readonly ShadowVariable<Connection, int> B = [|new("count")|];
            public static readonly ShadowVariable<Connection, string> C = [|new("count")|];
        }
        """);

    [Fact]
    public Task NestedTypes_AreFlagged() => Verify("""
        public static class Outer
        {
            public static class Inner
            {
                public static readonly ShadowVariable<Connection, bool> Seen = [|new("seen")|];
            }

            public static readonly ShadowVariable<Connection, int> Seen = [|new("seen")|];
        }
        """);

    [Fact]
    public Task CreationInAMethodBody_IsFlagged() => Verify("""
        public static class Tools
        {
            public static readonly ShadowVariable<Connection, int> Marks = [|new("marks")|];

            public static void Mark(Connection connection) => [|new ShadowVariable<Connection, string>("marks")|].Attach(connection, "x");
        }
        """);

    [Fact]
    public Task DifferentOwnerAndValueTypes_AreFlagged() => Verify("""
        public static class Shadows
        {
            public static readonly ShadowVariable<Connection, int> ByConnection = [|new("tag")|];
            public static readonly ShadowVariable<Limits, string> ByLimits = [|new("tag")|];
        }
        """);

    [Fact]
    public Task ConstantIdFromAConstField_IsFlagged() => Verify("""
        public static class Shadows
        {
            private const string Id = "state";

            public static readonly ShadowVariable<Connection, int> First = [|new(Id)|];
            public static readonly ShadowVariable<Connection, double> Second = [|new("st" + "ate")|];
        }
        """);

    [Fact]
    public Task ArrayAgainstElement_IsFlagged() => Verify("""
        public static class Shadows
        {
            public static readonly ShadowVariable<Connection, int[]> Many = [|new("values")|];
            public static readonly ShadowVariable<Connection, int> One = [|new("values")|];
        }
        """);

    // ---- left alone ----

    [Fact]
    public Task SameIdSameValueType_IsLeftAlone() => Verify("""
        [Patch("a")]
        public sealed class A : LivePatch
        {
            private static readonly ShadowVariable<Connection, int> s_retries = new("retries");
        }

        [Patch("b", Cumulative = true)]
        public sealed class B : LivePatch
        {
            private static readonly ShadowVariable<Connection, int> s_retries = new("retries");
        }
        """);

    [Fact]
    public Task DifferentIds_AreLeftAlone() => Verify("""
        public static class Shadows
        {
            public static readonly ShadowVariable<Connection, int> Retries = new("retries");
            public static readonly ShadowVariable<Connection, string> Notes = new("notes");
        }
        """);

    [Fact]
    public Task IdsThatAreNotConstants_AreNotCompared() => Verify("""
        public static class Shadows
        {
            private static readonly string s_id = "dynamic";

            public static readonly ShadowVariable<Connection, int> First = new(s_id);
            public static readonly ShadowVariable<Connection, string> Second = new(s_id);
        }
        """);

    [Fact]
    public Task SameValueTypeDifferentOwners_AreLeftAlone() => Verify("""
        public static class Shadows
        {
            public static readonly ShadowVariable<Connection, int> OnConnection = new("weight");
            public static readonly ShadowVariable<Limits, int> OnLimits = new("weight");
        }
        """);

    [Fact]
    public Task ASingleVariable_IsLeftAlone() => Verify("""
        public static class Shadows
        {
            public static readonly ShadowVariable<Connection, string> Owner = new("owner");
        }
        """);

    [Fact]
    public Task NullabilityIsNotADifferentType() => Verify("""
        public static class Shadows
        {
            public static readonly ShadowVariable<Connection, string> A = new("label");
            public static readonly ShadowVariable<Connection, string?> B = new("label");
        }
        """);

    [Fact]
    public Task TargetTypedCreationsOfOtherTypes_InAFileWithoutShadowVariables_AreLeftAlone() => VerifyCS.VerifyAnalyzerAsync(
        "using System.Collections.Generic;\n\n" + """
        public static class Settings
        {
            public static readonly List<string> Peers = new(16);
            public static readonly Dictionary<string, int> Limits = new(4);
            public static readonly System.Text.StringBuilder Log = new("start");
        }
        """);

    [Fact]
    public Task ALookalikeGenericType_IsLeftAlone() => Verify("""
        public sealed class Slot<TOwner, TValue> { public Slot(string id) { } }

        public static class Slots
        {
            public static readonly Slot<Connection, int> A = new("same");
            public static readonly Slot<Connection, string> B = new("same");
        }
        """);

    [Fact]
    public Task SameIdInOneTypeUsedTwice_IsLeftAlone() => Verify("""
        public static class Shadows
        {
            public static ShadowVariable<Connection, int> Make() => new("made");

            public static readonly ShadowVariable<Connection, int> Field = new("made");
        }
        """);
}

using System.Threading.Tasks;
using HookSafety.Analyzers.Rules;
using HookSafety.Analyzers.Tests.Hosts;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using VerifyCS = HookSafety.Analyzers.Tests.Verifiers.CSharpAnalyzerVerifier<HookSafety.Analyzers.Tests.Verifiers.Only<HookSafety.Analyzers.Rules.ShadowVariableLeak>>;

namespace HookSafety.Analyzers.Tests.Rules;

public sealed class ShadowVariableLeakAnalyzerTests
{
    private const string Point = """
        public static class Parser
        {
            public static readonly PatchPoint<Func<Connection, int>> Handle = new("Handle", c => 0);
            public static readonly PatchPoint<Action<Connection>> Free = new("Free", c => { });
        }

        public static class Shadows
        {
            public static readonly ShadowVariable<Connection, string> Owner = new("owner");
        }

        """;

    private static Task Verify(string patch, params DiagnosticResult[] expected) => VerifyCS.VerifyAnalyzerAsync(LifecycleHost.With(Point + patch), expected);

    private static DiagnosticResult At(int location, string message) => VerifyCS.Diagnostic("HS0005").WithLocation(location).WithMessage(message);

    // ---- flagged ----

    [Fact]
    public Task AttachInReplacement_NeverDetached_IsFlagged() => Verify("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            private static readonly ShadowVariable<Connection, int> s_retries = new("retries");

            [Replaces(typeof(Parser), nameof(Parser.Handle))]
            private static int Handle(Connection connection) => {|#0:s_retries.Attach(connection, 3)|};
        }
        """,
        At(0, "Shadow variable 's_retries' is attached in replacement 'Handle' but never detached in PostUnpatch, so its values outlive the patch; call 's_retries.DetachAll()' in PostUnpatch"));

    [Fact]
    public Task GetOrAttachInPrePatch_IsFlagged() => Verify("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            private static readonly ShadowVariable<Connection, int> s_retries = new("retries");
            private static readonly Connection s_existing = new();

            protected override HookResult PrePatch(PatchContext context)
            {
                {|#0:s_retries.GetOrAttach(s_existing, c => 1)|};
                return HookResult.Continue;
            }
        }
        """,
        At(0, "Shadow variable 's_retries' is attached in PrePatch but never detached in PostUnpatch, so its values outlive the patch; call 's_retries.DetachAll()' in PostUnpatch"));

    [Fact]
    public Task AttachInAHelperOfTheReplacement_IsFlaggedOnTheCall() => Verify("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            private static readonly ShadowVariable<Connection, int> s_retries = new("retries");

            [Replaces(typeof(Parser), nameof(Parser.Handle))]
            private static int Handle(Connection connection) => {|#0:Count(connection)|};

            private static int Count(Connection connection) => {|#1:s_retries.GetOrAttach(connection, c => 0)|} + 1;
        }
        """,
        At(0, "Shadow variable 's_retries' is attached in replacement 'Handle' via Count() but never detached in PostUnpatch, so its values outlive the patch; call 's_retries.DetachAll()' in PostUnpatch")
            .WithLocation(1));

    [Fact]
    public Task DetachingAnotherVariable_DoesNotCount() => Verify("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            private static readonly ShadowVariable<Connection, int> s_retries = new("retries");
            private static readonly ShadowVariable<Connection, int> s_errors = new("errors");

            [Replaces(typeof(Parser), nameof(Parser.Handle))]
            private static int Handle(Connection connection) => [|s_retries.Attach(connection, 1)|] + s_errors.Attach(connection, 2);

            protected override void PostUnpatch(PatchContext context) => s_errors.DetachAll();
        }
        """);

    [Fact]
    public Task DetachOfOneOwner_IsNotDetachAll() => Verify("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            private static readonly ShadowVariable<Connection, int> s_retries = new("retries");
            private static readonly Connection s_existing = new();

            protected override HookResult PrePatch(PatchContext context)
            {
                [|s_retries.Attach(s_existing, 1)|];
                return HookResult.Continue;
            }

            protected override void PostUnpatch(PatchContext context) => s_retries.Detach(s_existing);
        }
        """);

    [Fact]
    public Task InstanceFieldVariable_IsFlagged() => Verify("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            private readonly ShadowVariable<Connection, int> _marks = new("marks");

            protected override void PostPatch(PatchContext context) => [|_marks.Attach(new Connection(), 1)|];
        }
        """);

    [Fact]
    public Task TwoLeakingVariables_AreTwoFindings() => Verify("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            private static readonly ShadowVariable<Connection, int> s_retries = new("retries");
            private static readonly ShadowVariable<Connection, long> s_bytes = new("bytes");

            [Replaces(typeof(Parser), nameof(Parser.Handle))]
            private static int Handle(Connection connection)
            {
                [|s_retries.Attach(connection, 1)|];
                [|s_bytes.GetOrAttach(connection, c => 0L)|];
                s_retries.Attach(connection, 2);
                return 0;
            }
        }
        """);

    [Fact]
    public Task VariableOfTheHost_IsFlaggedWithItsFullName() => Verify("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            [Replaces(typeof(Parser), nameof(Parser.Handle))]
            private static int Handle(Connection connection)
            {
                {|#0:Shadows.Owner.Attach(connection, "patched")|};
                return 0;
            }
        }
        """,
        At(0, "Shadow variable 'Owner' is attached in replacement 'Handle' but never detached in PostUnpatch, so its values outlive the patch; call 'Shadows.Owner.DetachAll()' in PostUnpatch"));

    [Fact]
    public Task PartialPatch_AttachInTheOtherPart_IsFlagged() => VerifyCS.VerifyAnalyzerAsync(
        new[]
        {
            LifecycleHost.With(Point + """
                [Patch("p")]
                public sealed partial class P : LivePatch
                {
                    private static readonly ShadowVariable<Connection, int> s_retries = new("retries");
                }
                """),
            LifecycleHost.Usings + """
                public sealed partial class P
                {
                    [Replaces(typeof(Parser), nameof(Parser.Handle))]
                    private static int Handle(Connection connection) => [|s_retries.Attach(connection, 1)|];
                }
                """,
        },
        editorConfig: null);

    [Fact]
    public Task DetachAllInAHelperNotCalledFromPostUnpatch_DoesNotCount() => Verify("""
        public static class Fixes
        {
            [Patch("p")]
            public sealed class P : LivePatch
            {
                private static readonly ShadowVariable<Connection, int> s_retries = new("retries");

                [Replaces(typeof(Parser), nameof(Parser.Handle))]
                private static int Handle(Connection connection) => [|s_retries.Attach(connection, 1)|];

                protected override void PostPatch(PatchContext context) => Cleanup();

                private static void Cleanup() => s_retries.DetachAll();
            }
        }
        """);

    // ---- left alone ----

    [Fact]
    public Task DetachAllInPostUnpatch_IsLeftAlone() => Verify("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            private static readonly ShadowVariable<Connection, int> s_retries = new("retries");

            [Replaces(typeof(Parser), nameof(Parser.Handle))]
            private static int Handle(Connection connection) => s_retries.GetOrAttach(connection, c => 0);

            [Replaces(typeof(Parser), nameof(Parser.Free))]
            private static void Free(Connection connection) => s_retries.Detach(connection);

            protected override void PostUnpatch(PatchContext context)
            {
                s_retries.DetachAll();
            }
        }
        """);

    [Fact]
    public Task DetachAllThroughAHelperOfPostUnpatch_IsLeftAlone() => Verify("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            private static readonly ShadowVariable<Connection, int> s_retries = new("retries");

            [Replaces(typeof(Parser), nameof(Parser.Handle))]
            private static int Handle(Connection connection) => s_retries.Attach(connection, 1);

            protected override void PostUnpatch(PatchContext context) => Cleanup();

            private static void Cleanup() => Forget();

            private static void Forget() => s_retries.DetachAll();
        }
        """);

    [Fact]
    public Task StickyPatch_IsLeftAlone() => Verify("""
        [Patch("p", Sticky = true)]
        public sealed class P : LivePatch
        {
            private static readonly ShadowVariable<Connection, int> s_retries = new("retries");

            [Replaces(typeof(Parser), nameof(Parser.Handle))]
            private static int Handle(Connection connection) => s_retries.Attach(connection, 1);
        }
        """);

    [Fact]
    public Task VariableOnlyRead_IsLeftAlone() => Verify("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            private static readonly ShadowVariable<Connection, int> s_retries = new("retries");

            [Replaces(typeof(Parser), nameof(Parser.Handle))]
            private static int Handle(Connection connection) => s_retries.TryGet(connection, out var retries) ? retries : 0;
        }
        """);

    [Fact]
    public Task AttachOutsideAPatch_IsLeftAlone() => Verify("""
        public static class HostCode
        {
            private static readonly ShadowVariable<Connection, int> s_retries = new("retries");

            public static void Track(Connection connection) => s_retries.Attach(connection, 1);
        }
        """);

    [Fact]
    public Task ExpressionBodiedPostUnpatch_DetachingEveryVariable_IsLeftAlone() => Verify("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            private static readonly ShadowVariable<Connection, int> s_retries = new("retries");

            [Replaces(typeof(Parser), nameof(Parser.Handle))]
            private static int Handle(Connection connection)
            {
                Shadows.Owner.Attach(connection, "p");
                return s_retries.Attach(connection, 1);
            }

            protected override void PostUnpatch(PatchContext context) => DetachBoth();

            private static void DetachBoth()
            {
                s_retries.DetachAll();
                Shadows.Owner.DetachAll();
            }
        }
        """);

    [Fact]
    public Task NestedPatch_DetachingInPostUnpatch_IsLeftAlone() => Verify("""
        public static class Fixes
        {
            [Patch("p")]
            public sealed class P : LivePatch
            {
                private readonly ShadowVariable<Connection, int> _marks = new("marks");

                protected override void PostPatch(PatchContext context) => _marks.Attach(new Connection(), 1);

                protected override void PostUnpatch(PatchContext context) => _marks.DetachAll();
            }
        }
        """);

    [Fact]
    public Task AttachInsideALambda_IsFlagged() => Verify("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            private static readonly ShadowVariable<Connection, int> s_retries = new("retries");

            protected override void PostPatch(PatchContext context)
            {
                Func<Connection, int> later = c => [|s_retries.Attach(c, 1)|];
            }
        }
        """);

    [Fact]
    public Task DetachAllInPreUnpatch_IsHS0004_NotHS0005() => Verify("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            private static readonly ShadowVariable<Connection, int> s_retries = new("retries");

            [Replaces(typeof(Parser), nameof(Parser.Handle))]
            private static int Handle(Connection connection) => s_retries.Attach(connection, 1);

            protected override void PreUnpatch(PatchContext context) => s_retries.DetachAll();
        }
        """);

    [Fact]
    public Task WithoutTheHookApi_NothingIsReported()
    {
        var test = new VerifyCS.Test { ReferenceHookApi = false };
        test.TestState.Sources.Add("""
            public sealed class ShadowVariable<TOwner, TValue> { public TValue Attach(TOwner owner, TValue value) => value; }

            public sealed class P
            {
                private static readonly ShadowVariable<object, int> s_retries = new();

                public static int Handle(object connection) => s_retries.Attach(connection, 1);
            }
            """);
        return test.RunAsync();
    }
}

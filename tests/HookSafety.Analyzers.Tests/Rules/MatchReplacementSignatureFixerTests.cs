using System.Threading.Tasks;
using HookSafety.Analyzers.Tests.Hosts;
using Xunit;
using VerifyFix = HookSafety.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<HookSafety.Analyzers.Rules.ReplacesTargetAnalyzer, HookSafety.CodeFixes.Rules.MatchReplacementSignatureFixer>;

namespace HookSafety.Analyzers.Tests.Rules;

public sealed class MatchReplacementSignatureFixerTests
{
    private const string Usings = "using HookSafety.Hooks;\nusing Host;\n\n";

    private static string With(string patch) => PatchPointHost.With(Usings + patch);

    // ---- the signature ----

    [Fact]
    public Task ReturnType_FollowsTheDelegate_InAClassThatIsNoPatchYet() => VerifyFix.VerifyCodeFixAsync(With("""
        public sealed class FixDepthCount : LivePatch
        {
            /// <summary>Counts the line.</summary>
            [Replaces(typeof(Parser), nameof(Parser.ParseLine))]
            private static long [|ParseLine|](string line) => line.Length; // the length
        }
        """), With("""
        public sealed class FixDepthCount : LivePatch
        {
            /// <summary>Counts the line.</summary>
            [Replaces(typeof(Parser), nameof(Parser.ParseLine))]
            private static int ParseLine(string line) => line.Length; // the length
        }
        """));

    [Fact]
    public Task ParameterTypeAndRefKinds_FollowTheDelegate_KeepingNamesAndWhatMatches() => VerifyFix.VerifyCodeFixAsync(With("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            [Replaces(typeof(Parser), nameof(Parser.Transform))]
            internal static int [|Transform|](int value, out string note,
                long scale)
            {
                note = value.ToString();
                return (int)(value * scale);
            }

            [Replaces(typeof(Parser), nameof(Parser.Measure))]
            private static object [|Measure|]((int W, int H) size, string other) => other;
        }
        """), With("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            [Replaces(typeof(Parser), nameof(Parser.Transform))]
            internal static int Transform(ref int value, out string note,
                in long scale)
            {
                note = value.ToString();
                return (int)(value * scale);
            }

            [Replaces(typeof(Parser), nameof(Parser.Measure))]
            private static object Measure((int W, int H) size, object other) => other;
        }
        """));

    [Fact]
    public Task AnotherParameterCount_TakesTheDelegatesParameters() => VerifyFix.VerifyCodeFixAsync(With("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            [Replaces(typeof(Parser), nameof(Parser.ParseLine))]
            private static int [|ParseLine|]() => 0;

            [Replaces(typeof(Parser), "Log")]
            private static bool [|Log|](string message, int level) => Write(1);

            private static bool Write(int level) => level > 0;
        }
        """), With("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            [Replaces(typeof(Parser), nameof(Parser.ParseLine))]
            private static int ParseLine(string arg) => 0;

            [Replaces(typeof(Parser), "Log")]
            private static void Log(string obj) => Write(1);

            private static bool Write(int level) => level > 0;
        }
        """));

    [Fact]
    public Task GenericMethod_LosesTypeParametersItDoesNotUse() => VerifyFix.VerifyCodeFixAsync(With("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            [Replaces(typeof(Parser), nameof(Parser.ParseLine))]
            private static int [|ParseLine|]<T>(string line) where T : class => line.Length;
        }
        """), With("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            [Replaces(typeof(Parser), nameof(Parser.ParseLine))]
            private static int ParseLine(string line) => line.Length;
        }
        """));

    [Fact]
    public Task FixAll_InTwoDocuments_AndTwiceInOneClass() => VerifyFix.VerifyCodeFixAsync(
        new[]
        {
            With("""
            [Patch("p")]
            public sealed class P : LivePatch
            {
                [Replaces(typeof(Parser), nameof(Parser.ParseLine))]
                private static long [|ParseLine|](string line) => line.Length;

                [Replaces(typeof(Parser), nameof(Parser.Log))]
                private static void [|Log|](object message) { }
            }
            """),
            Usings + """
            [Patch("q")]
            public sealed class Q : LivePatch
            {
                [Replaces(typeof(Parser), nameof(Parser.ParseLine))]
                public static int [|ParseLine|](string line, int depth) => 0;
            }
            """,
        },
        new[]
        {
            With("""
            [Patch("p")]
            public sealed class P : LivePatch
            {
                [Replaces(typeof(Parser), nameof(Parser.ParseLine))]
                private static int ParseLine(string line) => line.Length;

                [Replaces(typeof(Parser), nameof(Parser.Log))]
                private static void Log(string message) { }
            }
            """),
            Usings + """
            [Patch("q")]
            public sealed class Q : LivePatch
            {
                [Replaces(typeof(Parser), nameof(Parser.ParseLine))]
                public static int ParseLine(string arg) => 0;
            }
            """,
        });

    [Fact]
    public Task NoFix_WhenTheBodyWouldNotCompile() => VerifyFix.VerifyNoFixAsync(With("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            [Replaces(typeof(Parser), nameof(Parser.ParseLine))]
            private static long [|ParseLine|](string line)
            {
                long length = line.Length;
                return length;
            }

            [Replaces(typeof(Parser), nameof(Parser.Transform))]
            private static int [|Transform|](int value, string note, long scale) => value;

            [Replaces(typeof(Parser), nameof(Parser.Measure))]
            private static object [|Measure|](string text) => text;
        }
        """));

    [Fact]
    public Task NoFix_ForAGenericMethodThatUsesItsTypeParameter_OrACallerThatWouldBreak() => VerifyFix.VerifyNoFixAsync(With("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            [Replaces(typeof(Parser), nameof(Parser.ParseLine))]
            private static int [|ParseLine|]<T>(string line) => typeof(T).Name.Length + line.Length;

            [Replaces(typeof(Parser), "Log")]
            private static void [|Log|](object message) { }

            private static void Report() => Log(42);
        }
        """));

    [Fact]
    public Task NoFix_ForAMissingPoint() => VerifyFix.VerifyNoFixAsync(With("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            [Replaces(typeof(Parser), [|"Parse"|])]
            private static long ParseLine(string line) => line.Length;
        }
        """));

    // ---- static ----

    [Fact]
    public Task InstanceReplacement_BecomesStatic_ThenMatchesTheDelegate()
    {
        // Two steps for ParseLine (made static, then its signature matched: an instance method's cannot be checked), one
        // for Log; FixAll makes both static in one round, then matches ParseLine's signature in a second.
        var test = VerifyFix.Create(With("""
            [Patch("p")]
            public sealed class P : LivePatch
            {
                [Replaces(typeof(Parser), nameof(Parser.ParseLine))]
                private long [|ParseLine|](string line) => line.Length;

                [Replaces(typeof(Parser), nameof(Parser.Log))]
                void [|Log|](string message) { }
            }
            """));
        test.FixedState.Sources.Add(With("""
            [Patch("p")]
            public sealed class P : LivePatch
            {
                [Replaces(typeof(Parser), nameof(Parser.ParseLine))]
                private static int ParseLine(string line) => line.Length;

                [Replaces(typeof(Parser), nameof(Parser.Log))]
                static void Log(string message) { }
            }
            """));
        test.NumberOfIncrementalIterations = 3;
        test.NumberOfFixAllIterations = 2;
        return test.RunAsync();
    }

    [Fact]
    public Task NoStaticFix_WhenTheMethodUsesTheInstance() => VerifyFix.VerifyNoFixAsync(With("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            private int _calls;

            [Replaces(typeof(Parser), nameof(Parser.ParseLine))]
            private int [|ParseLine|](string line) => _calls++ + line.Length;

            [Replaces(typeof(Parser), nameof(Parser.Log))]
            private void [|Log|](string message) => Net(this);

            private static void Net(P patch) { }
        }
        """));
}

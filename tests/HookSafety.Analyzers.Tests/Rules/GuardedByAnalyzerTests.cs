using System.Threading.Tasks;
using HookSafety.Analyzers.Rules;
using HookSafety.Analyzers.Tests.Hosts;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using VerifyCS = HookSafety.Analyzers.Tests.Verifiers.CSharpAnalyzerVerifier<HookSafety.Analyzers.Tests.Verifiers.Only<HookSafety.Analyzers.Rules.GuardedBy>>;

namespace HookSafety.Analyzers.Tests.Rules;

public sealed class GuardedByAnalyzerTests
{
    private static Task Verify(string patch, params DiagnosticResult[] expected) => VerifyCS.VerifyAnalyzerAsync(ConcurrencyHost.With(patch), expected);

    private static DiagnosticResult At(int location, string message) => VerifyCS.Diagnostic("HS0007").WithLocation(location).WithMessage(message);

    private const string Open = """
        [Patch("p")]
        public sealed class P : LivePatch
        {
            private static readonly object s_gate = new();
            private static readonly object s_other = new();

            [GuardedBy(nameof(s_gate))]
            private static int s_count;

            [GuardedBy(nameof(s_gate))]
            private static readonly List<string> s_seen = new();

        """;

    private const string Replacement = """

            [Replaces(typeof(Parser), nameof(Parser.Parse))]
            private static int Parse(string line)
            {
        """;

    // ---- flagged ----

    [Fact]
    public Task ReadOutsideTheLock_IsFlagged() => Verify(Open + Replacement + """
                return {|#0:s_count|} + line.Length;
            }
        }
        """,
        At(0, "'s_count' is read in replacement 'Parse' without holding 's_gate', which its [GuardedBy] requires; wrap it in lock (s_gate)"));

    [Fact]
    public Task WriteInPostPatch_IsFlagged() => Verify(Open + """
            protected override void PostPatch(PatchContext context) => {|#0:s_count = 1|};
        }
        """,
        At(0, "'s_count' is written in PostPatch without holding 's_gate', which its [GuardedBy] requires; wrap it in lock (s_gate)"));

    [Fact]
    public Task UpdateAndMutation_AreFlagged() => Verify(Open + Replacement + """
                {|#0:s_count++|};
                {|#1:s_seen.Add(line)|};
                return line.Length;
            }
        }
        """,
        At(0, "'s_count' is updated in replacement 'Parse' without holding 's_gate', which its [GuardedBy] requires; wrap it in lock (s_gate)"),
        At(1, "'s_seen' is changed in replacement 'Parse' without holding 's_gate', which its [GuardedBy] requires; wrap it in lock (s_gate)"));

    [Fact]
    public Task UnderAnotherLock_IsFlagged() => Verify(Open + Replacement + """
                lock (s_other)
                {
                    [|s_count++|];
                }

                return line.Length;
            }
        }
        """);

    [Fact]
    public Task InALambdaCreatedUnderTheLock_IsFlagged() => Verify(Open + """
            protected override void PostPatch(PatchContext context)
            {
                lock (s_gate)
                {
                    Parser.Parsed += (sender, line) => {|#0:s_seen.Add(line)|};
                }
            }
        }
        """,
        At(0, "'s_seen' is changed in a lambda in PostPatch without holding 's_gate', which its [GuardedBy] requires; wrap it in lock (s_gate)"));

    [Fact]
    public Task ThroughAHelperCalledWithoutTheLock_IsFlaggedOnTheCall() => Verify(Open + Replacement + """
                {|#0:Remember(line)|};
                return line.Length;
            }

            private static void Remember(string line) => {|#1:s_seen.Add(line)|};
        }
        """,
        At(0, "'s_seen' is changed in replacement 'Parse' via Remember() without holding 's_gate', which its [GuardedBy] requires; wrap it in lock (s_gate)")
            .WithLocation(1));

    [Fact]
    public Task NonPrivateMethodOfThePatch_IsFlagged() => Verify(Open + """
            public static int Snapshot() => {|#0:s_count|};
        }
        """,
        At(0, "'s_count' is read in 'Snapshot' without holding 's_gate', which its [GuardedBy] requires; wrap it in lock (s_gate)"));

    [Fact]
    public Task NonPrivatePropertyOfThePatch_IsFlagged() => Verify(Open + """
            public static int Count => {|#0:s_count|};

            internal static int Seen
            {
                get => {|#2:s_seen|}.Count;
                set => {|#1:s_count = value|};
            }
        }
        """,
        At(0, "'s_count' is read in 'Count' without holding 's_gate', which its [GuardedBy] requires; wrap it in lock (s_gate)"),
        At(2, "'s_seen' is read in 'Seen' without holding 's_gate', which its [GuardedBy] requires; wrap it in lock (s_gate)"),
        At(1, "'s_count' is written in 'Seen' without holding 's_gate', which its [GuardedBy] requires; wrap it in lock (s_gate)"));

    [Fact]
    public Task PrivatePropertiesAndPropertiesThatLock_AreLeftAlone() => Verify(Open + """
            private static int Count => s_count;

            public static int Locked
            {
                get
                {
                    lock (s_gate)
                    {
                        return s_count + Count;
                    }
                }
            }

            public static int Plain { get; set; }
        }
        """);

    [Fact]
    public Task UnknownLockName_IsFlagged() => Verify("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            private static readonly object s_gate = new();

            [GuardedBy({|#0:"s_gaet"|})]
            private static int s_count;

            protected override HookResult PrePatch(PatchContext context)
            {
                s_count = 0;
                return HookResult.Continue;
            }
        }
        """,
        At(0, "[GuardedBy(\"s_gaet\")] on 's_count' names no field or property of 'P'; name the object it is locked with"));

    [Fact]
    public Task UnknownLockName_OnAHostType_IsFlagged() => Verify("""
        public static class Counters
        {
            private static readonly object s_gate = new();

            [GuardedBy({|#0:"s_gaet"|})]
            public static int Count;
        }
        """,
        At(0, "[GuardedBy(\"s_gaet\")] on 'Count' names no field or property of 'Counters'; name the object it is locked with"));

    [Fact]
    public Task UnknownLockName_OnEveryFieldOfOneDeclaration_IsFlaggedForEach() => Verify("""
        public sealed class Window
        {
            [GuardedBy({|#0:"_lock"|})]
            private int _left, _right;

            public int Width => _right - _left;
        }
        """,
        At(0, "[GuardedBy(\"_lock\")] on '_left' names no field or property of 'Window'; name the object it is locked with"),
        At(0, "[GuardedBy(\"_lock\")] on '_right' names no field or property of 'Window'; name the object it is locked with"));

    [Fact]
    public Task UnknownLockName_OnARecordsPositionalProperty_IsFlagged() => Verify("""
        public sealed record Entry([property: GuardedBy({|#0:"_gate"|})] int Count);
        """,
        At(0, "[GuardedBy(\"_gate\")] on 'Count' names no field or property of 'Entry'; name the object it is locked with"));

    [Fact]
    public Task UnknownLockName_WrittenWithAnAlias_IsFlagged() => Verify("""
        using Locked = HookSafety.Hooks.GuardedByAttribute;

        public sealed class Queue
        {
            [Locked({|#0:"_sync"|})]
            private int _length;

            public int Length => _length;
        }
        """,
        At(0, "[GuardedBy(\"_sync\")] on '_length' names no field or property of 'Queue'; name the object it is locked with"));

    [Fact]
    public Task UnknownLockName_InTheOtherPartOfAPartialType_IsFlagged()
    {
        var test = new VerifyCS.Test();
        test.TestState.Sources.Add(ConcurrencyHost.With("""
            public sealed partial class Cache
            {
                private readonly object _gate = new();
            }
            """));
        test.TestState.Sources.Add("""
            using HookSafety.Hooks;

            public sealed partial class Cache
            {
                [GuardedBy({|#0:"_gaet"|})]
                private int _size;

                public int Size => _size;
            }
            """);
        test.ExpectedDiagnostics.Add(At(0, "[GuardedBy(\"_gaet\")] on '_size' names no field or property of 'Cache'; name the object it is locked with"));
        return test.RunAsync();
    }

    [Fact]
    public Task InACallbackMethod_IsFlagged() => Verify(Open + """
            protected override void PostPatch(PatchContext context) => Parser.Parsed += OnParsed;

            protected override void PreUnpatch(PatchContext context) => Parser.Parsed -= OnParsed;

            private static void OnParsed(object? sender, string line) => {|#0:s_count--|};
        }
        """,
        At(0, "'s_count' is updated in callback 'OnParsed' without holding 's_gate', which its [GuardedBy] requires; wrap it in lock (s_gate)"));

    [Fact]
    public Task GuardedPropertyAndInstanceLock_AreChecked() => Verify("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            private readonly object _gate = new();

            [GuardedBy(nameof(_gate))]
            private int Pending { get; set; }

            protected override void PostPatch(PatchContext context) => [|Pending = 3|];

            protected override void PreUnpatch(PatchContext context)
            {
                lock (_gate)
                {
                    Pending = 0;
                }
            }
        }
        """);

    [Fact]
    public Task CheckThenActOutsideTheLock_IsFlaggedOnBothAccesses() => Verify(Open + Replacement + """
                if ([|s_count|] == 0)
                {
                    [|s_count = 1|];
                }

                return line.Length;
            }
        }
        """);

    [Fact]
    public Task MonitorExitBeforeTheAccess_EndsTheLock() => Verify(Open + Replacement + """
                Monitor.Enter(s_gate);
                s_count++;
                Monitor.Exit(s_gate);
                [|s_seen.Clear()|];
                return line.Length;
            }
        }
        """);

    [Fact]
    public Task ReadAndUpdateInOneStatement_IsOneFinding() => Verify(Open + Replacement + """
                [|s_count = Math.Max(s_count, line.Length)|];
                return line.Length;
            }
        }
        """);

    // ---- left alone ----

    [Fact]
    public Task InsideTheLock_IsLeftAlone() => Verify(Open + Replacement + """
                lock (s_gate)
                {
                    s_count++;
                    s_seen.Add(line);
                    return s_count;
                }
            }
        }
        """);

    [Fact]
    public Task MonitorShapes_HoldTheLock() => Verify(Open + Replacement + """
                Monitor.Enter(s_gate);
                try
                {
                    s_count++;
                }
                finally
                {
                    Monitor.Exit(s_gate);
                }

                var taken = false;
                try
                {
                    Monitor.Enter(s_gate, ref taken);
                    s_seen.Add(line);
                }
                finally
                {
                    if (taken)
                    {
                        Monitor.Exit(s_gate);
                    }
                }

                return line.Length;
            }
        }
        """);

    [Fact]
    public Task PrePatchPostUnpatchAndTypeInitialization_AreLeftAlone() => Verify(Open + """
            static P()
            {
                s_count = 5;
            }

            protected override HookResult PrePatch(PatchContext context)
            {
                s_count = 0;
                s_seen.Clear();
                return HookResult.Continue;
            }

            protected override void PostUnpatch(PatchContext context) => s_seen.Clear();
        }
        """);

    [Fact]
    public Task PrivateHelperCalledUnderTheLock_IsLeftAlone() => Verify(Open + Replacement + """
                lock (s_gate)
                {
                    Remember(line);
                }

                return line.Length;
            }

            private static void Remember(string line)
            {
                s_seen.Add(line);
                s_count++;
            }
        }
        """);

    [Fact]
    public Task LocalFunctionCalledUnderTheLock_IsLeftAlone() => Verify(Open + Replacement + """
                lock (s_gate)
                {
                    Bump();
                }

                return line.Length;

                void Bump() => s_count++;
            }
        }
        """);

    [Fact]
    public Task SystemThreadingLock_HoldsTheGuard() => Verify("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            private static readonly Lock s_lock = new();

            [GuardedBy(nameof(s_lock))]
            private static int s_count;

            [Replaces(typeof(Parser), nameof(Parser.Parse))]
            private static int Parse(string line)
            {
                lock (s_lock)
                {
                    s_count++;
                }

                using (s_lock.EnterScope())
                {
                    s_count--;
                }

                using var scope = s_lock.EnterScope();
                return s_count;
            }
        }
        """);

    [Fact]
    public Task LockDeclaredInABasePatch_IsFound() => Verify("""
        public abstract class GatedPatch : LivePatch
        {
            protected static readonly object Gate = new();
        }

        [Patch("p")]
        public sealed class P : GatedPatch
        {
            [GuardedBy(nameof(Gate))]
            private static int s_count;

            protected override void PostPatch(PatchContext context)
            {
                lock (Gate)
                {
                    s_count++;
                }
            }
        }
        """);

    [Fact]
    public Task LockTakenInsideALambda_IsLeftAlone() => Verify(Open + """
            protected override void PostPatch(PatchContext context)
            {
                Parser.Parsed += (sender, line) =>
                {
                    lock (s_gate)
                    {
                        s_seen.Add(line);
                    }
                };
            }
        }
        """);

    [Fact]
    public Task UnguardedMembers_AreNotThisRulesBusiness() => Verify("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            private static int s_count;

            [Replaces(typeof(Parser), nameof(Parser.Parse))]
            private static int Parse(string line) => Interlocked.Increment(ref s_count);
        }
        """);

    [Fact]
    public Task PrivateMethodNeverCalled_IsNotAnEntryPoint() => Verify(Open + """
            private static int Unused() => s_count;
        }
        """);

    [Fact]
    public Task KnownLockName_IsLeftAlone() => Verify("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            private readonly object _gate = new();

            [GuardedBy("_gate")]
            private int _pending;

            protected override void PostUnpatch(PatchContext context) => _pending = 0;
        }
        """);

    [Fact]
    public Task KnownLockNames_OnHostTypes_NestedTypes_AndBaseTypes_AreLeftAlone() => Verify("""
        public class Registry
        {
            protected readonly object Gate = new();

            [GuardedBy(nameof(Gate))]
            private int _count;

            public int Count => _count;

            private sealed class Slot
            {
                private readonly object _lock = new();

                [GuardedBy(nameof(_lock))]
                public int Value { get; set; }
            }
        }

        public sealed class DeviceRegistry : Registry
        {
            [GuardedBy("Gate")]
            private int _devices;

            public int Devices => _devices;
        }

        public sealed record Entry([property: GuardedBy("Gate")] int Count)
        {
            public object Gate { get; } = new();
        }
        """);

    [Fact]
    public Task ReadAndUpdateUnderTheLock_IsLeftAlone() => Verify(Open + Replacement + """
                lock (s_gate)
                {
                    s_count = Math.Max(s_count, line.Length);
                }

                return line.Length;
            }
        }
        """);

    [Fact]
    public Task WithoutTheHookApi_NothingIsReported()
    {
        var test = new VerifyCS.Test { ReferenceHookApi = false };
        test.TestState.Sources.Add("""
            [System.AttributeUsage(System.AttributeTargets.Field)]
            public sealed class GuardedByAttribute : System.Attribute { public GuardedByAttribute(string lockMember) { } }

            public static class Counter
            {
                [GuardedBy("missing")]
                public static int Count;

                public static void Bump() => Count++;
            }
            """);
        return test.RunAsync();
    }
}

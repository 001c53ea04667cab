using System.Threading.Tasks;
using HookSafety.Analyzers.Tests.Hosts;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using VerifyChange = HookSafety.Analyzers.Tests.Verifiers.CSharpAnalyzerVerifier<HookSafety.Analyzers.Tests.Verifiers.Only<HookSafety.Analyzers.Rules.GlobalStateOutsidePrePatch>>;
using VerifyLeak = HookSafety.Analyzers.Tests.Verifiers.CSharpAnalyzerVerifier<HookSafety.Analyzers.Tests.Verifiers.Only<HookSafety.Analyzers.Rules.ShadowVariableLeak>>;
using VerifyRegistration = HookSafety.Analyzers.Tests.Verifiers.CSharpAnalyzerVerifier<HookSafety.Analyzers.Tests.Verifiers.Only<HookSafety.Analyzers.Rules.MissingUnregistration>>;
using VerifyShared = HookSafety.Analyzers.Tests.Verifiers.CSharpAnalyzerVerifier<HookSafety.Analyzers.Tests.Verifiers.Only<HookSafety.Analyzers.Rules.UnsynchronizedSharedData>>;
using VerifyUndo = HookSafety.Analyzers.Tests.Verifiers.CSharpAnalyzerVerifier<HookSafety.Analyzers.Tests.Verifiers.Only<HookSafety.Analyzers.Rules.MissingUndo>>;

namespace HookSafety.Analyzers.Tests.Rules;

/// <summary>
/// Values that travel: a change or undo made through a <c>ref</c> local, a <c>ref</c> return, a local holding the object,
/// a pattern variable, a helper's parameter, a lambda's captured local, a tuple assignment or a primary-constructor
/// parameter is the same change or undo as a direct one (rules.md, "Values travel").
/// </summary>
public sealed class ValuesThatTravelTests
{
    /// <summary>Host members the lifecycle host lacks: a <c>ref</c> return, a struct, a generic helper's target.</summary>
    private const string Travel = """

        namespace Host
        {
            public struct Point
            {
                public int X;
            }

            public static class Store
            {
                private static int s_slot = 4;
                public static Point Origin;
                public static ref int Slot() => ref s_slot;
            }
        }
        """;

    private static Task Undo(string patch, params DiagnosticResult[] expected) => VerifyUndo.VerifyAnalyzerAsync(LifecycleHost.With(patch) + Travel, expected);

    private static Task Change(string patch, params DiagnosticResult[] expected) => VerifyChange.VerifyAnalyzerAsync(LifecycleHost.With(patch) + Travel, expected);

    private static Task Registration(string patch, params DiagnosticResult[] expected) => VerifyRegistration.VerifyAnalyzerAsync(LifecycleHost.With(patch) + Travel, expected);

    private static Task Leak(string patch, params DiagnosticResult[] expected) => VerifyLeak.VerifyAnalyzerAsync(LifecycleHost.With(patch) + Travel, expected);

    private static Task Shared(string patch, params DiagnosticResult[] expected) => VerifyShared.VerifyAnalyzerAsync(ConcurrencyHost.With(patch), expected);

    private const string Helpers = """

            private static void Grant<T>(System.Collections.Generic.List<T> list, params T[] items)
            {
                foreach (var item in items)
                {
                    list.Add(item);
                }
            }

            private static void Revoke<T>(System.Collections.Generic.List<T> list, params T[] items) => Drop(list, items);

            private static void Drop<T>(System.Collections.Generic.List<T> target, T[] items)
            {
                foreach (var item in items)
                {
                    target.Remove(item);
                }
            }
        """;

    // ---- flagged: changes ----

    [Fact]
    public Task AChangeThroughARefLocal_IsFlagged() => Undo("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            protected override HookResult PrePatch(PatchContext context)
            {
                ref int limit = ref Net.ChallengeAckLimit;
                {|#0:limit = 1000|};
                return HookResult.Continue;
            }
        }
        """,
        VerifyUndo.Diagnostic("HS0002").WithLocation(0)
            .WithMessage("'Net.ChallengeAckLimit' is changed in PrePatch but never undone in PostUnpatch; save the original value and restore it in PostUnpatch"));

    [Fact]
    public Task AChangeThroughARefReturn_IsFlagged() => Undo("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            protected override HookResult PrePatch(PatchContext context)
            {
                {|#0:Store.Slot() = 8|};
                return HookResult.Continue;
            }
        }
        """,
        VerifyUndo.Diagnostic("HS0002").WithLocation(0)
            .WithMessage("'Store.Slot()' is changed in PrePatch but never undone in PostUnpatch; save the original value and restore it in PostUnpatch"));

    [Fact]
    public Task AHostCollectionChangedByAGenericHelperItIsPassedTo_IsFlagged() => Undo("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            protected override HookResult PrePatch(PatchContext context)
            {
                [|Grant(Net.AllowedPeers, "10.0.0.1")|];
                return HookResult.Continue;
            }
        """ + Helpers + """
        }
        """);

    [Fact]
    public Task AHostCollectionChangedThroughALocal_IsFlagged() => Undo("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            protected override HookResult PrePatch(PatchContext context)
            {
                var peers = Net.AllowedPeers;
                [|peers.Add("10.0.0.1")|];
                return HookResult.Continue;
            }
        }
        """);

    [Fact]
    public Task AChangeThroughARefLocalInPostPatch_IsFlagged() => Change("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            protected override void PostPatch(PatchContext context)
            {
                ref var width = ref Net.Limits.MaxWidth;
                [|width = 120|];
            }
        }
        """);

    [Fact]
    public Task ChangesThroughRefAndOutArguments_AreFlagged() => Undo("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            protected override HookResult PrePatch(PatchContext context)
            {
                [|Raise(ref Net.ChallengeAckLimit)|];
                _ = [|int.TryParse("5", out Net.ChallengeAckLimit)|];
                return HookResult.Continue;
            }

            private static void Raise(ref int limit) => limit = 1000;
        }
        """);

    // ---- left alone: changes ----

    [Fact]
    public Task AChangeThroughARefLocal_RestoredDirectly_IsLeftAlone() => Undo("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            private static int s_saved;

            protected override HookResult PrePatch(PatchContext context)
            {
                ref int limit = ref Net.ChallengeAckLimit;
                s_saved = limit;
                limit = 1000;
                return HookResult.Continue;
            }

            protected override void PostUnpatch(PatchContext context) => Net.ChallengeAckLimit = s_saved;
        }
        """);

    [Fact]
    public Task AChangeThroughARefReturn_RestoredThroughIt_IsLeftAlone() => Undo("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            private static int s_saved;

            protected override HookResult PrePatch(PatchContext context)
            {
                s_saved = Store.Slot();
                Store.Slot() = 8;
                return HookResult.Continue;
            }

            protected override void PostUnpatch(PatchContext context)
            {
                ref var slot = ref Store.Slot();
                slot = s_saved;
            }
        }
        """);

    [Fact]
    public Task AHelperAdd_UndoneByAHelperRemoveThroughAnotherHelper_IsLeftAlone() => Undo("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            protected override HookResult PrePatch(PatchContext context)
            {
                Grant(Net.AllowedPeers, "10.0.0.1");
                return HookResult.Continue;
            }

            protected override void PostUnpatch(PatchContext context) => Revoke(Net.AllowedPeers, "10.0.0.1");
        """ + Helpers + """
        }
        """);

    [Fact]
    public Task AnAddThroughALocal_UndoneThroughAnotherLocal_IsLeftAlone() => Undo("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            protected override HookResult PrePatch(PatchContext context)
            {
                var peers = Net.AllowedPeers;
                peers.Add("10.0.0.1");
                return HookResult.Continue;
            }

            protected override void PostUnpatch(PatchContext context)
            {
                if (Net.AllowedPeers is { } allowed)
                {
                    allowed.Remove("10.0.0.1");
                }
            }
        }
        """);

    [Fact]
    public Task AHelperGivenAnObjectTheHookMade_IsLeftAlone() => Undo("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            protected override HookResult PrePatch(PatchContext context)
            {
                var mine = new System.Collections.Generic.List<string>();
                Grant(mine, "10.0.0.1");
                Grant(new System.Collections.Generic.List<int>(), 1);
                return HookResult.Continue;
            }
        """ + Helpers + """
        }
        """);

    [Fact]
    public Task StoresToALocalCopy_AreLeftAlone() => Undo("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            protected override HookResult PrePatch(PatchContext context)
            {
                var limit = Net.ChallengeAckLimit;
                limit = limit * 2;
                var origin = Store.Origin;
                origin.X = 5;
                var peers = Net.AllowedPeers;
                peers = new System.Collections.Generic.List<string>();
                peers.Add("not the host's");
                return limit > origin.X ? HookResult.Continue : HookResult.Reject("no");
            }
        }
        """);

    [Fact]
    public Task AChangeThroughARefLocalToThePatchsOwnData_IsLeftAlone() => Change("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            private static int s_width;

            protected override void PostPatch(PatchContext context)
            {
                ref var width = ref s_width;
                width = 120;
                var table = new int[2];
                ref var first = ref table[0];
                first = 1;
            }
        }
        """);

    // ---- flagged and left alone: registrations and their undo ----

    [Fact]
    public Task ADisposableStoredThroughALocal_IsFlagged() => Registration("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            private static Timer? s_timer;

            protected override void PostPatch(PatchContext context)
            {
                var timer = new Timer(_ => Net.Log("tick"), null, 1000, 1000);
                [|s_timer = timer|];
            }
        }
        """);

    [Fact]
    public Task AThreadJoinedThroughAPatternVariable_IsLeftAlone() => Registration("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            private static Thread? s_worker;

            protected override void PostPatch(PatchContext context)
            {
                s_worker = new Thread(() => Net.Log("work"));
                s_worker.Start();
            }

            protected override void PreUnpatch(PatchContext context)
            {
                if (s_worker is { } worker)
                {
                    worker.Join(5000);
                }
            }
        }
        """);

    [Fact]
    public Task ATimerDisposedThroughANegatedPatternOrAHelper_IsLeftAlone() => Registration("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            private static Timer? s_timer;
            private static Timer? s_other;

            protected override void PostPatch(PatchContext context)
            {
                var timer = new Timer(_ => Net.Log("tick"), null, 1000, 1000);
                s_timer = timer;
                s_other = new Timer(_ => Net.Log("tock"), null, 1000, 1000);
            }

            protected override void PreUnpatch(PatchContext context)
            {
                Close(s_other);
                if (s_timer is not { } timer)
                {
                    return;
                }

                timer.Dispose();
            }

            private static void Close(System.IDisposable? handle) => handle?.Dispose();
        }
        """);

    // ---- shadow variables ----

    [Fact]
    public Task AShadowVariableAttachedInALambda_IsFlagged() => Leak("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            private static readonly ShadowVariable<string, int> s_seen = new("seen");

            protected override HookResult PrePatch(PatchContext context)
            {
                Net.AllowedPeers.ForEach(peer => [|s_seen.Attach(peer, 0)|]);
                return HookResult.Continue;
            }
        }
        """);

    [Fact]
    public Task AShadowVariableAttachedThroughALambdasCapturedLocal_IsFlagged() => Leak("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            private static readonly ShadowVariable<string, int> s_seen = new("seen");

            protected override HookResult PrePatch(PatchContext context)
            {
                var seen = s_seen;
                Net.AllowedPeers.ForEach(peer => [|seen.Attach(peer, 0)|]);
                return HookResult.Continue;
            }
        }
        """);

    [Fact]
    public Task DetachAllInAHelperGivenTheVariable_IsLeftAlone() => Leak("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            private static readonly ShadowVariable<Connection, int> s_retries = new("retries");

            [Replaces(typeof(Net), nameof(Net.Parse))]
            private static int Parse(string line)
            {
                s_retries.Attach(new Connection(), 1);
                return line.Length;
            }

            protected override void PostUnpatch(PatchContext context) => Forget(s_retries);

            private static void Forget<TOwner, TValue>(ShadowVariable<TOwner, TValue> variable)
                where TOwner : class
                => variable.DetachAll();
        }
        """);

    [Fact]
    public Task DetachAllThroughALocalOrALambdasCapturedLocal_IsLeftAlone() => Leak("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            private static readonly ShadowVariable<Connection, int> s_retries = new("retries");
            private static readonly ShadowVariable<string, int> s_seen = new("seen");

            protected override HookResult PrePatch(PatchContext context)
            {
                var seen = s_seen;
                Net.AllowedPeers.ForEach(peer => seen.Attach(peer, 0));
                s_retries.Attach(new Connection(), 1);
                return HookResult.Continue;
            }

            protected override void PostUnpatch(PatchContext context)
            {
                var retries = s_retries;
                retries.DetachAll();
                if (s_seen is { } seen)
                {
                    seen.DetachAll();
                }
            }
        }
        """);

    // ---- shared data ----

    [Fact]
    public Task ATupleSwapOfTwoStatics_IsFlaggedOnce() => Shared("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            private static string s_active = "a";
            private static string s_standby = "b";

            [Replaces(typeof(Parser), nameof(Parser.Parse))]
            private static int Parse(string line)
            {
                [|(s_active, s_standby) = (s_standby, s_active)|];
                return line.Length;
            }
        }
        """);

    [Fact]
    public Task APrimaryConstructorParameterDecrementedInAHandler_IsFlagged() => Shared("""
        [Patch("p")]
        public sealed class P(int budget) : LivePatch
        {
            public P() : this(100) { }

            protected override void PostPatch(PatchContext context) => Parser.Parsed += OnParsed;

            protected override void PreUnpatch(PatchContext context) => Parser.Parsed -= OnParsed;

            private void OnParsed(object? sender, string line) => [|budget--|];
        }
        """);

    [Fact]
    public Task ASharedListChangedThroughALocal_IsFlagged() => Shared("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            private static readonly List<string> s_seen = new();

            [Replaces(typeof(Parser), nameof(Parser.Parse))]
            private static int Parse(string line)
            {
                var seen = s_seen;
                [|seen.Add(line)|];
                return line.Length;
            }
        }
        """);

    [Fact]
    public Task ASharedListChangedThroughALocalUnderALock_OrALocalList_IsLeftAlone() => Shared("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            private static readonly object s_gate = new();
            private static readonly List<string> s_seen = new();

            [Replaces(typeof(Parser), nameof(Parser.Parse))]
            private static int Parse(string line)
            {
                var seen = s_seen;
                lock (s_gate)
                {
                    seen.Add(line);
                }

                var mine = new List<string>();
                mine.Add(line);
                return line.Length + mine.Count;
            }
        }
        """);

    [Fact]
    public Task ATupleSwapUnderALock_AndIntoLocals_IsLeftAlone() => Shared("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            private static readonly object s_gate = new();
            private static string s_active = "a";
            private static string s_standby = "b";

            [Replaces(typeof(Parser), nameof(Parser.Parse))]
            private static int Parse(string line)
            {
                lock (s_gate)
                {
                    (s_active, s_standby) = (s_standby, s_active);
                }

                var (first, second) = (s_active, s_standby);
                (first, second) = (second, first);
                return line.Length + first.Length + second.Length;
            }
        }
        """);

    [Fact]
    public Task APrimaryConstructorParameterOnlyRead_IsLeftAlone() => Shared("""
        [Patch("p")]
        public sealed class P(int budget) : LivePatch
        {
            public P() : this(100) { }

            protected override void PostPatch(PatchContext context) => Parser.Parsed += OnParsed;

            protected override void PreUnpatch(PatchContext context) => Parser.Parsed -= OnParsed;

            private void OnParsed(object? sender, string line)
            {
                if (line.Length > budget)
                {
                    Parser.Raise();
                }
            }
        }
        """);
}

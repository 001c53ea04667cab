using System.Threading.Tasks;
using HookSafety.Analyzers.Rules;
using HookSafety.Analyzers.Tests.Hosts;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using VerifyCS = HookSafety.Analyzers.Tests.Verifiers.CSharpAnalyzerVerifier<HookSafety.Analyzers.Tests.Verifiers.Only<HookSafety.Analyzers.Rules.GlobalStateOutsidePrePatch>>;

namespace HookSafety.Analyzers.Tests.Rules;

public sealed class GlobalStateOutsidePrePatchAnalyzerTests
{
    private static Task Verify(string patch, params DiagnosticResult[] expected) => VerifyCS.VerifyAnalyzerAsync(LifecycleHost.With(patch), expected);

    private static Task VerifyWithOptions(string editorConfig, string patch, params DiagnosticResult[] expected)
        => VerifyCS.VerifyAnalyzerAsync(new[] { LifecycleHost.With(patch) }, editorConfig, expected);

    private static DiagnosticResult At(int location, string message) => VerifyCS.Diagnostic("HS0001").WithLocation(location).WithMessage(message);

    // ---- flagged ----

    [Fact]
    public Task WriteInPostPatch_IsFlagged() => Verify("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            protected override void PostPatch(PatchContext context)
            {
                {|#0:Net.ChallengeAckLimit = 1000|};
            }
        }
        """,
        At(0, "'Net.ChallengeAckLimit' is changed in PostPatch, after the new code went live; change it in PrePatch and undo it in PostUnpatch"));

    [Fact]
    public Task WriteInPreUnpatch_IsFlagged() => Verify("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            protected override void PreUnpatch(PatchContext context)
            {
                {|#0:Net.Mode = "safe"|};
            }
        }
        """,
        At(0, "'Net.Mode' is changed in PreUnpatch, while the new code is still live; change it in PostUnpatch"));

    [Fact]
    public Task WriteInHelper_IsFlaggedOnTheCall_WithTheHelperStatement() => Verify("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            protected override void PostPatch(PatchContext context)
            {
                {|#0:SetLimit(5)|};
            }

            private static void SetLimit(int value)
            {
                {|#1:Net.ChallengeAckLimit = value|};
            }
        }
        """,
        At(0, "'Net.ChallengeAckLimit' is changed in PostPatch via SetLimit(), after the new code went live; change it in PrePatch and undo it in PostUnpatch")
            .WithLocation(1));

    [Fact]
    public Task WriteThreeCallsDeep_NamesTheChain() => Verify("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            protected override void PostPatch(PatchContext context) => {|#0:Apply()|};

            private static void Apply() => Configure();

            private static void Configure() => Store();

            private static void Store() => {|#1:Net.Counter = 1|};
        }
        """,
        At(0, "'Net.Counter' is changed in PostPatch via Apply() → Configure() → Store(), after the new code went live; change it in PrePatch and undo it in PostUnpatch")
            .WithLocation(1));

    [Fact]
    public Task RecursiveHelper_IsFlaggedOnce() => Verify("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            protected override void PostPatch(PatchContext context) => [|Reset(3)|];

            private static void Reset(int depth)
            {
                if (depth > 0)
                {
                    Reset(depth - 1);
                }

                Net.Table[depth] = 0;
            }
        }
        """);

    [Fact]
    public Task ExpressionBodiedHook_CompoundAssignmentAndIncrement_AreFlagged() => Verify("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            protected override void PostPatch(PatchContext context) => [|Net.ChallengeAckLimit += 10|];

            protected override void PreUnpatch(PatchContext context)
            {
                [|Net.Counter++|];
                [|Net.Counter -= 2|];
            }
        }
        """);

    [Fact]
    public Task PropertyOfAHostObject_IsFlagged() => Verify("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            protected override void PostPatch(PatchContext context)
            {
                {|#0:Net.Limits.MaxDepth = 64|};
            }
        }
        """,
        At(0, "'Net.Limits.MaxDepth' is changed in PostPatch, after the new code went live; change it in PrePatch and undo it in PostUnpatch"));

    [Fact]
    public Task WriteThroughRef_IndexerAndClear_AreFlagged() => Verify("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            protected override void PostPatch(PatchContext context)
            {
                [|Interlocked.Exchange(ref Net.Counter, 5)|];
                [|Net.Settings["mode"] = 2|];
                {|#0:Net.AllowedPeers.Clear()|};
            }
        }
        """,
        At(0, "'Net.AllowedPeers.Clear()' is called in PostPatch, after the new code went live; do it in PrePatch and undo it in PostUnpatch"));

    [Fact]
    public Task TypeInitialization_IsFlagged() => Verify("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            private static readonly int s_old = {|#0:Interlocked.Exchange(ref Net.ChallengeAckLimit, 10)|};

            static P()
            {
                {|#1:Net.Mode = "patched"|};
            }

            public P()
            {
                {|#2:Net.Limits.MaxWidth = 120|};
            }
        }
        """,
        At(0, "'Net.ChallengeAckLimit' is changed in the initializer of 'P.s_old', outside the patch lifecycle; change it in PrePatch and undo it in PostUnpatch"),
        At(1, "'Net.Mode' is changed in the static constructor of 'P', outside the patch lifecycle; change it in PrePatch and undo it in PostUnpatch"),
        At(2, "'Net.Limits.MaxWidth' is changed in the constructor of 'P', outside the patch lifecycle; change it in PrePatch and undo it in PostUnpatch"));

    [Fact]
    public Task OneTimeFixUpInReplacement_IsFlagged() => Verify("""
        public static class Parser
        {
            public static readonly PatchPoint<Func<string, int>> Parse = new("Parse", s => s.Length);
        }

        [Patch("p")]
        public sealed class P : LivePatch
        {
            private static bool s_fixedUp;

            [Replaces(typeof(Parser), nameof(Parser.Parse))]
            private static int Parse(string line)
            {
                if (!s_fixedUp)
                {
                    s_fixedUp = true;
                    {|#0:Net.ChallengeAckLimit = 1000|};
                }

                if (Net.Spare == null)
                {
                    [|Net.Spare = new Limits()|];
                }

                return line.Length;
            }
        }
        """,
        At(0, "'Net.ChallengeAckLimit' is changed in replacement 'Parse', a one-time fix-up racing with every caller of the new code; do it in PrePatch and undo it in PostUnpatch"));

    [Fact]
    public Task ProcessWideSettingInReplacement_IsFlagged() => Verify("""
        public static class Parser
        {
            public static readonly PatchPoint<Func<string, int>> Parse = new("Parse", s => s.Length);
        }

        [Patch("p")]
        public sealed class P : LivePatch
        {
            [Replaces(typeof(Parser), nameof(Parser.Parse))]
            private static int Parse(string line)
            {
                {|#0:Environment.SetEnvironmentVariable("PARSER_MODE", "strict")|};
                return line.Length;
            }
        }
        """,
        At(0, "'Environment.SetEnvironmentVariable(\"PARSER_MODE\", \"strict\")' is called in replacement 'Parse', a process-wide setting changed by the new code on its callers' threads; do it in PrePatch and undo it in PostUnpatch"));

    [Fact]
    public Task PostPatchChangeRestoredInPreUnpatch_IsOneFinding_WithTheRestoreAsAdditionalLocation() => Verify("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            protected override void PostPatch(PatchContext context)
            {
                {|#0:Net.ChallengeAckLimit = 1000|};
            }

            protected override void PreUnpatch(PatchContext context)
            {
                {|#1:Net.ChallengeAckLimit = 100|};
            }
        }
        """,
        VerifyCS.Diagnostic("HS0001").WithLocation(0).WithLocation(1));

    [Fact]
    public Task ChangeInOtherPartOfPartialPatch_IsFlaggedThere() => VerifyCS.VerifyAnalyzerAsync(
        new[]
        {
            LifecycleHost.With("""
                [Patch("p")]
                public sealed partial class P : LivePatch
                {
                }
                """),
            LifecycleHost.Usings + """
                public sealed partial class P
                {
                    protected override void PostPatch(PatchContext context) => [|Net.Mode = "fast"|];
                }
                """,
        },
        editorConfig: null);

    [Fact]
    public Task ChangeInNestedPatch_AndInLocalFunction_AreFlagged() => Verify("""
        public static class Fixes
        {
            [Patch("p")]
            public sealed class P : LivePatch
            {
                protected override void PostPatch(PatchContext context)
                {
                    [|Apply()|];

                    void Apply() => Net.Counter = 7;
                }
            }
        }
        """);

    [Fact]
    public Task EveryReplacementWrite_WithOptionAll() => VerifyWithOptions("hook_safety.replacement_global_writes = all", """
        public static class Parser
        {
            public static readonly PatchPoint<Func<string, int>> Parse = new("Parse", s => s.Length);
        }

        [Patch("p")]
        public sealed class P : LivePatch
        {
            [Replaces(typeof(Parser), nameof(Parser.Parse))]
            private static int Parse(string line)
            {
                {|#0:Net.Counter++|};
                return line.Length;
            }
        }
        """,
        At(0, "'Net.Counter' is changed in replacement 'Parse', on every call of the new code; change it in PrePatch and undo it in PostUnpatch"));

    [Fact]
    public Task OneChangeReachedAlongTwoChainsOfHelpers_IsOneFinding() => Verify("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            protected override void PostPatch(PatchContext context)
            {
                {|#0:Apply()|};
            }

            private static void Apply()
            {
                First();
                Second();
            }

            private static void First() => Store();

            private static void Second() => Store();

            private static void Store() => {|#1:Net.Counter = 1|};
        }
        """,
        At(0, "'Net.Counter' is changed in PostPatch via Apply() → First() → Store(), after the new code went live; change it in PrePatch and undo it in PostUnpatch")
            .WithLocation(1));

    [Fact]
    public Task AHelperCalledTwiceFromOneHook_IsOneFinding_OnTheFirstCall() => Verify("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            protected override void PostPatch(PatchContext context)
            {
                {|#0:Raise()|};
                Net.Log("raised");
                {|#2:Raise()|};
            }

            private static void Raise() => {|#1:Net.ChallengeAckLimit = 1000|};
        }
        """,
        At(0, "'Net.ChallengeAckLimit' is changed in PostPatch via Raise(), after the new code went live; change it in PrePatch and undo it in PostUnpatch")
            .WithLocation(1).WithLocation(2));

    [Fact]
    public Task CallsOnImmutableCollections_AreLeftAlone() => Verify("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            protected override void PostPatch(PatchContext context)
            {
                var properties = System.Collections.Immutable.ImmutableDictionary<string, string?>.Empty.Add("Hook", "PostPatch");
                var names = System.Collections.Immutable.ImmutableArray<string>.Empty.Add("p").Clear();
                Net.Log(properties.Count + names.Length.ToString());
            }
        }
        """);

    [Fact]
    public Task PerFlowAndPerThreadState_IsLeftAlone_ButAPlainStaticPropertyBesideItIsFlagged() => Verify("""
        public static class Flow
        {
            private static readonly System.Threading.AsyncLocal<string?> s_current = new();
            [System.ThreadStatic] private static int t_depth;
            private static string? s_shared;

            public static readonly System.Threading.ThreadLocal<int> Depth = new();

            public static string? Current { get => s_current.Value; set => s_current.Value = value; }

            public static int ThreadDepth { get => t_depth; set { t_depth = value; } }

            public static string? Shared { get => s_shared; set => s_shared = value; }
        }

        [Patch("p")]
        public sealed class P : LivePatch
        {
            protected override void PostPatch(PatchContext context)
            {
                Flow.Current = "patched";
                Flow.Depth.Value = 1;
                Flow.ThreadDepth = 2;
                {|#0:Flow.Shared = "patched"|};
            }
        }
        """,
        At(0, "'Flow.Shared' is changed in PostPatch, after the new code went live; change it in PrePatch and undo it in PostUnpatch"));

    [Fact]
    public Task StoresThroughSetters_AreJudgedByWhatTheSetterBodyWrites() => Verify("""
        public sealed class Table
        {
            private readonly System.Collections.Generic.Dictionary<string, int> _items = new();
            public int this[string key] { get => _items[key]; set => _items[key] = value; }
            public int Fallback { get => _items["*"]; set { Store("*", value); } }
            public int Forwarded { set => {|#4:Registry.Limit = value|}; }
            private void Store(string key, int value) => _items[key] = value;
        }

        public static class Registry
        {
            public static int Limit;
            public static readonly Table Live = new();
        }

        [Patch("p")]
        public sealed class P : LivePatch
        {
            private static int Own { set => {|#5:Registry.Limit = value|}; }

            protected override void PostPatch(PatchContext context)
            {
                // The indexer stores into the table's own dictionary: a change of the table.
                {|#0:Registry.Live["b"] = 2|};
                // A setter that calls its own object's methods may change it: counted as a change.
                {|#1:Registry.Live.Fallback = 3|};
                // Setters that store into another type's static change that static, whoever holds the object.
                var local = new Table();
                {|#2:local.Forwarded = 4|};
                {|#3:Own = 5|};
            }
        }
        """,
        At(0, "'Registry.Live[\"b\"]' is changed in PostPatch, after the new code went live; change it in PrePatch and undo it in PostUnpatch"),
        At(1, "'Registry.Live.Fallback' is changed in PostPatch, after the new code went live; change it in PrePatch and undo it in PostUnpatch"),
        At(2, "'Registry.Limit' is changed in PostPatch via Forwarded = …, after the new code went live; change it in PrePatch and undo it in PostUnpatch").WithLocation(4),
        At(3, "'Registry.Limit' is changed in PostPatch via Own = …, after the new code went live; change it in PrePatch and undo it in PostUnpatch").WithLocation(5));

    // ---- left alone ----

    [Fact]
    public Task StoresThroughSettersThatLeaveTheirObjectAlone_AreNotChanges() => Verify("""
        public sealed class Snapshot
        {
            private readonly System.Collections.Generic.Dictionary<string, int> _items = new();
            private static readonly System.Threading.AsyncLocal<string?> s_user = new();
            [System.ThreadStatic] private static int t_depth;

            // Read-only: storing only throws.
            public int this[string key]
            {
                get => _items[key];
                set => throw new System.InvalidOperationException("read-only snapshot: " + key);
            }

            // Fills a copy it makes and drops: the snapshot stays as it was.
            public int Scratch
            {
                set
                {
                    var copy = new System.Collections.Generic.Dictionary<string, int>(_items);
                    copy["scratch"] = value;
                }
            }

            // Per-flow and per-thread state, through an instance property.
            public string? User { get => s_user.Value; set => s_user.Value = value; }
            public int Depth { get => t_depth; set { var old = t_depth; t_depth = value; } }
        }

        public static class Registry
        {
            public static readonly Snapshot Current = new();
        }

        [Patch("p")]
        public sealed class P : LivePatch
        {
            protected override void PostPatch(PatchContext context)
            {
                Registry.Current["a"] = 1;
                Registry.Current.Scratch = 2;
                Registry.Current.User = "patched";
                Registry.Current.Depth++;
            }
        }
        """);


    [Fact]
    public Task ChangeInPrePatch_UndoneInPostUnpatch_IsLeftAlone() => Verify("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            private static int s_saved;

            protected override HookResult PrePatch(PatchContext context)
            {
                s_saved = Net.ChallengeAckLimit;
                Net.ChallengeAckLimit = 1000;
                Net.Limits.MaxDepth += 8;
                return HookResult.Continue;
            }

            protected override void PostUnpatch(PatchContext context)
            {
                Net.ChallengeAckLimit = s_saved;
                Net.Limits.MaxDepth -= 8;
            }
        }
        """);

    [Fact]
    public Task ChangesInPostUnpatchAlone_AreLeftAlone() => Verify("""
        [Patch("p", Cumulative = true)]
        public sealed class P : LivePatch
        {
            protected override void PostUnpatch(PatchContext context)
            {
                Net.Mode = null;
                Net.AllowedPeers.Clear();
            }
        }
        """);

    [Fact]
    public Task RegistrationsInPostPatch_AndTheirUndoInPreUnpatch_AreLeftAlone() => Verify("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            protected override void PostPatch(PatchContext context)
            {
                Net.PacketReceived += OnPacket;
                Net.Bus.Subscribe(OnMessage);
                Net.RegisterHandler(OnMessage);
                Net.AllowedPeers.Add("10.0.0.1");
            }

            protected override void PreUnpatch(PatchContext context)
            {
                Net.PacketReceived -= OnPacket;
                Net.Bus.Unsubscribe(OnMessage);
                Net.UnregisterHandler(OnMessage);
                Net.AllowedPeers.Remove("10.0.0.1");
            }

            private static void OnPacket(object? sender, string packet) { }

            private static void OnMessage(string message) { }
        }
        """);

    [Fact]
    public Task OrdinaryWritesInReplacement_AreLeftAlone() => Verify("""
        public static class Parser
        {
            public static readonly PatchPoint<Func<string, int>> Parse = new("Parse", s => s.Length);
        }

        [Patch("p")]
        public sealed class P : LivePatch
        {
            [Replaces(typeof(Parser), nameof(Parser.Parse))]
            private static int Parse(string line)
            {
                Net.Counter++;
                if (Net.Mode == "verbose")
                {
                    Net.Table[0] = line.Length;
                }

                return line.Length;
            }
        }
        """);

    [Fact]
    public Task PatchOwnStatics_LocalsParametersAndNewObjects_AreLeftAlone() => Verify("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            private static int s_calls;
            private int _instanceCalls;
            private static readonly System.Collections.Generic.List<string> s_seen = new();

            protected override void PostPatch(PatchContext context)
            {
                s_calls++;
                _instanceCalls = 3;
                s_seen.Clear();
                var limits = new Limits();
                limits.MaxDepth = 3;
                var connection = new Connection { Peer = "local" };
                connection.Peer = context.PatchId;
                Update(limits);
            }

            private static void Update(Limits limits) => limits.MaxWidth = 10;
        }
        """);

    [Fact]
    public Task LambdasStoredForLater_AreNotTheHooksCode() => Verify("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            private static Action? s_later;

            protected override void PostPatch(PatchContext context)
            {
                s_later = () => Net.ChallengeAckLimit = 5;
                Func<int> later = () => Net.Counter++ > 0 ? 1 : 0;
            }
        }
        """);

    [Fact]
    public Task ReadsLoggingAndVolatileReads_AreLeftAlone() => Verify("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            protected override void PostPatch(PatchContext context)
            {
                Net.Log("patched");
                var limit = Net.Read() + Net.ChallengeAckLimit;
                var counter = Volatile.Read(ref Net.Counter) + Interlocked.Read(ref Net.Counter);
                Net.Bus.Publish(limit.ToString() + counter);
                Net.Journal.Add("no inverse, not a collection");
            }
        }
        """);

    [Fact]
    public Task PostPatchChangeUndoneInPreUnpatch_WithOptionPreAndPostPatch_IsLeftAlone() => VerifyWithOptions("hook_safety.global_state_hooks = pre_and_post_patch", """
        [Patch("p")]
        public sealed class P : LivePatch
        {
            protected override void PostPatch(PatchContext context) => Net.Mode = "new";

            protected override void PreUnpatch(PatchContext context) => Net.Mode = null;
        }
        """);

    [Fact]
    public Task MethodsOfClassesThatAreNotPatches_AreLeftAlone() => Verify("""
        public sealed class NotAPatch
        {
            public void PostPatch(PatchContext context) => Net.ChallengeAckLimit = 5;
        }

        public abstract class PatchBase : LivePatch
        {
            public static void Helper() => Net.Counter = 3;
        }
        """);

    [Fact]
    public Task ChangeInPrePatchThroughHelpers_IsLeftAlone() => Verify("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            protected override HookResult PrePatch(PatchContext context)
            {
                Raise();
                return HookResult.Continue;
            }

            protected override void PostUnpatch(PatchContext context) => Restore();

            private static void Raise() => Net.Limits.MaxDepth = 64;

            private static void Restore() => Net.Limits.MaxDepth = 16;
        }
        """);

    [Fact]
    public Task CallsWithoutTheHookApi_AreLeftAlone()
    {
        var test = new VerifyCS.Test { ReferenceHookApi = false };
        test.TestState.Sources.Add("""
            namespace Other.Hooks
            {
                public abstract class LivePatch { protected virtual void PostPatch(object context) { } }
                public sealed class PatchAttribute : System.Attribute { public PatchAttribute(string id) { } }
            }

            public static class Net { public static int Limit; }

            [Other.Hooks.Patch("p")]
            public sealed class P : Other.Hooks.LivePatch
            {
                protected override void PostPatch(object context) => Net.Limit = 1;
            }
            """);
        return test.RunAsync();
    }

    [Fact]
    public Task UndoOfRegistrationsInPreUnpatch_IsHS0003sBusiness() => Verify("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            private static Timer? s_timer;

            protected override void PreUnpatch(PatchContext context)
            {
                Net.PacketReceived -= OnPacket;
                Net.UnregisterHandler(OnMessage);
                s_timer?.Dispose();
            }

            private static void OnPacket(object? sender, string packet) { }

            private static void OnMessage(string message) { }
        }
        """);

    [Fact]
    public Task ReplacementReadingProcessSettings_AndSettingItsOwnFlag_IsLeftAlone() => Verify("""
        public static class Parser
        {
            public static readonly PatchPoint<Func<string, int>> Parse = new("Parse", s => s.Length);
        }

        [Patch("p")]
        public sealed class P : LivePatch
        {
            private static bool s_warned;

            [Replaces(typeof(Parser), nameof(Parser.Parse))]
            private static int Parse(string line)
            {
                if (!s_warned)
                {
                    s_warned = true;
                    Net.Log(Environment.GetEnvironmentVariable("PARSER_MODE") ?? "default");
                }

                return line.Length;
            }
        }
        """);

    [Fact]
    public Task WritesToAHostObjectReachedThroughALocal_AreFlagged() => Verify("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            protected override void PostPatch(PatchContext context)
            {
                // The local holds the host's object: the write changes it.
                var limits = Net.Limits;
                {|#0:limits.MaxDepth = 99|};
            }
        }
        """,
        VerifyCS.Diagnostic("HS0001").WithLocation(0).WithArguments("Net.Limits.MaxDepth", "changed", "PostPatch", "", "after the new code went live", "change it in PrePatch and undo it in PostUnpatch"));

    [Fact]
    public Task ConstantsInConditions_DoNotMakeAWriteOneTime() => Verify("""
        public static class Parser
        {
            public const int Version = 2;
            public static readonly PatchPoint<Func<string, int>> Parse = new("Parse", s => s.Length);
        }

        [Patch("p")]
        public sealed class P : LivePatch
        {
            [Replaces(typeof(Parser), nameof(Parser.Parse))]
            private static int Parse(string line)
            {
                if (Parser.Version > 1)
                {
                    Net.Counter++;
                }

                return line.Length;
            }
        }
        """);

    [Fact]
    public Task ChangeInPostPatch_OfAStickyPatch_IsStillFlagged_ButItsLackOfUndoIsNot() => Verify("""
        [Patch("p", Sticky = true)]
        public sealed class P : LivePatch
        {
            protected override HookResult PrePatch(PatchContext context)
            {
                Net.ChallengeAckLimit = 1000;
                return HookResult.Continue;
            }

            protected override void PostPatch(PatchContext context) => [|Net.Mode = "sticky"|];
        }
        """);
}

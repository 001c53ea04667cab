using System.Threading.Tasks;
using HookSafety.Analyzers.Tests.Hosts;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using VerifyCS = HookSafety.Analyzers.Tests.Verifiers.CSharpAnalyzerVerifier<HookSafety.Analyzers.Tests.Verifiers.Only<HookSafety.Analyzers.Rules.UnsynchronizedSharedData>>;

namespace HookSafety.Analyzers.Tests.Rules;

public sealed class UnsynchronizedSharedDataAnalyzerTests
{
    private static Task Verify(string patch, params DiagnosticResult[] expected) => VerifyCS.VerifyAnalyzerAsync(ConcurrencyHost.With(patch), expected);

    private static DiagnosticResult At(int location, string message) => VerifyCS.Diagnostic("HS0006").WithLocation(location).WithMessage(message);

    private const string Open = """
        [Patch("p")]
        public sealed class P : LivePatch
        {
        """;

    private const string Replacement = """

            [Replaces(typeof(Parser), nameof(Parser.Parse))]
            private static int Parse(string line)
            {
        """;

    // ---- flagged ----

    [Fact]
    public Task IncrementInReplacement_IsFlagged() => Verify(Open + """
            private static int s_calls;
        """ + Replacement + """
                {|#0:s_calls++|};
                return line.Length;
            }
        }
        """,
        At(0, "'s_calls' is incremented without synchronization in replacement 'Parse', which runs on many threads at once; use Interlocked.Increment(ref s_calls) or take a lock"));

    [Fact]
    public Task CompoundAssignment_IsFlagged() => Verify(Open + """
            private static long s_total;
        """ + Replacement + """
                {|#0:s_total += line.Length|};
                return line.Length;
            }
        }
        """,
        At(0, "'s_total' is read, changed and written back without synchronization in replacement 'Parse', which runs on many threads at once; use Interlocked.Add(ref s_total, ...) or take a lock"));

    [Fact]
    public Task ReadThenWriteBack_IsFlagged() => Verify(Open + """
            private static string s_log = "";
        """ + Replacement + """
                {|#0:s_log = s_log + line|};
                return line.Length;
            }
        }
        """,
        At(0, "'s_log' is read, changed and written back without synchronization in replacement 'Parse', which runs on many threads at once; take a lock around the read and the write"));

    [Fact]
    public Task LazyInitializationWithAnIf_IsFlagged() => Verify(Open + """
            private static Dictionary<string, int>? s_cache;
        """ + Replacement + """
                if (s_cache == null)
                {
                    {|#0:s_cache = new Dictionary<string, int>()|};
                }

                return line.Length;
            }
        }
        """,
        At(0, "'s_cache' is checked and then set without synchronization in replacement 'Parse', which runs on many threads at once; initialize it with Interlocked.CompareExchange or LazyInitializer.EnsureInitialized, set it in PrePatch, or take a lock"));

    [Fact]
    public Task DoOnceFlag_AndCoalesceAssignment_AreFlagged() => Verify(Open + """
            private static bool s_warned;
            private static object? s_state;
        """ + Replacement + """
                if (!s_warned)
                {
                    Console.WriteLine("patched parser in use");
                    [|s_warned = true|];
                }

                [|s_state ??= new object()|];
                return line.Length;
            }
        }
        """);

    [Fact]
    public Task MutatingAListOrADictionary_IsFlagged() => Verify(Open + """
            private static readonly List<string> s_seen = new();
            private static readonly Dictionary<string, int> s_lengths = new();
        """ + Replacement + """
                {|#0:s_seen.Add(line)|};
                [|s_lengths[line] = line.Length|];
                return line.Length;
            }
        }
        """,
        At(0, "'s_seen' is changed by Add() without synchronization in replacement 'Parse', which runs on many threads at once; List<string> is not thread-safe: take a lock around every use, or hold a concurrent collection (System.Collections.Concurrent)"));

    [Fact]
    public Task StoreThatAnotherReplacementReads_IsFlagged() => Verify(Open + """
            private static string? s_last;
        """ + Replacement + """
                {|#0:s_last = line|};
                return line.Length;
            }

            [Replaces(typeof(Parser), nameof(Parser.Count))]
            private static int Count(string line) => s_last?.Length ?? 0;
        }
        """,
        At(0, "'s_last' is stored without synchronization in replacement 'Parse', which runs on many threads at once; replacement 'Count' reads it: publish it with Volatile.Write(ref s_last, ...) or take a lock"));

    [Fact]
    public Task StoreInAHookThatAReplacementReads_IsFlagged() => Verify(Open + """
            private static int s_limit = 10;

            protected override void PreUnpatch(PatchContext context) => {|#0:s_limit = 0|};
        """ + Replacement + """
                return Math.Min(line.Length, s_limit);
            }
        }
        """,
        At(0, "'s_limit' is stored without synchronization in PreUnpatch, which runs while the new code is live on other threads; replacement 'Parse' reads it: publish it with Volatile.Write(ref s_limit, ...) or take a lock"));

    [Fact]
    public Task InstanceFieldInAnEventHandler_IsFlagged() => Verify(Open + """
            private int _parsed;

            protected override void PostPatch(PatchContext context) => Parser.Parsed += OnParsed;

            protected override void PreUnpatch(PatchContext context) => Parser.Parsed -= OnParsed;

            private void OnParsed(object? sender, string line) => {|#0:_parsed++|};
        }
        """,
        At(0, "'_parsed' is incremented without synchronization in callback 'OnParsed', which runs on whatever thread calls it; use Interlocked.Increment(ref _parsed) or take a lock"));

    [Fact]
    public Task UpdateInAHelper_IsFlaggedOnTheCall() => Verify(Open + """
            private static int s_calls;
        """ + Replacement + """
                {|#0:Count()|};
                return line.Length;
            }

            private static void Count() => {|#1:s_calls--|};
        }
        """,
        At(0, "'s_calls' is decremented without synchronization in replacement 'Parse' via Count(), which runs on many threads at once; use Interlocked.Decrement(ref s_calls) or take a lock")
            .WithLocation(1));

    [Fact]
    public Task LambdaCreatedUnderALock_DoesNotRunUnderIt() => Verify(Open + """
            private static readonly object s_gate = new();
            private static int s_events;

            protected override void PostPatch(PatchContext context)
            {
                lock (s_gate)
                {
                    Parser.Parsed += (sender, line) => {|#0:s_events++|};
                }
            }
        }
        """,
        At(0, "'s_events' is incremented without synchronization in a lambda in PostPatch, which runs on whatever thread calls it; use Interlocked.Increment(ref s_events) or take a lock"));

    [Fact]
    public Task VolatileDoesNotMakeAnIncrementAtomic_AndArraysElementsCount() => Verify(Open + """
            private static volatile int s_hits;
            private static readonly int[] s_byLength = new int[16];
        """ + Replacement + """
                [|s_hits++|];
                [|s_byLength[line.Length % 16]++|];
                return line.Length;
            }
        }
        """);

    [Fact]
    public Task ReassigningAnImmutableCollection_IsARaceToo() => Verify(Open + """
            private static ImmutableHashSet<string> s_seen = ImmutableHashSet<string>.Empty;
        """ + Replacement + """
                [|s_seen = s_seen.Add(line)|];
                return line.Length;
            }
        }
        """);

    [Fact]
    public Task StatementsAfterAMonitorTryFinally_AreNotUnderTheLock() => Verify(Open + """
            private static readonly object s_gate = new();
            private static int s_calls;
        """ + Replacement + """
                Monitor.Enter(s_gate);
                try
                {
                    s_calls++;
                }
                finally
                {
                    Monitor.Exit(s_gate);
                }

                [|s_calls++|];
                return line.Length;
            }
        }
        """);

    [Theory]
    [InlineData("{|#0:s_info.Touch()|};")]
    [InlineData("var info = s_info; {|#0:info.Touch()|};")]
    public Task AnInstanceMethodUpdatingAnObjectEveryCallShares_IsStillFlagged_AlsoThroughALocalGivenIt(string call) => Verify(Open + """
            private static readonly Info s_info = new();
        """ + Replacement + call + """

                return line.Length;
            }

            private sealed class Info
            {
                public int Count { get; set; }

                public void Touch() => {|#1:Count++|};
            }
        }
        """,
        At(0, "'Count' is incremented without synchronization in replacement 'Parse' via Touch(), which runs on many threads at once; take a lock around it").WithLocation(1));

    [Fact]
    public Task StoreThroughAnIndexerThatChangesItsObject_IsFlagged_OneThatOnlyThrowsIsNot() => Verify("""
        public sealed class Counts
        {
            private readonly Dictionary<string, int> _items = new();
            public int this[string key] { get => _items[key]; set => _items[key] = value; }
        }

        public sealed class Frozen
        {
            public int this[string key] { get => key.Length; set => throw new InvalidOperationException("frozen"); }
        }

        """ + Open + """
            private static readonly Counts s_counts = new();
            private static readonly Frozen s_frozen = new();
        """ + Replacement + """
                {|#0:s_counts[line] = 1|};
                s_frozen[line] = 2;
                return line.Length;
            }
        }
        """,
        At(0, "'s_counts' is changed through its indexer without synchronization in replacement 'Parse', which runs on many threads at once; Counts is not known to be thread-safe: take a lock around every use, or, if it is, list it in hook_safety.thread_safe_types"));

    // ---- left alone ----

    [Fact]
    public Task InsideALock_IsLeftAlone() => Verify(Open + """
            private static readonly object s_gate = new();
            private static int s_calls;
            private static readonly List<string> s_seen = new();
        """ + Replacement + """
                lock (s_gate)
                {
                    s_calls++;
                    s_seen.Add(line);
                }

                return line.Length;
            }
        }
        """);

    [Fact]
    public Task MonitorShapes_AreLocks() => Verify(Open + """
            private static readonly object s_gate = new();
            private static int s_calls;
            private static long s_total;
        """ + Replacement + """
                Monitor.Enter(s_gate);
                try
                {
                    s_calls++;
                }
                finally
                {
                    Monitor.Exit(s_gate);
                }

                var taken = false;
                try
                {
                    Monitor.Enter(s_gate, ref taken);
                    s_total += line.Length;
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
    public Task SystemThreadingLock_IsALock() => Verify(Open + """
            private static readonly Lock s_lock = new();
            private static int s_a;
            private static int s_b;
            private static int s_c;
        """ + Replacement + """
                lock (s_lock)
                {
                    s_a++;
                }

                using (s_lock.EnterScope())
                {
                    s_b++;
                }

                using var scope = s_lock.EnterScope();
                s_c++;
                return line.Length;
            }
        }
        """);

    [Fact]
    public Task InterlockedAndVolatile_AreAtomic() => Verify(Open + """
            private static int s_calls;
            private static string? s_last;
        """ + Replacement + """
                Interlocked.Increment(ref s_calls);
                Interlocked.Add(ref s_calls, 2);
                Volatile.Write(ref s_last, line);
                return Volatile.Read(ref s_calls);
            }

            [Replaces(typeof(Parser), nameof(Parser.Count))]
            private static int Count(string line) => Volatile.Read(ref s_last)?.Length ?? 0;
        }
        """);

    [Fact]
    public Task LazyInitializationDoneRight_IsLeftAlone() => Verify(Open + """
            private static Dictionary<string, int>? s_cache;
            private static object? s_state;
        """ + Replacement + """
                if (s_cache == null)
                {
                    Interlocked.CompareExchange(ref s_cache, new Dictionary<string, int>(), null);
                }

                LazyInitializer.EnsureInitialized(ref s_state, () => new object());
                return line.Length;
            }
        }
        """);

    // The BCL's atomic families: each call is one compare-and-swap (or a loop of them) on the field passed by ref, or a
    // method of a collection made for concurrent use.

    [Fact]
    public Task ImmutableInterlockedUpdates_AreAtomic() => Verify(Open + """
            private static ImmutableDictionary<string, int> s_lengths = ImmutableDictionary<string, int>.Empty;
            private static ImmutableHashSet<string> s_seen = ImmutableHashSet<string>.Empty;
            private static ImmutableStack<string> s_recent = ImmutableStack<string>.Empty;
            private static ImmutableQueue<string> s_pending = ImmutableQueue<string>.Empty;
            private static ImmutableArray<string> s_all = ImmutableArray<string>.Empty;
        """ + Replacement + """
                ImmutableInterlocked.AddOrUpdate(ref s_lengths, line, line.Length, (_, old) => old + 1);
                ImmutableInterlocked.GetOrAdd(ref s_lengths, line, 0);
                ImmutableInterlocked.TryAdd(ref s_lengths, line, 1);
                ImmutableInterlocked.TryRemove(ref s_lengths, line, out _);
                ImmutableInterlocked.Update(ref s_seen, set => set.Add(line));
                ImmutableInterlocked.Push(ref s_recent, line);
                ImmutableInterlocked.Enqueue(ref s_pending, line);
                ImmutableInterlocked.InterlockedExchange(ref s_all, ImmutableArray.Create(line));
                return line.Length;
            }
        }
        """);

    [Fact]
    public Task CompareExchangeLoop_ConcurrentDictionaryUpdates_AndLazy_AreLeftAlone() => Verify(Open + """
            private static int s_max;
            private static readonly ConcurrentDictionary<string, int> s_counts = new();
            private static readonly Lazy<Dictionary<string, int>> s_table = new(() => new Dictionary<string, int>());
        """ + Replacement + """
                int seen, next;
                do
                {
                    seen = Volatile.Read(ref s_max);
                    next = Math.Max(seen, line.Length);
                }
                while (Interlocked.CompareExchange(ref s_max, next, seen) != seen);

                s_counts.AddOrUpdate(line, 1, (_, old) => old + 1);
                s_counts.GetOrAdd(line, 0);
                return s_table.Value.Count;
            }
        }
        """);

    [Fact]
    public Task ImmutableCollectionUpdatedWithoutImmutableInterlocked_IsStillARace() => Verify(Open + """
            private static ImmutableDictionary<string, int> s_lengths = ImmutableDictionary<string, int>.Empty;
        """ + Replacement + """
                [|s_lengths = s_lengths.SetItem(line, line.Length)|];
                ImmutableInterlocked.AddOrUpdate(ref s_lengths, line, 1, (_, old) => old + 1);
                return line.Length;
            }
        }
        """);

    [Fact]
    public Task VolatileFields_PlainStoresAndLoads_AreLeftAlone() => Verify(Open + """
            private static volatile string? s_last;
        """ + Replacement + """
                s_last = line;
                return line.Length;
            }

            [Replaces(typeof(Parser), nameof(Parser.Count))]
            private static int Count(string line) => s_last?.Length ?? 0;
        }
        """);

    [Fact]
    public Task PerThreadData_IsLeftAlone() => Verify(Open + """
            [ThreadStatic]
            private static int t_depth;
            private static readonly ThreadLocal<int> s_local = new();
            private static readonly AsyncLocal<string?> s_flow = new();
        """ + Replacement + """
                t_depth++;
                s_local.Value++;
                s_flow.Value = line;
                return t_depth;
            }
        }
        """);

    [Fact]
    public Task ConcurrentAndImmutableCollections_AreLeftAlone() => Verify(Open + """
            private static readonly ConcurrentDictionary<string, int> s_lengths = new();
            private static readonly ConcurrentQueue<string> s_queue = new();
            private static readonly ImmutableList<string> s_fixed = ImmutableList<string>.Empty;
        """ + Replacement + """
                s_lengths[line] = line.Length;
                s_lengths.TryAdd(line, 1);
                s_queue.Enqueue(line);
                s_fixed.Add(line);
                return line.Length;
            }
        }
        """);

    [Fact]
    public Task ThreadSafeTypesFromEditorConfig_AreLeftAlone() => VerifyCS.VerifyAnalyzerAsync(
        new[]
        {
            ConcurrencyHost.With(Open + """
                    private static readonly Pool s_pool = new();
                    private static readonly List<string> s_list = new();
                """ + Replacement + """
                        s_pool.Add(line);
                        s_list.Add(line);
                        return line.Length;
                    }
                }
                """),
        },
        "hook_safety.thread_safe_types = Pool, System.Collections.Generic.List<T>");

    [Fact]
    public Task DataPublishedInPrePatch_IsSafeToReadAnywhere() => Verify(Open + """
            private static Dictionary<string, int>? s_table;
            private static int s_limit;

            protected override HookResult PrePatch(PatchContext context)
            {
                s_table = new Dictionary<string, int> { ["a"] = 1 };
                s_limit = 64;
                s_limit++;
                return HookResult.Continue;
            }

            protected override void PostUnpatch(PatchContext context)
            {
                s_table = null;
                s_limit = 0;
            }
        """ + Replacement + """
                return s_table!.TryGetValue(line, out var value) ? value : Math.Min(s_limit, line.Length);
            }
        }
        """);

    [Fact]
    public Task AnObjectReachedThroughALocalOrAParameter_IsItsOwn_NotThePatchs() => Verify(Open + Replacement + """
                var counter = new Counter();
                counter.Increment();
                Bump(counter);
                return counter.Count;
            }

            private static void Bump(Counter counter) => counter.Increment();

            private sealed class Counter
            {
                public int Count { get; private set; }

                public void Increment() => Twice();

                private void Twice() => Count += 2;
            }
        }
        """);

    [Fact]
    public Task AConstructorOrAnObjectInitializerFillingTheObjectItBuilds_IsLeftAlone() => Verify(Open + Replacement + """
                var info = new Info(line);
                var lazy = new System.Lazy<Info>(() => new Info(line));
                var copy = new Info(line) { Length = info.Length + 1 };
                return info.Length + lazy.Value.Length + copy.Length;
            }

            private sealed class Info
            {
                private readonly int _length;

                public Info(string line)
                {
                    _length = line.Length;
                    this.Length = _length + 1;
                    Length++;
                }

                public int Length { get; set; }
            }
        }
        """);

    [Fact]
    public Task LocalsNewObjectsAndTheHostsStatics_AreLeftAlone() => Verify(Open + Replacement + """
                var seen = new List<string> { line };
                seen.Add(line);
                var count = 0;
                count++;
                Parser.Hits++;
                return seen.Count + count;
            }
        }
        """);

    [Fact]
    public Task LockTakenInTheHelpersCaller_Counts() => Verify(Open + """
            private static readonly object s_gate = new();
            private static int s_calls;
        """ + Replacement + """
                lock (s_gate)
                {
                    Bump();
                }

                return line.Length;
            }

            private static void Bump() => s_calls++;
        }
        """);

    [Fact]
    public Task StoreInAHookReadOnlyByHooks_IsLeftAlone() => Verify(Open + """
            private static Timer? s_timer;
            private static string? s_unread;

            protected override void PostPatch(PatchContext context) => s_timer = new Timer(_ => { }, null, 0, 100);

            protected override void PreUnpatch(PatchContext context) => s_timer?.Dispose();
        """ + Replacement + """
                s_unread = line;
                return line.Length;
            }

            protected override void PostUnpatch(PatchContext context) => Console.WriteLine(s_unread);
        }
        """);

    [Fact]
    public Task DataOnlyHooksTouch_IsNotShared() => Verify(Open + """
            private static int s_enables;
            private static List<string>? s_log;

            protected override void PostPatch(PatchContext context)
            {
                s_enables++;
                s_log ??= new List<string>();
                s_log.Add("patched");
            }

            protected override void PreUnpatch(PatchContext context) => s_log?.Clear();
        }
        """);

    [Fact]
    public Task GuardedMembers_AreHS0007sBusiness() => Verify(Open + """
            private static readonly object s_gate = new();

            [GuardedBy(nameof(s_gate))]
            private static int s_calls;
        """ + Replacement + """
                s_calls++;
                return line.Length;
            }
        }
        """);
}

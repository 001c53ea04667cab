using System.Threading.Tasks;
using HookSafety.Analyzers.Tests.Hosts;
using HookSafety.CodeFixes.Rules;
using Xunit;
using VerifyFix = HookSafety.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<HookSafety.Analyzers.Tests.Verifiers.Only<HookSafety.Analyzers.Rules.UnsynchronizedSharedData>, HookSafety.CodeFixes.Rules.SynchronizeSharedDataFixer>;

namespace HookSafety.Analyzers.Tests.Rules;

public sealed class SynchronizeSharedDataFixerTests
{
    // ---- Interlocked ----

    [Fact]
    public Task Increment_BecomesInterlockedIncrement_AddingTheUsing() => VerifyFix.VerifyCodeFixAsync(ConcurrencyHost.ForFix("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            private static int s_calls;

            [Replaces(typeof(Parser), nameof(Parser.Parse))]
            private static int Parse(string line)
            {
                [|s_calls++|]; // counted
                return line.Length;
            }
        }
        """), ConcurrencyHost.ForFix("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            private static int s_calls;

            [Replaces(typeof(Parser), nameof(Parser.Parse))]
            private static int Parse(string line)
            {
                Interlocked.Increment(ref s_calls); // counted
                return line.Length;
            }
        }
        """, threading: true));

    [Fact]
    public Task PrefixDecrementAndCompoundAssignments_BecomeInterlockedCalls() => VerifyFix.VerifyCodeFixAsync(ConcurrencyHost.ForFix("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            private static int s_calls;
            private static int s_depth;
            private static long s_total;
            private static long s_left = 1000;
            private int _hits;

            [Replaces(typeof(Parser), nameof(Parser.Parse))]
            private static int Parse(string line)
            {
                [|++s_calls|];
                [|s_depth--|];
                [|s_total += line.Length|];
                [|s_left -= line.Length + 1|];
                [|s_total -= 2|];
                return line.Length;
            }

            protected override void PostPatch(PatchContext context) => Parser.Parsed += OnParsed;

            protected override void PreUnpatch(PatchContext context) => Parser.Parsed -= OnParsed;

            private void OnParsed(object? sender, string line)
            {
                [|this._hits++|];
            }
        }
        """, threading: true), ConcurrencyHost.ForFix("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            private static int s_calls;
            private static int s_depth;
            private static long s_total;
            private static long s_left = 1000;
            private int _hits;

            [Replaces(typeof(Parser), nameof(Parser.Parse))]
            private static int Parse(string line)
            {
                Interlocked.Increment(ref s_calls);
                Interlocked.Decrement(ref s_depth);
                Interlocked.Add(ref s_total, line.Length);
                Interlocked.Add(ref s_left, -(line.Length + 1));
                Interlocked.Add(ref s_total, -2);
                return line.Length;
            }

            protected override void PostPatch(PatchContext context) => Parser.Parsed += OnParsed;

            protected override void PreUnpatch(PatchContext context) => Parser.Parsed -= OnParsed;

            private void OnParsed(object? sender, string line)
            {
                Interlocked.Increment(ref this._hits);
            }
        }
        """, threading: true));

    [Fact]
    public Task Interlocked_FixAll_InTwoDocuments_AndTwiceInOneClass() => VerifyFix.VerifyCodeFixAsync(
        new[]
        {
            ConcurrencyHost.ForFix("""
            [Patch("p")]
            public sealed class P : LivePatch
            {
                private static int s_calls;
                private static long s_chars;

                [Replaces(typeof(Parser), nameof(Parser.Parse))]
                private static int Parse(string line)
                {
                    [|s_calls++|];
                    [|s_chars += line.Length|];
                    return line.Length;
                }
            }
            """),
            ConcurrencyHost.FixUsings + """
            [Patch("q")]
            public sealed class Q : LivePatch
            {
                private static int s_counted;

                [Replaces(typeof(Parser), nameof(Parser.Count))]
                private static int Count(string line)
                {
                    [|s_counted--|];
                    return 0;
                }
            }
            """,
        },
        new[]
        {
            ConcurrencyHost.ForFix("""
            [Patch("p")]
            public sealed class P : LivePatch
            {
                private static int s_calls;
                private static long s_chars;

                [Replaces(typeof(Parser), nameof(Parser.Parse))]
                private static int Parse(string line)
                {
                    Interlocked.Increment(ref s_calls);
                    Interlocked.Add(ref s_chars, line.Length);
                    return line.Length;
                }
            }
            """, threading: true),
            ConcurrencyHost.FixUsingsWithThreading + """
            [Patch("q")]
            public sealed class Q : LivePatch
            {
                private static int s_counted;

                [Replaces(typeof(Parser), nameof(Parser.Count))]
                private static int Count(string line)
                {
                    Interlocked.Decrement(ref s_counted);
                    return 0;
                }
            }
            """,
        },
        SynchronizeSharedDataFixer.InterlockedKey);

    [Fact]
    public Task NoInterlocked_ForAProperty_OtherOperatorsOrTypes_OrAnUpdateInsideAnExpression()
    {
        var test = VerifyFix.Create(ConcurrencyHost.ForFix("""
            [Patch("p")]
            public sealed class P : LivePatch
            {
                private static int Calls { get; set; }
                private static long s_product = 1;
                private static int s_sum;
                private static double s_weight;
                private static int s_seen;

                [Replaces(typeof(Parser), nameof(Parser.Parse))]
                private static int Parse(string line)
                {
                    [|Calls++|];
                    [|s_product *= line.Length|];
                    [|s_sum = s_sum + 1|];
                    [|s_weight += 0.5|];
                    return [|++s_seen|];
                }
            }
            """));
        test.CodeActionEquivalenceKey = SynchronizeSharedDataFixer.InterlockedKey;
        test.ExpectNoFix = true;
        return test.RunAsync();
    }

    // ---- Volatile.Write ----

    [Fact]
    public Task StoreReadElsewhere_BecomesVolatileWrite() => VerifyFix.VerifyCodeFixAsync(ConcurrencyHost.ForFix("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            private static string? s_last;

            [Replaces(typeof(Parser), nameof(Parser.Parse))]
            private static int Parse(string line)
            {
                [|s_last = line.Trim()|];
                return line.Length;
            }

            [Replaces(typeof(Parser), nameof(Parser.Count))]
            private static int Count(string line) => s_last?.Length ?? 0;
        }
        """), ConcurrencyHost.ForFix("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            private static string? s_last;

            [Replaces(typeof(Parser), nameof(Parser.Parse))]
            private static int Parse(string line)
            {
                Volatile.Write(ref s_last, line.Trim());
                return line.Length;
            }

            [Replaces(typeof(Parser), nameof(Parser.Count))]
            private static int Count(string line) => s_last?.Length ?? 0;
        }
        """, threading: true));

    [Fact]
    public Task VolatileWrite_FixAll_InTwoDocuments_AndTwiceInOneClass() => VerifyFix.VerifyCodeFixAsync(
        new[]
        {
            ConcurrencyHost.ForFix("""
            [Patch("p")]
            public sealed class P : LivePatch
            {
                private static string? s_last;
                private static long s_stamp;

                [Replaces(typeof(Parser), nameof(Parser.Parse))]
                private static int Parse(string line)
                {
                    [|s_last = line|];
                    [|s_stamp = line.Length|];
                    return line.Length;
                }

                [Replaces(typeof(Parser), nameof(Parser.Count))]
                private static int Count(string line) => (s_last?.Length ?? 0) + (int)s_stamp;
            }
            """),
            ConcurrencyHost.FixUsings + """
            [Patch("q")]
            public sealed class Q : LivePatch
            {
                private static bool s_busy;

                [Replaces(typeof(Parser), nameof(Parser.Parse))]
                private static int Parse(string line)
                {
                    [|s_busy = line.Length > 0|];
                    return line.Length;
                }

                [Replaces(typeof(Parser), nameof(Parser.Count))]
                private static int Count(string line) => s_busy ? 1 : 0;
            }
            """,
        },
        new[]
        {
            ConcurrencyHost.ForFix("""
            [Patch("p")]
            public sealed class P : LivePatch
            {
                private static string? s_last;
                private static long s_stamp;

                [Replaces(typeof(Parser), nameof(Parser.Parse))]
                private static int Parse(string line)
                {
                    Volatile.Write(ref s_last, line);
                    Volatile.Write(ref s_stamp, line.Length);
                    return line.Length;
                }

                [Replaces(typeof(Parser), nameof(Parser.Count))]
                private static int Count(string line) => (s_last?.Length ?? 0) + (int)s_stamp;
            }
            """, threading: true),
            ConcurrencyHost.FixUsingsWithThreading + """
            [Patch("q")]
            public sealed class Q : LivePatch
            {
                private static bool s_busy;

                [Replaces(typeof(Parser), nameof(Parser.Parse))]
                private static int Parse(string line)
                {
                    Volatile.Write(ref s_busy, line.Length > 0);
                    return line.Length;
                }

                [Replaces(typeof(Parser), nameof(Parser.Count))]
                private static int Count(string line) => s_busy ? 1 : 0;
            }
            """,
        },
        SynchronizeSharedDataFixer.VolatileWriteKey);

    [Fact]
    public Task NoVolatileWrite_ForAProperty_OrATypeVolatileCannotWrite()
    {
        var test = VerifyFix.Create(ConcurrencyHost.ForFix("""
            [Patch("p")]
            public sealed class P : LivePatch
            {
                private static string Last { get; set; } = "";
                private static DateTime s_when;

                [Replaces(typeof(Parser), nameof(Parser.Parse))]
                private static int Parse(string line)
                {
                    [|Last = line|];
                    [|s_when = DateTime.UtcNow|];
                    return line.Length;
                }

                [Replaces(typeof(Parser), nameof(Parser.Count))]
                private static int Count(string line) => Last.Length + s_when.Second;
            }
            """));
        test.CodeActionEquivalenceKey = SynchronizeSharedDataFixer.VolatileWriteKey;
        test.ExpectNoFix = true;
        return test.RunAsync();
    }

    // ---- lock ----

    [Fact]
    public Task Increment_IsWrappedInALock_OnANewGate() => VerifyFix.VerifyCodeFixAsync(ConcurrencyHost.ForFix("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            private static int s_calls;

            [Replaces(typeof(Parser), nameof(Parser.Parse))]
            private static int Parse(string line)
            {
                // count it
                [|s_calls++|]; // counted
                return line.Length;
            }
        }
        """), ConcurrencyHost.ForFix("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            private static int s_calls;
            private static readonly object s_gate = new();

            [Replaces(typeof(Parser), nameof(Parser.Parse))]
            private static int Parse(string line)
            {
                // count it
                lock (s_gate)
                {
                    s_calls++; // counted
                }

                return line.Length;
            }
        }
        """), SynchronizeSharedDataFixer.LockKey);

    [Fact]
    public Task CheckThenAct_TheWholeIfGoesUnderTheLock_AndCoalesceAssignmentItself() => VerifyFix.VerifyCodeFixAsync(ConcurrencyHost.ForFix("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            private static Dictionary<string, int>? s_cache;
            private static object? s_state;

            [Replaces(typeof(Parser), nameof(Parser.Parse))]
            private static int Parse(string line)
            {
                if (s_cache == null)
                {
                    [|s_cache = new Dictionary<string, int>()|];
                }

                [|s_state ??= new object()|];
                return line.Length;
            }
        }
        """), ConcurrencyHost.ForFix("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            private static Dictionary<string, int>? s_cache;
            private static object? s_state;
            private static readonly object s_gate = new();

            [Replaces(typeof(Parser), nameof(Parser.Parse))]
            private static int Parse(string line)
            {
                lock (s_gate)
                {
                    if (s_cache == null)
                    {
                        s_cache = new Dictionary<string, int>();
                    }
                }

                lock (s_gate)
                {
                    s_state ??= new object();
                }

                return line.Length;
            }
        }
        """), SynchronizeSharedDataFixer.LockKey);

    [Fact]
    public Task Lock_AroundAnEmbeddedStatement_InABlockLambda_AndWhereALocalHidesTheGate() => VerifyFix.VerifyCodeFixAsync(ConcurrencyHost.ForFix("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            private static int s_calls;
            private static int s_events;
            private static int s_hits;
            private static EventHandler<string>? s_onParsed;

            [Replaces(typeof(Parser), nameof(Parser.Parse))]
            private static int Parse(string line)
            {
                if (line.Length > 0)
                    [|s_calls++|];
                return line.Length;
            }

            [Replaces(typeof(Parser), nameof(Parser.Count))]
            private static int Count(string s_gate)
            {
                [|s_hits++|];
                return s_gate.Length;
            }

            protected override void PostPatch(PatchContext context)
            {
                s_onParsed = (sender, line) =>
                {
                    [|s_events++|];
                };
                Parser.Parsed += s_onParsed;
            }

            protected override void PreUnpatch(PatchContext context) => Parser.Parsed -= s_onParsed;
        }
        """), ConcurrencyHost.ForFix("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            private static int s_calls;
            private static int s_events;
            private static int s_hits;
            private static EventHandler<string>? s_onParsed;
            private static readonly object s_gate = new();

            [Replaces(typeof(Parser), nameof(Parser.Parse))]
            private static int Parse(string line)
            {
                if (line.Length > 0)
                    lock (s_gate)
                    {
                        s_calls++;
                    }

                return line.Length;
            }

            [Replaces(typeof(Parser), nameof(Parser.Count))]
            private static int Count(string s_gate)
            {
                lock (P.s_gate)
                {
                    s_hits++;
                }

                return s_gate.Length;
            }

            protected override void PostPatch(PatchContext context)
            {
                s_onParsed = (sender, line) =>
                {
                    lock (s_gate)
                    {
                        s_events++;
                    }
                };
                Parser.Parsed += s_onParsed;
            }

            protected override void PreUnpatch(PatchContext context) => Parser.Parsed -= s_onParsed;
        }
        """), SynchronizeSharedDataFixer.LockKey);

    [Fact]
    public Task Lock_FixAll_CreatesOneGatePerClass_InTwoDocuments() => VerifyFix.VerifyCodeFixAsync(
        new[]
        {
            ConcurrencyHost.ForFix("""
            [Patch("p")]
            public sealed class P : LivePatch
            {
                private static readonly List<string> s_seen = new();
                private static readonly Dictionary<string, int> s_lengths = new();
                private static int s_calls;

                [Replaces(typeof(Parser), nameof(Parser.Parse))]
                private static int Parse(string line)
                {
                    [|s_seen.Add(line)|];
                    [|s_lengths[line] = line.Length|];
                    [|s_calls++|];
                    return line.Length;
                }
            }
            """),
            ConcurrencyHost.FixUsings + """
            [Patch("q")]
            public sealed class Q : LivePatch
            {
                private static string s_log = "";

                [Replaces(typeof(Parser), nameof(Parser.Count))]
                private static int Count(string line)
                {
                    [|s_log = s_log + line|];
                    return 0;
                }
            }
            """,
        },
        new[]
        {
            ConcurrencyHost.ForFix("""
            [Patch("p")]
            public sealed class P : LivePatch
            {
                private static readonly List<string> s_seen = new();
                private static readonly Dictionary<string, int> s_lengths = new();
                private static int s_calls;
                private static readonly object s_gate = new();

                [Replaces(typeof(Parser), nameof(Parser.Parse))]
                private static int Parse(string line)
                {
                    lock (s_gate)
                    {
                        s_seen.Add(line);
                    }

                    lock (s_gate)
                    {
                        s_lengths[line] = line.Length;
                    }

                    lock (s_gate)
                    {
                        s_calls++;
                    }

                    return line.Length;
                }
            }
            """),
            ConcurrencyHost.FixUsings + """
            [Patch("q")]
            public sealed class Q : LivePatch
            {
                private static string s_log = "";
                private static readonly object s_gate = new();

                [Replaces(typeof(Parser), nameof(Parser.Count))]
                private static int Count(string line)
                {
                    lock (s_gate)
                    {
                        s_log = s_log + line;
                    }

                    return 0;
                }
            }
            """,
        },
        SynchronizeSharedDataFixer.LockKey);

    [Fact]
    public Task Lock_ReusesAnExistingGate_AndAvoidsANameTakenBySomethingElse() => VerifyFix.VerifyCodeFixAsync(
        new[]
        {
            ConcurrencyHost.ForFix("""
            [Patch("p")]
            public sealed class P : LivePatch
            {
                private static readonly object s_gate = new object();
                private static int s_calls;

                [Replaces(typeof(Parser), nameof(Parser.Parse))]
                private static int Parse(string line)
                {
                    [|s_calls++|];
                    return line.Length;
                }
            }
            """),
            ConcurrencyHost.FixUsings + """
            [Patch("q")]
            public sealed class Q : LivePatch
            {
                private static int s_gate;
                private static int s_calls;

                [Replaces(typeof(Parser), nameof(Parser.Count))]
                private static int Count(string line)
                {
                    [|s_calls++|];
                    [|s_gate += 2|];
                    return s_gate;
                }
            }
            """,
        },
        new[]
        {
            ConcurrencyHost.ForFix("""
            [Patch("p")]
            public sealed class P : LivePatch
            {
                private static readonly object s_gate = new object();
                private static int s_calls;

                [Replaces(typeof(Parser), nameof(Parser.Parse))]
                private static int Parse(string line)
                {
                    lock (s_gate)
                    {
                        s_calls++;
                    }

                    return line.Length;
                }
            }
            """),
            ConcurrencyHost.FixUsings + """
            [Patch("q")]
            public sealed class Q : LivePatch
            {
                private static int s_gate;
                private static int s_calls;
                private static readonly object s_gate2 = new();

                [Replaces(typeof(Parser), nameof(Parser.Count))]
                private static int Count(string line)
                {
                    lock (s_gate2)
                    {
                        s_calls++;
                    }

                    lock (s_gate2)
                    {
                        s_gate += 2;
                    }

                    return s_gate;
                }
            }
            """,
        },
        SynchronizeSharedDataFixer.LockKey);

    [Fact]
    public Task Lock_InAPartialPatch_ItsPartsShareOneGate() => VerifyFix.VerifyCodeFixAsync(
        new[]
        {
            ConcurrencyHost.ForFix("""
            [Patch("p")]
            public sealed partial class P : LivePatch
            {
                private static int s_calls;

                [Replaces(typeof(Parser), nameof(Parser.Parse))]
                private static int Parse(string line)
                {
                    [|s_calls++|];
                    return line.Length;
                }
            }
            """),
            ConcurrencyHost.FixUsings + """
            public sealed partial class P
            {
                private static int s_counted;

                [Replaces(typeof(Parser), nameof(Parser.Count))]
                private static int Count(string line)
                {
                    [|s_counted += line.Length|];
                    return 0;
                }
            }
            """,
        },
        new[]
        {
            ConcurrencyHost.ForFix("""
            [Patch("p")]
            public sealed partial class P : LivePatch
            {
                private static int s_calls;
                private static readonly object s_gate = new();

                [Replaces(typeof(Parser), nameof(Parser.Parse))]
                private static int Parse(string line)
                {
                    lock (s_gate)
                    {
                        s_calls++;
                    }

                    return line.Length;
                }
            }
            """),
            ConcurrencyHost.FixUsings + """
            public sealed partial class P
            {
                private static int s_counted;

                [Replaces(typeof(Parser), nameof(Parser.Count))]
                private static int Count(string line)
                {
                    lock (s_gate)
                    {
                        s_counted += line.Length;
                    }

                    return 0;
                }
            }
            """,
        },
        SynchronizeSharedDataFixer.LockKey);

    [Fact]
    public Task NoFix_ThroughAHelper_InAnExpressionBody_OrForADeclaration() => VerifyFix.VerifyNoFixAsync(ConcurrencyHost.ForFix("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            private static int s_calls;
            private static int s_seen;
            private static int s_hits;

            [Replaces(typeof(Parser), nameof(Parser.Parse))]
            private static int Parse(string line)
            {
                [|Count()|];
                var seen = [|++s_seen|];
                return seen;
            }

            [Replaces(typeof(Parser), nameof(Parser.Count))]
            private static int Hit(string line) => [|s_hits++|];

            private static void Count() => s_calls++;
        }
        """));
}


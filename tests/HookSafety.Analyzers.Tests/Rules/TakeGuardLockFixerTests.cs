using System.Threading.Tasks;
using HookSafety.Analyzers.Tests.Hosts;
using Xunit;
using VerifyFix = HookSafety.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<HookSafety.Analyzers.Tests.Verifiers.Only<HookSafety.Analyzers.Rules.GuardedBy>, HookSafety.CodeFixes.Rules.TakeGuardLockFixer>;
using VerifyAnalyzer = HookSafety.Analyzers.Tests.Verifiers.CSharpAnalyzerVerifier<HookSafety.Analyzers.Tests.Verifiers.Only<HookSafety.Analyzers.Rules.GuardedBy>>;

namespace HookSafety.Analyzers.Tests.Rules;

public sealed class TakeGuardLockFixerTests
{
    [Fact]
    public Task Update_IsWrappedInTheLockItsGuardNames() => VerifyFix.VerifyCodeFixAsync(ConcurrencyHost.ForFix("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            private static readonly object s_gate = new();

            [GuardedBy(nameof(s_gate))]
            private static long s_tokens;

            [Replaces(typeof(Parser), nameof(Parser.Parse))]
            private static int Parse(string line)
            {
                var tokens = line.Split(' ');
                [|s_tokens += tokens.Length|]; // counted
                return tokens.Length;
            }
        }
        """), ConcurrencyHost.ForFix("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            private static readonly object s_gate = new();

            [GuardedBy(nameof(s_gate))]
            private static long s_tokens;

            [Replaces(typeof(Parser), nameof(Parser.Parse))]
            private static int Parse(string line)
            {
                var tokens = line.Split(' ');
                lock (s_gate)
                {
                    s_tokens += tokens.Length; // counted
                }

                return tokens.Length;
            }
        }
        """));

    [Fact]
    public Task ReadInAReturn_AndCheckThenAct_TheWholeIfGoesUnderTheLock() => VerifyFix.VerifyCodeFixAsync(ConcurrencyHost.ForFix("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            private static readonly object s_gate = new();

            [GuardedBy(nameof(s_gate))]
            private static Dictionary<string, int>? s_cache;

            [Replaces(typeof(Parser), nameof(Parser.Parse))]
            private static int Parse(string line)
            {
                if ([|s_cache|] == null)
                {
                    [|s_cache = new Dictionary<string, int>()|];
                }

                return [|s_cache|].Count;
            }
        }
        """), ConcurrencyHost.ForFix("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            private static readonly object s_gate = new();

            [GuardedBy(nameof(s_gate))]
            private static Dictionary<string, int>? s_cache;

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
                    return s_cache.Count;
                }
            }
        }
        """));

    [Fact]
    public Task InstanceLock_InAnInstanceCallback() => VerifyFix.VerifyCodeFixAsync(ConcurrencyHost.ForFix("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            private readonly object _gate = new();

            [GuardedBy(nameof(_gate))]
            private readonly List<string> _lines = new();

            protected override void PostPatch(PatchContext context) => Parser.Parsed += OnParsed;

            protected override void PreUnpatch(PatchContext context) => Parser.Parsed -= OnParsed;

            private void OnParsed(object? sender, string line)
            {
                [|_lines.Add(line)|];
            }
        }
        """), ConcurrencyHost.ForFix("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            private readonly object _gate = new();

            [GuardedBy(nameof(_gate))]
            private readonly List<string> _lines = new();

            protected override void PostPatch(PatchContext context) => Parser.Parsed += OnParsed;

            protected override void PreUnpatch(PatchContext context) => Parser.Parsed -= OnParsed;

            private void OnParsed(object? sender, string line)
            {
                lock (_gate)
                {
                    _lines.Add(line);
                }
            }
        }
        """));

    [Fact]
    public Task InstanceLock_OfAnotherInstance_OrHiddenByALocal() => VerifyFix.VerifyCodeFixAsync(ConcurrencyHost.ForFix("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            private readonly object _gate = new();
            private P? _previous;

            [GuardedBy(nameof(_gate))]
            private int _count;

            protected override void PostPatch(PatchContext context) => Parser.Parsed += OnParsed;

            protected override void PreUnpatch(PatchContext context) => Parser.Parsed -= OnParsed;

            private void OnParsed(object? sender, string line)
            {
                var _gate = line.Trim();
                [|_count++|];
                if (_previous != null)
                {
                    [|_previous._count--|];
                }

                Console.WriteLine(_gate);
            }
        }
        """), ConcurrencyHost.ForFix("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            private readonly object _gate = new();
            private P? _previous;

            [GuardedBy(nameof(_gate))]
            private int _count;

            protected override void PostPatch(PatchContext context) => Parser.Parsed += OnParsed;

            protected override void PreUnpatch(PatchContext context) => Parser.Parsed -= OnParsed;

            private void OnParsed(object? sender, string line)
            {
                var _gate = line.Trim();
                lock (this._gate)
                {
                    _count++;
                }

                if (_previous != null)
                {
                    lock (_previous._gate)
                    {
                        _previous._count--;
                    }
                }

                Console.WriteLine(_gate);
            }
        }
        """));

    [Fact]
    public Task FixAll_InTwoDocuments_AndTwiceInOneClass() => VerifyFix.VerifyCodeFixAsync(
        new[]
        {
            ConcurrencyHost.ForFix("""
            [Patch("p")]
            public sealed class P : LivePatch
            {
                private static readonly object s_gate = new();

                [GuardedBy(nameof(s_gate))]
                private static int s_calls;

                [GuardedBy(nameof(s_gate))]
                private static string s_last = "";

                [Replaces(typeof(Parser), nameof(Parser.Parse))]
                private static int Parse(string line)
                {
                    [|s_calls++|];
                    [|s_last = line|];
                    return line.Length;
                }
            }
            """),
            ConcurrencyHost.FixUsings + """
            [Patch("q")]
            public sealed class Q : LivePatch
            {
                private static readonly object s_sync = new();

                [GuardedBy(nameof(s_sync))]
                private static int s_counted;

                [Replaces(typeof(Parser), nameof(Parser.Count))]
                private static int Count(string line)
                {
                    [|s_counted = s_counted + 1|];
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
                private static readonly object s_gate = new();

                [GuardedBy(nameof(s_gate))]
                private static int s_calls;

                [GuardedBy(nameof(s_gate))]
                private static string s_last = "";

                [Replaces(typeof(Parser), nameof(Parser.Parse))]
                private static int Parse(string line)
                {
                    lock (s_gate)
                    {
                        s_calls++;
                    }

                    lock (s_gate)
                    {
                        s_last = line;
                    }

                    return line.Length;
                }
            }
            """),
            ConcurrencyHost.FixUsings + """
            [Patch("q")]
            public sealed class Q : LivePatch
            {
                private static readonly object s_sync = new();

                [GuardedBy(nameof(s_sync))]
                private static int s_counted;

                [Replaces(typeof(Parser), nameof(Parser.Count))]
                private static int Count(string line)
                {
                    lock (s_sync)
                    {
                        s_counted = s_counted + 1;
                    }

                    return 0;
                }
            }
            """,
        });

    [Fact]
    public Task NoFix_ForAnInstanceLockInStaticCode_AnExpressionBody_ADeclaration_OrAnUnknownLock() => VerifyFix.VerifyNoFixAsync(ConcurrencyHost.ForFix("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            private readonly object _gate = new();
            private static readonly object s_gate = new();

            [GuardedBy(nameof(_gate))]
            private static int s_calls;

            [GuardedBy(nameof(s_gate))]
            private static int s_seen;

            [GuardedBy({|#0:"s_missing"|})]
            private static int s_lost;

            [Replaces(typeof(Parser), nameof(Parser.Parse))]
            private static int Parse(string line)
            {
                [|s_calls++|];
                var seen = [|s_seen|];
                return seen + s_lost;
            }

            [Replaces(typeof(Parser), nameof(Parser.Count))]
            private static int Count(string line) => [|s_seen|];
        }
        """), VerifyAnalyzer.Diagnostic("HS0007").WithLocation(0));
}

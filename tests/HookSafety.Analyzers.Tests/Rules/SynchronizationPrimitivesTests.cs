using System.Threading.Tasks;
using HookSafety.Analyzers.Tests.Hosts;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using VerifyCS = HookSafety.Analyzers.Tests.Verifiers.CSharpAnalyzerVerifier<HookSafety.Analyzers.Tests.Verifiers.Only<HookSafety.Analyzers.Rules.UnsynchronizedSharedData>>;

namespace HookSafety.Analyzers.Tests.Rules;

/// <summary>
/// HS0006 and the synchronization primitives besides <c>lock</c>: <c>ReaderWriterLockSlim</c> (a write lock guards writes,
/// a read lock only reads) and a <c>SemaphoreSlim</c> with one slot used as a mutex.
/// </summary>
public sealed class SynchronizationPrimitivesTests
{
    private static Task Verify(string patch, params DiagnosticResult[] expected) => VerifyCS.VerifyAnalyzerAsync(ConcurrencyHost.With(patch), expected);

    private static string Replacement(string fields, string body) => """
        [Patch("p")]
        public sealed class P : LivePatch
        {
            private static readonly Dictionary<string, int> s_counts = new();
            private static readonly ReaderWriterLockSlim s_rw = new();
            private static int s_total;

        """ + fields + """

            [Replaces(typeof(Parser), nameof(Parser.Parse))]
            private static int Parse(string line)
            {
        """ + body + """

                return line.Length;
            }
        }
        """;

    // ---- flagged ----

    [Fact]
    public Task DictionaryWrittenUnderAReadLock_IsFlagged() => Verify(Replacement(string.Empty, """
                s_rw.EnterReadLock();
                try
                {
                    {|#0:s_counts[line] = 1|};
                }
                finally
                {
                    s_rw.ExitReadLock();
                }
        """),
        VerifyCS.Diagnostic("HS0006").WithLocation(0).WithMessage(
            "'s_counts' is changed through its indexer without synchronization in replacement 'Parse', which runs on many threads at once; "
            + "Dictionary<string, int> is not thread-safe: take a lock around every use, or hold a concurrent collection (System.Collections.Concurrent)"));

    [Fact]
    public Task IncrementUnderAnUpgradeableLockNotUpgraded_IsFlagged() => Verify(Replacement(string.Empty, """
                s_rw.EnterUpgradeableReadLock();
                try
                {
                    [|s_total++|];
                }
                finally
                {
                    s_rw.ExitUpgradeableReadLock();
                }
        """));

    [Fact]
    public Task SemaphoreWithSeveralSlots_IsNoMutex_AndIsFlagged() => Verify(Replacement("""
            private static readonly SemaphoreSlim s_gate = new(4, 4);
        """, """
                s_gate.Wait();
                try
                {
                    [|s_total++|];
                }
                finally
                {
                    s_gate.Release();
                }
        """));

    [Fact]
    public Task WriteAfterTheWriteLockIsReleased_IsFlagged() => Verify(Replacement(string.Empty, """
                s_rw.EnterWriteLock();
                s_counts[line] = 1;
                s_rw.ExitWriteLock();
                {|#0:s_total++|};
        """),
        VerifyCS.Diagnostic("HS0006").WithLocation(0));

    // ---- left alone ----

    [Fact]
    public Task WritesUnderTheWriteLock_AreLeftAlone() => Verify(Replacement(string.Empty, """
                s_rw.EnterWriteLock();
                try
                {
                    s_counts[line] = 1;
                    s_total++;
                }
                finally
                {
                    s_rw.ExitWriteLock();
                }
        """));

    [Fact]
    public Task WritesBetweenEnterAndExitStatements_AreLeftAlone() => Verify(Replacement(string.Empty, """
                s_rw.EnterWriteLock();
                s_counts[line] = 1;
                s_rw.ExitWriteLock();
        """));

    [Fact]
    public Task AnUpgradeableLockUpgraded_IsLeftAlone() => Verify(Replacement(string.Empty, """
                s_rw.EnterUpgradeableReadLock();
                try
                {
                    if (!s_counts.ContainsKey(line))
                    {
                        s_rw.EnterWriteLock();
                        try
                        {
                            s_counts.Add(line, 1);
                        }
                        finally
                        {
                            s_rw.ExitWriteLock();
                        }
                    }
                }
                finally
                {
                    s_rw.ExitUpgradeableReadLock();
                }
        """));

    [Fact]
    public Task ReadsUnderTheReadLock_AreLeftAlone() => Verify(Replacement(string.Empty, """
                s_rw.EnterReadLock();
                try
                {
                    _ = s_counts.TryGetValue(line, out var count) ? count + s_total : s_total;
                }
                finally
                {
                    s_rw.ExitReadLock();
                }
        """));

    [Fact]
    public Task ASemaphoreWithOneSlot_IsAMutex() => Verify(Replacement("""
            private static readonly SemaphoreSlim s_gate = new SemaphoreSlim(1, 1);
            private static readonly SemaphoreSlim s_other = new(1);
        """, """
                s_gate.Wait();
                try
                {
                    s_total++;
                    s_counts[line] = s_total;
                }
                finally
                {
                    s_gate.Release();
                }

                s_other.Wait();
                s_total--;
                s_other.Release();
        """));

    [Fact]
    public Task ASemaphoreWithOneSlot_AwaitedInAnAsyncCallback_IsAMutex() => Verify("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            private static readonly SemaphoreSlim s_gate = new(1, 1);
            private static readonly List<string> s_seen = new();

            protected override void PostPatch(PatchContext context) => Parser.Parsed += OnParsed;

            protected override void PreUnpatch(PatchContext context) => Parser.Parsed -= OnParsed;

            private static async void OnParsed(object? sender, string line)
            {
                await s_gate.WaitAsync();
                try
                {
                    s_seen.Add(line);
                }
                finally
                {
                    s_gate.Release();
                }
            }

            [Replaces(typeof(Parser), nameof(Parser.Parse))]
            private static int Parse(string line)
            {
                s_gate.Wait();
                try
                {
                    s_seen.Clear();
                }
                finally
                {
                    s_gate.Release();
                }

                return line.Length;
            }
        }
        """);
}

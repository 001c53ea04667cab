using System.Threading.Tasks;
using HookSafety.Analyzers.Rules;
using HookSafety.Analyzers.Tests.Hosts;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using VerifyWait = HookSafety.Analyzers.Tests.Verifiers.CSharpAnalyzerVerifier<HookSafety.Analyzers.Tests.Verifiers.Only<HookSafety.Analyzers.Rules.BlockingWait>>;

namespace HookSafety.Analyzers.Tests.Rules;

public sealed class BlockingWaitAnalyzerTests
{
    private static Task Verify(string patch, params DiagnosticResult[] expected) => VerifyWait.VerifyAnalyzerAsync(LifecycleHost.With(patch), expected);

    private static string Patch(string members) => """
        [Patch("p")]
        public sealed class P : LivePatch
        {
            private static readonly System.Threading.Tasks.Task<int> s_task = System.Threading.Tasks.Task.FromResult(1);
            private static readonly ManualResetEvent s_event = new(true);
            private static readonly ManualResetEventSlim s_slim = new(true);
            private static readonly SemaphoreSlim s_semaphore = new(1);
            private static readonly object s_gate = new();

        """ + members + "\n}";

    // ---- flagged ----

    [Fact]
    public Task ThreadSleepInPostPatch_IsFlagged() => Verify(Patch("""
            protected override void PostPatch(PatchContext context) => {|#0:Thread.Sleep(100)|};
        """),
        VerifyWait.Diagnostic("HS0016").WithLocation(0)
            .WithMessage("'Thread.Sleep(100)' blocks in PostPatch, holding up every other patch operation of the manager; wait with a timeout, or do the work outside the hook"));

    [Fact]
    public Task TaskWaitInPreUnpatch_IsFlagged() => Verify(Patch("""
            protected override void PreUnpatch(PatchContext context) => [|s_task.Wait()|];
        """));

    [Fact]
    public Task ResultInPrePatch_IsFlagged() => Verify(Patch("""
            protected override HookResult PrePatch(PatchContext context)
            {
                var value = [|s_task.Result|];
                return value > 0 ? HookResult.Continue : HookResult.Reject("no value");
            }
        """));

    [Fact]
    public Task GetAwaiterGetResultInPostUnpatch_IsFlagged() => Verify(Patch("""
            protected override void PostUnpatch(PatchContext context) => Net.Counter = [|s_task.GetAwaiter().GetResult()|];
        """));

    [Fact]
    public Task WaitOneWithoutTimeout_IsFlagged() => Verify(Patch("""
            protected override void PostPatch(PatchContext context) => [|s_event.WaitOne()|];
        """));

    [Fact]
    public Task MonitorEnterInPrePatch_IsFlagged() => Verify(Patch("""
            protected override HookResult PrePatch(PatchContext context)
            {
                [|Monitor.Enter(s_gate)|];
                Monitor.Exit(s_gate);
                return HookResult.Continue;
            }
        """));

    [Fact]
    public Task SemaphoreWaitInAHelper_IsFlaggedOnTheCall() => Verify(Patch("""
            protected override void PostPatch(PatchContext context) => {|#0:Acquire()|};

            private static void Acquire() => {|#1:s_semaphore.Wait()|};
        """),
        VerifyWait.Diagnostic("HS0016").WithLocation(0).WithLocation(1)
            .WithMessage("'s_semaphore.Wait()' blocks in PostPatch via Acquire(), holding up every other patch operation of the manager; wait with a timeout, or do the work outside the hook"));

    [Fact]
    public Task WaitAllAndSlimEvents_AreFlagged() => Verify(Patch("""
            protected override void PreUnpatch(PatchContext context)
            {
                [|System.Threading.Tasks.Task.WaitAll(s_task)|];
                [|s_slim.Wait()|];
            }
        """));

    // ---- left alone ----

    [Fact]
    public Task WaitsWithATimeout_AreLeftAlone() => Verify(Patch("""
            protected override void PostPatch(PatchContext context)
            {
                s_task.Wait(100);
                s_event.WaitOne(TimeSpan.FromSeconds(1));
                s_semaphore.Wait(TimeSpan.FromMilliseconds(50));
                s_slim.Wait(10);
            }
        """));

    [Fact]
    public Task MonitorTryEnterWithATimeout_IsLeftAlone() => Verify(Patch("""
            protected override void PostPatch(PatchContext context)
            {
                if (Monitor.TryEnter(s_gate, 100))
                {
                    Monitor.Exit(s_gate);
                }
            }
        """));

    [Fact]
    public Task BlockingInAReplacement_IsNotAHooksBusiness() => Verify("""
        public static class Parser
        {
            public static readonly PatchPoint<Func<string, int>> Parse = new("Parse", s => s.Length);
        }

        """ + Patch("""
            [Replaces(typeof(Parser), nameof(Parser.Parse))]
            private static int Parse(string line)
            {
                Thread.Sleep(1);
                return line.Length;
            }
        """));

    [Fact]
    public Task BlockingInALambdaStoredForLater_IsLeftAlone() => Verify(Patch("""
            protected override void PostPatch(PatchContext context) => Net.PacketReceived += (sender, packet) => Thread.Sleep(5);

            protected override void PreUnpatch(PatchContext context) => Net.Log("bye");
        """));

    [Fact]
    public Task JoiningAThreadWithoutATimeLimit_IsFlagged() => Verify(Patch("""
            private static Thread? s_worker;

            protected override void PostPatch(PatchContext context)
            {
                s_worker = new Thread(() => { });
                s_worker.Start();
            }

            protected override void PreUnpatch(PatchContext context) => {|#0:s_worker?.Join()|};
        """),
        VerifyWait.Diagnostic("HS0016").WithLocation(0)
            .WithMessage("'s_worker?.Join()' blocks in PreUnpatch, holding up every other patch operation of the manager; wait with a timeout, or do the work outside the hook"));

    [Fact]
    public Task JoiningAThreadThroughAPatternVariable_IsFlagged() => Verify(Patch("""
            private static Thread? s_worker;

            protected override void PreUnpatch(PatchContext context)
            {
                if (s_worker is { } worker)
                {
                    [|worker.Join()|];
                }
            }
        """));

    [Fact]
    public Task JoiningAStartedThreadWithATimeLimit_IsLeftAlone() => Verify(Patch("""
            private static Thread? s_worker;

            protected override void PostPatch(PatchContext context)
            {
                s_worker = new Thread(() => { });
                s_worker.Start();
            }

            protected override void PreUnpatch(PatchContext context)
            {
                s_worker?.Join(5000);
                s_worker?.Join(System.TimeSpan.FromSeconds(5));
            }
        """));

    [Fact]
    public Task JoiningInAReplacementOrCallback_IsLeftAlone() => Verify(Patch("""
            private static Thread? s_worker;

            protected override void PostPatch(PatchContext context) => Net.PacketReceived += (sender, packet) => s_worker?.Join();
        """));

    [Fact]
    public Task CreatingTasksWithoutWaiting_IsLeftAlone() => Verify(Patch("""
            protected override void PostPatch(PatchContext context)
            {
                _ = System.Threading.Tasks.Task.Delay(100);
                _ = System.Threading.Tasks.Task.Run(() => Thread.Sleep(10));
            }
        """));

    [Fact]
    public Task CompletedChecksAndNonBlockingCalls_AreLeftAlone() => Verify(Patch("""
            protected override void PostUnpatch(PatchContext context)
            {
                if (s_task.IsCompleted)
                {
                    Net.Log("done");
                }

                s_event.Set();
                s_semaphore.Release();
            }
        """));

    [Fact]
    public Task LockStatements_AreNotFlagged() => Verify(Patch("""
            protected override void PostPatch(PatchContext context)
            {
                lock (s_gate)
                {
                    Net.Log("locked");
                }
            }
        """));
}

using System.Threading.Tasks;
using HookSafety.Analyzers.Rules;
using HookSafety.Analyzers.Tests.Hosts;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using VerifySticky = HookSafety.Analyzers.Tests.Verifiers.CSharpAnalyzerVerifier<HookSafety.Analyzers.Tests.Verifiers.Only<HookSafety.Analyzers.Rules.StickyUnpatchHooks>>;
using VerifyWait = HookSafety.Analyzers.Tests.Verifiers.CSharpAnalyzerVerifier<HookSafety.Analyzers.Tests.Verifiers.Only<HookSafety.Analyzers.Rules.BlockingWait>>;

namespace HookSafety.Analyzers.Tests.Rules;

public sealed class StickyUnpatchHooksAnalyzerTests
{
    private static Task Verify(string patch, params DiagnosticResult[] expected) => VerifySticky.VerifyAnalyzerAsync(LifecycleHost.With(patch), expected);

    // ---- flagged ----

    [Fact]
    public Task StickyPatchWithPreUnpatch_IsFlagged() => Verify("""
        [Patch("p", Sticky = true)]
        public sealed class P : LivePatch
        {
            protected override void {|#0:PreUnpatch|}(PatchContext context) => Net.Log("bye");
        }
        """,
        VerifySticky.Diagnostic("HS0015").WithLocation(0).WithSeverity(DiagnosticSeverity.Info)
            .WithMessage("'P' is sticky, so it is never disabled and its PreUnpatch never runs; remove it, or make the patch not sticky"));

    [Fact]
    public Task StickyPatchWithPostUnpatch_IsFlagged() => Verify("""
        [Patch("p", Sticky = true)]
        public sealed class P : LivePatch
        {
            protected override void [|PostUnpatch|](PatchContext context)
            {
                Net.ChallengeAckLimit = 100;
            }
        }
        """);

    [Fact]
    public Task BothUnpatchHooks_AreTwoFindings() => Verify("""
        [Patch("p", Sticky = true, Cumulative = true)]
        public sealed class P : LivePatch
        {
            protected override void [|PreUnpatch|](PatchContext context) { }

            protected override void [|PostUnpatch|](PatchContext context) { }
        }
        """);

    [Fact]
    public Task SealedOverride_IsFlagged() => Verify("""
        [Patch("p", Sticky = true)]
        public class P : LivePatch
        {
            protected sealed override void [|PostUnpatch|](PatchContext context) { }
        }
        """);

    [Fact]
    public Task NestedStickyPatch_IsFlagged() => Verify("""
        public static class Fixes
        {
            [Patch("p", Sticky = true)]
            public sealed class P : LivePatch
            {
                protected override void [|PreUnpatch|](PatchContext context) => Net.Log("never");
            }
        }
        """);

    [Fact]
    public Task HookInTheOtherPartOfAPartialPatch_IsFlagged() => VerifySticky.VerifyAnalyzerAsync(
        new[]
        {
            LifecycleHost.With("""
                [Patch("p", Sticky = true)]
                public sealed partial class P : LivePatch
                {
                }
                """),
            LifecycleHost.Usings + """
                public sealed partial class P
                {
                    protected override void [|PostUnpatch|](PatchContext context) { }
                }
                """,
        },
        editorConfig: null);

    [Fact]
    public Task StickyPatchWithEveryHook_FlagsOnlyTheUnpatchHooks() => Verify("""
        [Patch("p", Sticky = true)]
        public sealed class P : LivePatch
        {
            protected override HookResult PrePatch(PatchContext context) => HookResult.Continue;

            protected override void PostPatch(PatchContext context) { }

            protected override void [|PreUnpatch|](PatchContext context) { }
        }
        """);

    [Fact]
    public Task StickyTrueAmongOtherArguments_IsFlagged() => Verify("""
        [Patch(id: "p", Cumulative = false, Sticky = true)]
        public sealed class P : LivePatch
        {
            protected override void [|PostUnpatch|](PatchContext context) { }
        }
        """);

    // ---- left alone ----

    [Fact]
    public Task PatchThatIsNotSticky_IsLeftAlone() => Verify("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            protected override void PreUnpatch(PatchContext context) { }

            protected override void PostUnpatch(PatchContext context) { }
        }
        """);

    [Fact]
    public Task StickyPatchWithoutUnpatchHooks_IsLeftAlone() => Verify("""
        [Patch("p", Sticky = true)]
        public sealed class P : LivePatch
        {
            protected override HookResult PrePatch(PatchContext context) => HookResult.Continue;

            protected override void PostPatch(PatchContext context) { }
        }
        """);

    [Fact]
    public Task StickyFalse_IsLeftAlone() => Verify("""
        [Patch("p", Sticky = false)]
        public sealed class P : LivePatch
        {
            protected override void PostUnpatch(PatchContext context) { }
        }
        """);

    [Fact]
    public Task OverloadThatIsNotAHook_IsLeftAlone() => Verify("""
        [Patch("p", Sticky = true)]
        public sealed class P : LivePatch
        {
            private void PostUnpatch(int attempt) { }
        }
        """);

    [Fact]
    public Task HookInheritedFromAReusableBase_IsLeftAlone() => Verify("""
        public abstract class Base : LivePatch
        {
            protected override void PostUnpatch(PatchContext context) { }
        }

        [Patch("p", Sticky = true)]
        public sealed class P : Base
        {
        }
        """);

    [Fact]
    public Task ClassesThatAreNotPatches_AreLeftAlone() => Verify("""
        public sealed class NotAPatch
        {
            public void PostUnpatch(PatchContext context) { }
        }
        """);

    [Fact]
    public Task StickyPatchWhoseOtherHooksExist_IsLeftAloneForThem() => Verify("""
        [Patch("p", Sticky = true)]
        public sealed class P : LivePatch
        {
            protected override void PostPatch(PatchContext context) => Net.Log("for ever");
        }
        """);

    [Fact]
    public Task AbstractStickyLookingBase_IsNotAPatch() => Verify("""
        public abstract class Base : LivePatch
        {
            protected override void PreUnpatch(PatchContext context) { }
        }
        """);
}

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
    public Task JoiningAStartedThread_IsLeftAlone() => Verify(Patch("""
            private static Thread? s_worker;

            protected override void PostPatch(PatchContext context)
            {
                s_worker = new Thread(() => { });
                s_worker.Start();
            }

            protected override void PreUnpatch(PatchContext context) => s_worker?.Join();
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

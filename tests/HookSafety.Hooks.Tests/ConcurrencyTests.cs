using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using System.Threading;
using Xunit;

namespace HookSafety.Hooks.Tests;

public class ConcurrencyTests : ManagerTestBase
{
    private static readonly Func<TestPatch>[] s_concurrentPatches =
    {
        () => new Concurrent0(), () => new Concurrent1(), () => new Concurrent2(), () => new Concurrent3(),
    };

    private static readonly Dictionary<Type, int> s_concurrentResults = new()
    {
        [typeof(Concurrent0)] = 1000, [typeof(Concurrent1)] = 2000, [typeof(Concurrent2)] = 3000, [typeof(Concurrent3)] = 4000,
    };

    private static void RunOnThreads(int count, Action<int> body)
    {
        var errors = new ConcurrentQueue<Exception>();
        using var start = new Barrier(count);
        Thread[] threads = Enumerable.Range(0, count).Select(i => new Thread(() =>
        {
            try
            {
                start.SignalAndWait();
                body(i);
            }
            catch (Exception e)
            {
                errors.Enqueue(e);
            }
        })).ToArray();
        foreach (Thread thread in threads)
        {
            thread.Start();
        }

        foreach (Thread thread in threads)
        {
            thread.Join();
        }

        Assert.Empty(errors);
    }

    [Fact]
    public void EnableAndDisable_FromSeveralThreads_HooksNeverOverlap_AndTheEndStateIsConsistent()
    {
        int inHook = 0, overlaps = 0, hookCalls = 0;
        void Hook()
        {
            if (Interlocked.Increment(ref inHook) != 1)
            {
                Interlocked.Increment(ref overlaps);
            }

            Interlocked.Increment(ref hookCalls);
            Thread.SpinWait(50);
            Interlocked.Decrement(ref inHook);
        }

        RunOnThreads(4, i =>
        {
            for (int round = 0; round < 50; round++)
            {
                TestPatch patch = s_concurrentPatches[i]();
                patch.OnPrePatch = _ => { Hook(); return HookResult.Continue; };
                patch.OnPostPatch = _ => Hook();
                patch.OnPreUnpatch = _ => Hook();
                patch.OnPostUnpatch = _ => Hook();
                Manager.Enable(patch);
                Assert.Contains(patch, Manager.Enabled);
                Manager.Disable("conc-" + i);
            }
        });

        Assert.Equal(0, overlaps);
        Assert.Equal(4 * 50 * 4, hookCalls);
        Assert.Empty(Manager.Enabled);
        Assert.Empty(Manager.States);
        Assert.Same(ConcurrentHost.Point.Original, ConcurrentHost.Point.Current);
        Assert.Equal(0, ConcurrentHost.Point.Depth);
    }

    [Fact]
    public void ConcurrentEnables_StackInEnableOrder()
    {
        RunOnThreads(4, i => Manager.Enable(s_concurrentPatches[i]()));

        Assert.Equal(4, Manager.Enabled.Count);
        Assert.Equal(4, ConcurrentHost.Point.Depth);
        Assert.Equal(s_concurrentResults[Manager.Enabled[3].GetType()], ConcurrentHost.Point.Current(0));

        LivePatch top = Manager.Enabled[3];
        Manager.Disable(top.GetType().GetCustomAttribute<PatchAttribute>()!.Id);

        Assert.DoesNotContain(top, Manager.Enabled);
        Assert.Equal(s_concurrentResults[Manager.Enabled[2].GetType()], ConcurrentHost.Point.Current(0));
    }

    [Fact]
    public void Stress_HostCallsNeverFail_WhilePatchesComeAndGo()
    {
        const int Rounds = 200;
        int[] known = { 0, 1000, 2000, 3000 };
        var failures = new ConcurrentQueue<string>();
        long calls = 0;
        int done = 0;

        RunOnThreads(5, i =>
        {
            if (i == 0)
            {
                try
                {
                    for (int round = 0; round < Rounds; round++)
                    {
                        Manager.Enable(new StressA());
                        Manager.Enable(new StressB());
                        Manager.Disable("stress-a");
                        Manager.Enable(new StressCumulative());  // replaces stress-b
                        Manager.Disable("stress-cumulative");
                    }
                }
                finally
                {
                    Volatile.Write(ref done, 1);          // the host threads stop with the writer, even if it failed
                }

                return;
            }

            for (int n = 0; Volatile.Read(ref done) == 0; n++)
            {
                int x = n & 0xFF;
                try
                {
                    int result = StressHost.Point.Current(x);
                    if (Array.IndexOf(known, result - x) < 0)
                    {
                        failures.Enqueue($"unexpected result {result} for {x}");
                    }
                }
                catch (Exception e)
                {
                    failures.Enqueue(e.ToString());
                }

                Interlocked.Increment(ref calls);
            }
        });

        Assert.Empty(failures);
        Assert.True(Interlocked.Read(ref calls) > 0);
        Assert.Empty(Manager.Enabled);
        Assert.Same(StressHost.Point.Original, StressHost.Point.Current);
    }
}

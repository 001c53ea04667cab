using System;
using System.Threading;
using HookSafety.Hooks;

namespace HookSafety.Samples.Host;

/// <summary>
/// The host's background jobs (the kernel's callbacks demo patches the work function of a busy module,
/// <c>livepatch-callbacks-busymod</c>): a work function as patch point, and the state a patch's hooks look at.
/// </summary>
public static class Jobs
{
    private static int s_running;

    /// <summary>Set while the host shuts down: no patch should start then.</summary>
    public static volatile bool IsShuttingDown;

    /// <summary>Set while no job runs.</summary>
    public static readonly ManualResetEventSlim Idle = new(initialState: true);

    /// <summary>The work function: runs job <c>id</c> and says what it did.</summary>
    public static readonly PatchPoint<Func<int, string>> Work = new(nameof(Work), id => $"job {id}: original work");

    /// <summary>The number of jobs running now.</summary>
    public static int Running => Volatile.Read(ref s_running);

    /// <summary>Runs job <paramref name="id"/> through the patch point.</summary>
    public static string Run(int id)
    {
        if (Interlocked.Increment(ref s_running) == 1)
        {
            Idle.Reset();
        }

        try
        {
            return Work.Current(id);
        }
        finally
        {
            if (Interlocked.Decrement(ref s_running) == 0)
            {
                Idle.Set();
            }
        }
    }
}

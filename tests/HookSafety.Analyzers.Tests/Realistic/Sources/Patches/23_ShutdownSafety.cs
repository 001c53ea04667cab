using System;
using System.Threading;
using System.Threading.Tasks;
using HookSafety.Hooks;
using PayTerm.Host;

namespace PayTerm.Patches;

// Transactions approved in the last seconds before a shutdown were lost. The patch queues every approval for
// settlement as soon as it happens and, on process exit, Ctrl+C, a crash or an unobserved task failure, logs how many
// are still pending. Every handler is added in PostPatch and removed in PreUnpatch.

[Patch("shutdown-safety")]
public sealed class ShutdownSafety : LivePatch
{
    private static long s_queuedByPatch;

    protected override void PostPatch(PatchContext context)
    {
        Authorizer.Approved += OnApproved;
        AppDomain.CurrentDomain.ProcessExit += OnProcessExit;
        AppDomain.CurrentDomain.UnhandledException += OnUnhandled;
        TaskScheduler.UnobservedTaskException += OnUnobserved;
        Console.CancelKeyPress += OnCancel;
    }

    protected override void PreUnpatch(PatchContext context)
    {
        Console.CancelKeyPress -= OnCancel;
        TaskScheduler.UnobservedTaskException -= OnUnobserved;
        AppDomain.CurrentDomain.UnhandledException -= OnUnhandled;
        AppDomain.CurrentDomain.ProcessExit -= OnProcessExit;
        Authorizer.Approved -= OnApproved;
    }

    private static void OnApproved(object? sender, Transaction transaction)
    {
        Settlement.Pending.Enqueue(transaction);
        Interlocked.Increment(ref s_queuedByPatch);
    }

    private static void OnProcessExit(object? sender, EventArgs e) => Report("process exit");

    private static void OnUnhandled(object sender, UnhandledExceptionEventArgs e) => Report($"crash ({e.ExceptionObject.GetType().Name})");

    private static void OnUnobserved(object? sender, UnobservedTaskExceptionEventArgs e) => Report("unobserved task failure");

    private static void OnCancel(object? sender, ConsoleCancelEventArgs e) => Report("Ctrl+C");

    private static void Report(string why)
        => Console.Error.WriteLine($"shutdown-safety: {why}; {Settlement.Pending.Count} pending, {Interlocked.Read(ref s_queuedByPatch)} queued by the patch");
}

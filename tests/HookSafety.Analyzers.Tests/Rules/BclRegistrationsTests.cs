using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using VerifyRegistration = HookSafety.Analyzers.Tests.Verifiers.CSharpAnalyzerVerifier<HookSafety.Analyzers.Tests.Verifiers.Only<HookSafety.Analyzers.Rules.MissingUnregistration>>;
using VerifyUndo = HookSafety.Analyzers.Tests.Verifiers.CSharpAnalyzerVerifier<HookSafety.Analyzers.Tests.Verifiers.Only<HookSafety.Analyzers.Rules.MissingUndo>>;
using VerifyWrongHook = HookSafety.Analyzers.Tests.Verifiers.CSharpAnalyzerVerifier<HookSafety.Analyzers.Tests.Verifiers.Only<HookSafety.Analyzers.Rules.UndoInWrongHook>>;

namespace HookSafety.Analyzers.Tests.Rules;

/// <summary>
/// The base class library's process-wide registrations (<see cref="BclTables"/>, and the pairs and events the other
/// tables already read): each flagged when never undone, and left alone when undone as its entry says.
/// </summary>
public sealed class BclRegistrationsTests
{
    private const string Usings = "using System;\nusing System.Threading;\nusing HookSafety.Hooks;\nusing Host;\n\n";

    private const string Host = """

        namespace Host
        {
            public sealed class Readings : IObservable<int>
            {
                public IDisposable Subscribe(IObserver<int> observer) => new Nothing();

                private sealed class Nothing : IDisposable
                {
                    public void Dispose() { }
                }
            }

            public sealed class Printer : IObserver<int>, IObserver<System.Diagnostics.DiagnosticListener>
            {
                public void OnCompleted() { }
                public void OnError(Exception error) { }
                public void OnNext(int value) { }
                public void OnNext(System.Diagnostics.DiagnosticListener value) { }
            }

            public sealed class Trace : System.Diagnostics.Tracing.EventListener
            {
            }

            public static class Terminal
            {
                public static readonly CancellationTokenSource Stopping = new();
                public static CancellationToken ShuttingDown => Stopping.Token;
                public static readonly Readings Readings = new();
                public static readonly System.Diagnostics.Tracing.EventSource Events = new("terminal-events");
                public static void Flush(object? state) { }
            }
        }

        namespace Microsoft.Extensions.Primitives
        {
            public interface IChangeToken { }

            public static class ChangeToken
            {
                public static IDisposable OnChange(Func<IChangeToken?> producer, Action consumer) => Terminal.Stopping;
            }
        }
        """;

    private static string Patch(string fields, string postPatch, string preUnpatch) => Usings + """
        [Patch("p")]
        public sealed class P : LivePatch
        {
        """ + fields + """

            protected override void PostPatch(PatchContext context)
            {
        """ + postPatch + """

            }

            protected override void PreUnpatch(PatchContext context)
            {
        """ + preUnpatch + """

            }
        }
        """ + Host;

    /// <summary>Each entry: the patch's fields, PostPatch's registration marked as flagged when never undone, and the registration kept with its undo.</summary>
    public static TheoryData<string, string, string, string, string> Entries() => new()
    {
        {
            "IObservable.Subscribe, handle dropped",
            "private static IDisposable? s_readings;",
            "[|Terminal.Readings.Subscribe(new Printer())|];",
            "s_readings = Terminal.Readings.Subscribe(new Printer());",
            "s_readings?.Dispose();"
        },
        {
            "DiagnosticListener.AllListeners.Subscribe, handle dropped",
            "private static IDisposable? s_listeners;",
            "[|System.Diagnostics.DiagnosticListener.AllListeners.Subscribe(new Printer())|];",
            "s_listeners = System.Diagnostics.DiagnosticListener.AllListeners.Subscribe(new Printer());",
            "s_listeners?.Dispose();"
        },
        {
            "CancellationToken.Register, registration dropped",
            "private static CancellationTokenRegistration s_flush;",
            "[|Terminal.ShuttingDown.Register(Terminal.Flush, null)|];",
            "s_flush = Terminal.ShuttingDown.Register(Terminal.Flush, null);",
            "s_flush.Dispose();"
        },
        {
            "PosixSignalRegistration.Create, handle dropped",
            "private static IDisposable? s_signal;",
            "_ = [|System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, c => c.Cancel = true)|];",
            "s_signal = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, c => c.Cancel = true);",
            "s_signal?.Dispose();"
        },
        {
            "ChangeToken.OnChange, handle dropped",
            "private static IDisposable? s_reload;",
            "[|Microsoft.Extensions.Primitives.ChangeToken.OnChange(() => null, () => Terminal.Flush(null))|];",
            "s_reload = Microsoft.Extensions.Primitives.ChangeToken.OnChange(() => null, () => Terminal.Flush(null));",
            "s_reload?.Dispose();"
        },
        {
            "ActivitySource.AddActivityListener, listener not kept",
            "private static System.Diagnostics.ActivityListener? s_listener;",
            "[|System.Diagnostics.ActivitySource.AddActivityListener(new System.Diagnostics.ActivityListener { ShouldListenTo = s => true })|];",
            "s_listener = new System.Diagnostics.ActivityListener { ShouldListenTo = s => true };\n        System.Diagnostics.ActivitySource.AddActivityListener(s_listener);",
            "s_listener?.Dispose();"
        },
        {
            "System.Threading.Timer, made and not kept",
            "private static Timer? s_timer;",
            "[|new Timer(Terminal.Flush, null, 1000, 1000)|];",
            "s_timer = new Timer(Terminal.Flush, null, 1000, 1000);",
            "s_timer?.Dispose();"
        },
        {
            "System.Timers.Timer.Start, never stopped",
            "private static readonly System.Timers.Timer s_poll = new(1000);",
            "[|s_poll.Start()|];",
            "s_poll.Start();",
            "s_poll.Stop();"
        },
        {
            "System.Timers.Timer.Start, disposed",
            "private static readonly System.Timers.Timer s_poll = new(1000);",
            "[|s_poll.Start()|];",
            "s_poll.Start();",
            "s_poll.Dispose();"
        },
        {
            "MeterListener.Start, never disposed",
            "private static readonly System.Diagnostics.Metrics.MeterListener s_meters = new();",
            "[|s_meters.Start()|];",
            "s_meters.Start();",
            "s_meters.Dispose();"
        },
        {
            "EventListener.EnableEvents, never disabled",
            "private static readonly Trace s_trace = new();",
            "[|s_trace.EnableEvents(Terminal.Events, System.Diagnostics.Tracing.EventLevel.Warning)|];",
            "s_trace.EnableEvents(Terminal.Events, System.Diagnostics.Tracing.EventLevel.Warning);",
            "s_trace.DisableEvents(Terminal.Events);"
        },
        {
            "AppDomain.CurrentDomain.ProcessExit",
            string.Empty,
            "[|AppDomain.CurrentDomain.ProcessExit += OnExit|];",
            "AppDomain.CurrentDomain.ProcessExit += OnExit;",
            "AppDomain.CurrentDomain.ProcessExit -= OnExit;"
        },
        {
            "AppDomain.CurrentDomain.UnhandledException",
            string.Empty,
            "[|AppDomain.CurrentDomain.UnhandledException += OnCrash|];",
            "AppDomain.CurrentDomain.UnhandledException += OnCrash;",
            "AppDomain.CurrentDomain.UnhandledException -= OnCrash;"
        },
        {
            "TaskScheduler.UnobservedTaskException",
            string.Empty,
            "[|System.Threading.Tasks.TaskScheduler.UnobservedTaskException += OnUnobserved|];",
            "System.Threading.Tasks.TaskScheduler.UnobservedTaskException += OnUnobserved;",
            "System.Threading.Tasks.TaskScheduler.UnobservedTaskException -= OnUnobserved;"
        },
        {
            "Console.CancelKeyPress",
            string.Empty,
            "[|Console.CancelKeyPress += OnCancel|];",
            "Console.CancelKeyPress += OnCancel;",
            "Console.CancelKeyPress -= OnCancel;"
        },
        {
            "AssemblyLoadContext.Default.Resolving",
            string.Empty,
            "[|System.Runtime.Loader.AssemblyLoadContext.Default.Resolving += OnResolving|];",
            "System.Runtime.Loader.AssemblyLoadContext.Default.Resolving += OnResolving;",
            "System.Runtime.Loader.AssemblyLoadContext.Default.Resolving -= OnResolving;"
        },
    };

    private const string Handlers = """

            private static void OnExit(object? sender, EventArgs e) { }
            private static void OnCrash(object sender, UnhandledExceptionEventArgs e) { }
            private static void OnUnobserved(object? sender, System.Threading.Tasks.UnobservedTaskExceptionEventArgs e) { }
            private static void OnCancel(object? sender, ConsoleCancelEventArgs e) { }
            private static System.Reflection.Assembly? OnResolving(System.Runtime.Loader.AssemblyLoadContext context, System.Reflection.AssemblyName name) => null;
        """;

    [Theory]
    [MemberData(nameof(Entries))]
    public Task ARegistrationNeverUndone_IsFlagged(string entry, string fields, string flagged, string kept, string undo)
    {
        _ = (entry, kept, undo);
        return VerifyRegistration.VerifyAnalyzerAsync(Patch(fields + Handlers, flagged, string.Empty));
    }

    [Theory]
    [MemberData(nameof(Entries))]
    public Task ARegistrationKeptAndUndone_IsLeftAlone(string entry, string fields, string flagged, string kept, string undo)
    {
        _ = (entry, flagged);
        return VerifyRegistration.VerifyAnalyzerAsync(Patch(fields + Handlers, kept, undo));
    }

    [Fact]
    public Task ADroppedHandle_IsAdvisedToBeKept() => VerifyRegistration.VerifyAnalyzerAsync(Patch(string.Empty, "{|#0:Terminal.ShuttingDown.Register(Terminal.Flush, null)|};", string.Empty),
        VerifyRegistration.Diagnostic("HS0003").WithLocation(0).WithMessage(
            "'Terminal.ShuttingDown.Register(Terminal.Flush, null)' is called in PostPatch but never undone in PreUnpatch; keep what it returns in a field and call its Dispose() in PreUnpatch"));

    [Fact]
    public Task ATimerNotKept_IsAdvisedToBeKept() => VerifyRegistration.VerifyAnalyzerAsync(Patch(string.Empty, "{|#0:new Timer(Terminal.Flush, null, 1000, 1000)|};", string.Empty),
        VerifyRegistration.Diagnostic("HS0003").WithLocation(0).WithMessage(
            "'new Timer(Terminal.Flush, null, 1000, 1000)' is called in PostPatch but never undone in PreUnpatch; keep it in a field and call its Dispose() in PreUnpatch"));

    [Fact]
    public Task HandlesOnThePatchsOwnObjects_AreLeftAlone() => VerifyRegistration.VerifyAnalyzerAsync(Patch("""
            private static readonly CancellationTokenSource s_stop = new();
            private static readonly Readings s_readings = new();
        """, """
                s_stop.Token.Register(() => Terminal.Flush(null));
                s_readings.Subscribe(new Printer());
                var local = new CancellationTokenSource();
                local.Token.Register(() => Terminal.Flush(null));
        """, "s_stop.Cancel();"));

    private const string Listening = """

            namespace Host
            {
                public static class Bus
                {
                    public static IDisposable Listen(Action<string> handler) => Terminal.Stopping;
                    public static IDisposable Snapshot() => Terminal.Stopping;
                }
            }
            """;

    [Fact]
    public Task AHandleNamedInTheOptions_Dropped_IsFlagged() => VerifyRegistration.VerifyAnalyzerAsync(
        new[] { Patch(string.Empty, "[|Bus.Listen(m => { })|];\n        Bus.Snapshot();", string.Empty) + Listening },
        "hook_safety.registration_handles = Host.Bus.Listen");

    [Fact]
    public Task AHandleNamedInTheOptions_KeptAndDisposed_OrNotNamed_IsLeftAlone() => VerifyRegistration.VerifyAnalyzerAsync(
        new[] { Patch("private static IDisposable? s_listening;", "s_listening = Bus.Listen(m => { });\n        Bus.Snapshot();", "s_listening?.Dispose();") + Listening },
        "hook_safety.registration_handles = Listen");

    [Fact]
    public Task ADroppedDisposable_NotNamedAnywhere_IsLeftAlone() => VerifyRegistration.VerifyAnalyzerAsync(Patch(string.Empty, "Bus.Listen(m => { });", string.Empty) + Listening);

    [Fact]
    public Task ARegistrationKeptAndDisposedInPostUnpatch_IsInTheWrongHook() => VerifyWrongHook.VerifyAnalyzerAsync(Usings + """
        [Patch("p")]
        public sealed class P : LivePatch
        {
            private static CancellationTokenRegistration s_flush;

            protected override void PostPatch(PatchContext context) => s_flush = Terminal.ShuttingDown.Register(Terminal.Flush, null);

            protected override void PostUnpatch(PatchContext context) => [|s_flush.Dispose()|];
        }
        """ + Host);

    [Fact]
    public Task MemoryPressureAndMinThreads_NeverUndone_AreFlagged() => VerifyUndo.VerifyAnalyzerAsync(Usings + """
        [Patch("p")]
        public sealed class P : LivePatch
        {
            protected override HookResult PrePatch(PatchContext context)
            {
                [|GC.AddMemoryPressure(1 << 20)|];
                [|ThreadPool.SetMinThreads(64, 64)|];
                return HookResult.Continue;
            }
        }
        """ + Host);

    [Fact]
    public Task MemoryPressureRemovedAndMinThreadsRestored_AreLeftAlone() => VerifyUndo.VerifyAnalyzerAsync(Usings + """
        [Patch("p")]
        public sealed class P : LivePatch
        {
            private static int s_workers;
            private static int s_ports;

            protected override HookResult PrePatch(PatchContext context)
            {
                GC.AddMemoryPressure(1 << 20);
                ThreadPool.GetMinThreads(out s_workers, out s_ports);
                ThreadPool.SetMinThreads(64, 64);
                return HookResult.Continue;
            }

            protected override void PostUnpatch(PatchContext context)
            {
                GC.RemoveMemoryPressure(1 << 20);
                ThreadPool.SetMinThreads(s_workers, s_ports);
            }
        }
        """ + Host);
}

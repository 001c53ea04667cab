using System.Threading.Tasks;
using HookSafety.Analyzers.Tests.Hosts;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using VerifyCS = HookSafety.Analyzers.Tests.Verifiers.CSharpAnalyzerVerifier<HookSafety.Analyzers.Tests.Verifiers.Only<HookSafety.Analyzers.Rules.MissingUnregistration>>;

namespace HookSafety.Analyzers.Tests.Rules;

public sealed class MissingUnregistrationAnalyzerTests
{
    private static Task Verify(string patch, params DiagnosticResult[] expected) => VerifyCS.VerifyAnalyzerAsync(LifecycleHost.With(patch), expected);

    private static DiagnosticResult At(int location, string message) => VerifyCS.Diagnostic("HS0003").WithLocation(location).WithMessage(message);

    private const string Handlers = """

            private static void OnPacket(object? sender, string packet) { }

            private static void OnMessage(string message) { }

            private static void Tick(object? state) { }
        """;

    // ---- flagged ----

    [Fact]
    public Task StaticEvent_NeverRemoved_IsFlagged() => Verify("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            protected override void PostPatch(PatchContext context)
            {
                {|#0:Net.PacketReceived += OnPacket|};
            }
        """ + Handlers + "\n}",
        At(0, "'Net.PacketReceived' is registered in PostPatch but never undone in PreUnpatch; add 'Net.PacketReceived -= OnPacket' to PreUnpatch"));

    [Fact]
    public Task Subscription_NeverUndone_IsFlagged() => Verify("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            protected override void PostPatch(PatchContext context)
            {
                {|#0:Net.Bus.Subscribe(OnMessage)|};
            }
        """ + Handlers + "\n}",
        At(0, "'Net.Bus.Subscribe(OnMessage)' is called in PostPatch but never undone in PreUnpatch; call 'Net.Bus.Unsubscribe(OnMessage)' in PreUnpatch"));

    [Fact]
    public Task StaticRegistration_NeverUndone_IsFlagged() => Verify("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            protected override void PostPatch(PatchContext context) => {|#0:Net.RegisterHandler(OnMessage)|};
        """ + Handlers + "\n}",
        At(0, "'Net.RegisterHandler(OnMessage)' is called in PostPatch but never undone in PreUnpatch; call 'Net.UnregisterHandler(OnMessage)' in PreUnpatch"));

    [Fact]
    public Task TimerStored_NeverDisposed_IsFlagged() => Verify("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            private static Timer? s_timer;

            protected override void PostPatch(PatchContext context)
            {
                {|#0:s_timer = new Timer(Tick, null, 0, 1000)|};
            }
        """ + Handlers + "\n}",
        At(0, "'P.s_timer' is created in PostPatch but never undone in PreUnpatch; call 'P.s_timer.Dispose()' in PreUnpatch"));

    [Fact]
    public Task ThreadStarted_NeverJoined_IsFlagged() => Verify("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            private Thread? _worker;

            protected override void PostPatch(PatchContext context)
            {
                _worker = new Thread(() => { });
                {|#0:_worker.Start()|};
            }
        }
        """,
        At(0, "'_worker.Start()' is called in PostPatch but never undone in PreUnpatch; call '_worker.Join(5000)' in PreUnpatch"));

    [Fact]
    public Task RegistrationTwoHelpersDeep_IsFlaggedOnTheCall() => Verify("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            protected override void PostPatch(PatchContext context) => {|#0:Wire()|};

            private static void Wire() => Listen();

            private static void Listen() => {|#1:Net.PacketReceived += OnPacket|};
        """ + Handlers + "\n}",
        At(0, "'Net.PacketReceived' is registered in PostPatch via Wire() → Listen() but never undone in PreUnpatch; add 'Net.PacketReceived -= OnPacket' to PreUnpatch")
            .WithLocation(1));

    [Fact]
    public Task CollectionAdd_NeverRemoved_IsFlagged() => Verify("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            protected override void PostPatch(PatchContext context) => [|Net.AllowedPeers.Add("10.0.0.9")|];
        }
        """);

    [Fact]
    public Task PartialPatch_RemovingAnotherEvent_IsFlagged() => VerifyCS.VerifyAnalyzerAsync(
        new[]
        {
            LifecycleHost.With("""
                [Patch("p")]
                public sealed partial class P : LivePatch
                {
                    protected override void PostPatch(PatchContext context)
                    {
                        [|Net.PacketReceived += OnPacket|];
                        Net.Bus.Subscribe(OnMessage);
                    }
                """ + Handlers + "\n}"),
            LifecycleHost.Usings + """
                public sealed partial class P
                {
                    protected override void PreUnpatch(PatchContext context) => Net.Bus.Unsubscribe(OnMessage);
                }
                """,
        },
        editorConfig: null);

    [Fact]
    public Task NestedPatch_WithLambdaHandler_IsFlagged() => Verify("""
        public static class Fixes
        {
            [Patch("p")]
            public sealed class P : LivePatch
            {
                protected override void PostPatch(PatchContext context)
                {
                    [|Net.PacketReceived += (sender, packet) => Net.Log(packet)|];
                }
            }
        }
        """);

    [Fact]
    public Task RegistrationPairFromEditorConfig_IsFlagged() => VerifyCS.VerifyAnalyzerAsync(
        new[]
        {
            LifecycleHost.With("""
                [Patch("p")]
                public sealed class P : LivePatch
                {
                    protected override void PostPatch(PatchContext context) => {|#0:Net.Hooks.Hook(() => { })|};
                }
                """),
        },
        "hook_safety.registration_pairs = Hook:Unhook",
        At(0, "'Net.Hooks.Hook(() => { })' is called in PostPatch but never undone in PreUnpatch; call 'Net.Hooks.Unhook(() => { })' in PreUnpatch"));

    [Fact]
    public Task DisposingAnotherTimer_DoesNotCount() => Verify("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            private static Timer? s_fast;
            private static Timer? s_slow;

            protected override void PostPatch(PatchContext context)
            {
                s_fast = new Timer(Tick, null, 0, 10);
                [|s_slow = new Timer(Tick, null, 0, 1000)|];
            }

            protected override void PreUnpatch(PatchContext context) => s_fast?.Dispose();
        """ + Handlers + "\n}");

    // Disposables returned by a call and kept: the BCL's subscriptions and registrations are handles like a Timer.

    [Fact]
    public Task DisposablesReturnedByCalls_KeptAndNeverDisposed_AreFlagged() => Verify("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            private static IDisposable? s_subscription;
            private static CancellationTokenRegistration s_registration;
            private static readonly CancellationTokenSource s_stopping = new();

            protected override void PostPatch(PatchContext context)
            {
                {|#0:s_subscription = Observe(OnMessage)|};
                {|#1:s_registration = s_stopping.Token.Register(() => Net.Log("stopping"))|};
            }

            private static IDisposable Observe(Action<string> handler) => new CancellationTokenSource();
        """ + Handlers + "\n}",
        At(0, "'P.s_subscription' is created in PostPatch but never undone in PreUnpatch; call 'P.s_subscription.Dispose()' in PreUnpatch"),
        At(1, "'P.s_registration' is created in PostPatch but never undone in PreUnpatch; call 'P.s_registration.Dispose()' in PreUnpatch"));

    [Fact]
    public Task ThreadCreatedAndStartedInOneExpression_IsFlagged_WithNoWayToJoinIt() => Verify("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            protected override void PostPatch(PatchContext context)
            {
                {|#0:new Thread(Work) { IsBackground = true }.Start()|};
                {|#1:new Thread(Work).Start()|};
            }

            private static void Work() { }
        }
        """,
        At(0, "'new Thread(…).Start()' is called in PostPatch but never undone in PreUnpatch; keep it in a field, give it a way to stop, and call its Join(5000) in PreUnpatch"),
        At(1, "'new Thread(…).Start()' is called in PostPatch but never undone in PreUnpatch; keep it in a field, give it a way to stop, and call its Join(5000) in PreUnpatch"));

    [Fact]
    public Task ThreadStartedThroughALocal_OrMadeByAHelper_IsFlagged() => Verify("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            private static Thread? s_worker;

            protected override void PostPatch(PatchContext context)
            {
                var local = new Thread(Work);
                {|#0:local.Start()|};
                s_worker = Create();
                {|#1:s_worker.Start()|};
            }

            private static Thread Create() => new Thread(Work) { IsBackground = true };

            private static void Work() { }
        }
        """,
        At(0, "'local.Start()' is called in PostPatch but never undone in PreUnpatch; keep it in a field, give it a way to stop, and call its Join(5000) in PreUnpatch"),
        At(1, "'P.s_worker.Start()' is called in PostPatch but never undone in PreUnpatch; call 'P.s_worker.Join(5000)' in PreUnpatch"));

    // ---- left alone ----

    [Fact]
    public Task ATaskKeptInAField_IsNoDisposable_ButATimerBesideItIs() => Verify("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            private static System.Threading.Tasks.Task? s_warmUp;
            private static System.Threading.Tasks.Task<int>? s_count;
            private static Timer? s_timer;

            protected override void PostPatch(PatchContext context)
            {
                s_warmUp = System.Threading.Tasks.Task.Run(() => Net.Log("warm"));
                s_count = System.Threading.Tasks.Task.FromResult(1);
                {|#0:s_timer = new Timer(_ => Net.Log("tick"), null, 1000, 1000)|};
            }
        }
        """,
        At(0, "'P.s_timer' is created in PostPatch but never undone in PreUnpatch; call 'P.s_timer.Dispose()' in PreUnpatch"));

    [Fact]
    public Task EventRemovedInPreUnpatch_IsLeftAlone() => Verify("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            protected override void PostPatch(PatchContext context) => Net.PacketReceived += OnPacket;

            protected override void PreUnpatch(PatchContext context) => Net.PacketReceived -= OnPacket;
        """ + Handlers + "\n}");

    [Fact]
    public Task SubscriptionsUndoneThroughAHelper_AreLeftAlone() => Verify("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            protected override void PostPatch(PatchContext context)
            {
                Net.Bus.Subscribe(OnMessage);
                Net.RegisterHandler(OnMessage);
                Net.AllowedPeers.Add("10.0.0.9");
            }

            protected override void PreUnpatch(PatchContext context) => Unwire();

            private static void Unwire()
            {
                Net.Bus.Unsubscribe(OnMessage);
                Net.UnregisterHandler(OnMessage);
                Net.AllowedPeers.Remove("10.0.0.9");
            }
        """ + Handlers + "\n}");

    [Fact]
    public Task TimerDisposedInPreUnpatch_IsLeftAlone() => Verify("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            private static Timer? s_timer;
            private CancellationTokenSource? _cancel;

            protected override void PostPatch(PatchContext context)
            {
                s_timer = new Timer(Tick, null, 0, 1000);
                _cancel = new CancellationTokenSource();
            }

            protected override void PreUnpatch(PatchContext context)
            {
                s_timer?.Dispose();
                _cancel!.Dispose();
            }
        """ + Handlers + "\n}");

    [Fact]
    public Task AThreadInALocal_KeptInAFieldAndJoined_IsLeftAlone() => Verify("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            private static Thread? s_worker;

            protected override void PostPatch(PatchContext context)
            {
                var worker = new Thread(Work) { IsBackground = true };
                s_worker = worker;
                worker.Start();
            }

            protected override void PreUnpatch(PatchContext context) => s_worker?.Join(1000);

            private static void Work() { }
        }
        """);

    [Fact]
    public Task ThreadJoinedInPreUnpatch_IsLeftAlone() => Verify("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            private static Thread? s_worker;

            protected override void PostPatch(PatchContext context)
            {
                s_worker = new Thread(() => { });
                s_worker.Start();
            }

            protected override void PreUnpatch(PatchContext context) => s_worker?.Join();
        }
        """);

    [Fact]
    public Task DisposablesUndoneBySwapAndDispose_OrDisposeThenNull_AreLeftAlone() => Verify("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            private static IDisposable? s_subscription;
            private static Timer? s_timer;
            private static IDisposable? s_handle;

            protected override void PostPatch(PatchContext context)
            {
                s_subscription = Observe(OnMessage);
                s_timer = new Timer(Tick, null, 0, 1000);
                s_handle = Observe(OnMessage);
            }

            protected override void PreUnpatch(PatchContext context)
            {
                Interlocked.Exchange(ref s_subscription, null)?.Dispose();
                s_timer?.Dispose();
                s_timer = null;
                Interlocked.Exchange(ref s_handle, null)!.Dispose();
            }

            private static IDisposable Observe(Action<string> handler) => new CancellationTokenSource();
        """ + Handlers + "\n}");

    [Fact]
    public Task ASwappedOutValueKeptAgain_IsNoNewHandle() => Verify("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            private static IDisposable? s_current;
            private static IDisposable? s_previous;

            protected override void PreUnpatch(PatchContext context)
            {
                s_previous = Interlocked.Exchange(ref s_current, null);
                s_previous?.Dispose();
            }
        }
        """);

    [Fact]
    public Task ThreadStartedAndKept_ThenJoined_IsLeftAlone() => Verify("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            private static Thread? s_worker;

            protected override void PostPatch(PatchContext context)
            {
                s_worker = new Thread(Work) { IsBackground = true };
                s_worker.Start();
            }

            protected override void PreUnpatch(PatchContext context) => s_worker?.Join();

            private static void Work() { }
        }
        """);

    [Fact]
    public Task StickyPatch_OwesNoUnregistration() => Verify("""
        [Patch("p", Sticky = true)]
        public sealed class P : LivePatch
        {
            protected override void PostPatch(PatchContext context) => Net.PacketReceived += OnPacket;
        """ + Handlers + "\n}");

    [Fact]
    public Task RegistrationOnALocalObject_IsLeftAlone() => Verify("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            protected override void PostPatch(PatchContext context)
            {
                var bus = new Bus();
                bus.Subscribe(OnMessage);
                using var cancel = new CancellationTokenSource();
            }
        """ + Handlers + "\n}");

    [Fact]
    public Task UnregistrationAlone_IsLeftAlone() => Verify("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            protected override void PreUnpatch(PatchContext context)
            {
                Net.PacketReceived -= OnPacket;
                Net.UnregisterHandler(OnMessage);
            }
        """ + Handlers + "\n}");

    [Fact]
    public Task CallsWithoutAnInverse_AreNotRegistrations() => Verify("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            protected override void PostPatch(PatchContext context)
            {
                Net.Bus.Publish("patched");
                Net.Journal.Add("no Remove on Journal");
                Net.Raise();
            }
        }
        """);

    [Fact]
    public Task WithoutTheOption_UnknownPairsAreNotRegistrations() => Verify("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            protected override void PostPatch(PatchContext context) => Net.Hooks.Hook(() => { });
        }
        """);

    [Fact]
    public Task RegistrationUndoneInPostUnpatch_IsHS0004_NotHS0003() => Verify("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            protected override void PostPatch(PatchContext context) => Net.PacketReceived += OnPacket;

            protected override void PostUnpatch(PatchContext context) => Net.PacketReceived -= OnPacket;
        """ + Handlers + "\n}");

    [Fact]
    public Task RegistrationOfThePatchsOwnEvent_IsLeftAlone() => Verify("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            private static event EventHandler<string>? Relayed;

            protected override void PostPatch(PatchContext context) => Relayed += OnPacket;
        """ + Handlers + "\n}");

    [Fact]
    public Task ExpressionBodiedPair_IsLeftAlone() => Verify("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            protected override void PostPatch(PatchContext context) => Net.RegisterHandler(OnMessage);

            protected override void PreUnpatch(PatchContext context) => Net.UnregisterHandler(OnMessage);
        """ + Handlers + "\n}");
}

using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using HookSafety.Analyzers.Rules;
using HookSafety.Analyzers.Tests.Hosts;
using HookSafety.Analyzers.Tests.Support;
using HookSafety.CodeFixes.Rules;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit;
using VerifyFix = HookSafety.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<HookSafety.Analyzers.Tests.Verifiers.Only<HookSafety.Analyzers.Rules.MissingUnregistration>, HookSafety.CodeFixes.Rules.AddUnregistrationFixer>;

namespace HookSafety.Analyzers.Tests.Rules;

public sealed class AddUnregistrationFixerTests
{
    [Fact]
    public Task EventHandler_IsRemovedInANewPreUnpatch() => VerifyFix.VerifyCodeFixAsync(LifecycleHost.ForFix("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            protected override void PostPatch(PatchContext context)
            {
                [|Net.PacketReceived += OnPacket|];
            }

            private static void OnPacket(object? sender, string packet) { }
        }
        """), LifecycleHost.ForFix("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            protected override void PostPatch(PatchContext context)
            {
                Net.PacketReceived += OnPacket;
            }

            protected override void PreUnpatch(PatchContext context)
            {
                Net.PacketReceived -= OnPacket;
            }

            private static void OnPacket(object? sender, string packet) { }
        }
        """));

    [Fact]
    public Task InverseCalls_AreAppendedToPreUnpatch_WithItsParameterName() => VerifyFix.VerifyCodeFixAsync(LifecycleHost.ForFix("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            protected override void PostPatch(PatchContext context)
            {
                [|Net.RegisterHandler(OnConnect)|];
                [|Net.AllowedPeers?.Add(context.PatchId)|];
            }

            protected override void PreUnpatch(PatchContext ctx)
            {
                Log(ctx.PatchId);
            }

            private static void Log(string message) { }

            private static void OnConnect(string peer) { }
        }
        """), LifecycleHost.ForFix("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            protected override void PostPatch(PatchContext context)
            {
                Net.RegisterHandler(OnConnect);
                Net.AllowedPeers?.Add(context.PatchId);
            }

            protected override void PreUnpatch(PatchContext ctx)
            {
                Log(ctx.PatchId);
                Net.UnregisterHandler(OnConnect);
                Net.AllowedPeers?.Remove(ctx.PatchId);
            }

            private static void Log(string message) { }

            private static void OnConnect(string peer) { }
        }
        """));

    [Fact]
    public Task TimersAndThreads_AreDisposedAndJoined() => VerifyFix.VerifyCodeFixAsync(LifecycleHost.ForFix("""
        using System.Threading;

        [Patch("p")]
        public sealed class P : LivePatch
        {
            private static readonly Thread s_worker = new(() => { });
            private static Timer? s_timer;

            protected override void PostPatch(PatchContext context)
            {
                [|s_timer = new Timer(_ => { }, null, 0, 1000)|];
                [|s_worker.Start()|];
            }
        }
        """), LifecycleHost.ForFix("""
        using System.Threading;

        [Patch("p")]
        public sealed class P : LivePatch
        {
            private static readonly Thread s_worker = new(() => { });
            private static Timer? s_timer;

            protected override void PostPatch(PatchContext context)
            {
                s_timer = new Timer(_ => { }, null, 0, 1000);
                s_worker.Start();
            }

            protected override void PreUnpatch(PatchContext context)
            {
                s_timer?.Dispose();
                s_worker.Join(5000);
            }
        }
        """));

    [Fact]
    public Task FixAll_InTwoDocuments_AndTwiceInOneClass() => VerifyFix.VerifyCodeFixAsync(
        new[]
        {
            LifecycleHost.ForFix("""
            [Patch("p")]
            public sealed class P : LivePatch
            {
                protected override void PostPatch(PatchContext context)
                {
                    [|Net.PacketReceived += OnPacket|];
                    [|Net.RegisterHandler(OnConnect)|];
                }

                private static void OnConnect(string peer) { }

                private static void OnPacket(object? sender, string packet) { }
            }
            """),
            LifecycleHost.FixUsings + """
            [Patch("q")]
            public sealed class Q : LivePatch
            {
                protected override void PostPatch(PatchContext context) => [|Net.AllowedPeers.Add("q")|];
            }
            """,
        },
        new[]
        {
            LifecycleHost.ForFix("""
            [Patch("p")]
            public sealed class P : LivePatch
            {
                protected override void PostPatch(PatchContext context)
                {
                    Net.PacketReceived += OnPacket;
                    Net.RegisterHandler(OnConnect);
                }

                protected override void PreUnpatch(PatchContext context)
                {
                    Net.PacketReceived -= OnPacket;
                    Net.UnregisterHandler(OnConnect);
                }

                private static void OnConnect(string peer) { }

                private static void OnPacket(object? sender, string packet) { }
            }
            """),
            LifecycleHost.FixUsings + """
            [Patch("q")]
            public sealed class Q : LivePatch
            {
                protected override void PostPatch(PatchContext context) => Net.AllowedPeers.Add("q");

                protected override void PreUnpatch(PatchContext context)
                {
                    Net.AllowedPeers.Remove("q");
                }
            }
            """,
        });

    [Fact]
    public Task Title_NamesTheUndo()
    {
        var test = VerifyFix.Create(LifecycleHost.ForFix("""
            [Patch("p")]
            public sealed class P : LivePatch
            {
                protected override void PostPatch(PatchContext context)
                {
                    [|Net.PacketReceived += OnPacket|];
                }

                private static void OnPacket(object? sender, string packet) { }
            }
            """));
        test.FixedState.Sources.Add(LifecycleHost.ForFix("""
            [Patch("p")]
            public sealed class P : LivePatch
            {
                protected override void PostPatch(PatchContext context)
                {
                    Net.PacketReceived += OnPacket;
                }

                protected override void PreUnpatch(PatchContext context)
                {
                    Net.PacketReceived -= OnPacket;
                }

                private static void OnPacket(object? sender, string packet) { }
            }
            """));
        test.CodeActionVerifier = (action, verifier) =>
        {
            verifier.Equal("Add 'Net.PacketReceived -= OnPacket;' to PreUnpatch", action.Title);
            verifier.Equal(AddUnregistrationFixer.EquivalenceKey, action.EquivalenceKey);
        };
        return test.RunAsync();
    }

    [Fact]
    public Task ThroughAHelper_TheUndoIsWrittenAsTheHelperRegisters() => VerifyFix.VerifyCodeFixAsync(LifecycleHost.ForFix("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            protected override void PostPatch(PatchContext context)
            {
                [|Listen()|];
            }

            private static void Listen() => Net.RegisterHandler(OnConnect);

            private static void OnConnect(string peer) { }
        }
        """), LifecycleHost.ForFix("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            protected override void PostPatch(PatchContext context)
            {
                Listen();
            }

            protected override void PreUnpatch(PatchContext context)
            {
                Net.UnregisterHandler(OnConnect);
            }

            private static void Listen() => Net.RegisterHandler(OnConnect);

            private static void OnConnect(string peer) { }
        }
        """));

    [Fact]
    public Task ThroughAHelperThatRegistersItsParameter_TheHooksArgumentStandsInForIt() => VerifyFix.VerifyCodeFixAsync(LifecycleHost.ForFix("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            protected override void PostPatch(PatchContext context)
            {
                [|Listen(OnConnect)|];
            }

            private static void Listen(System.Action<string> handler) => Net.RegisterHandler(handler);

            private static void OnConnect(string peer) { }
        }
        """), LifecycleHost.ForFix("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            protected override void PostPatch(PatchContext context)
            {
                Listen(OnConnect);
            }

            protected override void PreUnpatch(PatchContext context)
            {
                Net.UnregisterHandler(OnConnect);
            }

            private static void Listen(System.Action<string> handler) => Net.RegisterHandler(handler);

            private static void OnConnect(string peer) { }
        }
        """));

    [Fact]
    public Task NoFix_ThroughAHelperGivenALocal() => VerifyFix.VerifyNoFixAsync(LifecycleHost.ForFix("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            protected override void PostPatch(PatchContext context)
            {
                System.Action<string> handler = peer => { };
                [|Listen(handler)|];
            }

            private static void Listen(System.Action<string> handler) => Net.RegisterHandler(handler);
        }
        """));

    [Fact]
    public Task ALambdaHandler_IsKeptInAField_AndUnregisteredWithIt() => VerifyFix.VerifyCodeFixAsync(LifecycleHost.ForFix("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            protected override void PostPatch(PatchContext context)
            {
                [|Net.RegisterHandler(peer => Net.Log(peer))|];
                [|Net.PacketReceived += (sender, packet) => Net.Log(packet)|];
            }
        }
        """), LifecycleHost.ForFix("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            private static readonly System.Action<string> s_handler = peer => Net.Log(peer);
            private static readonly System.EventHandler<string> s_onPacketReceived = (sender, packet) => Net.Log(packet);

            protected override void PostPatch(PatchContext context)
            {
                Net.RegisterHandler(s_handler);
                Net.PacketReceived += s_onPacketReceived;
            }

            protected override void PreUnpatch(PatchContext context)
            {
                Net.UnregisterHandler(s_handler);
                Net.PacketReceived -= s_onPacketReceived;
            }
        }
        """));

    [Fact]
    public Task ALambdaUsingTheHook_IsStoredInAField_AndUnregisteredWithIt() => VerifyFix.VerifyCodeFixAsync(LifecycleHost.ForFix("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            private readonly string _name = "p";

            protected override void PostPatch(PatchContext context)
            {
                var prefix = context.PatchId;
                [|Net.RegisterHandler(peer => Net.Log(prefix + peer))|];
                [|Net.PacketReceived += (sender, packet) => Net.Log(_name)|];
            }
        }
        """), LifecycleHost.ForFix("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            private readonly string _name = "p";
            private static System.Action<string>? s_handler;
            private static System.EventHandler<string>? s_onPacketReceived;

            protected override void PostPatch(PatchContext context)
            {
                var prefix = context.PatchId;
                s_handler = peer => Net.Log(prefix + peer);
                Net.RegisterHandler(s_handler);
                s_onPacketReceived = (sender, packet) => Net.Log(_name);
                Net.PacketReceived += s_onPacketReceived;
            }

            protected override void PreUnpatch(PatchContext context)
            {
                if (s_handler is not null)
                {
                    Net.UnregisterHandler(s_handler);
                    s_handler = null;
                }

                if (s_onPacketReceived is not null)
                {
                    Net.PacketReceived -= s_onPacketReceived;
                    s_onPacketReceived = null;
                }
            }
        }
        """));

    [Fact]
    public Task AHandlerInALocal_IsStoredInAField_AndUnregisteredWithIt() => VerifyFix.VerifyCodeFixAsync(LifecycleHost.ForFix("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            protected override void PostPatch(PatchContext context)
            {
                System.Action<string> handler = peer => { };
                [|Net.RegisterHandler(handler)|];
            }
        }
        """), LifecycleHost.ForFix("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            private static System.Action<string>? s_handler;

            protected override void PostPatch(PatchContext context)
            {
                System.Action<string> handler = peer => { };
                s_handler = handler;
                Net.RegisterHandler(s_handler);
            }

            protected override void PreUnpatch(PatchContext context)
            {
                if (s_handler is not null)
                {
                    Net.UnregisterHandler(s_handler);
                    s_handler = null;
                }
            }
        }
        """));

    [Fact]
    public Task NoFix_ForALocalHandlerRegisteredUnderACondition() => VerifyFix.VerifyNoFixAsync(LifecycleHost.ForFix("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            protected override void PostPatch(PatchContext context)
            {
                System.Action<string> handler = peer => { };
                if (Net.Mode == null)
                {
                    [|Net.RegisterHandler(handler)|];
                }
            }
        }
        """));
}

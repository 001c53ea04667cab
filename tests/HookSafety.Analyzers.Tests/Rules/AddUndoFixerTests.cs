using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using HookSafety.Analyzers.Rules;
using HookSafety.Analyzers.Tests.Hosts;
using HookSafety.Analyzers.Tests.Support;
using HookSafety.CodeFixes.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit;
using VerifyFix = HookSafety.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<HookSafety.Analyzers.Tests.Verifiers.Only<HookSafety.Analyzers.Rules.MissingUndo>, HookSafety.CodeFixes.Rules.AddUndoFixer>;

namespace HookSafety.Analyzers.Tests.Rules;

public sealed class AddUndoFixerTests
{
    [Fact]
    public Task Write_IsSavedAndRestoredInANewPostUnpatch_OnlyIfUnchanged() => VerifyFix.VerifyCodeFixAsync(LifecycleHost.ForFix("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            protected override HookResult PrePatch(PatchContext context)
            {
                [|Net.ChallengeAckLimit = 1000|];
                return HookResult.Continue;
            }
        }
        """), LifecycleHost.ForFix("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            private static int s_originalChallengeAckLimit;
            private static int s_patchedChallengeAckLimit;

            protected override HookResult PrePatch(PatchContext context)
            {
                s_originalChallengeAckLimit = Net.ChallengeAckLimit;
                Net.ChallengeAckLimit = 1000;
                s_patchedChallengeAckLimit = Net.ChallengeAckLimit;
                return HookResult.Continue;
            }

            protected override void PostUnpatch(PatchContext context)
            {
                if (System.Collections.Generic.EqualityComparer<int>.Default.Equals(Net.ChallengeAckLimit, s_patchedChallengeAckLimit))
                {
                    Net.ChallengeAckLimit = s_originalChallengeAckLimit;
                }
            }
        }
        """));

    [Fact]
    public Task WriteThroughARefLocal_SavesAndRestoresTheMemberItStandsFor() => VerifyFix.VerifyCodeFixAsync(LifecycleHost.ForFix("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            protected override HookResult PrePatch(PatchContext context)
            {
                ref int limit = ref Net.ChallengeAckLimit;
                [|limit = 1000|];
                return HookResult.Continue;
            }
        }
        """), LifecycleHost.ForFix("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            private static int s_originalChallengeAckLimit;
            private static int s_patchedChallengeAckLimit;

            protected override HookResult PrePatch(PatchContext context)
            {
                ref int limit = ref Net.ChallengeAckLimit;
                s_originalChallengeAckLimit = Net.ChallengeAckLimit;
                limit = 1000;
                s_patchedChallengeAckLimit = Net.ChallengeAckLimit;
                return HookResult.Continue;
            }

            protected override void PostUnpatch(PatchContext context)
            {
                if (System.Collections.Generic.EqualityComparer<int>.Default.Equals(Net.ChallengeAckLimit, s_patchedChallengeAckLimit))
                {
                    Net.ChallengeAckLimit = s_originalChallengeAckLimit;
                }
            }
        }
        """));

    [Fact]
    public Task ReferenceTypedWrite_GetsNullableFields_AfterTheExistingOnes_AndNamesNotTaken() => VerifyFix.VerifyCodeFixAsync(LifecycleHost.ForFix("""
        using System.Collections.Generic;

        [Patch("p")]
        public sealed class P : LivePatch
        {
            private static readonly List<string> s_log = new();
            private static string? s_originalBanner;

            protected override HookResult PrePatch(PatchContext context)
            {
                [|Net.Banner = "patched"|];
                return HookResult.Continue;
            }

            protected override void PostUnpatch(PatchContext context)
            {
                s_log.Clear();
            }
        }
        """), LifecycleHost.ForFix("""
        using System.Collections.Generic;

        [Patch("p")]
        public sealed class P : LivePatch
        {
            private static readonly List<string> s_log = new();
            private static string? s_originalBanner;
            private static string? s_originalBanner2;
            private static string? s_patchedBanner2;

            protected override HookResult PrePatch(PatchContext context)
            {
                s_originalBanner2 = Net.Banner;
                Net.Banner = "patched";
                s_patchedBanner2 = Net.Banner;
                return HookResult.Continue;
            }

            protected override void PostUnpatch(PatchContext context)
            {
                s_log.Clear();
                if (EqualityComparer<string?>.Default.Equals(Net.Banner, s_patchedBanner2))
                {
                    Net.Banner = s_originalBanner2!;
                }
            }
        }
        """));

    [Fact]
    public Task Registrations_GetTheirInverse_InPostUnpatch() => VerifyFix.VerifyCodeFixAsync(LifecycleHost.ForFix("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            private static System.Threading.Timer? s_timer;

            protected override HookResult PrePatch(PatchContext context)
            {
                [|Net.RegisterHandler(OnConnect)|];
                [|Net.AllowedPeers.Add("10.0.0.1")|];
                [|Net.Levels.Push(3)|];
                [|Net.PacketReceived += OnPacket|];
                [|s_timer = new System.Threading.Timer(_ => Net.Banner = "tick")|];
                return HookResult.Continue;
            }

            protected override void PostUnpatch(PatchContext context) => Log("unpatched");

            private static void Log(string message) { }

            private static void OnConnect(string peer) { }

            private static void OnPacket(object? sender, string packet) { }
        }
        """), LifecycleHost.ForFix("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            private static System.Threading.Timer? s_timer;

            protected override HookResult PrePatch(PatchContext context)
            {
                Net.RegisterHandler(OnConnect);
                Net.AllowedPeers.Add("10.0.0.1");
                Net.Levels.Push(3);
                Net.PacketReceived += OnPacket;
                s_timer = new System.Threading.Timer(_ => Net.Banner = "tick");
                return HookResult.Continue;
            }

            protected override void PostUnpatch(PatchContext context)
            {
                Log("unpatched");
                Net.UnregisterHandler(OnConnect);
                Net.AllowedPeers.Remove("10.0.0.1");
                Net.Levels.Pop();
                Net.PacketReceived -= OnPacket;
                s_timer?.Dispose();
            }

            private static void Log(string message) { }

            private static void OnConnect(string peer) { }

            private static void OnPacket(object? sender, string packet) { }
        }
        """));

    [Fact]
    public Task PostPatchChange_IsUndoneInPreUnpatch_WhenTheOptionAllowsIt()
    {
        var test = VerifyFix.Create(LifecycleHost.ForFix("""
            [Patch("p")]
            public sealed class P : LivePatch
            {
                protected override void PostPatch(PatchContext context)
                {
                    [|Net.ChallengeAckLimit = 1000|];
                }
            }
            """));
        test.EditorConfig = "hook_safety.global_state_hooks = pre_and_post_patch";
        test.FixedState.Sources.Add(LifecycleHost.ForFix("""
            [Patch("p")]
            public sealed class P : LivePatch
            {
                private static int s_originalChallengeAckLimit;
                private static int s_patchedChallengeAckLimit;

                protected override void PostPatch(PatchContext context)
                {
                    s_originalChallengeAckLimit = Net.ChallengeAckLimit;
                    Net.ChallengeAckLimit = 1000;
                    s_patchedChallengeAckLimit = Net.ChallengeAckLimit;
                }

                protected override void PreUnpatch(PatchContext context)
                {
                    if (System.Collections.Generic.EqualityComparer<int>.Default.Equals(Net.ChallengeAckLimit, s_patchedChallengeAckLimit))
                    {
                        Net.ChallengeAckLimit = s_originalChallengeAckLimit;
                    }
                }
            }
            """));
        return test.RunAsync();
    }

    [Fact]
    public Task FixAll_InTwoDocuments_AndTwiceInOneClass() => VerifyFix.VerifyCodeFixAsync(
        new[]
        {
            LifecycleHost.ForFix("""
            [Patch("p")]
            public sealed class P : LivePatch
            {
                protected override HookResult PrePatch(PatchContext context)
                {
                    [|Net.ChallengeAckLimit = 1000|];
                    [|Net.RegisterHandler(OnConnect)|];
                    return HookResult.Continue;
                }

                private static void OnConnect(string peer) { }
            }
            """),
            LifecycleHost.FixUsings + """
            [Patch("q")]
            public sealed class Q : LivePatch
            {
                protected override HookResult PrePatch(PatchContext context)
                {
                    [|Net.Motd = "q"|];
                    [|Net.AllowedPeers.Add("q")|];
                    return HookResult.Continue;
                }
            }
            """,
        },
        new[]
        {
            LifecycleHost.ForFix("""
            [Patch("p")]
            public sealed class P : LivePatch
            {
                private static int s_originalChallengeAckLimit;
                private static int s_patchedChallengeAckLimit;

                protected override HookResult PrePatch(PatchContext context)
                {
                    s_originalChallengeAckLimit = Net.ChallengeAckLimit;
                    Net.ChallengeAckLimit = 1000;
                    s_patchedChallengeAckLimit = Net.ChallengeAckLimit;
                    Net.RegisterHandler(OnConnect);
                    return HookResult.Continue;
                }

                protected override void PostUnpatch(PatchContext context)
                {
                    if (System.Collections.Generic.EqualityComparer<int>.Default.Equals(Net.ChallengeAckLimit, s_patchedChallengeAckLimit))
                    {
                        Net.ChallengeAckLimit = s_originalChallengeAckLimit;
                    }

                    Net.UnregisterHandler(OnConnect);
                }

                private static void OnConnect(string peer) { }
            }
            """),
            LifecycleHost.FixUsings + """
            [Patch("q")]
            public sealed class Q : LivePatch
            {
                private static string? s_originalMotd;
                private static string? s_patchedMotd;

                protected override HookResult PrePatch(PatchContext context)
                {
                    s_originalMotd = Net.Motd;
                    Net.Motd = "q";
                    s_patchedMotd = Net.Motd;
                    Net.AllowedPeers.Add("q");
                    return HookResult.Continue;
                }

                protected override void PostUnpatch(PatchContext context)
                {
                    if (System.Collections.Generic.EqualityComparer<string?>.Default.Equals(Net.Motd, s_patchedMotd))
                    {
                        Net.Motd = s_originalMotd;
                    }

                    Net.AllowedPeers.Remove("q");
                }
            }
            """,
        });

    /// <summary>
    /// Three fixes of one class that each need PostUnpatch: one FixAll round makes all three (the batch fixer, merging
    /// edits made apart, would keep one PostUnpatch and leave the rest to another round).
    /// </summary>
    /// <summary>
    /// Three fixes of one class that each need PostUnpatch: one FixAll round makes all three (the batch fixer, merging
    /// edits made apart, would keep one PostUnpatch and leave the rest to another round).
    /// </summary>
    [Fact]
    public Task FixAll_FixesEveryFindingOfAClass_InOneRound()
    {
        var test = VerifyFix.Create(LifecycleHost.ForFix("""
            [Patch("p")]
            public sealed class P : LivePatch
            {
                protected override HookResult PrePatch(PatchContext context)
                {
                    [|Net.ChallengeAckLimit = 1000|];
                    [|Net.RegisterHandler(OnConnect)|];
                    [|Net.AllowedPeers.Add("p")|];
                    return HookResult.Continue;
                }

                private static void OnConnect(string peer) { }
            }
            """));
        test.FixedState.Sources.Add(LifecycleHost.ForFix("""
            [Patch("p")]
            public sealed class P : LivePatch
            {
                private static int s_originalChallengeAckLimit;
                private static int s_patchedChallengeAckLimit;

                protected override HookResult PrePatch(PatchContext context)
                {
                    s_originalChallengeAckLimit = Net.ChallengeAckLimit;
                    Net.ChallengeAckLimit = 1000;
                    s_patchedChallengeAckLimit = Net.ChallengeAckLimit;
                    Net.RegisterHandler(OnConnect);
                    Net.AllowedPeers.Add("p");
                    return HookResult.Continue;
                }

                protected override void PostUnpatch(PatchContext context)
                {
                    if (System.Collections.Generic.EqualityComparer<int>.Default.Equals(Net.ChallengeAckLimit, s_patchedChallengeAckLimit))
                    {
                        Net.ChallengeAckLimit = s_originalChallengeAckLimit;
                    }

                    Net.UnregisterHandler(OnConnect);
                    Net.AllowedPeers.Remove("p");
                }

                private static void OnConnect(string peer) { }
            }
            """));
        test.NumberOfFixAllIterations = 1;
        return test.RunAsync();
    }

    [Fact]
    public Task ARegistrationOnALocalHoldingASharedObject_IsUndoneOnTheObject() => VerifyFix.VerifyCodeFixAsync(LifecycleHost.ForFix("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            protected override HookResult PrePatch(PatchContext context)
            {
                var peers = Net.AllowedPeers;
                [|peers.Add("10.0.0.1")|];
                return HookResult.Continue;
            }
        }
        """), LifecycleHost.ForFix("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            protected override HookResult PrePatch(PatchContext context)
            {
                var peers = Net.AllowedPeers;
                peers.Add("10.0.0.1");
                return HookResult.Continue;
            }

            protected override void PostUnpatch(PatchContext context)
            {
                Net.AllowedPeers.Remove("10.0.0.1");
            }
        }
        """));

    [Fact]
    public async Task TheThreadPoolsCounts_AreSavedAndRestoredIfUnchanged_WithLocalsThatClashWithNothing()
    {
        var source = LifecycleHost.ForFix("""
            [Patch("p")]
            public sealed class P : LivePatch
            {
                protected override HookResult PrePatch(PatchContext context)
                {
                    [|System.Threading.ThreadPool.SetMinThreads(64, 64)|];
                    [|System.Threading.ThreadPool.SetMaxThreads(512, 512)|];
                    return HookResult.Continue;
                }

                protected override void PostUnpatch(PatchContext context)
                {
                    var minWorkerThreads = 0;
                    Log(minWorkerThreads);
                }

                private static void Log(int value) { }
            }
            """);
        var fixedSource = LifecycleHost.ForFix("""
            [Patch("p")]
            public sealed class P : LivePatch
            {
                private static int s_originalMinWorkerThreads;
                private static int s_originalMinCompletionPortThreads;
                private static int s_patchedMinWorkerThreads;
                private static int s_patchedMinCompletionPortThreads;
                private static int s_originalMaxWorkerThreads;
                private static int s_originalMaxCompletionPortThreads;
                private static int s_patchedMaxWorkerThreads;
                private static int s_patchedMaxCompletionPortThreads;

                protected override HookResult PrePatch(PatchContext context)
                {
                    System.Threading.ThreadPool.GetMinThreads(out s_originalMinWorkerThreads, out s_originalMinCompletionPortThreads);
                    System.Threading.ThreadPool.SetMinThreads(64, 64);
                    System.Threading.ThreadPool.GetMinThreads(out s_patchedMinWorkerThreads, out s_patchedMinCompletionPortThreads);
                    System.Threading.ThreadPool.GetMaxThreads(out s_originalMaxWorkerThreads, out s_originalMaxCompletionPortThreads);
                    System.Threading.ThreadPool.SetMaxThreads(512, 512);
                    System.Threading.ThreadPool.GetMaxThreads(out s_patchedMaxWorkerThreads, out s_patchedMaxCompletionPortThreads);
                    return HookResult.Continue;
                }

                protected override void PostUnpatch(PatchContext context)
                {
                    var minWorkerThreads = 0;
                    Log(minWorkerThreads);
                    System.Threading.ThreadPool.GetMinThreads(out var minWorkerThreads2, out var minCompletionPortThreads2);
                    if (minWorkerThreads2 == s_patchedMinWorkerThreads && minCompletionPortThreads2 == s_patchedMinCompletionPortThreads)
                    {
                        System.Threading.ThreadPool.SetMinThreads(s_originalMinWorkerThreads, s_originalMinCompletionPortThreads);
                    }

                    System.Threading.ThreadPool.GetMaxThreads(out var maxWorkerThreads, out var maxCompletionPortThreads);
                    if (maxWorkerThreads == s_patchedMaxWorkerThreads && maxCompletionPortThreads == s_patchedMaxCompletionPortThreads)
                    {
                        System.Threading.ThreadPool.SetMaxThreads(s_originalMaxWorkerThreads, s_originalMaxCompletionPortThreads);
                    }
                }

                private static void Log(int value) { }
            }
            """);
        await VerifyFix.VerifyCodeFixAsync(source, fixedSource);

        // Run for real: the thread pool's counts are as they were once the patch is disabled (RoundTrip compares them).
        Support.RoundTrip.VerifyFix(new[] { source }, new[] { fixedSource });
    }

    [Fact]
    public Task NoFix_ForALocalThatIsWrittenAgain() => VerifyFix.VerifyNoFixAsync(LifecycleHost.ForFix("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            protected override HookResult PrePatch(PatchContext context)
            {
                var peers = Net.AllowedPeers;
                peers = Net.AllowedPeers;
                [|peers.Add("10.0.0.1")|];
                return HookResult.Continue;
            }
        }
        """));

    [Fact]
    public Task NoFix_ForARegistrationOfALocalThroughAHelper_OrACallWithoutAKnownInverse() => VerifyFix.VerifyNoFixAsync(LifecycleHost.ForFix("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            protected override HookResult PrePatch(PatchContext context)
            {
                System.Action<string> handler = OnConnect;
                [|Listen(handler)|];
                [|Net.AllowedPeers.Reverse()|];
                return HookResult.Continue;
            }

            private static void Listen(System.Action<string> handler) => Net.RegisterHandler(handler);

            private static void OnConnect(string peer) { }
        }
        """));

    [Fact]
    public Task AnEnvironmentVariableForATarget_AnAppContextSwitch_AndAnInsert_AreUndone() => VerifyFix.VerifyCodeFixAsync(LifecycleHost.ForFix("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            protected override HookResult PrePatch(PatchContext context)
            {
                [|System.Environment.SetEnvironmentVariable("PARSER", "v2", System.EnvironmentVariableTarget.Process)|];
                [|System.AppContext.SetSwitch("Parser.Strict", true)|];
                [|Net.AllowedPeers.Insert(0, "p")|];
                return HookResult.Continue;
            }
        }
        """), LifecycleHost.ForFix("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            private static string? s_originalParser;
            private static string? s_patchedParser;
            private static bool s_originalParserStrict;
            private static bool s_patchedParserStrict;

            protected override HookResult PrePatch(PatchContext context)
            {
                s_originalParser = System.Environment.GetEnvironmentVariable("PARSER", System.EnvironmentVariableTarget.Process);
                System.Environment.SetEnvironmentVariable("PARSER", "v2", System.EnvironmentVariableTarget.Process);
                s_patchedParser = System.Environment.GetEnvironmentVariable("PARSER", System.EnvironmentVariableTarget.Process);
                System.AppContext.TryGetSwitch("Parser.Strict", out s_originalParserStrict);
                System.AppContext.SetSwitch("Parser.Strict", true);
                System.AppContext.TryGetSwitch("Parser.Strict", out s_patchedParserStrict);
                Net.AllowedPeers.Insert(0, "p");
                return HookResult.Continue;
            }

            protected override void PostUnpatch(PatchContext context)
            {
                if (System.Environment.GetEnvironmentVariable("PARSER", System.EnvironmentVariableTarget.Process) == s_patchedParser)
                {
                    System.Environment.SetEnvironmentVariable("PARSER", s_originalParser, System.EnvironmentVariableTarget.Process);
                }

                if (System.AppContext.TryGetSwitch("Parser.Strict", out var isEnabled) && isEnabled == s_patchedParserStrict)
                {
                    System.AppContext.SetSwitch("Parser.Strict", s_originalParserStrict);
                }

                Net.AllowedPeers.Remove("p");
            }
        }
        """));

    [Fact]
    public Task AClearedCollection_IsRefilledIfStillEmpty() => VerifyFix.VerifyCodeFixAsync(LifecycleHost.ForFix("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            protected override HookResult PrePatch(PatchContext context)
            {
                [|Net.AllowedPeers.Clear()|];
                [|Net.Settings.Clear()|];
                return HookResult.Continue;
            }
        }
        """), LifecycleHost.ForFix("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            private static string[]? s_originalAllowedPeers;
            private static System.Collections.Generic.KeyValuePair<string, int>[]? s_originalSettings;

            protected override HookResult PrePatch(PatchContext context)
            {
                s_originalAllowedPeers = System.Linq.Enumerable.ToArray(Net.AllowedPeers);
                Net.AllowedPeers.Clear();
                s_originalSettings = System.Linq.Enumerable.ToArray(Net.Settings);
                Net.Settings.Clear();
                return HookResult.Continue;
            }

            protected override void PostUnpatch(PatchContext context)
            {
                if (s_originalAllowedPeers is not null && Net.AllowedPeers.Count == 0)
                {
                    foreach (var item in s_originalAllowedPeers)
                    {
                        Net.AllowedPeers.Add(item);
                    }
                }

                s_originalAllowedPeers = null;
                if (s_originalSettings is not null && Net.Settings.Count == 0)
                {
                    foreach (var item in s_originalSettings)
                    {
                        Net.Settings[item.Key] = item.Value;
                    }
                }

                s_originalSettings = null;
            }
        }
        """));

    [Fact]
    public Task ADictionaryEntry_IsReadWithTryGetValue_AndRemovedIfThePatchAddedIt() => VerifyFix.VerifyCodeFixAsync(LifecycleHost.ForFix("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            protected override HookResult PrePatch(PatchContext context)
            {
                [|Net.Settings["mode"] = 2|];
                return HookResult.Continue;
            }
        }
        """), LifecycleHost.ForFix("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            private static int s_originalSettings;
            private static int s_patchedSettings;
            private static bool s_hadSettings;

            protected override HookResult PrePatch(PatchContext context)
            {
                s_hadSettings = Net.Settings.TryGetValue("mode", out s_originalSettings);
                Net.Settings["mode"] = 2;
                s_patchedSettings = Net.Settings["mode"];
                return HookResult.Continue;
            }

            protected override void PostUnpatch(PatchContext context)
            {
                if (Net.Settings.TryGetValue("mode", out var current) && System.Collections.Generic.EqualityComparer<int>.Default.Equals(current, s_patchedSettings))
                {
                    if (s_hadSettings)
                    {
                        Net.Settings["mode"] = s_originalSettings;
                    }
                    else
                    {
                        Net.Settings.Remove("mode");
                    }
                }
            }
        }
        """));

    [Fact]
    public Task AnExchangeThatKeepsTheOldValue_IsRestoredFromIt() => VerifyFix.VerifyCodeFixAsync(LifecycleHost.ForFix("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            private static int s_old;

            protected override HookResult PrePatch(PatchContext context)
            {
                s_old = [|System.Threading.Interlocked.Exchange(ref Net.ChallengeAckLimit, 1000)|];
                return HookResult.Continue;
            }
        }
        """), LifecycleHost.ForFix("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            private static int s_old;
            private static int s_patchedChallengeAckLimit;

            protected override HookResult PrePatch(PatchContext context)
            {
                s_old = System.Threading.Interlocked.Exchange(ref Net.ChallengeAckLimit, 1000);
                s_patchedChallengeAckLimit = Net.ChallengeAckLimit;
                return HookResult.Continue;
            }

            protected override void PostUnpatch(PatchContext context)
            {
                if (System.Collections.Generic.EqualityComparer<int>.Default.Equals(Net.ChallengeAckLimit, s_patchedChallengeAckLimit))
                {
                    Net.ChallengeAckLimit = s_old;
                }
            }
        }
        """));

    [Fact]
    public Task EntriesWrittenInALoop_AreSavedAsAWhole_AndRestoredEntryByEntry() => VerifyFix.VerifyCodeFixAsync(LifecycleHost.ForFix("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            protected override HookResult PrePatch(PatchContext context)
            {
                for (var i = 0; i < Net.Table.Length; i++)
                {
                    [|Net.Table[i] = 1|];
                }

                return HookResult.Continue;
            }
        }
        """), LifecycleHost.ForFix("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            private static int[]? s_originalTable;
            private static int[]? s_patchedTable;

            protected override HookResult PrePatch(PatchContext context)
            {
                s_originalTable = System.Linq.Enumerable.ToArray(Net.Table);
                for (var i = 0; i < Net.Table.Length; i++)
                {
                    Net.Table[i] = 1;
                }

                s_patchedTable = System.Linq.Enumerable.ToArray(Net.Table);
                return HookResult.Continue;
            }

            protected override void PostUnpatch(PatchContext context)
            {
                if (s_originalTable is not null && s_patchedTable is not null && Net.Table.Length == s_patchedTable.Length)
                {
                    for (var index = 0; index < s_patchedTable.Length; index++)
                    {
                        if (System.Collections.Generic.EqualityComparer<int>.Default.Equals(Net.Table[index], s_patchedTable[index]))
                        {
                            Net.Table[index] = s_originalTable[index];
                        }
                    }
                }

                s_originalTable = null;
                s_patchedTable = null;
            }
        }
        """));

    [Fact]
    public Task EnvironmentVariable_IsSavedAndSetBack_IfUnchanged() => VerifyFix.VerifyCodeFixAsync(LifecycleHost.ForFix("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            protected override HookResult PrePatch(PatchContext context)
            {
                [|System.Environment.SetEnvironmentVariable("PARSER_MODE", "strict")|];
                return HookResult.Continue;
            }
        }
        """), LifecycleHost.ForFix("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            private static string? s_originalParserMode;
            private static string? s_patchedParserMode;

            protected override HookResult PrePatch(PatchContext context)
            {
                s_originalParserMode = System.Environment.GetEnvironmentVariable("PARSER_MODE");
                System.Environment.SetEnvironmentVariable("PARSER_MODE", "strict");
                s_patchedParserMode = System.Environment.GetEnvironmentVariable("PARSER_MODE");
                return HookResult.Continue;
            }

            protected override void PostUnpatch(PatchContext context)
            {
                if (System.Environment.GetEnvironmentVariable("PARSER_MODE") == s_patchedParserMode)
                {
                    System.Environment.SetEnvironmentVariable("PARSER_MODE", s_originalParserMode);
                }
            }
        }
        """));

    [Fact]
    public Task WriteThroughHelpers_IsSavedAroundTheHooksCall_AndRestored() => VerifyFix.VerifyCodeFixAsync(LifecycleHost.ForFix("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            protected override HookResult PrePatch(PatchContext context)
            {
                [|Apply()|];
                return HookResult.Continue;
            }

            private static void Apply() => Raise(1000);

            private static void Raise(int limit)
            {
                if (Net.ChallengeAckLimit < limit)
                {
                    Net.ChallengeAckLimit = limit;
                }
            }
        }
        """), LifecycleHost.ForFix("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            private static int s_originalChallengeAckLimit;
            private static int s_patchedChallengeAckLimit;

            protected override HookResult PrePatch(PatchContext context)
            {
                s_originalChallengeAckLimit = Net.ChallengeAckLimit;
                Apply();
                s_patchedChallengeAckLimit = Net.ChallengeAckLimit;
                return HookResult.Continue;
            }

            protected override void PostUnpatch(PatchContext context)
            {
                if (System.Collections.Generic.EqualityComparer<int>.Default.Equals(Net.ChallengeAckLimit, s_patchedChallengeAckLimit))
                {
                    Net.ChallengeAckLimit = s_originalChallengeAckLimit;
                }
            }

            private static void Apply() => Raise(1000);

            private static void Raise(int limit)
            {
                if (Net.ChallengeAckLimit < limit)
                {
                    Net.ChallengeAckLimit = limit;
                }
            }
        }
        """));

    [Fact]
    public Task ConditionalWrite_KeepsItsCondition_AndIsRestoredOnlyIfItWasWritten() => VerifyFix.VerifyCodeFixAsync(LifecycleHost.ForFix("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            protected override HookResult PrePatch(PatchContext context)
            {
                if (Net.ChallengeAckLimit < 1000)
                {
                    [|Net.ChallengeAckLimit = 1000|]; // raise it if lower
                }

                return HookResult.Continue;
            }
        }
        """), LifecycleHost.ForFix("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            private static int s_originalChallengeAckLimit;
            private static int s_patchedChallengeAckLimit;
            private static bool s_changedChallengeAckLimit;

            protected override HookResult PrePatch(PatchContext context)
            {
                if (Net.ChallengeAckLimit < 1000)
                {
                    s_originalChallengeAckLimit = Net.ChallengeAckLimit;
                    Net.ChallengeAckLimit = 1000; // raise it if lower
                    s_patchedChallengeAckLimit = Net.ChallengeAckLimit;
                    s_changedChallengeAckLimit = true;
                }

                return HookResult.Continue;
            }

            protected override void PostUnpatch(PatchContext context)
            {
                if (s_changedChallengeAckLimit && System.Collections.Generic.EqualityComparer<int>.Default.Equals(Net.ChallengeAckLimit, s_patchedChallengeAckLimit))
                {
                    Net.ChallengeAckLimit = s_originalChallengeAckLimit;
                }

                s_changedChallengeAckLimit = false;
            }
        }
        """));

    [Fact]
    public Task ConditionalWrite_InAnElseBranch_IsFixedToo() => VerifyFix.VerifyCodeFixAsync(LifecycleHost.ForFix("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            protected override HookResult PrePatch(PatchContext context)
            {
                if (Net.AllowedPeers.Count > 0)
                {
                    Net.Log("peers configured");
                }
                else
                {
                    [|Net.Mode = "strict"|];
                }

                return HookResult.Continue;
            }
        }
        """), LifecycleHost.ForFix("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            private static string? s_originalMode;
            private static string? s_patchedMode;
            private static bool s_changedMode;

            protected override HookResult PrePatch(PatchContext context)
            {
                if (Net.AllowedPeers.Count > 0)
                {
                    Net.Log("peers configured");
                }
                else
                {
                    s_originalMode = Net.Mode;
                    Net.Mode = "strict";
                    s_patchedMode = Net.Mode;
                    s_changedMode = true;
                }

                return HookResult.Continue;
            }

            protected override void PostUnpatch(PatchContext context)
            {
                if (s_changedMode && System.Collections.Generic.EqualityComparer<string?>.Default.Equals(Net.Mode, s_patchedMode))
                {
                    Net.Mode = s_originalMode;
                }

                s_changedMode = false;
            }
        }
        """));

    [Fact]
    public Task AWriteInALoop_OrABracelessIf_IsSavedAroundIt_AndRestoredOnlyIfWritten() => VerifyFix.VerifyCodeFixAsync(LifecycleHost.ForFix("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            protected override HookResult PrePatch(PatchContext context)
            {
                for (var i = 0; i < 3; i++)
                {
                    [|Net.ChallengeAckLimit = 1000 + i|];
                }

                if (Net.AllowedPeers.Count == 0)
                    [|Net.Mode = "strict"|];

                return HookResult.Continue;
            }
        }
        """), LifecycleHost.ForFix("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            private static int s_originalChallengeAckLimit;
            private static int s_patchedChallengeAckLimit;
            private static bool s_changedChallengeAckLimit;
            private static string? s_originalMode;
            private static string? s_patchedMode;
            private static bool s_changedMode;

            protected override HookResult PrePatch(PatchContext context)
            {
                s_originalChallengeAckLimit = Net.ChallengeAckLimit;
                for (var i = 0; i < 3; i++)
                {
                    Net.ChallengeAckLimit = 1000 + i;
                    s_changedChallengeAckLimit = true;
                }

                s_patchedChallengeAckLimit = Net.ChallengeAckLimit;
                if (Net.AllowedPeers.Count == 0)
                {
                    s_originalMode = Net.Mode;
                    Net.Mode = "strict";
                    s_patchedMode = Net.Mode;
                    s_changedMode = true;
                }

                return HookResult.Continue;
            }

            protected override void PostUnpatch(PatchContext context)
            {
                if (s_changedChallengeAckLimit && System.Collections.Generic.EqualityComparer<int>.Default.Equals(Net.ChallengeAckLimit, s_patchedChallengeAckLimit))
                {
                    Net.ChallengeAckLimit = s_originalChallengeAckLimit;
                }

                s_changedChallengeAckLimit = false;
                if (s_changedMode && System.Collections.Generic.EqualityComparer<string?>.Default.Equals(Net.Mode, s_patchedMode))
                {
                    Net.Mode = s_originalMode;
                }

                s_changedMode = false;
            }
        }
        """));

    [Fact]
    public Task ALocalArgument_IsKeptInAField_AndRemovedWithIt() => VerifyFix.VerifyCodeFixAsync(LifecycleHost.ForFix("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            protected override HookResult PrePatch(PatchContext context)
            {
                var peer = context.PatchId;
                [|Net.AllowedPeers.Add(peer)|];
                return HookResult.Continue;
            }
        }
        """), LifecycleHost.ForFix("""
        [Patch("p")]
        public sealed class P : LivePatch
        {
            private static string? s_peer;

            protected override HookResult PrePatch(PatchContext context)
            {
                var peer = context.PatchId;
                s_peer = peer;
                Net.AllowedPeers.Add(s_peer);
                return HookResult.Continue;
            }

            protected override void PostUnpatch(PatchContext context)
            {
                if (s_peer is not null)
                {
                    Net.AllowedPeers.Remove(s_peer);
                    s_peer = null;
                }
            }
        }
        """));
}

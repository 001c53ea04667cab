using HookSafety.Analyzers.Tests.Hosts;
using HookSafety.Analyzers.Tests.Support;
using Xunit;

namespace HookSafety.Analyzers.Tests.Meta;

/// <summary>The round-trip harness itself: it tells a patch that undoes its changes from one that does not.</summary>
public sealed class RoundTripTests
{
    [Fact]
    public void APatchThatRestoresWhatItChanged_Holds()
    {
        var result = RoundTrip.Run(LifecycleHost.ForFix("""
            [Patch("p")]
            public sealed class P : LivePatch
            {
                private static int s_saved;

                protected override HookResult PrePatch(PatchContext context)
                {
                    s_saved = Net.ChallengeAckLimit;
                    Net.ChallengeAckLimit = 1000;
                    Net.AllowedPeers.Add("peer");
                    return HookResult.Continue;
                }

                protected override void PostPatch(PatchContext context) => Net.RegisterHandler(OnConnect);

                protected override void PreUnpatch(PatchContext context) => Net.UnregisterHandler(OnConnect);

                protected override void PostUnpatch(PatchContext context)
                {
                    Net.AllowedPeers.Remove("peer");
                    Net.ChallengeAckLimit = s_saved;
                }

                private static void OnConnect(string peer) { }
            }
            """));

        Assert.True(result.Holds, result.ToString());
    }

    [Fact]
    public void AChangeNeverUndone_IsNamed()
    {
        var result = RoundTrip.Run(LifecycleHost.ForFix("""
            [Patch("p")]
            public sealed class P : LivePatch
            {
                protected override HookResult PrePatch(PatchContext context)
                {
                    Net.ChallengeAckLimit = 1000;
                    Net.Limits.MaxDepth = 64;
                    return HookResult.Continue;
                }
            }
            """));

        Assert.False(result.Holds);
        var differences = Assert.Single(result.Patches).Differences;
        Assert.Contains(differences, d => d.StartsWith("Host.Net.ChallengeAckLimit: 100 before, 1000 after", System.StringComparison.Ordinal));
        Assert.Contains(differences, d => d.StartsWith("Host.Net.Limits:", System.StringComparison.Ordinal) && d.Contains("16", System.StringComparison.Ordinal) && d.Contains("64", System.StringComparison.Ordinal));
    }

    [Fact]
    public void TheThreadPoolsCountsLeftChanged_AreNamed()
    {
        var leaked = RoundTrip.Run(LifecycleHost.ForFix("""
            [Patch("p")]
            public sealed class P : LivePatch
            {
                protected override HookResult PrePatch(PatchContext context)
                {
                    System.Threading.ThreadPool.SetMinThreads(61, 61);
                    return HookResult.Continue;
                }
            }
            """));

        Assert.False(leaked.Holds);
        Assert.Contains(Assert.Single(leaked.Patches).Differences, d => d.StartsWith("the thread pool's minimum threads:", System.StringComparison.Ordinal) && d.Contains("61 workers, 61 completion ports after", System.StringComparison.Ordinal));

    }

    [Fact]
    public void AnEventHandlerLeftBehind_AndACollectionItem_AreNamed()
    {
        var result = RoundTrip.Run(LifecycleHost.ForFix("""
            [Patch("p")]
            public sealed class P : LivePatch
            {
                protected override void PostPatch(PatchContext context)
                {
                    Net.PacketReceived += OnPacket;
                    Net.AllowedPeers.Add("peer");
                }

                private static void OnPacket(object? sender, string e) { }
            }
            """));

        var differences = Assert.Single(result.Patches).Differences;
        Assert.Contains(differences, d => d.StartsWith("Host.Net.PacketReceived:", System.StringComparison.Ordinal) && d.Contains("P.OnPacket", System.StringComparison.Ordinal));
        Assert.Contains(differences, d => d.StartsWith("Host.Net.AllowedPeers: {} before, {\"peer\"} after", System.StringComparison.Ordinal));
    }

    [Fact]
    public void AnEnvironmentVariableLeftSet_IsNamed_AndOneSetBack_Holds()
    {
        var leaked = RoundTrip.Run(LifecycleHost.ForFix("""
            [Patch("p")]
            public sealed class P : LivePatch
            {
                protected override HookResult PrePatch(PatchContext context)
                {
                    System.Environment.SetEnvironmentVariable("HOOKSAFETY_ROUND_TRIP_TEST", "on");
                    return HookResult.Continue;
                }
            }
            """));
        var restored = RoundTrip.Run(LifecycleHost.ForFix("""
            [Patch("p")]
            public sealed class P : LivePatch
            {
                protected override HookResult PrePatch(PatchContext context)
                {
                    System.Environment.SetEnvironmentVariable("HOOKSAFETY_ROUND_TRIP_TEST_2", "on");
                    return HookResult.Continue;
                }

                protected override void PostUnpatch(PatchContext context)
                    => System.Environment.SetEnvironmentVariable("HOOKSAFETY_ROUND_TRIP_TEST_2", null);
            }
            """));
        System.Environment.SetEnvironmentVariable("HOOKSAFETY_ROUND_TRIP_TEST", null);

        Assert.Contains(Assert.Single(leaked.Patches).Differences, d => d == "environment variable HOOKSAFETY_ROUND_TRIP_TEST: (none) before, \"on\" after");
        Assert.True(restored.Holds, restored.ToString());
    }

    [Fact]
    public void ARefusedPatch_IsOnlyEnabled_AndChangesNothing()
    {
        var result = RoundTrip.Run(LifecycleHost.ForFix("""
            [Patch("p")]
            public sealed class P : LivePatch
            {
                protected override HookResult PrePatch(PatchContext context) => HookResult.Reject("not today");

                protected override void PostPatch(PatchContext context) => Net.ChallengeAckLimit = 1;
            }
            """));

        Assert.True(result.Holds, result.ToString());
    }

    [Fact]
    public void CodeThatDoesNotCompile_IsSaidSo()
    {
        var result = RoundTrip.Run(LifecycleHost.ForFix("""
            [Patch("p")]
            public sealed class P : LivePatch
            {
                protected override void PostPatch(PatchContext context) => Net.NoSuchMember = 1;
            }
            """));

        Assert.False(result.Compiled);
        Assert.Contains("NoSuchMember", result.CompileErrors, System.StringComparison.Ordinal);
    }
}

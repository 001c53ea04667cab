using System.Threading;
using HookSafety.Hooks;

namespace HookSafety.Demo.Patches;

/// <summary>
/// A patch shipped as its own assembly and loaded into the running demo host: it replaces
/// <see cref="Tcp.ChallengeAck"/> and counts the host's statistics reports while it is live. What it registers in
/// <c>PostPatch</c> it unregisters in <c>PreUnpatch</c>, so once it is disabled nothing of the host refers to its code,
/// and its assembly unloads.
/// </summary>
[Patch("loaded-ack-fix")]
public sealed class LoadedAckFix : LivePatch
{
    public const string Name = "loaded-ack-fix";

    private static long s_reports;

    [Replaces(typeof(Tcp), nameof(Tcp.ChallengeAck))]
    private static Reply ChallengeAck(Connection connection) => new(connection.Id, Tcp.TakeFromBudget(Tcp.DefaultChallengeAckLimit), Name);

    protected override void PostPatch(PatchContext context) => Tcp.RegisterStatsHandler(OnStats);

    protected override void PreUnpatch(PatchContext context) => Tcp.UnregisterStatsHandler(OnStats);

    private static void OnStats(long served) => Interlocked.Increment(ref s_reports);
}

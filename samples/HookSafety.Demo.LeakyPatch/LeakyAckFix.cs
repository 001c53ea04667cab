using System.Threading;
using HookSafety.Hooks;

namespace HookSafety.Demo.Patches;

/// <summary>
/// The same patch with the mistake HookSafety reports at build time (HS0003): it registers a statistics handler in
/// <c>PostPatch</c> and never unregisters it. Once it is disabled the host still holds the handler, so the patch's code
/// cannot be unloaded: the demo shows it staying alive.
/// </summary>
[Patch("leaky-ack-fix")]
public sealed class LeakyAckFix : LivePatch
{
    public const string Name = "leaky-ack-fix";

    private static long s_reports;

    [Replaces(typeof(Tcp), nameof(Tcp.ChallengeAck))]
    private static Reply ChallengeAck(Connection connection) => new(connection.Id, Tcp.TakeFromBudget(Tcp.DefaultChallengeAckLimit), Name);

    protected override void PostPatch(PatchContext context) => Tcp.RegisterStatsHandler(OnStats);

    private static void OnStats(long served) => Interlocked.Increment(ref s_reports);
}

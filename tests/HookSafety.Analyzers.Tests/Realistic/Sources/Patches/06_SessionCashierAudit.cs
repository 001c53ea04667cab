using System;
using HookSafety.Hooks;
using PayTerm.Host;

namespace PayTerm.Patches;

// Auditors found sessions whose cashier changed mid-shift. The patch remembers who opened each session in a shadow
// variable and reports a change when the session ends; it also counts voids per session, starting at zero for the
// sessions already open. It sweeps the cashiers while the new code can still attach them, never sweeps the void
// counts, and its void-count id is one another team's patch uses with a different value type.

[Patch("session-cashier-audit")]
public sealed class SessionCashierAudit : LivePatch
{
    private static readonly ShadowVariable<TerminalSession, string> s_cashierAtOpen = new("payterm.session.cashier-at-open");
    private static readonly ShadowVariable<TerminalSession, int> s_voids = new("payterm.session.voids"); // expect: HS0017

    public static int VoidsOn(TerminalSession session) => s_voids.TryGet(session, out var voids) ? voids : 0;

    protected override HookResult PrePatch(PatchContext context)
    {
        foreach (var session in Sessions.Open.Values)
        {
            s_voids.Attach(session, 0); // expect: HS0005
        }

        return HookResult.Continue;
    }

    [Replaces(typeof(Sessions), nameof(Sessions.Start))]
    private static TerminalSession Start(string terminalId)
    {
        var session = Sessions.Start.Original(terminalId);
        s_cashierAtOpen.GetOrAttach(session, static s => s.Cashier ?? "unknown");
        return session;
    }

    [Replaces(typeof(Sessions), nameof(Sessions.End))]
    private static void End(TerminalSession session)
    {
        if (s_cashierAtOpen.TryGet(session, out var cashier) && cashier != (session.Cashier ?? "unknown"))
        {
            Console.WriteLine($"audit: session {session.TerminalId} opened by {cashier}, closed by {session.Cashier}");
        }

        s_cashierAtOpen.Detach(session);
        Sessions.End.Original(session);
    }

    protected override void PreUnpatch(PatchContext context)
    {
        s_cashierAtOpen.DetachAll(); // expect: HS0004
    }
}

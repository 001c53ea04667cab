using System.Collections.Generic;
using HookSafety.Shared;

namespace HookSafety.Cli;

/// <summary>A series and every transition of it (<see cref="ReleaseSeries"/>): what the report formats print.</summary>
internal sealed class SeriesReport
{
    public SeriesReport(IReadOnlyList<Release> releases)
    {
        Releases = releases;
        var summaries = new List<PatchSummary>(releases.Count);
        foreach (var release in releases)
        {
            summaries.Add(release.Summary);
        }

        Transitions = ReleaseSeries.Transitions(summaries);
        foreach (var transition in Transitions)
        {
            if (transition.Kind == TransitionKind.Upgrade)
            {
                Upgrades++;
                UpgradesRefused += transition.IsAllowed ? 0 : 1;
            }
            else
            {
                Rollbacks++;
                RollbacksImpossible += transition.IsImpossible ? 1 : 0;
                RollbacksRefused += !transition.IsImpossible && !transition.IsAllowed ? 1 : 0;
            }
        }
    }

    /// <summary>The releases, in release order (the command line's).</summary>
    public IReadOnlyList<Release> Releases { get; }

    /// <summary>The upgrades, then the rollbacks (<see cref="ReleaseSeries.Transitions"/>).</summary>
    public IReadOnlyList<SeriesTransition> Transitions { get; }

    public int Upgrades { get; }

    public int UpgradesRefused { get; }

    public int Rollbacks { get; }

    /// <summary>Rollbacks the manager would refuse (not counting the impossible ones).</summary>
    public int RollbacksRefused { get; }

    /// <summary>Rollbacks a sticky patch forbids.</summary>
    public int RollbacksImpossible { get; }

    /// <summary>0 when every upgrade is allowed, 1 otherwise; rollbacks never fail the command.</summary>
    public int ExitCode => UpgradesRefused == 0 ? 0 : 1;

    public string Name(int release) => Releases[release].Name;

    /// <summary><c>v1 → v2</c>.</summary>
    public string Arrow(SeriesTransition transition) => $"{Name(transition.From)} → {Name(transition.To)}";

    public static string KindName(TransitionKind kind) => kind == TransitionKind.Upgrade ? "upgrade" : "rollback";

    public static string KindName(RefusalKind kind) => kind == RefusalKind.Id ? "id" : "state";

    /// <summary><c>allowed</c>, <c>refused</c> or (a rollback a sticky patch forbids) <c>impossible</c>.</summary>
    public static string Result(SeriesTransition transition)
        => transition.IsImpossible ? "impossible" : transition.IsAllowed ? "allowed" : "refused";

    /// <summary>Why a sticky patch makes a rollback impossible, in one sentence.</summary>
    public string StickyMessage(EnabledPatch sticky)
        => $"Patch {ReleaseSeries.DisplayName(sticky.Patch)} of release {Name(sticky.Release)} is sticky: it can never be disabled, its change is permanent, so the field cannot go back to an earlier release.";
}

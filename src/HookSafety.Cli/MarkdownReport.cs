using System.Collections.Generic;
using System.Globalization;
using System.Text;
using HookSafety.Shared;

namespace HookSafety.Cli;

/// <summary>The report as Markdown: the releases, a table of the transitions, then the details of each one not allowed. Deterministic, <c>\n</c> line ends.</summary>
internal static class MarkdownReport
{
    public static string Build(SeriesReport report)
    {
        var md = new StringBuilder();
        md.Append("# Release series\n\n");
        md.Append("Releases, in release order (as given):\n\n");
        md.Append("| # | release | file | patches |\n|---|---|---|---|\n");
        for (var r = 0; r < report.Releases.Count; r++)
        {
            var release = report.Releases[r];
            md.Append("| ").Append((r + 1).ToString(CultureInfo.InvariantCulture))
                .Append(" | ").Append(Cell(release.Name))
                .Append(" | ").Append(Code(release.File))
                .Append(" | ").Append(Patches(release.Summary.Patches))
                .Append(" |\n");
        }

        md.Append('\n');
        if (report.Transitions.Count == 0)
        {
            md.Append("One release: no transition to check.\n");
            return md.ToString();
        }

        md.Append("## Transitions\n\n");
        md.Append("| transition | kind | result | states dropped (data lost) |\n|---|---|---|---|\n");
        foreach (var transition in report.Transitions)
        {
            md.Append("| ").Append(Cell(report.Arrow(transition)))
                .Append(" | ").Append(SeriesReport.KindName(transition.Kind))
                .Append(" | ").Append(ResultCell(transition))
                .Append(" | ").Append(Dropped(transition.Dropped))
                .Append(" |\n");
        }

        md.Append('\n')
            .Append(Count(report.Upgrades, "upgrade")).Append(", ").Append(report.UpgradesRefused.ToString(CultureInfo.InvariantCulture)).Append(" refused; ")
            .Append(Count(report.Rollbacks, "rollback")).Append(", ").Append(report.RollbacksRefused.ToString(CultureInfo.InvariantCulture)).Append(" refused, ")
            .Append(report.RollbacksImpossible.ToString(CultureInfo.InvariantCulture)).Append(" impossible (sticky).\n");

        var details = false;
        foreach (var transition in report.Transitions)
        {
            if (transition.IsAllowed)
            {
                continue;
            }

            if (!details)
            {
                md.Append("\n## Details\n");
                details = true;
            }

            md.Append("\n### ").Append(transition.Kind == TransitionKind.Upgrade ? "Upgrade " : "Rollback ").Append(Text(report.Arrow(transition)))
                .Append(": ").Append(SeriesReport.Result(transition)).Append("\n\n");
            foreach (var sticky in transition.Sticky)
            {
                md.Append("- sticky patch ").Append(Code(sticky.Patch.Id)).Append(" (release ").Append(Text(report.Name(sticky.Release))).Append(")\n");
                md.Append("  > ").Append(Text(report.StickyMessage(sticky))).Append('\n');
            }

            foreach (var refusal in transition.Refusals)
            {
                md.Append("- patch ").Append(Code(refusal.Patch.Id));
                if (refusal.Kind == RefusalKind.Id)
                {
                    md.Append(": its id is already enabled\n");
                }
                else
                {
                    md.Append(", state ").Append(Code(refusal.StateId!)).Append(": registered version ")
                        .Append(refusal.Registered!.Value.ToString(CultureInfo.InvariantCulture)).Append(", declared ")
                        .Append(refusal.Declared is { } declared ? "version " + declared.ToString(CultureInfo.InvariantCulture) : "none (missing)").Append('\n');
                }

                md.Append("  > ").Append(Text(refusal.Message)).Append('\n');
            }

            if (transition.Dropped.Count > 0)
            {
                md.Append("- states dropped (data lost): ").Append(Dropped(transition.Dropped)).Append('\n');
            }
        }

        return md.ToString();
    }

    private static string ResultCell(SeriesTransition transition)
    {
        if (transition.IsImpossible)
        {
            var names = new List<string>();
            foreach (var sticky in transition.Sticky)
            {
                names.Add(Code(sticky.Patch.Id));
            }

            return "**impossible**: sticky " + string.Join(", ", names);
        }

        if (transition.IsAllowed)
        {
            return "allowed";
        }

        var refused = new List<string>();
        foreach (var refusal in transition.Refusals)
        {
            refused.Add(refusal.Kind == RefusalKind.Id
                ? Code(refusal.Patch.Id) + " (id already enabled)"
                : Code(refusal.Patch.Id) + " (" + Code(refusal.StateId!) + " " + refusal.Registered!.Value.ToString(CultureInfo.InvariantCulture) + " → "
                  + (refusal.Declared is { } declared ? declared.ToString(CultureInfo.InvariantCulture) : "missing") + ")");
        }

        return "**refused**: " + string.Join(", ", refused);
    }

    private static string Patches(IReadOnlyList<PatchEntry> patches)
    {
        if (patches.Count == 0)
        {
            return "none";
        }

        var parts = new List<string>();
        foreach (var patch in patches)
        {
            var part = new StringBuilder(Code(patch.Id));
            var flags = new List<string>();
            if (patch.Cumulative)
            {
                flags.Add("cumulative");
            }

            if (patch.Sticky)
            {
                flags.Add("sticky");
            }

            foreach (var state in patch.States)
            {
                flags.Add(Code(state.Key) + " v" + state.Value.ToString(CultureInfo.InvariantCulture));
            }

            if (flags.Count > 0)
            {
                part.Append(" (").Append(string.Join(", ", flags)).Append(')');
            }

            parts.Add(part.ToString());
        }

        return string.Join("; ", parts);
    }

    private static string Dropped(IReadOnlyList<KeyValuePair<string, int>> dropped)
    {
        if (dropped.Count == 0)
        {
            return "none";
        }

        var parts = new List<string>();
        foreach (var state in dropped)
        {
            parts.Add(Code(state.Key) + " v" + state.Value.ToString(CultureInfo.InvariantCulture));
        }

        return string.Join(", ", parts);
    }

    private static string Count(int count, string what)
        => count.ToString(CultureInfo.InvariantCulture) + " " + what + (count == 1 ? string.Empty : "s");

    /// <summary>Text in a code span, safe in a table cell.</summary>
    private static string Code(string text)
    {
        var escaped = Flat(text).Replace("|", "\\|");
        var fence = escaped.Contains('`') ? "``" : "`";
        var pad = escaped.StartsWith('`') || escaped.EndsWith('`') ? " " : string.Empty;
        return fence + pad + escaped + pad + fence;
    }

    /// <summary>Text safe in a table cell.</summary>
    private static string Cell(string text) => Flat(text).Replace("|", "\\|");

    /// <summary>Text on one line (messages and names never need more).</summary>
    private static string Text(string text) => Flat(text);

    private static string Flat(string text) => text.Replace("\r", " ").Replace("\n", " ");
}

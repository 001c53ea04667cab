using System.Collections.Generic;
using System.Text.Json;
using HookSafety.Shared;

namespace HookSafety.Cli;

/// <summary>
/// The report as JSON, schema <c>hooksafety-series/1</c> (described in <c>docs/release-series.md</c>): the releases, every
/// transition with its refusals, sticky patches and dropped states, and the counts. Deterministic.
/// </summary>
internal static class JsonReport
{
    public const string Schema = "hooksafety-series/1";

    public static string Build(SeriesReport report) => JsonText.Write(json =>
    {
        json.WriteStartObject();
        json.WriteString("schema", Schema);
        json.WriteStartArray("releases");
        foreach (var release in report.Releases)
        {
            json.WriteStartObject();
            json.WriteString("name", release.Name);
            json.WriteString("file", release.File);
            json.WriteString("assembly", release.Summary.Assembly);
            json.WriteStartArray("patches");
            foreach (var patch in release.Summary.Patches)
            {
                json.WriteStartObject();
                json.WriteString("id", patch.Id);
                json.WriteString("type", patch.Type);
                json.WriteBoolean("cumulative", patch.Cumulative);
                json.WriteBoolean("sticky", patch.Sticky);
                States(json, "states", patch.States);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteStartArray("transitions");
        foreach (var transition in report.Transitions)
        {
            json.WriteStartObject();
            json.WriteString("kind", SeriesReport.KindName(transition.Kind));
            json.WriteString("from", report.Name(transition.From));
            json.WriteString("to", report.Name(transition.To));
            json.WriteString("result", SeriesReport.Result(transition));
            json.WriteStartArray("refusals");
            foreach (var refusal in transition.Refusals)
            {
                json.WriteStartObject();
                json.WriteString("kind", SeriesReport.KindName(refusal.Kind));
                json.WriteString("release", report.Name(refusal.Release));
                json.WriteString("patch", refusal.Patch.Id);
                json.WriteString("type", refusal.Patch.Type);
                if (refusal.StateId is { } state)
                {
                    json.WriteString("state", state);
                }
                else
                {
                    json.WriteNull("state");
                }

                json.WriteNullableNumber("registered", refusal.Registered);
                json.WriteNullableNumber("declared", refusal.Declared);
                json.WriteString("message", refusal.Message);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteStartArray("sticky");
            foreach (var sticky in transition.Sticky)
            {
                json.WriteStartObject();
                json.WriteString("release", report.Name(sticky.Release));
                json.WriteString("patch", sticky.Patch.Id);
                json.WriteString("type", sticky.Patch.Type);
                json.WriteString("message", report.StickyMessage(sticky));
                json.WriteEndObject();
            }

            json.WriteEndArray();
            States(json, "dropped", transition.Dropped);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteStartObject("summary");
        json.WriteNumber("upgrades", report.Upgrades);
        json.WriteNumber("upgradesRefused", report.UpgradesRefused);
        json.WriteNumber("rollbacks", report.Rollbacks);
        json.WriteNumber("rollbacksRefused", report.RollbacksRefused);
        json.WriteNumber("rollbacksImpossible", report.RollbacksImpossible);
        json.WriteNumber("exitCode", report.ExitCode);
        json.WriteEndObject();
        json.WriteEndObject();
    });

    private static void States(Utf8JsonWriter json, string name, IReadOnlyList<KeyValuePair<string, int>> states)
    {
        json.WriteStartArray(name);
        foreach (var state in states)
        {
            json.WriteStartObject();
            json.WriteString("id", state.Key);
            json.WriteNumber("version", state.Value);
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }
}

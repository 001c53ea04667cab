using System;
using System.IO;
using System.Reflection;
using System.Text.Json;
using HookSafety.Shared;

namespace HookSafety.Cli;

/// <summary>
/// The report as SARIF 2.1.0, for code scanning: one result per refused patch or sticky patch, on the release file that
/// holds it. Rules: <c>HS0018</c>, an upgrade the manager would refuse (error; it fails the command), and
/// <c>HS0018.rollback</c>, a rollback it would refuse or that a sticky patch makes impossible (warning).
/// </summary>
internal static class SarifReport
{
    public const string UpgradeRule = "HS0018";
    public const string RollbackRule = "HS0018.rollback";

    public static string Build(SeriesReport report) => JsonText.Write(json =>
    {
        json.WriteStartObject();
        json.WriteString("$schema", "https://json.schemastore.org/sarif-2.1.0.json");
        json.WriteString("version", "2.1.0");
        json.WriteStartArray("runs");
        json.WriteStartObject();

        json.WriteStartObject("tool");
        json.WriteStartObject("driver");
        json.WriteString("name", "hooksafety");
        json.WriteString("semanticVersion", ToolVersion());
        json.WriteStartArray("rules");
        Rule(json, UpgradeRule, "ReleaseUpgradeRefused", "A release the field cannot take",
            "PatchManager would refuse a patch of this release where an earlier release is deployed: a state missing or declared below the registered version, or a patch id already enabled.",
            "error");
        Rule(json, RollbackRule, "ReleaseRollbackRefused", "A rollback the field cannot take",
            "Going back from this release to an earlier one is refused (a state would go back to a lower version, or an id is still enabled) or impossible (a sticky patch is enabled: its change is permanent).",
            "warning");
        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteEndObject();

        json.WriteStartArray("results");
        foreach (var transition in report.Transitions)
        {
            var upgrade = transition.Kind == TransitionKind.Upgrade;
            var what = (upgrade ? "Upgrade " : "Rollback ") + report.Arrow(transition);
            foreach (var refusal in transition.Refusals)
            {
                Result(json, report, upgrade, refusal.Release, $"{what}: {refusal.Message}", transition, refusal.Patch.Id, refusal.StateId, refusal.Registered, refusal.Declared);
            }

            foreach (var sticky in transition.Sticky)
            {
                Result(json, report, upgrade, sticky.Release, $"{what} is impossible. {report.StickyMessage(sticky)}", transition, sticky.Patch.Id, null, null, null);
            }
        }

        json.WriteEndArray();

        json.WriteStartArray("artifacts");
        foreach (var release in report.Releases)
        {
            json.WriteStartObject();
            json.WriteStartObject("location");
            json.WriteString("uri", ArtifactUri(release.File));
            json.WriteEndObject();
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteEndArray();
        json.WriteEndObject();
    });

    private static void Rule(Utf8JsonWriter json, string id, string name, string shortText, string fullText, string level)
    {
        json.WriteStartObject();
        json.WriteString("id", id);
        json.WriteString("name", name);
        json.WriteStartObject("shortDescription");
        json.WriteString("text", shortText);
        json.WriteEndObject();
        json.WriteStartObject("fullDescription");
        json.WriteString("text", fullText);
        json.WriteEndObject();
        json.WriteStartObject("defaultConfiguration");
        json.WriteString("level", level);
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void Result(Utf8JsonWriter json, SeriesReport report, bool upgrade, int release, string message, SeriesTransition transition, string patch, string? state, int? registered, int? declared)
    {
        json.WriteStartObject();
        json.WriteString("ruleId", upgrade ? UpgradeRule : RollbackRule);
        json.WriteNumber("ruleIndex", upgrade ? 0 : 1);
        json.WriteString("level", upgrade ? "error" : "warning");
        json.WriteStartObject("message");
        json.WriteString("text", message);
        json.WriteEndObject();
        json.WriteStartArray("locations");
        json.WriteStartObject();
        json.WriteStartObject("physicalLocation");
        json.WriteStartObject("artifactLocation");
        json.WriteString("uri", ArtifactUri(report.Releases[release].File));
        json.WriteNumber("index", release);
        json.WriteEndObject();
        json.WriteEndObject();
        json.WriteEndObject();
        json.WriteEndArray();
        json.WriteStartObject("properties");
        json.WriteString("transition", SeriesReport.KindName(transition.Kind));
        json.WriteString("from", report.Name(transition.From));
        json.WriteString("to", report.Name(transition.To));
        json.WriteString("patch", patch);
        if (state is not null)
        {
            json.WriteString("state", state);
            json.WriteNullableNumber("registered", registered);
            json.WriteNullableNumber("declared", declared);
        }

        json.WriteEndObject();
        json.WriteEndObject();
    }

    /// <summary>A relative path as a relative URI (<c>/</c> separators, escaped); a rooted one as a <c>file:</c> URI.</summary>
    public static string ArtifactUri(string path)
    {
        if (Path.IsPathRooted(path))
        {
            return new System.Uri(Path.GetFullPath(path)).AbsoluteUri;
        }

        var segments = path.Replace('\\', '/').Split('/');
        for (var i = 0; i < segments.Length; i++)
        {
            segments[i] = System.Uri.EscapeDataString(segments[i]);
        }

        return string.Join("/", segments);
    }

    /// <summary>The tool's version (<c>0.1.0</c>), without the source revision the build may append.</summary>
    public static string ToolVersion()
    {
        var version = typeof(SarifReport).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";
        var plus = version.IndexOf('+', StringComparison.Ordinal);
        return plus < 0 ? version : version.Substring(0, plus);
    }
}

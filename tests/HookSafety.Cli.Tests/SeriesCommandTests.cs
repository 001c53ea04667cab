using System.Linq;
using System.Text.Json;
using Xunit;
using static HookSafety.Cli.Tests.SeriesFolder;

namespace HookSafety.Cli.Tests;

/// <summary><c>hooksafety series</c> over summaries: the transitions it finds, its exit codes, and its report's words.</summary>
public sealed class SeriesCommandTests : System.IDisposable
{
    private readonly SeriesFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void CompatibleCumulativeSeries_EveryUpgradeAllowed_EveryRollbackRefusedByTheStateDowngrade()
    {
        var v1 = _folder.Release("v1", Cumulative("fix-v1", ("limits", 1)));
        var v2 = _folder.Release("v2", Cumulative("fix-v2", ("limits", 2)));
        var v3 = _folder.Release("v3", Cumulative("fix-v3", ("limits", 3)));

        var result = Run("series", v1, v2, v3, "--format", "json");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(string.Empty, result.Stderr);
        using var json = JsonDocument.Parse(result.Stdout);
        var transitions = json.RootElement.GetProperty("transitions").EnumerateArray().ToList();
        Assert.Equal(6, transitions.Count);
        foreach (var (from, to) in new[] { ("v1", "v2"), ("v1", "v3"), ("v2", "v3") })
        {
            var upgrade = Transition(json, "upgrade", from, to);
            Assert.Equal("allowed", upgrade.GetProperty("result").GetString());
            Assert.Empty(upgrade.GetProperty("refusals").EnumerateArray());
        }

        foreach (var (from, to, registered, declared) in new[] { ("v2", "v1", 2, 1), ("v3", "v1", 3, 1), ("v3", "v2", 3, 2) })
        {
            var rollback = Transition(json, "rollback", from, to);
            Assert.Equal("refused", rollback.GetProperty("result").GetString());
            var refusal = Assert.Single(rollback.GetProperty("refusals").EnumerateArray());
            Assert.Equal("state", refusal.GetProperty("kind").GetString());
            Assert.Equal("fix-" + to, refusal.GetProperty("patch").GetString());
            Assert.Equal("limits", refusal.GetProperty("state").GetString());
            Assert.Equal(registered, refusal.GetProperty("registered").GetInt32());
            Assert.Equal(declared, refusal.GetProperty("declared").GetInt32());
        }

        var summary = json.RootElement.GetProperty("summary");
        Assert.Equal(0, summary.GetProperty("upgradesRefused").GetInt32());
        Assert.Equal(3, summary.GetProperty("rollbacksRefused").GetInt32());
    }

    [Fact]
    public void LastReleaseLowersAState_ExitsOne_AndNamesTheStateAndBothVersions()
    {
        var v1 = _folder.Release("v1", Cumulative("fix-v1", ("limits", 1)));
        var v2 = _folder.Release("v2", Cumulative("fix-v2", ("limits", 2)));
        var v3 = _folder.Release("v3", Cumulative("fix-v3", ("limits", 1)));

        var result = Run("series", v1, v2, v3);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("| v2 → v3 | upgrade | **refused**: `fix-v3` (`limits` 2 → 1) |", result.Stdout);
        Assert.Contains("| v1 → v3 | upgrade | allowed |", result.Stdout);
        Assert.Contains("### Upgrade v2 → v3: refused", result.Stdout);
        Assert.Contains("- patch `fix-v3`, state `limits`: registered version 2, declared version 1", result.Stdout);
        Assert.Contains(
            "Cumulative patch 'fix-v3' (Acme.Patches.FixV3) declares state 'limits' in version 1, lower than the registered version 2. Declare it in version 2 or higher.",
            result.Stdout);
    }

    [Fact]
    public void CumulativeReleaseMissingAState_IsRefused_AndTheStateIsDropped()
    {
        var v1 = _folder.Release("v1", Cumulative("fix-v1", ("cache", 1), ("limits", 1)));
        var v2 = _folder.Release("v2", Cumulative("fix-v2", ("limits", 1)));

        var result = Run("series", v1, v2, "--format", "json");

        Assert.Equal(1, result.ExitCode);
        using var json = JsonDocument.Parse(result.Stdout);
        var upgrade = Transition(json, "upgrade", "v1", "v2");
        var refusal = Assert.Single(upgrade.GetProperty("refusals").EnumerateArray());
        Assert.Equal("cache", refusal.GetProperty("state").GetString());
        Assert.Equal(1, refusal.GetProperty("registered").GetInt32());
        Assert.Equal(JsonValueKind.Null, refusal.GetProperty("declared").ValueKind);
        Assert.StartsWith("Cumulative patch 'fix-v2' (Acme.Patches.FixV2) does not declare state 'cache' (registered in version 1).", refusal.GetProperty("message").GetString());
        var dropped = Assert.Single(upgrade.GetProperty("dropped").EnumerateArray());
        Assert.Equal("cache", dropped.GetProperty("id").GetString());
        Assert.Equal(1, dropped.GetProperty("version").GetInt32());

        // The rollback takes the field back to a superset of its states: allowed, nothing lost.
        var rollback = Transition(json, "rollback", "v2", "v1");
        Assert.Equal("allowed", rollback.GetProperty("result").GetString());
        Assert.Empty(rollback.GetProperty("dropped").EnumerateArray());
    }

    [Fact]
    public void DroppedStates_AreListedInTheMarkdownReport()
    {
        var v1 = _folder.Release("v1", Cumulative("fix-v1", ("limits", 1)));
        var v2 = _folder.Release("v2", Cumulative("fix-v2", ("cache", 4), ("limits", 1)));

        var result = Run("series", v1, v2);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("| v1 → v2 | upgrade | allowed | none |", result.Stdout);
        Assert.Contains("| v2 → v1 | rollback | **refused**: `fix-v1` (`cache` 4 → missing) | `cache` v4 |", result.Stdout);
        Assert.Contains("- states dropped (data lost): `cache` v4", result.Stdout);
    }

    [Fact]
    public void NonCumulativeReleases_AddUp_AndALowerVersionOfAnotherPatchIsRefused()
    {
        var v1 = _folder.Release("v1", Single("limits-fix", ("limits", 2)));
        var v2 = _folder.Release("v2", Single("cache-fix", ("cache", 1)));
        var v3 = _folder.Release("v3", Single("limits-again", ("limits", 1)));

        var result = Run("series", v1, v2, v3, "--format", "json");

        Assert.Equal(1, result.ExitCode);
        using var json = JsonDocument.Parse(result.Stdout);
        Assert.Equal("allowed", Transition(json, "upgrade", "v1", "v2").GetProperty("result").GetString());
        foreach (var from in new[] { "v1", "v2" })
        {
            var refusal = Assert.Single(Transition(json, "upgrade", from, "v3").GetProperty("refusals").EnumerateArray());
            Assert.Equal("limits", refusal.GetProperty("state").GetString());
            Assert.Equal(2, refusal.GetProperty("registered").GetInt32());
            Assert.Equal(1, refusal.GetProperty("declared").GetInt32());
            Assert.Equal(
                "Patch 'limits-again' (Acme.Patches.LimitsAgain) declares state 'limits' in version 1, lower than the registered version 2. Declare it in version 2 or higher, or disable the patches that registered it.",
                refusal.GetProperty("message").GetString());
        }

        // Rolling v2 back to v1 enables v1's patch again: it is still enabled, so its id is refused.
        var rollback = OnlyOne(Transition(json, "rollback", "v2", "v1").GetProperty("refusals"));
        Assert.Equal("id", rollback.GetProperty("kind").GetString());
        Assert.Equal("limits-fix", rollback.GetProperty("patch").GetString());
    }

    [Fact]
    public void StickyPatchInTheField_MakesEveryRollbackFromThereImpossible_ButDoesNotFail()
    {
        var v1 = _folder.Release("v1", Cumulative("base-v1", ("limits", 1)));
        var v2 = _folder.Release("v2", Patch("hotfix", cumulative: false, sticky: true, ("cache", 1)));
        var v3 = _folder.Release("v3", Cumulative("base-v3", ("cache", 1), ("limits", 1)));

        var result = Run("series", v1, v2, v3, "--format", "json");

        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(result.Stdout);
        var impossible = Transition(json, "rollback", "v2", "v1");
        Assert.Equal("impossible", impossible.GetProperty("result").GetString());
        var sticky = Assert.Single(impossible.GetProperty("sticky").EnumerateArray());
        Assert.Equal("hotfix", sticky.GetProperty("patch").GetString());
        Assert.Equal("v2", sticky.GetProperty("release").GetString());
        Assert.Contains("sticky", sticky.GetProperty("message").GetString());

        // v3 is cumulative: it replaced the sticky patch, so going back from v3 to v2 is not blocked by it.
        var fromV3 = Transition(json, "rollback", "v3", "v2");
        Assert.NotEqual("impossible", fromV3.GetProperty("result").GetString());
        Assert.Empty(fromV3.GetProperty("sticky").EnumerateArray());
        Assert.Equal(1, json.RootElement.GetProperty("summary").GetProperty("rollbacksImpossible").GetInt32());

        var markdown = Run("series", v1, v2, v3);
        Assert.Contains("| v2 → v1 | rollback | **impossible**: sticky `hotfix` |", markdown.Stdout);
        Assert.Contains("- sticky patch `hotfix` (release v2)", markdown.Stdout);
    }

    [Fact]
    public void IdReusedByTheNextRelease_IsRefused_AsTheManagerRefusesIt()
    {
        var v1 = _folder.Release("v1", Cumulative("parser-fix", ("limits", 1)));
        var v2 = _folder.Release("v2", Cumulative("parser-fix", ("limits", 2)));

        var result = Run("series", v1, v2, "--format", "json");

        Assert.Equal(1, result.ExitCode);
        using var json = JsonDocument.Parse(result.Stdout);
        var refusal = OnlyOne(Transition(json, "upgrade", "v1", "v2").GetProperty("refusals"));
        Assert.Equal("id", refusal.GetProperty("kind").GetString());
        Assert.Equal(JsonValueKind.Null, refusal.GetProperty("state").ValueKind);
        Assert.Equal(JsonValueKind.Null, refusal.GetProperty("registered").ValueKind);
        Assert.Equal(
            "Patch 'parser-fix' (Acme.Patches.ParserFix) cannot be enabled: a patch with id 'parser-fix' is already enabled. Disable it first, or give the new patch another id.",
            refusal.GetProperty("message").GetString());
    }

    [Fact]
    public void ReleaseOrder_IsTheCommandLineOrder_NotTheNamesOrder()
    {
        var v1 = _folder.Release("v1", Cumulative("fix-v1", ("limits", 1)));
        var v2 = _folder.Release("v2", Cumulative("fix-v2", ("limits", 2)));

        var result = Run("series", v2, v1, "--format", "json");

        // v2 first, then v1: the upgrade v2 → v1 lowers limits.
        Assert.Equal(1, result.ExitCode);
        using var json = JsonDocument.Parse(result.Stdout);
        Assert.Equal(new[] { "v2", "v1" }, json.RootElement.GetProperty("releases").EnumerateArray().Select(r => r.GetProperty("name").GetString()));
        Assert.Equal("refused", Transition(json, "upgrade", "v2", "v1").GetProperty("result").GetString());
        // Rolling back from v1 (limits 1) to v2 (limits 2) raises it: allowed.
        Assert.Equal("allowed", Transition(json, "rollback", "v1", "v2").GetProperty("result").GetString());

        var markdown = Run("series", v2, v1).Stdout;
        Assert.True(markdown.IndexOf("| 1 | v2 |", System.StringComparison.Ordinal) is >= 0 and var first && first < markdown.IndexOf("| 2 | v1 |", System.StringComparison.Ordinal));
    }

    [Fact]
    public void OneRelease_HasNoTransition_AndExitsZero()
    {
        var v1 = _folder.Release("v1", Cumulative("fix-v1", ("limits", 1)));

        var result = Run("series", v1);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("| 1 | v1 |", result.Stdout);
        Assert.Contains("no transition", result.Stdout);
    }

    [Fact]
    public void Markdown_IsDeterministic_AndTheOutputFileHoldsTheSameText()
    {
        var v1 = _folder.Release("v1", Cumulative("fix-v1", ("cache", 1), ("limits", 1)), Single("extra", ("queue", 1)));
        var v2 = _folder.Release("v2", Cumulative("fix-v2", ("limits", 2)));
        var v3 = _folder.Release("v3", Patch("pin", sticky: true));

        var first = Run("series", v1, v2, v3);
        var second = Run("series", v1, v2, v3);
        var output = System.IO.Path.Combine(_folder.Path, "report.md");
        var toFile = Run("series", v1, v2, v3, "--output", output);

        Assert.Equal(1, first.ExitCode);
        Assert.Equal(first.Stdout, second.Stdout);
        Assert.Equal(1, toFile.ExitCode);
        Assert.Equal(string.Empty, toFile.Stdout);
        Assert.Equal(first.Stdout, System.IO.File.ReadAllText(output));
        Assert.DoesNotContain("\r", first.Stdout);
    }

    private static JsonElement Transition(JsonDocument json, string kind, string from, string to)
        => json.RootElement.GetProperty("transitions").EnumerateArray().Single(t =>
            t.GetProperty("kind").GetString() == kind && t.GetProperty("from").GetString() == from && t.GetProperty("to").GetString() == to);

    private static JsonElement OnlyOne(JsonElement array) => Assert.Single(array.EnumerateArray());
}

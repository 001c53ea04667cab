using System.Linq;
using System.Text.Json;
using Xunit;
using static HookSafety.Cli.Tests.SeriesFolder;

namespace HookSafety.Cli.Tests;

/// <summary>The JSON and SARIF reports: they parse, carry their schema, and say what the Markdown says.</summary>
public sealed class FormatTests : System.IDisposable
{
    private readonly SeriesFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Json_Parses_WithItsSchema_TheReleasesAndTheCounts()
    {
        var v1 = _folder.Release("v1", Cumulative("fix-v1", ("limits", 1)));
        var v2 = _folder.Release("v2", Patch("pin", sticky: true, states: ("queue", 2)));

        var result = Run("series", v1, v2, "--format", "json");

        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(result.Stdout);
        var root = json.RootElement;
        Assert.Equal("hooksafety-series/1", root.GetProperty("schema").GetString());
        var release = root.GetProperty("releases")[1];
        Assert.Equal("v2", release.GetProperty("name").GetString());
        Assert.Equal(v2, release.GetProperty("file").GetString());
        Assert.Equal("Acme.v2", release.GetProperty("assembly").GetString());
        var patch = Assert.Single(release.GetProperty("patches").EnumerateArray());
        Assert.Equal("pin", patch.GetProperty("id").GetString());
        Assert.False(patch.GetProperty("cumulative").GetBoolean());
        Assert.True(patch.GetProperty("sticky").GetBoolean());
        Assert.Equal(2, Assert.Single(patch.GetProperty("states").EnumerateArray()).GetProperty("version").GetInt32());
        var summary = root.GetProperty("summary");
        Assert.Equal(1, summary.GetProperty("upgrades").GetInt32());
        Assert.Equal(1, summary.GetProperty("rollbacks").GetInt32());
        Assert.Equal(1, summary.GetProperty("rollbacksImpossible").GetInt32());
        Assert.Equal(0, summary.GetProperty("exitCode").GetInt32());
        Assert.Equal(result.Stdout, Run("series", v1, v2, "--format", "json").Stdout);
    }

    [Fact]
    public void Sarif_Parses_Version210_RefusedUpgradeIsAnHS0018Error_OnTheReleaseFile()
    {
        var v1 = _folder.Release("v1", Cumulative("fix-v1", ("limits", 2)));
        var v2 = _folder.Release("v2", Cumulative("fix-v2", ("limits", 1)));

        var result = Run("series", v1, v2, "--format", "sarif");

        Assert.Equal(1, result.ExitCode);
        using var sarif = JsonDocument.Parse(result.Stdout);
        Assert.Equal("2.1.0", sarif.RootElement.GetProperty("version").GetString());
        Assert.Contains("sarif", sarif.RootElement.GetProperty("$schema").GetString());
        var run = Assert.Single(sarif.RootElement.GetProperty("runs").EnumerateArray());
        var driver = run.GetProperty("tool").GetProperty("driver");
        Assert.Equal("hooksafety", driver.GetProperty("name").GetString());
        Assert.Equal(new[] { "HS0018", "HS0018.rollback" }, driver.GetProperty("rules").EnumerateArray().Select(r => r.GetProperty("id").GetString()));

        var results = run.GetProperty("results").EnumerateArray().ToList();
        var upgrade = Assert.Single(results, r => r.GetProperty("ruleId").GetString() == "HS0018");
        Assert.Equal("error", upgrade.GetProperty("level").GetString());
        Assert.Contains("lower than the registered version 2", upgrade.GetProperty("message").GetProperty("text").GetString());
        var uri = upgrade.GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("artifactLocation").GetProperty("uri").GetString();
        Assert.StartsWith("file://", uri);
        Assert.EndsWith("/v2.patches.json", uri);

        // The rollback v2 → v1 raises limits back to 2 over 1: allowed, so no rollback result.
        Assert.DoesNotContain(results, r => r.GetProperty("ruleId").GetString() == "HS0018.rollback");
    }

    [Fact]
    public void Sarif_RefusedRollback_IsAWarningOfItsOwnRule_AndDoesNotFail()
    {
        var v1 = _folder.Release("v1", Cumulative("fix-v1", ("limits", 1)));
        var v2 = _folder.Release("v2", Cumulative("fix-v2", ("limits", 2)));

        var result = Run("series", v1, v2, "--format", "sarif");

        Assert.Equal(0, result.ExitCode);
        using var sarif = JsonDocument.Parse(result.Stdout);
        var rollback = Assert.Single(sarif.RootElement.GetProperty("runs")[0].GetProperty("results").EnumerateArray());
        Assert.Equal("HS0018.rollback", rollback.GetProperty("ruleId").GetString());
        Assert.Equal("warning", rollback.GetProperty("level").GetString());
        Assert.EndsWith("/v1.patches.json", rollback.GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("artifactLocation").GetProperty("uri").GetString());
    }

    [Theory]
    [InlineData("v1.patches.json", "v1.patches.json")]
    [InlineData("releases/v 2.patches.json", "releases/v%202.patches.json")]
    public void Sarif_RelativePaths_AreRelativeUris(string path, string uri)
        => Assert.Equal(uri, SarifReport.ArtifactUri(path));
}
